"""The meeting finder on region pages: each filter, their combination, the query string, clearing,
the announced count, keyboard-only use, near me, the no-JavaScript list and axe on a filtered page.

Expected results are computed here from the sample data with the same rules the page states, so
the tests follow the data when volunteers change it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from peerdir.directory import Directory
from peerdir.loading import load_directory
from peerdir.models import Meeting
from tests.browser.conftest import axe_violations, describe_violations
from tests.conftest import SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY

pytestmark = pytest.mark.browser

REGION = "chicago"
# Saturday 28 November 2026, 10:00 in Chicago (16:00 UTC): a fixed "today" for the tests.
SATURDAY_10AM_CHICAGO = dt.datetime(2026, 11, 28, 16, 0, tzinfo=dt.UTC)
TIMES = {"morning": (240, 720), "midday": (660, 1020), "evening": (960, 1260), "night": (1200, 300)}


# -- helpers shared with test_now_next.py and test_search.py ------------------------------------
@cache
def sample_directory() -> Directory:
    directory, problems = load_directory(SAMPLE_DATA, SAMPLE_CONTENT, today=SAMPLE_TODAY)
    assert not problems, problems
    return directory


def minutes(m: Meeting) -> int:
    return m.time.hour * 60 + m.time.minute


@contextlib.contextmanager
def new_page(browser: Any, timezone: str = "America/Chicago", at: dt.datetime | None = None,
             **options: Any) -> Iterator[Any]:
    """A 390 px page in its own context, in `timezone`, with Date frozen at `at` when given."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US",
                                  timezone_id=timezone, **options)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        if at is not None:
            page.clock.set_fixed_time(at)
        yield page
        assert not errors, f"script errors: {errors}"
    finally:
        context.close()


def visible_slugs(page: Any) -> set[str]:
    """Slugs of the meetings whose rows are shown (a meeting on several days counts once)."""
    hrefs = page.eval_on_selector_all(
        ".pd-rows > li", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.querySelector('a').getAttribute('href'))")
    return {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}


def visible_rows(page: Any) -> list[tuple[int, str]]:
    """(day section, slug) of each shown row, in page order."""
    return [(int(day), href.rstrip("/").rsplit("/", 1)[-1]) for day, href in page.eval_on_selector_all(
        ".pd-rows > li", "rows => rows.filter(r => r.offsetParent !== null).map(r => "
                     "[r.closest('.pd-day').dataset.day, r.querySelector('a').getAttribute('href')])")]


def ends_after(m: Meeting, minute: int) -> bool:
    """Whether the meeting, on a day it starts, is still running at `minute` after midnight."""
    return minutes(m) + m.duration.total_seconds() / 60 > minute


def region_meetings(region: str = REGION) -> list[Meeting]:
    return sample_directory().meetings_in(region)


def slugs(meetings: list[Meeting]) -> set[str]:
    return {m.slug for m in meetings}


def check(page: Any, group: str, value: str) -> None:
    page.locator(f"#pd-finder input[name='{group}'][value='{value}']").check()


def open_more(page: Any) -> None:
    button = page.locator(".pd-more-button")
    if button.get_attribute("aria-expanded") != "true":
        button.click()


def count_text(page: Any) -> str:
    return page.locator(".pd-f-count").inner_text()


def query(page: Any) -> dict[str, list[str]]:
    return {k: v[0].split(",") for k, v in parse_qs(urlsplit(page.url).query).items()}


# -- the form --------------------------------------------------------------------------------------
def test_form_offers_what_the_page_has(browser, site_url: str) -> None:
    meetings = region_meetings()
    vocab = sample_directory().vocabulary
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        form = page.locator("#pd-finder form[role='search']")
        assert form.is_visible()
        programs = set(page.eval_on_selector_all("input[name='program']", "xs => xs.map(x => x.value)"))
        assert programs == {m.program for m in meetings}
        types = set(page.eval_on_selector_all("input[name='type']", "xs => xs.map(x => x.value)"))
        assert types == {code for m in meetings for code in m.types}
        # Types are shown by name, code alongside: "Women (W)".
        women = page.locator("label[for='pd-f-type-w']")
        assert vocab.types["W"] in women.inner_text() and "(W)" in women.inner_text()
        days = page.eval_on_selector_all("input[name='day']", "xs => xs.map(x => x.value)")
        assert days[0] == "today"
        assert page.locator(".pd-f-count").get_attribute("role") == "status"
        assert f"all {len(meetings)} meetings" in count_text(page)


