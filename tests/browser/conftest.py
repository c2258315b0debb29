"""Browser fixtures: Debian's Chromium driven by playwright (no browser download), axe-core."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a sandboxed CI machine with no outside network (see .library env notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Long lists skip the layout of sections off screen (content-visibility: auto), and axe then leaves
# their contrast checks unfinished: every section is rendered for the run.
RENDER_ALL = "*, *::before, *::after { content-visibility: visible !important; }"
# Every page opens at this instant (Friday 27 November 2026, 2:47 PM in Chicago) unless its test sets
# its own clock: the pages show what is on now, so a test reading the real clock passes or fails by
# the hour it runs at.
PINNED_AT = dt.datetime(2026, 11, 27, 20, 47, tzinfo=dt.UTC)


class PinnedBrowser:
    """The browser, whose every new context starts with Date at PINNED_AT (timers keep running)."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.clock.set_fixed_time(PINNED_AT)
        return context

    def new_page(self, **options: Any) -> Any:
        context = self.new_context(**options)
        page = context.new_page()
        page.on("close", lambda _page: context.close())
        return page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed (scripts/setup.sh --test installs it)"
    if not AXE.exists():
        return "axe-core is not installed (scripts/setup.sh --test runs npm install)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)  # in CI a skipped browser suite would hide a broken set-up
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield PinnedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page (390 px wide) in a fresh context: no state leaks between tests."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Any, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """Run axe-core on the page as it is now, every section rendered; returns its violations (id, impact, nodes)."""
    page.add_style_tag(content=RENDER_ALL)
    # From the top: scrolled, content passes under the sticky crisis bar and header, and axe's
    # target-size counts whatever is under them at that instant as obscured.
    page.evaluate("window.scrollTo(0, 0)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


def assert_page_has_no_axe_violations(page: Any, url: str, width: int) -> None:
    """Load `url` at `width` px and fail with axe's findings, if any."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} did not load"
    violations = axe_violations(page)
    assert not violations, f"{url} at {width}px:\n{describe_violations(violations)}"
