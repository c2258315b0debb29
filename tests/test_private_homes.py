"""Private homes (address_visibility: city): nothing in the public repository that finds the house.

The rule folders tests/rules/private-home-*/ and meeting-names-private-home/ hold the messages;
these tests pin what is and is not taken for a street, and what the loader keeps and refuses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peerdir.loading import ListingCache, load_directory
from peerdir.models import Home
from peerdir.models.common import ListingPlace
from peerdir.models.home import own_address_in, street_in
from tests.test_home_page import home_page

TODAY = dt.date(2026, 11, 23)
REGIONS = "chicago:\n  name: Chicago, IL\n  timezone: America/Chicago\n"
HOME = "name: Oak House\ngender: men\nphone: 312-555-0100\ncity: Chicago\nstate: IL\nlast_verified: 2026-11-01\n"
MEETING = ("name: Friday Step Study\nprogram: AA\nday: Friday\ntime: 19:30\naddress: 1187 Kestrel Bend Row\n"
           "city: Chicago\nstate: IL\nlast_verified: 2026-11-01\n")


@pytest.mark.parametrize("text", [
    "1420 N Damen Ave", "12 Elm Street", "near 12 Elm street.", "15320 E Prairie Sage Place", "1420 W 63rd St.",
    "Ring at 1187 Kestrel Bend Row", "7725 W Columbine Ridge Drive",
])
def test_street_addresses_are_found(text: str) -> None:
    assert street_in(text)


@pytest.mark.parametrize("text", [
    "we follow the 12 Step Way of life", "6 women share the Place", "keep an 11 PM curfew for the first thirty days",
    "children up to age 12. Licensed counsellors", "call 561-555-0181", "Elm Street", "2 blocks from the L",
])
def test_ordinary_sentences_are_no_street(text: str) -> None:
    assert street_in(text) is None


def test_file_names_and_web_addresses_are_read_with_their_separators() -> None:
    assert street_in("house-1420-n-damen-ave", loose=True) == "1420 n damen ave"
    assert street_in("https://example.org/homes/12-elm-st", loose=True) == "12 elm st"
    assert street_in("https://oak.example.org/", loose=True) is None


def test_the_own_address_is_found_whole_or_by_its_street_name() -> None:
    assert own_address_in("at 1187 kestrel bend row!", "1187 Kestrel Bend Row") == "1187 Kestrel Bend Row"
    assert own_address_in("A house on Kestrel Bend Row", "1187 Kestrel Bend Row") == "kestrel bend row"
    assert own_address_in("A house on Elm", "12 Elm") is None  # one word: too common to be the street
    assert own_address_in("anything", None) is None


def home(**fields: object) -> Home:
    return Home.build({"name": "Oak House", "gender": "men", "city": "Chicago", "state": "IL",
                       "last_verified": "2026-11-01", **fields},
                      ListingPlace("oak-house", "chicago", "data/homes/chicago/oak-house.yaml", "America/Chicago"))


def test_a_public_home_may_publish_its_street_and_its_exact_place() -> None:
    public = home(address="12 Elm Street", address_visibility="public", latitude=41.968531, longitude=-87.679121,
                  postal_code="60625-3317", description="At 12 Elm Street.")
    assert public.privacy_problems("12-elm-street") == []


def test_a_private_home_may_keep_two_decimals() -> None:
    assert home(latitude=41.97, longitude="-87.68").privacy_problems("oak-house") == []
    assert [loc for loc, _, _ in home(latitude=41.971, longitude=-87.68).privacy_problems("oak-house")] == [
        ("latitude",)]


def test_an_invalid_visibility_is_not_taken_for_private() -> None:
    assert home(address="12 Elm Street").privacy_problems("oak-house", unread={"address_visibility"}) == []


def write(root: Path, files: dict[str, str]) -> Path:
    data = root / "data"
    for name, text in {"regions.yaml": REGIONS, **files}.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    return data


def test_a_private_home_with_rounded_coordinates_loads(tmp_path: Path) -> None:
    data = write(tmp_path, {"homes/chicago/oak-house.yaml": HOME + "latitude: 41.97\nlongitude: -87.68\n"})
    directory, problems = load_directory(data, today=TODAY)
    assert problems == []
    assert (directory.homes[0].latitude, directory.homes[0].longitude) == (41.97, -87.68)


def test_a_private_home_refused_for_its_street_is_left_out(tmp_path: Path) -> None:
    data = write(tmp_path, {"homes/chicago/oak-house.yaml": HOME + "address: 12 Elm Street\n"})
    directory, problems = load_directory(data, today=TODAY)
    assert directory.homes == []
    assert [(p.line, p.field) for p in problems] == [(7, "address")]
    assert "this repository is public: keep the city; the house phone is the way in" in problems[0].hint


def test_a_private_homes_page_shows_no_coordinates() -> None:
    html = home_page(latitude=41.97, longitude=-87.68, phone="303-555-0100")
    assert "41.97" not in html and "87.68" not in html and "openstreetmap" not in html


def test_a_public_homes_directions_use_its_coordinates() -> None:
    html = home_page(address="1 Elm St", address_visibility="public", latitude=39.7392, longitude=-104.9903)
    assert "mlat=39.7392&amp;mlon=-104.9903&amp;zoom=17" in html  # no trailing zeros, no #map= (issue 20)


@pytest.mark.parametrize(("visibility", "location", "region", "refused"), [
    ("city", "Oak House", "chicago", True),
    ("city", "the back porch of oak house", "chicago", True),
    ("public", "Oak House", "chicago", False),  # the home publishes its street itself
    ("city", "St. Mark's Church", "chicago", False),
    ("city", "Oak House", "denver", False),  # another region's Oak House is another place
])
def test_a_meeting_naming_a_private_home_is_refused(tmp_path: Path, visibility: str, location: str, region: str,
                                                    refused: bool) -> None:
    street = "address: 12 Elm Street\n" if visibility == "public" else ""
    data = write(tmp_path, {
        "regions.yaml": REGIONS + "denver:\n  name: Denver, CO\n  timezone: America/Denver\n",
        "homes/chicago/oak-house.yaml": HOME + f"address_visibility: {visibility}\n{street}",
        f"meetings/{region}/friday-step-study.yaml": MEETING + f"location: {location}\n",
    })
    cache = ListingCache()
    for _ in range(2):  # and again from the cache, where the meeting itself is unchanged and valid
        directory, problems = load_directory(data, today=TODAY, cache=cache)
        assert [(p.path.rsplit("/", 1)[-1], p.line, p.field) for p in problems] == (
            [("friday-step-study.yaml", 9, "location")] if refused else [])
        assert len(directory.meetings) == (0 if refused else 1)
        assert len(directory.homes) == 1


def test_an_online_meeting_naming_a_private_home_gives_no_street(tmp_path: Path) -> None:
    online = MEETING.replace("address: 1187 Kestrel Bend Row\n", "conference_url: https://zoom.us/j/1\n")
    data = write(tmp_path, {"homes/chicago/oak-house.yaml": HOME,
                            "meetings/chicago/friday-step-study.yaml": online + "location: Oak House\n"})
    directory, problems = load_directory(data, today=TODAY)
    assert problems == [] and len(directory.meetings) == 1


@pytest.mark.parametrize(("slug", "refused"), [
    ("oak-house-4471", True), ("1187-kestrel-bend-row", True), ("house-on-12-elm-st", True),
    ("oak-house", False), ("oak-house-2", False), ("home-000123", False), ("route-66-house", False),
])
def test_a_house_number_or_street_in_the_file_name(slug: str, refused: bool) -> None:
    assert bool(home().privacy_problems(slug)) is refused
