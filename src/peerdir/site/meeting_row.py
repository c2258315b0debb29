"""One meeting as every list shows it: the row view, worked out once per meeting, and its renderings.

A meeting appears as a row in the list pages (written here in Python: tens of thousands of rows,
byte-identical to what a template would make), in the embeds and print sheets (through their
templates, which read the view's fields) and in the "on now" day data that `finder.js` reads
(`day_data`). Whatever the output, the row's text comes from the same fields, and its link from
`peerdir.urls`. The view holds plain text: each rendering escapes it for its own context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup
from markupsafe import escape as _markup_escape

from peerdir.models import Attendance, Meeting
from peerdir.models.text_rules import zone_abbreviation
from peerdir.site import display
from peerdir.urls import meeting_key, meeting_path, region_meetings_path


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
    codes_listed: str  # the same as a person reads them: "O, D"
    attendance: Attendance
    zone: str  # IANA name
    city: str  # shown only where it meets in person, else ""
    latitude: float | None
    longitude: float | None
    place: str  # where to go, or how to join (print sheets)

    @property
    def summary(self) -> str:
        """'AA · In person · Chicago · O, D': the line under the name, in plain text."""
        city = f" · {self.city}" if self.city else ""
        types = f" · {self.codes_listed}" if self.codes_listed else ""
        return f"{self.program} · {self.attendance.label}{city}{types}"


def meeting_row(m: Meeting) -> MeetingRow:
    attendance = m.attendance
    return MeetingRow(
        page=meeting_path(m), key=meeting_key(m), region=m.region, name=m.name, time=display.clock_12h(m.time),
        start=display.minutes(m.time), minutes=int(m.duration.total_seconds() // 60), days=tuple(m.day),
        program=m.program, codes=" ".join(m.types), codes_listed=", ".join(m.types), attendance=attendance,
        zone=m.zone, city=m.city if m.is_in_person and m.city else "", latitude=m.latitude, longitude=m.longitude,
        place=meeting_place(m, attendance))


def meeting_place(meeting: Meeting, attendance: Attendance | None = None) -> str:
    """Where to go, or how to join; the dial-in is for readers without a data plan. Plain text."""
    attendance, phone = attendance or meeting.attendance, meeting.conference_phone
    if attendance is Attendance.IN_PERSON or attendance is Attendance.HYBRID:
        place = ", ".join(part for part in (meeting.location, meeting.address, meeting.city) if part)
        if attendance is Attendance.HYBRID:
            place += " · also online" + (f", by phone {phone}" if phone else "")
        return place
    if attendance is Attendance.ONLINE:
        return "Online" + (f" · by phone {phone}" if phone else "")
    return "Temporarily closed" + (f" ({meeting.city})" if meeting.city else "")


class MeetingRows:
    """Each meeting's row view, made the first time any list asks for it."""

    def __init__(self) -> None:
        # Keyed by id; the meeting is kept beside its row so that its id cannot be reused meanwhile.
        self._made: dict[int, tuple[Meeting, MeetingRow]] = {}

    def __call__(self, meeting: Meeting) -> MeetingRow:
        made = self._made.get(id(meeting))
        if made is None:
            made = self._made[id(meeting)] = (meeting, meeting_row(meeting))
        return made[1]

    def by_day(self, meetings: list[Meeting]) -> list[list[MeetingRow]]:
        """Seven lists of rows (0 = Sunday), each in time order; a meeting on several days is in each."""
        return [[self(m) for m in day] for day in display.meetings_by_day(meetings)]


def zone_notes(rows: list[list[MeetingRow]], list_zone: str | None, on: dt.date) -> dict[str, str]:
    """{zone: "MDT"} for the rows' zones, "" for the list's own: what a sheet or embed row adds to its time."""
    zones = {row.zone for day in rows for row in day}
    return {zone: "" if zone == list_zone else zone_abbreviation(zone, on) for zone in zones}


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

    def html(self, rows: list[MeetingRow]) -> Markup:
        return Markup("".join(self._row(r) for r in rows))

    def _row(self, r: MeetingRow) -> str:
        attendance = r.attendance
        place = ""
        if r.latitude is not None and r.longitude is not None:
            place = f' data-lat="{r.latitude}" data-lon="{r.longitude}"'
        zone_shown = ""
        if self.multi_zone:
            zone_shown = f' <span class="pd-tz">{escape(display.zone_label(r.zone, self.today))}</span>'
        if r.region == self.short_links_for:
            link = r.page[len(region_meetings_path(r.region)):]
        else:
            link = self.base + r.page
        program = escape(r.program)
        city = f" · {escape(r.city)}" if r.city else ""
        types = f" · {escape(r.codes_listed)}" if r.codes_listed else ""
        return (f'<li class="pd-row" data-days="{" ".join(map(str, r.days))}" data-start="{r.start}" '
                f'data-minutes="{r.minutes}" data-program="{program}" '
                f'data-types="{escape(r.codes)}" data-attendance="{attendance.value}" '
                f'data-zone="{escape(r.zone)}"{place}>\n'
                f'<span class="pd-time"><time>{r.time}</time>{zone_shown}</span>\n'
                f'<span class="pd-main"><a href="{escape(link)}">{escape(r.name)}</a>\n'
                f'<span class="pd-sub">{program} · <span class="pd-att pd-att--{attendance.value}">{attendance.label}</span>'
                f'{city}{types}</span></span>\n</li>\n')


def day_data(rows: list[MeetingRow]) -> dict:
    """One day of a split list for its "on now" panel: {"zones": [IANA…], "rows": [[start, minutes, zone,
    attendance, program, "region/slug", name, "type codes", city], …]}; city only in person."""
    zones: list[str] = []
    out = []
    for r in rows:
        if r.zone not in zones:
            zones.append(r.zone)
        row: list = [r.start, r.minutes, zones.index(r.zone), r.attendance.value, r.program, r.key, r.name, r.codes]
        if r.city:
            row.append(r.city)
        out.append(row)
    return {"zones": zones, "rows": out}
