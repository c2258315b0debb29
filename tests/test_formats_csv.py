"""feeds/directory.csv: one row per listing, public addresses only, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from peerdir.formats import CSV_PATH, feed_files
from peerdir.formats.csv_export import COLUMNS, directory_csv, spreadsheet_safe
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo
from tests.private_street import with_private_street

SMALL = Path(__file__).parent / "fixtures" / "formats"
TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://meetings.example.org/")


@pytest.fixture(scope="module")
def data() -> bytes:
    directory, problems = load_directory(SMALL / "data", today=TODAY)
    assert problems == []
    with_private_street(directory)
    return dict(feed_files(directory, SITE))[CSV_PATH]


@pytest.fixture(scope="module")
def rows(data) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return {row["url"].rstrip("/").rsplit("/", 1)[-1]: row for row in reader}


def test_one_row_per_listing_in_kind_order(data, rows):
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert b"\r\n" in data
    kinds = [row["kind"] for row in rows.values()]
    assert kinds == ["meeting"] * 5 + ["home"] * 2 + ["community"]


def test_meeting_row(rows):
    row = rows["monday-hybrid"]
    assert row["name"] == "Monday & Thursday Hybrid; Big Book, Steps"
    assert row["region"] == "East County, NY"
    assert row["url"] == "https://meetings.example.org/meetings/east/monday-hybrid/"
    assert (row["program"], row["days"], row["time"], row["end_time"], row["timezone"]) == (
        "AA", "Monday, Thursday", "19:30", "20:30", "America/New_York")
    assert row["attendance"] == "Hybrid (in person and online)"
    assert row["types"] == "O, D, X"
    assert (row["address"], row["city"], row["state"], row["postal_code"]) == ("12 Church St", "Peekskill", "NY",
                                                                                "10566")
    assert row["join_url"] == "https://zoom.us/j/5550100231"
    assert row["phone"] == "'+1 646 555 0143,,5550100231#"  # else a spreadsheet reads a formula
    assert row["last_verified"] == "2026-03-01"
    assert rows["fall-back-group"]["end_time"] == "20:30"  # one hour when none is given
    assert rows["closed-hall"]["attendance"] == "Temporarily closed"


def test_home_rows_show_the_street_only_when_public(data, rows):
    private = rows["private-house"]
    assert private["address"] == "" and private["postal_code"] == ""
    assert (private["city"], private["state"]) == ("Cortlandt", "NY")
    assert (private["gender"], private["narr_level"], private["cost"]) == ("Women", "Level 2 (Monitored)",
                                                                           "$200 per week")
    assert (private["beds"], private["vacancies"], private["vacancies_as_of"], private["accepts_mat"]) == (
        "8", "2", "2026-11-01", "yes")
    assert private["certification"] == "NYSAR: certified"
    assert b"Hidden Hollow Rd" not in data and b"10599" not in data
    public = rows["public-house"]
    assert (public["address"], public["postal_code"]) == ("77 Open Door Ave", "10566")
    assert public["accepts_mat"] == ""  # unknown stays empty


def test_community_row(rows):
    row = rows["peer-forum"]
    assert (row["format"], row["approach"], row["cost"]) == ("forum", "all paths, secular", "free")
    assert row["website"] == "https://forum.example.org/"
    assert row["region"] == ""


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("@SUM(A1)", "'@SUM(A1)"),
    ("+1 646 555 0143", "'+1 646 555 0143"), ("-5", "'-5"), ("914-555-0177", "914-555-0177"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("Plain", "Plain"), (None, ""), (8, "8"),
])
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_empty_directory_is_just_the_header():
    data = directory_csv([], [], [], {}, SITE)
    assert data.decode("utf-8-sig").strip() == ",".join(COLUMNS)
