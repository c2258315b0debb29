"""Import a BMLT root server's meetings: an adapter over the Meeting Guide importer.

BMLT (the Basic Meeting List Toolbox, NA's meeting server) answers
`client_interface/json/?switcher=GetSearchResults` with one object per meeting and
`?switcher=GetFormats` with the server's formats. Field names and meanings follow the BMLT root
server's own source (app/Http/Resources/Query/MeetingResource.php, FormatResource.php,
TsmlMeetingResource.php): every value is a string; `weekday_tinyint` 1 = Sunday; `start_time` and
`duration_time` "HH:MM:SS"; `venue_type` 1 in person, 2 virtual, 3 hybrid; `formats` the format keys
and `format_shared_id_list` their ids, both comma-separated; `location_*` the address parts.

Each meeting becomes a Meeting Guide-shaped record and `meeting_guide_import.import_feed` does the
rest (validation, files, regions, the report), so both imports behave alike.

- Slug: `bmlt-<server host>-<id_bigint>` (host from `root_server_uri`, without a leading `www.` or
  `bmlt.`), so the same meeting of the same
  server finds its file again on every import; `bmlt-<id_bigint>` when the server is not named.
- Types: a format's `world_id` (the id shared by all BMLT servers) or, failing that, its name picks a
  Meeting Guide code (BMLT_WORLD_TYPES); any other format becomes a custom code declared in
  `data/types.yaml` under its `world_id` or key with its GetFormats `name_string` (and `name_es` when
  GetFormats was asked for Spanish too: `lang_enum[]=en&lang_enum[]=es`), never a note.
  VM and HY are not types: online and hybrid come from `venue_type` and the links.
- Venue: 1 (in person) keeps no link nor dial-in (said in the report); 2 (virtual) keeps no street,
  venue name nor coordinates, only the town as an approximate place; TC (temporarily closed) keeps
  the address and the type TC, whatever the venue type says.
- Service bodies (optional `?switcher=GetServiceBodies`): the meeting's service body (an NA area) is
  its `district`, and the region of a meeting that names no town or county.
- Regions: [county, town] (`location_sub_province`, `location_municipality`), a tree as Meeting Guide's
  `regions`.
- Source: each file names "BMLT <server host>", so a re-import of that server lists (and `prune` removes)
  the meetings it no longer has. BMLT gives no dates: `last_verified` is `verified`, by default the day
  the results file was saved.
- Unpublished meetings (`published` "0") are left out and listed in the report.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter, ValidationError

from peerdir.formats._common import slugify
from peerdir.formats._yaml_out import dump_mapping
from peerdir.formats.meeting_guide_import import ImportReport, SourceError, import_feed
from peerdir.importing.addresses import country_code
from peerdir.loading import directory_vocabulary
from peerdir.models.common import Text
from peerdir.models.text_rules import visible
from peerdir.vocabulary import meeting_guide_types
from peerdir.yamlfile import YamlProblem, parse_yaml_mapping

MAX_FILE_BYTES = 64 * 1024 * 1024  # a whole BMLT server's meetings are a few MB
MAX_ID_DIGITS = 20  # id_bigint is a MySQL BIGINT UNSIGNED
MAX_HOST_SLUG = 30
MAX_CODE = 20  # a custom type code: BMLT keys are a few letters
MAX_FORMAT_NAME = 200
DEFAULT_PROGRAM = "NA"  # BMLT is NA's meeting server
TYPES_HEADER = ("# Meeting type codes of this directory besides the Meeting Guide codes: CODE: {name: English name,"
                " name_es: Spanish name}\n")

# BMLT world_id -> Meeting Guide type codes. The world ids are the ones BMLT's own TSML export maps
# (TsmlMeetingResource::$worldIdToTsmlTypes), given the Meeting Guide code of the same meaning.
BMLT_WORLD_TYPES: dict[str, tuple[str, ...]] = {
    "OPEN": ("O",), "CLOSED": ("C",), "BEG": ("BE",), "BT": ("BT",), "JFT": ("JFT",), "IW": ("IWHW",),
    "CAN": ("CAN",), "DISC": ("D",), "GL": ("LGBTQ",), "M": ("M",), "W": ("W",), "Y": ("Y",), "MED": ("MED",),
    "LIT": ("LIT",), "STEP": ("ST",), "TRAD": ("TR",), "SPK": ("SP",), "S-D": ("SP", "D"), "WCHR": ("X",),
    "TC": ("TC",), "CW": ("CF",), "SMOK": ("SM",),
}
# Formats that say how to attend, which the venue type and the links already say: never a type.
ATTENDANCE_WORLD_IDS = {"VM": "virtual", "HY": "hybrid", "HYBR": "hybrid"}
# Format names (any case) that name a Meeting Guide code in words the spec's own names do not use.
NAME_ALIASES = {"asl": "ASL", "espanol": "S", "español": "S", "wheelchair": "X", "gay/lesbian": "LGBTQ"}

_TEXT: TypeAdapter[str] = TypeAdapter(Text)
_LANGUAGE_FILLERS = {"speaking", "speakers", "speaker", "meeting", "language", "only"}
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ID_RE = re.compile(rf"^\d{{1,{MAX_ID_DIGITS}}}$")
# Keys a GetSearchResults meeting carries that are read here; any other key holding a value is
# listed in the report as not kept.
USED_KEYS = {
    "id_bigint", "meeting_name", "weekday_tinyint", "start_time", "duration_time", "time_zone", "venue_type",
    "formats", "format_shared_id_list", "published", "root_server_uri", "location_text", "location_street",
    "location_municipality", "location_province", "location_postal_code_1", "location_nation",
    "location_sub_province", "location_info", "latitude", "longitude", "comments", "virtual_meeting_link",
    "virtual_meeting_additional_info", "phone_meeting_number", "phone_meeting_additional_info", "email_contact",
    *(f"contact_{part}_{n}" for n in (1, 2, 3) for part in ("name", "email", "phone")),
}
# Keys that describe the server's bookkeeping, not the meeting: never reported as lost.
BOOKKEEPING_KEYS = {"distance_in_km", "distance_in_miles", "root_server_id", "lang_enum", "shared_group_id_bigint",
                    "service_body_bigint", "worldid_mixed"}


class BmltSkip(Exception):
    """This BMLT meeting cannot become a listing; the message says why."""


@dataclass(frozen=True)
class BmltFormat:
    id: str
    key: str
    name: str
    world_id: str
    lang: str = ""
    name_es: str = ""  # its name in GetFormats' Spanish entry, when the file has one


@dataclass
class Conversion:
    records: list[dict[str, Any]] = field(default_factory=list)
    custom_types: dict[str, str] = field(default_factory=dict)  # code -> name, to declare in data/types.yaml
    custom_types_es: dict[str, str] = field(default_factory=dict)  # code -> Spanish name, where known
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (meeting, why)
    unpublished: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (slug, what was transformed)
    not_kept: dict[str, int] = field(default_factory=dict)  # BMLT key -> meetings holding a value for it


@dataclass
class BmltReport:
    feed: ImportReport
    conversion: Conversion
    declared_types: list[str] = field(default_factory=list)  # codes added to data/types.yaml
    saved_on: dt.date | None = None  # last_verified taken from the results file's date (no --verified)
    results_name: str = ""

    @property
    def ok(self) -> bool:
        return self.feed.ok and not self.conversion.skipped

    def lines(self) -> list[str]:
        conv = self.conversion
        out = self.feed.lines()
        if self.feed.refused:
            return out
        out += [f"  skipped BMLT {label}: {why}" for label, why in conv.skipped]
        if conv.unpublished:
            out.append(f"  left out {len(conv.unpublished)} unpublished BMLT meeting(s): {', '.join(conv.unpublished)}")
        out += [f"  declared type {code} in data/types.yaml: {conv.custom_types[code]}" for code in self.declared_types]
        if self.saved_on is not None and any(name == "last_verified" for name, _how in self.feed.transformed):
            out.append(f"  last_verified: BMLT gives no dates; written as the day {_shown(self.results_name)} was "
                       f"saved, {self.saved_on.isoformat()} (pass --verified YYYY-MM-DD to say otherwise)")
        out += [f"  note {slug}: {message}" for slug, message in conv.notes]
        if conv.not_kept:
            keys = ", ".join(f"{k} ({n})" for k, n in sorted(conv.not_kept.items()))
            out.append(f"  BMLT fields peerdir does not store, not kept: {keys}")
        return out


# -- reading ----------------------------------------------------------------------------------
def read_json(path: Path, what: str) -> Any:
    """A JSON file, bounded in size; every way it can be unreadable is one SourceError line."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"{path}: {size} bytes; a {what} file peerdir reads is at most {MAX_FILE_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as err:
        raise SourceError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(f"{path}: not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise SourceError(f"{path}: not a {what} peerdir can read: arrays or objects nested too deep") from None
    except ValueError:  # a number of thousands of digits
        raise SourceError(f"{path}: not a {what} peerdir can read: a number too long to read") from None


def search_results(data: Any, name: str) -> tuple[list[Any], list[Any] | None]:
    """GetSearchResults: a list of meetings, or {"meetings": [...], "formats": [...]} (get_used_formats=1)."""
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        formats = data.get("formats")
        return data["meetings"], formats if isinstance(formats, list) else None
    if not isinstance(data, list):
        raise SourceError(f"{name}: BMLT GetSearchResults is a JSON array of meetings; found {_kind(data)}")
    if data and not any(isinstance(m, dict) and "weekday_tinyint" in m for m in data):
        raise SourceError(f"{name}: no meeting with a weekday_tinyint: not BMLT GetSearchResults JSON "
                          "(switcher=GetSearchResults)")
    return data, None


def parse_formats(data: Any, name: str) -> list[BmltFormat]:
    """GetFormats: a JSON array of {key_string, name_string, id, world_id, ...}."""
    if isinstance(data, dict) and isinstance(data.get("formats"), list):
        data = data["formats"]
    if not isinstance(data, list):
        raise SourceError(f"{name}: BMLT GetFormats is a JSON array of formats; found {_kind(data)}")
    formats: list[BmltFormat] = []
    for index, item in enumerate(data):
        key = _text(item.get("key_string")) if isinstance(item, dict) else None
        if key is None or not isinstance(item, dict):
            raise SourceError(f"{name}: format {index + 1} has no key_string: not BMLT GetFormats JSON "
                              "(switcher=GetFormats)")
        formats.append(BmltFormat(id=_text(item.get("id")) or "", key=key, name=_text(item.get("name_string")) or "",
                                  world_id=(_text(item.get("world_id")) or "").upper(),
                                  lang=(_text(item.get("lang")) or "").lower()))
    return _one_name_per_format(formats)


def _one_name_per_format(formats: list[BmltFormat]) -> list[BmltFormat]:
    """GetFormats asked for several languages (lang_enum[]=en&lang_enum[]=es) lists a format once per
    language, under one id: every entry then carries the English name (else the first entry's) and
    the Spanish one, so whichever key a meeting uses finds the same format."""
    by_id: dict[str, list[BmltFormat]] = {}
    for fmt in formats:
        by_id.setdefault(fmt.id or f"key {fmt.key}", []).append(fmt)
    named: list[BmltFormat] = []
    for fmt in formats:
        same = by_id[fmt.id or f"key {fmt.key}"]
        main = next((f for f in same if f.lang == "en"), same[0])
        spanish = next((f.name for f in same if f.lang == "es" and f is not main), "")
        named.append(replace(fmt, name=main.name, world_id=main.world_id or fmt.world_id, name_es=spanish))
    return named


def parse_service_bodies(data: Any, name: str) -> dict[str, str]:
    """GetServiceBodies: a JSON array of {id, parent_id, name, type, ...} → id → name."""
    if not isinstance(data, list):
        raise SourceError(f"{name}: BMLT GetServiceBodies is a JSON array of service bodies; found {_kind(data)}")
    bodies: dict[str, str] = {}
    for index, item in enumerate(data):
        body_id = _text(item.get("id")) if isinstance(item, dict) else None
        if body_id is None or not isinstance(item, dict):
            raise SourceError(f"{name}: service body {index + 1} has no id: not BMLT GetServiceBodies JSON "
                              "(switcher=GetServiceBodies)")
        body_name = _text(item.get("name"))
        if body_name:
            bodies.setdefault(body_id, body_name)
    return bodies


# -- the import -------------------------------------------------------------------------------
def import_bmlt(
    results: Path,
    formats: Path | None,
    data_dir: Path,
    *,
    service_bodies: Path | None = None,
    region: str | None = None,
    timezone: str | None = None,
    program: str = DEFAULT_PROGRAM,
    verified: dt.date | None = None,
    prune: bool = False,
    today: dt.date | None = None,
    check: bool = True,
) -> BmltReport:
    """Read GetSearchResults (and GetFormats, GetServiceBodies) files and import them into `data_dir`.

    `verified`: the date these listings were checked; BMLT gives no date of its own, so by default the
    day the results file was saved from the server (its modification date, never after today).
    `prune`: remove the files of meetings an earlier import of this server wrote that it no longer has.
    See the module docstring for the rest.
    """
    today = today or dt.date.today()
    meetings, format_list, bodies = read_server(results, formats, service_bodies)
    known = _declared_types(data_dir)
    conversion = convert(meetings, format_list, known, bodies)
    saved_on = None if verified is not None else min(_modified_on(results), today)
    types_file = data_dir / "types.yaml"
    old = types_file.read_bytes() if types_file.is_file() else None
    declared = _declare_types(types_file, conversion.custom_types, conversion.custom_types_es, known)
    try:
        report = import_feed(conversion.records, data_dir, region=region, timezone=timezone, program=program,
                             today=today, check=check, source=server_label(meetings, results), prune=prune,
                             verified=verified or saved_on)
    except BaseException:
        _restore(types_file, old)
        raise
    if report.refused:  # nothing written: data/types.yaml neither
        _restore(types_file, old)
        declared = []
    return BmltReport(report, conversion, declared, saved_on, results.name)


def read_server(results: Path, formats: Path | None,
                service_bodies: Path | None) -> tuple[list[Any], list[BmltFormat], dict[str, str]]:
    """The meetings, formats and service bodies (id → name) of the files a server's answers were saved in."""
    meetings, inline_formats = search_results(read_json(results, "BMLT GetSearchResults"), str(results))
    if formats is not None:
        format_list = parse_formats(read_json(formats, "BMLT GetFormats"), str(formats))
    elif inline_formats is not None:
        format_list = parse_formats(inline_formats, str(results))
    else:
        raise SourceError(f"{results}: the meetings name their formats by key only; pass the server's formats "
                          "with --formats FORMATS.json (switcher=GetFormats)")
    bodies = {} if service_bodies is None else parse_service_bodies(
        read_json(service_bodies, "BMLT GetServiceBodies"), str(service_bodies))
    return meetings, format_list, bodies


def server_label(meetings: list[Any], results: Path) -> str:
    """The source named in each file: "BMLT <host>", so a re-import of the same server finds the meetings
    that left it (whatever the results file is called), and another server's files are never its."""
    for meeting in meetings:
        if isinstance(meeting, Mapping):
            host = urlsplit(_text(meeting.get("root_server_uri")) or "").hostname
            if host:
                return f"BMLT {host}"
    return f"BMLT {results.name}"


def _modified_on(path: Path) -> dt.date:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).date()


def convert(meetings: list[Any], formats: list[BmltFormat], known: dict[str, str],
            bodies: dict[str, str] | None = None) -> Conversion:
    """Meeting Guide records from BMLT meetings; `known` the type codes and names the directory has,
    `bodies` the server's service bodies (id → name)."""
    types = _TypeMap(formats, known)
    conv = Conversion()
    for index, meeting in enumerate(meetings):
        label = f"meeting {index + 1}"
        if not isinstance(meeting, Mapping):
            conv.skipped.append((label, f"is {_kind(meeting)}, not a meeting object"))
            continue
        label = f"{label} (id {_shown(meeting.get('id_bigint'))})"
        if _text(meeting.get("published")) == "0":
            conv.unpublished.append(label)
            continue
        notes: list[str] = []
        try:
            record = _record(meeting, types, bodies or {}, notes)
        except BmltSkip as why:
            conv.skipped.append((label, str(why)))
            continue
        conv.records.append(record)
        conv.notes += [(record["slug"], note) for note in notes]
        for key, value in meeting.items():
            if key not in USED_KEYS and key not in BOOKKEEPING_KEYS and _text(value) is not None:
                shown = _shown(str(key))
                conv.not_kept[shown] = conv.not_kept.get(shown, 0) + 1
    conv.custom_types, conv.custom_types_es = types.custom, types.custom_es
    return conv


def _record(meeting: Mapping[str, Any], types: _TypeMap, bodies: dict[str, str], notes: list[str]) -> dict[str, Any]:
    slug = meeting_slug(meeting)
    day = _weekday(meeting.get("weekday_tinyint"))
    start = _clock(meeting.get("start_time"))
    if start is None:
        raise BmltSkip(f"start_time {_shown(meeting.get('start_time'))!r} is not HH:MM:SS")
    codes, attendance = types.codes(meeting, notes)
    venue = _text(meeting.get("venue_type")) or attendance
    virtual = venue in ("2", "virtual")
    record: dict[str, Any] = {
        "slug": slug,
        "name": _text(meeting.get("meeting_name")),
        "day": day,
        "time": f"{start[0]:02d}:{start[1]:02d}",
        "end_time": _end_time(start, meeting.get("duration_time"), notes),
        "timezone": _text(meeting.get("time_zone")),
        "types": codes,
        "notes": _text(meeting.get("comments")),
        "location_notes": _text(meeting.get("location_info")),
        "conference_url": _text(meeting.get("virtual_meeting_link")),
        "conference_url_notes": _text(meeting.get("virtual_meeting_additional_info")),
        "conference_phone": _text(meeting.get("phone_meeting_number")),
        "conference_phone_notes": _text(meeting.get("phone_meeting_additional_info")),
        "email": _text(meeting.get("email_contact")),
        **_place(meeting, virtual and "TC" not in codes, notes),
        **_contacts(meeting),
    }
    body = bodies.get(_text(meeting.get("service_body_bigint")) or "")
    if body:
        record["district"] = body
        record["regions"] = record.get("regions") or [body]  # an online meeting with no town: its area
    option = {"1": "in_person", "2": "online", "3": "hybrid", "virtual": "online", "hybrid": "hybrid"}.get(venue or "")
    if option and "TC" not in codes:  # TC: the importer keeps the closed address and any online access
        record["attendance_option"] = option
    if option == "in_person" and "TC" not in codes:
        _drop_online(meeting, record, notes)
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _drop_online(meeting: Mapping[str, Any], record: dict[str, Any], notes: list[str]) -> None:
    """venue_type 1 says in person only: links left in the record are not a way in (said, in BMLT's words)."""
    keys = {"virtual_meeting_link": "conference_url", "virtual_meeting_additional_info": "conference_url_notes",
            "phone_meeting_number": "conference_phone", "phone_meeting_additional_info": "conference_phone_notes"}
    gone = [bmlt for bmlt, ours in keys.items() if record.pop(ours, None)]
    if gone:
        notes.append(f"venue_type 1 (in person): {', '.join(gone)} not kept as a way to attend")


def meeting_slug(meeting: Mapping[str, Any]) -> str:
    """`bmlt-<server host>-<id_bigint>`: the same for the same meeting of the same server, import after import."""
    raw_id = _text(meeting.get("id_bigint"))
    if raw_id is None or not _ID_RE.match(raw_id):
        raise BmltSkip(f"id_bigint {_shown(meeting.get('id_bigint'))!r} is not a BMLT meeting id (digits)")
    host = urlsplit(_text(meeting.get("root_server_uri")) or "").hostname or ""
    host = re.sub(r"^(www|bmlt)\.(?=.+\.)", "", host)  # bmlt.example.org → example-org: "bmlt-" says it once
    host_slug = slugify(host)[:MAX_HOST_SLUG].strip("-")
    return f"bmlt-{host_slug}-{int(raw_id)}" if host_slug else f"bmlt-{int(raw_id)}"


def _weekday(value: Any) -> int:
    text = _text(value)
    if text is None or text not in ("1", "2", "3", "4", "5", "6", "7"):
        raise BmltSkip(f"weekday_tinyint {_shown(value)!r} is not 1–7 (1 = Sunday)")
    return int(text) - 1  # Meeting Guide: 0 = Sunday


def _clock(value: Any) -> tuple[int, int, int] | None:
    match = _TIME_RE.match(_text(value) or "")
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 24 or minute > 59 or second > 59 or (hour == 24 and (minute or second)):
        return None
    return hour, minute, second


def _end_time(start: tuple[int, int, int], duration: Any, notes: list[str]) -> str | None:
    if _text(duration) is None:
        return None
    length = _clock(duration)
    if length is None:
        notes.append(f"duration_time {_shown(duration)!r} is not HH:MM:SS; no end time kept")
        return None
    minutes = length[0] * 60 + length[1]
    if minutes == 0 or minutes >= 24 * 60:  # BMLT's "24:00:00": all day, no end time to give
        return None
    end = (start[0] * 60 + start[1] + minutes) % (24 * 60)
    return f"{end // 60:02d}:{end % 60:02d}"


def _place(meeting: Mapping[str, Any], virtual: bool, notes: list[str]) -> dict[str, Any]:
    country = _country(meeting.get("location_nation"), notes)
    town = _text(meeting.get("location_municipality"))
    regions = [r for r in (_text(meeting.get("location_sub_province")), town) if r]
    place: dict[str, Any] = {
        "city": town,
        "state": _text(meeting.get("location_province")),
        "country": country,
        "regions": regions or None,
    }
    if virtual:  # an online meeting: the town says where it is run from, not a place to go
        gone = [k for k in ("location_text", "location_street", "location_postal_code_1")
                if _text(meeting.get(k))]
        if gone:
            notes.append(f"venue_type 2 (virtual): {', '.join(gone)} not kept as a place to go")
        return {**place, "approximate": "yes"} if town else place
    place.update({
        "location": _text(meeting.get("location_text")),
        "address": _text(meeting.get("location_street")),
        "postal_code": _text(meeting.get("location_postal_code_1")),
    })
    latitude, longitude = _coordinate(meeting.get("latitude"), 90), _coordinate(meeting.get("longitude"), 180)
    if latitude is not None and longitude is not None and (latitude, longitude) != (0.0, 0.0):
        place.update(latitude=latitude, longitude=longitude)
    return place


def _coordinate(value: Any, limit: float) -> float | None:
    text = _text(value)
    if text is None or len(text) > 30:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if -limit <= number <= limit else None  # NaN and inf fail too


def _country(value: Any, notes: list[str]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    code = country_code(text)
    if code is None:
        notes.append(f"location_nation {_shown(text)!r} is not a country peerdir knows; not kept")
    return code


def _contacts(meeting: Mapping[str, Any]) -> dict[str, str]:
    """BMLT `contact_name_1` (shown to logged-in editors only, so usually empty) → `contact_1_name`."""
    found = {f"contact_{n}_{part}": _text(meeting.get(f"contact_{part}_{n}"))
             for n in (1, 2, 3) for part in ("name", "email", "phone")}
    return {k: v for k, v in found.items() if v}


# -- formats ----------------------------------------------------------------------------------
class _TypeMap:
    """A meeting's BMLT formats → Meeting Guide codes, and the custom codes this import declares."""

    def __init__(self, formats: list[BmltFormat], known: dict[str, str]):
        self.by_id = {f.id: f for f in reversed(formats) if f.id}  # the first of a key or id wins
        self.by_key = {f.key: f for f in reversed(formats)}
        self.known = known  # code -> name the directory already has
        self.custom: dict[str, str] = {}
        self.custom_es: dict[str, str] = {}
        self.mg_names = _meeting_guide_names()

    def codes(self, meeting: Mapping[str, Any], notes: list[str]) -> tuple[list[str], str | None]:
        """Type codes in the source's order, and "virtual"/"hybrid" when a format says so."""
        codes: list[str] = []
        attendance: str | None = None
        for fmt in self._formats(meeting, notes):
            how = ATTENDANCE_WORLD_IDS.get(fmt.world_id or fmt.key.upper())
            if how:
                attendance = attendance or how
                continue
            for code in self._map(fmt):
                if code not in codes:
                    codes.append(code)
        return codes, attendance

    def _formats(self, meeting: Mapping[str, Any], notes: list[str]) -> list[BmltFormat]:
        ids = _split(meeting.get("format_shared_id_list"))
        if ids and all(i in self.by_id for i in ids):
            return [self.by_id[i] for i in ids]  # ids are unambiguous; keys may repeat across languages
        found: list[BmltFormat] = []
        for key in _split(meeting.get("formats")):
            fmt = self.by_key.get(key)
            if fmt is None:
                notes.append(f"format {_shown(key)!r} is not in the server's formats; kept as a type named by its key")
                fmt = BmltFormat("", key, key, "")
            found.append(fmt)
        return found

    def _map(self, fmt: BmltFormat) -> tuple[str, ...]:
        world = fmt.world_id or fmt.key.upper()  # a server without world ids mostly uses them as keys
        if world in BMLT_WORLD_TYPES:
            return BMLT_WORLD_TYPES[world]
        name = _fold(fmt.name)
        if fmt.world_id == "LANG":  # "English speaking", "Finnish speaking meeting" → the language
            name = " ".join(w for w in name.split() if w not in _LANGUAGE_FILLERS)
        by_name = self.mg_names.get(name) or NAME_ALIASES.get(name)
        if by_name:
            return (by_name,)
        return (self._custom(fmt),)

    def _name(self, *names: str) -> str:
        """The first of `names` data/types.yaml takes (a Text), else ""."""
        for name in names:
            try:
                return _TEXT.validate_python(name[:MAX_FORMAT_NAME])
            except ValidationError:
                continue
        return ""

    def _custom(self, fmt: BmltFormat) -> str:
        """The format's world id (shared by every server) or key as a code; `BMLT-` before it when the
        directory already has that code for something else ('SL' is Slovenian, BMLT's SL sign language)."""
        name = self._name(fmt.name, fmt.key)
        base = fmt.world_id if fmt.world_id and fmt.world_id != "LANG" else fmt.key
        code = _code(base) or _code(fmt.key) or f"BMLT-{_code(fmt.id) or 'FORMAT'}"
        name = name or code
        candidates = [code] + [f"BMLT-{code}"[:MAX_CODE - 3] + (f"-{n}" if n > 1 else "") for n in range(1, 100)]
        for candidate in candidates:
            if candidate in self.custom:
                return candidate  # one world id, one code, even where servers name it twice
            have = self.known.get(candidate.upper())
            if have is None:
                self.custom[candidate] = name
                if self._name(fmt.name_es):
                    self.custom_es[candidate] = self._name(fmt.name_es)
                return candidate
            if _fold(have) == _fold(name):
                return candidate
        raise BmltSkip(f"format {_shown(fmt.key)!r}: no free type code for it")  # pragma: no cover


def _code(text: str) -> str:
    """A type code from a BMLT key or world id: upper-case letters, digits and single hyphens."""
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")[:MAX_CODE].strip("-")


@cache
def _meeting_guide_names() -> dict[str, str]:
    """Every language's name of every Meeting Guide code, folded → code ('Español' → S, 'Finnish' → FI)."""
    names: dict[str, str] = {}
    for code, languages in meeting_guide_types().items():
        for name in languages.values():
            names.setdefault(_fold(name), code)
    return names


# -- data/types.yaml --------------------------------------------------------------------------
def _declared_types(data_dir: Path) -> dict[str, str]:
    """Type codes (upper-cased) the directory knows already, with their English names."""
    known = {code.upper(): name for code, name in directory_vocabulary(data_dir).types.items()}
    for code, entry in _read_types_file(data_dir / "types.yaml").items():
        name = entry.get("name") if isinstance(entry, dict) else entry
        known.setdefault(str(code).upper(), str(name or code))
    return known


def _read_types_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return parse_yaml_mapping(path.read_text(encoding="utf-8")).data
    except (YamlProblem, UnicodeDecodeError, OSError) as err:
        where = f" (line {err.line})" if isinstance(err, YamlProblem) else ""
        raise SourceError(f"{path}: cannot be read{where}; fix it with peerdir validate first") from None


def _declare_types(path: Path, custom: dict[str, str], spanish: dict[str, str], known: dict[str, str]) -> list[str]:
    """Append the custom codes the directory does not know yet to data/types.yaml; their codes."""
    new = {code: {"name": name, **({"name_es": spanish[code]} if code in spanish else {})}
           for code, name in sorted(custom.items()) if code.upper() not in known}
    if not new:
        return []
    old = path.read_text(encoding="utf-8") if path.is_file() else TYPES_HEADER
    if old and not old.endswith("\n"):
        old += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(old + dump_mapping(new), encoding="utf-8", newline="\n")
    return list(new)


def _restore(path: Path, old: bytes | None) -> None:
    if old is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(old)


# -- small helpers ----------------------------------------------------------------------------
def _text(value: Any) -> str | None:
    """BMLT gives strings; numbers are taken as their text, anything else (lists, objects) as missing."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


def _split(value: Any) -> list[str]:
    return [part.strip() for part in (_text(value) or "").split(",") if part.strip()]


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _kind(value: Any) -> str:
    kinds: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}
    return kinds.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = _text(value) if not isinstance(value, (dict, list)) else _kind(value)
    return visible((text or "")[:40])
