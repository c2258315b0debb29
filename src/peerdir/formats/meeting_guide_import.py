"""Import a Meeting Guide feed (JSON) or a TSML-style CSV export into peerdir's YAML listing files.

One record becomes one file, `data/meetings/<region>/<slug>.yaml` (a meeting held on several days
stays one file with a list of day names). Everything the feed says that peerdir cannot keep as a
field stays visible: unknown type codes go into the notes and into the report, never silently away.
Each file is validated exactly as `peerdir validate` would, and running the same import twice
changes nothing the second time.

The whole feed is checked before anything is written: a record holding a value peerdir refuses
(a control or invisible character, text too long, a time zone name that is no name at all …)
refuses the feed, and every such record is reported with its field and what to fix; nothing is
written then. Records that cannot be a weekly listing (no day, no place) are skipped and said so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from peerdir.diagnostics import Problem
from peerdir.formats._common import MAX_SLUG, slugify
from peerdir.formats._yaml_out import dump_mapping
from peerdir.loading import directory_vocabulary, load_directory
from peerdir.models import Meeting, Region
from peerdir.models.common import Contact, ListingPlace, WebUrl, short
from peerdir.models.meeting import DAY_NAMES, NO_ZONE
from peerdir.models.text_rules import (
    DIAL_RE,
    ZONE_SHAPE,
    email_problem,
    is_dial_string,
    is_phone,
    is_slug,
    reduce_contact_name,
    slug_words,
    visible,
    zone_exists,
)
from peerdir.validation_messages import describe
from peerdir.vocabulary import Vocabulary, meeting_guide_types
from peerdir.yamlfile import YamlProblem, parse_yaml_mapping

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/meeting.schema.json"
MARKER = "# Imported by `peerdir import meeting-guide`: the next import of the same feed overwrites this file."
HEADER = SCHEMA_LINE + "\n" + MARKER + "\n"
REGIONS_HEADER = "# yaml-language-server: $schema=../schemas/regions.schema.json\n"
RETIRED_TYPES = {"ONL": "online (retired from the spec in 2022; online access comes from conference_url/phone)"}
# Keys the import reads. Anything else a record carries is listed once in the report as ignored.
KNOWN_KEYS = {
    "name", "slug", "day", "time", "end_time", "timezone", "types", "location", "address", "city", "state",
    "postal_code", "country", "formatted_address", "approximate", "location_notes", "latitude", "longitude",
    "region", "sub_region", "regions", "conference_url", "conference_url_notes", "conference_phone",
    "conference_phone_notes", "group", "notes", "updated", "last_contact", "attendance_option", "url", "edit_url",
    *(f"contact_{n}_{part}" for n in (1, 2, 3) for part in ("name", "email", "phone")),
}
_ONLINE_WORDS = {"online", "virtual", "zoom", "web", "internet", "phone", "telephone", "tbd", "tba", "n/a", "na",
                 "none", "remote", "online meeting", "virtual meeting", "zoom meeting", "online only"}
_COUNTRY_RE = re.compile(r"^(usa?|u\.s\.a?\.?|united states( of america)?|canada|mexico|uk|united kingdom)$", re.I)
_STATE_ZIP_RE = re.compile(
    r"^(?P<state>[A-Za-z][A-Za-z .]*?)\s+(?P<zip>\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$")
_TIME_RE = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.|a|p)?\s*$", re.I)


class SourceError(ValueError):
    """The source file cannot be read as a Meeting Guide feed at all."""


# -- reading ----------------------------------------------------------------------------------
def read_source(path: Path) -> list[dict[str, Any]]:
    """A Meeting Guide JSON array, or a TSML-style CSV export, as a list of feed records."""
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    if suffix == ".json":
        return parse_json(text, str(path))
    if suffix == ".csv":
        return parse_csv(text)
    raise SourceError(f"{path}: expected a .json (Meeting Guide feed) or .csv (TSML export) file")


def parse_json(text: str, name: str = "feed") -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(f"{name}: not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:  # arrays nested thousands deep
        raise SourceError(f"{name}: not a feed peerdir can read: arrays or objects nested too deep") from None
    except ValueError:  # a number of thousands of digits
        raise SourceError(f"{name}: not a feed peerdir can read: a number too long to read") from None
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        data = data["meetings"]
    if not isinstance(data, list):
        raise SourceError(f"{name}: a Meeting Guide feed is a JSON array of meetings; found {type(data).__name__}")
    return data


_CSV_ALIASES = {"zip": "postal_code", "zip_code": "postal_code", "postal": "postal_code", "postcode": "postal_code",
                "meeting_name": "name", "start_time": "time", "day_of_week": "day", "weekday": "day",
                "state_province": "state", "province": "state", "subregion": "sub_region", "type": "types",
                "meeting_types": "types", "conference_link": "conference_url", "lat": "latitude",
                "lng": "longitude", "lon": "longitude", "address_1": "address", "street": "address",
                "time_zone": "timezone", "attendance": "attendance_option"}


def csv_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return _CSV_ALIASES.get(key, key)


def parse_csv(text: str) -> list[dict[str, Any]]:
    """TSML's CSV export: one row per meeting; Day holds names, Types names or codes."""
    reader = csv.reader(io.StringIO(text))
    rows = list(reader)
    if not rows:
        return []
    keys = [csv_key(h) for h in rows[0]]
    records: list[dict[str, Any]] = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, Any] = {key: cell.strip() for key, cell in zip(keys, row, strict=False)
                                  if key and cell.strip()}
        if isinstance(record.get("types"), str):
            record["types"] = [t.strip() for t in re.split(r"[,;|]", record["types"]) if t.strip()]
        records.append(record)
    return records


