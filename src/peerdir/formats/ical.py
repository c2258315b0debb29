"""iCalendar (.ics) for meetings: one weekly recurring event per meeting, in the meeting's own zone.

Two ways to the same bytes' meaning:
- `meeting_event` / `meeting_calendar` build the calendar with the icalendar library. They are the
  reference: clear, and slow (about 1.4 ms a meeting, too slow for 10,000 meetings in a build).
- `meeting_ics` / `region_ics` render each VEVENT from a precomputed template (tens of µs) and reuse
  one VTIMEZONE per zone, made once by icalendar. tests/test_formats_ical.py checks, meeting by
  meeting, that the template output parses to the same calendar as the reference.

The event starts on the first meeting day on or after `last_verified` (also its DTSTAMP), repeats
weekly on the meeting's days, and keeps its local time across daylight-saving changes because
DTSTART/DTEND carry the TZID of the meeting's zone, defined by the VTIMEZONE in the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from peerdir.formats._common import ICAL_DAYS, first_occurrence, is_active
from peerdir.models import Attendance, Meeting
from peerdir.urls import SiteInfo, meeting_path

# RFC 5545 requires a PRODID; it need only name the product (issue 20: 60,000 meeting files).
PRODID = "-//peerdir//EN"
CRLF = "\r\n"
LAST_ZONE_DATE = dt.date(2038, 1, 1)
# Zones icalendar writes as UTC ("…Z", no TZID and no VTIMEZONE needed); the template does the same.
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "Etc/Universal", "Etc/GMT", "Etc/GMT+0",
                       "Etc/GMT-0", "Etc/GMT0", "Etc/Greenwich", "GMT", "GMT0", "UCT", "Universal", "Zulu",
                       "Greenwich"})


# -- what goes into an event (shared by both ways) --------------------------------------------
def event_start(meeting: Meeting) -> dt.datetime:
    """Aware local start of the first occurrence: first meeting day on or after last_verified."""
    date = first_occurrence(meeting.day, meeting.last_verified)
    return dt.datetime.combine(date, meeting.time, tzinfo=ZoneInfo(meeting.zone))


def event_uid(meeting: Meeting, site: SiteInfo) -> str:
    return f"meeting-{meeting.slug}@{_host(site.site_url)}"


@lru_cache(maxsize=16)
def _host(site_url: str) -> str:
    return urlsplit(site_url).hostname or "peerdir"


def event_location(meeting: Meeting) -> str | None:
    """The place for people who go in person, else the join link (or dial-in number)."""
    if meeting.is_in_person or (meeting.address and not meeting.is_online):
        parts = [meeting.location, meeting.address, meeting.city,
                 " ".join(p for p in (meeting.state, meeting.postal_code) if p) or None, meeting.country]
        return ", ".join(p for p in parts if p)
    return meeting.conference_url or meeting.conference_phone


def event_description(meeting: Meeting, page_url: str) -> str:
    lines: list[str] = [meeting.attendance.label + (f" · {meeting.program}" if meeting.program else "")]
    if meeting.conference_url:
        lines.append(f"Join online: {meeting.conference_url}")
        if meeting.conference_url_notes:
            lines.append(meeting.conference_url_notes)
    if meeting.conference_phone:
        lines.append(f"Join by phone: {meeting.conference_phone}")
        if meeting.conference_phone_notes:
            lines.append(meeting.conference_phone_notes)
    if meeting.location_notes and meeting.is_in_person:
        lines.append(meeting.location_notes)
    if meeting.notes:
        lines.append(meeting.notes)
    lines.append(f"Details and changes: {page_url}")
    return "\n".join(lines)


def _rrule_days(meeting: Meeting) -> list[str]:
    return [ICAL_DAYS[d] for d in meeting.day]


def _closed(meeting: Meeting) -> bool:
    return meeting.attendance is Attendance.TEMPORARILY_CLOSED


# -- the reference: icalendar objects ---------------------------------------------------------
def meeting_event(meeting: Meeting, site: SiteInfo) -> icalendar.Event:
    """The meeting's VEVENT built with icalendar (the reference the fast template is checked against)."""
    start = event_start(meeting)
    page = site.absolute(meeting_path(meeting))
    event = icalendar.Event()
    event.add("summary", meeting.name)
    event.add("dtstart", start)
    event.add("dtend", _end(start, meeting))
    event.add("dtstamp", dt.datetime.combine(meeting.last_verified, dt.time(0), tzinfo=dt.UTC))
    event.add("uid", event_uid(meeting, site))
    event.add("rrule", {"freq": "weekly", "byday": _rrule_days(meeting)})
    event.add("description", event_description(meeting, page))
    location = event_location(meeting)
    if location:
        event.add("location", location)
    if _closed(meeting):
        event.add("status", "CANCELLED")
    # No URL property: the description ends with the page's address, the one link Google and Outlook
    # show (they ignore URL), so URL only repeated it (issue 20: 60,000 files and the region ones).
    return event


