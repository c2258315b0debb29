"""Issue 18's pages in a browser: a meeting with every imported field, an approximate online meeting and
the meetings index with nested regions (tests/fixtures/region-tree) pass axe at phone and desktop widths,
have no sideways scroll at 320 px, and load nothing from another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import assert_page_has_no_axe_violations
from tests.conftest import build_site, serve

pytestmark = pytest.mark.browser

TREE = Path(__file__).resolve().parents[1] / "fixtures" / "region-tree" / "data"
PAGES = {
    "meeting with every field": "meetings/chestnut-hill/every-field/",
    "approximate online meeting": "meetings/edmonton/edmonton-online/",
    "meetings index with nested regions": "meetings/",
}


@pytest.fixture(scope="module")
def tree_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("tree-site")
    result = build_site(out, data_dir=TREE)
    assert result.returncode == 0, f"the region-tree site did not build:\n{result.stdout}\n{result.stderr}"
    url, server = serve(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page: Any, tree_url: str, name: str, width: int) -> None:
    assert_page_has_no_axe_violations(page, tree_url + PAGES[name], width)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scroll_at_320(page: Any, tree_url: str, name: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(tree_url + PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_every_field_page_loads_nothing_from_another_host(page: Any, tree_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(tree_url + PAGES["meeting with every field"])
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(tree_url) for url in requested), requested
    links = page.eval_on_selector_all(".pd-payments a", "els => els.map(a => a.href)")
    assert links == ["https://venmo.com/u/ChestnutHillAA", "https://cash.app/$ChestnutHillAA",
                     "https://paypal.me/ChestnutHillAA"]
