"""The Meeting Guide feed: the JSON every AA meeting app reads, out of and into peerdir.

Export: `meeting_record` (one meeting), `export_records` (every meeting of a directory) and
`feed_json` (the bytes of feeds/meeting-guide.json).

Import: `read_source` (a Meeting Guide JSON array, or a TSML-style CSV export) and `import_feed`
(records → one YAML file per meeting under data/meetings/<region>/, regions.yaml extended), which
returns an `ImportReport`. The import lives in `peerdir.formats.meeting_guide_import`; it is
re-exported here so that the whole format is one import away.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from peerdir.formats._common import (
    dial_string,
    hhmm,
    json_array,
    locality_line,
    meeting_formatted_address,
)
from peerdir.models import Meeting
from peerdir.urls import SiteInfo, meeting_path

MAX_CONTACTS = 3

# A region's names from the top of its tree down to it, e.g. ["Philadelphia County", "Chestnut Hill"];
# a plain name stands for a region without a parent.
RegionPath = Sequence[str] | str | None


def meeting_record(meeting: Meeting, region: RegionPath, site: SiteInfo) -> dict[str, Any]:
    """One Meeting Guide record. Keys whose value is unknown are left out, never sent empty."""
    names = [region] if isinstance(region, str) else list(region or ())
    record: dict[str, Any] = {
        "name": meeting.name,
        "slug": meeting.guide_slug,
        "day": meeting.day[0] if len(meeting.day) == 1 else list(meeting.day),
        "time": hhmm(meeting.time),
        "end_time": hhmm(meeting.end_time) if meeting.end_time else None,
        "timezone": meeting.zone,
        "types": list(meeting.types),
        "location": meeting.location,
        "address": meeting.address,
        "city": meeting.city,
        "state": meeting.state,
        "postal_code": meeting.postal_code,
        "country": meeting.country,
        "formatted_address": meeting.formatted_address or meeting_formatted_address(meeting) or None,
        "approximate": "yes" if meeting.approximate or not meeting.address else "no",
        "location_notes": meeting.location_notes,
        "latitude": meeting.latitude,
        "longitude": meeting.longitude,
        "region": names[0] if names else None,
        "sub_region": names[-1] if len(names) > 1 else None,
        "regions": names or None,
        "district": meeting.district,
        "conference_url": meeting.conference_url,
        "conference_url_notes": meeting.conference_url_notes,
        "conference_phone": dial_string(meeting.conference_phone) if meeting.conference_phone else None,
        "conference_phone_notes": meeting.conference_phone_notes,
        "group": meeting.group,
        "group_notes": meeting.group_notes,
        "notes": meeting.notes,
        "website": meeting.website,
        "email": meeting.email,
        "venmo": meeting.venmo,
        "square": meeting.square,
        "paypal": meeting.paypal,
        "url": site.absolute(meeting_path(meeting)),
        "edit_url": site.edit_url(meeting.source) if meeting.source else None,
        "feedback_url": meeting.feedback_url,
        "feedback_emails": list(meeting.feedback_emails) or None,
        "updated": _updated(meeting),
    }
    for n, contact in enumerate(meeting.contacts[:MAX_CONTACTS], start=1):
        record[f"contact_{n}_name"] = contact.name
        record[f"contact_{n}_email"] = contact.email
        record[f"contact_{n}_phone"] = contact.phone
    return {key: value for key, value in record.items() if value is not None}


def _updated(meeting: Meeting) -> str:
    """The source's own time of its last change when imported with one, else the day it was verified."""
    if meeting.updated is not None:
        return meeting.updated.strftime("%Y-%m-%d %H:%M:%S")
    return f"{meeting.last_verified.isoformat()} 00:00:00"


def export_records(meetings: list[Meeting], regions: Mapping[str, RegionPath], site: SiteInfo) -> list[dict[str, Any]]:
    """Every meeting, by slug; `regions`: region key → its names from the top of its tree (or its name).

    Temporarily closed meetings stay, with their TC type: the apps show them as closed, and a meeting
    left out would vanish from every app's favourites."""
    return list(_records(meetings, regions, site))


def _records(meetings: list[Meeting], regions: Mapping[str, RegionPath], site: SiteInfo) -> Iterator[dict[str, Any]]:
    for meeting in sorted(meetings, key=lambda m: m.slug):
        yield meeting_record(meeting, regions.get(meeting.region), site)


def feed_json(meetings: list[Meeting], regions: Mapping[str, RegionPath], site: SiteInfo) -> bytes:
    return json_array(_records(meetings, regions, site))


def place_text(record: dict[str, Any]) -> str:
    """A record's place as one line, whichever way the feed spelled it (for comparisons)."""
    if record.get("formatted_address"):
        return str(record["formatted_address"])
    parts = [record.get("address"), locality_line(record.get("city"), record.get("state"),
                                                  record.get("postal_code")), record.get("country")]
    return ", ".join(str(p) for p in parts if p)


from peerdir.formats.meeting_guide_import import ImportReport, import_feed, read_source  # noqa: E402

__all__ = ["ImportReport", "export_records", "feed_json", "import_feed", "meeting_record", "place_text",
           "read_source"]
