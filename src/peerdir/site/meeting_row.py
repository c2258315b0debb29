"""One meeting as every list shows it: the row view, worked out once per meeting, and its renderings.

A meeting appears as a row in the list pages (written here in Python: tens of thousands of rows,
byte-identical to what a template would make), in the embeds and print sheets (through their
templates, which read the view's fields) and in the "on now" day data that `finder.js` reads
(`day_data`). Whatever the output, the row's text comes from the same fields, and its link from
`peerdir.urls`. The view holds plain text: each rendering escapes it for its own context.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup
from markupsafe import escape as _markup_escape

from peerdir.models import Attendance, Meeting
from peerdir.models.text_rules import zone_abbreviation
from peerdir.site import display
from peerdir.urls import meeting_key, meeting_path, region_meetings_path
from peerdir.vocabulary import default_vocabulary

if TYPE_CHECKING:
    from peerdir.directory import Directory

CLOSED_CODE = "TC"  # Meeting Guide's "Location Temporarily Closed"
CLOSED_TEXT = "Location temporarily closed"


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """What a row of a list, an embed, a sheet or the day data says about one meeting."""

    page: str  # its page from the site root, e.g. "meetings/chicago/loop-noon/"
    key: str  # "chicago/loop-noon": its page below meetings/, as the day data names it
    region: str
    name: str
    time: str  # "7:30 PM"
    start: int  # minutes after midnight
    minutes: int  # how long it lasts
    days: tuple[int, ...]  # 0 = Sunday
    program: str
    codes: str  # its type codes, space separated: "O D"
    type_names: str  # its types as a person reads them, "Open, Discussion"; without TC, which `closed` says
    closed: bool  # its venue is temporarily closed (TC): say so first, and never offer the address
    attendance: Attendance
    zone: str  # IANA name
    city: str  # shown only where it meets in person, else ""
    latitude: float | None  # only where it meets in person: a closed venue is no place to go
    longitude: float | None
    summary: str  # "AA · In person · Chicago · Open, Discussion": the line under its name (rows, embeds)
    place: str  # where to go, or how to join (print sheets)
    join: str  # its link to join online (http or https), or "": a row in progress offers it itself


def meeting_row(m: Meeting, type_names: Mapping[str, str]) -> MeetingRow:
    """The row view of `m`; `type_names`: {type code: name} (the directory's vocabulary)."""
    attendance, program, types, time = m.attendance, m.program, m.types, m.time
    in_person = attendance is Attendance.IN_PERSON or attendance is Attendance.HYBRID  # m.is_in_person
    city = (m.city or "") if in_person else ""
    closed = CLOSED_CODE in types
    names = ", ".join(type_names.get(code, code) for code in types if code != CLOSED_CODE)
    how = "" if attendance is Attendance.TEMPORARILY_CLOSED else f" · {attendance.label}"  # `closed` says it
    summary = f"{program}{how}" + (f" · {city}" if city else "") + (f" · {names}" if names else "")
    return MeetingRow(
        page=meeting_path(m), key=meeting_key(m), region=m.region, name=m.name, time=display.clock_12h(time),
        start=time.hour * 60 + time.minute, minutes=int(m.duration.total_seconds() // 60), days=tuple(m.day),
        program=program, codes=" ".join(types), type_names=names, closed=closed, attendance=attendance,
        zone=m.zone, city=city, latitude=m.latitude if in_person else None,
        longitude=m.longitude if in_person else None, summary=summary, place=meeting_place(m, attendance),
        join=(m.conference_url or "") if attendance is Attendance.ONLINE or attendance is Attendance.HYBRID else "")


def meeting_place(meeting: Meeting, attendance: Attendance | None = None) -> str:
    """Where to go, or how to join; the dial-in is for readers without a data plan. Plain text."""
    attendance, phone = attendance or meeting.attendance, meeting.conference_phone
    if attendance is Attendance.IN_PERSON or attendance is Attendance.HYBRID:
        place = ", ".join(part for part in (meeting.location, meeting.address, meeting.city) if part)
        if attendance is Attendance.HYBRID:
            place += " · also online" + (f", by phone {phone}" if phone else "")
        return place
    closed = f"{CLOSED_TEXT} · " if CLOSED_CODE in meeting.types else ""  # its address is no place to go
    if attendance is Attendance.ONLINE:
        return closed + "Online" + (f" · by phone {phone}" if phone else "")
    return CLOSED_TEXT + (f" ({meeting.city})" if meeting.city else "")


_BY_DIRECTORY: dict[int, MeetingRows] = {}  # id(directory): its rows, dropped with the directory


def rows_of(directory: Directory) -> MeetingRows:
    """The row views of a directory's meetings, kept while the directory lives: every list page,
    sheet, embed and day file of a build reads the same one."""
    rows = _BY_DIRECTORY.get(id(directory))
    if rows is None:
        rows = _BY_DIRECTORY[id(directory)] = MeetingRows(directory.vocabulary.types)
        weakref.finalize(directory, _BY_DIRECTORY.pop, id(directory), None)
    return rows


class MeetingRows:
    """Each meeting's row view, made the first time any list asks for it."""

    def __init__(self, type_names: Mapping[str, str] | None = None) -> None:
        self.type_names = type_names if type_names is not None else default_vocabulary().types
        # Keyed by id; the meeting is kept beside its row so that its id cannot be reused meanwhile.
        self._made: dict[int, tuple[Meeting, MeetingRow]] = {}
        self._list_html: dict[int, tuple[MeetingRow, str, str]] = {}

    def __call__(self, meeting: Meeting) -> MeetingRow:
        made = self._made.get(id(meeting))
        if made is None:
            made = self._made[id(meeting)] = (meeting, meeting_row(meeting, self.type_names))
        return made[1]

    def by_day(self, meetings: list[Meeting]) -> list[list[MeetingRow]]:
        """Seven lists of rows (0 = Sunday), each in time order; a meeting on several days is in each."""
        return [[self(m) for m in day] for day in display.meetings_by_day(meetings)]

    def list_html(self, row: MeetingRow) -> tuple[str, str]:
        """The HTML of the row's list item before its time zone and link, and after its link: the same
        in every list and on every day it is listed, so escaped once."""
        made = self._list_html.get(id(row))
        if made is None:
            made = self._list_html[id(row)] = (row, *_list_html(row))
        return made[1], made[2]


def _list_html(r: MeetingRow) -> tuple[str, str]:
    attendance = r.attendance
    place = ""
    if r.latitude is not None and r.longitude is not None:
        place = f' data-lat="{r.latitude}" data-lon="{r.longitude}"'
    if r.join:
        place += f' data-join="{escape(r.join)}"'
    program = escape(r.program)
    city = f" · {escape(r.city)}" if r.city else ""
    types = f" · {escape(r.type_names)}" if r.type_names else ""
    # The closed venue comes first, on a line of its own (CSS); its sentence ends so that the row's
    # text, as the finder reads it, stays a sentence too.
    closed = f'<strong class="pd-tc">{CLOSED_TEXT}.</strong> ' if r.closed else ""
    how = "" if attendance is Attendance.TEMPORARILY_CLOSED else (
        f' · <span class="pd-att pd-att--{attendance.value}">{attendance.label}</span>')
    return (f'<li class="pd-row" data-days="{" ".join(map(str, r.days))}" data-start="{r.start}" '
            f'data-minutes="{r.minutes}" data-program="{program}" '
            f'data-types="{escape(r.codes)}" data-attendance="{attendance.value}" '
            f'data-zone="{escape(r.zone)}"{place}>\n'
            f'<span class="pd-time"><time>{r.time}</time>',
            f'">{escape(r.name)}</a>\n'
            f'<span class="pd-sub">{closed}{program}{how}{city}{types}</span></span>\n</li>\n')


def with_zone_notes(by_day: list[list[MeetingRow]], list_zone: str | None,
                    on: dt.date) -> list[list[tuple[MeetingRow, str]]]:
    """Each row with what a sheet or embed adds to its time: its zone's abbreviation ("MDT") where
    it keeps another zone than the list's, else ""."""
    notes = {zone: "" if zone == list_zone else zone_abbreviation(zone, on)
             for zone in {row.zone for day in by_day for row in day}}
    return [[(row, notes[row.zone]) for row in day] for day in by_day]


def escape(text: str) -> str:
    """Text for HTML, escaped exactly as the templates' autoescaping does it."""
    return str(_markup_escape(text))


@dataclass(frozen=True)
class ListRowWriter:
    """The rows of a list page, written here rather than in the template: a big directory has tens
    of thousands of rows, and Jinja's look-up and call per value added up (the index pages of
    40,000 meetings took 2.6 s, then 1.5 s). Every value a volunteer typed is escaped."""

    today: dt.date
    base: str  # from the list page back to the site root
    multi_zone: bool  # each row shows its own time zone
    short_links_for: str | None  # the region whose own list this is: its rows link from there
    rows: MeetingRows  # where each row's unchanging HTML is kept

    def html(self, rows: list[MeetingRow]) -> Markup:
        return Markup("".join(self._row(r) for r in rows))

    def _row(self, r: MeetingRow) -> str:
        head, tail = self.rows.list_html(r)
        zone_shown = _zone_html(r.zone, self.today) if self.multi_zone else ""
        if r.region == self.short_links_for:
            link = r.page[len(region_meetings_path(r.region)):]
        else:
            link = self.base + r.page
        return f'{head}{zone_shown}</span>\n<span class="pd-main"><a href="{escape(link)}{tail}'


@cache  # a few zones; an online list asks for each of its rows
def _zone_html(zone: str, today: dt.date) -> str:
    return f' <span class="pd-tz">{escape(display.zone_label(zone, today))}</span>'


def day_data(rows: list[MeetingRow]) -> dict:
    """One day of a split list for its "on now" panel: {"zones": [IANA…], "rows": [[start, minutes, zone,
    attendance, program, "region/slug", name, "type codes", city, join link], …]}; city only in person
    (else "" when a join link follows), the join link only online."""
    zones: list[str] = []
    out = []
    for r in rows:
        if r.zone not in zones:
            zones.append(r.zone)
        row: list = [r.start, r.minutes, zones.index(r.zone), r.attendance.value, r.program, r.key, r.name, r.codes]
        if r.city or r.join:
            row.append(r.city)
        if r.join:
            row.append(r.join)
        out.append(row)
    return {"zones": zones, "rows": out}