def meeting_calendar(meeting: Meeting, site: SiteInfo) -> icalendar.Calendar:
    """The whole .ics of one meeting built with icalendar (reference; slow)."""
    calendar = _calendar(None)
    if meeting.zone not in UTC_ZONES:
        calendar.add_component(zone_component(meeting.zone, event_start(meeting).year))
    calendar.add_component(meeting_event(meeting, site))
    return calendar


def _calendar(name: str | None) -> icalendar.Calendar:
    """A VCALENDAR; `name` titles a calendar to subscribe to (a meeting's own file, added once to
    a calendar the visitor picks, has none: 60,000 of them, and a name only offers a new calendar)."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    # No CALSCALE (GREGORIAN is RFC 5545's default) and no METHOD: a file that is not an iTIP message
    # needs none, and Outlook imports one without it as PUBLISH ([MS-STANOICAL] V0078; issue 20).
    if name is not None:
        # NAME (RFC 7986) and X-WR-CALNAME are TEXT: escaped like SUMMARY. icalendar does not know
        # them as TEXT, so they are handed over as vText.
        calendar.add("name", icalendar.vText(name))
        calendar.add("x-wr-calname", icalendar.vText(name))
    return calendar


def _end(start: dt.datetime, meeting: Meeting) -> dt.datetime:
    # Wall-clock arithmetic: a meeting from 23:30 to 00:30 ends at 00:30 local the next day.
    return (start.replace(tzinfo=None) + meeting.duration).replace(tzinfo=start.tzinfo)


@cache
def zone_component(zone: str, first_year: int) -> icalendar.Timezone:
    """The VTIMEZONE of `zone` from `first_year` to 2038, made once per zone and year.

    Written with yearly RRULEs (the usual form: "the second Sunday of March at 02:00") when every
    change of those years follows one; else icalendar's list of dates (RDATE), half of a meeting's
    file for a zone with daylight saving time (issue 20: 60,000 meeting files).
    """
    last_year = max(LAST_ZONE_DATE.year, first_year + 12)
    ruled = _ruled_zone(zone, first_year, last_year)
    if ruled is not None:
        return ruled
    timezone = icalendar.Timezone.from_tzid(zone, first_date=dt.date(first_year, 1, 1),
                                            last_date=dt.date(last_year, 1, 1))
    timezone.pop("COMMENT", None)  # icalendar's note of those years, in every meeting's file: for people, not clients
    for part in timezone.subcomponents:
        part.pop("TZNAME", None)  # see _ruled_zone
    return timezone


class _Change(NamedTuple):
    onset: dt.datetime  # local wall-clock time before the change (RFC 5545: in TZOFFSETFROM's terms)
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    dst: bool


def _changes(zone: str, first_year: int, last_year: int) -> list[_Change]:
    """Every offset change of `zone` from the year before `first_year` (so that the file's first
    weeks are covered too) to the end of `last_year - 1`, found day by day and then to the minute."""
    tz = ZoneInfo(zone)
    moment = dt.datetime(first_year - 1, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year, 1, 1, tzinfo=dt.UTC)
    day = dt.timedelta(days=1)
    found: list[_Change] = []
    offset = moment.astimezone(tz).utcoffset()
    while moment < end:
        later = moment + day
        new = later.astimezone(tz).utcoffset()
        if new != offset and offset is not None and new is not None:
            low, high = 0, 24 * 60  # the change is in (low, high] minutes after `moment`: bisect
            while high - low > 1:
                middle = (low + high) // 2
                at = (moment + dt.timedelta(minutes=middle)).astimezone(tz)
                low, high = (low, middle) if at.utcoffset() == new else (middle, high)
            changed = moment + dt.timedelta(minutes=high)
            local = changed.astimezone(tz)
            found.append(_Change((changed + offset).replace(tzinfo=None), offset, new, local.tzname() or zone,
                                 bool(local.dst())))
        offset, moment = new, later
    return found


def _ruled_zone(zone: str, first_year: int, last_year: int) -> icalendar.Timezone | None:
    """The zone as one STANDARD and one DAYLIGHT observance with yearly RRULEs, if its changes
    follow such rules every year; None when they do not (or when it never changes)."""
    changes = _changes(zone, first_year, last_year)
    kinds = {(c.offset_from, c.offset_to, c.name, c.dst) for c in changes}
    years = range(first_year - 1, last_year)
    if len(kinds) != 2 or len(changes) != 2 * len(years):
        return None
    timezone = icalendar.Timezone()
    timezone.add("tzid", zone)
    for kind in sorted(kinds, key=lambda k: k[3]):
        onsets = [c.onset for c in changes if (c.offset_from, c.offset_to, c.name, c.dst) == kind]
        if [o.year for o in onsets] != list(years):
            return None
        rule = _yearly_rule(onsets)
        if rule is None:
            return None
        part = icalendar.TimezoneDaylight() if kind[3] else icalendar.TimezoneStandard()
        part.add("dtstart", onsets[0])
        part.add("rrule", rule)
        # No TZNAME ("CST"): optional (RFC 5545 §3.6.5), clients go by the TZID's name and the offsets,
        # as Outlook's own VTIMEZONEs do; two lines of every meeting's file (issue 20).
        part.add("tzoffsetfrom", kind[0])
        part.add("tzoffsetto", kind[1])
        timezone.add_component(part)
    return timezone


def _yearly_rule(onsets: list[dt.datetime]) -> dict[str, object] | None:
    """{"freq": "yearly", "bymonth": 3, "byday": "2SU"} if every onset is the same weekday of the
    same month at the same time, counted from the month's start (1–4) or its end (-1)."""
    first = onsets[0]
    if any((o.month, o.time(), o.weekday()) != (first.month, first.time(), first.weekday()) for o in onsets):
        return None
    weekday = ICAL_DAYS[(first.weekday() + 1) % 7]  # ICAL_DAYS counts from Sunday
    nths = {(o.day - 1) // 7 + 1 for o in onsets}
    if len(nths) == 1 and nths != {5}:
        return {"freq": "yearly", "bymonth": first.month, "byday": f"{nths.pop()}{weekday}"}
    if all((o + dt.timedelta(days=7)).month != o.month for o in onsets):
        return {"freq": "yearly", "bymonth": first.month, "byday": f"-1{weekday}"}
    return None


@cache
def zone_text(zone: str, first_year: int) -> str:
    """The VTIMEZONE's content lines, CRLF-terminated, ready to paste into a calendar ("" for UTC)."""
    if zone in UTC_ZONES:
        return ""
    text = zone_component(zone, first_year).to_ical().decode("utf-8")
    return text if text.endswith(CRLF) else text + CRLF


# -- the fast path: templates -----------------------------------------------------------------
_NEEDS_ESCAPE = re.compile(r"[\\;,\r\n]")


def escape_text(value: str) -> str:
    """RFC 5545 TEXT escaping (backslash, semicolon, comma, newline)."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line (RFC 5545 §3.1), never inside a UTF-8 character or an escape.

    Exactly as icalendar folds, so both ways give the same bytes: every physical line has at most
    74 octets of content (a continuation adds its leading space), and a piece that would end in a
    backslash or caret (the start of an escape) leaves that character to the next piece.
    """
    if len(line) < 75 and line.isascii():
        return line  # the common case, without encoding
    data = line.encode("utf-8")
    if len(data) < 75:
        return line
    pieces: list[bytes] = []
    i, n = 0, len(data)
    while n - i > 74:
        k = 74
        while data[i + k] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the cut would split a character
            k -= 1
        if data[i + k - 1] in b"\\^":
            k -= 1
        pieces.append(data[i:i + k])
        i += k
    pieces.append(data[i:])
    return b"\r\n ".join(pieces).decode("utf-8")


def _text_line(name: str, value: str) -> str:
    return fold(f"{name}:{escape_text(value)}") + CRLF


def _local(moment: dt.datetime) -> str:
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}00"


