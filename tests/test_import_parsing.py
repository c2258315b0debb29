"""The importers' shared readers (issue 18): country-aware addresses, source timestamps, the region
tree of a feed and the program a feed names. Fixtures are made up, in the shapes real feeds use."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from peerdir.importing.addresses import Address, country_code, country_of, parse_address
from peerdir.importing.dates import parse_timestamp, timestamp_text
from peerdir.importing.program import infer_program
from peerdir.importing.regions import KnownRegion, RegionTree, region_path
from peerdir.vocabulary import default_vocabulary


@pytest.mark.parametrize("text, expected", [
    ("8405 83 Street NW, Edmonton, Alberta, T6C 2Z2, Canada",
     Address("8405 83 Street NW", "Edmonton", "Alberta", "T6C 2Z2", "CA")),
    ("1200 Rue Sainte-Catherine O, Montréal, QC H3B 1K1, Canada",
     Address("1200 Rue Sainte-Catherine O", "Montréal", "QC", "H3B 1K1", "CA")),
    ("Friedrichstraße 10, 10119 Berlin, Germany", Address("Friedrichstraße 10", "Berlin", None, "10119", "DE")),
    ("Friedrichstraße 10, 10119 Berlin, Deutschland", Address("Friedrichstraße 10", "Berlin", None, "10119", "DE")),
    ("Keizersgracht 1, 1015 CJ Amsterdam, Netherlands", Address("Keizersgracht 1", "Amsterdam", None, "1015 CJ", "NL")),
    ("ul. Marszałkowska 1, 00-624 Warszawa, Poland", Address("ul. Marszałkowska 1", "Warszawa", None, "00-624", "PL")),
    ("12 High St, London SW1A 1AA, UK", Address("12 High St", "London", None, "SW1A 1AA", "GB")),
    ("12 High St, London, SW1A 1AA, United Kingdom", Address("12 High St", "London", None, "SW1A 1AA", "GB")),
    ("1 George St, Sydney NSW 2000, Australia", Address("1 George St", "Sydney", "NSW", "2000", "AU")),
    ("1 Queen St, Auckland Central, Auckland 1010, New Zealand",
     Address("1 Queen St, Auckland Central", "Auckland", None, "1010", "NZ")),
    ("100 Main St, Tupelo, MS 38801, USA", Address("100 Main St", "Tupelo", "MS", "38801", "US")),
    ("123 Bridge St, Phoenixville, PA, 19460, USA", Address("123 Bridge St", "Phoenixville", "PA", "19460", "US")),
    ("55 Pine Rd, Seattle, WA 98101-1234, United States",
     Address("55 Pine Rd", "Seattle", "WA", "98101-1234", "US")),
])
def test_street_addresses_are_split_where_each_country_writes_its_parts(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("100 Main St, Tupelo, MS", Address("100 Main St", "Tupelo", "MS", None, "US")),  # a US state: the US
    ("300 Capitol Ave, Springfield, IL 62701", Address("300 Capitol Ave", "Springfield", "IL", "62701", "US")),
    ("8405 83 Street NW, Edmonton, AB T6C 2Z2", Address("8405 83 Street NW", "Edmonton", "AB", "T6C 2Z2", "CA")),
    ("12 High St, London SW1A 1AA", Address("12 High St", "London", None, "SW1A 1AA", "GB")),
    ("Friedrichstraße 10, 10119 Berlin", Address("Friedrichstraße 10", "Berlin", None, "10119", None)),
    ("100 Main St", Address("100 Main St")),
])
def test_without_a_country_it_is_told_by_state_or_postcode_and_never_guessed(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Edmonton, Alberta, Canada", Address(None, "Edmonton", "Alberta", None, "CA")),
    ("London, UK", Address(None, "London", None, None, "GB")),
    ("United States", Address(None, None, None, None, "US")),
    ("Atlanta, Georgia", Address(None, "Atlanta", "Georgia", None, "US")),  # the state, not the country
    ("Springfield, IL", Address(None, "Springfield", "IL", None, "US")),
])
def test_a_town_or_country_alone_has_no_street(text, expected):
    assert parse_address(text) == expected


def test_the_records_own_country_reads_its_postcodes():
    assert parse_address("Hauptstraße 5, 1010 Wien", "AT") == Address("Hauptstraße 5", "Wien", None, "1010", "AT")


@pytest.mark.parametrize("text, code", [("USA", "US"), ("U.S.A.", "US"), ("United States of America", "US"),
                                        ("canada", "CA"), ("GB", "GB"), ("UK", "GB"), ("England", "GB"),
                                        ("Deutschland", "DE"), ("New Zealand", "NZ"), ("Atlantis", None), ("", None)])
def test_country_names_become_iso_codes(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize("text, expected", [
    ("8/25/2022 11:17:07 AM", dt.datetime(2022, 8, 25, 11, 17, 7)),
    ("8/25/2022 11:17:07 PM", dt.datetime(2022, 8, 25, 23, 17, 7)),
    ("2022-08-25 11:17:07", dt.datetime(2022, 8, 25, 11, 17, 7)),
    ("2022-08-25T11:17:07Z", dt.datetime(2022, 8, 25, 11, 17, 7)),
    ("2022-08-25T13:17:07+02:00", dt.datetime(2022, 8, 25, 11, 17, 7)),  # the spec's UTC
    ("2022-08-25", dt.date(2022, 8, 25)),
    ("25.08.2022", dt.date(2022, 8, 25)),
    ("08/25/22", dt.date(2022, 8, 25)),
    ("2022-13-01", None), ("yesterday", None), ("", None), (None, None), (True, None), ("9" * 500, None),
])
def test_source_timestamps_in_every_common_shape(text, expected):
    assert parse_timestamp(text) == expected


def test_timestamps_are_written_as_meeting_guide_writes_them():
    assert timestamp_text(dt.datetime(2022, 8, 25, 11, 17, 7)) == "2022-08-25 11:17:07"
    assert timestamp_text(dt.date(2022, 8, 25)) == "2022-08-25"


def test_region_paths_from_regions_or_region_and_sub_region():
    assert region_path({"regions": ["Philadelphia County", " Chestnut  Hill "]}) == (
        "Philadelphia County", "Chestnut Hill")
    assert region_path({"region": "Edmonton", "sub_region": "Downtown"}) == ("Edmonton", "Downtown")
    assert region_path({"regions": [], "region": "Tupelo", "sub_region": "Tupelo"}) == ("Tupelo",)
    assert region_path({"city": "Tupelo"}) == ()


def test_region_keys_do_not_depend_on_record_order():
    paths = [("Philadelphia County", "Chestnut Hill"), ("Montgomery County", "Downtown"),
             ("Philadelphia County", "Downtown"), ("Philadelphia County",)]
    first = RegionTree({}, paths)
    for seed in range(5):
        shuffled = paths[:]
        random.Random(seed).shuffle(shuffled)
        again = RegionTree({}, shuffled)
        assert again.new == first.new and [again.key(p) for p in paths] == [first.key(p) for p in paths]
    assert first.new["chestnut-hill"] == KnownRegion("Chestnut Hill", "philadelphia-county")
    assert {first.key(paths[1]), first.key(paths[2])} == {"downtown", "philadelphia-county-downtown"}


def test_existing_regions_are_found_by_name_under_the_same_parent():
    known = {"philly": KnownRegion("Philadelphia County", None, "America/New_York")}
    tree = RegionTree(known, [("philadelphia county", "Chestnut Hill")])
    assert tree.key(("Philadelphia County",)) == "philly"
    assert tree.new == {"chestnut-hill": KnownRegion("Chestnut Hill", "philly")}


def test_program_is_inferred_only_when_the_feed_names_one():
    vocab = default_vocabulary()
    al_anon = [{"name": "Serenity Al-Anon Family Group"}, {"name": "Hope", "group": "Hope AFG (Al-Anon)"},
               {"name": "Tuesday"}]
    assert infer_program(al_anon, vocab) == "Al-Anon"
    assert infer_program([{"name": "Big Book", "program": "Narcotics Anonymous"}], vocab) == "NA"
    assert infer_program([{"name": "X", "types": ["Open", "Al-Anon"]}], vocab) == "Al-Anon"
    assert infer_program([{"name": "Big Book"}, {"name": "Serenity"}], vocab) is None
    assert infer_program([{"name": "Concurrent with Al-Anon", "types": ["AL-AN"]}, {"name": "B"}, {"name": "C"}],
                         vocab) is None  # a type of AA meetings, and one record of three


def test_a_name_alone_is_the_one_region_of_that_name_in_the_tree():
    paths = [("Mississippi", "North", "Tupelo"), ("Tupelo",), ("Memphis",), ("Illinois", "Springfield"),
             ("Ohio", "Springfield"), ("Springfield",)]
    for seed in range(3):
        shuffled = paths[:]
        random.Random(seed).shuffle(shuffled)
        tree = RegionTree({}, shuffled)
        assert tree.key(("Tupelo",)) == tree.key(("Mississippi", "North", "Tupelo")) == "tupelo"
        assert tree.key(("Memphis",)) == "memphis" and tree.new["memphis"].parent is None
        assert tree.new[tree.key(("Springfield",))].parent is None  # two deeper ones: its own region
    known = {"tupelo": KnownRegion("Tupelo", "north"), "north": KnownRegion("North")}
    assert RegionTree(known, [("tupelo",)]).key(("Tupelo",)) == "tupelo"  # an earlier import's tree


@pytest.mark.parametrize("state, postcode, country", [("MS", "38801", "US"), ("Mississippi", None, "US"),
                                                      ("Alberta", None, "CA"), ("NSW", "2000", "AU"),
                                                      ("WA", None, None), ("WA", "98101", "US"), ("WA", "6000", "AU"),
                                                      ("Bavaria", None, None), (None, "38801", None)])
def test_the_country_of_a_state_is_told_only_when_one_fits(state, postcode, country):
    assert country_of(state, postcode) == country
