"""Share the write phase of a build across the machine's cores with fork.

Rendering and writing 10,000+ pages is independent work. Forked children inherit the loaded
directory, the compiled templates and the page frames, so nothing is pickled: each child renders
its share, writes files, and reports back one small JSON value through a pipe.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Sequence

Job = Callable[[], Any]  # returns a JSON-able result


def worker_count() -> int:
    configured = os.environ.get("PEERDIR_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def run_parallel(jobs: Sequence[Job]) -> list[Any]:
    """Run each job in its own forked child (the first in this process); results in job order."""
    if len(jobs) <= 1 or not hasattr(os, "fork") or worker_count() <= 1:
        return [job() for job in jobs]
    children: list[tuple[int, int]] = []
    for job in jobs[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: run the job, report, and leave without running the parent's cleanup
            os.close(read_end)
            _report_and_exit(write_end, job)
        os.close(write_end)
        children.append((pid, read_end))
    results = [jobs[0]()]
    failures = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            message = json.loads(pipe.read() or b'{"error": "worker exited without a result"}')
        os.waitpid(pid, 0)
        if "error" in message:
            failures.append(message["error"])
        results.append(message.get("result"))
    if failures:
        raise RuntimeError("a build worker failed: " + "; ".join(failures))
    return results


def _report_and_exit(write_end: int, job: Job) -> None:
    status = 0
    try:
        payload = {"result": job()}
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises
        payload = {"error": f"{type(err).__name__}: {err}"}
        status = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps(payload).encode("utf-8"))
    finally:
        os._exit(status)
