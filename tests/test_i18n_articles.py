"""An article in Spanish (issue 19): content/es/articles/<slug>.md translates content/articles/<slug>.md
as every hand-written page does (content/es/<path>.md): published at es/articles/<slug>/ in the
Spanish frame, the two linked by the language switch and hreflang both ways, and in the Spanish
search index."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_project, two_languages

# A frozen copy of the translation (tests read no live content): the sample's own Spanish article.
SAMPLE_ES_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "sample" / "content" / "es" / "articles"
SLUG = "riding-out-a-craving"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("article-es")
    project = two_languages(copy_project(base / "project"))
    # copy_project leaves every articles/ folder out (the sample brings its own): the translation is added here.
    (project / "content" / "es" / "articles").mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE_ES_ARTICLES / f"{SLUG}.md", project / "content" / "es" / "articles")
    out = base / "site"
    result = build_site(out, project=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_translation_is_published_in_spanish(site: Path) -> None:
    html = (site / "es" / "articles" / SLUG / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html and "Cómo dejar pasar un antojo" in html
    assert 'href="tel:988"' in html and "oprima 2" in html


def test_the_two_link_each_other(site: Path) -> None:
    english = (site / "articles" / SLUG / "index.html").read_text(encoding="utf-8")
    spanish = (site / "es" / "articles" / SLUG / "index.html").read_text(encoding="utf-8")
    assert f'href="../../es/articles/{SLUG}/" hreflang="es"' in english
    assert f'href="../../../articles/{SLUG}/" hreflang="en"' in spanish


def test_an_untranslated_article_still_leads_to_the_spanish_home(site: Path) -> None:
    english = (site / "articles" / "after-a-setback" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../es/" hreflang="es"' in english
    assert not (site / "es" / "articles" / "after-a-setback").exists()


def test_the_translation_is_in_the_spanish_search_index(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "es" in entry["languages"]
    stored = {}
    for fragment in site.glob("pagefind*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        stored[data["url"]] = data
    page = stored[f"/es/articles/{SLUG}/"]
    assert page["meta"]["kind"] == "Article" and "antojo" in page["content"]
