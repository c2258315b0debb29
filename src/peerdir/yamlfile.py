"""A strict YAML reader that keeps where every value came from.

Every scalar is read as the text the volunteer typed (YAML 1.1 would turn `19:30` into 1170, `NO`
into false and `02134` into 2134); the Pydantic models then convert text to dates, numbers and
booleans only where a field means one. Anchors, aliases, duplicate keys and odd tags are refused.

Positions are looked up in the parsed node tree only when a problem needs one, so a valid file
costs one libyaml parse and one walk over its nodes.
"""

from __future__ import annotations

import operator
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is ~10x faster; PyYAML falls back to pure Python where it is missing.
    from yaml import CSafeLoader as _BaseLoader
    from yaml._yaml import CParser as _Parser  # the composer alone: no constructor or resolver to set up
except ImportError:  # pragma: no cover - depends on the wheel
    # The same interfaces, in Python: mypy sees other classes.
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 64  # lists and groups inside each other; a listing uses 3 (contacts: - name: …)
Loc = tuple[str | int, ...]
Position = tuple[int, int]

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
_NO_SPACE_AFTER_COLON = re.compile(r"^[A-Za-z_][\w-]*:\S")
# Where an anchor (&a) or alias (*a) can start: a node starts at a line start, after whitespace or
# after a flow indicator ([ { , and : after a JSON-like key), and its name is at least one character
# that is neither whitespace nor a flow indicator. Text without such a spot (URLs with &, "Q&A",
# "A & B") skips the extra event scan; anything with one is checked by the scan itself.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:\ufeff])[&*][^\s\[\]{},]", re.MULTILINE)


class _Loader(_Parser):
    """Every plain scalar stays text: only the null words are told apart, since `field:` means no value.

    PyYAML's resolver runs a dozen regular expressions per scalar to guess ints, floats, booleans and
    timestamps that are thrown away here anyway; this is most of the cost of composing a file.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULL_WORDS else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    # The composer calls these two around every node, for path resolvers, which are never registered
    # here. A Python method that does nothing still costs a frame per call (a few % of a big load);
    # these C functions take the same arguments and have no effect: is_(parent, index), tuple().
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as a listing at all; line and column are 1-based."""

    line: int
    col: int
    message: str
    hint: str = ""


class YamlMapping:
    """A file's top-level mapping (or list) as plain data (`data`), and where each value was written."""

    def __init__(self, data: Any, root: Node | None = None, line_offset: int = 0):
        self.data = data
        self._root = root
        self._line_offset = line_offset

    def position(self, loc: Loc, *, of_key: bool = False) -> Position:
        """Where `loc` was written; falls back to the nearest enclosing value that was."""
        node: Node | None = self._root
        key_node = value_node = None
        depth = 0
        for part in loc:
            key_node = None
            if isinstance(node, MappingNode) and isinstance(part, str):
                for k, v in node.value:
                    if k.value == part:
                        key_node, node = k, v
                        break
                else:
                    break
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                break
            value_node, depth = node, depth + 1
        if of_key and key_node is not None and depth == len(loc):
            return self._pos(key_node)
        return self._pos(value_node) if value_node is not None else (1, 1)

    def _pos(self, node: Node) -> Position:
        return (node.start_mark.line + 1 + self._line_offset, node.start_mark.column + 1)

    # The position tables of every key and value, for callers that want them all at once.
    @cached_property
    def value_positions(self) -> dict[Loc, Position]:
        return {loc: self._pos(v) for loc, _, v in self._walk()}

    @cached_property
    def key_positions(self) -> dict[Loc, Position]:
        return {loc: self._pos(k) for loc, k, _ in self._walk() if k is not None}

    def _walk(self) -> list[tuple[Loc, Node | None, Node]]:
        out: list[tuple[Loc, Node | None, Node]] = []

        def visit(node: Node, loc: Loc) -> None:
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    out.append(((*loc, k.value), k, v))
                    visit(v, (*loc, k.value))
            elif isinstance(node, SequenceNode):
                for i, v in enumerate(node.value):
                    out.append(((*loc, i), None, v))
                    visit(v, (*loc, i))

        if self._root is not None:
            visit(self._root, ())
        return out


