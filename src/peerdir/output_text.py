"""What peerdir prints is inert in a terminal and in a GitHub Actions log.

Values in messages come from files a pull request can change. Printed raw, an ESC sequence can
rewrite a volunteer's terminal, and a newline followed by `::error …::` or `::add-mask::` is read by
GitHub as a workflow command. So every value is made one printable line (`one_line`), and every
printed text has no line that starts a workflow command (`inert_lines`)."""

from __future__ import annotations

import logging
import re

# C0 and C1 controls (tab kept), DEL, line/paragraph separators, bidi embeddings, overrides, isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# GitHub reads a line as a command when it starts with '::' (leading spaces allowed).
_COMMAND = re.compile(r"^(\s*):(?=:)", re.M)


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}.get(char, f"\\u{ord(char):04x}")


def one_line(value: str) -> str:
    """`value` with every control, separator and bidi character shown as an escape (`\\n`, `\\e`)."""
    return _UNSAFE.sub(_visible, value)


def inert_lines(text: str) -> str:
    """`text` with each line's control characters shown as escapes and no line a workflow command."""
    # A zero-width space between the colons: the line reads the same, and GitHub ignores it.
    lines = [_COMMAND.sub(lambda m: m.group(1) + ":\u200b", one_line(line)) for line in text.split("\n")]
    return "\n".join(lines)


class InertLogFilter(logging.Filter):
    """Makes every log record's message `inert_lines` (for the build's log, which prints file names
    and values from the data)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = inert_lines(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True



def guard_log(logger_name: str = "mkdocs") -> None:
    """Put `InertLogFilter` on the handlers of `logger_name` (once), so records from every child
    logger, MkDocs' own included, are printed inert."""
    for handler in logging.getLogger(logger_name).handlers:
        if not any(isinstance(f, InertLogFilter) for f in handler.filters):
            handler.addFilter(InertLogFilter())
