"""A listing page's frame in a browser (issue 20): lighter markup, the same page. The header is one
link home with the theme's logo drawn by the stylesheet on wide screens, the content lines up with the
crisis bar and the header as on the theme's pages, and the sections' links fill the foot of a short page."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

MEETING = "meetings/chicago/night-owls-lakeview/"
LOGO = """(() => { const a = document.querySelector('.pd-head > :first-child'), s = getComputedStyle(a, '::before');
  const words = document.createRange(); words.selectNodeContents(a);
  return {content: s.content, mask: s.webkitMaskImage || s.maskImage, width: s.width,
          left: a.getBoundingClientRect().left, text: words.getClientRects()[0].left}; })()"""


@pytest.mark.parametrize(("width", "logo", "edge", "name"), [(1280, True, 46, 102), (390, False, 16, 24)])
def test_header_is_the_sites_name_going_home_with_the_logo_where_the_theme_shows_it(
        page: Any, site_url: str, width: int, logo: bool, edge: float, name: float) -> None:
    """Where the theme's pages show their logo (wide screens) a listing page draws it before the
    site's name, at the content's edge; on phones the name alone, where the theme puts its title."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + MEETING)
    drawn = page.evaluate(LOGO)
    if logo:
        assert drawn["content"] == '""' and drawn["mask"].startswith('url("data:image/svg+xml') and drawn["width"] == "24px"
        assert drawn["left"] == edge  # the icon (at the link's left) on the content's edge, as the theme's logo
    else:
        assert drawn["content"] == "none"
    assert drawn["text"] == name  # where the theme writes its title
    lefts = page.evaluate("['.pd-crisis strong', '#pd-main h1'].map(s => document.querySelector(s).getBoundingClientRect().left)")
    assert lefts == [edge, edge]
    home = page.locator(".pd-head > a:first-child")
    assert home.inner_text() == "Recovery Resource Directory (example)"
    with page.expect_navigation():
        home.click()
    assert page.url == site_url


def test_the_sections_fill_the_foot_of_a_short_page(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(site_url + "communities/daybreak-recovery-forum/")
    bottom = page.evaluate("document.querySelector('.pd-sections').getBoundingClientRect().bottom")
    assert bottom == 1400  # the content grows to the screen's height, the sections' links below it