def read_yaml_file(path: Path | str, *, top: str = "mapping") -> YamlMapping:
    """Read one listing file. Raises YamlProblem for anything that is not a clean mapping.

    `top="list"` reads a file whose top level is a list instead (such as data/programs.yaml).
    """
    return parse_yaml_bytes(read_bytes(path), top=top)


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes, as Path.read_bytes gives them, without a buffered file object (half the cost).

    A symbolic link or anything but a regular file raises OSError: never followed, never read
    (the loader says why before it gets here; this is the net under it). Non-blocking, so a FIFO
    cannot stall the build.
    """
    fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NOFOLLOW | _O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        chunks = []
        while chunk := os.read(fd, _READ_SIZE):  # usually one read, then an empty one at the end
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)  # b"" for an empty file


_READ_SIZE = 64 * 1024
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows only
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def not_a_plain_file(path: Path | str) -> tuple[str, str] | None:
    """(message, hint) when `path` is a symbolic link or not a regular file; None for a plain file."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # missing: the caller says what is missing
    if stat.S_ISLNK(mode):
        return ("is a symbolic link; commit the file itself",
                "replace the link with a copy of the file: links are never followed, so nothing outside "
                "the repository can be published")
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return "is not a plain file (a device, pipe or socket)", "commit an ordinary text file instead"
    return None


def parse_yaml_bytes(raw: bytes, *, top: str = "mapping") -> YamlMapping:
    """A file's bytes as read from disk → its mapping (or list); YamlProblem as read_yaml_file."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            1, 1, f"the file is {len(raw) // 1024} KiB; a listing may be at most 256 KiB",
            "a listing is a few dozen lines: check that nothing was pasted into it by mistake",
        )
    text = decode_utf8(raw)
    return parse_yaml_list(text) if top == "list" else parse_yaml_mapping(text)


def decode_utf8(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(raw[line_start : err.start].decode("utf-8", errors="replace")) + 1  # characters, as editors count
        raise YamlProblem(
            line, col, f"found the byte 0x{raw[err.start]:02x}, which is not UTF-8 text",
            "save the file as UTF-8, as the GitHub web editor does, and retype the character here",
        ) from None
    return text.removeprefix("\ufeff")


_CONTENT_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def is_blank(text: str) -> bool:
    """True for text with nothing but blank lines and comments."""
    # A line with content between two \n is one between any two line breaks too (they are all
    # whitespace), so a match settles it, usually on the first lines, without scanning the rest.
    if _CONTENT_LINE.search(text) is not None:
        return False
    if _OTHER_BREAKS.search(text):  # line breaks other than \n: let str.splitlines find them
        return not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
    return True


def parse_yaml_mapping(text: str, line_offset: int = 0) -> YamlMapping:
    """Parse YAML text whose top level must be a mapping. `line_offset` shifts reported lines."""
    root = _compose(text, line_offset)
    if not isinstance(root, MappingNode):
        line, col = _pos(root, line_offset)
        if isinstance(root, SequenceNode):
            raise YamlProblem(line, col, "the file holds a list ('- …' lines); expected 'field: value' lines",
                              "start each line with a field name, e.g. name: Friday Night Group")
        hint = "start each line with a field name, e.g. name: Friday Night Group"
        if _NO_SPACE_AFTER_COLON.match(root.value):
            hint = "put a space after the colon, e.g. name: Friday Night Group"
        raise YamlProblem(line, col, f"the file holds the single value {_quote(root.value)}; "
                                     "expected 'field: value' lines", hint)
    return YamlMapping(_mapping(root, line_offset), root, line_offset)


def parse_yaml_list(text: str, line_offset: int = 0) -> YamlMapping:
    """Parse YAML text whose top level must be a list ('- …' items); `data` is that list."""
    root = _compose(text, line_offset)
    if not isinstance(root, SequenceNode):
        line, col = _pos(root, line_offset)
        raise YamlProblem(line, col, "the file does not hold a list; expected one '- name: …' entry per item",
                          "start each entry with '- ', e.g. - name: AA")
    return YamlMapping(_value(root, line_offset), root, line_offset)


def _compose(text: str, line_offset: int) -> Node:
    """The document's root node; YamlProblem for an empty file, bad syntax, anchors or aliases."""
    if is_blank(text):
        raise _empty(line_offset)
    try:
        # The event scan costs a second parse: only text that might hold an anchor or nest deeply gets it.
        # Every level of nesting needs its own [ { - : or ?, so text with few of them cannot nest deeply.
        maybe_anchor = ("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text) is not None
        nesting = text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?")
        if maybe_anchor or nesting > MAX_DEPTH:
            _scan_events(text, line_offset)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        if (err.problem or "").strip() == _LIBYAML_TOO_DEEP:
            raise _too_deep(err, text, line_offset) from None
        raise _syntax_problem(err, text, line_offset) from None
    except yaml.reader.ReaderError as err:
        raise _reader_problem(err, text, line_offset) from None
    except yaml.YAMLError as err:
        raise YamlProblem(1 + line_offset, 1, f"not valid YAML: {err}; {_REST_UNCHECKED}", _SYNTAX_HINT) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL_TAG and not root.style):
        raise _empty(line_offset)  # only '---' / '...' lines
    return root


