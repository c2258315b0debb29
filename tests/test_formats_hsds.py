"""HSDS 3.0: every service validates against the compiled schema; ids are stable; homes stay private."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from peerdir.formats import HSDS_ORGANIZATIONS_PATH, HSDS_SERVICES_PATH, HSDS_TAXONOMY_PATH, feed_files, hsds
from peerdir.formats._common import NAMESPACE, standard_offset_hours
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo
from tests.private_street import with_private_street

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMAS = FIXTURES / "hsds-3.0"
SMALL = FIXTURES / "formats"
TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://meetings.example.org/")


@pytest.fixture(scope="module")
def directory():
    found, problems = load_directory(SMALL / "data", today=TODAY)
    assert problems == []
    return with_private_street(found)


@pytest.fixture(scope="module")
def files(directory):
    return dict(feed_files(directory, SITE))


@pytest.fixture(scope="module")
def services(files):
    return {s["url"].rstrip("/").rsplit("/", 1)[-1]: s for s in json.loads(files[HSDS_SERVICES_PATH])}


@pytest.fixture(scope="module")
def organizations(files):
    return {o["id"]: o for o in json.loads(files[HSDS_ORGANIZATIONS_PATH])}


@cache
def validator(name: str) -> Draft202012Validator:
    # The schemas are Open Referral's own, copied unchanged; checking them against the metaschema
    # would take seconds for nothing.
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_every_service_validates_against_the_compiled_service_schema(files):
    check = validator("service.json")
    services = json.loads(files[HSDS_SERVICES_PATH])
    assert isinstance(services, list) and len(services) == 7  # 5 meetings + 2 homes
    for service in services:
        errors = sorted(check.iter_errors(service), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_organizations_companion_validates_and_covers_every_service(files):
    check = validator("organization.json")
    organizations = json.loads(files[HSDS_ORGANIZATIONS_PATH])
    for organization in organizations:
        assert not list(check.iter_errors(organization))
    ids = {o["id"] for o in organizations}
    services = json.loads(files[HSDS_SERVICES_PATH])
    assert {s["organization_id"] for s in services} == ids
    assert {o["name"] for o in organizations} == {"Peekskill Group", "Narcotics Anonymous", "Alcoholics Anonymous",
                                                  "SMART Recovery", "Hudson Sober Living", "Open Door House"}


def test_taxonomy_terms_companion_lists_each_type_used_once(files, services):
    terms = json.loads(files[HSDS_TAXONOMY_PATH])
    by_code = {t["code"]: t for t in terms}
    assert set(by_code) == {"O", "D", "X", "C", "JFT", "TC"}
    assert by_code["O"] == {"id": hsds.type_term_id("O"), "code": "O", "name": "Open", "description": "Open",
                            "taxonomy": "Meeting Guide meeting types"}
    assert by_code["JFT"]["name"] == "Just for Today reading (NA)"
    check = validator("service.json")
    for term in terms:  # each term is a valid taxonomy_term where the schema nests one
        attribute = {"id": term["id"], "taxonomy_term": term}
        assert not list(check.iter_errors({"id": term["id"], "name": "x", "status": "active",
                                           "attributes": [attribute]}))
    used = {a["taxonomy_term_id"] for s in services.values() for a in s.get("attributes", [])}
    assert used == {t["id"] for t in terms}


def test_schedule_is_weekly_with_byday_times_and_a_numeric_utc_offset(services):
    check = validator("schedule.json")
    schedule = services["monday-hybrid"]["schedules"][0]
    assert not list(check.iter_errors(schedule))
    assert schedule["freq"] == "WEEKLY"
    assert schedule["byday"] == "MO,TH"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("19:30", "20:30")
    assert schedule["timezone"] == -5 and isinstance(schedule["timezone"], int)
    # The zone's name says whether the clocks change (-7 is Phoenix all year, Denver in winter); nothing
    # else is said again in words (issue 20): how to attend is in the service's description and its
    # locations' types.
    assert schedule["description"] == "Local time (America/New_York)."
    assert set(schedule) == {"id", "freq", "byday", "opens_at", "closes_at", "timezone", "description"}
    service = services["monday-hybrid"]
    assert service["description"].startswith("Alcoholics Anonymous meeting. In person, or online by video or phone.")
    assert [sal["location"]["location_type"] for sal in service["service_at_locations"]] == ["physical", "virtual"]
    late = services["late-night"]["schedules"][0]
    assert (late["byday"], late["opens_at"], late["closes_at"]) == ("SA", "23:30", "00:30")
    london = services["global-zoom"]["schedules"][0]
    assert (london["byday"], london["timezone"]) == ("SU,SA", 0)


def test_standard_offsets():
    assert standard_offset_hours("America/New_York") == -5
    assert standard_offset_hours("Australia/Sydney") == 10  # southern hemisphere: DST in January
    assert standard_offset_hours("Asia/Kolkata") == 5.5
    assert standard_offset_hours("UTC") == 0


def test_service_fields_for_a_hybrid_meeting(services, organizations):
    service = services["monday-hybrid"]
    assert service["status"] == "active"
    assert service["assured_date"] == "2026-03-01"
    assert service["url"] == "https://meetings.example.org/meetings/east/monday-hybrid/"
    assert organizations[service["organization_id"]]["name"] == "Peekskill Group"
    kinds = [sal["location"]["location_type"] for sal in service["service_at_locations"]]
    assert kinds == ["physical", "virtual"]
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["city"], address["state_province"], address["postal_code"],
            address["country"]) == ("12 Church St", "Peekskill", "NY", "10566", "US")
    assert service["service_at_locations"][1]["location"]["url"] == "https://zoom.us/j/5550100231"
    assert service["phones"][0]["number"] == "+1 646 555 0143,,5550100231#"
    assert service["contacts"][0]["name"] == "Maria K."
    assert [a["taxonomy_term_id"] for a in service["attributes"]] == [hsds.type_term_id(c) for c in ("O", "D", "X")]
    # The term says its code and taxonomy once, in taxonomy_terms.json; an attribute repeats neither (issue 20).
    assert all(set(a) == {"id", "taxonomy_term_id"} for a in service["attributes"])
    assert "interval" not in service["schedules"][0]  # iCalendar's default, 1


def test_temporarily_closed_meeting_has_that_status(services):
    assert services["closed-hall"]["status"] == "temporarily closed"
    assert services["fall-back-group"]["status"] == "active"


def test_online_only_meeting_has_only_a_virtual_location(services):
    locations = services["global-zoom"]["service_at_locations"]
    assert [sal["location"]["location_type"] for sal in locations] == ["virtual"]


def test_home_with_city_visibility_has_no_street_and_no_postal_code(services, organizations):
    service = services["private-house"]
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert address["address_1"] == "" and address["postal_code"] == ""
    assert (address["city"], address["state_province"]) == ("Cortlandt", "NY")
    text = json.dumps(service)
    assert "Hidden Hollow Rd" not in text and "10599" not in text
    assert service["fees_description"] == "$200 per week"
    assert "medication-assisted treatment" in service["eligibility_description"]
    assert service["accreditations"] == "NYSAR: certified"
    assert organizations[service["organization_id"]]["name"] == "Hudson Sober Living"


def test_home_with_public_visibility_shows_its_street(services):
    address = services["public-house"]["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"]) == ("77 Open Door Ave", "10566")


def test_ids_are_uuid5_of_the_fixed_namespace_and_stable(directory, services):
    service = services["monday-hybrid"]
    assert service["id"] == str(uuid.uuid5(NAMESPACE, "meeting/monday-hybrid"))
    assert uuid.UUID(service["id"]).version == 5
    assert services["private-house"]["id"] == str(uuid.uuid5(NAMESPACE, "home/private-house"))
    again = hsds.services(directory.meetings, directory.homes, SITE)
    assert [s["id"] for s in again] == [s["id"] for s in json.loads(hsds.dumps(again))]
    first = hsds.services(directory.meetings, directory.homes, SiteInfo(site_url="https://other.example/"))
    assert [s["id"] for s in first] == [s["id"] for s in again]  # ids do not depend on the site's address


def test_every_id_in_the_output_is_unique(files):
    ids: list[str] = []

    def collect(node):
        if isinstance(node, dict):
            if "id" in node and "taxonomy" not in node:  # a taxonomy term is shared on purpose
                ids.append(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(json.loads(files[HSDS_SERVICES_PATH]))
    assert len(ids) == len(set(ids))


def test_services_name_their_organization_and_leave_out_what_the_nesting_says(files):
    """60,000 services are one file (issue 20): an organization is written once, in organizations.json,
    and a nested child does not repeat its parent's id."""
    text = files[HSDS_SERVICES_PATH].decode("utf-8")
    for key in ("organization", "service_id", "location_id", "contact_id", "link_id", "link_entity"):
        assert f'"{key}":' not in text
    compact = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    assert text == compact  # no indent, no spaces after separators


