"""Listings due for re-verification: last_verified more than N days before today, by region.

`peerdir stale` prints them as text, JSON, or Markdown for the weekly "listings to re-verify" issue.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Literal

from peerdir import kinds
from peerdir.contribute import has_public_site
from peerdir.directory import Directory
from peerdir.urls import SiteInfo, listing_path

DEFAULT_DAYS = 180
StaleFormat = Literal["text", "markdown", "json"]


@dataclass(frozen=True)
class StaleListing:
    kind: str
    name: str
    region: str
    source: str
    last_verified: dt.date
    days_since: int
    edit_url: str | None
    page_url: str | None


@dataclass(frozen=True)
class RegionGroup:
    region: str  # the region's key, or the kind's stale_group ("online-communities") for a kind without regions
    name: str
    listings: tuple[StaleListing, ...]


@dataclass(frozen=True)
class StaleReport:
    today: dt.date
    days: int
    groups: tuple[RegionGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(g.listings) for g in self.groups)

    @property
    def cutoff(self) -> dt.date:
        """Listings verified before this date are stale."""
        return self.today - dt.timedelta(days=self.days)


def find_stale(directory: Directory, today: dt.date, days: int = DEFAULT_DAYS,
               site: SiteInfo | None = None) -> StaleReport:
    """Every listing whose last_verified is more than `days` days before `today`."""
    site = site or SiteInfo()
    public = has_public_site(site)
    by_region: dict[str, list[StaleListing]] = {}
    # A kind without regions is a group of its own, after the regions.
    groups_of_kinds = dict(_group(kind) for kind in kinds.all_kinds() if not kind.regional)
    for kind, listing in directory.all_listings():
        age = (today - listing.last_verified).days
        if age <= days:
            continue
        group = listing.region or _group(kind)[0]
        by_region.setdefault(group, []).append(StaleListing(
            kind=kind.singular,
            name=listing.name,
            region=listing.region,
            source=listing.source,
            last_verified=listing.last_verified,
            days_since=age,
            edit_url=site.edit_url(listing.source) if listing.source else None,
            page_url=site.absolute(listing_path(listing)) if public else None,
        ))
    groups = []
    order = [*directory.regions, *groups_of_kinds]
    for key in sorted(by_region, key=lambda k: (order.index(k) if k in order else len(order), k)):
        name = directory.regions[key].name if key in directory.regions else groups_of_kinds.get(key, key)
        items = sorted(by_region[key], key=lambda s: (s.last_verified, s.kind, s.name.lower()))
        groups.append(RegionGroup(key, name, tuple(items)))
    return StaleReport(today, days, tuple(groups))


def _group(kind: kinds.ListingKind) -> tuple[str, str]:
    """(key, heading) of the stale group of a kind without regions."""
    return kind.stale_group or (kind.name, kind.title)


# GitHub refuses an issue body over 65,536 characters; the Markdown is meant for one.
MARKDOWN_LIMIT = 60_000


def format_stale(report: StaleReport, fmt: StaleFormat = "text", max_chars: int = MARKDOWN_LIMIT) -> str:
    if fmt == "json":
        return _json(report)
    if fmt == "markdown":
        return _markdown(report, max_chars)
    return _text(report)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _text(report: StaleReport) -> str:
    if not report.count:
        return (f"No listings are due for re-verification: every one was checked within "
                f"{report.days} days of {report.today.isoformat()}.")
    lines = [f"{_plural(report.count, 'listing')} last verified more than {report.days} days before "
             f"{report.today.isoformat()}:"]
    for group in report.groups:
        lines += ["", f"{group.name} ({len(group.listings)})"]
        for item in group.listings:
            lines.append(f"  {item.source}  {item.kind}: {item.name}; last verified "
                         f"{item.last_verified.isoformat()} ({item.days_since} days ago)")
            if item.edit_url:
                lines.append(f"    edit: {item.edit_url}")
    return "\n".join(lines)


def _json(report: StaleReport) -> str:
    payload = {
        "today": report.today.isoformat(),
        "days": report.days,
        "count": report.count,
        "regions": [
            {"region": g.region, "name": g.name,
             "listings": [{**asdict(item), "last_verified": item.last_verified.isoformat()}
                          for item in g.listings]}
            for g in report.groups
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"})


def md_escape(text: str) -> str:
    """Volunteer text as literal Markdown: no links, emphasis or HTML can come from a listing."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def _markdown(report: StaleReport, max_chars: int = MARKDOWN_LIMIT) -> str:
    lines = ["## Listings due for re-verification", ""]
    if not report.count:
        lines.append(f"Every listing was verified within the last {report.days} days "
                     f"(as of {report.today.isoformat()}). Thank you!")
        return "\n".join(lines) + "\n"
    lines += [
        f"{_plural(report.count, 'listing')} {'was' if report.count == 1 else 'were'} last checked more than "
        f"{report.days} days ago (before {report.cutoff.isoformat()}). Meetings move, change times and close; "
        f"a listing nobody has checked for {report.days} days may send someone to a locked door.",
        "",
        "**How to help:** pick a listing, check it (call the contact, visit the website, or go to the "
        "meeting), then open its file with the ✏️ link, correct anything that changed, set "
        "`last_verified` to the date you checked, and propose the change. See *How to verify a listing* "
        "in CONTRIBUTING.md. This issue is rewritten every week; a listing disappears from it once "
        "its re-verification is merged.",
    ]
    size, shown, budget = sum(len(line) + 1 for line in lines), 0, max_chars - 200  # room for the note
    for group in report.groups:
        heading = ["", f"### {md_escape(group.name)} ({len(group.listings)})", ""]
        for item in group.listings:
            title = f"[{md_escape(item.name)}]({item.page_url})" if item.page_url else f"**{md_escape(item.name)}**"
            edit = f" · [✏️ edit]({item.edit_url})" if item.edit_url else ""
            line = (f"- [ ] {title} ({item.kind}) · last verified {item.last_verified.isoformat()}, "
                    f"{item.days_since} days ago · `{item.source}`{edit}")
            cost = len(line) + 1 + sum(len(h) + 1 for h in heading)
            if size + cost > budget:
                lines += ["", f"…and {report.count - shown} more, left out to keep this issue within GitHub's "
                          "size limit. Run `peerdir stale` for the whole list."]
                return "\n".join(lines) + "\n"
            lines += heading + [line]
            size, shown, heading = size + cost, shown + 1, []
    return "\n".join(lines) + "\n"
