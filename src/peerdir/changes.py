"""What a change set does to the directory, in plain words: listings added, changed and removed.

`peerdir diff BASE` compares the data at git revision BASE with the working tree, the way a pull
request's job summary needs it: by kind, naming each listing, and for a changed one each field
that changed ("time: 19:00 → 19:30"). Files are compared as the volunteer wrote them, so what is
shown is what they typed, and a file that cannot be read is reported rather than skipped.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from peerdir import kinds
from peerdir.newlisting import PLACEHOLDER_RE
from peerdir.stale import md_escape
from peerdir.yamlfile import YamlProblem, decode_utf8, not_a_plain_file, parse_yaml_mapping, read_bytes

Status = Literal["added", "changed", "removed"]
DiffFormat = Literal["text", "markdown"]
MAX_VALUE = 80


class GitError(Exception):
    """git could not answer: not a repository, or an unknown revision."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str | None  # None: the field was not there
    after: str | None  # None: the field was removed

    def describe(self) -> str:
        if self.before is None:
            return f"{self.field}: added {self.after}"
        if self.after is None:
            return f"{self.field}: removed (was {self.before})"
        return f"{self.field}: {self.before} → {self.after}"


@dataclass(frozen=True)
class ListingChange:
    status: Status
    kind: str  # meeting, home or community
    path: str  # repository-relative; the new path unless removed
    name: str
    region: str = ""
    old_path: str | None = None  # where a moved or renamed file was
    fields: tuple[FieldChange, ...] = ()
    placeholders: tuple[str, ...] = ()  # fields that still hold the template's CHANGE ME
    unreadable: str | None = None  # why the new file could not be read, if it could not
    summary: str = ""  # for an added listing: its key facts on one line


@dataclass
class ChangeSet:
    base: str
    listings: list[ListingChange] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)  # data files that are not listings
    region_names: dict[str, str] = field(default_factory=dict)

    def of(self, kind: str, status: Status) -> list[ListingChange]:
        return [c for c in self.listings if c.kind == kind and c.status == status]

    def count(self, status: Status) -> int:
        return sum(1 for c in self.listings if c.status == status)


# -- git ---------------------------------------------------------------------------------------
def _git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return result.stdout


def _repository(data_dir: Path) -> tuple[Path, str]:
    """(repository root, the data folder's path inside it, e.g. 'data')."""
    if not data_dir.is_dir():
        raise GitError(f"data folder '{data_dir}' does not exist")
    root = Path(_git(data_dir, "rev-parse", "--show-toplevel").decode().strip())
    prefix = data_dir.resolve().relative_to(root.resolve()).as_posix()
    return root, "" if prefix == "." else prefix


def _name_status(root: Path, base: str, prefix: str) -> list[tuple[str, str | None, str]]:
    """(status letter, old path, new path) for each data file that differs from BASE."""
    out = _git(root, "diff", "--name-status", "-z", "--find-renames", "--no-ext-diff", base, "--", prefix or ".")
    parts = out.decode("utf-8", "surrogateescape").split("\0")
    entries: list[tuple[str, str | None, str]] = []
    i = 0
    while i < len(parts) and parts[i]:
        letter = parts[i][0]
        if letter in "RC":
            entries.append((letter, parts[i + 1], parts[i + 2]))
            i += 3
        else:
            entries.append((letter, parts[i + 1], parts[i + 1]))
            i += 2
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", prefix or ".")
    entries += [("A", None, p) for p in untracked.decode("utf-8", "surrogateescape").split("\0") if p]
    return entries


# -- reading ---------------------------------------------------------------------------------
def _kind_of(path: str, prefix: str) -> tuple[str, str] | None:
    """(kind, region) for a listing file's repository path; None for any other file."""
    rel = PurePosixPath(path)
    if prefix:
        try:
            rel = rel.relative_to(prefix)
        except ValueError:
            return None
    parts = rel.parts
    if rel.suffix != ".yaml" or not parts or parts[0] not in kinds.names():
        return None
    kind = kinds.get(parts[0])
    if not kind.regional:
        return (kind.singular, "") if len(parts) == 2 else None
    return (kind.singular, parts[1]) if len(parts) == 3 else None


def _parse(raw: bytes | None) -> tuple[dict[str, Any] | None, str | None]:
    if raw is None:
        return None, None
    try:
        return parse_yaml_mapping(decode_utf8(raw)).data, None
    except YamlProblem as err:
        return None, f"line {err.line}: {err.message}"


def _old_bytes(root: Path, base: str, path: str) -> bytes | None:
    try:
        return _git(root, "show", f"{base}:{path}")
    except GitError:
        return None


def _read_new(root: Path, path: str) -> tuple[dict[str, Any] | None, str | None]:
    """The working tree's file, parsed; a link or special file is named, never followed or shown."""
    special = not_a_plain_file(root / path)
    if special is not None:
        return None, special[0]
    try:
        return _parse(read_bytes(root / path))
    except OSError:
        return _parse(None)


