"""Meeting Guide-shaped records → YAML listing files under `data/meetings/<region>/`, with the report.

The whole feed is read and checked before anything is written: a record holding a value peerdir refuses
refuses the feed (nothing written). Records that cannot be a weekly listing are skipped, each with its
reason. Re-importing the same feed changes nothing: a meeting is found again by its source slug.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from peerdir.formats._yaml_out import dump_mapping
from peerdir.importing.dates import day_of, parse_timestamp, timestamp_text
from peerdir.importing.existing import RegionsUnreadable, existing_meetings, read_regions, read_types
from peerdir.importing.fields import (
    Skip,
    blank,
    dialable,
    parse_days,
    parse_time,
    read_place,
    split_dial_string,
    text,
    whole_dial_string,
)
from peerdir.importing.regions import KnownRegion, RegionTree, region_path
from peerdir.importing.report import ImportReport
from peerdir.loading import directory_vocabulary, load_directory
from peerdir.models import Meeting, Region
from peerdir.models.common import Contact, Email, ListingPlace, WebUrl, short
from peerdir.models.meeting import DAY_NAMES, NO_ZONE
from peerdir.models.text_rules import (
    ZONE_SHAPE,
    email_problem,
    is_phone,
    is_slug,
    reduce_contact_name,
    slugify,
    visible,
    zone_exists,
)
from peerdir.validation_messages import describe
from peerdir.vocabulary import Vocabulary, meeting_guide_types
from peerdir.yamlfile import YamlProblem, parse_yaml_mapping

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/meeting.schema.json"
MARKER = "# Imported by `peerdir import`"
REGIONS_HEADER = "# yaml-language-server: $schema=../schemas/regions.schema.json\n"
TYPES_HEADER = "# Meeting types of this directory besides Meeting Guide's: CODE: {name: English name, name_es: …}\n"
RETIRED_TYPES = {"ONL": "online (retired from the spec in 2022; online access comes from conference_url/phone)"}
DEFAULT_SOURCE = "a feed"
_TYPE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
# Spec fields and common extras, as the model stores them under the same names.
EXTRA_TEXT = ("district", "venmo", "square", "paypal", "group_notes")
EXTRA_URLS = ("website", "feedback_url")
KNOWN_KEYS = {
    "name", "slug", "day", "time", "end_time", "timezone", "types", "location", "address", "city", "state",
    "postal_code", "country", "formatted_address", "approximate", "location_notes", "latitude", "longitude",
    "region", "sub_region", "regions", "conference_url", "conference_url_notes", "conference_phone",
    "conference_phone_notes", "group", "notes", "updated", "last_contact", "attendance_option",
    "email", "feedback_emails", "program", "fellowship", *EXTRA_TEXT, *EXTRA_URLS,
    *(f"contact_{n}_{part}" for n in (1, 2, 3) for part in ("name", "email", "phone")),
}
MAX_LABEL = 40
_WEB_URL: TypeAdapter[str] = TypeAdapter(WebUrl)
_EMAIL: TypeAdapter[str] = TypeAdapter(Email)
# The model's order, the source's slug right under the name (it is what the file stands for in feeds).
_FIELD_ORDER = [info.alias or name for name, info in Meeting.model_fields.items() if name != "feed_slug"]
_FIELD_ORDER.insert(_FIELD_ORDER.index("name") + 1, "slug")


class SourceError(ValueError):
    """The source cannot be read as a Meeting Guide feed at all, or an option is wrong."""


class Refused(Exception):
    """This record holds a value peerdir refuses: the feed is not written at all."""


def header(source: str) -> str:
    return f"{SCHEMA_LINE}\n{MARKER} from {source}: the next import of it overwrites this file.\n"


def shown(value: Any) -> str:
    """Feed text for the report: short, and every invisible or control character as <U+XXXX>."""
    return visible(short(str(value), MAX_LABEL).strip("'"))


@dataclass(frozen=True)
class Options:
    region: str | None
    timezone: str | None
    program: str
    verified: dt.date | None
    source: str
    prune: bool


class Importer:
    """One import of one feed into one data folder."""

    def __init__(self, data_dir: Path, options: Options, today: dt.date):
        self.data_dir = data_dir
        self.options = options
        self.today = today
        self.report = ImportReport()
        base = directory_vocabulary(data_dir)
        self.declared_types = read_types(data_dir / "types.yaml")
        self.vocab = Vocabulary(base.programs, {**self.declared_types, **base.types}, base.reserved_types)
        self.context: dict[str, Any] = {"today": today, "vocabulary": self.vocab}
        try:
            self.regions = read_regions(data_dir / "regions.yaml")
        except RegionsUnreadable as err:
            raise SourceError(str(err)) from None
        self.tree = RegionTree(self.regions, [])
        self.region_zone: dict[str, str | None] = {}
        self.region_country: dict[str, str | None] = {}
        self.assumed_regions: set[str] = set()  # new regions whose zone is --timezone's
        self.region_named_by: dict[str, str] = {}  # new region key → the first record naming it
        self.existing = existing_meetings(data_dir)
        self.stems = {e.path.stem for e in self.existing.values()}
        self.keys_seen: dict[str, int] = {}  # source slug → record number
        self.pending: list[tuple[Path, str, bool]] = []  # (path, text, it replaces a file), once all is checked
        self.written: list[Path] = []
        self.type_names = _type_names(self.vocab)

    # the whole feed first -----------------------------------------------------------------
    def plan_regions(self, records: Sequence[Any]) -> None:
        """Region keys, zones and countries for every record, from the whole feed (order-independent)."""
        paths: list[tuple[str, ...]] = []
        named_by: list[tuple[tuple[str, ...], str]] = []  # (path, label of the record that names it)
        zones: dict[tuple[str, ...], Counter[str]] = {}
        countries: dict[tuple[str, ...], Counter[str]] = {}
        for index, record in enumerate(records):
            if not isinstance(record, Mapping):
                continue
            path = self._path(record)
            if not path:
                continue
            paths.append(path)
            named_by.append((path, _label(index, record)))
            own = _own_zone(record) or ""  # "": a record that gives no zone
            country = read_place(record).values.get("country")
            for depth in range(1, len(path) + 1):
                node = tuple(" ".join(p.lower().split()) for p in path[:depth])
                zones.setdefault(node, Counter())[own] += 1
                countries.setdefault(node, Counter())[country if isinstance(country, str) else ""] += 1
        self.tree = RegionTree(self.regions, paths)
        for path, label in named_by:
            for depth in range(1, len(path) + 1):
                self.region_named_by.setdefault(self.tree.key(path[:depth]), label)
        for key, region in self.regions.items():
            self.region_zone[key], self.region_country[key] = region.timezone, region.country
        # Parents first (shorter paths), so a new region can take its parent's zone.
        for path in sorted({tuple(p[:d]) for p in paths for d in range(1, len(p) + 1)}, key=len):
            key = self.tree.key(path)
            if key in self.regions:
                continue
            node = tuple(" ".join(p.lower().split()) for p in path)
            parent = self.tree.new[key].parent
            self.region_zone[key] = self._new_region_zone(key, zones.get(node, Counter()),
                                                          self.region_zone.get(parent) if parent else None)
            found = countries.get(node, Counter())
            only = next(iter(found)) if len(found) == 1 else ""
            self.region_country[key] = only if len(only) == 2 else None

    def _new_region_zone(self, key: str, zones: Counter[str], parent_zone: str | None) -> str | None:
        """Its meetings' zone when each of them gives one (the most common), else its parent's, else
        --timezone (an assumption, reported), else the most common of those its meetings give."""
        common = sorted(((zone, n) for zone, n in zones.items() if zone), key=lambda kv: (-kv[1], kv[0]))
        if common and not zones.get(""):
            return common[0][0]
        if parent_zone or not self.options.timezone:
            return parent_zone or (common[0][0] if common else None)
        self.assumed_regions.add(key)
        return self.options.timezone

    def _path(self, record: Mapping[str, Any]) -> tuple[str, ...]:
        if self.options.region:
            known = self.regions.get(self.options.region)
            return (known.name if known else self.options.region.replace("-", " ").title(),)
        path = region_path(record)
        if path:
            return path
        city = read_place(record).values.get("city")
        return (city,) if city else ()

    # one record ---------------------------------------------------------------------------
    def add(self, index: int, record: Any) -> None:
        label = f"record {index + 1}"
        if not isinstance(record, Mapping):
            self.report.skipped.append((label, f"is {type(record).__name__}, not a meeting object"))
            return
        name = text(record.get("name"))
        source_slug = text(record.get("slug"))
        label = _label(index, record)
        for key in record:
            if key not in KNOWN_KEYS:
                self.report.ignored_keys[str(key)] = self.report.ignored_keys.get(str(key), 0) + 1
        record_report = _RecordReport()
        try:
            key, path = self._file(index, source_slug, name)
            data, folder = self._convert(record, name, key, record_report)
            self._write(key, path, folder, data, record_report)
        except Skip as why:
            self.report.skipped.append((label, str(why)))
            return
        except Refused as why:
            self.report.refused.append((label, str(why)))
            return
        self.report.notes += [(key, note) for note in record_report.notes]
        for field_name, how in record_report.how:
            self.report.transform(key, field_name, how)
        for code in record_report.unknown:
            self.report.unknown_types.setdefault(code, []).append(key)
        if record_report.assumed_zone:
            self.report.assumed_zone.append(key)

    def _file(self, index: int, source_slug: str | None, name: str | None) -> tuple[str, Path]:
        """The meeting's key (its source slug, else a slug of its name) and its file (a bare stem when new:
        its folder is the region's, known once the record is read)."""
        if not name:
            raise Skip("no name")
        if source_slug and "/" in source_slug:
            raise Refused(f"slug: found {shown(source_slug)!r}, which holds '/'; a slug is one name, not a path")
        if source_slug:
            key = source_slug
            if key in self.keys_seen:
                raise Skip(f"slug {shown(key)!r} repeats record {self.keys_seen[key]}'s: a Meeting Guide slug names "
                           "one meeting (the app keys favourites by it); give one of them another slug in the source")
        else:
            key = base = slugify(name) or "meeting-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
            n = 2
            while key in self.keys_seen:
                key, n = f"{base[:96]}-{n}", n + 1
        self.keys_seen[key] = index + 1
        existing = self.existing.get(key)
        if existing is not None:
            return key, existing.path
        stem = key if is_slug(key) else (slugify(key) or "meeting-" + hashlib.sha1(key.encode()).hexdigest()[:8])
        base, n = stem, 2
        while stem in self.stems:
            suffix = f"-{n}"
            stem, n = base[: 100 - len(suffix)].rstrip("-") + suffix, n + 1
        self.stems.add(stem)
        return key, Path(stem)

    def _convert(self, record: Mapping[str, Any], name: str | None, key: str,
                 out: _RecordReport) -> tuple[dict[str, Any], str]:
        days = parse_days(record.get("day"))
        if not days:
            raise Skip("no day: a meeting without day and time is 'by appointment', and peerdir lists weekly "
                       "meetings only")
        start = parse_time(record.get("time"))
        if start is None:
            raise Skip("no time" if blank(record.get("time")) else f"time {record.get('time')!r} is not HH:MM")
        if text(record.get("time")) != start:
            out.how.append(("time", "written as 24-hour HH:MM"))
        end = parse_time(record.get("end_time"))
        if end is None and not blank(record.get("end_time")):
            out.notes.append(f"end_time {record.get('end_time')!r} is not a time; left out (one hour is assumed)")
        elif end is not None and text(record.get("end_time")) != end:
            out.how.append(("end_time", "written as 24-hour HH:MM"))

        place = read_place(record)
        out.how += place.how
        types, retired = self._types(record.get("types"), out)
        online = self._online(record, place.values.get("country"), out)
        place_values = self._attendance(record, place.values, types, online, retired, out)
        if not (place_values.get("address") and not place_values.get("approximate")) and not online \
                and not ("TC" in types and place_values.get("address")):
            why = "inactive in the source; " if _option(record) == "inactive" else (
                "marked online (type ONL) but " if "ONL" in retired else "")
            raise Skip(why + "no place and no online access: no street address (or only an approximate one) and "
                       "no conference_url or conference_phone")

        region_key = self._region_key(record)
        zone, _own = self._zone(record, region_key, out)
        data: dict[str, Any] = {
            "name": name,
            "program": self._program(record),
            "day": DAY_NAMES[days[0]] if len(days) == 1 else [DAY_NAMES[d] for d in days],
            "time": start,
            "end_time": end,
            "timezone": zone if zone != self.region_zone.get(region_key) else None,  # the region's is implied
            "types": types or None,
            **place_values,
            "location": text(record.get("location")),
            "location_notes": text(record.get("location_notes")),
            **online,
            "group": text(record.get("group")),
            "notes": text(record.get("notes")),
            "contacts": _contacts(record, out) or None,
            **self._extras(record, out),
            **self._dates(record, key, out),
        }
        if record.get("slug") is not None and str(record.get("slug")) != key:
            out.how.append(("slug", "spaces around it trimmed"))
        data = {k: data[k] for k in _FIELD_ORDER if data.get(k) is not None}
        existing = self.existing.get(key)
        if existing is not None and existing.data.get("program") and self.vocab.program(str(existing.data["program"])) \
                and not _record_program(record, self.vocab):
            data["program"] = existing.data["program"]  # the feed does not know the program; keep the file's
        return data, region_key

    def _program(self, record: Mapping[str, Any]) -> str:
        return _record_program(record, self.vocab) or self.options.program

    def _attendance(self, record: Mapping[str, Any], values: dict[str, Any], types: list[str],
                    online: dict[str, Any], retired: list[str], out: _RecordReport) -> dict[str, Any]:
        """Meeting Guide's attendance_option, turned into the fields attendance comes from."""
        option = _option(record)
        values = dict(values)
        if "ONL" in retired:
            out.how.append(("types", "dropped the retired type ONL: online access comes from conference_url/phone"))
        if option == "online" and values.get("address") and not values.get("approximate"):
            out.how.append(("approximate", "attendance_option is online: the street is kept, marked approximate "
                                           "(not a place to go)"))
            values["approximate"] = True
        elif option == "in_person" and online:
            out.notes.append("attendance_option is in_person: the conference link/phone are not kept")
            online.clear()
        elif option == "inactive":
            if online:
                out.notes.append("attendance_option is inactive: the conference link/phone are not kept")
                online.clear()
            if values.get("address") and "TC" not in types:
                out.how.append(("types", "attendance_option is inactive: added type TC (location temporarily "
                                         "closed)"))
                types.append("TC")
        return values

    def _types(self, value: Any, out: _RecordReport) -> tuple[list[str], list[str]]:
        items = value if isinstance(value, list) else ([] if blank(value) else re.split(r"[,;|]", str(value)))
        known: list[str] = []
        retired: list[str] = []
        for item in items:
            found = str(item).strip()
            if not found:
                continue
            code = found.upper() if found.upper() in RETIRED_TYPES else (
                self.vocab.type_code(found) or self.type_names.get(" ".join(found.lower().split())))
            if code in RETIRED_TYPES or found.lower() == "online":
                retired.append("ONL")
                continue
            if code is None:
                code = self._declare_type(found)
                out.unknown.append(code)
            elif code != found:
                out.how.append(("types", "type names written as their codes"))
            if code not in known:
                known.append(code)
        return known, retired

    def _declare_type(self, found: str) -> str:
        """A code the directory does not know, declared in data/types.yaml (name: the source's text)."""
        upper = found.upper()
        if _TYPE_CODE.match(found):
            code = found
        else:
            code = re.sub(r"[^A-Z0-9]+", "-", upper).strip("-")[:20].strip("-") or "TYPE"
        base, n = code, 2
        while code in self.vocab.types and self.vocab.types[code] != found:
            code, n = f"{base[:18]}-{n}", n + 1
        if code not in self.vocab.types:
            self.vocab.types[code] = found
            self.vocab.__dict__.pop("_codes_by_upper", None)  # its cached lookup is stale now
            self.report.new_types[code] = found
            self.type_names[" ".join(found.lower().split())] = code
        return code

    def _online(self, record: Mapping[str, Any], country: Any, out: _RecordReport) -> dict[str, Any]:
        found: dict[str, Any] = {}
        url = text(record.get("conference_url"))
        if url:
            try:
                found["conference_url"] = _WEB_URL.validate_python(url)
            except ValidationError as err:
                message = (err.errors()[0].get("ctx") or {}).get("message", "not a web address")
                out.notes.append(f"conference_url '{shown(url)}' left out: {message}")
        if "conference_url" in found or not url:
            found["conference_url_notes"] = text(record.get("conference_url_notes"))
        phone = text(record.get("conference_phone"))
        if phone:
            number, dial_through = (phone, "") if whole_dial_string(phone) else split_dial_string(phone)
            if dialable(number, country if isinstance(country, str) and len(country) == 2 else None):
                phone_notes = text(record.get("conference_phone_notes"))
                if dial_through:
                    out.how.append(("conference_phone", "words after the number moved to conference_phone_notes"))
                    extra = f"Dial-through codes: {dial_through}"
                    phone_notes = f"{extra}\n{phone_notes}" if phone_notes else extra
                found["conference_phone"] = number
                found["conference_phone_notes"] = phone_notes
            else:
                out.notes.append(f"conference_phone {shown(phone)!r} is not a phone number one can dial; left out")
        return {k: v for k, v in found.items() if v is not None}

    def _extras(self, record: Mapping[str, Any], out: _RecordReport) -> dict[str, Any]:
        found: dict[str, Any] = {name: text(record.get(name)) for name in EXTRA_TEXT}
        for name in EXTRA_URLS:
            url = text(record.get(name))
            if url:
                try:
                    found[name] = _WEB_URL.validate_python(url)
                except ValidationError:
                    out.notes.append(f"{name} '{shown(url)}' is not a web address peerdir publishes; left out")
        email = text(record.get("email"))
        if email and email_problem(email) is None:
            found["email"] = email
        elif email:
            out.notes.append(f"email '{shown(email)}' is not an email address; left out")
        raw = record.get("feedback_emails")
        emails = raw if isinstance(raw, list) else (re.split(r"[,;\s]+", raw) if isinstance(raw, str) else [])
        kept = [e for e in (text(x) for x in emails) if e and email_problem(e) is None]
        if len(kept) < len([e for e in emails if text(e)]):
            out.notes.append("feedback_emails: what is not an email address was left out")
        if kept:
            found["feedback_emails"] = kept
            if not isinstance(raw, list):
                out.how.append(("feedback_emails", "a list written as a YAML list"))
        return found

    def _region_key(self, record: Mapping[str, Any]) -> str:
        path = self._path(record)
        if not path:
            raise Skip("no region: the record names none and has no city; pass --region")
        if self.options.region:
            return self.options.region
        key = self.tree.key(path)
        return key

    def _zone(self, record: Mapping[str, Any], region_key: str, out: _RecordReport) -> tuple[str, str | None]:
        """The meeting's own zone, else its region's; --timezone only for a region that has none."""
        own = text(record.get("timezone"))
        if own and not ZONE_SHAPE.fullmatch(own):
            raise Refused(f"timezone: found {shown(own)!r} ({len(own)} characters), which is not a time zone name "
                          "(Area/Place, e.g. America/Chicago)")
        if own and not zone_exists(own):
            out.notes.append(f"timezone {own!r} is not an IANA zone; used the region's instead")
            own = None
        region_zone = self.region_zone.get(region_key)
        if own:
            return own, own
        if region_zone:
            out.assumed_zone = region_key in self.assumed_regions
            return region_zone, None
        if self.options.timezone:  # a region with no zone of its own (online meetings)
            out.assumed_zone = True
            return self.options.timezone, self.options.timezone
        raise Skip("no time zone: the record gives none and neither does its region; pass --timezone")

    def _dates(self, record: Mapping[str, Any], key: str, out: _RecordReport) -> dict[str, Any]:
        """`updated` as the source's time; last_verified from last_contact, else updated: never today."""
        stamps: dict[str, dt.datetime | dt.date | None] = {}
        for name in ("updated", "last_contact"):
            raw = text(record.get(name))
            stamps[name] = parse_timestamp(raw)
            if raw and stamps[name] is None:
                out.notes.append(f"{name} '{shown(raw)}' is not a date; left out")
            elif raw and name == "updated" and timestamp_text(stamps[name]) != raw:  # type: ignore[arg-type]
                out.how.append(("updated", "written as YYYY-MM-DD HH:MM:SS"))
        checked = stamps["last_contact"] or stamps["updated"]
        existing = self.existing.get(key)
        if checked is not None:
            verified = day_of(checked)
            if verified > self.today:
                out.how.append(("last_verified", "the source's date is in the future: today's written instead"))
                verified = self.today
        elif existing is not None and existing.data.get("last_verified"):
            verified = existing.data["last_verified"]  # a person's (or an earlier import's) date stays
        elif self.options.verified is not None:
            verified = self.options.verified
            out.how.append(("last_verified", "the source gives no date: --verified written"))
        else:
            raise Skip("no date: the record has neither last_contact nor updated, and peerdir never invents when a "
                       "listing was checked; pass --verified YYYY-MM-DD with the date these listings were checked")
        updated = stamps["updated"]
        return {"last_verified": verified if isinstance(verified, str) else verified.isoformat(),
                "updated": timestamp_text(updated) if updated is not None else None}

    # writing ------------------------------------------------------------------------------
    def _write(self, key: str, stem_or_path: Path, folder: str, data: dict[str, Any], out: _RecordReport) -> None:
        path = stem_or_path if stem_or_path.suffix else self.data_dir / "meetings" / folder / f"{stem_or_path}.yaml"
        if path.stem != key:  # the file name cannot be the source's slug: the file keeps it
            data = {k: ({**data, "slug": key})[k] for k in _FIELD_ORDER if k in data or k == "slug"}
        if path.parent.name != folder and path.parent.name in self.regions:
            data = self._rezone(data, path.parent.name, folder)  # a person moved the file: it stays there
            out.notes.append(f"the source puts it in region {folder}; its file stays in {path.parent.name}, where it "
                             "is (move the file to follow the source)")
        content = dump_mapping(data, header(self.options.source))
        self._validate(content, path)
        existing = self.existing.get(key)
        if existing is not None and existing.imported_from is None:
            raise Skip(f"{_rel(path, self.data_dir)} already exists and was not written by an import; "
                       "delete or rename it, or change the slug in the source")
        old_text = path.read_text(encoding="utf-8") if path.is_file() else None
        if old_text == content:
            self.report.unchanged.append(_rel(path, self.data_dir))
            return
        self.pending.append((path, content, old_text is not None))

    def _rezone(self, data: dict[str, Any], folder: str, computed: str) -> dict[str, Any]:
        zone = data.get("timezone") or self.region_zone.get(computed)
        out = dict(data)
        out["timezone"] = zone if zone != self.region_zone.get(folder) else None
        return {k: out[k] for k in _FIELD_ORDER if out.get(k) is not None}

    def _validate(self, content: str, path: Path) -> None:
        try:
            doc = parse_yaml_mapping(content)
        except YamlProblem as err:  # pragma: no cover - the writer produced YAML it cannot read: a bug
            raise Skip(f"internal error writing YAML: {err.message}") from None
        folder = path.parent.name
        place = ListingPlace(path.stem, folder, _rel(path, self.data_dir), self.region_zone.get(folder))
        try:
            meeting = Meeting.build(doc.data, place, self.context)
        except ValidationError as err:
            if all(_no_zone(error) for error in err.errors()):  # pragma: no cover - _zone gives every meeting one
                raise Skip(NO_ZONE[0]) from None
            raise Refused("; ".join(_problem_text(error) for error in err.errors())) from None
        problems = [message for _field, message, _hint in meeting.cross_field_problems()]
        if problems:
            raise Skip("; ".join(problems))

    def check_regions(self) -> None:
        """New regions are checked as regions.yaml will be, before anything is written."""
        for key, region in sorted(self.tree.new.items()):
            entry = self._region_entry(key, region)
            try:
                Region.model_validate(entry)
            except ValidationError as err:
                problem = "; ".join(_problem_text(error) for error in err.errors())
                label = self.region_named_by.get(key, f"region {shown(region.name)}")
                self.report.refused.append((label, f"region: {problem}"))

    def _region_entry(self, key: str, region: KnownRegion) -> dict[str, Any]:
        entry = {"name": region.name, "parent": region.parent, "timezone": self.region_zone.get(key),
                 "country": self.region_country.get(key)}
        return {k: v for k, v in entry.items() if v is not None}

    def find_gone(self) -> None:
        """Files this source wrote earlier whose meeting is no longer in it."""
        for key, existing in sorted(self.existing.items(), key=lambda kv: str(kv[1].path)):
            if existing.imported_from in (self.options.source, "") and key not in self.keys_seen:
                self.report.gone.append(_rel(existing.path, self.data_dir))
                if self.options.prune:
                    self.report.pruned.append(_rel(existing.path, self.data_dir))

    def write_all(self) -> None:
        """Write the files of a feed found valid as a whole, then regions.yaml and types.yaml."""
        used = {path.parent.name for path, _text, _replaces in self.pending}
        used |= {self.data_dir.joinpath(*Path(p).parts[1:]).parent.name for p in self.report.unchanged}
        self._write_regions(used)
        self._write_types()
        for path, content, replaces in self.pending:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
            self.written.append(path)
            (self.report.changed if replaces else self.report.imported).append(_rel(path, self.data_dir))
        for rel in self.report.pruned:
            self.data_dir.joinpath(*Path(rel).parts[1:]).unlink(missing_ok=True)

    def _write_regions(self, used: set[str]) -> None:
        needed: set[str] = set()
        for key in used:  # the regions meetings are written into, and their ancestors
            while key in self.tree.new and key not in needed:
                needed.add(key)
                key = self.tree.new[key].parent or ""
        if self.options.region and self.options.region not in self.regions and self.options.region in used:
            needed.add(self.options.region)
            self.tree.new.setdefault(self.options.region, KnownRegion(self.options.region.replace("-", " ").title()))
            self.region_zone.setdefault(self.options.region, self.options.timezone)
        if not needed:
            return
        order = [key for key in self.tree.new if key in needed]
        self.report.new_regions += order
        path = self.data_dir / "regions.yaml"
        old = path.read_text(encoding="utf-8") if path.is_file() else REGIONS_HEADER
        if old and not old.endswith("\n"):
            old += "\n"
        block = dump_mapping({key: self._region_entry(key, self.tree.new[key]) for key in order})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(old + block, encoding="utf-8", newline="\n")
        self.written.append(path)

    def _write_types(self) -> None:
        if not self.report.new_types:
            return
        path = self.data_dir / "types.yaml"
        old = path.read_text(encoding="utf-8") if path.is_file() else TYPES_HEADER
        if old and not old.endswith("\n"):
            old += "\n"
        block = dump_mapping({code: {"name": name} for code, name in self.report.new_types.items()})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(old + block, encoding="utf-8", newline="\n")
        self.written.append(path)

    def check_written(self) -> None:
        _directory, problems = load_directory(self.data_dir, today=self.today)
        written = {p.resolve() for p in self.written}
        self.report.problems += [p for p in problems if Path(p.path).resolve() in written]


