"""How schema-level values read to a person: "7:30 PM", "Monday", "Eastern Time (EST)"."""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterable, Mapping
from functools import cache

import pycountry

from peerdir import i18n
from peerdir.models.meeting import DAY_NAMES, Meeting
from peerdir.models.text_rules import ZONE_NAMES, zone_abbreviation, zone_label
from peerdir.vocabulary import TYPE_EXPLANATIONS, Vocabulary, meeting_guide_types


@cache  # a few hundred distinct times; every list, sheet and embed row asks
def clock_12h(value: dt.time) -> str:
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    if value.hour == 12 and value.minute == 0:
        return "12:00 noon"
    if value.hour == 0 and value.minute == 0:
        return "12:00 midnight"
    return f"{hour}:{value.minute:02d} {suffix}"


def clock_24h(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def day_list(days: list[int]) -> str:
    names = [DAY_NAMES[d] for d in days]
    if len(names) == 7:
        return "Every day"
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def meeting_time_range(meeting: Meeting) -> str:
    return f"{clock_12h(meeting.time)} – {clock_12h(meeting.effective_end)}"


def type_names(meeting: Meeting, names: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(code, name, explanation) for each of the meeting's type codes; `names`: {code: name} (the
    vocabulary's, or `type_names_in` a language); the explanation in English, for the template's _()."""
    return [(code, names.get(code, code), TYPE_EXPLANATIONS.get(code, "")) for code in meeting.types]


def type_names_in(vocab: Vocabulary, language: str) -> dict[str, str]:
    """{type code: name} in `language`: the Meeting Guide's own name in it where the spec gives one,
    else peerdir's catalog; a directory's own types (data/types.yaml) by their Spanish `name_es` where
    given, else as written. English: the vocabulary."""
    if language == "en":
        return vocab.types
    spec, translate = meeting_guide_types(), i18n.translations(language).gettext
    own = {code: name for code, name in vocab.custom_types.items() if name} if language == "es" else {}
    return {code: own.get(code) or spec.get(code, {}).get(language) or translate(name)
            for code, name in vocab.types.items()}


@cache  # a few zones, asked by every row of a list of many zones
def zone_label_in(zone: str, on: dt.date, language: str) -> str:
    """`zone_label` in `language`: Spanish 'hora del Centro (CST)', 'hora de Kolkata (IST)'."""
    if language == "en":
        return zone_label(zone, on)
    translate = i18n.translations(language).gettext
    name = ZONE_NAMES.get(zone)
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    name = translate(name) if name else translate("{place} time").format(place=place)
    letters = zone_abbreviation(zone, on)
    return f"{name} ({letters})" if letters and not letters.endswith(" time") else name


@cache
def country_name(code: str, language: str = "en") -> str:
    """'Canada' (or 'Canadá') for 'CA'; text that is no ISO 3166-1 code is shown as written."""
    country = pycountry.countries.get(alpha_2=code.strip()) if len(code.strip()) == 2 else None
    if country is None:
        return code
    if language == "en":
        return str(country.name)
    try:
        names = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return str(country.name)
    return names.gettext(str(country.name))


def shown_country(meeting: Meeting, region_country: str | None, language: str = "en") -> str | None:
    """The country a meeting page names: only when it differs from its region's (a US directory's pages
    do not say 'United States' on every meeting)."""
    if not meeting.country or (region_country and meeting.country.strip().upper() == region_country):
        return None
    return country_name(meeting.country, language)


def is_stale(verified: dt.date, today: dt.date, after_days: int) -> bool:
    return (today - verified).days > after_days


def meetings_by_day(meetings: Iterable[Meeting]) -> list[list[Meeting]]:
    """Seven lists (0 = Sunday), each in time order; a meeting on several days is in each."""
    days: list[list[Meeting]] = [[] for _ in DAY_NAMES]
    for meeting in meetings:
        for day in meeting.day:
            days[day].append(meeting)
    for rows in days:
        rows.sort(key=lambda m: (m.time, m.name.lower()))
    return days
