"""The listing kinds: one descriptor per kind, and every loop over kinds reads this registry.

A kind is where its files live (`data/meetings/<region>/<slug>.yaml` or `data/communities/<slug>.yaml`),
the model that validates them, the pages and URLs made of them, the feeds they join, how `peerdir
stale`, `peerdir new` and `peerdir diff` speak of them, and their editors' JSON Schema. Adding a kind
is one `register(ListingKind(...))`, its model, its templates and its tests.

This module sits low (models and newlisting only): what a kind needs from higher up (page renderer,
feed rows) is a callable that reaches it when called, never at import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerdir.models import Community, Home, Meeting
from peerdir.models.common import Listing
from peerdir.newlisting import RegionChoice, community_template, home_template, meeting_template

if TYPE_CHECKING:
    from peerdir.site.render import PageRenderer, RenderedPage
    from peerdir.urls import SiteInfo

# The feeds a kind can join. Meeting Guide, HSDS and iCalendar are about meetings (and homes) by nature.
CSV_FEED = "csv"
MEETING_GUIDE_FEED = "meeting-guide"
HSDS_FEED = "hsds"
ICAL_FEED = "ical"


@dataclass(frozen=True)
class ListingKind:
    """Everything peerdir knows about one kind of listing."""

    name: str  # plural: the folder under data/, the first part of its URLs, the key everywhere ("meetings")
    singular: str  # "meeting": in messages, `peerdir new <kind>`, `peerdir diff`, the schema's file name
    title: str  # heading of its group in reports ("Sober homes")
    model: type[Listing]
    regional: bool  # True: data/<name>/<region>/<slug>.yaml; False: data/<name>/<slug>.yaml
    url_pattern: str  # the listing's page from the site root, with {region} and {slug}
    page: Callable[[PageRenderer, Any], RenderedPage]  # the page body of one listing
    templates: Mapping[str, str] = field(default_factory=dict)  # role ("page", "list", "embed", "print") -> file
    feeds: frozenset[str] = frozenset()  # which of the *_FEED names it joins
    csv_row: Callable[[Any, str, SiteInfo], dict[str, Any]] | None = None  # (listing, region name, site) -> row
    jsonld: Callable[[Any, str | None, SiteInfo], dict[str, Any]] | None = None  # (listing, region name, site)
    new_listing: Callable[[str, dt.date, RegionChoice | None], str] | None = None  # `peerdir new`'s template
    reserved_slugs: frozenset[str] = frozenset()  # file names the site's own pages need
    summary_fields: tuple[str, ...] = ()  # what `peerdir diff` shows of a listing
    stale_group: tuple[str, str] | None = None  # region-less kinds: (key, heading) of their `peerdir stale` group
    needs_place: bool = False  # a place (a home): never in an online-only region (one without a time zone)

    @property
    def schema(self) -> str:
        """Its editors' schema: schemas/<schema>.schema.json."""
        return self.singular

    @property
    def article(self) -> str:
        """'a meeting', 'an event': how messages name one."""
        return ("an " if self.singular[:1] in "aeiou" else "a ") + self.singular

    @property
    def depth(self) -> int:
        """How many folders deep its pages are: meetings/<region>/<slug>/ is 3."""
        return self.url_pattern.strip("/").count("/") + 1

    def path(self, listing: Any) -> str:
        """The listing's page from the site root, e.g. 'meetings/chicago/loop-noon/'."""
        return self.url_pattern.format(region=listing.region, slug=listing.slug)

    def relpath(self, slug: str, region: str | None = None) -> str:
        """Where a listing lives, relative to the data folder: meetings/<region>/<slug>.yaml."""
        if not self.regional:
            return f"{self.name}/{slug}.yaml"
        if not region:
            raise ValueError(f"a {self.singular} needs a region")
        return f"{self.name}/{region}/{slug}.yaml"

    def existing(self, data_dir: Path, slug: str) -> Path | None:
        """A file of this kind that already uses `slug` (slugs are unique within a kind)."""
        base = data_dir / self.name
        if not base.is_dir():
            return None
        return next(iter(sorted(base.glob(f"*/{slug}.yaml" if self.regional else f"{slug}.yaml"))), None)


_REGISTRY: dict[str, ListingKind] = {}


