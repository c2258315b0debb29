"""Values from a pull request printed by validate, the build and diff: no terminal escape runs and no
line is a GitHub workflow command (issue 16, item 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.output_text import inert_lines, one_line
from tests.conftest import build_site, copy_project

COMMAND_LINE = re.compile(r"^\s*::")
# A day that is not a day, so the message quotes it; a newline then a workflow command, and ESC.
HOSTILE_DAY = '"Mon\\n::error file=x.py,line=1::pwned\\n  ::add-mask::secret\\u001b[2J\\u202e"'


def test_one_line_shows_controls_separators_and_bidi_as_escapes() -> None:
    assert one_line("a\nb\r\x1b[2J\u2028\u202e\x9b\x00\tz") == "a\\nb\\r\\e[2J\\u2028\\u202e\\u009b\\u0000\tz"
    assert one_line("Grupo Amanecer · español") == "Grupo Amanecer · español"


def test_inert_lines_leave_no_workflow_command() -> None:
    text = inert_lines("ok\n::error::x\n   ::add-mask::y\n::")
    assert [line for line in text.split("\n") if COMMAND_LINE.match(line)] == []
    assert text.split("\n")[0] == "ok" and "error::x" in text


def _hostile_data(root: Path) -> Path:
    folder = root / "data" / "meetings" / "town"
    folder.mkdir(parents=True)
    (root / "data" / "regions.yaml").write_text("town:\n  name: Town\n  timezone: America/Chicago\n", encoding="utf-8")
    (folder / "evening.yaml").write_text(
        f"name: Evening Group\nprogram: AA\nday: {HOSTILE_DAY}\ntime: \"19:00\"\nlocation: Hall\n"
        "address: 1 Main St\ncity: Town\nlast_verified: 2026-11-01\n", encoding="utf-8")
    return root / "data"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_validate_prints_hostile_values_inert(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = _hostile_data(tmp_path)
    assert main(["validate", "--data", str(data), "--format", fmt]) == 1
    out, err = capsys.readouterr()
    printed = out + err
    assert "\x1b" not in printed and "\u202e" not in printed and "pwned" in printed
    commands = [line for line in printed.split("\n") if COMMAND_LINE.match(line)]
    if fmt == "github":
        # Only peerdir's own annotations, each on the real file; the value stays in the message part.
        assert commands and all(re.match(r"::error file=[^,]*evening\.yaml,line=\d+,", line) for line in commands)
    else:
        assert commands == []


def test_the_build_log_prints_hostile_values_inert(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    meeting = next((project / "data" / "meetings" / "chicago").glob("*.yaml"))
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(re.sub(r"^day: .*$", lambda _: f"day: {HOSTILE_DAY}", text, count=1, flags=re.M), encoding="utf-8")
    result = build_site(tmp_path / "site", project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    printed = result.stdout + result.stderr
    assert result.returncode != 0 and "pwned" in printed
    assert "\x1b" not in printed
    assert [line for line in printed.split("\n") if COMMAND_LINE.match(line)] == []


def test_guarded_log_handlers_print_records_inert() -> None:
    import io
    import logging

    from peerdir.output_text import guard_log

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    parent = logging.getLogger("peerdir-test-guard")
    parent.addHandler(handler)
    try:
        guard_log("peerdir-test-guard")
        guard_log("peerdir-test-guard")  # once only
        assert len(handler.filters) == 1
        logging.getLogger("peerdir-test-guard.child").warning("content/%s is replaced", "a\n::error::x\x1b[2J.md")
    finally:
        parent.removeHandler(handler)
    printed = stream.getvalue()
    assert "\x1b" not in printed and not [line for line in printed.split("\n") if COMMAND_LINE.match(line)]
    # Log messages keep their lines (a build error lists one problem a line); none is a command.
    assert "content/a\n:\u200b:error::x\\e[2J.md is replaced" in printed
