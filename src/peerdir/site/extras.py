"""The site's outputs beyond pages: structured data, correction links and feed files.

One place that maps each listing kind to its format functions, so the MkDocs hook stays a
dispatcher and another engine could call the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peerdir.directory import Directory
from peerdir.urls import SiteInfo


@dataclass(frozen=True)
class SiteExtras:
    site: SiteInfo

    def jsonld(self, item: Any) -> dict | None:
        return None

    def correction_url(self, listing: Any, path: str) -> str | None:
        return self.site.edit_url(listing.source)

    def write_outputs(self, directory: Directory, site_dir: Path) -> None:
        return None


def site_extras(site: SiteInfo) -> SiteExtras:
    return SiteExtras(site)