class UnknownKind(KeyError):
    """A kind nobody registered: a bug in the caller, said plainly instead of guessed around."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown listing kind"


def register(kind: ListingKind) -> ListingKind:
    """Add a kind; it joins every loop over kinds (loading, pages, sitemap, feeds it names, reports)."""
    if kind.name in _REGISTRY or any(k.singular == kind.singular or k.model is kind.model for k in _REGISTRY.values()):
        raise ValueError(f"a listing kind named {kind.name!r} ({kind.singular}, {kind.model.__name__}) is "
                         "already registered")
    _REGISTRY[kind.name] = kind
    _BY_MODEL.clear()
    return kind


def unregister(name: str) -> None:
    """Take a kind out again (tests that register a throwaway kind)."""
    get(name)
    del _REGISTRY[name]
    _BY_MODEL.clear()


def all_kinds() -> tuple[ListingKind, ...]:
    """Every kind, in registration order: the order of pages, feeds and reports."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def get(name: str) -> ListingKind:
    """The kind called `name` ('meetings'); an unknown name is an error."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownKind(f"no listing kind named {name!r}; the kinds are {', '.join(_REGISTRY)}") from None


def by_singular(singular: str) -> ListingKind:
    """The kind whose one listing is called `singular` ('meeting')."""
    for kind in _REGISTRY.values():
        if kind.singular == singular:
            return kind
    raise UnknownKind(f"no listing kind {singular!r}; the kinds are "
                      f"{', '.join(k.singular for k in _REGISTRY.values())}")


_BY_MODEL: dict[type, ListingKind] = {}


def of(listing: Any) -> ListingKind:
    """The kind of a listing object; an object of no registered kind is an error."""
    cls = type(listing)
    kind = _BY_MODEL.get(cls)
    if kind is None:
        kind = next((k for k in _REGISTRY.values() if isinstance(listing, k.model)), None)
        if kind is None:
            raise UnknownKind(f"{cls.__name__} is not the model of any listing kind; the kinds are "
                              f"{', '.join(_REGISTRY)}")
        _BY_MODEL[cls] = kind
    return kind


def iter_kinds(feed: str | None = None) -> Iterator[ListingKind]:
    """The kinds, or those that join `feed`."""
    return (kind for kind in _REGISTRY.values() if feed is None or feed in kind.feeds)


# -- the built-in kinds -----------------------------------------------------------------------
# Feed rows are reached when called: formats/ imports the Directory, which reads this registry.
def _meeting_csv(listing: Any, region_name: str, site: SiteInfo) -> dict[str, Any]:
    from peerdir.formats.csv_export import meeting_row
    return meeting_row(listing, region_name, site)


def _home_csv(listing: Any, region_name: str, site: SiteInfo) -> dict[str, Any]:
    from peerdir.formats.csv_export import home_row
    return home_row(listing, region_name, site)


def _community_csv(listing: Any, region_name: str, site: SiteInfo) -> dict[str, Any]:
    from peerdir.formats.csv_export import community_row
    return community_row(listing, site)


def _meeting_jsonld(listing: Any, region_name: str | None, site: SiteInfo) -> dict[str, Any]:
    from peerdir.formats.jsonld import meeting_jsonld
    return meeting_jsonld(listing, region_name, site)


def _home_jsonld(listing: Any, region_name: str | None, site: SiteInfo) -> dict[str, Any]:
    from peerdir.formats.jsonld import home_jsonld
    return home_jsonld(listing, site)


def _community_jsonld(listing: Any, region_name: str | None, site: SiteInfo) -> dict[str, Any]:
    from peerdir.formats.jsonld import community_jsonld
    return community_jsonld(listing, site)


def _regional_template(make: Callable[[str, Any, dt.date], str], singular: str
                       ) -> Callable[[str, dt.date, RegionChoice | None], str]:
    def new_listing(name: str, today: dt.date, region: RegionChoice | None) -> str:
        if region is None:
            raise ValueError(f"a {singular} needs a region")
        return make(name, region, today)
    return new_listing


_DAY_SLUGS = frozenset({"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"})

MEETINGS = register(ListingKind(
    name="meetings", singular="meeting", title="Meetings", model=Meeting, regional=True,
    url_pattern="meetings/{region}/{slug}/", page=lambda renderer, listing: renderer.meeting(listing),
    templates={"page": "meeting.html", "list": "meeting_list.html", "embed": "embed_meetings.html",
               "print": "print_region.html"},
    feeds=frozenset({CSV_FEED, MEETING_GUIDE_FEED, HSDS_FEED, ICAL_FEED}), csv_row=_meeting_csv, jsonld=_meeting_jsonld,
    new_listing=_regional_template(meeting_template, "meeting"),
    # meetings/<region>/<day>/ is the region's list for that day when the region's list is long.
    reserved_slugs=_DAY_SLUGS,
    summary_fields=("program", "day", "time", "city", "conference_url"),
))
HOMES = register(ListingKind(
    name="homes", singular="home", title="Sober homes", model=Home, regional=True,
    url_pattern="homes/{region}/{slug}/", page=lambda renderer, listing: renderer.home(listing),
    templates={"page": "home.html", "list": "home_list.html", "embed": "embed_homes.html",
               "print": "print_region.html"},
    feeds=frozenset({CSV_FEED, HSDS_FEED}), csv_row=_home_csv, jsonld=_home_jsonld,
    new_listing=_regional_template(home_template, "home"),
    summary_fields=("gender", "city", "state"),
    needs_place=True,
))
COMMUNITIES = register(ListingKind(
    name="communities", singular="community", title="Online communities", model=Community, regional=False,
    url_pattern="communities/{slug}/", page=lambda renderer, listing: renderer.community(listing),
    templates={"page": "community.html", "list": "community_list.html", "embed": "embed_communities.html",
               "print": "print_communities.html"},
    feeds=frozenset({CSV_FEED}), csv_row=_community_csv, jsonld=_community_jsonld,
    new_listing=lambda name, today, region: community_template(name, today),
    summary_fields=("format", "url"),
    stale_group=("online-communities", "Online communities"),
))
