"""Template text that was never filled in: `peerdir new` writes CHANGE ME where a value goes.

A listing that still holds one is refused, so an unfilled template is never published: each value
that holds the placeholder is a problem at its own line, with what to write there instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from peerdir.models.common import short

# As the templates write it (CHANGE ME, and CHANGE-ME inside a link), as a whole word only:
# "Exchange Meeting" is a name, not a placeholder.
_PLACEHOLDER_RE = re.compile(r"\bchange[ _-]me\b", re.IGNORECASE)

# What to write instead, by field name; {kind} is meeting, home or community.
_HINTS = {
    "name": "write the {kind}'s name",
    "location": "fill in the venue's name, e.g. St. Mark's Church, or delete the line",
    "address": "write the street address, e.g. 123 Main St",
    "city": "write the city the {kind} is in",
    "state": "write the state or province, e.g. IL",
    "postal_code": "write the ZIP or postal code, or delete the line",
    "operator": "write the organisation or person that runs the home, or delete the line",
    "conference_url": "paste the link people click to join, e.g. https://zoom.us/j/123456789",
    "conference_url_notes": "write the meeting ID and passcode, or delete the line if there are none",
    "conference_phone_notes": "write what to dial after the number, or delete the line",
    "url": "write the address people go to, e.g. https://example.org/forum",
    "website": "write the home's website, or delete the line",
    "location_notes": "say how to find the room, or delete the line",
    "notes": "write it in plain words, or delete the line",
    "description": "write a few plain sentences, or delete the line",
    "group": "write the group's name, or delete the line",
    "body": "write who certifies the home, e.g. FARR",
}
_CONTACT_HINT = "write a first name and at most a last initial, e.g. Maria K."


def has_placeholder(text: str) -> bool:
    return _PLACEHOLDER_RE.search(text) is not None


def _might_hold_one(data: dict[str, Any]) -> bool:
    """False for nearly every listing, cheaply: none of its text (nested values as their repr) says 'change'."""
    parts = []
    for value in data.values():
        if value.__class__ is str:
            parts.append(value)
        elif value is not None:
            parts.append(repr(value))
    return "change" in " ".join(parts).lower()


def _strings(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if value.__class__ is str:
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))


def placeholder_problems(data: dict[str, Any], kind: str,
                         skip: frozenset[str] | set[str] = frozenset()) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(where, message, hint) for every value in `data` that still holds CHANGE ME.

    `skip`: top-level fields already reported as invalid, so the same line is not reported twice.
    """
    if not _might_hold_one(data):
        return []
    found = []
    for loc, text in _strings(data, ()):
        if loc[0] in skip or not has_placeholder(text):
            continue
        field = next((part for part in reversed(loc) if isinstance(part, str)), "")
        hint = _CONTACT_HINT if field == "name" and len(loc) > 1 else _HINTS.get(
            field, "replace CHANGE ME with the real {field}, or delete the line if it is optional")
        found.append((loc, f"found {short(text)}, the template's placeholder; a listing is published only "
                           "once every CHANGE ME is replaced", hint.format(kind=kind, field=field.replace("_", " "))))
    return found