def _empty(line_offset: int) -> YamlProblem:
    return YamlProblem(1 + line_offset, 1, "found no fields: the file is empty or holds only comments",
                       "add the listing's fields, one 'field: value' per line, e.g. name: Friday Night Group")


# libyaml's own limit (1,000 levels, in recent PyYAML wheels): its scanner reads far ahead of the
# events in a flow '[[[[…', so it can stop before `_scan_events` counts to MAX_DEPTH.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
_BRACKETS = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep(err: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlProblem:
    """The same problem as `_scan_events` reports, at the bracket that went past MAX_DEPTH (the
    file's own top level counts as one) when that bracket is on the line libyaml stopped at."""
    mark = err.problem_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    lines = text.splitlines()
    opened = 0
    for index, char in enumerate(lines[line] if line < len(lines) else ""):
        opened += _BRACKETS.get(char, 0)
        if opened >= MAX_DEPTH:
            column = index
            break
    return YamlProblem(line + 1 + line_offset, column + 1, _TOO_DEEP_MESSAGE, _TOO_DEEP_HINT)


def _scan_events(text: str, line_offset: int) -> None:
    """Refuse anchors, aliases and runaway nesting before anything is built from the text.

    The composer recurses once per level of nesting (in C: 100,000 '[' crash the interpreter) and
    follows aliases; libyaml's event parser does neither.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = _start(event, line_offset)
                raise YamlProblem(line, col, _TOO_DEEP_MESSAGE, _TOO_DEEP_HINT)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise YamlProblem(
                *_start(event, line_offset),
                f"found a YAML anchor or alias ({sign}{anchor or ''}), which listings may not use",
                _ANCHOR_HINT,
            )


_TOO_DEEP_MESSAGE = f"the values are nested more than {MAX_DEPTH} levels deep here; a listing needs a few"
_TOO_DEEP_HINT = "look for a '[' or '{' that is never closed, or lines indented further and further"
_ANCHOR_HINT = ("a value that starts with & or * must be in quotes; "
                "to repeat another value, write it out in full")


def _pos(node: Node, line_offset: int) -> Position:
    return (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _quote(value: str, limit: int = 40) -> str:
    return f"'{value}'" if len(value) <= limit else f"'{value[: limit - 1]}…'"


def _bad_tag(node: Node, line_offset: int) -> YamlProblem:
    line, col = _pos(node, line_offset)
    tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
    return YamlProblem(line, col, f"found the YAML tag '{tag}', which listings may not use",
                       "delete the word starting with ! before the value")


def _start(event: yaml.Event, line_offset: int) -> tuple[int, int]:
    """(line, column), 1-based, where an event starts; the file's start if the parser gave no mark."""
    mark = event.start_mark
    return (1 + line_offset, 1) if mark is None else (mark.line + 1 + line_offset, mark.column + 1)


def _value(node: Node, line_offset: int) -> Any:
    if node.tag not in _STANDARD_TAGS:
        raise _bad_tag(node, line_offset)
    cls = node.__class__
    if cls is ScalarNode:
        # The node's class is checked by identity, for speed, which mypy does not narrow on (here and below).
        return None if node.tag == _NULL_TAG and not node.style else node.value  # type: ignore[attr-defined]
    if cls is MappingNode:
        return _mapping(node, line_offset)  # type: ignore[arg-type]
    # Most items are plain text (day: [Monday, Friday]): the same as _value, without the call.
    return [item.value if item.__class__ is ScalarNode and item.tag == _STR_TAG else _value(item, line_offset)
            for item in node.value]


def _mapping(node: MappingNode, line_offset: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            line, col = _pos(key_node, line_offset)
            raise YamlProblem(line, col, "found a list or mapping where a field name should be",
                              "write each field as name: value")
        if key_node.tag != _STR_TAG and key_node.tag not in _STANDARD_TAGS:
            raise _bad_tag(key_node, line_offset)
        key = key_node.value
        if key in result:
            first = next(k for k, _ in node.value if k.value == key)
            line, col = _pos(key_node, line_offset)
            raise YamlProblem(
                line, col, f"the field '{key}' appears twice (first on line {_pos(first, line_offset)[0]})",
                "keep one of them and delete the other",
            )
        if value_node.__class__ is ScalarNode:  # most values: the same as _value, without the call
            tag = value_node.tag
            if tag == _STR_TAG:
                result[key] = value_node.value
                continue
            if tag == _NULL_TAG and not value_node.style:
                result[key] = None
                continue
        result[key] = _value(value_node, line_offset)
    return result


_SYNTAX_HINT = "check the indentation and that every 'key: value' pair has a space after the colon"
# libyaml's problem → (what it means for a listing, how to fix it, report where the context started)
_SYNTAX_MESSAGES: dict[str, tuple[str, str, bool]] = {
    "mapping values are not allowed in this context": (
        "found a ':' that YAML cannot place: a value holds ': ', or this line is indented more than the one above",
        "put a value that contains ': ' in quotes; otherwise line this line up with the field names above it",
        False),
    "did not find expected key": (
        "this line is not lined up with the field names above it",
        "indent it with exactly as many spaces as the lines it belongs with", False),
    "did not find expected '-' indicator": (
        "this line is not lined up with the '- ' list items above it",
        "start each list item with '- ' at the same indentation", False),
    "could not find expected ':'": (
        "this line has no ':' after its field name",
        "write it as field: value, with a space after the colon", True),
    "found unexpected end of stream": (
        "a quote opened here is never closed",
        "add the closing quote at the end of the value", True),
    "did not find expected ',' or ']'": (
        "a list opened with '[' here is not closed with ']'",
        "close the list on the same line, e.g. [Monday, Thursday]", True),
    "did not find expected ',' or '}'": (
        "a '{' here is not closed with '}'",
        "close it on the same line, or write the fields on indented lines instead", True),
    "block sequence entries are not allowed in this context": (
        "a '- ' list item cannot follow 'field:' on the same line",
        "start the list on the next line, indented, with one '- ' item per line, or write [first, second]", False),
    "but found another document": (
        "found a second document (a '---' line after the fields); a listing file holds exactly one",
        "delete the '---' line, and anything after it that belongs in another file", False),
    "found unknown escape character": (
        "found an unknown backslash escape inside double quotes",
        "use single quotes instead, or write \\\\ for a backslash", False),
}


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlProblem:
    problem = (err.problem or err.context or "").strip()
    explained = _SYNTAX_MESSAGES.get(problem)
    mark = err.problem_mark or err.context_mark
    if explained and explained[2] and err.context_mark is not None:
        mark = err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if err.context in ("while scanning an alias", "while scanning an anchor") and err.context_mark is not None:
        mark = err.context_mark
        line, col = mark.line + 1, mark.column + 1
        message, hint = "a value that starts with & or * is read as a YAML anchor or alias", _ANCHOR_HINT
    elif explained:
        message, hint = explained[0], explained[1]
    elif problem == "found character that cannot start any token" and mark is not None:
        char = text[mark.index] if 0 <= mark.index < len(text) else ""
        if char == "\t":
            message, hint = "found a tab; YAML indents with spaces only", "replace the tab with spaces"
        else:
            message = f"a value cannot start with '{char}'"
            hint = "put the whole value in double quotes"
    else:
        message, hint = problem or "YAML cannot read the text here", _SYNTAX_HINT
    if problem in _MAPPING_VALUES and mark is not None:
        quoted = _needs_quotes(text, mark.line, mark.column)
        if quoted is not None:
            col, message, hint = quoted
    return YamlProblem(line + line_offset, col, f"not valid YAML: {message}; {_REST_UNCHECKED}", hint)


# A syntax error stops the reader, so nothing else in the file is checked: the message says so.
_REST_UNCHECKED = "the rest of the file could not be checked"
_MAPPING_VALUES = ("mapping values are not allowed in this context", "mapping values are not allowed here")
# `field: text: more text` on one line: the value is plain text holding ': ', which YAML reads as a mapping.
_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):[ ]+(\S.*?)\s*$")


def _needs_quotes(text: str, line: int, column: int) -> tuple[int, str, str] | None:
    """(column of the value, message, hint) when the ':' YAML stopped at is inside a `field: value`'s text."""
    lines = text.split("\n")
    source = lines[line] if 0 <= line < len(lines) else ""
    match = _KEY_AND_VALUE.match(source)
    if match is None or column < match.start(3):
        return None  # the line's own field name: an indentation problem, not text
    value = match.group(3)
    comment = re.search(r"\s#", value)
    if comment is not None:
        value = value[: comment.start()].rstrip()
    if value[:1] in ("'", '"', "[", "{") or ": " not in value + " ":
        return None
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (match.start(3) + 1, f"text with ': ' in it needs quotes: {match.group(2)}: {quoted}",
            "put the whole text in double quotes, as shown")


def _reader_problem(err: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlProblem:
    position = err.position if isinstance(err.position, int) else 0
    if _BaseLoader is not yaml.SafeLoader:  # libyaml reads the UTF-8 encoding: its offset counts bytes
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="replace"))
    before = text[: max(0, min(position, len(text)))]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = err.character if isinstance(err.character, str) else chr(err.character)
    return YamlProblem(
        line + line_offset, col,
        f"found the invisible control character U+{ord(char):04X}, which YAML does not allow; {_REST_UNCHECKED}",
        "delete it; if you cannot see it, retype the text around this spot",
    )
