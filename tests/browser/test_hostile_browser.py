"""The hostile corpus's inert cases, built into one site and opened in Chromium: on no page does a
dialog (alert, confirm, prompt) fire, and no request leaves 127.0.0.1 (issue 16)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import serve
from tests.test_hostile import INERT, build_hostile

pytestmark = pytest.mark.browser
BUDGET_S = 50.0  # the whole walk; the site has ~100 pages


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site, result = build_hostile(tmp_path_factory.mktemp("hostile-browser"), INERT)
    assert result.returncode == 0, result.stdout + result.stderr
    url, server = serve(site)
    yield url, site
    server.shutdown()


def test_no_dialog_fires_and_nothing_leaves_127_0_0_1(browser: Any, hostile_url: tuple[str, Path]) -> None:
    base, site = hostile_url
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 20
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    dialogs: list[str] = []
    outside: list[str] = []

    def route(request_route: Any) -> None:
        host = urlsplit(request_route.request.url).hostname
        if host == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"),
                                      dialog.dismiss()))
    started = time.monotonic()
    try:
        for path in pages:
            page.goto(base + path, wait_until="load")
            # Handlers that need a gesture or focus: hover and focus what is on the page.
            page.evaluate("""() => { for (const el of document.querySelectorAll('a, button, details, input'))
                                       { el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); el.focus(); } }""")
            assert time.monotonic() - started < BUDGET_S, f"the walk took too long ({len(pages)} pages)"
    finally:
        context.close()
    assert dialogs == []
    assert outside == []