# -- the report -------------------------------------------------------------------------------
@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)  # files written for the first time
    changed: list[str] = field(default_factory=list)  # files rewritten because the feed changed
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (record, field: problem): nothing written
    notes: list[tuple[str, str]] = field(default_factory=list)  # (slug, what was converted or kept aside)
    unknown_types: dict[str, list[str]] = field(default_factory=dict)  # code -> slugs
    ignored_keys: dict[str, int] = field(default_factory=dict)  # key -> how many records had it
    new_regions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # validation problems of written files (a bug)

    @property
    def nothing_changed(self) -> bool:
        return not (self.imported or self.changed or self.new_regions)

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.problems and not self.refused

    def lines(self) -> list[str]:
        if self.refused:
            out = [f"nothing written: {len(self.refused)} record{'s' if len(self.refused) > 1 else ''} of the feed "
                   "hold values peerdir refuses; fix them in the feed (or ask its maintainers) and import again"]
            return out + [f"  refused {label}: {why}" for label, why in self.refused]
        out = [f"imported {len(self.imported)}, changed {len(self.changed)}, unchanged {len(self.unchanged)}, "
               f"skipped {len(self.skipped)}"]
        if self.nothing_changed:
            out.append(f"nothing changed: the data already matches the source ({len(self.unchanged)} meetings)")
        out += [f"  new region: {slug}" for slug in self.new_regions]
        out += [f"  imported: {path}" for path in self.imported]
        out += [f"  changed: {path}" for path in self.changed]
        out += [f"  skipped {label}: {reason}" for label, reason in self.skipped]
        for code, slugs in sorted(self.unknown_types.items()):
            out.append(f"  unknown type code {code!r} kept in the notes of: {', '.join(slugs)}")
        out += [f"  note {slug}: {message}" for slug, message in self.notes]
        if self.ignored_keys:
            keys = ", ".join(f"{k} ({n})" for k, n in sorted(self.ignored_keys.items()))
            out.append(f"  keys peerdir does not store, ignored: {keys}")
        out += [f"  INVALID {p.as_text()}" for p in self.problems]
        return out


class Skip(Exception):
    """This record cannot become a listing; the message says why."""


class Refused(Exception):
    """This record holds a value peerdir refuses: the feed is not written at all."""


MAX_LABEL = 40


