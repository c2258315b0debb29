"""axe-core (WCAG 2.1 A/AA) finds nothing on one page of each type, at phone and desktop widths."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_page_has_no_axe_violations

PAGES = {
    "front page": "",
    "meetings index": "meetings/",
    "region meetings": "meetings/chicago/",
    "meeting": "meetings/chicago/night-owls-lakeview/",
    "online meeting": "meetings/online/pacific-night-owls/",
    "homes index": "homes/",
    "region homes": "homes/palm-beach/",
    "home": "homes/palm-beach/boynton-harbor-mens-house/",
    "communities": "communities/",
    "community": "communities/grace-path-recovery-circle/",
    "articles": "articles/",
    "article": "articles/riding-out-a-craving/",
    "crisis": "crisis/",
    "privacy": "privacy/",
}


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page, site_url: str, name: str, width: int) -> None:
    assert_page_has_no_axe_violations(page, site_url + PAGES[name], width)
