"""What text from a listing file may hold: the one place for the character rules of every text field,
and for the rules of slugs, time zone names (and how a zone reads: zone labels), phone numbers and
email addresses, which the models, the loader's path rules, the importer and the CLI share.

Listing files are untrusted. Characters a reader cannot see or that change how the text around
them is shown are refused wherever text is published:

- control characters: C0 (tab and line breaks only where a field holds lines), DEL and C1;
- the line and paragraph separators U+2028/U+2029, which end a line in JavaScript and in some feeds;
- bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which reorder what is shown
  ("Trojan Source"); the bidi *marks* U+200E/U+200F/U+061C stay, as right-to-left text needs them;
- invisible fillers and zero-width characters (U+3164 HANGUL FILLER, U+200B, U+2060, U+FEFF …)
  and tag characters (U+E0000-E007F), which hide text. ZERO WIDTH (NON-)JOINER U+200C/U+200D stay
  in text: emoji sequences and Persian or Indic words need them. Contact names refuse them too.

The rules run inside pydantic-core: `Text` is a StringConstraints with a pattern, which the Rust
regex engine checks in about 80 ns a value (a Python validator would double the cost of text).
The pattern only says yes or no; `explain` then names the character for the volunteer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from annotated_types import GroupedMetadata
from pydantic import StringConstraints, WithJsonSchema

# (first, last) code points refused in every text field. A line-holding field (LongText) allows
# tab and newline, so those two are kept apart.
_TAB_AND_NEWLINE = ((0x09, 0x0A),)
_ALWAYS: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F),  # controls (C0 but tab/newline, DEL, C1)
    (0x00AD, 0x00AD), (0x034F, 0x034F),  # soft hyphen, combining grapheme joiner: invisible
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180E, 0x180E),  # fillers and invisible vowels
    (0x200B, 0x200B),  # zero width space
    (0x2028, 0x202E),  # line/paragraph separators, bidi embeddings and overrides
    (0x2060, 0x2064), (0x2066, 0x206F),  # word joiner, invisible operators, bidi isolates, deprecated
    (0x2800, 0x2800), (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),  # blanks and fillers
    (0xFFF9, 0xFFFB),  # interlinear annotations
    (0xE0000, 0xE007F),  # tag characters
)
# Only in a contact name: a name is letters, so joiners there join a first name to a surname.
_NAME_ONLY = ((0x200C, 0x200D),)

_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE BREAK", 0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
}


Ranges = tuple[tuple[int, int], ...]


def _merged(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return tuple(out)


def _rust_class(ranges: Ranges) -> str:
    return "".join(_rust_char(a) + ("" if a == b else "-" + _rust_char(b)) for a, b in _merged(ranges))


def _rust_char(code: int) -> str:
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _js_class(ranges: Ranges) -> str:
    """The same class for a JSON Schema (JavaScript and Python regex); BMP only, see `schema_pattern`."""
    return "".join(f"\\u{a:04X}" + ("" if a == b else f"-\\u{b:04X}") for a, b in _merged(ranges) if b <= 0xFFFF)


# Patterns for pydantic-core (Rust regex), checked on the text once the spaces around are stripped.
LINE_PATTERN = f"^[^{_rust_class(_TAB_AND_NEWLINE + _ALWAYS)}]*$"
LINES_PATTERN = f"^[^{_rust_class(_ALWAYS)}]*$"

_REFUSED_IN_LINE = re.compile(f"[{_rust_class(_TAB_AND_NEWLINE + _ALWAYS)}]")
_REFUSED_IN_LINES = re.compile(f"[{_rust_class(_ALWAYS)}]")
_REFUSED_IN_NAME = re.compile(f"[{_rust_class(_TAB_AND_NEWLINE + _ALWAYS + _NAME_ONLY)}]")

# What pydantic-core strips (Rust's str::trim: Unicode White_Space), as a class both JSON Schema
# dialects read the same way (`\s` differs between JavaScript and Python).
_SPACES: Ranges = ((0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
                   (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000))
_SPACE = _js_class(_SPACES)
_STRIPPED = "".join(chr(c) for first, last in _SPACES for c in range(first, last + 1))


def schema_pattern(min_length: int, max_length: int, *, lines: bool) -> str:
    """A JSON Schema pattern for text as `text_type` reads it: spaces around, then min..max characters
    none of which is refused. Tag characters (outside the BMP) are left to `peerdir validate`: a
    pattern that names them reads differently in JavaScript and in Python."""
    refused = _ALWAYS if lines else _TAB_AND_NEWLINE + _ALWAYS
    inner, edge = f"[^{_js_class(refused)}]", f"[^{_js_class(_SPACES + refused)}]"
    if min_length <= 1:
        body = f"{edge}(?:{inner}{{0,{max_length - 2}}}{edge})?"
    else:
        body = f"{edge}{inner}{{{min_length - 2},{max_length - 2}}}{edge}"
    return f"^[{_SPACE}]*{body}[{_SPACE}]*$"


@dataclass(frozen=True)
class Rules(GroupedMetadata):
    """A field type's validators and schema as one piece of metadata, which Pydantic unpacks:
    `Annotated[str, one_of(...)]` is a type a type checker reads, where a call returning the whole
    Annotated is not (a call is no type)."""

    items: tuple[Any, ...]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)


def text_rules(min_length: int, max_length: int, *, lines: bool = False) -> Rules:
    """Stripped text of min..max characters, with the character rules above; `lines`: may hold lines."""
    string = {"type": "string", "pattern": schema_pattern(min_length, max_length, lines=lines)}
    if min_length <= 1:  # any plain scalar is text to peerdir: `postal_code: 60622`, `name: true`
        other: dict[str, Any] = {"type": ["number", "boolean"]}
    else:  # whole numbers of that many digits; true/false are too short
        other = {"type": "integer",
                 "not": {"minimum": 1 - 10 ** (min_length - 1), "maximum": 10 ** (min_length - 1) - 1}}
    return Rules((StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length,
                                    pattern=LINES_PATTERN if lines else LINE_PATTERN),
                  WithJsonSchema({"anyOf": [string, other]})))


def text_type(min_length: int, max_length: int, *, lines: bool = False) -> Any:
    """`Annotated[str, text_rules(...)]` unpacked, for a module-level name such as Text (whose
    field metadata then shows the StringConstraints itself)."""
    return Annotated[(str, *text_rules(min_length, max_length, lines=lines))]


def char_label(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)': the code point, and its name where it has one."""
    code = ord(char)
    name = _NAMES.get(code) or unicodedata.name(char, "") or (
        "a control character" if unicodedata.category(char) == "Cc" else "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def refused_char(text: str, *, lines: bool = False) -> str | None:
    """The first character `text` may not hold (its edges stripped, as the models do), if any."""
    found = (_REFUSED_IN_LINES if lines else _REFUSED_IN_LINE).search(text.strip(_STRIPPED))
    return found.group() if found else None


def visible(text: str) -> str:
    """`text` with every refused or invisible character written as <U+XXXX>, for messages."""
    return _REFUSED_IN_NAME.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def explain(found: Any, pattern: str | None) -> tuple[str, str] | None:
    """(message, hint) for a text field whose pattern refused `found`; None if not a rule of this module."""
    if pattern not in (LINE_PATTERN, LINES_PATTERN) or not isinstance(found, str):
        return None
    lines = pattern == LINES_PATTERN
    char = refused_char(found, lines=lines)
    if char is None:
        return None
    return char_problem(char, lines=lines)


def char_problem(char: str, *, lines: bool) -> tuple[str, str]:
    label = char_label(char)
    if char in "\t\n" and not lines:
        what = "a tab" if char == "\t" else "a line break"
        return f"found {what} (U+{ord(char):04X}); this field is one line of text", "write it on one line, with spaces"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (f"found the invisible character {label}, which changes the order in which the text is shown",
                "delete it: retype the text around it, or copy it from a plain-text source")
    if char in "\u2028\u2029":
        return (f"found the separator character {label}, which some programs take for a line break and others do not",
                "delete it: " + ("use an ordinary line break" if lines else "write the text on one line"))
    if unicodedata.category(char) == "Cc":
        return (f"found the control character {label}, which is not text",
                "delete it: retype the text around it" + (", using ordinary line breaks" if lines else ""))
    return (f"found the invisible character {label}, which hides or joins text",
            "delete it: retype the text around it, with an ordinary space where one belongs")


# -- web addresses ------------------------------------------------------------------------------------
# Besides every refused character: any space, quotes, <, >, backslash and backtick, which end an
# address in HTML, JSON, CSV or Markdown. A browser writes them encoded (%20, %22 …).
_URL_MARKS = "\"'<>\\\\`"
_URL_REFUSED = re.compile(f"[\\s{_URL_MARKS}{_rust_class(_ALWAYS + _NAME_ONLY)}]")
# The characters of an address as a JSON Schema pattern class (both dialects).
URL_CHAR = f"[^{_URL_MARKS}{_js_class(_SPACES + _TAB_AND_NEWLINE + _ALWAYS + _NAME_ONLY)}]"


def url_problem(url: str, what: str = "web address") -> tuple[str, str] | None:
    """(message, hint) when an address (already stripped) holds a character no address may hold;
    `what`: "web address" or "email address"."""
    found = _URL_REFUSED.search(url)
    if found is None:
        return None
    char = found.group()
    fix = "copy the full address from the browser's address bar" if what == "web address" else \
        "write the address alone, e.g. group@example.org"
    if char.isspace():
        spot = "a space" if char == " " else f"the space or line break {char_label(char)}"
        return f"found {spot} inside the {what}; an address has none", fix + (
            "; a space in it is written %20" if what == "web address" else "")
    if char in _URL_MARKS.replace("\\\\", "\\"):
        return (f"found {char!r} inside the {what}; quotes, <, >, \\ and ` do not belong in one",
                fix + ("; it writes them encoded, \" as %22" if what == "web address" else ""))
    message, hint = char_problem(char, lines=False)
    return message.replace("found", f"the {what} holds", 1), hint


# -- contact names ------------------------------------------------------------------------------------
# A contact is a first name and at most a last initial. Two name parts joined together are taken for a
# first name and a surname: by -, _, ' or ’, by a capital inside the word (MariaKowalski), or by an
# invisible or zero-width character (U+3164, U+200B-200D …).
# Decision on real joined first names (Ann-Marie, D'Andre, DeShawn): they are accepted with the last
# initial after them ("Ann-Marie K."), since the initial shows where the surname went; alone they cannot
# be told from "Maria-Kowalski", so they are refused with a hint saying to add the initial.
_JOINS = "-'’"


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" and not _REFUSED_IN_NAME.match(char)


def contact_name_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when `text` (whitespace already collapsed) is not a first name and an optional
    last initial; None when it is one."""
    words = text.split(" ") if text else []
    initial = len(words) == 2 and _is_initial(words[1])
    first = words[0] if words else ""
    invisible = _REFUSED_IN_NAME.search(text)
    if invisible is not None:
        return _joined(text, f"the invisible character {char_label(invisible.group())}", invisible.start(), "")
    if "_" in first:
        return _joined(text, "an underscore", first.index("_"), "")
    if not first or unicodedata.category(first[0])[0] != "L" or (len(words) == 2 and not initial) or len(words) > 2 \
            or any(not (_is_letter(c) or c in _JOINS) for c in first) or _has_bad_join(first):
        return _not_a_first_name(text)
    if initial:
        return None
    for i, char in enumerate(first[1:], start=1):
        if char in _JOINS:
            return _joined(text, "a hyphen" if char == "-" else f"an apostrophe ({char})", i, first)
        if char.isupper() and first[i - 1].islower():
            return _joined(text, "a capital letter inside the word", i, first)
    return None


def _is_initial(word: str) -> bool:
    return _is_letter(word[0]) and word[1:] in ("", ".")


def _has_bad_join(first: str) -> bool:
    """A join at the start or end of the name, or two joins together ('Ann--Marie')."""
    return first[-1] in _JOINS or any(a in _JOINS and b in _JOINS for a, b in zip(first, first[1:], strict=False))


def _joined(text: str, by: str, at: int, whole: str) -> tuple[str, str]:
    """`whole`: the joined word, when it could be a real first name of two parts (Ann-Marie); '' when not."""
    head, tail = text[:at], text[at:].lstrip(_JOINS + "_")
    head = "".join(c for c in head if _is_letter(c) or c in _JOINS) or "Maria"
    tail_letter = next((c for c in tail if _is_letter(c)), "K")
    example = f"{head} {tail_letter.upper()}."
    return (f"found '{visible(text)}', which looks like a first name and a surname joined by {by}; "
            "a contact is a first name and at most a last initial, to protect anonymity",
            f"write the first name and the last initial: {example}" + (
                "; a first name of two parts, such as Ann-Marie or DeShawn, is fine with the last initial "
                "after it: Ann-Marie K." if whole else ""))


def _not_a_first_name(text: str) -> tuple[str, str]:
    words = text.split(" ") if text else []
    first = "".join(c for c in (words[0] if words else "") if _is_letter(c) or c in _JOINS).strip(_JOINS) or "Maria"
    initial = next((c for c in words[-1] if _is_letter(c)), "K").upper() if len(words) > 1 else "K"
    return (f"found '{visible(text)}'; a contact is a first name and at most a last initial, to protect anonymity",
            f"write the first name and the last initial: {first} {initial}.")


def reduce_contact_name(text: str) -> str:
    """A name from another directory's feed, reduced to first name and last initial ("" if no letters):
    "Maria Kowalski", "Maria-Kowalski", "MariaKowalski", "Maria\\u3164Kowalski" → "Maria K.";
    "Ann-Marie Smith" → "Ann-Marie S."; "Ann-Marie" alone → "Ann M." (see the decision above)."""
    words = [w for w in (_name_word(w) for w in _REFUSED_IN_NAME.sub(" ", text).replace("_", " ").split()) if w]
    if not words:
        return ""
    if len(words) == 1:
        parts = _parts(words[0])
        if len(parts) == 1:
            return parts[0]
        words = [parts[0], parts[-1]]
    initial = f" {words[-1][0].upper()}."
    name = words[0] + initial
    return name if contact_name_problem(name) is None else _parts(words[0])[0] + initial


def _name_word(word: str) -> str:
    """The letters of a word and the single joins between them: "--Ann--Marie." → "Ann-Marie"."""
    kept = re.sub(f"[{_JOINS}]+", lambda m: m.group()[0], "".join(c for c in word if _is_letter(c) or c in _JOINS))
    kept = kept.strip(_JOINS)
    while kept and unicodedata.category(kept[0])[0] != "L":
        kept = kept[1:].lstrip(_JOINS)
    return kept


def _parts(word: str) -> list[str]:
    """A word split where two name parts join: at -, ' or ’, and before a capital that follows a small letter."""
    parts = []
    for piece in re.split(f"[{_JOINS}]", word):
        start = 0
        for i in range(1, len(piece)):
            if piece[i].isupper() and piece[i - 1].islower():
                parts.append(piece[start:i])
                start = i
        parts.append(piece[start:])
    return [p for p in parts if p]


# -- hints --------------------------------------------------------------------------------------------
def closest(found: str, options: Iterable[str]) -> str | None:
    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(found.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def did_you_mean(found: str, options: Iterable[str]) -> str:
    match = closest(found, options)
    return f"did you mean '{match}'?" if match else ""


# -- slugs: file names and region folder names --------------------------------------------------------
# Checked by the loader's path rules, regions.yaml's keys, `peerdir new --slug` and the importer's --region.
MAX_SLUG = 100  # well inside a file system's 255 bytes, with suffixes
SLUG_RE = re.compile(rf"^(?=[a-z0-9-]{{1,{MAX_SLUG}}}$)[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return SLUG_RE.match(text) is not None


def slug_words(text: str) -> str:
    """What a slug is, for a message about `text`, which is not one."""
    too_long = f", at most {MAX_SLUG} characters" if len(text) > MAX_SLUG else ""
    return "lowercase letters, digits and single hyphens" + too_long


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """A slug made from a name, cut at a word to at most `max_length` ('' if it has no Latin letter or digit):
    'Friday Night Step Study (Español)' → 'friday-night-step-study-espanol', 'Step & Tradition' →
    'step-and-tradition'. (The ids of published feeds use formats._common.slugify, frozen.)"""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("&", " and ").replace("'", "").replace("’", "")
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


# -- time zones -----------------------------------------------------------------------------------------
# The shape of an IANA zone name, checked before any lookup: ZoneInfo turns a name into a file path
# (a 300-letter name is "File name too long", 247 'A/' a RecursionError in importlib).
MAX_ZONE = 64  # the longest IANA name has 32 characters
ZONE_SHAPE = re.compile(r"UTC|[A-Za-z][A-Za-z0-9_+-]{0,19}(?:/[A-Za-z][A-Za-z0-9_+-]{0,19}){1,2}")


@cache
def _zone_exists(name: str) -> bool:
    if len(name) > MAX_ZONE or not ZONE_SHAPE.fullmatch(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone_exists(name: str) -> bool:
    """An IANA zone name (Area/Place or UTC) that this machine knows; any text is safe to ask about."""
    return _zone_exists(name) if len(name) <= MAX_ZONE else False


COMMON_ZONES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "Europe/London", "UTC",
)

# What volunteers write instead of a zone name.
_ZONE_WORDS = {
    "eastern": "America/New_York", "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "central": "America/Chicago", "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
    "mountain": "America/Denver", "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
    "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles", "arizona": "America/Phoenix", "hawaii": "Pacific/Honolulu",
    "alaska": "America/Anchorage", "gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London",
}


@cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z))


def _zone_suggestion(text: str) -> str:
    word = " ".join(text.lower().replace("time", "").replace("standard", "").replace("daylight", "").split())
    if word in _ZONE_WORDS:
        return f"did you mean '{_ZONE_WORDS[word]}'?"
    return (did_you_mean(text, COMMON_ZONES) or did_you_mean(text.replace(" ", "_"), _all_zones())
            or "use a name from the IANA list, such as America/Chicago")


def zone_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when `text` (stripped) is not a zone name this machine knows; None when it is one."""
    if len(text) > MAX_ZONE:
        return (f"found a time zone name of {len(text)} characters; zone names are short, like America/Chicago",
                "e.g. timezone: America/Chicago")
    if not ZONE_SHAPE.fullmatch(text):
        hint = _zone_suggestion(text) if len(text) <= 40 else "e.g. timezone: America/Chicago"
        return f"found {_quoted(text)}, which is not a time zone name from the IANA list", hint
    if not zone_exists(text):
        return f"found {_quoted(text)}, which is not a time zone name from the IANA list", _zone_suggestion(text)
    return None


def _quoted(text: str, limit: int = 60) -> str:
    """'text', cut to `limit` characters with an ellipsis (as models.common.short words a text)."""
    quoted = f"'{text}'"
    return quoted if len(quoted) <= limit else quoted[: limit - 2] + "…'"


# How a zone reads to a person. The abbreviation is the one in force at noon on the build date.
ZONE_NAMES = {
    "America/New_York": "Eastern Time", "America/Detroit": "Eastern Time", "America/Chicago": "Central Time",
    "America/Denver": "Mountain Time", "America/Phoenix": "Mountain Time (Arizona)",
    "America/Los_Angeles": "Pacific Time", "America/Anchorage": "Alaska Time", "Pacific/Honolulu": "Hawaii Time",
    "Europe/London": "UK Time", "UTC": "UTC",
}


def _letters(zone: str, on: dt.date) -> str:
    """'CST', 'MDT'; '' where the zone has no letters for it (tzdata writes '+03')."""
    name = dt.datetime.combine(on, dt.time(12), tzinfo=ZoneInfo(zone)).tzname() or ""
    return name if not name.startswith(("+", "-")) else ""


def _place_time(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ") + " time"


@cache  # every list, embed and sheet row outside its page's zone asks
def zone_label(zone: str, on: dt.date) -> str:
    """'Eastern Time (EST)'; 'Kolkata time (IST)'; 'Dubai time' where the zone has no letters."""
    letters = _letters(zone, on)
    name = ZONE_NAMES.get(zone) or _place_time(zone)
    return f"{name} ({letters})" if letters else name


@cache
def zone_abbreviation(zone: str, on: dt.date) -> str:
    """'CST', 'MDT': the zone's abbreviation on `on`; the zone's city where it has no letters."""
    return _letters(zone, on) or _place_time(zone)


# -- phone numbers and email addresses ----------------------------------------------------------------
MIN_PHONE_DIGITS = 3  # "911", "211": the shortest numbers that reach someone
PHONE_RE = re.compile(r"^\+?[0-9 ().\-]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)
# A conference dial-in: a phone number, then pauses (,) and the meeting id and # to key in.
DIAL_RE = re.compile(r"^\+?[0-9 ().\-]+[0-9 ,*#]*$")
_NOT_DIGIT = re.compile(r"\D")
# The same two rules for the editors' JSON Schema, read alike by JavaScript and Python (no flags there;
# the digit count as a lookahead; spaces around, which the models strip).
_AT_LEAST_DIGITS = rf"(?=(?:[^0-9]*[0-9]){{{MIN_PHONE_DIGITS}}})"
PHONE_SCHEMA_PATTERN = rf"^\s*{_AT_LEAST_DIGITS}\+?[0-9 ().\-]+(?:\s*(?:[Ee][Xx][Tt]\.?|[Xx])\s*[0-9]+)?\s*$"
DIAL_SCHEMA_PATTERN = rf"^\s*{_AT_LEAST_DIGITS}\+?[0-9 ().\-]+[0-9 ,*#]*\s*$"


def digit_count(text: str) -> int:
    return len(_NOT_DIGIT.sub("", text))


def is_phone(text: str) -> bool:
    """`text` (stripped) is a phone number, with an optional extension: 561-555-0134 x12."""
    return PHONE_RE.match(text) is not None and digit_count(text) >= MIN_PHONE_DIGITS


def is_dial_string(text: str) -> bool:
    """`text` (stripped) is a number to dial, with pauses and codes after it: +1 646 555 0143,,5550100231#."""
    return DIAL_RE.match(text) is not None and digit_count(text) >= MIN_PHONE_DIGITS


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254  # the longest address mail servers deliver to (RFC 5321)


def email_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when `text` (stripped) is not an email address peerdir publishes; None when it is one."""
    if len(text) > MAX_EMAIL:
        return f"this address is {len(text)} characters; at most {MAX_EMAIL} fit", "write the group's email address"
    bad = url_problem(text, what="email address")
    if bad is not None:
        return bad
    if not EMAIL_RE.match(text):
        return f"found {_quoted(text)}; expected an email address", "write it like group@example.org"
    return None
