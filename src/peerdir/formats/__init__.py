"""The field's formats: what peerdir publishes for other software, and what it imports.

One module per format, pure functions over the models (no MkDocs):
- `meeting_guide`: the Meeting Guide JSON feed (export) and `import_feed` (JSON feed or TSML CSV → YAML);
- `ical`: iCalendar files, one per meeting and one per region;
- `hsds`: Open Referral HSDS 3.0 services and organizations;
- `csv_export`: one spreadsheet row per listing;
- `jsonld`: schema.org JSON-LD dicts for pages (the site embeds them; not a feed file).

`feed_files` yields every feed file of a directory as (site-relative path, bytes); the site build
writes them into the built site.
"""

from __future__ import annotations

from typing import Iterator

from peerdir.directory import Directory
from peerdir.formats import csv_export, hsds, ical, meeting_guide
from peerdir.urls import SiteInfo, meeting_path, region_meetings_path

MEETING_GUIDE_PATH = "feeds/meeting-guide.json"
HSDS_SERVICES_PATH = "feeds/hsds/services.json"
HSDS_ORGANIZATIONS_PATH = "feeds/hsds/organizations.json"
HSDS_TAXONOMY_PATH = "feeds/hsds/taxonomy_terms.json"
CSV_PATH = "feeds/directory.csv"


def region_names(directory: Directory) -> dict[str, str]:
    return {slug: region.name for slug, region in directory.regions.items()}


def feed_files(directory: Directory, site: SiteInfo) -> Iterator[tuple[str, bytes]]:
    """Every feed file: (path relative to the site root, contents), in a stable order.

    feeds/meeting-guide.json, feeds/hsds/services.json, feeds/hsds/organizations.json,
    feeds/hsds/taxonomy_terms.json, feeds/directory.csv, meetings/<region>/<slug>/meeting.ics for every meeting, and
    meetings/<region>/meetings.ics for every region that has meetings.
    """
    names = region_names(directory)
    yield MEETING_GUIDE_PATH, meeting_guide.feed_json(directory.meetings, names, site)

    vocab = directory.vocabulary
    program_names = {p.name: p.full_name for p in vocab.programs.values()}
    hsds_files = hsds.feed_json(directory.meetings, directory.homes, site, vocab.types, program_names=program_names)
    yield HSDS_SERVICES_PATH, hsds_files.services
    yield HSDS_ORGANIZATIONS_PATH, hsds_files.organizations
    yield HSDS_TAXONOMY_PATH, hsds_files.taxonomy_terms

    yield CSV_PATH, csv_export.directory_csv(directory.meetings, directory.homes, directory.communities, names, site)

    by_region: dict[str, list] = {}
    events: dict[str, str] = {}  # each VEVENT is rendered once, for its meeting's file and its region's
    for meeting in directory.meetings:
        event = events[meeting.slug] = ical.event_text(meeting, site)
        yield meeting_path(meeting) + "meeting.ics", ical.meeting_ics(meeting, site, event=event)
        by_region.setdefault(meeting.region, []).append(meeting)
    for region in sorted(by_region):
        yield (region_meetings_path(region) + "meetings.ics",
               ical.region_ics(by_region[region], region, site, name=names.get(region), events=events))


__all__ = ["CSV_PATH", "HSDS_ORGANIZATIONS_PATH", "HSDS_SERVICES_PATH", "HSDS_TAXONOMY_PATH", "MEETING_GUIDE_PATH", "feed_files",
           "region_names"]
