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

from collections.abc import Iterator
from typing import Any

from peerdir import kinds
from peerdir.directory import Directory
from peerdir.formats import csv_export, hsds, ical, meeting_guide
from peerdir.models import Meeting
from peerdir.urls import SiteInfo, meeting_path, region_meetings_path

MEETING_GUIDE_PATH = "feeds/meeting-guide.json"
HSDS_SERVICES_PATH = "feeds/hsds/services.json"
HSDS_ORGANIZATIONS_PATH = "feeds/hsds/organizations.json"
HSDS_TAXONOMY_PATH = "feeds/hsds/taxonomy_terms.json"
CSV_PATH = "feeds/directory.csv"
MEETING_CALENDAR = "meeting.ics"  # in each meeting's page folder


def region_names(directory: Directory) -> dict[str, str]:
    return {slug: region.name for slug, region in directory.regions.items()}


def region_paths(directory: Directory) -> dict[str, list[str]]:
    """Region key → the names of its tree from the top down to it (Meeting Guide's `regions`)."""
    return {key: [directory.regions[k].name for k in directory.region_path(key)] for key in directory.regions}


class MeetingCalendars:
    """Each meeting's own calendar file, kept beside its page; the events made for them are reused
    by the region calendars (`feed_files(..., calendars=...)`)."""

    def __init__(self, site: SiteInfo) -> None:
        self.site = site
        self.events: dict[str, str] = {}  # slug (unique among meetings) -> VEVENT text

    def files_for(self, listing: Any) -> list[tuple[str, bytes]]:
        """(file name, contents) of the files in a listing's folder: meeting.ics for a meeting."""
        if not isinstance(listing, Meeting):
            return []
        event = self.events[listing.slug] = ical.event_text(listing, self.site)
        return [(MEETING_CALENDAR, ical.meeting_ics(listing, self.site, event=event))]


def feed_files(directory: Directory, site: SiteInfo, *,
               calendars: MeetingCalendars | None = None) -> Iterator[tuple[str, bytes]]:
    """Every feed file: (path relative to the site root, contents), in a stable order.

    feeds/meeting-guide.json, feeds/hsds/services.json, feeds/hsds/organizations.json,
    feeds/hsds/taxonomy_terms.json, feeds/directory.csv, meetings/<region>/<slug>/meeting.ics for every meeting, and
    meetings/<region>/meetings.ics for every region that has meetings. With `calendars`, the
    meetings' own files are left to it (the site writes them with the pages) and its events reused.
    """
    names = region_names(directory)
    yield MEETING_GUIDE_PATH, meeting_guide.feed_json(directory.meetings, region_paths(directory), site)

    vocab = directory.vocabulary
    program_names = {p.name: p.full_name for p in vocab.programs.values()}
    countries = {key: country for key in directory.regions if (country := directory.region_country(key))}
    hsds_files = hsds.feed_json(directory.meetings, directory.homes, site, vocab.types, program_names=program_names,
                                region_countries=countries)
    yield HSDS_SERVICES_PATH, hsds_files.services
    yield HSDS_ORGANIZATIONS_PATH, hsds_files.organizations
    yield HSDS_TAXONOMY_PATH, hsds_files.taxonomy_terms

    yield CSV_PATH, csv_export.rows_csv(_csv_rows(directory, names, site))

    by_region: dict[str, list] = {}
    own = calendars if calendars is not None else MeetingCalendars(site)  # each VEVENT made once, for both files
    events = own.events
    for meeting in directory.meetings:
        if calendars is None:
            for name, data in own.files_for(meeting):
                yield meeting_path(meeting) + name, data
        by_region.setdefault(meeting.region, []).append(meeting)
    for region in sorted(by_region):
        yield (region_meetings_path(region) + "meetings.ics",
               ical.region_ics(by_region[region], region, site, name=names.get(region), events=events))


def _csv_rows(directory: Directory, names: dict[str, str], site: SiteInfo) -> Iterator[dict[str, Any]]:
    """A row per listing of every kind that joins the CSV feed: kind by kind, each by region and slug."""
    for kind in kinds.iter_kinds(kinds.CSV_FEED):
        row = kind.csv_row
        if row is None:
            raise ValueError(f"the kind {kind.name!r} joins the CSV feed but gives no csv_row")
        for listing in sorted(directory.listings_of(kind.name), key=lambda item: (item.region, item.slug)):
            yield row(listing, names.get(listing.region, listing.region), site)


__all__ = ["CSV_PATH", "HSDS_ORGANIZATIONS_PATH", "HSDS_SERVICES_PATH", "HSDS_TAXONOMY_PATH", "MEETING_CALENDAR",
           "MEETING_GUIDE_PATH", "MeetingCalendars", "feed_files", "region_names", "region_paths"]
