"""Search per language (issue 19, item 5): Pagefind's index of each <html lang>, the Spanish search
page with its script's words from the catalog, and the spelling fallback's words per language."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

from peerdir import i18n
from peerdir.search import listing_search_html, search_page_script, search_page_text
from peerdir.search.markup import pagefind_config

ROOT = Path(__file__).resolve().parents[1]
SEARCH_JS = ROOT / "overrides" / "assets" / "peerdir" / "search.js"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_one_language_is_forced_as_it_was_and_two_are_split_by_page_language() -> None:
    assert pagefind_config(("en",))["force_language"] == "en"
    assert "force_language" not in pagefind_config(("en", "es"))
    assert listing_search_html("<p>x</p>", "es").startswith('<html lang="es">')
    assert listing_search_html("<p>x</p>").startswith('<html lang="en">')


def test_a_listing_body_is_marked_for_the_index_as_it_goes_there_not_on_its_page(built_site: Path) -> None:
    """66,000 listing pages without 90 bytes of search markup each (issue 20): the index gets it."""
    for name, kind in (("meeting", "Meeting"), ("home", "Sober home"), ("community", "Online community")):
        body = (f'<article class="pd-listing pd-{name}">\n<h1>&lt;article class="pd-listing pd-home"&gt;</h1>\n'
                '<p class="pd-kind">NA meeting · &lt;a href=&quot;x&quot;&gt; · <a href="../../x/">X</a> <a href="y">Y</a></p>'
                '</article>')
        marked = listing_search_html(body)
        assert marked.count("data-pagefind-body") == 1
        assert f'<article class="pd-listing pd-{name}" data-pagefind-body data-pagefind-meta="kind:{kind}" ' in marked
        # A meeting's or home's region is a filter of the search page; a community has none.
        region = '<a href="../../x/" data-pagefind-filter="region">X</a> <a href="y">Y</a>'
        assert (region in marked) == (name != "community") and marked.count("data-pagefind-filter") == 1 + (name != "community")
    assert listing_search_html("<article data-pagefind-body>B</article>").count("data-pagefind-body") == 1
    for page in ("meetings/chicago/night-owls-lakeview", "homes/palm-beach/boynton-harbor-mens-house",
                 "communities/daybreak-recovery-forum"):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert '<article class="pd-listing pd-' in html and "data-pagefind" not in html.split("data-pagefind-ignore")[0], page


def test_the_script_says_in_english_what_the_catalog_says_in_english() -> None:
    # search.js carries the English words as its defaults: each must be the catalog's msgid, or the
    # English and Spanish pages would say different things.
    script = SEARCH_JS.read_text(encoding="utf-8")
    for text in _strings(search_page_text(gettext.NullTranslations())):
        assert json.dumps(text, ensure_ascii=False) in script, text


def test_every_word_of_the_search_script_is_in_spanish() -> None:
    english, spanish = search_page_text(gettext.NullTranslations()), search_page_text(i18n.translations("es"))
    assert english.keys() == spanish.keys()
    for mine, theirs in zip(_strings(english), _strings(spanish), strict=True):
        assert mine != theirs, mine
        assert set(re.findall(r"\{\w+\}", mine)) == set(re.findall(r"\{\w+\}", theirs)), (mine, theirs)


def test_the_data_element_cannot_be_closed_by_its_text() -> None:
    class Hostile(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "</script><script>alert(1)</script>"

    html = search_page_script(Hostile())
    assert html.count("</script>") == 1 and html.endswith("</script>")


def test_the_bilingual_site_has_an_index_per_language(bilingual_site: Path) -> None:
    entry = json.loads((bilingual_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"en", "es"}
    assert entry["languages"]["es"]["page_count"] > 0


def test_the_spanish_search_page_has_its_words_and_its_script(bilingual_site: Path) -> None:
    html = (bilingual_site / "es" / "search" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    data = re.search(r'<script type="application/json" id="pd-search-text">(.*?)</script>', html)
    assert data is not None
    assert json.loads(data.group(1)) == search_page_text(i18n.translations("es"))
    assert '<script src="../../assets/peerdir/search.js" defer></script>' in html
    assert "data-pagefind-body" not in html  # the search page is not a result


def test_each_language_corrects_to_its_own_words(bilingual_site: Path) -> None:
    english = json.loads((bilingual_site / "search" / "words.json").read_text(encoding="utf-8"))
    spanish = json.loads((bilingual_site / "es" / "search" / "words.json").read_text(encoding="utf-8"))
    assert "basico" in spanish and "basico" not in english  # the Meeting Guide's "Texto Básico"
    assert "encuentre" in spanish and "encuentre" not in english  # es/index.md's text
    assert "antojos" in spanish and "antojos" not in english  # the Spanish article's


def test_a_spanish_listing_links_the_spanish_search_page(bilingual_site: Path) -> None:
    page = (bilingual_site / "es" / "meetings" / "chicago" / "grupo-libertad-pilsen" / "index.html").read_text(
        encoding="utf-8")
    assert '<a href="../../../search/">Buscar</a>' in page


def test_the_command_line_indexes_a_bilingual_site_per_language(tmp_path: Path) -> None:
    # `python -m peerdir.search SITE_DIR` after a build without the index: the same split by
    # <html lang>, and the Spanish pages marked by their path within es/ (its home and search page not).
    from peerdir.search import main
    from tests.conftest import build_site, copy_project, two_languages

    out = tmp_path / "site"
    result = build_site(out, project=two_languages(copy_project(tmp_path / "project")),
                        extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (out / "pagefind").exists()
    assert main([str(out)]) == 0
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"en", "es"}
    assert "data-pagefind-body" in (out / "es" / "crisis" / "index.html").read_text(encoding="utf-8")
    # Listing pages, whose markup is not published (issue 20), are marked for the index too.
    for page in ("meetings/chicago/night-owls-lakeview/", "es/meetings/chicago/night-owls-lakeview/",
                 "communities/daybreak-recovery-forum/"):
        html = (out / page / "index.html").read_text(encoding="utf-8")
        assert html.count("data-pagefind-body") == 1 and 'data-pagefind-meta="kind:' in html, page
    stored = _indexed(out)
    assert "/meetings/chicago/night-owls-lakeview/" in stored and "/es/meetings/chicago/night-owls-lakeview/" in stored
    assert stored["/meetings/chicago/night-owls-lakeview/"]["meta"]["kind"] == "Meeting"
    assert stored["/meetings/chicago/night-owls-lakeview/"]["filters"]["region"] == ["Chicago, IL"]
    for page in ("es/index.html", "es/search/index.html"):
        assert "data-pagefind-body" not in (out / page).read_text(encoding="utf-8"), page


def _indexed(site: Path) -> dict[str, dict]:
    import gzip

    stored = {}
    for fragment in site.glob("pagefind*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        stored[data["url"]] = data
    return stored


def test_every_spanish_page_is_in_the_spanish_index_and_english_ones_in_the_english(bilingual_site: Path) -> None:
    """The Spanish index pages too (es/meetings/, es/homes/<region>/ …): they are framed and handed to
    the index before it is written, as the English ones are."""
    stored = _indexed(bilingual_site)
    spanish = {url for url in stored if url.startswith("/es/")}
    for url in ("/es/meetings/", "/es/meetings/chicago/", "/es/homes/chicago/", "/es/communities/", "/es/articles/"):
        assert url in spanish, url
    assert stored["/es/meetings/chicago/"]["content"].startswith("Reuniones en Chicago")
    assert stored["/es/homes/"]["meta"] == {"kind": "List", "title": "Viviendas sobrias"}
    english = set(stored) - spanish
    assert {url[len("/es"):] for url in spanish} <= english  # every Spanish page has its English one
    # Pagefind puts each page in the index of its <html lang>: as many in each as each language has.
    entry = json.loads((bilingual_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {code: language["page_count"] for code, language in entry["languages"].items()} == {
        "en": len(english), "es": len(spanish)}
