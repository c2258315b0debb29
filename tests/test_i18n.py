"""The site's languages (issue 19): catalogs complete, English pages as they were, Spanish pages in Spanish."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from peerdir import i18n
from peerdir.cli import main
from peerdir.loading import load_directory
from peerdir.models import Meeting
from peerdir.models.common import ListingPlace
from peerdir.models.meeting import Attendance
from peerdir.settings import Settings, SettingsError
from peerdir.site import words
from peerdir.site.render import PageRenderer, SiteContext
from peerdir.urls import SiteInfo
from peerdir.vocabulary import TYPE_EXPLANATIONS
from tests.conftest import SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY


def test_the_catalog_template_holds_every_msgid_the_code_uses() -> None:
    """locale/peerdir.pot is what `peerdir i18n extract` makes of the code today (run `peerdir i18n update`)."""
    def ids(catalog: i18n.Catalog) -> set[str]:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}

    assert ids(i18n.read_catalog(i18n.TEMPLATE)) == ids(i18n.extract())


def test_every_msgid_has_a_spanish_translation(capsys: pytest.CaptureFixture[str]) -> None:
    assert i18n.untranslated("es") == []
    assert main(["i18n", "check"]) == 0
    assert "every message translated" in capsys.readouterr().out


def test_check_names_a_missing_translation(tmp_path: object) -> None:
    template = i18n.extract()
    template.add("A sentence nobody translated")
    assert i18n.untranslated("es", template) == ["A sentence nobody translated"]


def test_text_from_data_is_marked_for_the_catalog() -> None:
    assert {a.label for a in Attendance} == set(words.ATTENDANCE_LABELS)
    assert set(TYPE_EXPLANATIONS.values()) == set(words.TYPE_EXPLANATIONS)


@pytest.mark.parametrize(("given", "expected"), [(None, ("en",)), (["en", "es"], ("en", "es")),
                                                 ("en", ("en",)), ([" EN ", "es"], ("en", "es"))])
def test_languages_setting(given: object, expected: tuple[str, ...]) -> None:
    assert Settings.read({"languages": given} if given is not None else {}, {}).languages == expected


@pytest.mark.parametrize("given", [["es"], ["en", "fr"], ["en", "en"], [1], {"en": 1}])
def test_languages_setting_refused_in_one_line(given: object) -> None:
    with pytest.raises(SettingsError, match=r"extra\.peerdir\.languages in mkdocs.yml must"):
        Settings.read({"languages": given}, {})


def test_days_times_and_dates_in_spanish() -> None:
    assert i18n.day_names("es")[0] == "Domingo" and i18n.day_names("en")[3] == "Wednesday"
    assert i18n.clock(dt.time(19, 30), "es") == "7:30\u202fp.m."
    assert i18n.long_date(dt.date(2026, 3, 5), "es") == "5 de marzo de 2026"
    assert i18n.long_date(dt.date(2026, 3, 5), "en") == "5 March 2026"


def _renderer(language: str) -> PageRenderer:
    directory, problems = load_directory(SAMPLE_DATA, SAMPLE_CONTENT, today=SAMPLE_TODAY)
    assert not problems
    return PageRenderer(SiteContext(directory, SiteInfo(), SAMPLE_TODAY, language=language))


def _meeting(**fields: object) -> Meeting:
    return Meeting.build({"name": "Grupo Esperanza", "program": "AA", "day": ["Monday", "Thursday"],
                          "time": "19:30", "types": ["S", "O"], "location": "Salón", "address": "1 Main St",
                          "city": "Chicago", "state": "IL", "last_verified": "2026-10-01", **fields},
                         ListingPlace("grupo-esperanza", "chicago", "data/meetings/chicago/grupo-esperanza.yaml",
                                      "America/Chicago"))


def test_a_spanish_meeting_page() -> None:
    meeting = _meeting(notes="Bring a friend.", notes_es="Traiga a un amigo.")
    page = _renderer("es").meeting(meeting)
    assert "Reunión de AA" in page.html and "Lunes y jueves" in page.html and "7:30\u202fp.m." in page.html
    assert "<dt>Cuándo</dt>" in page.html and "Presencial" in page.html and "Verificado por última vez el" in page.html
    assert "Traiga a un amigo." in page.html and "Bring a friend." not in page.html
    assert page.description.startswith("Reunión de AA, Lunes y jueves a las 7:30\u202fp.m., presencial")
    english = _renderer("en").meeting(meeting)
    assert "Bring a friend." in english.html and "Traiga" not in english.html and "<dt>When</dt>" in english.html


def test_home_and_community_descriptions_in_each_language() -> None:
    """A page's meta description (what a search result shows under its title) in the page's language."""
    spanish, english = _renderer("es"), _renderer("en")
    home, community = spanish.ctx.directory.homes[0], spanish.ctx.directory.communities[0]
    assert spanish.home(home).description == (f"Residencia de recuperación para {spanish._(home.gender_label).lower()}"
                                              f" en {home.city}, {home.state}")
    assert english.home(home).description == (f"Recovery residence for {home.gender_label.lower()} in {home.city},"
                                              f" {home.state}")
    assert spanish.community(community).description.startswith("Comunidad de recuperación en línea: ")
    assert english.community(community).description == (f"Online recovery community: {community.format}, "
                                                        f"{', '.join(community.approach)}")


def test_one_oclock_takes_the_singular_in_spanish() -> None:
    """"a la 1:00" but "a las 7:00", as finder.js says it; English is left as it is."""
    assert i18n.fill("{days} a las {time}", "es", days="Lunes", time="1:00\u202fp.m.") == "Lunes a la 1:00\u202fp.m."
    assert i18n.fill("hasta las {time}", "es", time="10:00\u202fa.m.") == "hasta las 10:00\u202fa.m."
    assert i18n.fill("{days} at {time}", "en", days="Monday", time="1:00 PM") == "Monday at 1:00 PM"
    page = _renderer("es").meeting(_meeting(time="13:15"))
    assert page.description.startswith("Reunión de AA, Lunes y jueves a la 1:15\u202fp.m., presencial")
    assert _renderer("es").meeting(_meeting(time="11:15")).description.startswith(
        "Reunión de AA, Lunes y jueves a las 11:15\u202fa.m.")


def test_volunteer_text_stays_escaped_in_spanish() -> None:
    page = _renderer("es").meeting(_meeting(notes_es="<script>alert(1)</script> & más"))
    assert "<script>alert(1)" not in page.html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; más" in page.html


def test_spanish_lists_keep_language_neutral_links() -> None:
    renderer = _renderer("es")
    index = renderer.meetings_index()
    assert index.title == "Reuniones" and "Elija una región" in index.html
    region = renderer.region_meetings("chicago")[0]
    assert region.title == "Reuniones en Chicago, IL" and region.path == "meetings/chicago/"


def _finder_messages() -> list[str | tuple[str, str]]:
    from peerdir.site import finder_words

    script = finder_words.script_in([str(i18n.OVERRIDES)])
    assert script is not None
    return [message for _line, message in finder_words.messages(script)]


def test_the_words_finder_js_writes_are_in_the_catalog_and_translated() -> None:
    template = i18n.read_catalog(i18n.TEMPLATE)
    catalog = i18n.read_catalog(i18n.po_path("es"), "es")
    messages = _finder_messages()
    assert len(messages) > 80 and "On now" in messages and ("{n} minute", "{n} minutes") in messages
    for message in messages:
        key = message if isinstance(message, str) else message[0]
        assert template.get(key) is not None, f"finder.js's {key!r} is not in locale/peerdir.pot (peerdir i18n update)"
        found = catalog.get(key)
        assert found is not None and not found.fuzzy and found.string, f"finder.js's {key!r} has no Spanish"


def test_finder_translations_keep_their_placeholders_and_links() -> None:
    """finder.js fills {name}-like placeholders and makes [bracketed] words links: a translation
    that drops one would show a raw brace or lose a link."""
    spanish = i18n.translations("es")
    for message in _finder_messages():
        pairs = [(message, spanish.gettext(message))] if isinstance(message, str) else [
            (message[0], spanish.ngettext(message[0], message[1], 1)),
            (message[1], spanish.ngettext(message[0], message[1], 2))]
        for english, said in pairs:
            assert sorted(re.findall(r"\{\w+\}", said)) == sorted(re.findall(r"\{\w+\}", english)), (english, said)
            assert said.count("[") == english.count("[") and said.count("]") == english.count("]"), (english, said)


def test_a_spanish_page_hands_finder_js_its_words_safely() -> None:
    from peerdir.site import finder_words

    text = finder_words.page_words([str(i18n.OVERRIDES)], "es")
    assert text is not None and "<" not in text and ">" not in text and "&" not in text
    page = json.loads(text)
    assert page["locale"] == "es-US" and page["folder"] == "es/"
    assert page["words"]["On now"] == "En curso"
    assert page["words"]["{n} minute"] == ["{n} minuto", "{n} minutos"]
    assert "{hours} h" not in page["words"]  # the same in Spanish: finder.js's own words serve
    assert finder_words.words_script([str(i18n.OVERRIDES)], "es") == f"window.pdFinderWords={text};\n"
    assert finder_words.page_words([], "es") is None
