"""An article in Spanish (issue 19): content/articles/es/<slug>.md translates content/articles/<slug>.md.
It is loaded as an Article (front matter checked as the English one's, its header and sources shown,
its HTML cleaned), published at es/articles/<slug>/ in the Spanish frame, the two linked by the
language switch and hreflang both ways, listed on es/articles/ (with the articles not yet translated,
marked as English) and in the Spanish search index. The sample brings its own translation
(tests/fixtures/sample/content/articles/es/)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from peerdir.loading import load_directory
from tests.conftest import SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY

SLUG = "riding-out-a-craving"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_translation_is_loaded_as_an_article() -> None:
    directory, problems = load_directory(SAMPLE_DATA, SAMPLE_CONTENT, today=SAMPLE_TODAY)
    assert problems == []
    article = directory.translations["es"][SLUG]
    assert article.language == "es" and article.meta.title == "Cómo dejar pasar un antojo"
    assert article.source.endswith(f"content/articles/es/{SLUG}.md")


def test_the_translation_is_published_in_spanish(bilingual_site: Path) -> None:
    html = _page(bilingual_site, f"es/articles/{SLUG}")
    assert '<html lang="es"' in html and "<h1>Cómo dejar pasar un antojo</h1>" in html
    assert 'href="tel:988"' in html and "oprima 2" in html
    assert not (bilingual_site / "articles" / "es").exists()  # not at content/articles/es/'s own path


def test_it_has_the_article_header_and_sources_in_spanish(bilingual_site: Path) -> None:
    html = _page(bilingual_site, f"es/articles/{SLUG}")
    header = re.search(r'<p class="pd-article-meta">(.*?)</p>', html, re.S)
    assert header is not None
    assert "min de lectura · revisado el <time datetime=\"2026-10-14\">14 de octubre de 2026</time>" in header.group(1)
    assert '<a href="../../articles/#tag-antojos">antojos</a>' in header.group(1)  # es/articles/, its own list
    assert '<h2 id="sources">Fuentes</h2>' in html and "Línea Nacional de Ayuda de SAMHSA" in html
    assert '<aside class="pd-medical" aria-label="Sobre este artículo">' in html and "no es un consejo médico" in html
    assert "min read" not in html and "not medical advice" not in html
    data = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[-1])
    assert data["url"].endswith(f"/es/articles/{SLUG}/") and data["inLanguage"] == "es"
    assert "<meta name=\"description\" content=\"Los antojos suben" in html  # its summary, not the site's


def test_the_two_link_each_other(bilingual_site: Path) -> None:
    english = _page(bilingual_site, f"articles/{SLUG}")
    spanish = _page(bilingual_site, f"es/articles/{SLUG}")
    assert f'href="../../es/articles/{SLUG}/" hreflang="es"' in english
    assert f'href="../../../articles/{SLUG}/" hreflang="en"' in spanish


def test_an_untranslated_article_still_leads_to_the_spanish_home(bilingual_site: Path) -> None:
    english = _page(bilingual_site, "articles/after-a-setback")
    assert 'href="../../es/" hreflang="es"' in english
    assert not (bilingual_site / "es" / "articles" / "after-a-setback").exists()


def test_the_spanish_list_of_articles(bilingual_site: Path) -> None:
    html = _page(bilingual_site, "es/articles")
    assert '<html lang="es"' in html and "Estrategias para afrontar</h1>" in html
    assert f'<a href="../articles/{SLUG}/">Cómo dejar pasar un antojo</a>' in html
    assert '<a href="#tag-antojos">antojos</a>' in html and '<h2 id="tag-antojos">Antojos</h2>' in html
    spanish, english = html.split('<h2 id="in-english">Aún sin traducir: en inglés</h2>')
    assert "After a Setback" not in spanish and "Riding Out a Craving" not in html  # translated: not listed twice
    assert ('<li lang="en"><a href="../../articles/after-a-setback/" hreflang="en">After a Setback: Starting Again'
            '</a> <span lang="es">(en inglés)</span>') in english
    assert 'href="../../articles/" hreflang="en"' in html and 'href="./" hreflang="es"' in html
    english_list = _page(bilingual_site, "articles")
    assert "Cómo dejar" not in english_list and "en inglés" not in english_list and "Coping strategies</h1>" in english_list


def test_the_translation_and_the_list_are_in_the_spanish_search_index(bilingual_site: Path) -> None:
    entry = json.loads((bilingual_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "es" in entry["languages"]
    stored = {}
    for fragment in bilingual_site.glob("pagefind*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        stored[data["url"]] = data
    page = stored[f"/es/articles/{SLUG}/"]
    assert page["meta"]["kind"] == "Article" and "antojo" in page["content"]


def test_a_site_of_one_language_leaves_the_translation_out(built_site: Path) -> None:
    assert not (built_site / "es").exists() and not (built_site / "articles" / "es").exists()
    assert "Cómo dejar" not in _page(built_site, "articles")


def test_a_translation_is_cleaned_as_an_article_is(tmp_path: Path) -> None:
    """Its HTML is the articles' (text markup only): a script is reported at its line and never published."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    path = content / "articles" / "es" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    _, problems = load_directory(SAMPLE_DATA, content, today=SAMPLE_TODAY)
    assert [(p.path.endswith(f"articles/es/{SLUG}.md"), "not allowed" in p.message) for p in problems] == [(True, True)]
