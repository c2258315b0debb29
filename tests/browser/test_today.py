"""meetings/today/: every region's meetings from now to the visitor's midnight, in their time.

In progress first (started up to ten minutes ago, or still running when it can be joined online),
then later today, each in start order; ended meetings drop off; a region filter kept in the URL.
What should be listed is worked out here with zoneinfo from the sample data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from peerdir.models import Meeting
from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.test_finder import new_page, query, sample_directory

pytestmark = pytest.mark.browser

UTC = dt.UTC
FRIDAY_0247_PM_CHICAGO = dt.datetime(2026, 11, 27, 20, 47, tzinfo=UTC)


def starts_around(m: Meeting, now: dt.datetime) -> list[float]:
    """Minutes from `now` to each start of the meeting within a week either side."""
    zone = ZoneInfo(m.zone)
    today = now.astimezone(zone).date()
    out = []
    for shift in range(-8, 9):
        date = today + dt.timedelta(days=shift)
        if (date.weekday() + 1) % 7 in m.day:
            out.append((dt.datetime.combine(date, m.time, tzinfo=zone) - now).total_seconds() / 60)
    return out


def expected_today(now: dt.datetime, visitor: str, regions: set[str] | None = None) -> tuple[list[str], list[str]]:
    """(in progress, later today) as 'region/slug', each in start order."""
    midnight = dt.datetime.combine(now.astimezone(ZoneInfo(visitor)).date() + dt.timedelta(days=1), dt.time(),
                                   tzinfo=ZoneInfo(visitor))
    left = (midnight - now).total_seconds() / 60
    progress, later = [], []
    for m in sample_directory().meetings:
        if m.attendance.value == "temporarily_closed" or (regions and m.region not in regions):
            continue
        length = m.duration.total_seconds() / 60
        for delta in starts_around(m, now):
            key = (delta, m.name, f"{m.region}/{m.slug}")
            if delta <= 0 < delta + length and (delta >= -10 or m.is_online):
                progress.append(key)
            elif 0 < delta < left:
                later.append(key)
    return [k[2] for k in sorted(progress)], [k[2] for k in sorted(later)]


def shown(page: Any, label: str) -> list[str]:
    while page.locator(".pd-more-now").count():
        page.locator(".pd-more-now").first.click()  # "Show all": the button goes once clicked
    hrefs = page.eval_on_selector_all(f".pd-now-list[aria-label='{label}'] .pd-main > a",
                                      "xs => xs.map(x => x.getAttribute('href'))")
    return ["/".join(h.strip("/").split("/")[-2:]) for h in hrefs]


def wait_loaded(page: Any) -> None:
    page.wait_for_function("!document.querySelector('.pd-today-body').textContent.startsWith('Loading')")


@pytest.mark.parametrize("visitor, at", [
    ("America/Chicago", FRIDAY_0247_PM_CHICAGO),
    ("America/Chicago", dt.datetime(2026, 11, 28, 1, 5, tzinfo=UTC)),  # Friday 7:05 PM: some just started
    ("Asia/Tokyo", FRIDAY_0247_PM_CHICAGO),  # Saturday 5:47 AM in Tokyo: a whole day ahead
    ("America/Los_Angeles", dt.datetime(2026, 11, 29, 7, 30, tzinfo=UTC)),  # Saturday 11:30 PM
])
def test_today_lists_in_progress_then_later_in_start_order(browser, site_url: str, visitor: str,
                                                           at: dt.datetime) -> None:
    progress, later = expected_today(at, visitor)
    assert progress or later
    with new_page(browser, timezone=visitor, at=at) as page:
        page.goto(site_url + "meetings/today/")
        wait_loaded(page)
        assert shown(page, "In progress") == progress
        assert shown(page, "Later today") == later


def test_ended_meetings_drop_off_a_page_left_open(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago") as page:
        page.clock.install(time=FRIDAY_0247_PM_CHICAGO)
        page.goto(site_url + "meetings/today/")
        wait_loaded(page)
        before = shown(page, "Later today")
        page.clock.fast_forward("05:00:00")  # 7:47 PM: the minute timer redraws the list
        at = FRIDAY_0247_PM_CHICAGO + dt.timedelta(hours=5)
        progress, later = expected_today(at, "America/Chicago")
        assert shown(page, "In progress") == progress and shown(page, "Later today") == later
        assert len(progress) + len(later) < len(before)


def test_region_filter_is_kept_in_the_url(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago", at=FRIDAY_0247_PM_CHICAGO) as page:
        page.goto(site_url + "meetings/today/?region=palm-beach")
        wait_loaded(page)
        assert shown(page, "Later today") == expected_today(FRIDAY_0247_PM_CHICAGO, "America/Chicago",
                                                            {"palm-beach"})[1]
        assert page.locator(".pd-more-button").get_attribute("aria-expanded") == "true"  # a region chosen: open
        page.locator("input[name='region'][value='online']").check()
        assert query(page)["region"] == ["palm-beach", "online"]
        assert shown(page, "Later today") == expected_today(FRIDAY_0247_PM_CHICAGO, "America/Chicago",
                                                            {"palm-beach", "online"})[1]


def test_home_page_meetings_today_goes_there_and_no_js_links_every_region(browser, site_url: str) -> None:
    with new_page(browser, at=FRIDAY_0247_PM_CHICAGO) as page:
        page.goto(site_url)
        page.get_by_role("link", name="Meetings today").click()
        assert page.url.endswith("/meetings/today/")
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(site_url + "meetings/today/")
        links = page.eval_on_selector_all(".pd-today-regions a", "xs => xs.map(x => x.getAttribute('href'))")
        regions = {slug for slug in sample_directory().regions if sample_directory().meetings_in(slug)}
        assert {h.strip("/").split("/")[-1] for h in links} == regions | {"online-now"}


def test_only_the_hours_that_can_hold_today_are_fetched(browser, site_url: str) -> None:
    # Friday 2:47 PM in Chicago (20:47 UTC, hour 140 of the UTC week): from four hours back (meetings
    # in progress) to the visitor's midnight, 06:00 UTC on Saturday, and the hour after it (a file
    # holds its hour by standard time): hours 136 to 151, never the whole week, and no day files
    # (issue 20: each row is written once, in its hour).
    with new_page(browser, timezone="America/Chicago", at=FRIDAY_0247_PM_CHICAGO) as page:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url.split("/meetings/today/", 1)[-1])
                if r.url.endswith(".json") else None)
        page.goto(site_url + "meetings/today/")
        wait_loaded(page)
        assert sorted(fetched) == sorted(f"hours/{h}.json" for h in range(136, 152))


def test_the_region_filter_is_folded_so_the_list_comes_first(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago", at=FRIDAY_0247_PM_CHICAGO) as page:
        page.goto(site_url + "meetings/today/")
        wait_loaded(page)
        assert page.locator("input[name='region']").first.is_hidden()
        first = page.locator(".pd-now-list .pd-now-item").first.bounding_box()
        assert first is not None and first["y"] < 844  # on the first screen of a phone
        page.locator(".pd-more-button").click()
        page.locator("input[name='region'][value='denver']").check()
        assert page.locator(".pd-more-button").inner_text() == "Regions (1 on)"
        assert shown(page, "Later today") == expected_today(FRIDAY_0247_PM_CHICAGO, "America/Chicago", {"denver"})[1]


def test_today_has_no_axe_violations_with_its_filter_open(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago", at=FRIDAY_0247_PM_CHICAGO) as page:
        page.goto(site_url + "meetings/today/?region=chicago,online")
        wait_loaded(page)
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)


def test_in_progress_rows_join_with_the_meetings_own_link_and_say_online_once(browser, site_url: str) -> None:
    at = dt.datetime(2026, 11, 28, 1, 5, tzinfo=UTC)  # Friday 7:05 PM in Chicago
    meetings = {f"{m.region}/{m.slug}": m for m in sample_directory().meetings}
    with new_page(browser, timezone="America/Chicago", at=at) as page:
        page.goto(site_url + "meetings/today/")
        wait_loaded(page)
        items = page.eval_on_selector_all(
            ".pd-now-list[aria-label='In progress'] li", "xs => xs.map(x => [x.querySelector('.pd-main > a')"
            ".getAttribute('href'), x.querySelector('a.pd-join-row').textContent, "
            "x.querySelector('a.pd-join-row').getAttribute('href')])")
        assert items
        for href, label, target in items:
            m = meetings["/".join(href.strip("/").split("/")[-2:])]
            if m.is_online and m.conference_url:
                assert label.startswith("Join now") and target == m.conference_url
            else:
                assert label.startswith(("Join now", "Directions")) and target == href
        subs = page.eval_on_selector_all(".pd-now-item .pd-sub", "xs => xs.map(x => x.textContent)")
        assert subs and not [s for s in subs if "Online · Online" in s]
        assert any(s.endswith(" · Online") or " · Online · " in s for s in subs)  # said once


def test_a_page_left_open_past_midnight_moves_to_the_next_day(browser, site_url: str) -> None:
    before = dt.datetime(2026, 11, 28, 5, 58, tzinfo=UTC)  # Friday 11:58 PM in Chicago
    after = before + dt.timedelta(minutes=3)
    with new_page(browser, timezone="America/Chicago") as page:
        page.clock.install(time=before)
        page.goto(site_url + "meetings/today/")
        wait_loaded(page)
        assert "It is Friday 11:58 PM" in page.locator(".pd-now-clock").inner_text()
        page.clock.run_for("03:00")
        page.wait_for_function("document.querySelector('.pd-now-clock').textContent.includes('Saturday 12:01 AM')")
        wait_loaded(page)
        page.wait_for_timeout(200)  # Saturday's hour files
        progress, later = expected_today(after, "America/Chicago")
        assert later and shown(page, "In progress") == progress and shown(page, "Later today") == later
    with new_page(browser, timezone="America/Chicago") as page:
        page.clock.install(time=before)
        page.goto(site_url + "meetings/chicago/")
        assert "Friday" in page.locator("label[for='pd-f-day-today']").inner_text()
        page.clock.run_for("03:00")
        assert "Saturday" in page.locator("label[for='pd-f-day-today']").inner_text()
        headings = page.eval_on_selector_all("section.pd-day h2", "xs => xs.map(x => x.textContent)")
        assert headings[0] in ("In progress", "Later today (Saturday)"), headings
        assert "Sunday" in headings[1:3], headings
