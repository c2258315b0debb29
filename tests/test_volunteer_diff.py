"""`peerdir diff BASE`: a change set made in a temporary git repository, described in plain words."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from peerdir.changes import FieldChange, collect_changes, field_changes, format_changes, plain
from peerdir.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "volunteer" / "data"
MEETINGS = Path("data/meetings/chicago")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args],
                          cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the fixture data, committed once; the base is that commit."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def change_set(repo: Path) -> str:
    """Add a meeting, change a time, remove a meeting; commit it as a pull request would."""
    base = git(repo, "rev-parse", "HEAD")
    assert main(["new", "meeting", "--region", "chicago", "--name", "Tuesday Newcomers", "--data", "data"]) == 0
    new = repo / MEETINGS / "tuesday-newcomers.yaml"
    text = new.read_text(encoding="utf-8")
    for field, value in (("location", "Example Hall"), ("address", "400 Example Blvd"), ("city", "Chicago"),
                         ("state", "IL")):
        text = text.replace(f"{field}: CHANGE ME", f"{field}: {value}")
    new.write_text(text.replace("day: Monday", "day: Tuesday"), encoding="utf-8")
    edit(repo / MEETINGS / "friday-night-group.yaml", "time: 20:00", "time: 20:30")
    git(repo, "rm", "-q", str(MEETINGS / "saturday-big-book.yaml"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a volunteer's pull request")
    return base


def test_added_changed_and_removed_listings(change_set: str):
    changes = collect_changes(Path("data"), change_set)
    summary = [(c.status, c.kind, c.name, c.path) for c in changes.listings]
    assert summary == [
        ("changed", "meeting", "Friday Night Group", "data/meetings/chicago/friday-night-group.yaml"),
        ("removed", "meeting", "Saturday Big Book", "data/meetings/chicago/saturday-big-book.yaml"),
        ("added", "meeting", "Tuesday Newcomers", "data/meetings/chicago/tuesday-newcomers.yaml"),
    ]
    (changed,) = changes.of("meeting", "changed")
    assert changed.fields == (FieldChange("time", "20:00", "20:30"),)
    assert changed.fields[0].describe() == "time: 20:00 → 20:30"
    (added,) = changes.of("meeting", "added")
    assert added.placeholders == ()
    assert added.summary == "AA · Tuesday · 19:00 · Chicago"
    assert changes.other_files == []


def test_markdown_summary_for_the_pull_request(change_set: str):
    text = format_changes(collect_changes(Path("data"), change_set), "markdown")
    assert text.startswith("## Listing changes in this pull request\n")
    assert f"Compared with `{change_set[:10]}`: **1 added, 1 changed, 1 removed**." in text
    expected = """### Meetings

**Added**

- **Tuesday Newcomers** — Chicago, IL · `data/meetings/chicago/tuesday-newcomers.yaml`
  - AA · Tuesday · 19:00 · Chicago

**Changed**

- **Friday Night Group** — Chicago, IL · `data/meetings/chicago/friday-night-group.yaml`
  - `time`: 20:00 → 20:30

**Removed**