def _shown(text: Any) -> str:
    """Feed text for the report: short, and every invisible or control character as <U+XXXX>."""
    return visible(short(str(text), MAX_LABEL).strip("'"))


# -- the import -------------------------------------------------------------------------------
def import_feed(
    records: Iterable[Any],
    data_dir: Path,
    *,
    region: str | None = None,
    timezone: str | None = None,
    program: str = "AA",
    today: dt.date | None = None,
    check: bool = True,
) -> ImportReport:
    """Write one YAML file per importable record under `data_dir`; see the module docstring.

    `region`: put every meeting into this region (slug) instead of the feed's regions.
    `timezone`: IANA zone for records that give none (and for regions this import creates).
    `program`: the recovery program of new meetings (Meeting Guide feeds do not name one).
    `check`: after writing, load the whole directory and report any problem in a written file.
    """
    today = today or dt.date.today()
    if region is not None and not is_slug(region):
        raise SourceError(f"--region '{_shown(region)}' is not a slug ({slug_words(region)})")
    if timezone is not None and not zone_exists(timezone):
        raise SourceError(f"--timezone '{_shown(timezone)}' is not an IANA time zone, e.g. America/Chicago")
    importer = _Importer(data_dir, region, timezone, program, today)
    if importer.vocab.program(program) is None:
        raise SourceError(f"--program '{program}' is not a known program: {', '.join(importer.vocab.program_names)}")
    for index, record in enumerate(records):
        importer.add(index, record)
    if importer.report.refused:
        return importer.report  # checked in full, and nothing written
    importer.write_all()
    importer.finish()
    if check and (importer.written or importer.report.new_regions):
        importer.check_written()
    return importer.report


@dataclass
class _NewRegion:
    name: str
    timezone: str | None