def test_day_filter_and_today(browser, site_url: str) -> None:
    meetings = region_meetings()
    with new_page(browser, at=SATURDAY_10AM_CHICAGO) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        assert "Saturday" in page.locator("label[for='pd-f-day-today']").inner_text()
        check(page, "day", "today")
        assert {day for day, _ in visible_rows(page)} == {6}
        # Today leaves out what has ended: at 10 AM the 6:30 to 7:30 AM meeting is gone.
        left_today = [m for m in meetings if 6 in m.day and ends_after(m, 10 * 60)]
        assert "hyde-park-early-risers" not in slugs(left_today)
        assert visible_slugs(page) == slugs(left_today)
        open_more(page)
        check(page, "day", "tuesday")  # days within the group add up
        assert {day for day, _ in visible_rows(page)} == {2, 6}
        assert visible_slugs(page) == slugs(left_today + [m for m in meetings if 2 in m.day])
        page.clock.set_fixed_time(SATURDAY_10AM_CHICAGO + dt.timedelta(hours=10))  # 8 PM: more have ended
        page.reload()
        assert visible_slugs(page) == slugs([m for m in meetings if 2 in m.day or (
            6 in m.day and ends_after(m, 20 * 60))])
        # Day sections with nothing left are hidden with their heading.
        assert page.locator("section.pd-day[data-day='1']").is_hidden()
        assert query(page)["day"] == ["today", "tuesday"]


def test_today_is_the_visitors_own_day_on_a_region_page(browser, site_url: str) -> None:
    # Friday 2:47 PM in Chicago is Saturday 5:47 AM in Tokyo: a visitor there means their Saturday.
    from zoneinfo import ZoneInfo

    at, tokyo = dt.datetime(2026, 11, 27, 20, 47, tzinfo=dt.UTC), ZoneInfo("Asia/Tokyo")
    left = set()
    for m in region_meetings():
        here = at.astimezone(ZoneInfo(m.zone)).date()
        for shift in range(-2, 3):
            date = here + dt.timedelta(days=shift)
            start = dt.datetime.combine(date, m.time, tzinfo=ZoneInfo(m.zone))
            if (date.weekday() + 1) % 7 in m.day and start.astimezone(tokyo).date() == at.astimezone(tokyo).date() \
                    and start + m.duration > at:
                left.add(m.slug)
    assert left and "uptown-friday-ca" in left  # Friday 8 PM in Chicago: Saturday 11 AM in Tokyo
    with new_page(browser, timezone="Asia/Tokyo", at=at) as page:
        page.goto(site_url + f"meetings/{REGION}/?day=today")
        assert "Saturday" in page.locator("label[for='pd-f-day-today']").inner_text()
        assert visible_slugs(page) == left
        # The rows give the visitor's time first, and the meeting's own under it.
        row = page.locator(".pd-rows > li:not([hidden])", has=page.locator("a[href='uptown-friday-ca/']")).first
        assert "11:00 AM" in row.locator(".pd-time").inner_text()
        assert "Fri 8:00 PM, Chicago" in row.locator(".pd-tz").inner_text()


def test_time_of_day_filter(browser, site_url: str) -> None:
    def inside(m: Meeting, bucket: str) -> bool:
        low, high = TIMES[bucket]
        t = minutes(m)
        return low <= t < high if low < high else t >= low or t < high

    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        open_more(page)
        for bucket in TIMES:  # one at a time, each from the whole list
            check(page, "time", bucket)
            assert visible_slugs(page) == slugs([m for m in region_meetings() if inside(m, bucket)]), bucket
            page.locator(f"input[name='time'][value='{bucket}']").uncheck()
        check(page, "time", "morning")
        check(page, "time", "night")  # buckets add up
        assert visible_slugs(page) == slugs([m for m in region_meetings() if inside(m, "morning") or inside(m, "night")])


