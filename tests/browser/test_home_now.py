"""The home page's "on now" box: what a person can go to now or next, in their own time, on the
first screen of a phone, read from the small hour files (no whole day fetched when something is
near), never "nothing here", with the crisis lines. Expected items are worked out with zoneinfo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.test_finder import new_page, sample_directory
from tests.browser.test_today import starts_around

pytestmark = pytest.mark.browser

UTC = dt.UTC
FRIDAY_0705_PM_CHICAGO = dt.datetime(2026, 11, 28, 1, 5, tzinfo=UTC)
SUNDAY_0200_AM_CHICAGO = dt.datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # nothing on or within two hours


def expected_box(now: dt.datetime, count: int = 3) -> list[str]:
    """'region/slug' of the box's items: on now and a place to go (joinable online, or started up to
    ten minutes ago in person), then starting within two hours, else the next to start; by start."""
    go, soon, later, on = [], [], [], False
    for m in sample_directory().meetings:
        if m.attendance.value == "temporarily_closed":
            continue
        length = m.duration.total_seconds() / 60
        for delta in starts_around(m, now):
            key = (delta, m.name, f"{m.region}/{m.slug}")
            if delta <= 0 < delta + length:
                on = True
                if m.is_online or delta >= -10:
                    go.append(key)
            elif 0 < delta <= 120:
                soon.append(key)
            elif delta > 0:
                later.append(key)
    if not on and not soon:
        return list(dict.fromkeys(k[2] for k in sorted(later)))[:count]
    return [k[2] for k in sorted(go) + sorted(soon)][:count]


def box_items(page: Any) -> list[str]:
    page.wait_for_selector(".pd-now--home .pd-now-item")
    hrefs = page.eval_on_selector_all(".pd-now--home .pd-now-item .pd-main > a", "xs => xs.map(x => x.getAttribute('href'))")
    return ["/".join(h.strip("/").split("/")[-2:]) for h in hrefs]


@pytest.mark.parametrize("width", [390, 320])
def test_the_box_is_on_the_first_screen_from_the_hour_files(browser, site_url: str, width: int) -> None:
    meetings = {f"{m.region}/{m.slug}": m for m in sample_directory().meetings}
    with new_page(browser, timezone="America/Chicago", at=FRIDAY_0705_PM_CHICAGO) as page:
        page.set_viewport_size({"width": width, "height": 844})
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".json") else None)
        page.goto(site_url)
        items = box_items(page)
        assert items == expected_box(FRIDAY_0705_PM_CHICAGO) and len(items) == 3
        box = page.locator(".pd-now--home").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, box  # crisis line included
        assert "It is Friday 7:05 PM where you are." in page.locator(".pd-now--home .pd-now-clock").inner_text()
        # The hours around now, not a whole day: eight small files.
        assert len(fetched) == 8 and all("/meetings/today/hours/" in u for u in fetched), fetched
        for item in page.locator(".pd-now--home .pd-now-item").all():
            m = meetings["/".join(item.locator(".pd-main > a").get_attribute("href").strip("/").split("/")[-2:])]
            button = item.locator("a.pd-join-row")
            if button.count() and m.conference_url:
                assert button.get_attribute("href") == m.conference_url
        crisis = page.eval_on_selector_all(".pd-now--home .pd-now-crisis a", "xs => xs.map(x => x.getAttribute('href'))")
        assert crisis == ["tel:988", "sms:988"]


def test_with_nothing_near_the_box_lists_the_next_to_start(browser, site_url: str) -> None:
    want = expected_box(SUNDAY_0200_AM_CHICAGO)
    assert want
    with new_page(browser, timezone="America/Chicago", at=SUNDAY_0200_AM_CHICAGO) as page:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".json") else None)
        page.goto(site_url)
        page.wait_for_function("document.querySelectorAll('.pd-now--home .pd-now-item').length >= 3")
        assert box_items(page) == want
        # The hours ahead, a day at a time, until the next to start are certain: not the whole week,
        # and each hour once (no day files since issue 20).
        hours = [u.rsplit("/hours/", 1)[-1] for u in fetched]
        assert len(hours) == len(set(hours)) and 8 < len(hours) < 168, hours
        whens = page.eval_on_selector_all(".pd-now--home .pd-now-when", "xs => xs.map(x => x.textContent)")
        assert all(w.startswith("In ") for w in whens), whens
        assert "nothing" not in page.locator(".pd-now--home").inner_text().lower()


def test_the_box_follows_the_clock_into_the_next_hour(browser, site_url: str) -> None:
    with new_page(browser, timezone="America/Chicago") as page:
        page.clock.install(time=FRIDAY_0705_PM_CHICAGO)
        page.goto(site_url)
        assert box_items(page) == expected_box(FRIDAY_0705_PM_CHICAGO)
        page.clock.run_for("02:00:00")
        later = FRIDAY_0705_PM_CHICAGO + dt.timedelta(hours=2)
        page.wait_for_function("document.querySelector('.pd-now--home .pd-now-clock').textContent.includes('9:05 PM')")
        page.wait_for_timeout(200)  # the new hour's files
        assert box_items(page) == expected_box(later)


def test_without_javascript_the_home_page_links_today_and_online(browser, site_url: str) -> None:
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(site_url)
        assert page.locator(".pd-now--home").count() == 0
        links = page.eval_on_selector_all(".pd-home-actions a", "xs => xs.map(x => x.getAttribute('href'))")
        assert links == ["meetings/today/", "meetings/online-now/"]


def test_when_the_hour_files_cannot_be_read_the_box_says_where_to_go_and_stays_quiet(browser, site_url: str) -> None:
    """No hour file: the box links today's list and 988, and the minute's redraw finds nothing to
    draw rather than failing on the data it never got."""
    with new_page(browser, timezone="America/Chicago") as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/hours/*.json", lambda route: route.abort())
        page.clock.install(time=FRIDAY_0705_PM_CHICAGO)
        page.goto(site_url)
        page.wait_for_selector(".pd-now--home a[href='tel:988']")
        page.clock.run_for("02:00")
        assert errors == []
        assert page.locator(".pd-now--home .pd-now-item").count() == 0
