"""A big load is split between two processes; the result must be exactly one process's result."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import peerdir.directory
from peerdir.directory import load_directory

TODAY = dt.date(2026, 11, 23)
SAMPLE = Path(__file__).resolve().parent.parent / "data"


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


def _load(data: Path, monkeypatch: pytest.MonkeyPatch, *, parallel: bool) -> tuple[Any, list, int]:
    forks = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(peerdir.directory, "_can_fork", lambda files: parallel)
    monkeypatch.setattr(peerdir.directory.os, "fork", counting_fork)
    directory, problems = load_directory(data, today=TODAY)
    return directory, problems, len(forks)


def _listings(directory: Any) -> list:
    return [*directory.meetings, *directory.homes, *directory.communities]


def test_two_processes_find_and_report_what_one_does(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, one_problems, one_forks = _load(data, monkeypatch, parallel=False)
    two, two_problems, two_forks = _load(data, monkeypatch, parallel=True)
    assert (one_forks, two_forks) == (0, 1)
    assert _listings(two) == _listings(one) and len(_listings(one)) > 20
    assert [m.source for m in two.meetings] == [m.source for m in one.meetings]  # the same order
    assert two_problems == one_problems
    shown = {p.path.rsplit("/", 1)[-1] for p in two_problems}
    assert shown == {"aaa-broken.yaml", "zzz-broken.yaml"}  # a problem from each half
    assert two.files_checked == one.files_checked


def test_a_failed_child_leaves_its_half_to_the_parent(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, one_problems, _ = _load(data, monkeypatch, parallel=False)

    def broken_dump(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the child cannot send")  # only the child sends

    monkeypatch.setattr(peerdir.directory.pickle, "dump", broken_dump)
    two, two_problems, forks = _load(data, monkeypatch, parallel=True)
    assert forks == 1
    assert _listings(two) == _listings(one) and two_problems == one_problems


def test_small_loads_and_threaded_processes_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    can_fork = peerdir.directory._can_fork
    monkeypatch.setattr(peerdir.directory.sys, "platform", "linux")
    monkeypatch.setattr(peerdir.directory.threading, "active_count", lambda: 1)
    assert can_fork(peerdir.directory.PARALLEL_FILES) and not can_fork(peerdir.directory.PARALLEL_FILES - 1)
    monkeypatch.setattr(peerdir.directory.threading, "active_count", lambda: 2)
    assert not can_fork(10 * peerdir.directory.PARALLEL_FILES)
