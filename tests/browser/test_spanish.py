"""The Spanish pages in a browser (issue 19): axe finds nothing on them, and the language switch
leads from a page to the same page in the other language and back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import assert_page_has_no_axe_violations
from tests.conftest import build_site, copy_project, serve
from tests.test_i18n_site import _two_languages

MEETING = "meetings/chicago/grupo-libertad-pilsen/"


@pytest.fixture(scope="module")
def bilingual_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("bilingual-browser")
    out = base / "site"
    result = build_site(out, project=_two_languages(copy_project(base / "project")))
    assert result.returncode == 0, result.stdout + result.stderr
    url, server = serve(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("path, width", [
    ("es/", 390), (f"es/{MEETING}", 390), (f"es/{MEETING}", 320), ("es/meetings/chicago/", 390),
    ("es/meetings/", 390), ("es/homes/chicago/", 390), ("es/communities/", 390), ("es/crisis/", 390),
])
def test_spanish_pages_pass_axe(page: Any, bilingual_url: str, path: str, width: int) -> None:
    assert_page_has_no_axe_violations(page, bilingual_url + path, width)
    assert page.evaluate("document.documentElement.lang") == "es"


def _switch_to(page: Any, language: str) -> None:
    link = page.locator(f'.md-select__link[hreflang="{language}"]')
    href = link.get_attribute("href")
    assert href, f"no switch to {language}"
    page.goto(page.evaluate("href => new URL(href, location.href).href", href))


def test_the_language_switch_goes_to_the_same_page_and_back(page: Any, bilingual_url: str) -> None:
    page.goto(bilingual_url + MEETING)
    assert page.evaluate("document.documentElement.lang") == "en"
    _switch_to(page, "es")
    assert page.url == bilingual_url + "es/" + MEETING
    assert page.evaluate("document.documentElement.lang") == "es"
    assert "Cuándo" in page.inner_text("main")
    _switch_to(page, "en")
    assert page.url == bilingual_url + MEETING
    assert "When" in page.inner_text("main")


def test_a_page_not_translated_switches_to_the_spanish_home(page: Any, bilingual_url: str) -> None:
    page.goto(bilingual_url + "about/")
    _switch_to(page, "es")
    assert page.url == bilingual_url + "es/"
    assert "Encuentre apoyo" in page.inner_text("main")