def test_program_filter(browser, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        open_more(page)
        check(page, "program", "AA")
        assert visible_slugs(page) == slugs([m for m in region_meetings() if m.program == "AA"])
        check(page, "program", "NA")
        assert visible_slugs(page) == slugs([m for m in region_meetings() if m.program in ("AA", "NA")])


def test_type_filter(browser, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        open_more(page)
        check(page, "type", "W")
        expected = slugs([m for m in region_meetings() if "W" in m.types])
        assert expected and visible_slugs(page) == expected
        check(page, "type", "LGBTQ")
        assert visible_slugs(page) == slugs([m for m in region_meetings() if {"W", "LGBTQ"} & set(m.types)])


def test_attendance_filter_counts_hybrid_as_both(browser, site_url: str) -> None:
    meetings = region_meetings()
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        open_more(page)
        check(page, "attend", "online")
        assert visible_slugs(page) == slugs([m for m in meetings if m.attendance.value in ("online", "hybrid")])
        page.locator("input[name='attend'][value='online']").uncheck()
        check(page, "attend", "hybrid")
        assert visible_slugs(page) == slugs([m for m in meetings if m.attendance.value == "hybrid"])
        page.locator("input[name='attend'][value='hybrid']").uncheck()
        check(page, "attend", "in_person")
        assert visible_slugs(page) == slugs([m for m in meetings if m.attendance.value in ("in_person", "hybrid")])


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def test_text_filter_ignores_case_and_accents(browser, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + "meetings/online/")
        page.locator("#pd-f-q").fill("LINEA")  # "Grupo en Línea Amanecer"
        page.wait_for_function("document.querySelector('.pd-f-count').textContent.includes('of')")
        expected = slugs([m for m in region_meetings("online") if "linea" in _fold(m.name)])
        assert expected and visible_slugs(page) == expected
        assert query(page)["q"] == ["LINEA"]
        # Type names count as text: "women" finds meetings with the W code.
        page.locator("#pd-f-q").fill("women")
        page.wait_for_function("new URL(location).searchParams.get('q') === 'women'")
        assert visible_slugs(page) == slugs([m for m in region_meetings("online")
                                             if "W" in m.types or "women" in _fold(m.name)])


@pytest.mark.parametrize("typed", ["espanol", "ESPAÑOL", "Spanish"])
def test_text_filter_finds_a_language_by_its_own_name(browser, site_url: str, typed: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        page.locator("#pd-f-q").fill(typed)
        page.wait_for_function("document.querySelector('.pd-f-count').textContent.includes('of')")
        expected = slugs([m for m in region_meetings() if "S" in m.types])
        assert "grupo-libertad-pilsen" in expected and visible_slugs(page) == expected


def test_filters_combine_and_the_count_is_announced(browser, site_url: str) -> None:
    meetings = region_meetings()
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        open_more(page)
        check(page, "program", "AA")
        check(page, "type", "O")
        check(page, "time", "evening")
        expected = slugs([m for m in meetings if m.program == "AA" and "O" in m.types and 960 <= minutes(m) < 1260])
        assert expected and visible_slugs(page) == expected
        status = page.locator(".pd-f-count")
        assert status.get_attribute("aria-live") == "polite"
        assert f"Showing {len(expected)} of {len(meetings)} meetings" in status.inner_text()
        check(page, "type", "W")  # O or W, still AA and evening
        expected = slugs([m for m in meetings if m.program == "AA" and {"O", "W"} & set(m.types)
                          and 960 <= minutes(m) < 1260])
        assert visible_slugs(page) == expected
        page.locator("#pd-f-q").fill("no such meeting anywhere")
        page.wait_for_function("document.querySelector('.pd-f-count').textContent.startsWith('No meetings')")
        assert visible_slugs(page) == set()
        assert page.locator("section.pd-day:visible").count() == 0


def test_url_round_trip(browser, site_url: str) -> None:
    expected = slugs([m for m in region_meetings() if 6 in m.day and 960 <= minutes(m) < 1260
                      and m.attendance.value in ("in_person", "hybrid") and "rainbow" in m.name.lower()])
    assert expected, "the sample data should have a Saturday evening Rainbow meeting in Chicago"
    with new_page(browser, at=SATURDAY_10AM_CHICAGO) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        open_more(page)
        check(page, "day", "today")
        check(page, "time", "evening")
        check(page, "attend", "in_person")
        page.locator("#pd-f-q").fill("rainbow")
        page.wait_for_function("new URL(location).searchParams.get('q') === 'rainbow'")
        assert visible_slugs(page) == expected
        shared = page.url
        assert query(page) == {"day": ["today"], "time": ["evening"], "attend": ["in_person"], "q": ["rainbow"]}
    with new_page(browser, at=SATURDAY_10AM_CHICAGO) as page:
        page.goto(shared)
        assert visible_slugs(page) == expected
        for group, value in [("day", "today"), ("time", "evening"), ("attend", "in_person")]:
            assert page.locator(f"input[name='{group}'][value='{value}']").is_checked()
        assert page.locator("#pd-f-q").input_value() == "rainbow"
        assert page.locator(".pd-more-button").get_attribute("aria-expanded") == "true"  # filters inside are shown
        assert f"Showing {len(expected)} of" in count_text(page)


def test_unknown_url_values_are_ignored(browser, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/?program=NoSuchProgram&type=ZZZ&day=someday")
        assert visible_slugs(page) == slugs(region_meetings())
        assert "all" in count_text(page)


def test_clear_is_one_action(browser, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + f"meetings/{REGION}/?day=monday&time=morning&program=AA&type=C&attend=in_person&q=loop")
        assert visible_slugs(page) != slugs(region_meetings())
        page.locator(".pd-clear").click()
        assert visible_slugs(page) == slugs(region_meetings())
        assert urlsplit(page.url).query == ""
        assert page.eval_on_selector_all("#pd-finder input:checked", "xs => xs.length") == 0
        assert page.locator("#pd-f-q").input_value() == ""
        assert f"all {len(region_meetings())} meetings" in count_text(page)


def test_other_listing_pages_get_the_finder(browser, site_url: str) -> None:
    with new_page(browser) as page:
        for path in ("meetings/all/", "meetings/online-now/", "meetings/palm-beach/"):
            page.goto(site_url + path)
            assert page.locator("#pd-finder form[role='search']").count() == 1, path
            assert page.locator("#pd-finder .pd-now").count() == 1, path


def test_without_javascript_every_meeting_is_listed_by_day(browser, site_url: str) -> None:
    meetings = region_meetings()
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(site_url + f"meetings/{REGION}/?day=monday&program=AA")
        assert page.locator("#pd-finder").inner_html().strip() == ""
        rows = visible_rows(page)
        assert len(rows) == sum(len(m.day) for m in meetings)
        assert {slug for _, slug in rows} == slugs(meetings)
        assert page.locator("section.pd-day h2").all_inner_texts()[0] == "Sunday"


# -- keyboard only -----------------------------------------------------------------------------
def tab_to(page: Any, selector: str, limit: int = 150) -> None:
    """Press Tab (only) until the focused element matches `selector`."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_reach_set_and_clear_every_filter(browser, site_url: str) -> None:
    with new_page(browser, at=SATURDAY_10AM_CHICAGO) as page:
        page.goto(site_url + f"meetings/{REGION}/")
        page.keyboard.press("Tab")  # from the top of the page
        tab_to(page, "#pd-f-q")
        page.keyboard.type("serenity")
        tab_to(page, "input[name='day'][value='today']")
        page.keyboard.press("Space")
        tab_to(page, ".pd-more-button")
        page.keyboard.press("Enter")
        assert page.locator(".pd-more-button").get_attribute("aria-expanded") == "true"
        tab_to(page, "input[name='day'][value='tuesday']")
        page.keyboard.press("Space")
        for group in ("time", "attend", "program", "type"):
            first = page.eval_on_selector(f"input[name='{group}']", "x => x.value")
            tab_to(page, f"input[name='{group}'][value='{first}']")
            page.keyboard.press("Space")
            assert page.locator(f"input[name='{group}'][value='{first}']").is_checked()
        params = query(page)
        assert set(params) == {"q", "day", "time", "attend", "program", "type"}
        assert params["day"] == ["today", "tuesday"]
        tab_to(page, ".pd-clear")
        page.keyboard.press("Enter")
        assert page.eval_on_selector_all("#pd-finder input:checked", "xs => xs.length") == 0
        assert urlsplit(page.url).query == ""
        assert visible_slugs(page) == slugs(region_meetings())
        # A checkbox is unset with Space too.
        tab_to(page, "input[name='day'][value='today']")
        page.keyboard.press("Space")
        page.keyboard.press("Space")
        assert not page.locator("input[name='day'][value='today']").is_checked()
        # Focus is visible on a filter.
        outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
        assert outline != "none"


def test_filtered_page_has_no_axe_violations(browser, site_url: str) -> None:
    with new_page(browser, at=SATURDAY_10AM_CHICAGO) as page:
        page.goto(site_url + f"meetings/{REGION}/?day=today,tuesday&type=O&attend=in_person")
        page.locator(".pd-near-button").click()  # without permission: the status line appears too
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    with new_page(browser, timezone="Europe/London", at=SATURDAY_10AM_CHICAGO) as page:
        page.goto(site_url + "meetings/online/?attend=online")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)


# -- near me -----------------------------------------------------------------------------------
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math
    r = math.pi / 180
    a = (math.sin((lat2 - lat1) * r / 2) ** 2
         + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


# 10 AM, and 9:16 PM when a meeting in progress heads Saturday's section in a list of its own.
@pytest.mark.parametrize("at", [SATURDAY_10AM_CHICAGO, dt.datetime(2026, 11, 29, 3, 16, tzinfo=dt.UTC)])
def test_near_me_sorts_each_day_by_distance_on_the_device(browser, site_url: str, at: dt.datetime) -> None:
    here = {"latitude": 41.94, "longitude": -87.65}  # Lakeview, Chicago
    by_slug = {m.slug: m for m in region_meetings()}
    # Today's section holds several lists (in progress, later today), each sorted on its own.
    with new_page(browser, geolocation=here, permissions=["geolocation"], at=at) as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(site_url + f"meetings/{REGION}/")
        note = page.locator(".pd-near-note").inner_text()
        assert "never sent" in note
        before = visible_rows(page)
        sent_before = len(requests)
        page.locator(".pd-near-button").click()
        page.wait_for_function("document.querySelector('.pd-near-button').textContent.includes('time again')")
        after = visible_rows(page)
        assert sorted(after) == sorted(before)
        lists = page.eval_on_selector_all(
            "ul.pd-rows", "uls => uls.map(ul => [...ul.children].filter(r => r.offsetParent !== null)"
                                   ".map(r => r.querySelector('a').getAttribute('href').replace(/\\/$/, '').split('/').pop()))")
        assert sum(len(order) for order in lists) == len(after)
        for order in lists:

            def key(slug: str) -> float:
                m = by_slug[slug]
                if m.latitude is None or not m.is_in_person:  # a closed venue (TC) is no place to go: last
                    return float("inf")
                return _km(here["latitude"], here["longitude"], m.latitude, m.longitude)

            distances = [key(s) for s in order]
            assert distances == sorted(distances), order
        first = page.locator(".pd-rows > li .pd-dist").first.inner_text()
        assert first.endswith("mi away")
        assert len(requests) == sent_before, f"near me made requests: {requests[sent_before:]}"
        assert all(url.startswith(site_url) for url in requests)
        page.locator(".pd-near-button").click()  # back to time order
        assert visible_rows(page) == before
        assert page.locator(".pd-dist").count() == 0


def test_near_me_asks_only_when_pressed_and_copes_with_no(browser, site_url: str) -> None:
    with new_page(browser) as page:  # no permission granted: the browser says no
        page.add_init_script("""
            window.__asked = 0;
            const real = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
            navigator.geolocation.getCurrentPosition = (ok, fail, opts) => { window.__asked++; real(ok, fail, opts); };
        """)
        page.goto(site_url + f"meetings/{REGION}/")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__asked") == 0
        before = visible_rows(page)
        page.locator(".pd-near-button").click()
        page.wait_for_function("document.querySelector('.pd-near-status').textContent.length > 30")
        assert page.evaluate("window.__asked") == 1
        assert "time order" in page.locator(".pd-near-status").inner_text()
        assert visible_rows(page) == before


def test_near_me_only_where_listings_have_coordinates(browser, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + "meetings/online/")
        has_coordinates = any(m.latitude is not None for m in region_meetings("online"))
        assert (page.locator(".pd-near-button").count() == 1) == has_coordinates


def test_nothing_is_stored_or_loaded_from_elsewhere(browser, site_url: str) -> None:
    with new_page(browser, geolocation={"latitude": 41.9, "longitude": -87.6}, permissions=["geolocation"]) as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(site_url + f"meetings/{REGION}/?day=today")
        page.locator(".pd-near-button").click()
        page.locator("#pd-f-q").fill("a")
        page.wait_for_timeout(400)
        assert all(url.startswith(site_url) for url in requests), requests
        assert page.evaluate("document.cookie") == ""
        # Only the theme's light/dark choice (see content/privacy.md), never what was searched or where.
        stored = page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))")
        assert [key.rsplit(".", 1)[-1] for key in stored] in ([], ["__palette"]), stored
