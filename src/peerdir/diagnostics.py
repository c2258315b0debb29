"""Problems found in the data, and the three ways of printing them.

A problem always names the file, the line, the field, what was found and what to do, because the
person reading it is usually a volunteer in the GitHub web editor, not a programmer.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from peerdir.output_text import inert_lines, one_line

OutputFormat = Literal["text", "github", "json"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"

    def as_github(self) -> str:
        body = (f"{self.field}: " if self.field else "") + self.message
        if self.hint:
            body += f" ({self.hint})"
        return (
            f"::error file={_gh_property(self.path)},line={self.line},col={self.col},"
            f"title={_gh_property('peerdir: ' + (self.field or 'file'))}::{_gh_data(_lines_one_by_one(body))}"
        )

    def printable(self) -> Problem:
        """The same problem with every text one printable line (values come from the data)."""
        return Problem(one_line(self.path), self.line, self.col, one_line(self.field),
                       one_line(self.message), one_line(self.hint))


class DataError(Exception):
    """Raised where a caller needs to stop on invalid data; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems, "text"))


def relative_path(path: Path, root: Path | None = None) -> str:
    """Paths in messages are relative to the working directory when they can be: shorter, clickable."""
    base = root or Path.cwd()
    try:  # abspath, not resolve: a symbolic link is named where it is, never by its target
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return path.as_posix()


def format_problems(problems: Iterable[Problem], fmt: OutputFormat) -> str:
    """Every problem, one a line, safe to print: no terminal escape, no GitHub workflow command
    but peerdir's own `::error` annotations."""
    items = sorted(problems)
    if fmt == "json":
        return json.dumps([asdict(p.printable()) for p in items], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.as_github() for p in items)
    return inert_lines("\n".join(p.printable().as_text() for p in items))


def summary_line(problems: list[Problem], files_checked: int) -> str:
    if not problems:
        return f"peerdir: {files_checked} files checked, no problems found."
    files = len({p.path for p in problems})
    s = "" if len(problems) == 1 else "s"
    f = "" if files == 1 else "s"
    return f"peerdir: {len(problems)} problem{s} in {files} file{f} ({files_checked} files checked)."


def _lines_one_by_one(text: str) -> str:
    """Controls shown as escapes, but newlines kept: GitHub shows an annotation's %0A as a new line."""
    return "\n".join(one_line(line) for line in text.split("\n"))


# GitHub workflow commands need %, CR, LF (and , : in properties) escaped.
def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(one_line(value)).replace(":", "%3A").replace(",", "%2C")