def _dtstamp(day: dt.date) -> str:
    return f"DTSTAMP:{day.year:04d}{day.month:02d}{day.day:02d}T000000Z\r\n"  # strftime is 3x slower


def _date_time(name: str, moment: dt.datetime, zone: str) -> str:
    if zone in UTC_ZONES:
        return f"{name}:{_local(moment)}Z\r\n"
    return f"{name};TZID={zone}:{_local(moment)}\r\n"


def event_text(meeting: Meeting, site: SiteInfo) -> str:
    """The meeting's VEVENT as CRLF-terminated content lines, without icalendar (fast)."""
    first = first_occurrence(meeting.day, meeting.last_verified)
    start = dt.datetime.combine(first, meeting.time)  # naive: the same wall-clock digits as the reference
    end = start + meeting.duration
    page = site.absolute(meeting_path(meeting))
    tzid = meeting.zone
    location = event_location(meeting)
    parts = [
        "BEGIN:VEVENT\r\n",
        _text_line("SUMMARY", meeting.name),
        _date_time("DTSTART", start, tzid),
        _date_time("DTEND", end, tzid),
        _dtstamp(meeting.last_verified),
        fold(f"UID:{escape_text(event_uid(meeting, site))}") + CRLF,
        f"RRULE:FREQ=WEEKLY;BYDAY={','.join(_rrule_days(meeting))}\r\n",
        # The rest in icalendar's order (alphabetical), so both ways give the same bytes.
        _text_line("DESCRIPTION", event_description(meeting, page)),
        _text_line("LOCATION", location) if location else "",
        "STATUS:CANCELLED\r\n" if _closed(meeting) else "",
        "END:VEVENT\r\n",
    ]
    return "".join(parts)


