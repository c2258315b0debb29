"""One feed record's values read as peerdir's fields: days, times, dial strings, the place.

Each reader returns what it read; what it could not read or had to change is said by the caller in the
report. Nothing here knows about files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from peerdir.importing.addresses import country_code, country_of, parse_address
from peerdir.models.meeting import DAY_NAMES
from peerdir.models.text_rules import DIAL_RE, is_dial_string, is_phone


class Skip(Exception):
    """This record cannot become a listing; the message says why."""


_TIME_RE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.|a|p)?\s*$", re.I)
# A street line that only says the meeting is not at a street.
ONLINE_WORDS = {"online", "virtual", "zoom", "web", "internet", "phone", "telephone", "tbd", "tba", "n/a", "na",
                "none", "remote", "online meeting", "virtual meeting", "zoom meeting", "online only"}


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    found = str(value).replace("\r\n", "\n").strip()
    return found or None


_DAY_WORDS = {name.lower(): i for i, name in enumerate(DAY_NAMES)}
_DAY_WORDS.update({name.lower()[:3]: i for i, name in enumerate(DAY_NAMES)})
_DAY_WORDS.update({"tues": 2, "weds": 3, "thur": 4, "thurs": 4})


def parse_days(value: Any) -> list[int]:
    """Meeting Guide days (0 = Sunday; int, digit string, day name, or a list of them) → sorted ints.

    Returns [] when there is no day; raises Skip for a value that is not a day.
    """
    if blank(value):
        return []
    items = value if isinstance(value, list) else (re.split(r"[,;/]", value) if isinstance(value, str) else [value])
    days: set[int] = set()
    for item in items:
        if isinstance(item, bool):
            raise Skip(f"day {item!r} is not 0–6 (0 = Sunday) or a day name")
        if isinstance(item, int) or (isinstance(item, str) and item.strip().isdigit()):
            number = int(item)
            if not 0 <= number <= 6:
                raise Skip(f"day {item!r} is not 0–6 (0 = Sunday) or a day name")
            days.add(number)
            continue
        word = str(item).strip().lower().rstrip(".")
        if word in _DAY_WORDS:
            days.add(_DAY_WORDS[word])
        elif word.endswith("s") and word[:-1] in _DAY_WORDS:
            days.add(_DAY_WORDS[word[:-1]])
        elif word:
            raise Skip(f"day {item!r} is not 0–6 (0 = Sunday) or a day name")
    return sorted(days)


def parse_time(value: Any) -> str | None:
    """"19:30", "7:30", "19:30:00", "7:30 PM", "7 pm" → "HH:MM"; None when blank or unreadable."""
    if blank(value):
        return None
    match = _TIME_RE.match(str(value))
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def split_dial_string(phone: str) -> tuple[str, str]:
    """"+1 646 558 8656; PIN 1234#" → ("+1 646 558 8656", "; PIN 1234#")."""
    match = re.search(r"[,;*#a-zA-Z]", phone)
    if not match:
        return phone.strip(), ""
    return phone[: match.start()].strip(), phone[match.start():].strip()


def dialable(number: str, country: str | None) -> bool:
    """The number before any pauses and codes is one a phone can call (phonenumbers: a possible number
    for its country code, or for the meeting's country, the US when unknown)."""
    head = re.split(r"[,;*#]", number, maxsplit=1)[0]
    if not (is_dial_string(head) or is_phone(head)):
        return False
    try:
        parsed = phonenumbers.parse(head, None if head.strip().startswith("+") else (country or "US"))
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(parsed))


def whole_dial_string(phone: str) -> bool:
    """'+15873281099,,82900440659#': a number with its pauses and codes, kept whole."""
    return DIAL_RE.match(phone) is not None


@dataclass
class Place:
    """The place fields of one record, as written; `how` says what was read differently from the source."""

    values: dict[str, Any] = field(default_factory=dict)
    how: list[tuple[str, str]] = field(default_factory=list)  # (field, how it was transformed)

    @property
    def street(self) -> str | None:
        return self.values.get("address")

    @property
    def approximate(self) -> bool:
        return bool(self.values.get("approximate"))


_PARTS = ("address", "city", "state", "postal_code")


def read_place(record: Mapping[str, Any]) -> Place:
    """Address parts of a record: its own parts when it gives them, else read from its one-line address
    (country-aware); `formatted_address` kept as given; approximate when the source says so or no street
    is left (a town or a country alone). Nothing the source gave is dropped: an unknown country stays as
    written, and a street that only says "Online" goes to the report."""
    place = Place()
    given = {k: text(record.get(k)) for k in (*_PARTS, "country")}
    formatted = text(record.get("formatted_address"))
    country = country_code(given["country"])
    if given["country"] and country is None:
        country = given["country"]  # not a country ISO 3166 knows: kept as the source wrote it
    elif given["country"] and country != given["country"]:
        place.how.append(("country", "written as its ISO 3166 code"))
    one_line = formatted if formatted and not any(given[k] for k in _PARTS) else None
    if one_line is None and given["address"] and "," in given["address"] and not given["city"]:
        one_line = given["address"]
        place.how.append(("address", "split into street, city, state and postcode"))
    values: dict[str, Any] = dict(given, country=country)
    if one_line is not None:
        read = parse_address(one_line, country if country and len(country) == 2 else None)
        # The line's own parts; parts the record gives besides stay as given (the street is the line's).
        values.update({k: v for k, v in read.__dict__.items()
                       if k == "address" or (v is not None and not given.get(k))})
        if one_line is formatted:
            place.how.append(("formatted_address", "read into street, city, state, postcode and country"))
    values["formatted_address"] = formatted
    if not values.get("country") and country_of(values.get("state"), values.get("postal_code")):
        values["country"] = country_of(values.get("state"), values.get("postal_code"))
        place.how.append(("country", "told by the state (and postcode): the source names none"))
    street = values.get("address")
    if street and street.lower().strip(" .") in ONLINE_WORDS:
        place.how.append(("address", f"'{street}' is not a street: not kept as a place"))
        values["address"] = street = None
    flag = (text(record.get("approximate")) or "").lower()
    has_place = any(values.get(k) for k in ("city", "state", "postal_code", "country", "formatted_address"))
    if flag in ("yes", "true", "1") or (not street and has_place):
        if flag in ("no", "false", "0") and not street:
            place.how.append(("approximate", "the source said no, but the address names no street"))
        values["approximate"] = True
    for key, limit in (("latitude", 90), ("longitude", 180)):
        try:
            number = float(record.get(key))  # type: ignore[arg-type]  # anything: float() says if it is a number
        except (TypeError, ValueError):
            continue
        if -limit <= number <= limit and number != 0:
            values[key] = number
    place.values = {k: v for k, v in values.items() if v is not None}
    return place
