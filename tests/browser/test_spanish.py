"""The Spanish pages in a browser (issue 19): axe finds nothing on them, and the language switch
leads from a page to the same page in the other language and back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_page_has_no_axe_violations

MEETING = "meetings/chicago/grupo-libertad-pilsen/"


@pytest.mark.parametrize("path, width", [
    ("es/", 390), (f"es/{MEETING}", 390), (f"es/{MEETING}", 320), ("es/meetings/chicago/", 390),
    ("es/meetings/", 390), ("es/articles/", 390), ("es/articles/riding-out-a-craving/", 390), ("es/homes/chicago/", 390), ("es/communities/", 390), ("es/crisis/", 390),
])
def test_spanish_pages_pass_axe(page: Any, bilingual_url: str, path: str, width: int) -> None:
    assert_page_has_no_axe_violations(page, bilingual_url + path, width)
    assert page.evaluate("document.documentElement.lang") == "es"


def _switch_to(page: Any, language: str) -> None:
    link = page.locator(f'header > a.pd-lang[hreflang="{language}"], .md-header__inner > a.pd-lang[hreflang="{language}"]')
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


def _spanish_search(page: Any, url: str, q: str) -> list[list[str]]:
    """(kind, href) of the results es/search/ shows for `q`, once its status says how many."""
    page.goto(url + "es/search/?q=" + q)
    page.wait_for_function("(s => s && /resultado/.test(s.textContent))(document.getElementById('pd-search-status'))")
    return page.eval_on_selector_all("#pd-search-results > li", "items => items.map(li => "
                                     "[li.querySelector('.pd-result-kind').textContent, li.querySelector('a').getAttribute('href')])")


def test_a_spanish_search_finds_the_spanish_pages_in_spanish_words(page: Any, bilingual_url: str) -> None:
    # Pagefind's own index for <html lang="es">: a Spanish word of a Spanish page finds it, and only
    # Spanish pages come back, said in Spanish (the search page's words come from the catalog).
    found = _spanish_search(page, bilingual_url, "texto básico")
    assert ["Reunión", f"/es/{MEETING}"] in found, found
    assert all(href.startswith("/es/") for _, href in found), found
    status = page.inner_text("#pd-search-status")
    assert "para «texto básico»" in status and "result" not in status.replace("resultado", ""), status
    kinds = page.inner_text(".pd-search-kinds")
    assert "Viviendas sobrias" in kinds and "Sober" not in kinds, kinds
    assert page.evaluate("document.documentElement.lang") == "es"


def test_a_spanish_search_finds_the_spanish_lists_and_articles(page: Any, bilingual_url: str) -> None:
    # es/homes/chicago/ and es/articles/ are index pages, written after the listings: in the index too.
    found = [href for _, href in _spanish_search(page, bilingual_url, "viviendas sobrias chicago")]
    assert "/es/homes/chicago/" in found and all(href.startswith("/es/") for href in found), found
    found = [href for _, href in _spanish_search(page, bilingual_url, "antojo")]
    assert "/es/articles/riding-out-a-craving/" in found and all(href.startswith("/es/") for href in found), found


def test_a_misspelt_spanish_search_is_put_right_with_the_spanish_words(page: Any, bilingual_url: str) -> None:
    found = _spanish_search(page, bilingual_url, "libertd")
    assert f"/es/{MEETING}" in [href for _, href in found], found
    assert page.inner_text("#pd-search-status").startswith("Resultados para «libertad»"), page.inner_text("#pd-search-status")
    assert page.inner_text(".pd-search-fix") == "Buscar «libertd» en su lugar"


def test_a_spanish_listing_links_the_spanish_search(page: Any, bilingual_url: str) -> None:
    page.goto(bilingual_url + f"es/{MEETING}")
    link = page.locator('a:text-is("Buscar")').first
    assert page.evaluate("href => new URL(href, location.href).href", link.get_attribute("href")) == \
        bilingual_url + "es/search/"


def test_the_404_page_in_both_languages_passes_axe(page: Any, bilingual_url: str) -> None:
    assert_page_has_no_axe_violations(page, bilingual_url + "404.html", 390)
    assert "Página no encontrada" in page.inner_text("main")
    assert page.evaluate("document.querySelector('section.pd-not-found-other').lang") == "es"


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["", "es/", MEETING, f"es/{MEETING}"])
def test_every_crisis_link_is_on_screen_in_either_language(page: Any, bilingual_url: str, path: str,
                                                           width: int) -> None:
    """Spanish labels are longer ("Llame al 988 (oprima 2)"): the bar wraps, never pushes "More" off screen."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(bilingual_url + path)
    header = page.evaluate("document.querySelector('.md-header, .pd-head').getBoundingClientRect().top")
    boxes = page.eval_on_selector_all(
        ".pd-crisis > a, .pd-crisis summary", "xs => xs.filter(x => x.offsetParent !== null).map(x => "
        "{ const r = x.getBoundingClientRect(); return [x.textContent.trim(), r.left, r.right, r.top, r.bottom]; })")
    assert len(boxes) >= 3, boxes
    # Within the screen's width, and within the bar: neither cut off at the top nor under the header.
    assert all(left >= 0 and right <= width and top >= 0 and bottom <= header + 1
               for _, left, right, top, bottom in boxes), (header, boxes)


@pytest.mark.parametrize("path", ["es/", f"es/{MEETING}"])
def test_print_says_what_each_crisis_number_is_in_spanish(page: Any, bilingual_url: str, path: str) -> None:
    """The words after each number on paper come from the one stylesheet, in the page's language
    (a :lang(es) rule; no title on each page: issue 20)."""
    page.goto(bilingual_url + path)
    page.emulate_media(media="print")
    after = page.eval_on_selector_all(
        ".pd-crisis a", "as => as.map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])")
    said = {href: words for href, words in after if words not in ("none", "normal")}
    assert said == {"tel:988": '" (Línea de Prevención del Suicidio y Crisis)"',
                    "tel:+18006624357": '" (orientación sobre tratamiento, en español, 24/7)"',
                    "sms:741741?&body=AYUDA": '" (Crisis Text Line, en español)"'}, said
    assert page.locator(".pd-crisis a[title]").count() == 0


@pytest.mark.parametrize("width", [390, 1280])
def test_the_language_switch_is_where_the_theme_puts_it_on_listing_pages_too(page: Any, bilingual_url: str,
                                                                             width: int) -> None:
    """One link a language, straight in the header (issue 20: no wrapper nor theme classes on every
    listing page): the same box on a listing page as on the theme's own pages."""
    page.set_viewport_size({"width": width, "height": 800})
    boxes = []
    for path in ("about/", MEETING):  # a theme page, a listing page
        page.goto(bilingual_url + path)
        boxes.append(page.eval_on_selector('header a.pd-lang[hreflang="es"]', "a => { const r = a.getBoundingClientRect(); "
                                           "return [r.left, r.top, r.width, r.height, getComputedStyle(a).fontSize]; }"))
    assert boxes[0] == boxes[1] and boxes[0][4] == "14px", boxes
