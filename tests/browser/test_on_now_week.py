""""On now" never dead-ends: over every hour of a week the box lists at least one meeting.

Two ways, both through the page: the page itself with a pinned clock moved an hour at a time (its
one-minute timer redraws the box), and finder.js's pure `nowAndNext` called for all 168 hours and
checked against what zoneinfo says starts next.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from peerdir.models import Meeting
from tests.browser.test_finder import new_page, region_meetings
from tests.browser.test_now_next import expected_now_next

pytestmark = pytest.mark.browser

UTC = dt.UTC
MONDAY_0000_UTC = dt.datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
HOURS = [MONDAY_0000_UTC + dt.timedelta(hours=n) for n in range(168)]


def next_starts(meetings: list[Meeting], now: dt.datetime, count: int = 5) -> list[int]:
    """Minutes until each meeting's next start (its nearest one only), the `count` soonest."""
    waits = []
    for m in meetings:
        if m.attendance.value == "temporarily_closed":
            continue
        zone = ZoneInfo(m.zone)
        today = now.astimezone(zone).date()
        starts = [(dt.datetime.combine(today + dt.timedelta(days=shift), m.time, tzinfo=zone) - now).total_seconds()
                  for shift in range(-1, 9) if ((today + dt.timedelta(days=shift)).weekday() + 1) % 7 in m.day]
        ahead = [int(s // 60) for s in starts if s > 0]
        if ahead:
            waits.append(min(ahead))
    return sorted(waits)[:count]


def box_items(page: Any) -> list[str]:
    return page.eval_on_selector_all(".pd-now-list .pd-now-item", "xs => xs.map(x => x.innerText)")


@pytest.mark.parametrize("path, query", [("meetings/chicago/", ""), ("meetings/online/", ""),
                                         ("meetings/chicago/", "?program=CMA")])
def test_the_box_lists_a_meeting_every_hour_of_the_week(browser, site_url: str, path: str, query: str) -> None:
    with new_page(browser, timezone="America/Chicago") as page:
        page.clock.install(time=HOURS[0])
        page.goto(site_url + path + query)
        sparse_hours = 0
        for at in HOURS:
            if at != HOURS[0]:
                page.clock.fast_forward("01:00:00")  # the box's one-minute timer fires and redraws it
            items = box_items(page)
            assert items, f"{path}{query}: the box is empty at {at.isoformat()}"
            if page.locator(".pd-now-list[aria-label='Next to start']").count():
                sparse_hours += 1
                assert len(items) <= 5
                assert all(text.startswith("In ") for text in items), items
        if query:  # one CMA meeting a week: most hours have nothing within two hours
            assert sparse_hours > 100


def test_next_to_start_matches_zoneinfo_for_all_168_hours(browser, site_url: str) -> None:
    meetings = region_meetings("chicago")
    rare = [m for m in meetings if m.program == "CMA"]
    assert len(rare) == 1
    with new_page(browser, timezone="Europe/London", at=HOURS[0]) as page:
        page.goto(site_url + "meetings/chicago/")
        for subset, program in ((meetings, None), (rare, "CMA")):
            plans = page.evaluate("""([hours, program]) => {
                const f = window.peerdirFinder;
                const recs = f.rowRecords(document).filter(r => !program || r.program === program);
                return hours.map(t => {
                    const p = f.nowAndNext(recs, t);
                    return [p.on.length, p.soon.length, p.next.map(i => i.delta), p.next.length && p.next[0].rec.name];
                });
            }""", [[int(at.timestamp() * 1000) for at in HOURS], program])
            for at, (on, soon, next_waits, _) in zip(HOURS, plans, strict=True):
                want_on, want_soon = expected_now_next(subset, at)
                assert (on > 0, soon > 0) == (bool(want_on), bool(want_soon)), at.isoformat()
                assert on + soon + len(next_waits) > 0, f"nothing listed at {at.isoformat()}"
                if not want_on and not want_soon:
                    assert next_waits == next_starts(subset, at), at.isoformat()
                else:
                    assert next_waits == []


def test_next_to_start_says_how_long_and_which_day(browser, site_url: str) -> None:
    # Friday 27 November 2026, 2:47 PM in Chicago: no CMA meeting on now or within two hours.
    at = dt.datetime(2026, 11, 27, 20, 47, tzinfo=UTC)
    rare = [m for m in region_meetings("chicago") if m.program == "CMA"]
    wait = next_starts(rare, at)[0]
    start = at + dt.timedelta(minutes=wait)
    day = start.astimezone(ZoneInfo("America/Chicago")).strftime("%A")
    with new_page(browser, timezone="America/Chicago", at=at) as page:
        page.goto(site_url + "meetings/chicago/?program=CMA")
        body = page.locator(".pd-now-body").inner_text()
        assert "Nothing matching your filters is on now or in the next two hours" in body
        first = box_items(page)[0]
        hours, mins = divmod(wait, 60)
        days, hours = divmod(hours, 24)
        assert first.startswith("In "), first
        assert f"· {day}" in first.splitlines()[0], first
        if days == 0:
            assert f"In {hours} h" in first and (f"{mins} min" in first or mins == 0), first


def test_an_empty_filter_result_says_so(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago", at=HOURS[0]) as page:
        page.goto(site_url + "meetings/chicago/?q=zzzzzz")
        assert "No meeting here matches your filters" in page.locator(".pd-now-body").inner_text()
