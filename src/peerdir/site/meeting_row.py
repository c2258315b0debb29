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
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup
from markupsafe import escape as _markup_escape

from peerdir import i18n
from peerdir.models import Attendance, Meeting
from peerdir.models.text_rules import zone_abbreviation
from peerdir.site import display
from peerdir.urls import meeting_key, meeting_path, region_meetings_path
from peerdir.vocabulary import default_vocabulary

if TYPE_CHECKING:
    from peerdir.directory import Directory

CLOSED_CODE = "TC"  # Meeting Guide's "Location Temporarily Closed"
CLOSED_TEXT = "Location temporarily closed"
DEFAULT_MINUTES = 60  # a row without data-minutes lasts an hour (finder.js: `+d.minutes || 60`)
# How rows and day data name a meeting's attendance (finder.js's ATT reads them back); a list row
# without data-att meets in person (issue 20: tens of thousands of rows).
ATTENDANCE_CODES = {Attendance.IN_PERSON: "p", Attendance.ONLINE: "o", Attendance.HYBRID: "h",
                    Attendance.TEMPORARILY_CLOSED: "c"}


class RowWords(NamedTuple):
    """What a row says in one language; English's are the site's words as they always were."""

    clock: Callable[[dt.time], str]
    attendance: dict[Attendance, str]
    closed: str  # CLOSED_TEXT
    online: str
    also_online: str
    by_phone: str  # "by phone {phone}"


@cache
def row_words(language: str = "en") -> RowWords:
    _ = i18n.translations(language).gettext
    clock = display.clock_12h if language == "en" else cache(lambda value: i18n.clock(value, language))
    return RowWords(clock, {a: _(a.label) for a in Attendance}, _(CLOSED_TEXT), _("Online"), _("also online"),
                    _("by phone {phone}"))


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


