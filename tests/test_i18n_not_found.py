"""The 404 page on a site in two languages (issue 19): one page is served for every missing address,
so below its English words it says the same in Spanish (<section lang="es">), leading to the Spanish
pages, with the Spanish crisis lines; a site of one language keeps its 404 page as it was."""

from __future__ import annotations

import re
from pathlib import Path


def _spanish_section(site: Path) -> str:
    html = (site / "404.html").read_text(encoding="utf-8")
    found = re.search(r'<section lang="es" class="pd-not-found-other">(.*?)</section>', html, re.S)
    assert found is not None, "no Spanish section on the 404 page"
    return found.group(1)


def test_the_404_page_says_it_in_spanish_too(bilingual_site: Path) -> None:
    html = (bilingual_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in html  # the root language's words first, as they were
    spanish = _spanish_section(bilingual_site)
    assert "<h2>Página no encontrada</h2>" in spanish and "<h3>Encuentre una reunión</h3>" in spanish
    text = re.sub(r"<[^>]+>", " ", spanish)
    for english in ("Page not found", "Find a meeting", "Search", "free, 24/7", "Online communities", "call"):
        assert english not in text, english


def test_its_spanish_links_lead_to_the_spanish_pages(bilingual_site: Path) -> None:
    spanish = _spanish_section(bilingual_site)
    links = re.findall(r'(?:href|action)="(/[^"]*)"', spanish)
    assert links and all(link.startswith("/es/") for link in links), links
    assert 'action="/es/search/"' in spanish and 'id="pd-404-q-es"' in spanish and 'for="pd-404-q-es"' in spanish


def test_its_spanish_crisis_lines_are_the_spanish_ones(bilingual_site: Path) -> None:
    spanish = _spanish_section(bilingual_site)
    assert "oprima 2" in spanish  # 988's Spanish line
    assert 'href="sms:741741?&amp;body=AYUDA"' in spanish and "HOME" not in spanish


def test_its_spanish_words_leave_no_english(bilingual_site: Path) -> None:
    """Every fixed phrase of the 404 page is said in Spanish, the Crisis Text Line's label too."""
    from tests.test_i18n_site import english_phrases, visible_text

    text = visible_text(_spanish_section(bilingual_site))
    assert "Crisis Text Line, en español:" in text
    assert [phrase for phrase in english_phrases() if phrase in text] == []


def test_a_site_of_one_language_has_its_404_page_as_it_was(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in html and "<section lang=" not in html and "/es/" not in html