_HEAD = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\n"


def _calendar_head(name: str | None) -> str:
    if name is None:
        return _HEAD  # a meeting's own file (see `_calendar`)
    escaped = escape_text(name)
    return _HEAD + fold("NAME:" + escaped) + CRLF + fold("X-WR-CALNAME:" + escaped) + CRLF


def meeting_ics(meeting: Meeting, site: SiteInfo, *, event: str | None = None) -> bytes:
    """meetings/<region>/<slug>/meeting.ics: a VCALENDAR with the zone's VTIMEZONE and one weekly VEVENT.

    `event`: the meeting's `event_text`, when the caller already has it (feed_files shares it with
    the region calendar).
    """
    start_year = first_occurrence(meeting.day, meeting.last_verified).year
    text = (_calendar_head(None) + zone_text(meeting.zone, start_year)
            + (event if event is not None else event_text(meeting, site)) + "END:VCALENDAR\r\n")
    return text.encode("utf-8")


def region_ics(meetings: Iterable[Meeting], region: str, site: SiteInfo, name: str | None = None, *,
               events: Mapping[str, str] | None = None) -> bytes:
    """meetings/<region>/meetings.ics: every active meeting of the region, one VTIMEZONE per zone used.

    Temporarily closed meetings without online access are left out of the subscription calendar.
    `region` is the region's slug; `name` (default: the slug) titles the calendar; `events` maps
    slugs to `event_text` already made.
    """
    chosen = [m for m in meetings if m.region == region and is_active(m)]
    chosen.sort(key=lambda m: m.slug)
    first_years: dict[str, int] = {}
    for m in chosen:
        year = first_occurrence(m.day, m.last_verified).year
        first_years[m.zone] = min(year, first_years.get(m.zone, year))
    parts = [_calendar_head(f"{name or region} meetings")]
    parts += [zone_text(zone, first_years[zone]) for zone in sorted(first_years)]
    known = events or {}
    parts += [known.get(m.slug) or event_text(m, site) for m in chosen]
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")
