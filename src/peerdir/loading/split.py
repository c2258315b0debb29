"""Loading split between processes: one seam, `Splitter`, so that tests choose how without patching the OS.

A splitter is handed the listing files and `load_part`, which loads some of them into fresh
containers and returns (found, problems); it returns the results of every part, in file order.
The loader merges them and sorts: the result is the same however the files were split.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any, NoReturn, Protocol

from peerdir.diagnostics import Problem
from peerdir.loading.files import Found, ListingFile

Part = tuple[Found, list[Problem]]
LoadPart = Callable[[list[ListingFile]], Part]
Send = Callable[[Part, Any], None]  # (part, binary file) -> None, in the child

# From this many listing files a load is split between two processes (see ForkedSplitter).
PARALLEL_FILES = 2_000


class Splitter(Protocol):
    def run(self, files: list[ListingFile], load_part: LoadPart) -> list[Part]: ...


class InProcess:
    """Every file here, in `parts` parts one after the other (tests split without a second process)."""

    def __init__(self, parts: int = 1):
        self.parts = parts

    def run(self, files: list[ListingFile], load_part: LoadPart) -> list[Part]:
        size = -(-len(files) // self.parts) or 1
        return [load_part(files[start : start + size]) for start in range(0, len(files), size)] or [load_part([])]


def _pickle(part: Part, pipe: Any) -> None:
    pickle.dump(part, pipe, protocol=pickle.HIGHEST_PROTOCOL)


class ForkedSplitter:
    """The second half of the files in a forked child, the first half here, at the same time.

    Loading is pure CPU work, and while it runs a build has nothing else for the second
    processor to do. Validated listings pickle quickly (5,000 meetings: 0.06 s out, 0.09 s in),
    so the child sends back what it found and reported. Should the child fail, its half is loaded here.
    `send` is how the child sends (tests give one that fails).
    """

    def __init__(self, send: Send = _pickle):
        self.send = send
        self.forks = 0  # children started: tests check a split really happened

    def run(self, files: list[ListingFile], load_part: LoadPart) -> list[Part]:
        half = len(files) // 2
        mine, theirs = files[:half], files[half:]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            self._load_and_send(theirs, load_part, write_end)
        self.forks += 1
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            try:
                parts = [load_part(mine)]
                received = _received(pipe)
            finally:
                pipe.close()  # first: a child still sending gets an error instead of waiting forever
                os.waitpid(pid, 0)
        parts.append(received if received is not None else load_part(theirs))
        return parts

    def _load_and_send(self, files: list[ListingFile], load_part: LoadPart, write_end: int) -> NoReturn:
        """In the forked child: load `files`, send what was found and reported, and leave at once
        (no exit handlers or buffers of the parent's run twice)."""
        status = 1
        try:
            part = load_part(files)
            with os.fdopen(write_end, "wb") as pipe:
                self.send(part, pipe)
            status = 0
        finally:
            os._exit(status)


def _received(pipe: Any) -> Part | None:
    """What the loading child sent; None when it died or sent nothing (its half is loaded again)."""
    try:
        return pickle.load(pipe)
    except Exception:  # noqa: BLE001 - any failure of the child means the same: load its half here
        return None


def can_fork(files: int) -> bool:
    # Linux only (fork is unsafe on macOS and missing on Windows), and never beside other threads,
    # which a forked child would lose mid-step (a `mkdocs serve` rebuild, a test's web server).
    return files >= PARALLEL_FILES and sys.platform == "linux" and threading.active_count() == 1


def choose_splitter(files: int) -> Splitter:
    """Two processes for a big load where forking is safe; one otherwise."""
    return ForkedSplitter() if can_fork(files) else InProcess()
