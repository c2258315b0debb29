"""What every `peerdir import FORMAT` does around its importer: check the files named, print the report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from peerdir.formats.meeting_guide_import import SourceError


class Report(Protocol):
    """An importer's report (the Meeting Guide importer's, or BMLT's around it)."""

    @property
    def ok(self) -> bool: ...

    def lines(self) -> list[str]: ...


def run_import(make_report: Callable[[], Report], *paths: Path | None) -> int:
    """Exit 2 when a named file is missing or the source is refused; else print the report, 0 or 1."""
    for path in paths:
        if path is not None and not path.is_file():
            print(f"peerdir: source '{path}' does not exist", file=sys.stderr)
            return EXIT_USAGE
    try:
        report = make_report()
    except SourceError as err:
        print(f"peerdir: {err}", file=sys.stderr)
        return EXIT_USAGE
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_INVALID
