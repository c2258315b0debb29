"""The embed snippets page in Spanish (es/embed/, issue 19): its explanations from the catalog, and
snippets that show the Spanish lists."""

from __future__ import annotations

from pathlib import Path

from tests.test_i18n_site import english_phrases, visible_text


def test_the_spanish_embed_page_explains_itself_in_spanish(bilingual_site: Path) -> None:
    html = (bilingual_site / "es" / "embed" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html, volunteer_notes=False)
    assert "Fragmento para copiar" in text and "Lo que ven sus visitantes" in text
    assert not [phrase for phrase in english_phrases() if phrase in text]
    for english in ("Snippet to copy", "What your visitors see", "Open this list on its own", "No cookies"):
        assert english not in html, english


def test_its_snippets_show_the_spanish_lists(bilingual_site: Path) -> None:
    html = (bilingual_site / "es" / "embed" / "index.html").read_text(encoding="utf-8")
    assert "/es/embed/chicago/&#34;" in html and "/embed/chicago/&#34;" not in html.replace("/es/embed/", "")
    english = (bilingual_site / "embed" / "index.html").read_text(encoding="utf-8")
    assert "/es/embed/chicago/&#34;" not in english and "/embed/chicago/&#34;" in english and "Snippet to copy" in english
