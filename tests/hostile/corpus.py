"""The hostile corpus: cases read from tests/hostile/*.yaml and dropped into a copy of the tiny fixture.

See README.md for the format. Kept apart from the tests so the browser test builds the same site.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HOSTILE = Path(__file__).resolve().parent
FIXTURE = HOSTILE / "fixture"
# What the fixture holds, and what every refused case must leave loaded unless it says otherwise.
BASELINE = {"meetings": 2, "homes": 1, "communities": 1, "articles": 1}
_DEEP = re.compile(r"\{deep:(\d+)\}")
# {repeat:N:text} in a file's text stands for N copies of text (long lines, huge files).
_REPEAT = re.compile(r"\{repeat:(\d+):([^{}]*)\}")


@dataclass(frozen=True)
class Expected:
    """One problem a refused case must produce: at path:line, optionally in `field`, saying `says`."""

    path: str
    line: int
    field: str | None
    says: str


@dataclass(frozen=True)
class Case:
    id: str
    cls: str
    about: str
    files: dict[str, Any]
    expect: str  # "refused" or "inert"
    problems: tuple[Expected, ...] = ()
    keeps: tuple[str, ...] = tuple(BASELINE)
    never_printed: tuple[str, ...] = ()
    never_published: tuple[str, ...] = ()
    never_anywhere: tuple[str, ...] = ()
    ics_no_line: tuple[str, ...] = ()
    csv_guarded: tuple[str, ...] = ()
    xfail: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        """An inert case that fails today: built apart, so that its fix (which may refuse it) cannot
        break the build of the others."""
        return self.expect == "inert" and self.xfail is not None


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for manifest in sorted(HOSTILE.glob("*.yaml")):
        doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        for raw in doc["cases"]:
            cases.append(_case(doc["class"], raw))
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), f"case ids must be unique: {sorted(i for i in ids if ids.count(i) > 1)}"
    return cases


def _case(cls: str, raw: dict[str, Any]) -> Case:
    known = {"id", "about", "files", "expect", "problems", "keeps", "never_printed", "never_published",
             "never_anywhere", "ics_no_line", "csv_guarded", "xfail"}
    unknown = set(raw) - known
    assert not unknown, f"{raw.get('id')}: unknown keys {sorted(unknown)}"
    assert raw["expect"] in ("refused", "inert"), raw["id"]
    problems = tuple(_expected(p) for p in raw.get("problems", ()))
    assert (raw["expect"] == "refused") == bool(problems), f"{raw['id']}: a refused case lists its problems"
    return Case(
        id=raw["id"], cls=cls, about=raw.get("about", ""), files=raw["files"], expect=raw["expect"],
        problems=problems, keeps=tuple(raw.get("keeps", BASELINE)),
        never_printed=tuple(raw.get("never_printed", ())), never_published=tuple(raw.get("never_published", ())),
        never_anywhere=tuple(raw.get("never_anywhere", ())), ics_no_line=tuple(raw.get("ics_no_line", ())),
        csv_guarded=tuple(raw.get("csv_guarded", ())), xfail=raw.get("xfail"),
    )


def _expected(raw: dict[str, Any]) -> Expected:
    path, _, line = str(raw["at"]).rpartition(":")
    return Expected(expand_path(path), int(line), raw.get("field"), raw.get("says", ""))


def expand_path(path: str) -> str:
    """`{deep:N}` in a path stands for N nested folders named d."""
    return _DEEP.sub(lambda m: "d/" * int(m.group(1)), path).replace("//", "/").rstrip("/")


# -- putting cases on disk ----------------------------------------------------------------------

def fixture_copy(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    return target


def materialise(cases: list[Case], root: Path) -> None:
    """Write every file of `cases` into the project at `root`; appends are joined in case order."""
    written: dict[str, str] = {}
    for case in cases:
        for rel, spec in case.files.items():
            appending = isinstance(spec, dict) and "append" in spec
            if rel in written and not appending:
                raise AssertionError(f"{case.id} writes {rel}, already written by {written[rel]}")
            written.setdefault(rel, case.id)
            _write(root, rel, spec)


_KINDS = ("append", "base64", "symlink", "fifo", "socket", "device")


def expand_text(text: str) -> bytes:
    return _REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), text).encode("utf-8")


def _write(root: Path, rel: str, spec: Any) -> None:
    if isinstance(spec, str):
        spec = {"text": spec}
    kind = next((k for k in _KINDS if k in spec), "text")
    deep = _DEEP.search(rel)
    if deep:
        _write_deep(root, rel, int(deep.group(1)), expand_text(spec["text"]))
        return
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists() and kind != "append":
        _remove(path)
    if kind == "text":
        path.write_bytes(expand_text(spec["text"]))
    elif kind == "append":
        with path.open("ab") as out:
            out.write(expand_text(spec["append"]))
    elif kind == "base64":
        path.write_bytes(base64.b64decode(spec["base64"]))
    elif kind == "symlink":
        os.symlink(spec["symlink"].replace("{project}", str(root)), path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))  # the bound name stays after close: a socket file
        sock.close()
    elif kind == "device":
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # what /dev/null is
    else:
        raise AssertionError(f"unknown file kind {kind!r} for {rel}")


def _write_deep(root: Path, rel: str, depth: int, data: bytes) -> None:
    """The file below `depth` folders named d, made one level at a time (deeper than PATH_MAX allows
    in one path)."""
    folder, _, name = rel.replace(f"{{deep:{depth}}}", "").rstrip("/").rpartition("/")
    start = root / folder
    start.mkdir(parents=True, exist_ok=True)
    fd = os.open(start, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, data)
        os.close(out)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def remove_tree(path: Path) -> None:
    """Remove a case's project, deep nesting included (shutil.rmtree recurses once per level)."""
    subprocess.run(["rm", "-rf", "--", str(path)], check=False)
