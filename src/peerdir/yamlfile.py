"""A strict YAML reader that keeps where every value came from.

Every scalar is read as the text the volunteer typed (YAML 1.1 would turn `19:30` into 1170, `NO`
into false and `02134` into 2134); the Pydantic models then convert text to dates, numbers and
booleans only where a field means one. Anchors, aliases, duplicate keys and odd tags are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is ~10x faster; PyYAML falls back to pure Python where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
Loc = tuple[str | int, ...]
Position = tuple[int, int]

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as a listing at all; line and column are 1-based."""

    line: int
    col: int
    message: str
    hint: str = ""


@dataclass
class YamlMapping:
    data: dict[str, Any]
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, of_key: bool = False) -> Position:
        """Where `loc` was written; falls back to the nearest enclosing value that was."""
        if of_key and loc in self.key_positions:
            return self.key_positions[loc]
        for end in range(len(loc), 0, -1):
            found = self.value_positions.get(loc[:end]) or self.key_positions.get(loc[:end])
            if found:
                return found
        return (1, 1)


def read_yaml_file(path: Path) -> YamlMapping:
    """Read one listing file. Raises YamlProblem for anything that is not a clean mapping."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            1, 1, f"file is {len(raw) // 1024} KiB; a listing may be at most 256 KiB",
            "a listing is a few dozen lines: check that nothing was pasted into it by mistake",
        )
    return parse_yaml_mapping(decode_utf8(raw))


def decode_utf8(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            line, col, f"byte 0x{raw[err.start]:02x} is not UTF-8 text",
            "save the file as UTF-8; the GitHub web editor always does",
        ) from None
    return text.removeprefix("\ufeff")


def parse_yaml_mapping(text: str, line_offset: int = 0) -> YamlMapping:
    """Parse YAML text whose top level must be a mapping. `line_offset` shifts reported lines."""
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlProblem(1 + line_offset, 1, "file is empty", "add the listing's fields, e.g. name: …")
    try:
        if "&" in text or "*" in text:  # cheap test first: the event scan costs a second parse
            _refuse_anchors(text)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (err.problem or err.context or "is not valid YAML").strip()
        raise YamlProblem(
            line + line_offset, col, f"this is not valid YAML: {problem}",
            "check the indentation and that every 'key: value' pair has a space after the colon",
        ) from None
    except yaml.YAMLError as err:
        raise YamlProblem(1 + line_offset, 1, f"this is not valid YAML: {err}") from None
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        line, col = _pos(root, line_offset)
        raise YamlProblem(
            line, col, f"the file holds {kind}; expected 'field: value' lines",
            "start each line with a field name, e.g. name: Friday Night Group",
        )
    doc = YamlMapping(data={})
    doc.data = _mapping(root, (), doc, line_offset)
    return doc


def _refuse_anchors(text: str) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            mark = event.start_mark
            raise YamlProblem(
                mark.line + 1, mark.column + 1,
                f"YAML anchors and aliases (&{anchor or ''} / *{anchor or ''}) are not allowed",
                "write the value out in full; each listing stands on its own",
            )


def _pos(node: yaml.Node, line_offset: int) -> Position:
    return (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _value(node: yaml.Node, loc: Loc, doc: YamlMapping, line_offset: int) -> Any:
    doc.value_positions[loc] = _pos(node, line_offset)
    if node.tag not in _STANDARD_TAGS:
        line, col = _pos(node, line_offset)
        raise YamlProblem(line, col, f"the YAML tag {node.tag!r} is not allowed", "remove the tag")
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, loc, doc, line_offset)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, (*loc, i), doc, line_offset) for i, item in enumerate(node.value)]
    if node.tag == _NULL_TAG and not node.style:  # plain style: None in PyYAML, "" in libyaml
        return None
    return node.value


def _mapping(node: yaml.MappingNode, loc: Loc, doc: YamlMapping, line_offset: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line, col = _pos(key_node, line_offset)
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(line, col, "a field name must be plain text", "write it as name: value")
        key = key_node.value
        if key in result:
            first_line, _ = doc.key_positions[(*loc, key)]
            raise YamlProblem(
                line, col, f"field '{key}' appears twice (first on line {first_line})",
                "keep one of them and delete the other",
            )
        doc.key_positions[(*loc, key)] = (line, col)
        result[key] = _value(value_node, (*loc, key), doc, line_offset)
    return result
