"""A sober home is a place: it cannot be filed under an online-only region (one without a time zone),
and `peerdir new home` does not offer such a region."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.loading import load_directory

REGIONS = "chicago:\n  name: Chicago, IL\n  timezone: America/Chicago\nonline:\n  name: Online\n"
HOME = "name: Oak House\ngender: men\ncity: Chicago\nstate: IL\nlast_verified: 2026-11-01\n"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "regions.yaml").write_text(REGIONS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return folder


def write_home(data: Path, region: str) -> Path:
    path = data / "homes" / region / "oak-house.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(HOME, encoding="utf-8")
    return path


def test_a_home_in_an_online_region_is_a_problem_with_a_line_and_a_hint(data: Path) -> None:
    write_home(data, "online")
    directory, problems = load_directory(data, today=TODAY)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path.endswith("homes/online/oak-house.yaml") and problem.line == 1
    assert "online-only" in problem.message and "a home is a place" in problem.message
    assert "homes/chicago/oak-house.yaml" in problem.hint
    assert directory.homes == []  # never on the site


def test_the_same_home_in_a_region_with_a_time_zone_validates(data: Path) -> None:
    write_home(data, "chicago")
    directory, problems = load_directory(data, today=TODAY)
    assert problems == []
    assert [home.name for home in directory.homes] == ["Oak House"]


def test_validate_prints_it_as_file_line(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_home(data, "online")
    assert main(["validate", "--data", str(data)]) == 1
    out = capsys.readouterr()
    assert "homes/online/oak-house.yaml:1:1" in out.out + out.err


def test_new_home_refuses_an_online_only_region(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "home", "--region", "online", "--name", "Oak House", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "online-only" in err and "chicago" in err
    assert not (data / "homes").exists()


def test_new_home_without_a_region_lists_only_regions_with_a_place(data: Path, capsys) -> None:
    assert main(["new", "home", "--name", "Oak House", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "chicago" in err and "online" not in err


def test_new_home_asks_only_among_regions_with_a_place(data: Path, monkeypatch, capsys) -> None:
    answers = iter(["chicago", "Oak House"])
    monkeypatch.setattr("peerdir.commands.new._interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["new", "home", "--data", str(data)]) == 0
    assert "online" not in capsys.readouterr().err
    assert (data / "homes" / "chicago" / "oak-house.yaml").is_file()


def test_new_meeting_still_offers_the_online_region(data: Path) -> None:
    assert main(["new", "meeting", "--region", "online", "--name", "Night Owls", "--data", str(data)]) == 0
