"""'On now and starting soon' in the visitor's own time zone, with a fixed clock and an emulated zone:
across midnight and the week boundary, both times labelled, the visitor's time on meeting pages,
and the split online pages (over 600 online meetings) fed by the build's small hour files.

What should be on is computed here with zoneinfo from the same data, independently of the page.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from peerdir.loading import load_directory
from peerdir.models import Meeting
from peerdir.site.render import MAX_LIST_ROWS
from tests.browser.conftest import assert_page_has_no_axe_violations
from tests.browser.test_finder import new_page, region_meetings
from tests.conftest import ROOT, SAMPLE_TODAY, build_site, copy_project, serve

pytestmark = pytest.mark.browser

FINDER_JS = ROOT / "overrides" / "assets" / "peerdir" / "finder.js"
UTC = dt.UTC


def expected_now_next(meetings: Iterable[Meeting], now: dt.datetime) -> tuple[set[str], set[str]]:
    """Slugs on now (started, not ended; one hour when no end is given) and starting within 2 h."""
    on, soon = set(), set()
    for m in meetings:
        if m.attendance.value == "temporarily_closed":
            continue
        zone = ZoneInfo(m.zone)
        today = now.astimezone(zone).date()
        length = m.duration.total_seconds() / 60
        for shift in range(-8, 9):
            date = today + dt.timedelta(days=shift)
            if (date.weekday() + 1) % 7 not in m.day:  # data days: 0 = Sunday
                continue
            delta = (dt.datetime.combine(date, m.time, tzinfo=zone) - now).total_seconds() / 60
            if delta <= 0 < delta + length:
                on.add(m.slug)
            elif 0 < delta <= 120:
                soon.add(m.slug)
    return on, soon


def shown_now_next(page: Any) -> tuple[set[str], set[str]]:
    def slugs(label: str) -> set[str]:
        hrefs = page.eval_on_selector_all(f".pd-now-list[aria-label='{label}'] .pd-main > a", "xs => xs.map(x => x.getAttribute('href'))")
        return {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs}

    while page.locator(".pd-more-now").count():
        page.locator(".pd-more-now").first.click()  # "Show all": the button goes once clicked
    return slugs("On now"), slugs("Starting in the next two hours")


def item_text(page: Any, slug: str) -> str:
    return page.locator(".pd-now-item", has=page.locator(link_to(slug))).first.inner_text()


def link_to(slug: str) -> str:
    """A link to the meeting: 'slug/' on its own region's page, '…/region/slug/' elsewhere."""
    return f"a[href='{slug}/'], a[href$='/{slug}/']"


# -- a visitor in London looking at Chicago, around midnight Saturday to Sunday -------------------
# 04:45 on Sunday 29 November 2026 in London (GMT) is 22:45 on Saturday in Chicago (CST).
LONDON_SUNDAY_0445 = dt.datetime(2026, 11, 29, 4, 45, tzinfo=UTC)


def test_london_visitor_on_chicago_page_saturday_night(browser, site_url: str) -> None:
    on, soon = expected_now_next(region_meetings("chicago"), LONDON_SUNDAY_0445)
    assert on, "the sample data should have a Chicago meeting late on Saturday night"
    with new_page(browser, timezone="Europe/London", at=LONDON_SUNDAY_0445) as page:
        page.goto(site_url + "meetings/chicago/")
        assert shown_now_next(page) == (on, soon)
        assert "It is Sunday 4:45 AM where you are (Europe/London)" in page.locator(".pd-now-clock").inner_text()
        text = item_text(page, "night-owls-lakeview") if "night-owls-lakeview" in on else item_text(page, next(iter(on)))
        assert "Your time (London): Sunday" in text
        assert "Meeting's time (Chicago): Saturday" in text
        if "night-owls-lakeview" in on:
            assert "Sunday 4:30 AM – 5:30 AM" in text and "Saturday 10:30 PM – 11:30 PM" in text
        # "Today" is the visitor's own day: Sunday in London, though still Saturday in Chicago.
        assert "Sunday" in page.locator("label[for='pd-f-day-today']").inner_text()


def test_same_zone_visitor_sees_one_time(browser, site_url: str) -> None:
    on, soon = expected_now_next(region_meetings("chicago"), LONDON_SUNDAY_0445)
    with new_page(browser, timezone="America/Chicago", at=LONDON_SUNDAY_0445) as page:
        page.goto(site_url + "meetings/chicago/")
        assert shown_now_next(page) == (on, soon)
        for slug in on | soon:
            text = item_text(page, slug)
            assert "Your time" not in text and "Meeting's time" not in text


