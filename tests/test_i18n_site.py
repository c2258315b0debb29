"""A site in English and Spanish (issue 19): one build, Spanish under es/, each page linked to the other."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from peerdir import i18n
from tests.conftest import build_site, copy_project, two_languages

SPANISH_PAGES = ("", "meetings/", "meetings/chicago/", "meetings/chicago/grupo-libertad-pilsen/", "meetings/today/",
                 "meetings/online-now/", "crisis/", "homes/", "homes/chicago/", "communities/", "articles/",
                 "articles/riding-out-a-craving/")


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside script/style/svg, and labels read aloud."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg", "template"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in ("aria-label", "title", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "template"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))


_VOLUNTEER_NOTES = re.compile(r'<(dd|span) class="pd-notes">.*?</\1>', re.S)


def visible_text(html: str, volunteer_notes: bool = True) -> str:
    """What the page says; without `volunteer_notes`, less the free text volunteers wrote (notes,
    descriptions), which is shown as written."""
    parser = _VisibleText()
    parser.feed(html if volunteer_notes else _VOLUNTEER_NOTES.sub("", html))
    return "\n".join(parser.parts)


def english_phrases() -> list[str]:
    """Every English msgid's fixed wording (placeholders cut out), where Spanish says it otherwise."""
    spanish = i18n.translations("es")
    phrases = set()
    for message in i18n.read_catalog(i18n.TEMPLATE):
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if not msgid or spanish.gettext(msgid) == msgid:
            continue  # a name said alike in both ("SMART Recovery", "UTC")
        if all(path.endswith("finder.js") for path, _line in message.locations):
            continue  # written by the script, never in a page's HTML: tests/browser/test_spanish_finder.py
        for piece in re.split(r"%\(\w+\)s|\{\w+\}|<[^>]+>", msgid.replace("&amp;", "&")):
            piece = " ".join(piece.split()).strip(" ,.:;·()")
            if len(piece) >= 6 and " " in piece and piece not in spanish.gettext(msgid):  # not a name kept
                phrases.add(piece)
    return sorted(phrases)


def test_every_generated_page_is_in_spanish_under_es(bilingual_site: Path) -> None:
    english = {p.relative_to(bilingual_site) for p in (bilingual_site / "meetings").rglob("index.html")}
    spanish = {p.relative_to(bilingual_site / "es") for p in (bilingual_site / "es" / "meetings").rglob("index.html")}
    assert english == spanish  # the same language-neutral paths
    for path in ("print/chicago/index.html", "embed/chicago/index.html", "homes/index.html", "communities/index.html",
                 "meetings/chicago/grupo-libertad-pilsen/meeting.ics"):
        assert (bilingual_site / "es" / path).is_file(), path
    for page in SPANISH_PAGES:
        html = (bilingual_site / "es" / page / "index.html").read_text(encoding="utf-8")
        assert '<html lang="es"' in html, page
        assert 'hreflang="en"' in html and 'hreflang="es"' in html, page
        # finder.js's words: one file the Spanish pages share, loaded before finder.js, not in each page
        words = "../" * page.count("/") + "assets/peerdir/finder-words.js"
        assert html.index(f'<script src="{words}">') < html.index("assets/peerdir/finder.js"), page
        assert "pdFinderWords" not in html and '"words":' not in html, page
    assert (bilingual_site / "es/assets/peerdir/finder-words.js").read_text(encoding="utf-8").startswith(
        'window.pdFinderWords={"folder":"es/"')