class _RecordReport:
    """What one record's import had to say, kept until the record is known to be written."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.how: list[tuple[str, str]] = []
        self.unknown: list[str] = []
        self.assumed_zone = False


def _label(index: int, record: Mapping[str, Any]) -> str:
    """'record 3 (its slug or name)', as the report names a record."""
    return f"record {index + 1} ({shown(text(record.get('slug')) or text(record.get('name')) or 'no name')})"


def _option(record: Mapping[str, Any]) -> str:
    return (text(record.get("attendance_option")) or "").lower().replace("-", "_").replace(" ", "_")


def _own_zone(record: Mapping[str, Any]) -> str | None:
    zone = text(record.get("timezone"))
    return zone if zone and ZONE_SHAPE.fullmatch(zone) and zone_exists(zone) else None


def _record_program(record: Mapping[str, Any], vocab: Vocabulary) -> str | None:
    for key in ("program", "fellowship"):
        value = text(record.get(key))
        program = vocab.program(value) if value else None
        if program:
            return program.name
    return None


def _contacts(record: Mapping[str, Any], out: _RecordReport) -> list[dict[str, str]]:
    contacts: list[dict[str, str]] = []
    for n in (1, 2, 3):
        raw_name = text(record.get(f"contact_{n}_name"))
        email = text(record.get(f"contact_{n}_email"))
        phone = text(record.get(f"contact_{n}_phone"))
        if not (raw_name or email or phone):
            continue
        name = reduce_contact_name(raw_name or "")
        if not name:
            out.notes.append(f"contact {n} has no usable first name; left out")
            continue
        if raw_name and name != " ".join(raw_name.split()):
            out.notes.append(f"contact {n} shortened to first name and initial: {name}")  # ('Maria-Kowalski' too)
        entry = {"name": name}
        if email and email_problem(email) is None:
            entry["email"] = email
        elif email:
            out.notes.append(f"contact {n} email {email!r} is not an email address; left out")
        if phone and is_phone(phone):
            entry["phone"] = phone
        elif phone:
            out.notes.append(f"contact {n} phone {phone!r} is not a phone number; left out")
        try:
            Contact.model_validate(entry)
        except ValidationError:
            out.notes.append(f"contact {n} could not be kept")
            continue
        contacts.append(entry)
    return contacts


def _type_names(vocab: Vocabulary) -> dict[str, str]:
    names = {" ".join(name.lower().split()): code for code, name in vocab.types.items()}
    for code, languages in meeting_guide_types().items():
        for name in languages.values():
            names.setdefault(" ".join(name.lower().split()), code)
    return names


def _rel(path: Path, data_dir: Path) -> str:
    try:
        return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
    except ValueError:  # pragma: no cover
        return path.as_posix()


def _no_zone(error: Any) -> bool:
    return error["loc"] == ("timezone",) and (error.get("ctx") or {}).get("message") == NO_ZONE[0]


def _problem_text(error: Any) -> str:
    """One validation error as `peerdir validate` words it: 'field: message (hint)'."""
    message, hint = describe(error, Meeting)
    where = ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in error["loc"]).replace(".[", "[")
    return f"{where}: {message}" + (f" ({hint})" if hint else "")