def _region_names(data_dir: Path) -> dict[str, str]:
    try:
        doc = parse_yaml_mapping(decode_utf8(read_bytes(data_dir / "regions.yaml")))
    except (OSError, YamlProblem):
        return {}
    return {k: str(v.get("name") or k) if isinstance(v, dict) else k for k, v in doc.data.items()}


# -- comparing -------------------------------------------------------------------------------
def plain(value: Any) -> str:
    """A value as a person would say it: lists joined with commas, nested fields as 'key value'."""
    if value is None:
        text = "(empty)"
    elif isinstance(value, list):
        text = "; ".join(plain(v) for v in value) if any(isinstance(v, dict) for v in value) else \
            ", ".join(plain(v) for v in value)
        text = text or "(none)"
    elif isinstance(value, dict):
        text = ", ".join(f"{k} {plain(v)}" for k, v in value.items()) or "(none)"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Each top-level field that differs; a nested mapping (cost, certification) field by field."""
    changes: list[FieldChange] = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key, _MISSING), new.get(key, _MISSING)
        if before == after:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            for sub in field_changes(before, after):
                changes.append(FieldChange(f"{key} {sub.field}", sub.before, sub.after))
            continue
        changes.append(FieldChange(
            key,
            None if before is _MISSING else plain(before),
            None if after is _MISSING else plain(after),
        ))
    return changes


_MISSING = object()


def _placeholders(data: dict[str, Any] | None) -> tuple[str, ...]:
    if not data:
        return ()
    found = []
    for key, value in data.items():
        if PLACEHOLDER_RE.search(plain(value) if not isinstance(value, str) else value):
            found.append(key)
    return tuple(found)


def _name(*docs: dict[str, Any] | None, fallback: str) -> str:
    for doc in docs:
        if doc and isinstance(doc.get("name"), str) and doc["name"].strip():
            return " ".join(doc["name"].split())
    return fallback


def collect_changes(data_dir: Path, base: str) -> ChangeSet:
    """Listings added, changed and removed between git revision `base` and the working tree."""
    root, prefix = _repository(data_dir)
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except GitError:
        raise GitError(f"'{base}' is not a commit in this repository; fetch it first "
                       f"(e.g. git fetch origin {base}), or check the spelling") from None
    changes = ChangeSet(base=base, region_names=_region_names(data_dir))
    for letter, old_path, new_path in _name_status(root, base, prefix):
        old_kind = _kind_of(old_path, prefix) if old_path and letter != "A" else None
        new_kind = _kind_of(new_path, prefix) if letter != "D" else None
        if old_kind is None and new_kind is None:
            changes.other_files.append(new_path)
            continue
        old_file = old_path or new_path  # old_path is set whenever old_kind is
        old_raw = _old_bytes(root, base, old_file) if old_kind else None
        old, _ = _parse(old_raw)
        new, problem = _read_new(root, new_path) if new_kind else (None, None)
        stem = PurePosixPath(new_path if new_kind else old_file).stem
        name = _name(new, old, fallback=stem)
        if new_kind and not old_kind:
            kind, region = new_kind
            changes.listings.append(ListingChange("added", kind, new_path, name, region,
                                                  placeholders=_placeholders(new), unreadable=problem,
                                                  summary=_summary(kind, new)))
        elif old_kind and not new_kind:
            kind, region = old_kind
            changes.listings.append(ListingChange("removed", kind, old_file, name, region))
        else:
            assert old_kind and new_kind
            kind, region = new_kind
            fields = field_changes(old or {}, new or {}) if new is not None else []
            moved = old_file if old_file != new_path else None
            if moved:
                if old_kind[1] != region:
                    fields.insert(0, FieldChange("region", old_kind[1], region))
                if PurePosixPath(old_file).stem != PurePosixPath(new_path).stem:
                    fields.insert(0, FieldChange("file name", PurePosixPath(old_file).name,
                                                 PurePosixPath(new_path).name))
            if old_kind[0] != new_kind[0]:  # moved to another kind's folder: say so plainly
                changes.listings.append(ListingChange("removed", old_kind[0], old_file, name, old_kind[1]))
                changes.listings.append(ListingChange("added", kind, new_path, name, region,
                                                      placeholders=_placeholders(new), unreadable=problem,
                                                      summary=_summary(kind, new)))
                continue
            if not fields and problem is None and not moved:
                continue  # only comments or layout changed
            changes.listings.append(ListingChange("changed", kind, new_path, name, region, moved,
                                                  tuple(fields), _placeholders(new), problem))
    order = [kind.singular for kind in kinds.all_kinds()]
    changes.listings.sort(key=lambda c: (order.index(c.kind), c.region, c.name.lower(), c.path))
    changes.other_files.sort()
    return changes


# -- output ----------------------------------------------------------------------------------
def _summary(kind: str, data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    fields = kinds.by_singular(kind).summary_fields
    return " · ".join(plain(data[k]) for k in fields if data.get(k) not in (None, "", []))


def _titles() -> dict[str, str]:
    """Each kind's heading, by the name of one listing ('meeting': 'Meetings'), in the registry's order."""
    return {kind.singular: kind.title for kind in kinds.all_kinds()}


def _where(change: ListingChange, changes: ChangeSet) -> str:
    return changes.region_names.get(change.region, change.region) if change.region else ""


def _totals(changes: ChangeSet) -> str:
    return (f"{changes.count('added')} added, {changes.count('changed')} changed, "
            f"{changes.count('removed')} removed")


def format_changes(changes: ChangeSet, fmt: DiffFormat = "text") -> str:
    return _markdown(changes) if fmt == "markdown" else _text(changes)


def _short(base: str) -> str:
    return base[:10] if len(base) == 40 and all(c in "0123456789abcdef" for c in base) else base


def _text(changes: ChangeSet) -> str:
    if not changes.listings and not changes.other_files:
        return f"No listings were added, changed or removed since {_short(changes.base)}."
    lines = [f"Listing changes since {_short(changes.base)}: {_totals(changes)}."]
    for kind, title in _titles().items():
        if not any(c.kind == kind for c in changes.listings):
            continue
        lines += ["", title]
        for status in ("added", "changed", "removed"):
            for change in changes.of(kind, status):
                where = _where(change, changes)
                lines.append(f"  {status.capitalize()}: {change.name}" + (f" ({where})" if where else "")
                             + f"  {change.path}")
                if change.summary:
                    lines.append(f"    {change.summary}")
                if change.old_path:
                    lines.append(f"    moved from {change.old_path}")
                lines += [f"    {f.describe()}" for f in change.fields]
                lines += [f"    warning: {w}" for w in _warnings(change)]
    if changes.other_files:
        lines += ["", "Other data files changed: " + ", ".join(changes.other_files)]
    return "\n".join(lines)


def _warnings(change: ListingChange) -> list[str]:
    found = []
    if change.unreadable:
        found.append(f"the file cannot be read ({change.unreadable}); see the red annotation on the file")
    if change.placeholders:
        found.append(f"still has template text (CHANGE ME) in: {', '.join(change.placeholders)}")
    return found


def _md_item(change: ListingChange, changes: ChangeSet) -> list[str]:
    where = _where(change, changes)
    head = f"- **{md_escape(change.name)}**" + (f" — {md_escape(where)}" if where else "") + f" · {_code(change.path)}"
    lines = [head]
    if change.summary:
        lines.append(f"  - {md_escape(change.summary)}")
    if change.old_path:
        lines.append(f"  - moved from {_code(change.old_path)}")
    for f in change.fields:
        lines.append(f"  - {_md_field(f)}")
    for warning in _warnings(change):
        lines.append(f"  - ⚠️ {md_escape(warning)}")
    return lines


def _code(text: str) -> str:
    clean = " ".join(text.split())
    return f"`{clean}`" if "`" not in clean else md_escape(clean)


def _md_field(change: FieldChange) -> str:
    name = _code(change.field)
    if change.before is None:
        return f"{name}: added {md_escape(change.after or '')}"
    if change.after is None:
        return f"{name}: removed (was {md_escape(change.before)})"
    return f"{name}: {md_escape(change.before)} → {md_escape(change.after)}"


_MD_FOOTER = ("If a check on this pull request failed, open the **Files changed** tab: "
              "each problem is a red note on the line to fix, saying what was found and what to write instead.")


def _markdown(changes: ChangeSet) -> str:
    lines = ["## Listing changes in this pull request", ""]
    if not changes.listings and not changes.other_files:
        lines.append(f"No listings were added, changed or removed (compared with {_code(_short(changes.base))}).")
        return "\n".join(lines) + "\n"
    lines.append(f"Compared with {_code(_short(changes.base))}: **{_totals(changes)}**.")
    headings = {"added": "Added", "changed": "Changed", "removed": "Removed"}
    for kind, title in _titles().items():
        if not any(c.kind == kind for c in changes.listings):
            continue
        lines += ["", f"### {title}"]
        for status in ("added", "changed", "removed"):
            items = changes.of(kind, status)
            if items:
                lines += ["", f"**{headings[status]}**", ""]
                for change in items:
                    lines += _md_item(change, changes)
    if changes.other_files:
        lines += ["", "### Other data files", ""] + [f"- {_code(p)}" for p in changes.other_files]
    lines += ["", _MD_FOOTER]
    return "\n".join(lines) + "\n"