- **Saturday Big Book** — Chicago, IL · `data/meetings/chicago/saturday-big-book.yaml`
"""
    assert expected in text
    assert "### Sober homes" not in text and "### Online communities" not in text
    assert "Files changed" in text, "the summary tells a volunteer where the red notes are"


def test_text_output_through_the_command(change_set: str, capsys):
    assert main(["diff", change_set, "--data", "data"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"Listing changes since {change_set[:10]}: 1 added, 1 changed, 1 removed."
    assert "  Changed: Friday Night Group (Chicago, IL)  data/meetings/chicago/friday-night-group.yaml" in out
    assert "    time: 20:00 → 20:30" in out


def test_uncommitted_and_untracked_files_count(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / "data/communities/peer-chat.yaml", "cost: free", "cost: free with paid tier")
    (repo / "data/communities/new-circle.yaml").write_text(
        (repo / "data/communities/sober-forum.yaml").read_text(encoding="utf-8").replace("Sober Forum", "New Circle"),
        encoding="utf-8")
    changes = collect_changes(Path("data"), base)
    assert [(c.status, c.name) for c in changes.listings] == [("added", "New Circle"), ("changed", "Peer Chat")]
    assert changes.of("community", "changed")[0].fields == (FieldChange("cost", "free", "free with paid tier"),)


def test_fields_added_removed_and_nested(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    home = repo / "data/homes/chicago/serenity-house.yaml"
    edit(home, "beds: 8\n", "cost:\n  amount: 650\n  per: month\n")
    git(repo, "commit", "-qam", "cost")
    middle = git(repo, "rev-parse", "HEAD")
    (fields,) = [c.fields for c in collect_changes(Path("data"), base).listings]
    assert [f.describe() for f in fields] == ["cost: added amount 650, per month", "beds: removed (was 8)"]
    edit(home, "amount: 650", "amount: 700")
    (fields,) = [c.fields for c in collect_changes(Path("data"), middle).listings]
    assert [f.describe() for f in fields] == ["cost amount: 650 → 700"]


def test_comment_only_edits_are_not_changes(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    path = repo / MEETINGS / "monday-step-study.yaml"
    path.write_text("# checked the flyer\n" + path.read_text(encoding="utf-8").replace("time: 19:00", "time:   19:00"),
                    encoding="utf-8")
    changes = collect_changes(Path("data"), base)
    assert changes.listings == []
    assert "No listings were added, changed or removed" in format_changes(changes, "markdown")


def test_a_move_to_another_region_and_name(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "mv", str(MEETINGS / "monday-step-study.yaml"), "data/meetings/online/monday-steps.yaml")
    target = repo / "data/meetings/online/monday-steps.yaml"
    edit(target, "address: 100 Example Ave\n", "timezone: America/Chicago\nconference_url: https://example.org/j/1\n")
    (change,) = collect_changes(Path("data"), base).listings
    assert change.status == "changed" and change.old_path == "data/meetings/chicago/monday-step-study.yaml"
    described = [f.describe() for f in change.fields]
    assert described[:2] == ["file name: monday-step-study.yaml → monday-steps.yaml", "region: chicago → online"]
    assert "address: removed (was 100 Example Ave)" in described
    assert "conference_url: added https://example.org/j/1" in described


def test_template_text_and_unreadable_files_are_pointed_out(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    assert main(["new", "home", "--region", "chicago", "--name", "Unfinished House", "--data", "data"]) == 0
    (repo / "data/communities/broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    changes = collect_changes(Path("data"), base)
    home = changes.of("home", "added")[0]
    assert home.placeholders == ("operator", "city", "state")
    broken = changes.of("community", "added")[0]
    assert broken.name == "broken" and broken.unreadable and broken.unreadable.startswith("line ")
    text = format_changes(changes, "markdown")
    assert "⚠️ still has template text (CHANGE ME) in: operator, city, state" in text
    assert "⚠️ the file cannot be read" in text


def test_other_data_files_and_listing_text_escaped(repo: Path):
    base = git(repo, "rev-parse", "HEAD")
    with (repo / "data/regions.yaml").open("a", encoding="utf-8") as out:
        out.write("denver:\n  name: Denver\n  timezone: America/Denver\n")
    edit(repo / MEETINGS / "monday-step-study.yaml", "name: Monday Step Study",
         "name: Monday <b>Step</b> [Study](https://evil.example)")
    changes = collect_changes(Path("data"), base)
    assert changes.other_files == ["data/regions.yaml"]
    text = format_changes(changes, "markdown")
    assert "### Other data files\n\n- `data/regions.yaml`" in text
    assert "<b>" not in text and "[Study](" not in text
    assert "Monday \\<b\\>Step\\</b\\> \\[Study\\](https://evil.example)" in text


def test_unknown_base_is_a_usage_error(repo: Path, capsys):
    assert main(["diff", "0" * 40, "--data", "data"]) == 2
    assert "is not a commit in this repository" in capsys.readouterr().err


def test_outside_a_git_repository(tmp_path: Path, monkeypatch, capsys):
    shutil.copytree(FIXTURE, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["diff", "HEAD", "--data", "data"]) == 2
    assert "peerdir diff:" in capsys.readouterr().err


def test_plain_values():
    assert plain(["1", "3"]) == "1, 3"
    assert plain([{"name": "Maria K.", "email": "m@example.org"}]) == "name Maria K., email m@example.org"
    assert plain(None) == "(empty)"
    assert plain("x" * 200).endswith("…") and len(plain("x" * 200)) == 80
    assert field_changes({"a": "1"}, {"a": "1"}) == []
