"""feeds/directory.csv: one row per listing, for the spreadsheets clinics and helplines keep.

Columns are the same for every kind; a cell that does not apply to a kind stays empty. Homes give
their street and postal code only when address_visibility is public. The file starts with a UTF-8
byte-order mark so that Excel shows non-ASCII names correctly, and a cell that a spreadsheet would read
as a formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, which
spreadsheets hide: that also keeps "+1 646 555 0143" a phone number instead of a formula error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from itertools import chain
from typing import Any

from peerdir.formats._common import hhmm, home_public_address
from peerdir.models import Community, Home, Meeting
from peerdir.models.meeting import DAY_NAMES
from peerdir.urls import SiteInfo, community_path, home_path, meeting_path

COLUMNS = (
    "kind", "name", "region", "url", "program", "days", "time", "end_time", "timezone", "attendance", "types",
    "gender", "narr_level", "certification", "cost", "beds", "vacancies", "vacancies_as_of", "accepts_mat",
    "format", "approach", "city", "state", "address", "postal_code", "phone", "website", "join_url",
    "last_verified", "country", "district", "email",
)  # new columns go last: a clinic's spreadsheet reads the older ones where they were


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def meeting_row(meeting: Meeting, region_name: str, site: SiteInfo) -> dict[str, Any]:
    return {
        "kind": "meeting", "name": meeting.name, "region": region_name,
        "url": site.absolute(meeting_path(meeting)), "program": meeting.program,
        "days": ", ".join(DAY_NAMES[d] for d in meeting.day), "time": hhmm(meeting.time),
        "end_time": hhmm(meeting.effective_end), "timezone": meeting.zone,
        "attendance": meeting.attendance.label, "types": ", ".join(meeting.types),
        "city": meeting.city, "state": meeting.state, "address": meeting.address,
        "postal_code": meeting.postal_code, "phone": meeting.conference_phone,
        "join_url": meeting.conference_url, "last_verified": meeting.last_verified.isoformat(),
        "website": meeting.website, "country": meeting.country, "district": meeting.district,
        "email": meeting.email,
    }


def home_row(home: Home, region_name: str, site: SiteInfo) -> dict[str, Any]:
    public = home_public_address(home)
    cert = home.certification
    return {
        "kind": "home", "name": home.name, "region": region_name, "url": site.absolute(home_path(home)),
        "gender": home.gender_label, "narr_level": home.narr_label,
        "certification": f"{cert.body}: {cert.status}" if cert else None,
        "cost": home.cost.label if home.cost else None, "beds": home.beds, "vacancies": home.vacancies,
        "vacancies_as_of": home.vacancies_as_of.isoformat() if home.vacancies_as_of else None,
        "accepts_mat": _yes_no(home.accepts_mat), "city": public["city"], "state": public["state"],
        "address": public["address"], "postal_code": public["postal_code"], "phone": home.phone,
        "website": home.website, "last_verified": home.last_verified.isoformat(),
    }


def community_row(community: Community, site: SiteInfo) -> dict[str, Any]:
    return {
        "kind": "community", "name": community.name, "url": site.absolute(community_path(community)),
        "format": community.format, "approach": ", ".join(community.approach), "cost": community.cost,
        "website": community.url, "last_verified": community.last_verified.isoformat(),
    }


_FORMULA_STARTS = frozenset("=+-@\t\r")


def spreadsheet_safe(value: Any) -> str:
    """The cell as text; a would-be formula gets a leading apostrophe (OWASP's CSV injection advice)."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def directory_csv(meetings: Iterable[Meeting], homes: Iterable[Home], communities: Iterable[Community],
                  region_names: dict[str, str], site: SiteInfo) -> bytes:
    """The bytes of feeds/directory.csv: meetings, homes, then communities, each by region and slug."""
    rows = chain((meeting_row(m, region_names.get(m.region, m.region), site)
                  for m in sorted(meetings, key=lambda m: (m.region, m.slug))),
                 (home_row(h, region_names.get(h.region, h.region), site)
                  for h in sorted(homes, key=lambda h: (h.region, h.slug))),
                 (community_row(c, site) for c in sorted(communities, key=lambda c: c.slug)))
    return rows_csv(rows)


def rows_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """The bytes of a CSV file of COLUMNS, one line per row (cells a row lacks stay empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:  # each row written as it is made; map() keeps the cells out of a Python loop
        writer.writerow(map(spreadsheet_safe, map(row.get, COLUMNS)))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
