"""The kinds registry is the one place a listing kind is described.

The proof: a throwaway kind, registered here only, is loaded (with the path rules), gets its pages,
its sitemap entries, its rows in the feeds it joins and its stale listings, without any other module
knowing of it; and an unknown kind is an error wherever a kind is looked up.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peerdir import kinds
from peerdir.formats import CSV_PATH, MEETING_GUIDE_PATH, feed_files
from peerdir.loading import load_directory
from peerdir.models.common import Listing, ListingPlace, Text, VerifiedDate
from peerdir.site.frame import CONTENT, DESCRIPTION, TITLE, PageFrame, placeholder_path
from peerdir.site.generate import LISTING_DEPTHS, ListingWriter, listing_paths, sitemap_xml
from peerdir.site.print_sheets import renderer_for
from peerdir.site.render import PageRenderer, RenderedPage
from peerdir.stale import find_stale
from peerdir.urls import SiteInfo, listing_path
from tests.conftest import SAMPLE_DATA, SAMPLE_TODAY

SITE = SiteInfo(site_url="https://directory.example/")


class Event(Listing):
    name: Text
    place: Text
    last_verified: VerifiedDate


_PAGE = "<h1>{{ item.name }}</h1><p>at {{ item.place }}</p>"


def _event_page(renderer: PageRenderer, event: Any) -> RenderedPage:
    path = EVENTS.path(event)
    html = renderer.env.from_string(_PAGE).render(item=event)
    return RenderedPage(path, event.name, f"An event at {event.place}", html)


def _event_row(event: Any, region_name: str, site: SiteInfo) -> dict[str, Any]:
    return {"kind": "event", "name": event.name, "region": region_name, "url": site.absolute(EVENTS.path(event)),
            "last_verified": event.last_verified.isoformat()}


EVENTS = kinds.ListingKind(
    name="events", singular="event", title="Events", model=Event, regional=True,
    url_pattern="events/{region}/{slug}/", page=_event_page, feeds=frozenset({kinds.CSV_FEED}), csv_row=_event_row,
)


@pytest.fixture
def events() -> Iterator[kinds.ListingKind]:
    kinds.register(EVENTS)
    try:
        yield EVENTS
    finally:
        kinds.unregister("events")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLE_DATA, "data")
    folder = Path("data/events/chicago")
    folder.mkdir(parents=True)
    (folder / "picnic.yaml").write_text("name: Recovery Picnic <b>\nplace: Grant Park\nlast_verified: 2025-01-02\n",
                                        encoding="utf-8")
    return Path("data")


def _frames() -> dict[int, PageFrame]:
    shell = "<html><title>{t}</title><meta content='{d}'><a href='/{p}'>here</a><main>{c}</main></html>"
    return {depth: PageFrame.from_shell(shell.format(t=TITLE, d=DESCRIPTION, p=placeholder_path(depth), c=CONTENT),
                                        depth) for depth in set(LISTING_DEPTHS.values())}


def test_a_registered_kind_is_loaded_paged_mapped_and_fed(events: kinds.ListingKind, data: Path,
                                                           tmp_path: Path) -> None:
    directory, problems = load_directory(data, today=SAMPLE_TODAY)
    assert problems == []
    (picnic,) = directory.listings_of("events")
    assert (picnic.slug, picnic.region, picnic.source) == ("picnic", "chicago", "data/events/chicago/picnic.yaml")
    assert listing_path(picnic) == "events/chicago/picnic/"

    site_dir = tmp_path / "site"
    writer = ListingWriter(renderer_for(directory, SITE, SAMPLE_TODAY), site_dir)
    writer.render()
    writer.write(_frames())
    page = (site_dir / "events" / "chicago" / "picnic" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Recovery Picnic &lt;b&gt;</h1>" in page and "<title>Recovery Picnic &lt;b&gt;</title>" in page
    assert (site_dir / "meetings").is_dir()  # the other kinds still get theirs

    assert "events/chicago/picnic/" in listing_paths(directory)
    assert "<loc>https://directory.example/events/chicago/picnic/</loc>" in sitemap_xml(SITE.site_url,
                                                                                         listing_paths(directory))

    files = dict(feed_files(directory, SITE))
    rows = list(csv.DictReader(io.StringIO(files[CSV_PATH].decode("utf-8-sig"))))
    assert [row["name"] for row in rows if row["kind"] == "event"] == ["Recovery Picnic <b>"]
    assert rows[-1]["kind"] == "event"  # after the built-in kinds, in the registry's order
    assert b"Recovery Picnic" not in files[MEETING_GUIDE_PATH]  # a feed it does not join

    stale = find_stale(directory, SAMPLE_TODAY, site=SITE)
    assert any(item.kind == "event" and item.name == "Recovery Picnic <b>"
               for group in stale.groups for item in group.listings)


def test_a_registered_kind_has_the_path_rules(events: kinds.ListingKind, data: Path) -> None:
    (data / "events" / "chicago" / "picnic.yaml").rename(data / "events" / "picnic.yaml")
    directory, problems = load_directory(data, today=SAMPLE_TODAY)
    assert directory.listings_of("events") == []
    assert [(p.path, p.message) for p in problems] == [
        ("data/events/picnic.yaml",
         "this event file is in the wrong folder; events go in data/events/<region>/<name>.yaml")]


def test_without_the_registration_the_folder_is_not_a_kind(data: Path) -> None:
    directory, problems = load_directory(data, today=SAMPLE_TODAY)
    assert problems == [] and "events" not in kinds.names()
    with pytest.raises(KeyError, match="no listing kind named 'events'; the kinds are meetings, homes, communities"):
        directory.listings_of("events")


def test_an_object_of_no_kind_has_no_url() -> None:
    class Stray(Listing):
        name: Text

    with pytest.raises(KeyError, match="Stray is not the model of any listing kind"):
        listing_path(Stray.build({"name": "x"}, ListingPlace("x", "", "data/strays/x.yaml")))


def test_a_kind_is_registered_once(events: kinds.ListingKind) -> None:
    with pytest.raises(ValueError, match="already registered"):
        kinds.register(EVENTS)


def test_the_built_in_kinds() -> None:
    assert kinds.names() == ("meetings", "homes", "communities")
    assert {kind.name: kind.depth for kind in kinds.all_kinds()} == {"meetings": 3, "homes": 3, "communities": 2}
    assert [kind.article for kind in kinds.all_kinds()] == ["a meeting", "a home", "a community"]
    assert kinds.get("homes").relpath("oak-house", "chicago") == "homes/chicago/oak-house.yaml"
    assert kinds.get("communities").relpath("sober-forum") == "communities/sober-forum.yaml"
    with pytest.raises(ValueError, match="a meeting needs a region"):
        kinds.get("meetings").relpath("loop-noon")