class _Importer:
    def __init__(self, data_dir: Path, region: str | None, timezone: str | None, program: str, today: dt.date):
        self.data_dir = data_dir
        self.region = region
        self.timezone = timezone
        self.program = program
        self.today = today
        self.report = ImportReport()
        self.vocab: Vocabulary = directory_vocabulary(data_dir)
        self.context = {"today": today, "vocabulary": self.vocab}
        self.regions = _read_regions(data_dir / "regions.yaml")
        self.new_regions: dict[str, _NewRegion] = {}
        self.existing = {p.stem: p for p in sorted((data_dir / "meetings").glob("*/*.yaml"))}
        self.slugs_taken: set[str] = set()
        self.written: list[Path] = []
        self.pending: list[tuple[Path, str, bool]] = []  # (path, text, it replaces a file) once all is checked
        self.type_names = _type_names(self.vocab)

    # one record ---------------------------------------------------------------------------
    def add(self, index: int, record: Any) -> None:
        label = f"record {index + 1}"
        if not isinstance(record, Mapping):
            self.report.skipped.append((label, f"is {type(record).__name__}, not a meeting object"))
            return
        name = _text(record.get("name"))
        slug_hint = _text(record.get("slug"))
        label = f"{label} ({_shown(slug_hint or name or 'no name')})"
        for key in record:
            if key not in KNOWN_KEYS:
                self.report.ignored_keys[str(key)] = self.report.ignored_keys.get(str(key), 0) + 1
        notes: list[str] = []
        unknown: list[str] = []
        try:
            slug = self._slug(record, name)
            data, region_slug = self._convert(record, name, slug, notes, unknown)
            self._write(slug, region_slug, data, label)
        except Skip as why:
            self.report.skipped.append((label, str(why)))
            return
        except Refused as why:
            self.report.refused.append((label, str(why)))
            return
        self.report.notes += [(slug, note) for note in notes]
        for code in unknown:
            self.report.unknown_types.setdefault(code, []).append(slug)

    def _slug(self, record: Mapping[str, Any], name: str | None) -> str:
        if not name:
            raise Skip("no name")
        raw = record.get("slug")
        base = slugify(str(raw)) if raw not in (None, "") else ""
        if not base:
            base = slugify(name) or "meeting-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        slug, n = base, 2
        while slug in self.slugs_taken:
            suffix = f"-{n}"
            slug, n = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix, n + 1
        self.slugs_taken.add(slug)
        return slug

    def _convert(self, record: Mapping[str, Any], name: str | None, slug: str, notes: list[str],
                 unknown_out: list[str]) -> tuple[dict[str, Any], str]:
        days = parse_days(record.get("day"))
        if not days:
            raise Skip("no day: a meeting without day and time is 'by appointment', and peerdir lists weekly "
                       "meetings only")
        start = parse_time(record.get("time"))
        if start is None:
            raise Skip("no time" if _blank(record.get("time")) else f"time {record.get('time')!r} is not HH:MM")
        end = parse_time(record.get("end_time"))
        if end is None and not _blank(record.get("end_time")):
            notes.append(f"end_time {record.get('end_time')!r} is not a time; left out (one hour is assumed)")

        place = parse_place(record)
        types, unknown, retired = self._types(record.get("types"))
        online = self._online(record, notes)
        option = (_text(record.get("attendance_option")) or "").lower().replace("-", "_").replace(" ", "_")
        if "ONL" in retired:
            notes.append("dropped the retired type ONL: online access comes from conference_url/phone"
                         + ("" if online else ", and this record has neither"))
        if option == "online" and place.get("address"):
            notes.append("attendance_option is online: the street address is not kept as a meeting place")
            place.update(address=None, latitude=None, longitude=None)
        elif option == "in_person" and online:
            notes.append("attendance_option is in_person: the conference link/phone are not kept")
            online = {}
        elif option == "inactive":
            if online:
                notes.append("attendance_option is inactive: the conference link/phone are not kept")
                online = {}
            if place.get("address") and "TC" not in types:
                notes.append("attendance_option is inactive: added type TC (location temporarily closed)")
                types.append("TC")
        if not place.get("address") and not online:
            why = "inactive in the source; " if option == "inactive" else (
                "marked online (type ONL) but " if "ONL" in retired else "")
            raise Skip(why + "no place and no online access: no street address (or only an approximate one) and "
                       "no conference_url or conference_phone")

        note_text = _text(record.get("notes"))
        if unknown:
            unknown_out += unknown
            kept = "Other meeting types in the source feed: " + ", ".join(unknown)
            note_text = f"{note_text}\n\n{kept}" if note_text else kept

        region_slug, region_zone = self._region(record, place)
        record_zone = _text(record.get("timezone"))
        if record_zone and not ZONE_SHAPE.fullmatch(record_zone):
            raise Refused(f"timezone: found {_shown(record_zone)!r} ({len(record_zone)} characters), which is not "
                          "a time zone name (Area/Place, e.g. America/Chicago)")
        if record_zone and not zone_exists(record_zone):
            notes.append(f"timezone {record_zone!r} is not an IANA zone; used the region's/--timezone instead")
            record_zone = None
        zone = record_zone or self.timezone or region_zone
        if not zone:
            raise Skip("no time zone: the record gives none and neither does its region; pass --timezone")

        verified, updated, from_feed = self._dates(record)
        data: dict[str, Any] = {
            "name": name,
            "program": self.program,
            "day": DAY_NAMES[days[0]] if len(days) == 1 else [DAY_NAMES[d] for d in days],
            "time": start,
            "end_time": end,
            "timezone": zone if zone != region_zone else None,
            "types": types or None,
            "location": place.get("location"),
            "address": place.get("address"),
            "city": place.get("city"),
            "state": place.get("state"),
            "postal_code": place.get("postal_code"),
            "country": place.get("country"),
            "location_notes": _text(record.get("location_notes")),
            "latitude": place.get("latitude"),
            "longitude": place.get("longitude"),
            **online,
            "group": _text(record.get("group")),
            "notes": note_text,
            "contacts": self._contacts(record, notes) or None,
            "last_verified": verified,
            "updated": updated,
        }
        data = {k: data[k] for k in _FIELD_ORDER if data.get(k) is not None}
        existing = self.existing.get(slug)
        if existing is not None:
            old = _read_mapping(existing)
            if old.get("program") and self.vocab.program(str(old["program"])):
                data["program"] = old["program"]  # the feed does not know the program; keep the file's
            if not from_feed and old.get("last_verified"):
                data["last_verified"] = old["last_verified"]  # "today" again would make every run a change
        return data, region_slug

    def _types(self, value: Any) -> tuple[list[str], list[str], list[str]]:
        items = value if isinstance(value, list) else ([] if _blank(value) else re.split(r"[,;|]", str(value)))
        known: list[str] = []
        unknown: list[str] = []
        retired: list[str] = []
        for item in items:
            text = str(item).strip()
            if not text:
                continue
            code = text.upper() if text.upper() in RETIRED_TYPES else (
                self.vocab.type_code(text) or self.type_names.get(" ".join(text.lower().split())))
            if code in RETIRED_TYPES or text.lower() == "online":
                retired.append("ONL")
            elif code is None:
                if text not in unknown:
                    unknown.append(text)
            elif code not in known:
                known.append(code)
        return known, unknown, retired

    def _online(self, record: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        url = _text(record.get("conference_url"))
        if url:
            try:
                found["conference_url"] = _WEB_URL.validate_python(url)
                found["conference_url_notes"] = _text(record.get("conference_url_notes"))
            except ValidationError as err:
                message = (err.errors()[0].get("ctx") or {}).get("message", "not a web address")
                notes.append(f"conference_url '{_shown(url)}' left out: {message}")
        phone = _text(record.get("conference_phone"))
        if phone:
            # A whole dial string ("+1 646 555 0143,,5550100231#") is a valid conference_phone; anything
            # else after the number (a PIN prompt, words) moves into the phone notes.
            number, dial_through = (phone, "") if DIAL_RE.match(phone) else split_dial_string(phone)
            if is_dial_string(number) or is_phone(number):
                phone_notes = _text(record.get("conference_phone_notes"))
                if dial_through:
                    extra = f"Dial-through codes: {dial_through}"
                    phone_notes = f"{extra}\n{phone_notes}" if phone_notes else extra
                found["conference_phone"] = number
                found["conference_phone_notes"] = phone_notes
            else:
                notes.append(f"conference_phone {phone!r} is not a phone number; left out")
        return {k: v for k, v in found.items() if v is not None}

    def _region(self, record: Mapping[str, Any], place: dict[str, Any]) -> tuple[str, str | None]:
        if self.region:
            return self.region, self._zone_of(self.region, self.region.replace("-", " ").title())
        candidates: list[str] = []
        regions = record.get("regions")
        if isinstance(regions, list):
            candidates += [str(r).strip() for r in reversed(regions) if _text(r)]
        for key in ("sub_region", "region"):
            if _text(record.get(key)):
                candidates.append(str(record[key]).strip())
        if place.get("city"):
            candidates.append(place["city"])
        if not candidates:
            raise Skip("no region: the record names none and has no city; pass --region")
        for candidate in candidates:  # most specific first; an existing region wins
            slug = self._match_region(candidate)
            if slug:
                return slug, self._zone_of(slug, candidate)
        slug = slugify(candidates[0])
        if not slug:
            raise Skip(f"region {candidates[0]!r} has no letters or digits to make a slug from; pass --region")
        return slug, self._zone_of(slug, candidates[0], record)

    def _match_region(self, text: str) -> str | None:
        wanted = " ".join(text.lower().split())
        for slug, (name, _zone) in {**self.regions, **{s: (r.name, r.timezone) for s, r in
                                                        self.new_regions.items()}}.items():
            if slug == wanted or slug == slugify(text) or " ".join(name.lower().split()) == wanted:
                return slug
        return None

    def _zone_of(self, slug: str, name: str, record: Mapping[str, Any] | None = None) -> str | None:
        if slug in self.regions:
            return self.regions[slug][1]
        if slug not in self.new_regions:
            zone = self.timezone
            if zone is None and record is not None and zone_exists(_text(record.get("timezone")) or ""):
                zone = _text(record.get("timezone"))
            self.new_regions[slug] = _NewRegion(name, zone)
        return self.new_regions[slug].timezone

    def _dates(self, record: Mapping[str, Any]) -> tuple[str, str | None, bool]:
        updated = parse_date(record.get("updated"))
        contact = parse_date(record.get("last_contact"))
        limit = self.today
        updated = min(updated, limit) if updated else None
        contact = min(contact, limit) if contact else None
        verified = contact or updated
        return ((verified or self.today).isoformat(), updated.isoformat() if updated else None,
                verified is not None)

    def _contacts(self, record: Mapping[str, Any], notes: list[str]) -> list[dict[str, str]]:
        contacts: list[dict[str, str]] = []
        for n in (1, 2, 3):
            raw_name = _text(record.get(f"contact_{n}_name"))
            email = _text(record.get(f"contact_{n}_email"))
            phone = _text(record.get(f"contact_{n}_phone"))
            if not (raw_name or email or phone):
                continue
            name = reduce_contact_name(raw_name or "")
            if not name:
                notes.append(f"contact {n} has no usable first name; left out")
                continue
            if raw_name and name != " ".join(raw_name.split()):
                notes.append(f"contact {n} shortened to first name and initial: {name}")  # ('Maria-Kowalski' too)
            entry = {"name": name}
            if email and email_problem(email) is None:
                entry["email"] = email
            elif email:
                notes.append(f"contact {n} email {email!r} is not an email address; left out")
            if phone and is_phone(phone):
                entry["phone"] = phone
            elif phone:
                notes.append(f"contact {n} phone {phone!r} is not a phone number; left out")
            try:
                Contact.model_validate(entry)
            except ValidationError:
                notes.append(f"contact {n} could not be kept")
                continue
            contacts.append(entry)
        return contacts

    # writing ------------------------------------------------------------------------------
    def _write(self, slug: str, region_slug: str, data: dict[str, Any], label: str) -> None:
        existing = self.existing.get(slug)
        path = existing if existing is not None else self.data_dir / "meetings" / region_slug / f"{slug}.yaml"
        if existing is not None and existing.parent.name != region_slug:
            # A person moved the file to another region: keep it there, and give it that region's zone.
            data = self._rezone(data, existing.parent.name, region_slug)
        text = dump_mapping(data, HEADER)
        self._validate(text, path, label)
        old_text = path.read_text(encoding="utf-8") if path.is_file() else None
        if old_text is not None and MARKER not in old_text:
            raise Skip(f"{_rel(path, self.data_dir)} already exists and was not written by an import; "
                       "delete or rename it, or change the slug in the source")
        if path.parent.name in self.new_regions and path.parent.name not in self.regions:
            self._add_region(path.parent.name)
        if old_text == text:
            self.report.unchanged.append(_rel(path, self.data_dir))
            return
        self.pending.append((path, text, old_text is not None))

    def write_all(self) -> None:
        """Write the files of a feed found valid as a whole."""
        for path, text, replaces in self.pending:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            self.written.append(path)
            (self.report.changed if replaces else self.report.imported).append(_rel(path, self.data_dir))

    def _rezone(self, data: dict[str, Any], region_slug: str, computed: str) -> dict[str, Any]:
        zone = data.get("timezone") or self._zone_of(computed, computed)
        target_zone = self.regions.get(region_slug, (None, None))[1]
        out = dict(data)
        out["timezone"] = zone if zone != target_zone else None
        ordered = {k: out[k] for k in _FIELD_ORDER if out.get(k) is not None}
        return ordered

    def _validate(self, text: str, path: Path, label: str) -> None:
        try:
            doc = parse_yaml_mapping(text)
        except YamlProblem as err:  # pragma: no cover - the writer produced YAML it cannot read: a bug
            raise Skip(f"internal error writing YAML: {err.message}") from None
        region_slug = path.parent.name
        place = ListingPlace(path.stem, region_slug, _rel(path, self.data_dir), self._region_zone(region_slug))
        try:
            meeting = Meeting.build(doc.data, place, self.context)
            problems = []
        except ValidationError as err:
            # A meeting without a zone is skipped, as a meeting without a place is: checked without one.
            problems = [error["ctx"]["message"] for error in err.errors() if _no_zone(error)]
            if len(problems) < len(err.errors()):
                raise Refused("; ".join(_problem_text(error) for error in err.errors())) from None
            meeting = Meeting.build(doc.data, place._replace(checked_only=True), self.context)
        problems = [message for _field, message, _hint in meeting.cross_field_problems()] + problems
        if problems:
            raise Skip("; ".join(problems))

    def _region_zone(self, slug: str) -> str | None:
        if slug in self.regions:
            return self.regions[slug][1]
        new = self.new_regions.get(slug)
        return new.timezone if new else None

    def _add_region(self, slug: str) -> None:
        new = self.new_regions[slug]
        try:  # its name comes from the feed: checked as regions.yaml will be, before anything is written
            Region.model_validate({"name": new.name, "timezone": new.timezone})
        except ValidationError as err:
            raise Refused("region: " + "; ".join(_problem_text(error) for error in err.errors())) from None
        self.regions[slug] = (new.name, new.timezone)
        self.report.new_regions.append(slug)

    def finish(self) -> None:
        if not self.report.new_regions:
            return
        path = self.data_dir / "regions.yaml"
        old = path.read_text(encoding="utf-8") if path.is_file() else REGIONS_HEADER
        if old and not old.endswith("\n"):
            old += "\n"
        block = dump_mapping({slug: {k: v for k, v in (("name", self.regions[slug][0]),
                                                        ("timezone", self.regions[slug][1])) if v}
                              for slug in self.report.new_regions})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(old + block, encoding="utf-8", newline="\n")

    def check_written(self) -> None:
        _directory, problems = load_directory(self.data_dir, today=self.today)
        written = {p.resolve() for p in self.written} | {(self.data_dir / "regions.yaml").resolve()}
        self.report.problems += [p for p in problems if Path(p.path).resolve() in written]


_FIELD_ORDER = list(Meeting.model_fields)


# -- parsing helpers --------------------------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


def _rel(path: Path, data_dir: Path) -> str:
    try:
        return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
    except ValueError:  # pragma: no cover
        return path.as_posix()


_WEB_URL: TypeAdapter[str] = TypeAdapter(WebUrl)


def _no_zone(error: Any) -> bool:
    return error["loc"] == ("timezone",) and (error.get("ctx") or {}).get("message") == NO_ZONE[0]


def _problem_text(error: Any) -> str:
    """One validation error as `peerdir validate` words it: 'field: message (hint)'."""
    message, hint = describe(error, Meeting)
    where = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in error["loc"]).replace(".[", "[")
    return f"{where}: {message}" + (f" ({hint})" if hint else "")


