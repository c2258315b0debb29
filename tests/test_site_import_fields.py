"""Issue 18 on the site: a meeting page shows the group's fields and 7th Tradition handles as plain links,
an approximate address gets no directions, custom types read by name, and the meetings index nests regions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from peerdir.directory import Directory
from peerdir.loading import load_directory
from peerdir.models import Meeting
from peerdir.models.common import ListingPlace
from peerdir.site.meeting_links import payment_links
from peerdir.site.render import PageRenderer, SiteContext, region_tree
from peerdir.urls import SiteInfo

TREE = Path(__file__).parent / "fixtures" / "region-tree" / "data"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def directory() -> Directory:
    loaded, problems = load_directory(TREE, today=TODAY)
    assert problems == []
    return loaded


def page(directory: Directory, slug: str, language: str = "en") -> str:
    meeting = next(m for m in directory.meetings if m.slug == slug)
    return PageRenderer(SiteContext(directory, SiteInfo(), TODAY, language=language)).meeting(meeting).html


def test_a_meeting_page_shows_the_groups_fields(directory: Directory) -> None:
    html = page(directory, "every-field")
    assert "<dt>District</dt> <dd>District 12</dd>" in html
    assert '<dt>About the group</dt> <dd class="pd-notes">Business meeting on the first Monday.</dd>' in html
    assert ('<a class="pd-website" href="https://chestnuthillaa.example.org/" rel="nofollow noopener">'
            "https://chestnuthillaa.example.org/</a>") in html
    assert '<dd class="pd-email">group@chestnuthillaa.example.org</dd>' in html
    assert '<li>Venmo: <a href="https://venmo.com/u/ChestnutHillAA" rel="nofollow noopener">@ChestnutHillAA</a>' in html
    assert '<li>Cash App: <a href="https://cash.app/$ChestnutHillAA" rel="nofollow noopener">$ChestnutHillAA</a>' in html
    assert '<li>PayPal: <a href="https://paypal.me/ChestnutHillAA" rel="nofollow noopener">ChestnutHillAA</a>' in html
    assert "8855 Germantown Ave, Philadelphia, PA 19118, USA" in html  # formatted_address, as given
    assert "LGBTQIA+" in html and "Agnostic Candlelight" in html  # custom types by name
    assert "pd-directions" in html
    # Nothing loads from another host: no src= to anywhere but the page's own folder.
    assert not re.search(r'src="https?://', html)


def test_custom_types_read_by_name_in_list_rows(directory: Directory) -> None:
    [html] = [p.html for p in PageRenderer(SiteContext(directory, SiteInfo(), TODAY)).region_meetings("chestnut-hill")]
    assert "Open, Discussion, LGBTQIA+, Agnostic Candlelight" in html
    assert 'data-types="O D LGBTQIA AC"' in html  # finder.js filters by code


def test_an_approximate_place_gets_no_directions_and_says_so(directory: Directory) -> None:
    html = page(directory, "edmonton-online")
    assert "Edmonton, Alberta, Canada" in html and "Approximate: a city or area" in html
    assert "pd-directions" not in html and "openstreetmap" not in html.lower()
    assert "Online" in html and "Hybrid" not in html
    assert "Aproximada: una ciudad o zona" in page(directory, "edmonton-online", "es")


def test_a_temporarily_closed_meeting_says_so(directory: Directory) -> None:
    assert "Location temporarily closed." in page(directory, "closed-hall")


def test_the_country_is_named_when_it_differs_from_the_regions(tmp_path: Path) -> None:
    def html_for(country: str, region_country: str | None) -> str:
        regions = "chicago:\n  name: Chicago\n  timezone: America/Chicago\n" + (
            f"  country: {region_country}\n" if region_country else "")
        (tmp_path / "meetings" / "chicago").mkdir(parents=True, exist_ok=True)
        (tmp_path / "regions.yaml").write_text(regions)
        (tmp_path / "meetings" / "chicago" / "m.yaml").write_text(
            f"name: M\nprogram: AA\nday: Monday\ntime: '19:00'\naddress: 1 Main St\ncity: Windsor\n"
            f"country: {country}\nlast_verified: 2026-11-01\n")
        loaded, problems = load_directory(tmp_path, today=TODAY)
        assert problems == []
        return page(loaded, "m")

    assert "Windsor, Canada" in html_for("CA", "US")
    same = html_for("US", "US")
    assert "Windsor" in same and "Windsor, United States" not in same and "Windsor, US" not in same
    assert "Windsor, United States" in html_for("US", None)  # a region without a country: named


@pytest.mark.parametrize(("field", "value", "shown"), [
    ("venmo", "@a b<script>", "@a b&lt;script&gt;"),
    ("square", "javascript:alert(1)", "javascript:alert(1)"),
    ("paypal", "https://evil.example/paypal.me", "https://evil.example/paypal.me"),
])
def test_a_handle_of_another_shape_is_text_never_a_link(field: str, value: str, shown: str) -> None:
    meeting = Meeting.build({"name": "M", "program": "AA", "day": "Monday", "time": "19:00", "address": "1 Main St",
                             "last_verified": "2026-11-01", field: value},
                            ListingPlace("m", "chicago", "data/meetings/chicago/m.yaml", "America/Chicago"),
                            {"today": TODAY})
    [payment] = payment_links(meeting)
    assert payment.url is None and payment.text == value
    directory = Directory(data_dir=TREE, meetings=[meeting])
    directory.regions.update(load_directory(TREE, today=TODAY)[0].regions)
    directory.regions["chicago"] = directory.regions["edmonton"]
    html = PageRenderer(SiteContext(directory, SiteInfo(), TODAY)).meeting(meeting).html
    assert f": {shown}</li>" in html


def test_the_meetings_index_nests_regions_under_their_parent(directory: Directory) -> None:
    assert region_tree(directory) == [
        ("pennsylvania", [("philadelphia-county", [("chestnut-hill", [])])]), ("edmonton", [])]
    html = PageRenderer(SiteContext(directory, SiteInfo(), TODAY)).meetings_index().html
    county = html.index('href="chestnut-hill/"') if 'href="chestnut-hill/"' in html else html.index("chestnut-hill/")
    nested = html[html.index("Pennsylvania"):county]
    assert "Philadelphia County" in nested and nested.count('<ul class="pd-subregions">') == 2


def test_a_region_on_a_cycle_still_has_its_place_in_the_index(tmp_path: Path) -> None:
    regions = {"a": "b", "b": "a", "c": None}
    (tmp_path / "regions.yaml").write_text("".join(
        f"{key}:\n  name: {key.upper()}\n  timezone: UTC\n" + (f"  parent: {parent}\n" if parent else "")
        for key, parent in regions.items()))
    loaded, problems = load_directory(tmp_path, today=TODAY)
    assert len(problems) == 2  # the cycle, at both regions
    tree = region_tree(loaded)
    keys = [key for key, _ in tree] + [key for _, below in tree for key, _ in below]
    assert sorted(keys) == ["a", "b", "c"]
