"""The character rules of text fields (models/text_rules.py): controls, bidi, separators, invisible
characters, web and email addresses, contact names; refused with the character named, fast."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from pydantic import ValidationError

from peerdir.models import ArticleMeta, Community, Meeting, Region
from peerdir.models.common import Contact, ListingPlace
from peerdir.models.text_rules import (
    LINE_PATTERN,
    LINES_PATTERN,
    contact_name_problem,
    reduce_contact_name,
    refused_char,
    url_problem,
    visible,
    zone_exists,
)
from peerdir.validation_messages import describe
from peerdir.vocabulary import default_vocabulary

CONTEXT = {"today": dt.date(2026, 11, 23), "vocabulary": default_vocabulary(),
           "place": ListingPlace("case", "chicago", "data/meetings/chicago/case.yaml", "America/Chicago")}
MEETING = {"name": "Case", "program": "AA", "day": "Monday", "time": "19:30", "address": "1 Main St",
           "timezone": "America/Chicago", "last_verified": "2026-11-01"}


def problems(**fields: object) -> list[tuple[str, str, str]]:
    """(field, message, hint) of a meeting with `fields` changed, as `peerdir validate` words them."""
    try:
        Meeting.model_validate({**MEETING, **fields}, context=CONTEXT)
    except ValidationError as err:
        return [(".".join(map(str, e["loc"])), *describe(e, Meeting)) for e in err.errors()]
    return []


REFUSED_EVERYWHERE = ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202a", "\u202b",
                      "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u2060",
                      "\ufeff", "\u3164", "\u115f", "\u1160", "\uffa0", "\u00ad", "\U000e0041"]


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE)
@pytest.mark.parametrize("field", ["name", "location", "notes", "location_notes"])
def test_text_fields_refuse_the_character_and_name_it(field: str, char: str) -> None:
    [(where, message, hint)] = problems(**{field: f"Open{char}meeting"})
    assert where == field
    assert f"U+{ord(char):04X}" in message and "delete it" in hint


@pytest.mark.parametrize("char", ["\t", "\n"])
def test_one_line_fields_refuse_tab_and_line_break_and_long_text_keeps_them(char: str) -> None:
    [(where, message, hint)] = problems(name=f"Friday{char}Night")
    assert where == "name" and "one line" in message and "on one line" in hint
    assert problems(notes=f"Friday{char}Night") == []


@pytest.mark.parametrize("text", ["Café Réunion", "Grupo Nueva Vida — español", "👨\u200d👩\u200d👧 families",
                                  "می\u200cخواهم", "שלום \u200fעולם", "Room 2 ❤️", "  padded  "])
def test_real_text_passes(text: str) -> None:
    assert problems(name=text) == [] and problems(notes=text) == []


def test_spaces_around_are_stripped_before_the_rules() -> None:
    meeting = Meeting.model_validate({**MEETING, "name": "\u2028 Case \u3000"}, context=CONTEXT)
    assert meeting.name == "Case"


def test_every_model_with_text_uses_the_rules() -> None:
    with pytest.raises(ValidationError, match="string_pattern_mismatch"):
        Community.model_validate({"name": "x\u202ey", "url": "https://example.org", "format": "forum",
                                  "approach": "secular", "cost": "free", "anonymous": True, "moderated": True,
                                  "last_verified": "2026-11-01"}, context=CONTEXT)
    with pytest.raises(ValidationError):
        Region.model_validate({"name": "Chicago\x1b[2J"})
    with pytest.raises(ValidationError):
        ArticleMeta.model_validate({"title": "T", "summary": "A summary\u2066 long enough", "tags": ["a"],
                                    "reviewed_on": "2026-01-05"})


def test_refused_char_and_visible() -> None:
    assert refused_char("ok\u202e") == "\u202e"
    assert refused_char("two\nlines", lines=True) is None and refused_char("two\nlines") == "\n"
    assert refused_char(" \u2028edge\u2029 ") is None  # stripped, as pydantic-core strips
    assert visible("Maria\u3164K\u200b.") == "Maria<U+3164>K<U+200B>."


@pytest.mark.parametrize("url", ['https://zoom.us/j/1"><script>', "https://a.org/it's", "https://a.org/<x>",
                                 "https://a.org/a\\b", "https://a.org/`x`", "https://a.org/a b",
                                 "https://a.org/\r\nSet-Cookie: x", "https://a.org/\u202e", "https://a.org/\x00",
                                 "https://a.org/\u200b", "https://a.org/a\u00a0b"])
def test_web_addresses_refuse_spaces_quotes_angle_brackets_backslash_and_controls(url: str) -> None:
    [(where, message, hint)] = problems(conference_url=url)
    assert where == "conference_url" and "web address" in message
    assert url_problem(url.strip()) is not None


@pytest.mark.parametrize("url", ["https://zoom.us/j/5550100?pwd=abc#x", "HTTPS://Example.org/a?b",
                                 "https://münchen.example/straße", "http://example.org/a%22b%20c"])
def test_real_web_addresses_pass(url: str) -> None:
    assert problems(conference_url=url) == []


def test_web_address_length_is_bounded() -> None:
    [(_, message, _)] = problems(conference_url="https://example.org/" + "a" * 3000)
    assert "at most 2000" in message


@pytest.mark.parametrize("email", ['a"b@x.org', "<a@x.org>", "a@x.org\u202e", "a`b@x.org", "a\\b@x.org"])
def test_email_addresses_refuse_the_same_characters(email: str) -> None:
    with pytest.raises(ValidationError, match="email address"):
        Contact.model_validate({"name": "Maria K.", "email": email})


JOINED = ["Maria-Kowalski", "Maria_Kowalski", "Maria'Kowalski", "Maria\u2019Kowalski", "MariaKowalski",
          "Maria\u3164Kowalski", "Maria\u200bKowalski", "Maria\u200cKowalski", "Maria\u200dKowalski",
          "Maria\u2060Kowalski", "Maria\ufeffKowalski", "Maria\u115fKowalski", "Maria\u1160Kowalski"]


@pytest.mark.parametrize("name", JOINED)
def test_joined_names_are_refused_with_the_first_name_and_initial_as_hint(name: str) -> None:
    found = contact_name_problem(name)
    assert found is not None
    message, hint = found
    assert "joined" in message and "write the first name and the last initial: Maria K." in hint
    with pytest.raises(ValidationError):
        Contact.model_validate({"name": name})


@pytest.mark.parametrize("name", ["Maria", "José", "Jose\u0301", "Ann K.", "Ann K", "maria", "Мария К.", "李",
                                  "Ann-Marie K.", "D'Andre M.", "DeShawn K.", "Zoë", "  Maria   K.  "])
def test_real_first_names_pass(name: str) -> None:
    assert Contact.model_validate({"name": name}).name == " ".join(name.split())


def test_a_hyphenated_first_name_alone_is_refused_and_told_to_add_the_initial() -> None:
    # The decision: "Ann-Marie" alone cannot be told from "Maria-Kowalski"; with the initial it can.
    message, hint = contact_name_problem("Ann-Marie")  # type: ignore[misc]
    assert "joined by a hyphen" in message
    assert "Ann-Marie K." in hint
    assert contact_name_problem("Ann-Marie K.") is None


@pytest.mark.parametrize("name", ["Maria Kowalski", "Ann Marie", "Maria K. Smith", "Maria2", "-Maria K.",
                                  "Ann--Marie K.", "Maria K..", "x" * 61])
def test_other_names_that_are_not_a_first_name_and_initial(name: str) -> None:
    with pytest.raises(ValidationError, match="first name"):
        Contact.model_validate({"name": name})


@pytest.mark.parametrize("raw, reduced", [
    ("Maria Kowalski", "Maria K."), ("Maria-Kowalski", "Maria K."), ("Maria_Kowalski", "Maria K."),
    ("Maria'Kowalski", "Maria K."), ("Maria\u2019Kowalski", "Maria K."), ("MariaKowalski", "Maria K."),
    ("Maria\u3164Kowalski", "Maria K."), ("Maria\u200bKowalski", "Maria K."), ("Ann-Marie Smith", "Ann-Marie S."),
    ("Ann-Marie", "Ann M."), ("Maria", "Maria"), ("José", "José"), ("J.R. Smith", "JR S."), ("123", ""), ("", ""),
])
def test_reduce_contact_name_gives_a_name_the_rules_accept(raw: str, reduced: str) -> None:
    assert reduce_contact_name(raw) == reduced
    assert reduced == "" or contact_name_problem(reduced) is None


@pytest.mark.parametrize("zone", ["A" * 300, "A/" * 247 + "B", "../../etc/passwd", "America/../../x", "/etc/passwd",
                                  "America", "America/Argentina", "America/Chicago\x00",
                                  "x" * 10_000])
def test_time_zones_are_bounded_and_shaped_before_any_lookup(zone: str) -> None:
    assert zone_exists(zone) is False
    [(where, message, _)] = problems(timezone=zone)
    assert where == "timezone" and "time zone" in message


@pytest.mark.parametrize("zone", ["America/Chicago", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5",
                                  "America/Port-au-Prince"])
def test_real_time_zones_pass(zone: str) -> None:
    assert zone_exists(zone) and problems(timezone=zone) == []


def test_the_patterns_run_in_pydantic_core_and_stay_fast() -> None:
    """Text is a StringConstraints with a pattern: no Python validator in front (see models/common.py)."""
    assert Meeting.model_fields["name"].metadata[0].pattern == LINE_PATTERN
    assert Meeting.model_fields["notes"].annotation is not None and LINES_PATTERN != LINE_PATTERN
    docs = [{**MEETING, "name": f"Group {i}", "location": "St. Mark's Church", "notes": "Side door.\nRoom 2",
             "conference_url": f"https://zoom.us/j/{i}", "contacts": [{"name": "Ann-Marie K."}]} for i in range(2000)]
    validator = Meeting.__pydantic_validator__
    start = time.perf_counter()
    for doc in docs:
        validator.validate_python(doc, context=CONTEXT)
    assert time.perf_counter() - start < 1.0  # ~0.03 s on a quiet machine: only a pathological slowdown fails
