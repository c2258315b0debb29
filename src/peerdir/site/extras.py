"""The site's outputs beyond pages: structured data, correction links and feed files.

Each listing kind's structured data comes from its descriptor (`peerdir.kinds`), so the MkDocs
hook stays a dispatcher and another engine could call the same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerdir import kinds
from peerdir.contribute import correction_links
from peerdir.directory import Article, Directory
from peerdir.formats import MeetingCalendars, feed_files
from peerdir.formats.jsonld import article_jsonld
from peerdir.models.common import Listing
from peerdir.site.day_data import write_day_data
from peerdir.site.embeds import clinic_files
from peerdir.site.generate import write_files
from peerdir.site.render import PageRenderer
from peerdir.urls import SiteInfo, article_path


@dataclass(frozen=True)
class SiteExtras:
    site: SiteInfo
    region_names: Mapping[str, str] = field(default_factory=dict)

    def jsonld(self, item: Any) -> dict | None:
        """schema.org data for a listing or article page."""
        if isinstance(item, Listing):
            make = kinds.of(item).jsonld
            return None if make is None else make(item, self.region_names.get(item.region), self.site)
        if isinstance(item, Article):
            data = article_jsonld(item.meta, self.site)
            if item.language != "en":  # a translation: its own address, in its language
                url = self.site.absolute(f"{item.language}/{article_path(item.meta.slug)}")
                data.update({"@id": f"{url}#article", "url": url, "mainEntityOfPage": url,
                             "inLanguage": item.language})
            return data
        return None

    def correction_links(self, listing: Any, path: str) -> dict[str, str]:
        """'issue' (a prefilled form, for people who won't open a pull request) and 'edit' links."""
        return correction_links(self.site, listing.source, self.site.absolute(path))

    def write_outputs(self, directory: Directory, site_dir: Path, today: dt.date,
                      calendars: MeetingCalendars | None = None) -> int:
        """Feeds, print sheets, embeds and the "on now" data; with `calendars`, the meetings' own
        calendar files were written with their pages (see `ListingWriter.attachments`)."""
        count = write_files(site_dir, feed_files(directory, self.site, calendars=calendars))
        count += len(write_day_data(directory, site_dir, today.year))
        return count + write_files(site_dir, clinic_files(directory, self.site, today))

    @staticmethod
    def write_translated(renderer: PageRenderer, language_dir: Path) -> int:
        """Another language's print sheets, embeds and "on now" data, under its folder (es/): its list
        pages read their hour files beside them. The feeds are the same in every language: written once."""
        ctx = renderer.ctx
        count = len(write_day_data(ctx.directory, language_dir, ctx.today.year))
        return count + write_files(language_dir, clinic_files(ctx.directory, ctx.site, ctx.today, renderer))


def site_extras(site: SiteInfo, directory: Directory) -> SiteExtras:
    return SiteExtras(site, {slug: region.name for slug, region in directory.regions.items()})
