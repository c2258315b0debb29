"""Time-first lists: with JavaScript a week's list starts from now (in progress, later today, the
next days round the week, today's earlier meetings last), in the list's clock (the region's, or the
visitor's on lists of many zones); without it the week stays Sunday to Saturday with day links.

The expected order is worked out here with zoneinfo from the sample data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from peerdir.models import Meeting
from peerdir.models.meeting import DAY_NAMES
from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.test_finder import new_page, region_meetings

pytestmark = pytest.mark.browser

UTC = dt.UTC
WEEK = 7 * 1440
FRIDAY_0247_PM_CHICAGO = dt.datetime(2026, 11, 27, 20, 47, tzinfo=UTC)
FRIDAY_0705_PM_CHICAGO = dt.datetime(2026, 11, 28, 1, 5, tzinfo=UTC)


def occurrence(m: Meeting, day: int, now: dt.datetime) -> float:
    """Minutes from `now` to the start of the meeting's `day` row nearest in time (-half a week, +half]."""
    zone = ZoneInfo(m.zone)
    today = now.astimezone(zone).date()
    for shift in range(-4, 5):
        date = today + dt.timedelta(days=shift)
        if (date.weekday() + 1) % 7 == day:
            delta = (dt.datetime.combine(date, m.time, tzinfo=zone) - now).total_seconds() / 60
            if -WEEK / 2 < delta <= WEEK / 2:
                return delta
    raise AssertionError((m.slug, day))


def expected_order(meetings: list[Meeting], now: dt.datetime, clock: str) -> list[tuple[str, str]]:
    """(section heading, slug) of every row, in the order a time-first list shows them."""
    local_now = now.astimezone(ZoneInfo(clock))
    today = (local_now.weekday() + 1) % 7
    rows = []
    for m in meetings:
        for day in m.day:
            delta = occurrence(m, day, now)
            length = m.duration.total_seconds() / 60
            if m.attendance.value != "temporarily_closed" and delta <= 0 < delta + length and (
                    delta >= -10 or m.is_online):
                rows.append(((0, delta), "In progress", m.name, m.slug))
                continue
            start = (now + dt.timedelta(minutes=delta)).astimezone(ZoneInfo(clock))
            start_day = (start.weekday() + 1) % 7
            wait = delta % WEEK
            if start_day != today:
                heading = DAY_NAMES[start_day]
            elif start > local_now:
                heading = f"Later today ({DAY_NAMES[today]})"
            else:
                heading = f"Next {DAY_NAMES[today]}"
            rows.append(((1, wait), heading, m.name, m.slug))
    return [(heading, slug) for _, heading, _, slug in sorted(rows)]


def shown_order(page: Any) -> list[tuple[str, str]]:
    return [(heading, href.rstrip("/").rsplit("/", 1)[-1]) for heading, href in page.eval_on_selector_all(
        ".pd-rows > li", "rows => rows.map(r => [r.closest('.pd-day').querySelector('h2').textContent, "
                     "r.querySelector('.pd-main > a').getAttribute('href')])")]


@pytest.mark.parametrize("path, region, visitor, at", [
    ("meetings/chicago/", "chicago", "America/Chicago", FRIDAY_0247_PM_CHICAGO),
    ("meetings/chicago/", "chicago", "America/Chicago", FRIDAY_0705_PM_CHICAGO),
    ("meetings/online/", "online", "America/Chicago", FRIDAY_0247_PM_CHICAGO),
    ("meetings/online/", "online", "Asia/Tokyo", FRIDAY_0705_PM_CHICAGO),
    ("meetings/palm-beach/", "palm-beach", "America/New_York", dt.datetime(2026, 11, 29, 5, 15, tzinfo=UTC)),
])
def test_the_week_starts_from_now(browser, site_url: str, path: str, region: str, visitor: str,
                                  at: dt.datetime) -> None:
    meetings = region_meetings(region)
    clock = meetings[0].zone if region != "online" else visitor
    want = expected_order(meetings, at, clock)
    with new_page(browser, timezone=visitor, at=at) as page:
        page.goto(site_url + path)
        assert shown_order(page) == want
        # The jump links follow the new order.
        links = page.eval_on_selector_all(".pd-day-links a", "xs => xs.map(x => x.textContent)")
        headings = list(dict.fromkeys(heading for heading, _ in want))
        assert links == [h.split(" (")[0] for h in headings]


def test_in_progress_walk_in_ten_minutes_online_while_it_runs(browser, site_url: str) -> None:
    # Friday 8:05 PM in Chicago: Uptown Friday CA (in person, 8:00 PM) has just started.
    at = FRIDAY_0705_PM_CHICAGO + dt.timedelta(hours=1)
    with new_page(browser, timezone="America/Chicago", at=at) as page:
        page.goto(site_url + "meetings/chicago/")
        progress = [slug for heading, slug in shown_order(page) if heading == "In progress"]
        assert "uptown-friday-ca" in progress
        # In person: Directions (its page), not Join.
        row = page.locator("section.pd-day--progress .pd-rows > li", has=page.locator("a[href='uptown-friday-ca/']"))
        button = row.locator("a.pd-join-row")
        assert button.inner_text().startswith("Directions") and button.get_attribute("href") == "uptown-friday-ca/"
    at += dt.timedelta(minutes=11)  # 8:16 PM: too late to walk in
    with new_page(browser, timezone="America/Chicago", at=at) as page:
        page.goto(site_url + "meetings/chicago/")
        assert "uptown-friday-ca" not in [slug for heading, slug in shown_order(page) if heading == "In progress"]
        # Online, still running after 11 minutes: in progress, with Join: its join link itself.
        page.goto(site_url + "meetings/online/")
        row = page.locator("section.pd-day--progress .pd-rows > li", has=page.locator("a[href='rainbow-crystal-recovery-online/']"))
        join = row.locator("a.pd-join-row")
        assert row.count() == 1 and join.inner_text().startswith("Join now")
        assert join.get_attribute("href") == by_slug("online", "rainbow-crystal-recovery-online").conference_url


