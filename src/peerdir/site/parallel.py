"""Share the write phase of a build across the machine's cores with fork.

Rendering and writing 10,000+ pages is independent work. Forked children inherit the loaded
directory, the compiled templates and the page frames, so nothing is pickled: each child renders
its share, writes files, and reports back one small JSON value through a pipe.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Sequence

Job = Callable[[int, int], Any]  # (share index, number of shares) -> JSON-able result


def worker_count() -> int:
    configured = os.environ.get("PEERDIR_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def run_shares(job: Job, shares: int | None = None) -> list[Any]:
    """Run `job(k, n)` for k in 0..n-1, in forked children where possible; results in k order."""
    n = shares or worker_count()
    if n <= 1 or not hasattr(os, "fork"):
        return [job(k, n) for k in range(n)]
    children: list[tuple[int, int]] = []
    for k in range(1, n):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: do share k, report, and leave without running the parent's cleanup
            os.close(read_end)
            _report_and_exit(write_end, job, k, n)
        os.close(write_end)
        children.append((pid, read_end))
    results = [job(0, n)]
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


def _report_and_exit(write_end: int, job: Job, k: int, n: int) -> None:
    status = 0
    try:
        payload = {"result": job(k, n)}
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises
        payload = {"error": f"{type(err).__name__}: {err}"}
        status = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps(payload).encode("utf-8"))
    finally:
        os._exit(status)


def share(items: Sequence[Any], k: int, n: int) -> Sequence[Any]:
    """Every n-th item from k: interleaved, so shares stay even when item costs drift."""
    return items[k::n]
