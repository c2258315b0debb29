"""Import a Meeting Guide feed (JSON) or a TSML-style CSV export into peerdir's YAML listing files.

One record becomes one file, `data/meetings/<region>/<slug>.yaml` (a meeting held on several days
stays one file with a list of day names); its file name is the source's slug when that is a peerdir
slug, else the file keeps the source's slug under `slug:`, so our feed gives the app the same slug and
the next import finds the meeting again. Nothing the feed says disappears silently: the report lists
every record written, unchanged, changed, skipped (why) or transformed (which field, how), the meetings
that left the source (`prune` removes them), and the zones assumed. Unknown type codes are declared in
data/types.yaml. The reading of addresses, dates, regions and the program is `peerdir.importing`'s; the
writing is `peerdir.importing.writer`'s.

The whole feed is checked before anything is written: a record holding a value peerdir refuses
(a control or invisible character, text too long, a time zone name that is no name at all …)
refuses the feed, and every such record is reported with its field and what to fix; nothing is
written then.

Other importers (BMLT) turn their records into Meeting Guide-shaped dicts and call `import_feed`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from peerdir.formats._common import slugify
from peerdir.importing.fields import Skip, parse_days, parse_time, split_dial_string
from peerdir.importing.program import infer_program
from peerdir.importing.report import ImportReport
from peerdir.importing.writer import (
    DEFAULT_SOURCE,
    MARKER,
    SCHEMA_LINE,
    Importer,
    Options,
    Refused,
    SourceError,
    header,
    shown,
)
from peerdir.models.text_rules import is_slug, reduce_contact_name, slug_words, zone_exists

HEADER = header(DEFAULT_SOURCE)
__all__ = ["HEADER", "MARKER", "SCHEMA_LINE", "ImportReport", "Refused", "Skip", "SourceError", "anonymise_name",
           "import_feed", "parse_csv", "parse_days", "parse_json", "parse_time", "read_source", "slugify",
           "split_dial_string"]


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


# -- the import -------------------------------------------------------------------------------
def import_feed(
    records: Iterable[Any],
    data_dir: Path,
    *,
    region: str | None = None,
    timezone: str | None = None,
    program: str | None = None,
    today: dt.date | None = None,
    check: bool = True,
    source: str | None = None,
    prune: bool = False,
    verified: dt.date | None = None,
) -> ImportReport:
    """Write one YAML file per importable record under `data_dir`; see the module docstring.

    `region`: put every meeting into this region (slug) instead of the feed's regions.
    `timezone`: IANA zone for new regions (and regions without one); never over a zone already known.
    `program`: the recovery program of the meetings; None: the one the feed names, else SourceError.
    `source`: a name for this source (the file's), written in each file: a later import of the same
    source finds the meetings that left it, and `prune` removes their files.
    `verified`: the date the listings were checked, for records with neither last_contact nor updated.
    `check`: after writing, load the whole directory and report any problem in a written file.
    """
    records = list(records)
    today = today or dt.date.today()
    if region is not None and not is_slug(region):
        raise SourceError(f"--region '{shown(region)}' is not a slug ({slug_words(region)})")
    if timezone is not None and not zone_exists(timezone):
        raise SourceError(f"--timezone '{shown(timezone)}' is not an IANA time zone, e.g. America/Chicago")
    if verified is not None and verified > today:
        raise SourceError(f"--verified {verified.isoformat()} is in the future")
    label = " ".join((source or DEFAULT_SOURCE).split())[:100].replace(":", " ")
    importer = Importer(data_dir, Options(region, timezone, "", verified, shown(label), prune), today)
    importer.options = Options(region, timezone, _program(program, records, importer), verified, shown(label), prune)
    importer.plan_regions(records)
    importer.check_regions()
    for index, record in enumerate(records):
        importer.add(index, record)
    if importer.report.refused:
        return importer.report  # checked in full, and nothing written
    importer.find_gone()
    importer.write_all()
    if check and importer.written:
        importer.check_written()
    return importer.report


def _program(program: str | None, records: list[Any], importer: Importer) -> str:
    vocab = importer.vocab
    if program is not None:
        known = vocab.program(program)
        if known is None:
            raise SourceError(f"--program '{shown(program)}' is not a known program: {', '.join(vocab.program_names)}")
        return known.name
    inferred = infer_program(records, vocab)
    if inferred is None:
        raise SourceError("the feed does not say which program its meetings belong to (Meeting Guide feeds do not): "
                          f"pass --program, one of {', '.join(vocab.program_names)}")
    return inferred


def anonymise_name(text: str) -> str:
    """First name and last initial only: "Maria Kowalski" and "Maria-Kowalski" → "Maria K."
    (models/text_rules.py, where the contact name rules are)."""
    return reduce_contact_name(text)