def test_week_boundary_saturday_night_pacific_is_sunday_morning_in_london(browser, site_url: str) -> None:
    at = dt.datetime(2026, 11, 29, 7, 30, tzinfo=UTC)  # Sunday 07:30 London = Saturday 23:30 Los Angeles
    on, soon = expected_now_next(region_meetings("online"), at)
    assert "pacific-night-owls" in on
    with new_page(browser, timezone="Europe/London", at=at) as page:
        page.goto(site_url + "meetings/online/")
        assert shown_now_next(page) == (on, soon)
        text = item_text(page, "pacific-night-owls")
        assert "Your time (London): Sunday 7:00 AM – 8:00 AM" in text
        assert "Meeting's time (Los Angeles): Saturday 11:00 PM – 12:00 midnight" in text
        assert "until 8:00 AM your time" in text
        # The list is in the visitor's time: the meeting runs now, so its row leads "In progress",
        # with the meeting's own day, time and zone under the visitor's time.
        row = page.locator("section.pd-day--progress .pd-rows > li", has=page.locator(link_to("pacific-night-owls")))
        # text_content: days off screen are not rendered yet (content-visibility), so innerText is empty
        text = " ".join(row.text_content().split())
        assert text.startswith("7:00 AM your time Meeting's time: Sat 11:00 PM, Pacific Time (PST)"), text
        assert row.locator("a.pd-join-row").count() == 1


def test_crossing_midnight_in_the_meetings_own_zone(browser, site_url: str) -> None:
    at = dt.datetime(2026, 11, 29, 5, 15, tzinfo=UTC)  # Sunday 00:15 in Palm Beach (EST)
    on, soon = expected_now_next(region_meetings("palm-beach"), at)
    assert "midnight-oil-candlelight-west-palm" in on  # Saturday 23:00 to 00:30
    with new_page(browser, timezone="America/New_York", at=at) as page:
        page.goto(site_url + "meetings/palm-beach/")
        assert shown_now_next(page) == (on, soon)
        assert "until 12:30 AM" in item_text(page, "midnight-oil-candlelight-west-palm")


