"""Symbolic links and special files in data/ and content/ are refused, never followed, read or echoed.

A pull request can commit a link to any path on the machine that builds the site; if the loader
followed it, the linked file would be published, or quoted in an error message.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from peerdir.changes import collect_changes, format_changes
from peerdir.loading import load_directory
from peerdir.yamlfile import read_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "volunteer" / "data"
TODAY = dt.date(2026, 11, 23)
SECRET = "SECRET-TOKEN-4242"
LINK_MESSAGE = "is a symbolic link; commit the file itself"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "data")
    (tmp_path / "content" / "articles").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    # Valid as a listing, so a loader that followed the link would publish it.
    (outside / "secret.yaml").write_text(
        f"name: {SECRET}\nurl: https://example.org\nformat: forum\napproach: secular\ncost: free\n"
        "anonymous: true\nmoderated: true\nlast_verified: 2026-11-01\n", encoding="utf-8")
    (outside / "folder").mkdir()
    shutil.copy(outside / "secret.yaml", outside / "folder" / "inside.yaml")
    return tmp_path


def load(project: Path) -> tuple[list[str], list[str]]:
    """(names of the listings loaded, problem lines)."""
    directory, problems = load_directory(project / "data", project / "content", today=TODAY)
    names = [listing.name for listing in [*directory.meetings, *directory.homes, *directory.communities]]
    return names, [problem.as_text() for problem in problems]


def test_a_linked_listing_is_refused_at_its_own_path_and_never_read(project: Path) -> None:
    link = project / "data" / "communities" / "linked.yaml"
    link.symlink_to(project / "outside" / "secret.yaml")
    names, problems = load(project)
    assert SECRET not in " ".join(names) and SECRET not in "\n".join(problems)
    (line,) = [p for p in problems if "linked.yaml" in p]
    assert line.startswith(f"{project / 'data' / 'communities' / 'linked.yaml'}:1:1:") and LINK_MESSAGE in line
    assert "Peer Chat" in names, "the other listings still load"


def test_a_linked_region_folder_and_a_dangling_link_are_refused(project: Path) -> None:
    (project / "data" / "meetings" / "elsewhere").symlink_to(project / "outside" / "folder")
    (project / "data" / "homes" / "chicago" / "gone.yaml").symlink_to(project / "nowhere.yaml")
    names, problems = load(project)
    assert SECRET not in " ".join(names) + "\n".join(problems)
    assert any("meetings/elsewhere:1:1" in p and LINK_MESSAGE in p for p in problems), problems
    assert any("homes/chicago/gone.yaml:1:1" in p and LINK_MESSAGE in p for p in problems), problems


def test_a_fifo_is_refused_without_waiting_for_a_writer(project: Path) -> None:
    os.mkfifo(project / "data" / "communities" / "pipe.yaml")
    _, problems = load(project)  # an open() that blocked would hang here
    assert any("pipe.yaml:1:1" in p and "is not a plain file" in p for p in problems), problems


def test_links_anywhere_in_content_and_a_linked_regions_file_are_refused(project: Path) -> None:
    content = project / "content"
    (content / "notes.md").symlink_to(project / "outside" / "secret.yaml")
    (content / "articles" / "cravings.md").symlink_to(project / "outside" / "secret.yaml")
    (content / "deep" / "er").mkdir(parents=True)
    (content / "deep" / "er" / "img.png").symlink_to(project / "outside" / "secret.yaml")
    regions = project / "data" / "regions.yaml"
    shutil.move(regions, project / "outside" / "regions.yaml")
    regions.symlink_to(project / "outside" / "regions.yaml")
    _, problems = load(project)
    for shown in ("content/notes.md", "content/articles/cravings.md", "content/deep/er/img.png", "data/regions.yaml"):
        assert sum(shown in p and LINK_MESSAGE in p for p in problems) == 1, (shown, problems)
    assert SECRET not in "\n".join(problems)


def test_the_reader_itself_never_follows_a_link_or_opens_a_fifo(tmp_path: Path) -> None:
    target = tmp_path / "target.yaml"
    target.write_text("name: x\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(target)
    os.mkfifo(tmp_path / "pipe.yaml")
    assert read_bytes(target) == b"name: x\n"
    for name in ("link.yaml", "pipe.yaml"):
        with pytest.raises(OSError):
            read_bytes(tmp_path / name)


def test_diff_names_a_linked_listing_without_showing_what_it_points_at(project: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c",
                               "commit.gpgsign=false", *args], cwd=project, capture_output=True, text=True,
                              check=True).stdout.strip()

    git("init", "-q", "-b", "main")
    git("add", "data")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD")
    (project / "data" / "communities" / "linked.yaml").symlink_to(project / "outside" / "secret.yaml")
    monkeypatch.chdir(project)
    text = format_changes(collect_changes(Path("data"), base), "markdown")
    assert "linked" in text and LINK_MESSAGE.split(";")[0] in text
    assert SECRET not in text
