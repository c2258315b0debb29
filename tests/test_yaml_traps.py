"""YAML 1.1 traps: what a volunteer types is what the listing holds.

PyYAML's safe_load reads `19:30` as 1170 (base 60), `NO` as false and `02134` as 1116 (octal).
peerdir's reader keeps every scalar as the text that was typed; the models convert text to a time,
date, number or yes/no only where a field means one.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from peerdir.models import Home, Meeting
from peerdir.models.common import ListingPlace
from peerdir.vocabulary import default_vocabulary
from peerdir.yamlfile import YamlProblem, parse_yaml_mapping

TODAY = dt.date(2026, 11, 23)
CONTEXT = {"today": TODAY, "vocabulary": default_vocabulary(),
           "place": ListingPlace("trap", "boston", "data/meetings/boston/trap.yaml", "America/New_York")}

MEETING = """\
name: Friday Night Group
program: AA
day: Friday
time: 19:30
end_time: 07:05
types: [O, NO, Y]
address: 1 Main St
city: Boston
state: MA
postal_code: 02134
country: NO
latitude: 42.3601
longitude: -71.0589
last_verified: 2026-01-05
"""

HOME = """\
name: Northside Peer House
gender: women
city: Boston
state: MA
postal_code: 02134
beds: 010
baths: 1.50
accepts_mat: yes
pets: no
last_verified: 2026-01-05
"""


def meeting(text: str = MEETING) -> Meeting:
    return Meeting.model_validate(parse_yaml_mapping(text).data, context=CONTEXT)


def home(text: str = HOME) -> Home:
    return Home.model_validate(parse_yaml_mapping(text).data, context=CONTEXT)


def test_the_traps_are_real_in_plain_pyyaml() -> None:
    loaded = yaml.safe_load(MEETING)
    assert loaded["time"] == 1170 and loaded["country"] is False and loaded["postal_code"] == 1116


def test_reader_keeps_every_scalar_as_typed() -> None:
    data = parse_yaml_mapping(MEETING).data
    assert data["time"] == "19:30"
    assert data["end_time"] == "07:05"
    assert data["types"] == ["O", "NO", "Y"]
    assert data["postal_code"] == "02134"
    assert data["country"] == "NO"
    assert data["last_verified"] == "2026-01-05"
    assert data["latitude"] == "42.3601"


def test_time_stays_a_clock_time() -> None:
    m = meeting()
    assert m.time == dt.time(19, 30)
    assert m.end_time == dt.time(7, 5)


def test_type_code_no_stays_norwegian() -> None:
    m = meeting()
    assert m.types == ["O", "NO", "Y"]
    assert default_vocabulary().types["NO"] == "Norwegian"


def test_postal_code_keeps_its_leading_zero() -> None:
    assert meeting().postal_code == "02134"
    assert home().postal_code == "02134"


def test_country_no_is_norway_not_false() -> None:
    assert meeting().country == "NO"


def test_last_verified_becomes_a_date() -> None:
    assert meeting().last_verified == dt.date(2026, 1, 5)


def test_numbers_become_numbers_only_where_a_number_is_meant() -> None:
    m, h = meeting(), home()
    assert m.latitude == pytest.approx(42.3601) and m.longitude == pytest.approx(-71.0589)
    assert h.beds == 10  # not 8: no octal
    assert h.baths == 1.5


@pytest.mark.parametrize(("typed", "value"), [
    ("yes", True), ("no", False), ("true", True), ("false", False), ("Yes", True), ("NO", False),
])
def test_yes_no_becomes_a_bool_where_a_bool_is_meant(typed: str, value: bool) -> None:
    assert home(HOME.replace("accepts_mat: yes", f"accepts_mat: {typed}")).accepts_mat is value


def test_yes_stays_text_where_text_is_meant() -> None:
    m = meeting(MEETING + "notes: yes\nlocation: On\n")
    assert m.notes == "yes" and m.location == "On"


@pytest.mark.parametrize("quoted", ["'123'", '"123"', "'2026-01-05'", "'null'", "'~'", "'yes'", "'19:30'"])
def test_a_quoted_string_stays_a_string(quoted: str) -> None:
    data = parse_yaml_mapping(f"name: {quoted}\n").data
    assert data["name"] == quoted[1:-1]
    assert meeting(MEETING.replace("name: Friday Night Group", f"name: {quoted}")).name == quoted[1:-1]


def test_a_quoted_time_and_date_still_convert_where_meant() -> None:
    m = meeting(MEETING.replace("time: 19:30", 'time: "19:30"').replace("2026-01-05", "'2026-01-05'"))
    assert m.time == dt.time(19, 30) and m.last_verified == dt.date(2026, 1, 5)


@pytest.mark.parametrize("empty", ["", " ~", " null", " Null", " NULL"])
def test_an_empty_value_is_none(empty: str) -> None:
    data = parse_yaml_mapping(f"name: x\naddress:{empty}\nnotes:{empty}\n").data
    assert data["address"] is None and data["notes"] is None
    m = meeting(MEETING + f"notes:{empty}\nlocation:{empty}\n")
    assert m.notes is None and m.location is None


def test_an_empty_quoted_string_is_empty_text_not_none() -> None:
    assert parse_yaml_mapping("notes: ''\n").data["notes"] == ""


def test_empty_types_mean_no_types() -> None:
    assert meeting(MEETING.replace("types: [O, NO, Y]", "types:")).types == []


def test_hex_exponent_and_infinity_stay_text() -> None:
    data = parse_yaml_mapping("a: 0x1F\nb: 1e3\nc: .inf\nd: 1_000\ne: 2026-01-05 10:00\n").data
    assert data == {"a": "0x1F", "b": "1e3", "c": ".inf", "d": "1_000", "e": "2026-01-05 10:00"}


def test_block_scalars_keep_their_text() -> None:
    data = parse_yaml_mapping("a: |\n  one\n  two\nb: >-\n  one\n  two\n").data
    assert data == {"a": "one\ntwo\n", "b": "one two"}


def test_positions_are_one_based_line_and_column() -> None:
    doc = parse_yaml_mapping("# comment\nname: x\ncontacts:\n  - name: Ann K.\n    phone: 555-0100\n")
    assert doc.position(("name",)) == (2, 7)
    assert doc.position(("name",), of_key=True) == (2, 1)
    assert doc.position(("contacts", 0, "phone")) == (5, 12)
    assert doc.position(("contacts", 0, "email"), of_key=True) == (4, 5)  # the enclosing item
    assert doc.position(("nowhere",)) == (1, 1)


# Anchors: the reader skips the (second-parse) anchor scan for text that cannot hold one, so the
# test must show both that every anchor form is still caught and that ordinary text is not refused.
@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",
    "&x a: 1\n",
    "a: [&x b, *x]\n",
    "a: {b: &x 1}\n",
    'a: {"b":&x 1}\n',
    "a: !!str &x b\n",
    "a:\n  - &x b\n",
    "a:\t&x b\n",
    "a: &x\n  b: 1\n",
    "\ufeff&x a: 1\n",
])
def test_every_anchor_and_alias_form_is_refused(text: str) -> None:
    with pytest.raises(YamlProblem, match="anchor or alias"):
        parse_yaml_mapping(text)


@pytest.mark.parametrize("value", [
    "Q&A", "A & B", "https://zoom.us/j/1?pwd=a&uname=b", "**Bold** and *italic*", "5 * 3", "&", "*",
])
def test_ampersands_and_asterisks_in_text_are_fine(value: str) -> None:
    text = f"a: {value}\n" if not value.startswith(("&", "*")) else f"a: '{value}'\n"
    assert parse_yaml_mapping(text).data["a"] == value


def test_markdown_emphasis_at_the_start_of_a_value_is_an_alias_and_refused() -> None:
    # `*italic*` at the start of a plain value is YAML alias syntax: quoting it is the fix.
    for text in ("notes: *Closed* on holidays\n", "notes: &more to come\n"):
        with pytest.raises(YamlProblem, match="anchor or alias") as caught:
            parse_yaml_mapping(text)
        assert caught.value.col == 8 and "must be in quotes" in caught.value.hint
    assert parse_yaml_mapping("notes: '*Closed* on holidays'\n").data["notes"] == "*Closed* on holidays"