def test_the_schema_check_does_catch_mistakes(services):
    check = validator("service.json")
    good = services["private-house"]
    assert not list(check.iter_errors(good))
    bad_status = {**good, "status": "open"}
    bad_id = {**good, "id": "home-private-house"}
    address = {k: v for k, v in good["service_at_locations"][0]["location"]["addresses"][0].items()
               if k != "postal_code"}
    location = {**good["service_at_locations"][0]["location"], "addresses": [address]}
    bad_address = {**good, "service_at_locations": [{**good["service_at_locations"][0], "location": location}]}
    bad_offset = {**services["monday-hybrid"],
                  "schedules": [{**services["monday-hybrid"]["schedules"][0], "timezone": "America/New_York"}]}
    for bad in (bad_status, bad_id, bad_address, bad_offset):
        assert list(check.iter_errors(bad))


def test_feed_json_gives_the_files_of_the_list_functions(directory):
    program_names = {p.name: p.full_name for p in directory.vocabulary.programs.values()}
    types = directory.vocabulary.types
    services = hsds.services(directory.meetings, directory.homes, SITE, program_names=program_names)
    files = hsds.feed_json(directory.meetings, directory.homes, SITE, types, program_names=program_names)
    organizations = hsds.organizations(directory.meetings, directory.homes, program_names=program_names)
    assert files == (hsds.dumps(services), hsds.dumps(organizations),
                     hsds.dumps(hsds.taxonomy_terms(services, types)))
    assert json.loads(files.services) == services
