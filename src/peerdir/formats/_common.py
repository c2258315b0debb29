"""Small facts every format shares: stable ids, day codes, addresses, zone offsets."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from peerdir.models import Attendance, Home, Meeting, text_rules

# Fixed forever: every id peerdir publishes (HSDS ids, iCalendar UIDs) is uuid5(NAMESPACE, "kind/slug…").
NAMESPACE = uuid.UUID("6f6d2c1e-4b7a-5d0e-9a3c-70656572646e")

# Meeting Guide numbering (0 = Sunday), as the model stores it.
ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
SCHEMA_DAYS = tuple(f"https://schema.org/{d}" for d in
                    ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"))


# Frozen: this slugify makes published ids (HSDS) and imported files' names, which a later import
# finds again by name; a change would give every id and file a new name. What a slug may be is
# text_rules' rule (at most MAX_SLUG characters), which every slug made here passes.
MAX_SLUG = 64
assert MAX_SLUG <= text_rules.MAX_SLUG


def slugify(text: str) -> str:
    """A peerdir slug for an id or an imported file: lowercase ASCII letters, digits, single hyphens,
    at most 64 characters, cut at a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "").replace("’", "")).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    return slug.strip("-")


_NAMESPACE_SHA1 = hashlib.sha1(NAMESPACE.bytes)  # copied for each id: quicker than hashing the namespace anew


def stable_id(*parts: str) -> str:
    """uuid5(NAMESPACE, "a/b/c") as text, e.g. stable_id("meeting", slug, "location").

    The same value as str(uuid.uuid5(...)), computed without UUID objects: a 10,000-meeting HSDS
    feed needs about 150,000 of them.
    """
    return uuid5_text("/".join(parts))


def uuid5_text(name: str) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), fast."""
    sha1 = _NAMESPACE_SHA1.copy()
    sha1.update(name.encode("utf-8"))
    h = sha1.hexdigest()
    # Version 5 in the 13th hex digit, the RFC 4122 variant (10xx) in the 17th.
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_VARIANT = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}

# Compact, UTF-8, no circular check (every tree is fresh): json.dumps(..., ensure_ascii=False, separators=(",", ":")).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def json_bytes(value: Any) -> bytes:
    return _JSON.encode(value).encode("utf-8")


def json_array(items: Iterable[Any]) -> bytes:
    """The bytes `json_bytes(list(items))` gives, each item encoded as it comes and then dropped.

    A feed of 10,000 records kept whole as one tree of dicts makes the garbage collector walk it
    again and again while it grows; encoded one by one, the records never pile up.
    """
    # Bytes per item: joining short texts into one long one would widen every ASCII-only record to
    # the two bytes per character of the records with an en dash, and then encode it all again.
    return b"[" + b",".join([_JSON.encode(item).encode("utf-8") for item in items]) + b"]"


@cache  # a directory has a few hundred distinct times, asked for 50,000 times at 10,000 meetings
def hhmm(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def is_active(meeting: Meeting) -> bool:
    """Open for attendance in some way: not temporarily closed without online access."""
    return meeting.attendance is not Attendance.TEMPORARILY_CLOSED


def street_line(meeting: Meeting) -> str | None:
    return meeting.address or None


def locality_line(city: str | None, state: str | None, postal_code: str | None) -> str:
    """"Tupelo, MS 38801" from whichever parts are given."""
    region = " ".join(p for p in (state, postal_code) if p)
    return ", ".join(p for p in (city, region) if p)


def meeting_formatted_address(meeting: Meeting) -> str:
    parts = [meeting.address, locality_line(meeting.city, meeting.state, meeting.postal_code), meeting.country]
    return ", ".join(p for p in parts if p)


def home_public_address(home: Home) -> dict[str, str | None]:
    """The parts of a home's address that may be published: the street only when it is public."""
    public = home.street_is_public
    return {
        "address": home.address if public else None,
        "city": home.city,
        "state": home.state,
        "postal_code": home.postal_code if public else None,
    }


def home_public_address_text(home: Home) -> str:
    parts = home_public_address(home)
    return ", ".join(p for p in (parts["address"],
                                 locality_line(parts["city"], parts["state"], parts["postal_code"])) if p)


_COUNTRY_CODES = {"us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states": "US",
                  "united states of america": "US", "canada": "CA", "ca": "CA", "mexico": "MX", "mx": "MX",
                  "uk": "GB", "united kingdom": "GB", "gb": "GB"}


def country_code(country: str | None, default: str = "US") -> str:
    """ISO 3166-1 alpha-2 where recognisable; peerdir directories are US unless a listing says otherwise."""
    if not country:
        return default
    return _COUNTRY_CODES.get(country.strip().lower(), country.strip())


@cache
def standard_offset_hours(zone: str) -> float:
    """The zone's standard-time UTC offset in hours (e.g. -5 for America/New_York), DST left out.

    HSDS wants one number; a weekly schedule spans both halves of the year, so the standard offset
    (the one a zone returns to every year) is the stable choice. The IANA name travels alongside.
    """
    tz = ZoneInfo(zone)
    for month in (1, 7):
        moment = dt.datetime(2026, month, 1, 12, tzinfo=tz)
        if not moment.dst():
            offset = moment.utcoffset() or dt.timedelta(0)
            return _hours(offset)
    moment = dt.datetime(2026, 1, 1, 12, tzinfo=tz)
    return _hours((moment.utcoffset() or dt.timedelta(0)) - (moment.dst() or dt.timedelta(0)))


def _hours(offset: dt.timedelta) -> float:
    hours = offset.total_seconds() / 3600
    return int(hours) if hours == int(hours) else hours


_DAYS_AHEAD = tuple(dt.timedelta(days=n) for n in range(7))  # made once: every .ics asks three times a meeting


def first_occurrence(days: list[int], on_or_after: dt.date) -> dt.date:
    """The first date on or after `on_or_after` that falls on one of `days` (0 = Sunday)."""
    weekday = on_or_after.isoweekday() % 7  # 0 = Sunday, like `days`
    return on_or_after + _DAYS_AHEAD[min([(d - weekday) % 7 for d in days])]


def dial_string(phone: str) -> str:
    """A phone number as Meeting Guide wants conference_phone: digits and + , * # only."""
    text = re.sub(r"\s*(?:ext\.?|x)\s*", ",", phone.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^0-9+,*#]", "", text)


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)
