"""The feeds, calendars, print sheets, embeds and day data may be written by a forked child while the
build renders its pages (`peerdir.side_work`): the site must be byte for byte the one written the slow,
obvious way, after the pages in the build's own process; a child that fails leaves its work to the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from peerdir import side_work
from tests.conftest import SAMPLE_TODAY, copy_project

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the side work is forked on Linux only")


def _build(project: Path, site: Path, fork: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": SAMPLE_TODAY.isoformat(),
           "PEERDIR_SEARCH_INDEX": "0", "PEERDIR_FORK_EXTRAS": fork, "SOURCE_DATE_EPOCH": "1795392000"}
    env.pop("PEERDIR_DATA", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_forked_child_writes_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    here = _build(project, tmp_path / "here", "0")
    forked = _build(project, tmp_path / "forked", "1")
    assert "in a forked child" in forked and "in a forked child" not in here
    one, two = _files(tmp_path / "here"), _files(tmp_path / "forked")
    assert any(name.endswith("meeting.ics") for name in one) and "feeds/meeting-guide.json" in one
    assert sorted(two) == sorted(one)
    assert [name for name in one if one[name] != two[name]] == []


def test_a_failed_child_leaves_its_work_to_the_build(tmp_path: Path) -> None:
    parent, target = os.getpid(), tmp_path / "feed.json"

    def work() -> None:
        if os.getpid() != parent:
            raise OSError("No space left on device")
        target.write_text("written here", encoding="utf-8")

    done = side_work.Forked(work).wait()
    assert done.where == "here" and "No space left on device" in (done.error or "")
    assert target.read_text(encoding="utf-8") == "written here"


def test_a_child_that_dies_leaves_its_work_to_the_build(tmp_path: Path) -> None:
    parent, target = os.getpid(), tmp_path / "feed.json"

    def work() -> None:
        if os.getpid() != parent:
            os._exit(3)
        target.write_text("written here", encoding="utf-8")

    done = side_work.Forked(work).wait()
    assert done.where == "here" and "status" in (done.error or "")
    assert target.exists()


def test_the_child_does_the_work_once(tmp_path: Path) -> None:
    target = tmp_path / "feed.json"

    def work() -> None:
        with target.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")

    done = side_work.Forked(work).wait()
    assert done.where == "child" and done.error is None
    assert target.read_text(encoding="utf-8").split() != [str(os.getpid())]
    assert len(target.read_text(encoding="utf-8").split()) == 1


def test_a_cancelled_child_is_stopped(tmp_path: Path) -> None:
    work = side_work.Forked(lambda: __import__("time").sleep(60))
    work.cancel()  # returns at once: the child is killed and reaped
    with pytest.raises(RuntimeError):
        work.wait()


def test_forked_only_where_safe_and_worth_it() -> None:
    assert not side_work.should_fork(side_work.FORK_LISTINGS - 1)
    assert side_work.should_fork(side_work.FORK_LISTINGS - 1, fork=True) == side_work.can_fork(side_work.FORK_LISTINGS)
    assert not side_work.should_fork(10 * side_work.FORK_LISTINGS, fork=False)
