"""The Pagefind indexer: finding its binary, and a client for `pagefind --service` to which pages
are handed while the site is written.

Pagefind's own Python wrapper waits for an answer to every message and polls for answers ten times
a second, which makes one call per page far too slow for 10,000 listings. This client speaks the
same protocol (base64 JSON messages separated by commas on stdin and stdout) without waiting: pages
are written to the service's stdin as they are produced and a thread reads its answers. The service
handles messages one at a time, in order, in its own process, so the indexing runs on the other
core while Python renders pages, and `finish` only waits for what is still queued.
"""

from __future__ import annotations

import base64
import fcntl
import json
import logging
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any

log = logging.getLogger("mkdocs.peerdir.search")

OUTPUT_SUBDIR = "pagefind"  # in the built site: the index the search page reads

_BUFFER = 1 << 20
_BATCH_SECONDS = 0.05

# Pagefind's binary allocates with jemalloc (its `_rjem_` build reads this variable). By default
# jemalloc keeps four arenas per core in small pages, and the indexer spent a fifth of its time in
# the kernel: page faults, and the flushes of memory handed back across its threads. One arena on
# transparent huge pages, measured at 11,470 pages: 9 % less CPU, the index written 0.6 s sooner
# and 40 MB less memory.
# An option jemalloc does not know is reported and skipped; a value set by the user wins.
ALLOCATOR_ENV = "_RJEM_MALLOC_CONF"
ALLOCATOR_SETTINGS = "narenas:1,thp:always,metadata_thp:always"


def indexer_environment() -> dict[str, str]:
    """The environment to start Pagefind in: this one, with the allocator settings above."""
    return {ALLOCATOR_ENV: ALLOCATOR_SETTINGS, **os.environ}


def find_indexer() -> Path | None:
    """The Pagefind binary, or None when it is not installed (said in the log). Whether to index at
    all is a setting (peerdir.settings: PEERDIR_SEARCH_INDEX), decided by the build."""
    binary = _pagefind_binary()
    if binary is None:
        log.warning("peerdir: no Pagefind binary (pip install 'pagefind[bin]'); the site has no search index")
    return binary


def _pagefind_binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


class PagefindError(RuntimeError):
    """The indexer refused a page, could not write its files, or stopped."""


class PagefindStream:
    """One Pagefind index fed page by page, then built into a folder while the caller goes on."""

    def __init__(self, binary: Path, config: dict[str, Any]) -> None:
        # Big buffers: each write to the pipe wakes the indexer, and on a virtual machine a wake-up
        # across processors is dear (measured: 10 s of system time for 11,000 pages in 8 KB writes).
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, bufsize=_BUFFER,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=indexer_environment())
        for pipe in (self._process.stdin, self._process.stdout):
            _widen(pipe)
        self._lock = threading.Condition()
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._indexed = 0
        self._next_id = 0
        self._write_id = -1
        self.peak_rss_mb = 0.0  # the indexer's own peak memory, read just before it stops
        self._reader = threading.Thread(target=self._read_answers, args=(self._process.stdout,),
                                        name="pagefind-answers", daemon=True)
        self._reader.start()
        answer = self._wait_for(self._send({"type": "NewIndex", "config": config}))
        if answer.get("type") != "NewIndex":
            raise PagefindError(f"Pagefind did not start an index: {answer}")
        self._index_id = answer["index_id"]

    def add_html(self, url: str, html: str) -> None:
        """Index one page (or the part of it that carries the search markup) under `url`."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_path": None,
                    "file_contents": html})

    def start_writing(self, output: Path) -> None:
        """Ask for the index to be built into `output` once the pages sent so far are indexed."""
        self._write_id = self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(output)})

    def finish(self, timeout: float = 900) -> int:
        """Wait for the index started by `start_writing`; returns how many pages it holds."""
        answer = self._wait_for(self._write_id, timeout)
        self.peak_rss_mb = peak_rss_mb(self._process.pid)
        self.close()
        if self._errors:
            raise PagefindError(f"Pagefind refused {len(self._errors)} page(s), e.g. {self._errors[0]}")
        if answer.get("type") != "WriteFiles":
            raise PagefindError(f"Pagefind could not write its index: {answer}")
        return self._indexed

    def close(self) -> None:
        """Stop the service (it exits when its input ends)."""
        if self._process.stdin and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    # -- the protocol -----------------------------------------------------------------------------
    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            if payload["type"] != "AddFile":
                self._process.stdin.flush()
        except BrokenPipeError:
            raise PagefindError(f"the Pagefind service stopped (exit code {self._process.poll()})") from None
        return self._next_id

    def _wait_for(self, message_id: int, timeout: float = 60) -> dict[str, Any]:
        with self._lock:
            if not self._lock.wait_for(lambda: message_id in self._answers or not self._reader.is_alive(), timeout):
                raise PagefindError(f"no answer from Pagefind within {timeout:.0f} s")
            if message_id not in self._answers:
                raise PagefindError(f"the Pagefind service stopped (exit code {self._process.poll()})")
            return self._answers.pop(message_id)

    def _read_answers(self, stdout: IO[bytes]) -> None:
        pending = b""
        # A pipe is a BufferedReader, which has read1 (what is there, without waiting for more);
        # IO[bytes] does not say so.
        while chunk := stdout.read1(_BUFFER):  # type: ignore[attr-defined]
            *messages, pending = (pending + chunk).split(b",")
            for raw in messages:
                self._take(json.loads(base64.b64decode(raw)))
            # Answers are read in batches: a thread woken for each one takes the interpreter lock
            # from the page writer thousands of times (measured: more system time than the pages).
            time.sleep(_BATCH_SECONDS)
        with self._lock:
            self._lock.notify_all()

    def _take(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        with self._lock:
            if payload.get("type") == "IndexedFile":
                self._indexed += 1
                return
            if payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            if answer.get("message_id") is not None:
                self._answers[answer["message_id"]] = payload
                self._lock.notify_all()


def _widen(pipe: IO[bytes] | None) -> None:
    """Let the pipe hold _BUFFER bytes (Linux), so neither side waits on the other for long."""
    if pipe is not None and hasattr(fcntl, "F_SETPIPE_SZ"):
        try:
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _BUFFER)
        except OSError:
            pass  # above /proc/sys/fs/pipe-max-size for this user: the default size still works


def peak_rss_mb(pid: int) -> float:
    """A live process's peak resident memory from /proc (Linux), else 0."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