_DAY_WORDS = {name.lower(): i for i, name in enumerate(DAY_NAMES)}
_DAY_WORDS.update({name.lower()[:3]: i for i, name in enumerate(DAY_NAMES)})
_DAY_WORDS.update({"tues": 2, "weds": 3, "thur": 4, "thurs": 4})


def parse_days(value: Any) -> list[int]:
    """Meeting Guide days (0 = Sunday; int, digit string, day name, or a list of them) → sorted ints.

    Returns [] when there is no day; raises Skip for a value that is not a day.
    """
    if _blank(value):
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
    if _blank(value):
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


def parse_date(value: Any) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def split_dial_string(phone: str) -> tuple[str, str]:
    """"+1 646 558 8656; PIN 1234#" → ("+1 646 558 8656", "; PIN 1234#")."""
    match = re.search(r"[,;*#a-zA-Z]", phone)
    if not match:
        return phone.strip(), ""
    return phone[: match.start()].strip(), phone[match.start():].strip()


def parse_place(record: Mapping[str, Any]) -> dict[str, Any]:
    """Address parts from a record, the street kept only when it is a real, non-approximate one."""
    place: dict[str, Any] = {k: _text(record.get(k)) for k in
                             ("location", "address", "city", "state", "postal_code", "country")}
    formatted = _text(record.get("formatted_address"))
    if formatted and not place["address"]:
        place.update({k: v for k, v in split_formatted(formatted).items() if v and not place.get(k)})
    elif place["address"] and "," in place["address"] and not place["city"]:
        place.update({k: v for k, v in split_formatted(place["address"]).items() if v and (k == "address" or
                                                                                          not place.get(k))})
    approximate = (_text(record.get("approximate")) or "").lower()
    street = place["address"]
    if street and street.lower().strip(" .") in _ONLINE_WORDS:
        street = None
    elif approximate == "yes":
        street = None
    elif street and approximate != "no" and not re.search(r"\d", street) and not place["city"]:
        street = None  # one line without a number and no city: a venue or an area, not a street
    if place["address"] and not street and not place["location"] and \
            place["address"].lower().strip(" .") not in _ONLINE_WORDS and approximate != "yes":
        place["location"] = place["address"]
    place["address"] = street
    if place["location"] and place["location"].lower().strip(" .") in _ONLINE_WORDS:
        place["location"] = None
    if street:
        for key, limit in (("latitude", 90), ("longitude", 180)):
            try:
                number = float(record.get(key))  # type: ignore[arg-type]  # anything: float() says if it is a number
            except (TypeError, ValueError):
                continue
            if -limit <= number <= limit and number != 0:
                place[key] = number
    return place


