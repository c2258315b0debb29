"""The `Directory`: every valid listing, region and article of a data folder, and its queries.

Loading lives in `peerdir.loading` (`load_directory`); this module is the type the site, the
feeds and the commands read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from peerdir import kinds
from peerdir.models import ArticleMeta, Community, Home, Meeting, Region
from peerdir.models.common import Listing
from peerdir.vocabulary import Vocabulary, default_vocabulary

ListingT = TypeVar("ListingT", bound=Listing)

# The kinds with a typed field of their own; a kind registered later keeps its listings in `other_listings`.
_TYPED_KINDS = ("meetings", "homes", "communities")


@dataclass
class Article:
    meta: ArticleMeta
    source: str
    language: str = "en"  # a translation's (content/articles/es/<slug>.md) is its folder's


@dataclass
class Directory:
    data_dir: Path
    regions: dict[str, Region] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    homes: list[Home] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    translations: dict[str, dict[str, Article]] = field(default_factory=dict)  # language -> slug -> article
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    files_checked: int = 0
    other_listings: dict[str, list[Listing]] = field(default_factory=dict)  # kind name -> listings

    def listings_of(self, kind: str) -> list[Any]:
        """The listings of the kind named `kind` ('meetings'); an unknown kind is an error."""
        kinds.get(kind)
        if kind in _TYPED_KINDS:
            return getattr(self, kind)
        return self.other_listings.get(kind, [])

    def set_listings(self, kind: str, listings: list[Any]) -> None:
        kinds.get(kind)
        if kind in _TYPED_KINDS:
            setattr(self, kind, listings)
        else:
            self.other_listings[kind] = listings

    def all_listings(self) -> list[tuple[kinds.ListingKind, Any]]:
        """(kind, listing) for every listing, kind by kind in the registry's order."""
        return [(kind, listing) for kind in kinds.all_kinds() for listing in self.listings_of(kind.name)]

    def region_path(self, region: str) -> list[str]:
        """The keys from the top of `region`'s tree down to it, e.g. [philadelphia-county, chestnut-hill].

        An unknown parent or a cycle (both reported by the loader) ends the walk, so this always returns.
        """
        path = [region]
        parent = self.regions[region].parent if region in self.regions else None
        while parent is not None and parent in self.regions and parent not in path:
            path.insert(0, parent)
            parent = self.regions[parent].parent
        return path

    def region_country(self, region: str) -> str | None:
        """The country code of `region`, or of its nearest ancestor that names one."""
        for key in reversed(self.region_path(region)):
            country = self.regions[key].country if key in self.regions else None
            if country:
                return country
        return None

    def meetings_in(self, region: str) -> list[Meeting]:
        return self._meetings_by_region.get(region, [])

    def homes_in(self, region: str) -> list[Home]:
        return self._homes_by_region.get(region, [])

    # Built on first use, after loading: every region page asks, and a scan per region is quadratic.
    @cached_property
    def _meetings_by_region(self) -> dict[str, list[Meeting]]:
        return _group_by_region(self.meetings)

    @cached_property
    def _homes_by_region(self) -> dict[str, list[Home]]:
        return _group_by_region(self.homes)


def _group_by_region(listings: list[ListingT]) -> dict[str, list[ListingT]]:
    groups: dict[str, list[ListingT]] = {}
    for listing in listings:
        groups.setdefault(listing.region, []).append(listing)
    return groups

