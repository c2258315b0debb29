"""Where each thing lives on the site and in the repository. URLs are part of the product: keep them stable."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from peerdir import kinds
from peerdir.models import Community, Home, Meeting


@dataclass(frozen=True)
class SiteInfo:
    """What output needs to know about the deployed site."""

    site_url: str = "http://127.0.0.1:8000/"  # absolute, ends in "/"
    repo_url: str | None = None  # e.g. https://github.com/org/directory
    branch: str = "main"
    name: str = "peerdir"

    def absolute(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")

    def edit_url(self, source: str) -> str | None:
        """The GitHub web editor for a file; None where the repository is unknown."""
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{quote(source)}"


def meeting_path(meeting: Meeting) -> str:
    return f"meetings/{meeting_key(meeting)}/"


def meeting_key(meeting: Meeting) -> str:
    """'chicago/loop-noon': a meeting's page below meetings/, as the "on now" day data names it."""
    return f"{meeting.region}/{meeting.slug}"


def region_meetings_path(region: str) -> str:
    return f"meetings/{region}/"


def home_path(home: Home) -> str:
    return f"homes/{home.region}/{home.slug}/"


def region_homes_path(region: str) -> str:
    return f"homes/{region}/"


def community_path(community: Community) -> str:
    return f"communities/{community.slug}/"


def article_path(slug: str) -> str:
    return f"articles/{slug}/"


def listing_path(listing: Meeting | Home | Community) -> str:
    """The page of any listing, by its kind's URL pattern; an object of no registered kind is an error."""
    return kinds.of(listing).path(listing)
