"""One failing example per validation rule, tldr-lint style.

Each folder under tests/rules/ is a tiny directory (data/regions.yaml plus the bad file or files,
or content/articles/… for article rules) and an `expected.txt` holding exactly the lines
`peerdir validate` prints for it, with paths relative to the rule folder. Lines starting with `#`
in expected.txt are notes for readers and are ignored.

To add a rule: make the folder, then run

    PEERDIR_UPDATE_EXPECTED=1 .venv/bin/pytest tests/test_rules.py -k <rule>

and read the expected.txt it writes: it is the message a volunteer will see, so it must say what
was found, what was expected and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from peerdir.diagnostics import Problem
from peerdir.loading import load_directory

RULES = Path(__file__).resolve().parent / "rules"
TODAY = dt.date(2026, 11, 23)
UPDATE = os.environ.get("PEERDIR_UPDATE_EXPECTED") == "1"
RULE_NAMES = sorted(p.name for p in RULES.iterdir() if p.is_dir())


def validate_rule(folder: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    """Validate a copy of `folder` from inside it, so that paths print relative to the rule folder."""
    copy = work / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("expected.txt"))
    monkeypatch.chdir(copy)
    content = Path("content") if Path("content").is_dir() else None
    _, problems = load_directory(Path("data"), content, today=TODAY)
    return problems


def run_rule(folder: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [problem.as_text() for problem in validate_rule(folder, work, monkeypatch)]


def read_expected(folder: Path) -> tuple[list[str], list[str]]:
    """(note lines, expected problem lines) of a rule's expected.txt."""
    path = folder / "expected.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    notes = [line for line in lines if line.startswith("#")]
    return notes, [line for line in lines if line.strip() and not line.startswith("#")]


def test_every_rule_folder_has_data_and_expected_output() -> None:
    assert len(RULE_NAMES) >= 30
    for name in RULE_NAMES:
        folder = RULES / name
        assert (folder / "data").is_dir() or (folder / "content").is_dir(), f"{name}: no data/ or content/"
        assert UPDATE or (folder / "expected.txt").is_file(), f"{name}: no expected.txt"


@pytest.mark.parametrize("name", RULE_NAMES)
def test_rule(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = RULES / name
    actual = run_rule(folder, tmp_path, monkeypatch)
    notes, expected = read_expected(folder)
    if UPDATE:
        (folder / "expected.txt").write_text("\n".join([*notes, *actual]) + "\n", encoding="utf-8")
        return
    assert actual, f"{name}: the example is meant to fail, but no problem was found"
    assert actual == expected


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_problem_says_how_to_fix_it(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Volunteers read these in the GitHub web editor: what was found, what is expected, what to do."""
    for problem in validate_rule(RULES / name, tmp_path, monkeypatch):
        assert problem.message and problem.hint, problem.as_text()
        assert problem.line >= 1 and problem.col >= 1
        assert "None" not in problem.message and "Traceback" not in problem.message, problem.as_text()


def test_many_files_every_problem_in_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One run reports every bad file, and every problem within a file, not just the first."""
    actual = run_rule(RULES / "many-files", tmp_path, monkeypatch)
    files_with_problems = {line.split(":", 1)[0] for line in actual}
    all_files = {p.relative_to(tmp_path / "many-files").as_posix()
                 for p in (tmp_path / "many-files").rglob("*") if p.is_file()}
    good = {"data/meetings/chicago/ok-meeting.yaml"}
    assert files_with_problems == all_files - good
    friday = [line for line in actual if line.startswith("data/meetings/chicago/friday-night-group.yaml:")]
    assert len(friday) == 3  # program, day and time: all three, not the first only


def test_billion_laughs_is_refused_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.perf_counter()
    actual = run_rule(RULES / "billion-laughs", tmp_path, monkeypatch)
    assert time.perf_counter() - start < 2.0
    assert len(actual) == 1 and "anchor or alias" in actual[0]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = RULES / "file-too-large" / "data/meetings/chicago/friday-night-group.yaml"
    assert big.stat().st_size > 256 * 1024
    assert run_rule(RULES / "file-too-large", tmp_path, monkeypatch)[0].endswith(
        "(a listing is a few dozen lines: check that nothing was pasted into it by mistake)")


def test_listings_in_a_region_with_a_broken_entry_are_checked_but_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "region-entry-invalid"
    shutil.copytree(RULES / "region-entry-invalid", copy, ignore=shutil.ignore_patterns("expected.txt"))
    monkeypatch.chdir(copy)
    directory, problems = load_directory(Path("data"), today=TODAY)
    assert any(p.path.endswith("funday-group.yaml") for p in problems)  # still checked
    assert not any("not listed" in p.message for p in problems)  # chicago *is* listed, just broken
    assert directory.meetings == [] and "chicago" not in directory.regions