@pytest.mark.parametrize("zone", ["Europe/London", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Honolulu"])
def test_online_page_matches_zoneinfo_through_the_week(browser, site_url: str, zone: str) -> None:
    meetings = region_meetings("online")
    rng = random.Random(zone)
    instants = [dt.datetime(2026, 11, 22, tzinfo=UTC) + dt.timedelta(minutes=rng.randrange(7 * 1440)) for _ in range(2)]
    instants.append(dt.datetime(2026, 11, 29, 6, 59, tzinfo=UTC))  # a minute before Pacific Night Owls starts
    with new_page(browser, timezone=zone) as page:
        for at in instants:
            page.clock.set_fixed_time(at)
            page.goto(site_url + "meetings/online/")
            assert shown_now_next(page) == expected_now_next(meetings, at), at.isoformat()


def test_filters_apply_to_on_now(browser, site_url: str) -> None:
    at = dt.datetime(2026, 11, 29, 7, 30, tzinfo=UTC)
    meetings = [m for m in region_meetings("online") if m.program != "AA"]
    with new_page(browser, timezone="Europe/London", at=at) as page:
        page.goto(site_url + "meetings/online/?program=" + ",".join(sorted({m.program for m in meetings})))
        assert shown_now_next(page) == expected_now_next(meetings, at)


def test_nothing_on_says_so_lists_the_next_and_points_to_communities(browser, site_url: str) -> None:
    at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 3 AM in Denver
    on, soon = expected_now_next(region_meetings("denver"), at)
    assert not on and not soon
    with new_page(browser, timezone="America/Denver", at=at) as page:
        page.goto(site_url + "meetings/denver/")
        body = page.locator(".pd-now-body").inner_text()
        assert "Nothing here is on now" in body and "These are the next to start" in body
        assert page.locator(".pd-now-list[aria-label='Next to start'] li").count() == 5
        assert page.locator(".pd-now-body a[href$='communities/']").count() == 1


# -- edge cases on a page of our own rows --------------------------------------------------------
def _row(day: int, start: int, length: int, zone: str, slug: str) -> str:
    return (f'<li data-start="{start}" data-minutes="{length}" data-program="AA" '
            f'data-types="O" data-att="o" data-zone="{zone}"><span class="pd-time">t</span>'
            f'<span class="pd-main"><a href="/m/{slug}/">{slug}</a><span class="pd-sub">AA</span></span></li>')


def _page_of(rows: dict[int, list[str]], page_zone: str | None) -> str:
    zone = f' data-zone="{page_zone}"' if page_zone else ""
    sections = "".join(f'<section class="pd-day" data-day="{day}"><h2>{day}</h2><ul class="pd-rows">{"".join(r)}</ul>'
                       f"</section>" for day, r in sorted(rows.items()))
    return (f'<!doctype html><html lang="en"><head><title>t</title></head><body><article><h1>t</h1>'
            f'<div id="pd-finder" data-types="{{}}" data-programs="{{}}"{zone}></div>{sections}</article></body></html>')


def test_week_wraps_both_ways(browser) -> None:
    chicago = "America/Chicago"
    html = _page_of({
        0: [_row(0, 30, 60, chicago, "sunday-0030"), _row(0, 23 * 60, 60, chicago, "sunday-2300")],
        6: [_row(6, 23 * 60, 90, chicago, "saturday-2300-90"), _row(6, 22 * 60, 60, chicago, "saturday-2200")],
    }, chicago)
    cases = [
        # Saturday 23:30 in Chicago: Saturday's late meeting is on; Sunday 00:30 starts in an hour.
        (dt.datetime(2026, 11, 29, 5, 30, tzinfo=UTC), {"saturday-2300-90"}, {"sunday-0030"}),
        # Sunday 00:15: the 90-minute Saturday meeting runs past midnight and past the week's end.
        (dt.datetime(2026, 11, 29, 6, 15, tzinfo=UTC), {"saturday-2300-90"}, {"sunday-0030"}),
        # Sunday 23:30 (end of the data week): Sunday 23:00 is on, nothing for Monday.
        (dt.datetime(2026, 11, 30, 5, 30, tzinfo=UTC), {"sunday-2300"}, set()),
        # Saturday 21:30: 22:00 and 23:00 are both within two hours.
        (dt.datetime(2026, 11, 29, 3, 30, tzinfo=UTC), set(), {"saturday-2200", "saturday-2300-90"}),
    ]
    for zone in (chicago, "Asia/Tokyo"):  # the visitor's zone changes the labels, not what is on
        with new_page(browser, timezone=zone) as page:
            for at, on, soon in cases:
                page.clock.set_fixed_time(at)
                page.set_content(html)
                page.add_script_tag(content=FINDER_JS.read_text(encoding="utf-8"))
                assert shown_now_next(page) == (on, soon), (zone, at.isoformat())
                if zone != chicago:
                    assert "Your time (Tokyo)" in item_text(page, next(iter(on | soon)))


def test_starts_in_wording(browser) -> None:
    html = _page_of({1: [_row(1, 10 * 60 + 25, 60, "UTC", "soon-25"), _row(1, 11 * 60 + 30, 60, "UTC", "soon-90")]}, "UTC")
    with new_page(browser, timezone="UTC", at=dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)) as page:
        page.set_content(html)
        page.add_script_tag(content=FINDER_JS.read_text(encoding="utf-8"))
        assert "Starts in 25 minutes" in item_text(page, "soon-25")
        assert "Starts in 1 h 30 min" in item_text(page, "soon-90")


# -- meeting pages --------------------------------------------------------------------------------
def test_meeting_page_shows_the_visitors_time_when_zones_differ(browser, site_url: str) -> None:
    night_owls = next(m for m in region_meetings("chicago") if m.slug == "night-owls-lakeview")
    assert night_owls.day == [5, 6] and night_owls.time == dt.time(22, 30)
    with new_page(browser, timezone="Europe/London", at=LONDON_SUNDAY_0445) as page:
        page.goto(site_url + "meetings/chicago/night-owls-lakeview/")
        local = page.locator(".pd-local")
        assert local.is_visible()
        assert local.inner_text() == "Your time (Europe/London): Saturday and Sunday at 4:30 AM"
    with new_page(browser, timezone="America/Chicago", at=LONDON_SUNDAY_0445) as page:
        page.goto(site_url + "meetings/chicago/night-owls-lakeview/")
        assert page.locator(".pd-local").count() == 0


def test_the_visitors_time_comes_from_the_pages_json_ld(browser, site_url: str) -> None:
    """The page says its days, start and zone once, in its JSON-LD's eventSchedule (issue 20: the
    hidden span that repeated them is gone); finder.js reads them from there."""
    with new_page(browser, timezone="Asia/Tokyo", at=LONDON_SUNDAY_0445) as page:
        page.goto(site_url + "meetings/chicago/night-owls-lakeview/")
        assert page.locator("[data-zone], [data-days]").count() == 0
        page.evaluate("""() => { const s = document.querySelector("script[type='application/ld+json']");
            const d = JSON.parse(s.textContent); d.eventSchedule.byDay = ["https://schema.org/Monday"];
            d.eventSchedule.startTime = "09:15:00"; s.textContent = JSON.stringify(d);
            document.querySelector(".pd-local").remove(); }""")
        page.add_script_tag(content=FINDER_JS.read_text(encoding="utf-8"))
        # Monday 9:15 AM in Chicago (CST, UTC-6) is Tuesday 12:15 AM in Tokyo (UTC+9).
        assert page.inner_text(".pd-local") == "Your time (Asia/Tokyo): Tuesday at 12:15 AM"


# -- the split online pages at scale ---------------------------------------------------------------
def _online_data(folder: Path, count: int) -> Path:
    """A data folder with `count` online meetings in many zones (the benchmark's generator)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import _meeting  # noqa: PLC0415 - the benchmark's own generator, not a package

    rng = random.Random(11)
    data = folder / "data"
    (data / "meetings" / "online").mkdir(parents=True)
    (data / "meetings" / "town").mkdir(parents=True)
    (data / "regions.yaml").write_text("online:\n  name: Online\ntown:\n  name: Town\n  timezone: America/Chicago\n",
                                       encoding="utf-8")
    for i in range(count):
        (data / "meetings" / "online" / f"meeting-{i:06d}.yaml").write_text(_meeting(rng, i, True), encoding="utf-8")
    for i in range(count, count + 300):  # mostly in person: the online list must leave them out
        (data / "meetings" / "town" / f"meeting-{i:06d}.yaml").write_text(_meeting(rng, i, False), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("split")
    project = copy_project(root / "project")
    data = _online_data(root, MAX_LIST_ROWS + 40)
    site = root / "site"
    result = build_site(site, data_dir=data, project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    url, server = serve(site)
    directory, problems = load_directory(data, project / "content", today=SAMPLE_TODAY)
    assert not problems
    yield url, site, directory
    server.shutdown()


def test_split_online_pages_get_on_now_from_the_hour_files(browser, split_site) -> None:
    url, site, directory = split_site
    assert (site / "meetings" / "online-now" / "monday" / "index.html").is_file()
    # Each row once, in the hour it starts (issue 20): no day files beside the hours, and the online
    # list has none of its own: it reads meetings/today/'s, which hold every meeting.
    hours = [json.loads(f.read_text(encoding="utf-8")) for f in (site / "meetings" / "today" / "hours").iterdir()]
    assert len(hours) == 168 and all(set(data) == {"zones", "programs", "regions", "rows", "days"} for data in hours)
    assert sum(len(data["rows"]) for data in hours) == sum(len(m.day) for m in directory.meetings)
    assert not list((site / "meetings" / "online-now").glob("**/*.json"))
    assert not list((site / "meetings" / "today").glob("*.json"))
    at = dt.datetime(2026, 11, 25, 1, 10, tzinfo=UTC)  # Wednesday 01:10 UTC: Tuesday evening in the Americas
    on, soon = expected_now_next([m for m in directory.meetings if m.is_online], at)
    assert on and soon
    in_person = expected_now_next([m for m in directory.meetings if not m.is_online], at)
    assert in_person[0] and in_person[1]  # on now in the same files, and left out
    with new_page(browser, timezone="Europe/Berlin", at=at) as page:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(url + "meetings/online-now/")
        page.wait_for_selector(".pd-now-list")
        assert page.locator(".pd-more-now").count() >= 1  # long lists start short
        assert shown_now_next(page) == (on, soon)
        # The eight hours of the UTC week around now, not whole days (something is near).
        data = [u for u in fetched if u.endswith(".json")]
        assert len(data) == 8 and all("/meetings/today/hours/" in u for u in data), data
        assert not [u for u in fetched if "/online-now/" in u and u.endswith("/index.html")]
        # Links from the index page lead to the meetings.
        href = page.locator(".pd-now-list .pd-main > a").first.get_attribute("href")
        assert page.goto(url + "meetings/online-now/" + href).ok
    # The region these meetings are in is as long, so it is split the same way, with its own hour files.
    assert (site / "meetings" / "online" / "hours" / "0.json").is_file()
    with new_page(browser, timezone="Europe/Berlin", at=at) as page:
        page.goto(url + "meetings/online/")
        page.wait_for_selector(".pd-now-list")
        assert shown_now_next(page) == expected_now_next([m for m in directory.meetings if m.region == "online"], at)
        href = page.locator(".pd-now-list .pd-main > a").first.get_attribute("href")
        assert page.goto(url + "meetings/online/" + href).ok
    with new_page(browser, timezone="Europe/Berlin", at=at) as page:
        fetched = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(url + "meetings/online-now/tuesday/?attend=online")
        assert page.locator("#pd-finder form[role='search']").count() == 1
        # A day page keeps to its day; what is on now across days is one link away, not a download.
        link = page.locator(".pd-now a")
        assert link.get_attribute("href") == "../"
        assert not [u for u in fetched if u.endswith(".json")]
        link.click()
        page.wait_for_selector(".pd-now-list")
        assert shown_now_next(page) == (on, soon)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["meetings/online/", "meetings/online/monday/", "meetings/online-now/friday/"])
def test_split_list_pages_pass_axe(browser, split_site, path: str) -> None:
    url, _, _ = split_site
    with new_page(browser) as page:
        assert_page_has_no_axe_violations(page, url + path, 360)
