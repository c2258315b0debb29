"""Embed pages inside an <iframe> on a clinic's page (another origin on 127.0.0.1): they render, fit
320 px, open links in a new tab, need no JavaScript, set no cookies, and pass axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from peerdir.directory import Directory
from peerdir.loading import load_directory
from tests.browser.conftest import assert_page_has_no_axe_violations
from tests.conftest import SAMPLE_DATA, SAMPLE_TODAY, serve

SNIPPETS = {"meetings": "embed-chicago", "homes": "embed-homes-palm-beach", "communities": "embed-communities"}
HEADINGS = {"meetings": "Recovery meetings in Chicago, IL", "homes": "Sober living homes in Palm Beach County, FL",
            "communities": "Online recovery communities"}


@pytest.fixture(scope="module")
def sample() -> Directory:
    directory, problems = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    assert problems == []
    return directory


@pytest.fixture(scope="module")
def clinic_url(built_site: Path, site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A clinic's website on another port (another origin), each page holding one snippet as pasted
    from the embed/ page, pointed at the served test site instead of the configured address."""
    index = (built_site / "embed" / "index.html").read_text(encoding="utf-8")
    snippets = {key: unescape(value) for key, value in
                re.findall(r'<textarea id="snippet-([^"]+)"[^>]*>(.*?)</textarea>', index, re.S)}
    folder = tmp_path_factory.mktemp("clinic")
    for kind, key in SNIPPETS.items():
        snippet = re.sub(r'src="[^"]*?/(embed/[^"]*)"', lambda m: f'src="{site_url}{m.group(1)}"', snippets[key])
        assert site_url + "embed/" in snippet
        (folder / f"{kind}.html").write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Our clinic</title></head>"
            f"<body><main><h1>Support after treatment</h1>{snippet}</main></body></html>", encoding="utf-8")
    url, server = serve(folder)
    yield url
    server.shutdown()


def embedded(page: Any) -> Any:
    """The embed's frame, once its heading has rendered."""
    page.frame_locator("iframe").locator("h1").wait_for()
    frame = page.main_frame.child_frames[0]
    return frame


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(SNIPPETS))
def test_embed_renders_inside_a_frame_on_another_site(page, clinic_url: str, site_url: str, kind: str) -> None:
    page.goto(clinic_url + f"{kind}.html")
    frame = embedded(page)
    assert frame.locator("h1").inner_text() == HEADINGS[kind]
    assert frame.url.startswith(site_url + "embed/")
    assert page.url == clinic_url + f"{kind}.html", "the embed never navigates the clinic's page"
    iframe = page.locator("iframe")
    assert iframe.get_attribute("title") and iframe.get_attribute("loading") == "lazy"
    assert iframe.get_attribute("width") == "100%"
    assert "988" in frame.locator(".pe-crisis").inner_text()
    assert frame.locator(".pe-credit a").first.inner_text() == "Recovery Resource Directory (example)"


@pytest.mark.browser
def test_embed_lists_every_meeting_of_the_region(page, clinic_url: str, sample: Directory) -> None:
    page.goto(clinic_url + "meetings.html")
    frame = embedded(page)
    rows = frame.locator(".pe-rows > li")
    assert rows.count() == sum(len(m.day) for m in sample.meetings_in("chicago"))
    text = frame.locator("main").inner_text()
    for meeting in sample.meetings_in("chicago"):
        assert meeting.name in text


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(SNIPPETS))
def test_embed_links_open_the_full_listing_in_a_new_tab(page, clinic_url: str, site_url: str, kind: str) -> None:
    page.goto(clinic_url + f"{kind}.html")
    frame = embedded(page)
    links = frame.eval_on_selector_all(
        "a", "as => as.map(a => ({href: a.href, target: a.target || document.querySelector('base').target, rel: a.rel}))")
    assert links
    for link in links:
        if link["href"].startswith("tel:"):
            continue
        assert link["target"] == "_blank", link  # which implies noopener: checked below, in the tab it opens
        assert link["href"].startswith(site_url), link
    first = frame.locator("main li a").first
    expected = first.evaluate("a => a.href")
    with page.context.expect_page() as opened:
        first.click()
    listing = opened.value
    listing.wait_for_load_state()
    assert listing.url == expected
    assert listing.evaluate("window.opener") is None  # the listing cannot reach back into the clinic's page
    assert listing.locator("h1").count() == 1
    assert page.url == clinic_url + f"{kind}.html"


@pytest.mark.browser
def test_embed_works_without_javascript_cookies_or_other_hosts(browser, clinic_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url))
    page = context.new_page()
    try:
        page.goto(clinic_url + "meetings.html")
        frame = embedded(page)
        assert frame.locator(".pe-rows > li").count() > 0
        assert frame.locator("script").count() == 0
        assert context.cookies() == []
        assert hosts == {"127.0.0.1"}, hosts
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(SNIPPETS))
def test_embed_fits_a_320px_phone(page, clinic_url: str, kind: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(clinic_url + f"{kind}.html")
    frame = embedded(page)
    overflow = frame.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} embed scrolls sideways by {overflow}px inside a 320px page"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", ["embed/chicago/", "embed/online/", "embed/homes/palm-beach/", "embed/communities/",
                                  "embed/"])
def test_embed_pages_have_no_axe_violations(page, site_url: str, path: str, width: int) -> None:
    assert_page_has_no_axe_violations(page, site_url + path, width)


@pytest.mark.browser
def test_embed_index_previews_the_embed(page, site_url: str) -> None:
    page.goto(site_url + "embed/")
    preview = page.frame_locator("#preview ~ iframe").first
    assert preview.locator("h1").inner_text().startswith("Recovery meetings in")
    assert page.locator("textarea[readonly]").count() >= 8
    assert page.locator("details iframe").count() == page.locator("textarea").count()
