"""The garbage collector's policy for peerdir's long passes, in one place.

A load or a build makes many objects that either live to its end (listings, rendered pages) or die
young without cycles (parse trees): the cycle collector's passes over them are wasted work.
- `paused()` around a load: no cycle collection at all (~10% of a big load);
- `freeze_survivors()` during a build: what exists so far is moved out of the collector's sight
  (measured: writing 10,000s of pages took twice as long without it);
- `hold()` from a build's rendering to its end: survivors frozen and no automatic collection at
  all (the passes over a growing heap of pages, 0.7 s of CPU at 20,000 meetings); the build collects
  once before writing (`freeze_survivors`), and `release()` at its end lets the collector run again;
- `thaw()` when the next build starts, so a `mkdocs serve` rebuild can collect the last build's objects.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def freeze_survivors() -> None:
    gc.collect()
    gc.freeze()


def hold() -> None:
    freeze_survivors()
    gc.disable()


def release() -> None:
    gc.enable()


def disable() -> None:
    """For good: a short-lived forked child, whose collections would copy the shared heap page by page."""
    gc.disable()


def thaw() -> None:
    gc.unfreeze()