def meeting_row(m: Meeting, type_names: Mapping[str, str], words: RowWords | None = None) -> MeetingRow:
    """The row view of `m`; `type_names`: {type code: name} (the directory's vocabulary, in the
    language of `words`, English by default)."""
    words = words or row_words()
    attendance, program, types, time = m.attendance, m.program, m.types, m.time
    in_person = attendance is Attendance.IN_PERSON or attendance is Attendance.HYBRID  # m.is_in_person
    city = (m.city or "") if in_person else ""
    closed = CLOSED_CODE in types
    names = ", ".join(type_names.get(code, code) for code in types if code != CLOSED_CODE)
    # A closed venue: `closed` says it.
    how = "" if attendance is Attendance.TEMPORARILY_CLOSED else f" · {words.attendance[attendance]}"
    summary = f"{program}{how}" + (f" · {city}" if city else "") + (f" · {names}" if names else "")
    return MeetingRow(
        page=meeting_path(m), key=meeting_key(m), region=m.region, name=m.name, time=words.clock(time),
        start=time.hour * 60 + time.minute, minutes=int(m.duration.total_seconds() // 60), days=tuple(m.day),
        program=program, codes=" ".join(types), type_names=names, closed=closed, attendance=attendance,
        zone=m.zone, city=city, latitude=m.latitude if in_person else None,
        longitude=m.longitude if in_person else None, summary=summary, place=meeting_place(m, attendance, words),
        join=(m.conference_url or "") if attendance is Attendance.ONLINE or attendance is Attendance.HYBRID else "")


def meeting_place(meeting: Meeting, attendance: Attendance | None = None, words: RowWords | None = None) -> str:
    """Where to go, or how to join; the dial-in is for readers without a data plan. Plain text."""
    attendance, phone, words = attendance or meeting.attendance, meeting.conference_phone, words or row_words()
    by_phone = words.by_phone.format(phone=phone) if phone else ""
    if attendance is Attendance.IN_PERSON or attendance is Attendance.HYBRID:
        place = ", ".join(part for part in (meeting.location, meeting.address, meeting.city) if part)
        if attendance is Attendance.HYBRID:
            place += f" · {words.also_online}" + (f", {by_phone}" if phone else "")
        return place
    closed = f"{words.closed} · " if CLOSED_CODE in meeting.types else ""  # its address is no place to go
    if attendance is Attendance.ONLINE:
        return closed + words.online + (f" · {by_phone}" if phone else "")
    return words.closed + (f" ({meeting.city})" if meeting.city else "")


_BY_DIRECTORY: dict[tuple[int, str], MeetingRows] = {}  # (id(directory), language): its rows, dropped with it


def rows_of(directory: Directory, language: str = "en") -> MeetingRows:
    """The row views of a directory's meetings in a language, kept while the directory lives: every
    list page, sheet, embed and hour file of a build in that language reads the same one."""
    key = (id(directory), language)
    rows = _BY_DIRECTORY.get(key)
    if rows is None:
        rows = _BY_DIRECTORY[key] = MeetingRows(display.type_names_in(directory.vocabulary, language), language)
        weakref.finalize(directory, _BY_DIRECTORY.pop, key, None)
    return rows


class MeetingRows:
    """Each meeting's row view, made the first time any list asks for it."""

    def __init__(self, type_names: Mapping[str, str] | None = None, language: str = "en") -> None:
        self.type_names = type_names if type_names is not None else default_vocabulary().types
        self.words = row_words(language)
        # Keyed by id; the meeting is kept beside its row so that its id cannot be reused meanwhile.
        self._made: dict[int, tuple[Meeting, MeetingRow]] = {}
        self._list_html: dict[int, tuple[MeetingRow, str, str, str]] = {}

    def __call__(self, meeting: Meeting) -> MeetingRow:
        made = self._made.get(id(meeting))
        if made is None:
            made = self._made[id(meeting)] = (meeting, meeting_row(meeting, self.type_names, self.words))
        return made[1]

    def by_day(self, meetings: list[Meeting]) -> list[list[MeetingRow]]:
        """Seven lists of rows (0 = Sunday), each in time order; a meeting on several days is in each."""
        return [[self(m) for m in day] for day in display.meetings_by_day(meetings)]

    def list_html(self, row: MeetingRow) -> tuple[str, str, str]:
        """The HTML of the row's list item: its opening tag before its time zone (without its `>`),
        its time, and what follows its link: the same in every list and on every day it is listed,
        so escaped once."""
        made = self._list_html.get(id(row))
        if made is None:
            made = self._list_html[id(row)] = (row, *_list_html(row, self.words))
        return made[1], made[2], made[3]


def _coordinate(value: float) -> str:
    """Four decimals (about 11 m), enough to sort by distance: a row need not say more."""
    return repr(round(value, 4))


def _list_html(r: MeetingRow, words: RowWords) -> tuple[str, str, str]:
    attendance = r.attendance
    place = ""
    if attendance is not Attendance.IN_PERSON:
        place = f' data-att="{ATTENDANCE_CODES[attendance]}"'
    if r.latitude is not None and r.longitude is not None:
        place += f' data-lat="{_coordinate(r.latitude)}" data-lon="{_coordinate(r.longitude)}"'
    if r.join:
        place += f' data-join="{escape(r.join)}"'
    program = escape(r.program)
    city = f" · {escape(r.city)}" if r.city else ""
    types = f" · {escape(r.type_names)}" if r.type_names else ""
    # The closed venue comes first, on a line of its own (CSS); its sentence ends so that the row's
    # text, as the finder reads it, stays a sentence too.
    closed = f'<strong class="pd-tc">{words.closed}.</strong> ' if r.closed else ""
    # Issue 20 (tens of thousands of rows): only what a person reads and finder.js cannot work out.
    # The row's day is its section's (data-day), its zone its list's (the <ul>'s data-zone) unless it
    # keeps another, its program the first words of its .pd-sub (one of #pd-finder's data-programs), in
    # person needs no data-att, an hour no data-minutes; no class (`.pd-rows > li`), no <time> around a
    # time that is not machine-readable anyway.
    how = "" if attendance is Attendance.TEMPORARILY_CLOSED else f" · {escape(words.attendance[attendance])}"
    minutes = "" if r.minutes == DEFAULT_MINUTES else f' data-minutes="{r.minutes}"'
    return (f'<li data-start="{r.start}"{minutes} data-types="{escape(r.codes)}"{place}',
            f'>\n<span class="pd-time">{r.time}',
            f'">{escape(r.name)}</a>\n'
            f'<span class="pd-sub">{closed}{program}{how}{city}{types}</span></span></li>\n')


def list_zone(by_day: Iterable[list[MeetingRow]], region_zone: str | None) -> str | None:
    """The zone a list's rows share, said once on the list: its region's, else the most common."""
    if region_zone:
        return region_zone
    counts = Counter(row.zone for rows in by_day for row in rows)
    return counts.most_common(1)[0][0] if counts else None


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
    path: str  # the list page's own, from the site root ("meetings/online-now/friday/"): its rows link from it
    multi_zone: bool  # each row shows its own time zone
    rows: MeetingRows  # where each row's unchanging HTML is kept
    language: str = "en"  # of its zones' names
    zone: str | None = None  # the list's zone (its <ul>s' data-zone): a row in it says no zone of its own

    def html(self, rows: list[MeetingRow]) -> Markup:
        return Markup("".join(self._row(r) for r in rows))

    def _row(self, r: MeetingRow) -> str:
        head, time, tail = self.rows.list_html(r)
        own_zone = "" if r.zone == self.zone else f' data-zone="{escape(r.zone)}"'
        zone_shown = _zone_html(r.zone, self.today, self.language) if self.multi_zone else ""
        folder = region_meetings_path(r.region)
        link = relative_folder(self.path, folder) + r.page[len(folder):]
        return f'{head}{own_zone}{time}{zone_shown}</span>\n<span class="pd-main"><a href="{escape(link)}{tail}'


@lru_cache(maxsize=4096)  # lists × regions
def relative_folder(page: str, folder: str) -> str:
    """The shortest relative address of `folder` from a page at `page` (both from the site root, ending in
    "/"): "meetings/chicago/" is "" from itself, "../" from its day pages and "../../chicago/" from
    "meetings/online-now/friday/" (issue 20: a link on each of tens of thousands of rows)."""
    here, there = page.split("/")[:-1], folder.split("/")[:-1]
    shared = 0
    while shared < min(len(here), len(there)) and here[shared] == there[shared]:
        shared += 1
    return "../" * (len(here) - shared) + "".join(f"{part}/" for part in there[shared:])


@cache  # a few zones; an online list asks for each of its rows
def _zone_html(zone: str, today: dt.date, language: str) -> str:
    return f' <span class="pd-tz">{escape(display.zone_label_in(zone, today, language))}</span>'


def day_data(rows: list[MeetingRow]) -> dict:
    """Rows for an "on now" panel (an hour file): {"zones": [IANA…], "programs": […], "regions": [slug…],
    "rows": [[start, minutes (0: an hour), zone, attendance code (ATTENDANCE_CODES), program,
    "region/slug", name, "type codes", city, join link], …]}; zone and program are indexes into their
    lists, and so is the region in "region/slug" ("0/loop-noon"): each said once a file, not on each row
    (issue 20). City only in person (else "" when a join link follows), the join link only online."""
    zones: dict[str, int] = {}
    programs: dict[str, int] = {}
    regions: dict[str, int] = {}
    out = []
    for r in rows:
        zone = zones.setdefault(r.zone, len(zones))
        program = programs.setdefault(r.program, len(programs))
        region = regions.setdefault(r.region, len(regions))
        # An hour is 0 (finder.js: `r[1] || 60`); the attendance its one-letter code (ATTENDANCE_CODES).
        minutes = 0 if r.minutes == DEFAULT_MINUTES else r.minutes
        row: list = [r.start, minutes, zone, ATTENDANCE_CODES[r.attendance], program,
                     f"{region}/{r.key[len(r.region) + 1:]}", r.name, r.codes]
        if r.city or r.join:
            row.append(r.city)
        if r.join:
            row.append(r.join)
        out.append(row)
    return {"zones": list(zones), "programs": list(programs), "regions": list(regions), "rows": out}