def by_slug(region: str, slug: str) -> Meeting:
    return next(m for m in region_meetings(region) if m.slug == slug)


def test_every_join_in_progress_is_the_meetings_own_link(browser, site_url: str) -> None:
    at = FRIDAY_0705_PM_CHICAGO + dt.timedelta(minutes=5)
    with new_page(browser, timezone="America/Chicago", at=at) as page:
        for region in ("online", "palm-beach", "chicago"):
            page.goto(site_url + f"meetings/{region}/")
            buttons = page.eval_on_selector_all(
                "section.pd-day--progress .pd-rows > li", "rows => rows.map(r => [r.querySelector('.pd-main > a')"
                ".getAttribute('href'), r.querySelector('a.pd-join-row').textContent, "
                "r.querySelector('a.pd-join-row').getAttribute('href')])")
            for href, label, target in buttons:
                m = by_slug(region, href.rstrip("/").rsplit("/", 1)[-1])
                if m.is_online:
                    assert label.startswith("Join now") and target == (m.conference_url or href), m.slug
                else:
                    assert label.startswith("Directions") and target == href, m.slug


def test_without_javascript_the_week_runs_sunday_first_with_day_links(browser, site_url: str) -> None:
    meetings = region_meetings("chicago")
    days = sorted({day for m in meetings for day in m.day})
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(site_url + "meetings/chicago/")
        links = page.eval_on_selector_all(".pd-day-links a", "xs => xs.map(x => [x.textContent, x.getAttribute('href')])")
        assert links == [[DAY_NAMES[d], f"#day-{d}"] for d in days]
        headings = page.eval_on_selector_all("section.pd-day h2", "xs => xs.map(x => [x.id, x.textContent])")
        assert headings == [[f"day-{d}", DAY_NAMES[d]] for d in days]
        page.locator(".pd-day-links a").last.click()
        assert page.url.endswith(f"#day-{days[-1]}")


def test_a_tab_left_open_starts_from_the_new_now_when_shown_again(browser, site_url: str) -> None:
    meetings = region_meetings("chicago")
    with new_page(browser, timezone="America/Chicago") as page:
        page.clock.install(time=FRIDAY_0247_PM_CHICAGO)
        page.goto(site_url + "meetings/chicago/")
        assert shown_order(page) == expected_order(meetings, FRIDAY_0247_PM_CHICAGO, "America/Chicago")
        page.clock.fast_forward("06:00:00")
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        later = FRIDAY_0247_PM_CHICAGO + dt.timedelta(hours=6)
        assert shown_order(page) == expected_order(meetings, later, "America/Chicago")


def test_a_time_first_list_with_join_has_no_axe_violations(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago", at=FRIDAY_0705_PM_CHICAGO + dt.timedelta(hours=1)) as page:
        page.goto(site_url + "meetings/online/")
        assert page.locator(".pd-join-row").count() >= 1
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)


def test_a_closed_venue_is_never_a_place_to_go_now(browser, site_url: str) -> None:
    # Rogers Park Recovery Dharma: TC, Thursday 7:00 PM in Chicago, with a link: online only.
    dharma = by_slug("chicago", "rogers-park-recovery-dharma")
    assert "TC" in dharma.types and dharma.conference_url and dharma.attendance.value == "online"
    at = dt.datetime(2026, 11, 27, 1, 5, tzinfo=UTC)  # Thursday 7:05 PM in Chicago
    with new_page(browser, timezone="America/Chicago", at=at) as page:
        page.goto(site_url + "meetings/chicago/")
        row = page.locator("section.pd-day--progress .pd-rows > li", has=page.locator("a[href='rogers-park-recovery-dharma/']"))
        assert row.locator("a.pd-join-row").get_attribute("href") == dharma.conference_url
        # The same meeting with no link is a closed venue and nothing else: not on now, not in progress,
        # not among the next to start, wherever it is counted.
        plans = page.evaluate("""t => {
            const f = window.peerdirFinder;
            const rec = { day: 4, start: 19 * 60, minutes: 90, zone: "America/Chicago", att: "temporarily_closed",
                          href: "closed/", name: "Closed", types: ["TC", "O"], join: "" };
            const open = Object.assign({}, rec, { att: "online", href: "open/", join: "https://example.org/j" });
            const now = f.nowAndNext([rec, open], t), today = f.todayPlan([rec, open], t);
            const later = f.nowAndNext([rec], t + 3600 * 1000);
            return [now.on.map(i => i.rec.href), now.soon.length, today.progress.map(i => i.rec.href),
                    today.later.length, later.next.length];
        }""", int(at.timestamp() * 1000))
        assert plans == [["open/"], 0, ["open/"], 0, 0]
