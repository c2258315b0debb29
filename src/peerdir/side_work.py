"""Work a build does beside its pages, in a forked child (`Forked`) or, as always, after them.

The feeds, calendars, print sheets, embeds and day data depend only on the loaded directory, and
cost a quarter of a big build's time in the build's own process (60,000 meetings: 13 s of 46 s of
CPU), all of it after the pages, while the second processor had little left to do. Forked as soon
as the data is loaded, a child writes them while this process renders and writes the pages, and
the build waits for it before the site is published. The result is the same files either way
(tests/test_side_work.py builds a site both ways and compares them byte for byte).

The child is forked before the search indexer's threads start (a forked child keeps only the
thread that forked it), never in `mkdocs serve` (its rebuilds run beside a web server's threads),
and only on Linux. Should the child fail, its work is done here when the build waits for it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from peerdir import collector

# From this many listings the side work is forked. At 10,000 meetings (11,333 listings) the build
# is bound by the search indexer, which a third busy process only slows: on a busy machine three
# rounds each way took 45.8-54.1 s as one process and 49.0-60.9 s forked, for the same CPU time.
FORK_LISTINGS = 20_000


@dataclass(frozen=True)
class Done:
    """How the side work went: where it ran, its wall and CPU seconds, and a child's error, if any."""

    where: str  # "here" or "child"
    seconds: float
    cpu_seconds: float
    error: str | None = None


class Forked:
    """The work runs in a child forked now; `wait` collects it (or does it here if the child failed)."""

    def __init__(self, work: Callable[[], object]):
        self._work = work
        collector.freeze_survivors()  # the collector of neither process touches the shared heap again
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _run_child(work, write_end)
        os.close(write_end)
        self._pid: int | None = pid
        self._pipe = os.fdopen(read_end, "rb")

    def wait(self) -> Done:
        if self._pid is None:
            raise RuntimeError("Forked.wait after wait or cancel")
        report = self._pipe.read()
        self._pipe.close()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        try:
            done = Done(**json.loads(report)) if report else None
        except (ValueError, TypeError):
            done = None
        if done is not None and status == 0 and done.error is None:
            return done
        error = done.error if done is not None else f"the child stopped (status {status})"
        again = _timed("here", self._work)  # whatever the child failed at fails here as it would have
        return Done(again.where, again.seconds, again.cpu_seconds, error)

    def cancel(self) -> None:
        """A failed build: the child is stopped and its half-written files go with the staged folder."""
        if self._pid is not None:
            try:
                os.kill(self._pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None
            self._pipe.close()


def _timed(where: str, work: Callable[[], object]) -> Done:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return Done(where, time.perf_counter() - start, time.process_time() - cpu)


def _run_child(work: Callable[[], object], write_end: int) -> None:
    """In the forked child: do the work, report how it went, and leave at once (no exit handlers or
    buffers of the parent's run twice). Short-lived: no collection of cycles, which would also copy
    the shared heap page by page."""
    status = 1
    try:
        collector.disable()
        try:
            done = _timed("child", work)
            status = 0
        except BaseException:  # noqa: BLE001 - reported to the parent, which does the work again
            done = Done("child", 0.0, 0.0, traceback.format_exc(limit=5)[-2000:])
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps(done.__dict__).encode("utf-8"))
    finally:
        os._exit(status)


def can_fork(listings: int) -> bool:
    # Linux only (fork is unsafe on macOS and missing on Windows), never beside other threads.
    return listings >= FORK_LISTINGS and sys.platform == "linux" and threading.active_count() == 1


def should_fork(listings: int, fork: bool | None = None) -> bool:
    """Whether to fork the side work (`fork`: True or False to choose, where it is safe; None: by
    the count of `listings`)."""
    if fork is False:
        return False
    return can_fork(FORK_LISTINGS if fork else listings)