def split_formatted(text: str) -> dict[str, str | None]:
    """"100 Main St, Tupelo, MS 38801, USA" → address, city, state, postal_code, country."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    found: dict[str, str | None] = {"address": None, "city": None, "state": None, "postal_code": None,
                                    "country": None}
    if len(parts) >= 2 and (_COUNTRY_RE.match(parts[-1]) or len(parts) >= 4):
        found["country"] = parts.pop()
    if len(parts) >= 2:
        match = _STATE_ZIP_RE.match(parts[-1])
        if match:
            found["state"], found["postal_code"] = match.group("state").strip(), match.group("zip")
            parts.pop()
        elif re.fullmatch(r"[A-Z]{2}", parts[-1]) or len(parts) >= 3:
            found["state"] = parts.pop()
    if len(parts) >= 2 or (len(parts) == 1 and found["state"] and not re.search(r"\d", parts[0])):
        found["city"] = parts.pop()  # "Springfield, IL": a city, not a street
    if parts:
        found["address"] = ", ".join(parts)
    return found


def anonymise_name(text: str) -> str:
    """First name and last initial only: "Maria Kowalski" and "Maria-Kowalski" → "Maria K."
    (models/text_rules.py, where the contact name rules are)."""
    return reduce_contact_name(text)


def _type_names(vocab: Vocabulary) -> dict[str, str]:
    names = {" ".join(name.lower().split()): code for code, name in vocab.types.items()}
    for code, languages in meeting_guide_types().items():
        for name in languages.values():
            names.setdefault(" ".join(name.lower().split()), code)
    return names


def _read_regions(path: Path) -> dict[str, tuple[str, str | None]]:
    if not path.is_file():
        return {}
    try:
        doc = parse_yaml_mapping(path.read_text(encoding="utf-8"))
    except YamlProblem as err:
        raise SourceError(f"{path}: {err.message} (line {err.line}); fix it with peerdir validate first") from None
    regions: dict[str, tuple[str, str | None]] = {}
    for slug, value in doc.data.items():
        if not is_slug(slug):
            continue  # never a folder to write into ('../x'); peerdir validate reports the name
        try:
            region = Region.model_validate(value or {})
        except ValidationError:
            # Known but broken (peerdir validate says why): never add a second entry with this key.
            zone = value.get("timezone") if isinstance(value, dict) else None
            regions[slug] = (slug, zone if isinstance(zone, str) and zone_exists(zone) else None)
            continue
        regions[slug] = (region.name, region.timezone)
    return regions


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        return parse_yaml_mapping(path.read_text(encoding="utf-8")).data
    except (YamlProblem, OSError, UnicodeDecodeError):
        return {}