def test_each_page_links_its_translation(bilingual_site: Path) -> None:
    meeting = "meetings/chicago/grupo-libertad-pilsen/"
    english = (bilingual_site / meeting / "index.html").read_text(encoding="utf-8")
    spanish = (bilingual_site / "es" / meeting / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../es/{meeting}" hreflang="es"' in english
    assert f'href="../../../../{meeting}" hreflang="en"' in spanish
    assert '<html lang="en"' in english and "Español" in english and "English" in spanish
    crisis = (bilingual_site / "crisis" / "index.html").read_text(encoding="utf-8")
    assert 'href="../es/crisis/" hreflang="es"' in crisis  # content/es/crisis.md translates it
    about = (bilingual_site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../es/" hreflang="es"' in about  # not translated: the switch leads to the Spanish home
    assert not (bilingual_site / "es" / "about").exists()  # and it is not copied in English
    assert not (bilingual_site / "es" / "articles" / "after-a-setback").exists()  # an article not translated either


def test_no_english_left_on_spanish_pages(bilingual_site: Path) -> None:
    phrases = english_phrases()
    assert len(phrases) > 50
    for page in SPANISH_PAGES:
        text = visible_text((bilingual_site / "es" / page / "index.html").read_text(encoding="utf-8"))
        # Volunteer text is shown as written; the sample's is English only in names and descriptions, none of
        # which repeats the interface's words.
        left = [phrase for phrase in phrases if phrase in text]
        assert not left, f"es/{page} still says {left}"
        for material in ("Skip to content", "Back to top", "Select language", "Header"):
            assert material not in text, (page, material)


def test_spanish_pages_say_it_in_spanish(bilingual_site: Path) -> None:
    page = visible_text((bilingual_site / "es/meetings/chicago/grupo-libertad-pilsen/index.html").read_text("utf-8"))
    for said in ("Reunión de NA", "Domingo y miércoles", "7:00 p.m.", "Presencial", "Español",
                 "Llame al 988 (oprima 2)", "Viviendas sobrias", "Reuniones", "hora del Centro (CST)"):
        assert said in page, said
    # Crisis Text Line in Spanish: AYUDA to 741741 (its own announcement, October 2021).
    assert 'href="sms:741741?&amp;body=AYUDA"' in (bilingual_site / "es/meetings/index.html").read_text("utf-8")
    home = visible_text((bilingual_site / "es/index.html").read_text("utf-8"))
    assert "Encuentre apoyo para su recuperación" in home and "oprima" in home


def test_homes_and_communities_in_spanish(bilingual_site: Path) -> None:
    homes = sorted((bilingual_site / "es" / "homes").glob("*/*/index.html"))
    communities = sorted((bilingual_site / "es" / "communities").glob("*/index.html"))
    assert homes and communities
    phrases = english_phrases()
    for page in [*homes, *communities]:
        text = visible_text(page.read_text(encoding="utf-8"), volunteer_notes=False)
        assert not [phrase for phrase in phrases if phrase in text], page
        assert "Verificado por última vez el" in text
    table = visible_text((bilingual_site / "es/homes/chicago/index.html").read_text(encoding="utf-8"))
    assert "Vivienda" in table and "Nivel NARR" in table


def test_print_sheets_in_spanish(bilingual_site: Path) -> None:
    sheet = (bilingual_site / "es/print/chicago/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in sheet and 'href="http://127.0.0.1:8000/es/print/chicago/"' in sheet  # canonical
    text = visible_text(sheet)
    assert not [phrase for phrase in english_phrases() if phrase in text]
    assert "oprima 2" in text and "Reuniones de recuperación y apoyo: Chicago, IL" in text
    assert "127.0.0.1:8000/es/meetings/chicago/" in text.replace("\n", "")  # the QR's list: the Spanish one
    english = (bilingual_site / "print/chicago/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "Recovery meetings and support: Chicago, IL" in english


def test_spanish_meetings_say_en_espanol_in_english_too(bilingual_site: Path, built_site: Path) -> None:
    """A meeting typed S is found by "en español" on the English site (its page says it, in Spanish)."""
    for site in (bilingual_site, built_site):
        page = (site / "meetings/chicago/grupo-libertad-pilsen/index.html").read_text(encoding="utf-8")
        assert '<span lang="es">(en español)</span>' in page
        assert "en español" not in (site / "meetings/chicago/night-owls-lakeview/index.html").read_text("utf-8")


def test_embeds_in_spanish(bilingual_site: Path) -> None:
    for path in ("es/embed/chicago/", "es/embed/homes/chicago/", "es/embed/communities/"):
        html = (bilingual_site / path / "index.html").read_text(encoding="utf-8")
        text = visible_text(html, volunteer_notes=False)
        assert '<html lang="es">' in html and "oprima 2" in text, path
        assert not [phrase for phrase in english_phrases() if phrase in text], path
    assert "Reuniones de recuperación en Chicago, IL" in (bilingual_site / "es/embed/chicago/index.html").read_text("utf-8")


def test_one_language_builds_no_spanish(built_site: Path) -> None:
    assert not (built_site / "es").exists()  # content/es/ is left out of a site in English only
    assert 'hreflang' not in (built_site / "index.html").read_text(encoding="utf-8")


def test_a_language_without_its_home_page_is_refused(tmp_path: Path) -> None:
    project = two_languages(copy_project(tmp_path / "project"))
    (project / "content" / "es" / "index.md").unlink()
    result = build_site(tmp_path / "site", project=project)
    assert result.returncode != 0 and "write content/es/index.md" in result.stdout + result.stderr
