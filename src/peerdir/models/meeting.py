"""A recurring weekly meeting. Keys follow the Meeting Guide feed so imports and exports map 1:1."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from peerdir.models.common import (
    Contact,
    DialString,
    Email,
    FeedSlug,
    Latitude,
    Listing,
    Longitude,
    LongText,
    Text,
    Timestamp,
    TimeZoneName,
    VerifiedDate,
    WebUrl,
    closest,
    did_you_mean,
    place_of,
    problem,
    short,
    vocabulary,
)
from peerdir.models.facts import set_facts
from peerdir.models.schema_text import words_pattern

# Meeting Guide numbering: 0 = Sunday. Kept everywhere so feeds never need a second mapping.
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAY_LOOKUP = {name.lower(): i for i, name in enumerate(DAY_NAMES)}
_DAY_LOOKUP.update({name.lower()[:3]: i for i, name in enumerate(DAY_NAMES)})
_DAY_LOOKUP.update({"tues": 2, "weds": 3, "thur": 4, "thurs": 4})


class Attendance(str, Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"
    TEMPORARILY_CLOSED = "temporarily_closed"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "online": "Online", "hybrid": "Hybrid (in person and online)",
                "temporarily_closed": "Temporarily closed"}[self.value]


def _one_day(value: Any) -> int:
    if value is None:
        raise problem("found nothing; expected a day of the week", "e.g. day: Monday")
    if isinstance(value, str) and value.strip().lower() in _DAY_LOOKUP:
        return _DAY_LOOKUP[value.strip().lower()]
    if isinstance(value, str) and value.strip().isdigit():
        raise problem(f"found {short(value)}; write the day's name, since feeds disagree on which number is Sunday",
                      "e.g. day: Monday")
    hint = did_you_mean(str(value), DAY_NAMES) or "write a day name such as Monday"
    raise problem(f"found {short(value)}, which is not a day of the week", hint)


def _days(value: Any) -> list[int]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise problem("found an empty list; expected at least one day", "e.g. day: [Monday, Thursday]")
    return sorted({_one_day(item) for item in items})


# As `_one_day` reads a day: a name or short name from _DAY_LOOKUP, in any case, spaces around.
_DAY_SCHEMA = {"anyOf": [{"enum": list(DAY_NAMES)}, {"type": "string", "pattern": words_pattern(_DAY_LOOKUP)}]}
Days = Annotated[
    list[int],
    BeforeValidator(_days),
    WithJsonSchema({"anyOf": [_DAY_SCHEMA, {"type": "array", "items": _DAY_SCHEMA, "minItems": 1}]}),
]

def _type_hint(found: Any, types: dict[str, str]) -> str:
    """Suggest the code whose name was written ('Open' → O), else the nearest code."""
    text = str(found) if isinstance(found, str) else ""
    by_name = {name: code for code, name in types.items()}
    code = by_name.get(closest(text, by_name) or "") or closest(text, types)
    declare = f"declare it in data/types.yaml: a line '{_code_example(text)}:' and under it '  name: …'"
    if code:
        return f"did you mean '{code}' for {types[code]}? If it is a type of its own, {declare}"
    return f"use the short codes from the type list in CONTRIBUTING.md, e.g. [O, D], or {declare}"


def _code_example(text: str) -> str:
    code = re.sub(r"[^A-Za-z0-9-]", "", text)[:20]
    return code or "CODE"


# One code or a list of them; a code may be a number to editors reading YAML 1.2 (11: 11th Step Meditation).
_TYPE_CODE_SCHEMA = {"type": ["string", "integer"]}
# `types:` with nothing after it is no types, as with [].
_TYPES_SCHEMA = {"anyOf": [_TYPE_CODE_SCHEMA, {"type": "array", "items": _TYPE_CODE_SCHEMA}, {"type": "null"}]}

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


_CLOCKS: dict[str, dt.time] = {}  # text as typed → time; a directory uses a few hundred


def _clock(value: Any) -> dt.time:
    if value.__class__ is str:
        known = _CLOCKS.get(value)
        if known is not None:
            return known
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str):
        raise problem(f"found {short(value)}; expected a time as HH:MM (24-hour)", "e.g. time: 19:30 for 7:30 PM")
    text = value.strip()
    match = _TIME_RE.match(text)
    if not match:
        hint = "use 24-hour time, e.g. 19:30 for 7:30 PM"
        pm = re.match(r"^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?$", text, re.IGNORECASE)
        if pm:
            hour = int(pm.group(1)) % 12 + (12 if pm.group(3).lower() == "p" else 0)
            hint = f"use 24-hour time: write {hour:02d}:{pm.group(2) or '00'}"
        raise problem(f"found {short(text)}; expected a time as HH:MM (24-hour)", hint)
    clock = dt.time(int(match.group(1)), int(match.group(2)))
    if value.__class__ is str and len(_CLOCKS) < 4096:
        _CLOCKS[value] = clock
    return clock


Clock = Annotated[dt.time, BeforeValidator(_clock),
                  WithJsonSchema({"type": "string", "pattern": r"^\s*(?:[01]?[0-9]|2[0-3]):[0-5][0-9]\s*$"})]


class Meeting(Listing):
    """One recurring meeting: `data/meetings/<region>/<slug>.yaml`."""

    name: Text = Field(description="The meeting's name as the group uses it.")
    program: Text = Field(description="Recovery program, e.g. AA, NA, SMART, Al-Anon.")
    day: Days = Field(description="Day name, or a list of them, e.g. Monday or [Monday, Thursday].")
    time: Clock = Field(description="Start time, 24-hour HH:MM, in the meeting's time zone.")
    end_time: Clock | None = Field(None, description="End time, HH:MM; after midnight is fine. Default: one hour.")
    # validate_default: a meeting without one takes its region's, and `_has_zone` checks there is one.
    timezone: TimeZoneName | None = Field(None, description="IANA time zone; defaults to the region's.",
                                          validate_default=True)
    types: Annotated[list[str], WithJsonSchema(_TYPES_SCHEMA)] = Field(
        default_factory=list, description="Meeting Guide type codes, e.g. [O, D, X].")
    location: Text | None = Field(None, description="Venue name, e.g. St. Mark's Church.")
    address: Text | None = Field(None, description="Street address.")
    city: Text | None = None
    state: Text | None = None
    postal_code: Text | None = None
    country: Text | None = Field(None, description="Two-letter country code (ISO 3166-1), e.g. US, CA, GB.")
    formatted_address: Text | None = Field(
        None, description="The whole address as the source gave it; shown and exported as written.")
    approximate: bool | None = Field(
        None, description="yes: the address is only a city or area, no place to go (never given directions).")
    location_notes: LongText | None = Field(None, description="How to find the room, parking, entrances.")
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    conference_url: WebUrl | None = Field(None, description="Link to join online (Zoom, Meet, Jitsi…).")
    conference_url_notes: LongText | None = Field(None, description="Meeting ID, passcode or how to join.")
    conference_phone: DialString | None = Field(None, description="Dial-in number for joining by phone.")
    conference_phone_notes: LongText | None = None
    group: Text | None = Field(None, description="The group that holds the meeting.")
    notes: LongText | None = Field(None, description="Anything else a newcomer should know. Plain text.")
    notes_es: LongText | None = Field(None, description="The notes in Spanish, shown on the Spanish pages (optional).")
    contacts: list[Contact] = Field(default_factory=list, description="First name and last initial only.")
    last_verified: VerifiedDate = Field(description="The date someone last checked this listing (YYYY-MM-DD).")
    updated: Timestamp | None = Field(
        None, description="Set by imports: the source's last change, YYYY-MM-DD HH:MM:SS (or a date).")
    # The source feed's slug, when the file name cannot be it (case, length, characters); our feed
    # gives it back unchanged. `slug` itself is the file name's (Listing.slug), hence the alias.
    feed_slug: FeedSlug | None = Field(None, alias="slug",
                                       description="The source feed's slug, kept exactly; imports set it.")
    district: Text | None = Field(None, description="The district the group belongs to.")
    group_notes: LongText | None = Field(None, description="Notes about the group rather than this meeting.")
    website: WebUrl | None = Field(None, description="The group's web site.")
    email: Email | None = Field(None, description="The group's email address.")
    feedback_url: WebUrl | None = Field(None, description="Where to report a change to this listing.")
    feedback_emails: list[Email] = Field(default_factory=list, description="Who hears of changes to this listing.")
    venmo: Text | None = Field(None, description="The group's Venmo handle for 7th Tradition, e.g. @handle.")
    square: Text | None = Field(None, description="The group's Cash App cashtag, e.g. $cashtag.")
    paypal: Text | None = Field(None, description="The group's PayPal.Me name or link.")

    @field_validator("timezone", mode="after")
    @classmethod
    def _has_zone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            place = place_of(info.context)
            if place.region_zone is None and not place.checked_only:
                raise problem(*NO_ZONE, at_key=True)
        return value

    @field_validator("program", mode="after")
    @classmethod
    def _known_program(cls, value: str, info: ValidationInfo) -> str:
        vocab = vocabulary(info)
        program = vocab.program(value)
        if program is None:
            match = closest(value, vocab.programs)  # may be an alias: name the program it stands for
            hint = (f"did you mean '{vocab.programs[match].name}'?" if match else
                    f"write one of {', '.join(vocab.program_names)}, or add it to data/programs.yaml")
            raise problem(f"found {short(value)}, which is not a known program", hint)
        return program.name

    @field_validator("types", mode="before")
    @classmethod
    def _known_types(cls, value: Any, info: ValidationInfo) -> list[str]:
        if value is None:
            return []  # `types:` with nothing after it: no types, as with []
        vocab = vocabulary(info)
        items = value if isinstance(value, list) else [value]
        codes: list[str] = []
        for item in items:
            code = vocab.type_code(str(item)) if isinstance(item, str) else None
            if code is None:
                raise problem(f"found {short(item)}, which is not a meeting type code", _type_hint(item, vocab.types))
            if code not in codes:
                codes.append(code)
        return codes

    # Derived facts: attendance is never typed by hand, so it cannot disagree with the fields.
    @property
    def is_online(self) -> bool:
        return bool(self.conference_url or self.conference_phone)

    @property
    def is_in_person(self) -> bool:
        # An approximate address (a city or area) is no place to go.
        return bool(self.address) and not self.approximate and "TC" not in self.types

    @property
    def guide_slug(self) -> str:
        """The slug Meeting Guide apps know the meeting by: the source's, when imported with one."""
        return self.feed_slug or self.slug

    @property
    def attendance(self) -> Attendance:
        if self.is_online and self.is_in_person:
            return Attendance.HYBRID
        if self.is_online:
            return Attendance.ONLINE
        if self.is_in_person:
            return Attendance.IN_PERSON
        return Attendance.TEMPORARILY_CLOSED

    @property
    def duration(self) -> dt.timedelta:
        if self.end_time is None:
            return dt.timedelta(hours=1)
        start = self.time.hour * 60 + self.time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return dt.timedelta(minutes=(end - start) % 1440 or 1440)

    @property
    def effective_end(self) -> dt.time:
        start = dt.datetime.combine(dt.date(2000, 1, 1), self.time)
        return (start + self.duration).time()

    @property
    def day_names(self) -> list[str]:
        return [DAY_NAMES[d] for d in self.day]

    def cross_field_problems(self, unread: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, str, str]]:
        """(field, message, hint) for rules that need several fields. (The time zone's, which needs the
        region, is checked as the meeting is built: NO_ZONE.)

        `unread`: fields whose value was invalid (already reported), so a rule does not take them for absent.
        """
        found: list[tuple[str, str, str]] = []
        if not self.address and not self.is_online and not unread & {"address", "conference_url", "conference_phone"}:
            found.append(("address", "the meeting has neither a street address nor a way to join online",
                          "add address: …, or conference_url: / conference_phone: for an online meeting"))
        elif (self.address and self.approximate and not self.is_online and "TC" not in self.types
              and not unread & {"conference_url", "conference_phone", "types"}):
            found.append(("approximate", "the address is approximate (a city or area, no place to go) and the "
                          "meeting has no way to join online",
                          "add the street address and approximate: no, or conference_url: / conference_phone:, "
                          "or types: [TC] while the venue is closed"))
        return found

    def model_post_init(self, context: Any, /) -> None:
        place = place_of(context)
        # `_has_zone` made sure there is one, unless the meeting is only checked, never published.
        zone = self.timezone or place.region_zone or ""
        set_facts(self, {"slug": place.slug, "region": place.region, "source": place.source, "zone": zone})

    @property
    def zone(self) -> str:
        """The IANA zone the meeting's times are in: its own, else its region's."""
        return self.__pydantic_private__["zone"]


# The time zone rule's message, whoever builds the meeting: at `timezone`, as (message, hint).
NO_ZONE = ("no time zone: the region has none, and the meeting gives none", "add e.g. timezone: America/Chicago")
