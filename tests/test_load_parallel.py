"""A big load is split between processes behind one seam, `Splitter`; the result must be exactly one
process's result, however the files are split."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from peerdir.loading import load_directory
from peerdir.loading.split import PARALLEL_FILES, ForkedSplitter, InProcess, can_fork, choose_splitter

TODAY = dt.date(2026, 11, 23)
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample" / "data"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample data plus a broken listing in the first and in the last region (both halves)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLE, "data")
    root = Path("data")
    (root / "meetings" / "chicago" / "aaa-broken.yaml").write_text("name: Broken\nprogram: AA\nday: Fryday\n",
                                                                     encoding="utf-8")
    (root / "meetings" / "palm-beach" / "zzz-broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    return root


def _listings(directory: Any) -> list:
    return [*directory.meetings, *directory.homes, *directory.communities]


def _same(one: tuple[Any, list], two: tuple[Any, list]) -> None:
    (first, first_problems), (second, second_problems) = one, two
    assert _listings(second) == _listings(first) and len(_listings(first)) > 20
    assert [m.source for m in second.meetings] == [m.source for m in first.meetings]  # the same order
    assert second_problems == first_problems
    assert second.files_checked == first.files_checked


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_any_split_finds_and_reports_what_one_process_does(data: Path, parts: int) -> None:
    one = load_directory(data, today=TODAY, splitter=InProcess())
    split = load_directory(data, today=TODAY, splitter=InProcess(parts))
    _same(one, split)
    shown = {p.path.rsplit("/", 1)[-1] for p in split[1]}
    assert shown == {"aaa-broken.yaml", "zzz-broken.yaml"}  # a problem from the first and the last part


def test_the_forked_child_gives_one_process_s_result(data: Path) -> None:
    one = load_directory(data, today=TODAY, splitter=InProcess())
    forked = ForkedSplitter()
    _same(one, load_directory(data, today=TODAY, splitter=forked))
    assert forked.forks == 1


def test_a_failed_child_leaves_its_half_to_the_parent(data: Path) -> None:
    def broken_send(part: Any, pipe: Any) -> None:
        raise RuntimeError("the child cannot send")  # only the child sends

    one = load_directory(data, today=TODAY, splitter=InProcess())
    forked = ForkedSplitter(send=broken_send)
    _same(one, load_directory(data, today=TODAY, splitter=forked))
    assert forked.forks == 1


def test_small_loads_stay_in_one_process() -> None:
    assert not can_fork(PARALLEL_FILES - 1)
    assert isinstance(choose_splitter(PARALLEL_FILES - 1), InProcess)


def test_threaded_processes_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a test's web server, a `mkdocs serve` rebuild
    assert not can_fork(10 * PARALLEL_FILES)
