"""A template from `peerdir new` is refused until every CHANGE ME is filled in; then it passes.

And every problem in one pass: the rules across fields run on the fields that are valid, so a
volunteer sees field errors and cross-field errors in the same `peerdir validate` run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import peerdir.commands.new as new_command
import peerdir.commands.validate as validate_command
from peerdir.cli import main
from peerdir.loading import load_directory
from peerdir.placeholders import has_placeholder

FIXTURE = Path(__file__).parent / "fixtures" / "volunteer" / "data"
TODAY = dt.date(2026, 11, 23)

# What a volunteer writes in place of each placeholder.
FILLED = {
    "name": "Example Group", "location": "Example Hall", "address": "400 Example Blvd", "city": "Chicago",
    "state": "IL",
    "operator": "Hope Recovery Homes", "conference_url": "https://zoom.us/j/123456789",
    "conference_url_notes": "Passcode 1234", "url": "https://example.org/forum",
}
_PLACEHOLDER_LINE = re.compile(r"^(?P<field>[a-z_]+): (?P<value>\S*CHANGE[ -]ME\S*)", re.MULTILINE)


class _PinnedDate(dt.date):
    @classmethod
    def today(cls) -> _PinnedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURE / "regions.yaml", folder / "regions.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    # The template's last_verified is "today": the pinned day, so nothing here depends on the real date.
    monkeypatch.setattr(new_command, "dt", SimpleNamespace(date=_PinnedDate))
    return folder


def fill_in(text: str) -> str:
    return _PLACEHOLDER_LINE.sub(lambda m: f"{m['field']}: {FILLED[m['field']]}", text)


KINDS = [
    (["meeting", "--region", "chicago", "--name", "Friday Night Big Book"],
     "meetings/chicago/friday-night-big-book.yaml", ["location", "address", "city", "state"]),
    (["meeting", "--region", "online", "--name", "Zoom Daily Reflections"],
     "meetings/online/zoom-daily-reflections.yaml", ["conference_url", "conference_url_notes"]),
    (["home", "--region", "chicago", "--name", "Serenity House"], "homes/chicago/serenity-house.yaml",
     ["operator", "city", "state"]),
    (["community", "--name", "Sober Forum"], "communities/sober-forum.yaml", ["url"]),
]


@pytest.mark.parametrize(("args", "where", "fields"), KINDS, ids=[k[1] for k in KINDS])
def test_a_new_template_is_refused_until_filled_in(data: Path, capsys, monkeypatch, args: list[str], where: str,
                                                   fields: list[str]) -> None:
    assert main(["new", *args, "--data", str(data)]) == 0
    path = data / where
    text = path.read_text(encoding="utf-8")
    assert f"last_verified: {TODAY.isoformat()}" in text

    directory, problems = load_directory(data, today=TODAY)
    assert [p.field for p in problems] == fields, [p.as_text() for p in problems]
    lines = text.splitlines()
    for problem in problems:
        assert problem.path == f"data/{where}"
        assert lines[problem.line - 1].startswith(f"{problem.field}: "), "reported at the field's own line"
        assert "CHANGE ME" in problem.message and problem.hint and "CHANGE" not in problem.hint
    assert len({p.hint for p in problems}) == len(problems), "each field says what to write in its place"
    assert directory.meetings + directory.homes + directory.communities == []  # never published

    capsys.readouterr()
    monkeypatch.setattr(validate_command, "load_directory",  # `peerdir validate` on the pinned day too
                        lambda folder, content=None: load_directory(folder, content, today=TODAY))
    assert main(["validate", "--data", str(data)]) == 1
    out = capsys.readouterr()
    printed = out.out + out.err
    for problem in problems:
        assert f"data/{where}:{problem.line}:{problem.col}: {problem.field}: " in printed

    path.write_text(fill_in(text), encoding="utf-8")
    directory, problems = load_directory(data, today=TODAY)
    assert problems == []
    (listing,) = directory.meetings + directory.homes + directory.communities
    assert listing.name == args[args.index("--name") + 1]


def test_the_location_hint_says_to_fill_in_the_venue(data: Path) -> None:
    main(["new", "meeting", "--region", "chicago", "--name", "Big Book", "--data", str(data)])
    problems = load_directory(data, today=TODAY)[1]
    location = next(p for p in problems if p.field == "location")
    assert "fill in the venue's name" in location.hint


@pytest.mark.parametrize(("text", "placeholder"), [
    ("CHANGE ME", True), ("change me", True), ("https://example.org/CHANGE-ME", True), ("Change_Me", True),
    ("Exchange Meeting", False), ("Change meeting rooms at the break", False), ("changemeup", False),
    ("Please CHANGE ME later", True),
])
def test_the_placeholder_is_a_whole_word(text: str, placeholder: bool) -> None:
    assert has_placeholder(text) is placeholder


def test_a_placeholder_in_a_contact_is_reported_at_its_line(data: Path) -> None:
    path = data / "communities" / "sober-forum.yaml"
    path.parent.mkdir()
    path.write_text("name: Sober Forum\nurl: https://example.org/forum\nformat: forum\napproach: [secular]\n"
                    "cost: free\nanonymous: true\nmoderated: true\naudience: CHANGE ME\n"
                    f"last_verified: {TODAY.isoformat()}\n", encoding="utf-8")
    (problem,) = load_directory(data, today=TODAY)[1]
    assert (problem.line, problem.col, problem.field) == (8, 11, "audience")
    assert "delete the line" in problem.hint


def test_an_invalid_field_holding_the_placeholder_is_reported_once(data: Path) -> None:
    path = data / "meetings" / "chicago" / "x.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("name: X\nprogram: AA\nday: CHANGE ME\ntime: 19:00\naddress: 1 Main St\n"
                    f"last_verified: {TODAY.isoformat()}\n", encoding="utf-8")
    (problem,) = load_directory(data, today=TODAY)[1]
    assert problem.field == "day" and "not a day of the week" in problem.message


# -- every problem in one pass -------------------------------------------------------------------

HOME = ("name: Oak House\ngender: woman\ncity: Chicago\nstate: IL\nbeds: 8\nvacancies: 12\n"
        "address_visibility: public\nlast_verified: 2026-11-01\n")


def write(data: Path, where: str, text: str) -> None:
    path = data / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_field_errors_and_cross_field_errors_in_one_run(data: Path) -> None:
    write(data, "homes/chicago/oak-house.yaml", HOME)
    problems = load_directory(data, today=TODAY)[1]
    assert [(p.line, p.field) for p in problems] == [
        (2, "gender"), (6, "vacancies"), (6, "vacancies"), (7, "address_visibility")]
    assert {p.message for p in problems if p.field == "vacancies"} == {
        "found 12 vacancies but only 8 beds", "found vacancies but no vacancies_as_of, the date they were counted"}


def test_cross_field_errors_are_reported_once_when_the_fields_are_valid(data: Path) -> None:
    write(data, "homes/chicago/oak-house.yaml", HOME.replace("gender: woman", "gender: women"))
    problems = load_directory(data, today=TODAY)[1]
    assert [(p.line, p.field) for p in problems] == [(6, "vacancies"), (6, "vacancies"), (7, "address_visibility")]
    assert len(set(problems)) == len(problems)


def test_an_invalid_field_is_not_taken_for_a_missing_one(data: Path) -> None:
    # An invalid date is not "no vacancies_as_of"; an empty address is not "no address".
    write(data, "homes/chicago/oak-house.yaml",
          HOME.replace("beds: 8\n", "beds: 20\nvacancies_as_of: soon\naddress: ''\n"))
    write(data, "meetings/chicago/x.yaml", "name: X\nprogram: AA\nday: Monday\ntime: 7 PM\naddress: ''\n"
                                           "last_verified: 2026-11-01\n")
    write(data, "meetings/online/y.yaml", "name: Y\nprogram: AA\nday: Monday\ntime: 19:00\ntimezone: Eastern\n"
                                          "conference_url: https://zoom.us/j/1\nlast_verified: 2026-11-01\n")
    problems = load_directory(data, today=TODAY)[1]
    assert sorted((p.path.rsplit("/", 1)[1], p.field) for p in problems) == [
        ("oak-house.yaml", "address"), ("oak-house.yaml", "gender"), ("oak-house.yaml", "vacancies_as_of"),
        ("x.yaml", "address"), ("x.yaml", "time"), ("y.yaml", "timezone")]
    assert not any("neither" in p.message or "no time zone" in p.message or "no vacancies_as_of" in p.message
                   for p in problems)


def test_a_meeting_with_bad_fields_and_no_place_hears_about_both(data: Path) -> None:
    write(data, "meetings/chicago/x.yaml", "name: X\nprogram: AAA\nday: Monday\ntime: 19:00\n"
                                           "last_verified: 2026-11-01\n")
    problems = load_directory(data, today=TODAY)[1]
    assert [p.field for p in problems] == ["address", "program"]
    assert "neither a street address nor a way to join online" in problems[0].message


def test_a_placeholder_contact_name_is_reported_once(data: Path) -> None:
    write(data, "meetings/chicago/x.yaml", "name: X\nprogram: AA\nday: Monday\ntime: 19:00\naddress: 1 Main St\n"
                                           "contacts:\n  - name: CHANGE ME\n    email: g@example.org\n"
                                           f"last_verified: {TODAY.isoformat()}\n")
    problems = load_directory(data, today=TODAY)[1]
    assert [(p.line, p.field) for p in problems] == [(7, "contacts[1].name")]
