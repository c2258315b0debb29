"""A home page that keeps its street private says how to reach the home with what the listing gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peerdir.directory import Directory
from peerdir.models import Home, Region
from peerdir.models.common import ListingPlace
from peerdir.site.render import PageRenderer, SiteContext
from peerdir.urls import SiteInfo


def home_page(**fields: object) -> str:
    home = Home.build({"name": "Oak House", "gender": "men", "city": "Denver", "state": "CO",
                       "last_verified": "2026-10-01", **fields},
                      ListingPlace("oak-house", "denver", "data/homes/denver/oak-house.yaml", "America/Denver"))
    directory = Directory(data_dir=Path("data"), regions={"denver": Region(name="Denver", timezone="America/Denver")},
                          homes=[home])
    return PageRenderer(SiteContext(directory, SiteInfo(), dt.date(2026, 11, 23))).home(home).html


@pytest.mark.parametrize(("fields", "said"), [
    ({"phone": "303-555-0100"}, "(street address shared by phone)"),
    ({"website": "https://oak.example.org/"}, "(street address not published: ask through the website below)"),
    ({"operator": "Oak Recovery"}, "(street address not published: ask Oak Recovery)"),
    ({}, "(street address not published)"),
])
def test_the_private_address_note_names_a_way_the_listing_gives(fields: dict, said: str) -> None:
    html = home_page(**fields)
    assert said in html
    if "phone" not in fields:
        assert "by phone" not in html


def test_a_public_address_has_no_note() -> None:
    html = home_page(address="1 Elm St", address_visibility="public")
    assert "street address" not in html and "1 Elm St" in html
