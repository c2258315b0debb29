"""Browser pages read a pinned clock, never the hour the suite happens to run at."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.browser.conftest import PINNED_AT
from tests.browser.test_finder import new_page


def _now(page: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(page.evaluate("new Date().toISOString()").replace("Z", "+00:00"))


def test_a_page_opens_at_the_pinned_instant(page, site_url: str) -> None:
    page.goto(site_url)
    assert abs(_now(page) - PINNED_AT) < dt.timedelta(seconds=1)


def test_a_test_may_set_its_own_clock(browser, site_url: str) -> None:
    own = dt.datetime(2026, 3, 8, 7, 59, tzinfo=dt.UTC)
    with new_page(browser, timezone="America/Chicago") as page:
        page.goto(site_url)
        assert abs(_now(page) - PINNED_AT) < dt.timedelta(seconds=1)
        page.clock.install(time=own)
        page.goto(site_url)
        assert abs(_now(page) - own) < dt.timedelta(seconds=5)
