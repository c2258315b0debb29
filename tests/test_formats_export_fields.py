"""Issue 18: every field a meeting holds reaches our feeds (Meeting Guide, HSDS 3.0, JSON-LD), and the
region tree is exported as Meeting Guide's region, sub_region and regions.

The fixture (tests/fixtures/region-tree) has a meeting with every field, a temporarily closed meeting
with no link, and an online meeting whose address is only a city (approximate).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from peerdir.directory import Directory
from peerdir.formats import CSV_PATH, feed_files, hsds, region_paths
from peerdir.formats.jsonld import meeting_jsonld
from peerdir.formats.meeting_guide import export_records
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo

TREE = Path(__file__).parent / "fixtures" / "region-tree" / "data"
TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://meetings.example.org/", repo_url="https://github.com/example/directory")
EVERY_FIELD = TREE / "meetings" / "chestnut-hill" / "every-field.yaml"


@pytest.fixture(scope="module")
def directory() -> Directory:
    loaded, problems = load_directory(TREE, today=TODAY)
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def feed(directory: Directory) -> dict[str, dict[str, Any]]:
    records = export_records(directory.meetings, region_paths(directory), SITE)
    return {record["slug"]: record for record in records}


# Keys of the file that the feed writes otherwise, and how (the rest are equal as written).
_TRANSFORMED = {"day", "time", "end_time", "approximate", "contacts", "last_verified", "updated", "slug"}
_NOT_IN_MEETING_GUIDE = {"program"}  # the spec has no field for it: a feed is one program's


def test_our_feed_gives_back_every_field_of_the_file(feed: dict[str, dict[str, Any]]) -> None:
    source = yaml.safe_load(EVERY_FIELD.read_text(encoding="utf-8"))
    record = feed["Chestnut-Hill-Every-Field-0-130000"]  # the source's slug, case and all
    for key, value in source.items():
        if key in _TRANSFORMED | _NOT_IN_MEETING_GUIDE:
            continue
        assert record[key] == value, key
    assert (record["day"], record["time"], record["end_time"]) == ([1, 4], "19:30", "20:45")
    assert record["approximate"] == "no"
    assert record["updated"] == "2022-08-25 11:17:07"  # the source's time, not the day it was checked
    assert record["conference_phone"] == "+15873281099,,82900440659#"  # the whole dial string
    assert record["types"] == ["O", "D", "LGBTQIA", "AC"]  # custom codes as codes
    assert (record["contact_1_name"], record["contact_1_email"]) == ("Maria K.", "maria@example.org")
    assert record["url"] == "https://meetings.example.org/meetings/chestnut-hill/every-field/"


def test_the_region_tree_is_exported_root_to_leaf(feed: dict[str, dict[str, Any]]) -> None:
    leaf = feed["Chestnut-Hill-Every-Field-0-130000"]
    assert leaf["region"] == "Pennsylvania" and leaf["sub_region"] == "Chestnut Hill"
    assert leaf["regions"] == ["Pennsylvania", "Philadelphia County", "Chestnut Hill"]
    middle = feed["closed-hall"]
    assert (middle["region"], middle["sub_region"], middle["regions"]) == (
        "Pennsylvania", "Philadelphia County", ["Pennsylvania", "Philadelphia County"])
    top = feed["edmonton-online"]
    assert top["region"] == "Edmonton" and "sub_region" not in top and top["regions"] == ["Edmonton"]


def test_a_temporarily_closed_meeting_without_a_link_stays_in_the_feed(feed: dict[str, dict[str, Any]]) -> None:
    closed = feed["closed-hall"]
    assert closed["types"] == ["TC", "C"] and closed["address"] == "1 Market St"
    assert closed["updated"] == "2026-10-01 00:00:00"  # no source time: the day it was checked


def test_an_approximate_place_stays_approximate_and_as_given(directory: Directory,
                                                             feed: dict[str, dict[str, Any]]) -> None:
    record = feed["edmonton-online"]
    assert record["approximate"] == "yes"
    assert (record["address"], record["formatted_address"], record["country"]) == (
        "Edmonton, Alberta, Canada", "Edmonton, Alberta, Canada", "CA")
    meeting = next(m for m in directory.meetings if m.slug == "edmonton-online")
    assert meeting.attendance.value == "online"  # never hybrid: a city is no place to go


def test_hsds_puts_country_on_addresses_and_the_groups_website_and_email_on_its_organization(
        directory: Directory) -> None:
    countries = {key: region.country for key, region in directory.regions.items() if region.country}
    services = {s["name"]: s for s in hsds.services(directory.meetings, [], SITE, region_countries=countries)}
    every = services["Every Field Group"]
    assert every["email"] == "group@chestnuthillaa.example.org"
    organization = {o["id"]: o for o in hsds.organizations(directory.meetings, [])}[every["organization_id"]]
    assert organization["name"] == "Chestnut Hill Group"
    assert organization["website"] == "https://chestnuthillaa.example.org/"
    assert organization["email"] == "group@chestnuthillaa.example.org"
    [place] = [s["location"] for s in every["service_at_locations"] if s["location"]["location_type"] == "physical"]
    assert place["addresses"][0]["country"] == "US" and place["addresses"][0]["address_1"] == "8855 Germantown Ave"
    online = services["Edmonton Online"]
    [city] = [s["location"] for s in online["service_at_locations"] if s["location"]["location_type"] == "physical"]
    assert city["addresses"][0]["country"] == "CA"
    assert city["addresses"][0]["address_1"] == ""  # approximate: a city, no street
    assert "approximate" in city["description"]


def test_jsonld_gives_the_country_and_no_street_for_an_approximate_place(directory: Directory) -> None:
    by_slug = {m.slug: m for m in directory.meetings}
    every = meeting_jsonld(by_slug["every-field"], "Chestnut Hill", SITE)
    place = next(loc for loc in every["location"] if loc["@type"] == "Place")
    assert place["address"] == {"@type": "PostalAddress", "streetAddress": "8855 Germantown Ave",
                                "addressLocality": "Philadelphia", "addressRegion": "PA",
                                "postalCode": "19118", "addressCountry": "US"}
    assert every["organizer"] == {"@type": "Organization", "name": "Chestnut Hill Group",
                                  "url": "https://chestnuthillaa.example.org/",
                                  "email": "group@chestnuthillaa.example.org"}
    online = meeting_jsonld(by_slug["edmonton-online"], "Edmonton", SITE)
    city = next(loc for loc in online["location"] if loc["@type"] == "Place")
    assert "streetAddress" not in city["address"] and city["address"]["addressCountry"] == "CA"


def test_the_built_feed_file_holds_the_same_records(directory: Directory, feed: dict[str, dict[str, Any]]) -> None:
    files = dict(feed_files(directory, SITE))
    built = {r["slug"]: r for r in json.loads(files["feeds/meeting-guide.json"])}
    assert built == feed


def test_the_csv_feed_gives_a_meetings_website_email_district_and_country(directory: Directory) -> None:
    rows = {row["url"].rstrip("/").rsplit("/", 1)[-1]: row for row in csv.DictReader(
        io.StringIO(dict(feed_files(directory, SITE))[CSV_PATH].decode("utf-8-sig")))}
    row = rows["every-field"]
    assert (row["website"], row["email"], row["district"], row["country"]) == (
        "https://chestnuthillaa.example.org/", "group@chestnuthillaa.example.org", "District 12", "US")



def test_hsds_takes_a_country_from_the_nearest_region_up_the_tree_that_names_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TREE, data)
    regions = data / "regions.yaml"  # the root region in another country: no default may hide the lookup
    regions.write_text(regions.read_text().replace("  country: US", "  country: GB"))
    loaded, problems = load_directory(data, today=TODAY)
    assert problems == [] and loaded.regions["philadelphia-county"].country is None
    services = {s["name"]: s for s in json.loads(dict(feed_files(loaded, SITE))["feeds/hsds/services.json"])}
    closed = next(m for m in loaded.meetings if m.slug == "closed-hall")
    [place] = [s["location"] for s in services[closed.name]["service_at_locations"]
               if s["location"]["location_type"] == "physical"]
    assert place["addresses"][0]["country"] == "GB"
