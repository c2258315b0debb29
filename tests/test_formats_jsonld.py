"""schema.org JSON-LD dicts for meeting, home, community and article pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from peerdir.formats.jsonld import article_jsonld, community_jsonld, home_jsonld, meeting_jsonld
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo
from tests.private_street import with_private_street

SMALL = Path(__file__).parent / "fixtures" / "formats"
TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://meetings.example.org/", name="Example Directory")


@pytest.fixture(scope="module")
def directory():
    found, problems = load_directory(SMALL / "data", SMALL / "content", today=TODAY)
    assert problems == []
    return with_private_street(found)


def by_slug(items, slug):
    return next(item for item in items if item.slug == slug)


def test_hybrid_meeting_is_an_event_with_a_weekly_schedule_and_two_locations(directory):
    data = meeting_jsonld(by_slug(directory.meetings, "monday-hybrid"), "East County, NY", SITE)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    # The page's canonical link says which page it is (issue 20: 60,000 meeting pages).
    assert "url" not in data and "@id" not in data
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert "eventStatus" not in data  # schema.org's default, EventScheduled (issue 20)
    assert data["keywords"] == "AA"
    assert data["eventSchedule"] == {
        "@type": "Schedule", "repeatFrequency": "P1W",
        "byDay": ["https://schema.org/Monday", "https://schema.org/Thursday"],
        "startTime": "19:30:00", "endTime": "20:30:00", "scheduleTimezone": "America/New_York",
    }
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["name"] == "St. Mark's Church, Room 2"
    assert place["address"] == {"@type": "PostalAddress", "streetAddress": "12 Church St",
                                "addressLocality": "Peekskill", "addressRegion": "NY", "postalCode": "10566",
                                "addressCountry": "US"}
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 41.2901, "longitude": -73.9204}
    assert "containedInPlace" not in place  # the address names the town (issue 20)
    assert virtual == {"@type": "VirtualLocation", "name": "Join online", "url": "https://zoom.us/j/5550100231",
                       "description": "Passcode: serenity"}
    assert data["organizer"] == {"@type": "Organization", "name": "Peekskill Group"}
    json.dumps(data)  # plain JSON values only


def test_a_place_names_its_region_only_when_its_address_names_no_town(directory):
    hybrid = by_slug(directory.meetings, "monday-hybrid")
    townless = meeting_jsonld(hybrid.model_copy(update={"city": None}), "East County, NY", SITE)
    place = townless["location"][0]
    assert place["containedInPlace"] == {"@type": "AdministrativeArea", "name": "East County, NY"}
    assert "addressLocality" not in place["address"]


def test_in_person_online_and_closed_attendance_modes(directory):
    in_person = meeting_jsonld(by_slug(directory.meetings, "fall-back-group"), "East County, NY", SITE)
    assert in_person["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert in_person["location"]["@type"] == "Place"
    assert in_person["eventSchedule"]["endTime"] == "20:30:00"
    online = meeting_jsonld(by_slug(directory.meetings, "global-zoom"), "Online", SITE)
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"]["@type"] == "VirtualLocation"
    assert online["eventSchedule"]["scheduleTimezone"] == "Europe/London"
    assert online["eventSchedule"]["byDay"] == ["https://schema.org/Sunday", "https://schema.org/Saturday"]
    closed = meeting_jsonld(by_slug(directory.meetings, "closed-hall"), "East County, NY", SITE)
    assert closed["eventStatus"] == "https://schema.org/EventPostponed"


def test_private_home_never_shows_its_street(directory):
    data = home_jsonld(by_slug(directory.homes, "private-house"), SITE)
    assert data["@type"] == "LodgingBusiness"
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": "Cortlandt", "addressRegion": "NY"}
    text = json.dumps(data)
    assert "Hidden Hollow Rd" not in text and "10599" not in text
    assert data["audience"] == {"@type": "PeopleAudience", "audienceType": "Women"}
    assert data["numberOfRooms"] == 8 and data["petsAllowed"] is False
    assert data["priceRange"] == "$200 per week"
    assert {"@type": "LocationFeatureSpecification", "name": "Accepts medication-assisted treatment (MAT)",
            "value": True} in data["amenityFeature"]
    assert data["hasCertification"]["certificationStatus"] == "https://schema.org/CertificationActive"
    assert data["parentOrganization"]["name"] == "Hudson Sober Living"
    facts = {p["name"]: p["value"] for p in data["additionalProperty"]}
    assert facts["NARR level of support"] == "Level 2 (Monitored)" and facts["Last verified"] == "2026-11-02"
    # Beds and pets once each, as numberOfRooms and petsAllowed say them (issue 20).
    assert "Beds" not in facts and [f["name"] for f in data["amenityFeature"]] == [
        "Accepts medication-assisted treatment (MAT)"]


def test_public_home_shows_its_street(directory):
    data = home_jsonld(by_slug(directory.homes, "public-house"), SITE)
    assert data["address"]["streetAddress"] == "77 Open Door Ave"
    assert data["address"]["postalCode"] == "10566"
    assert "certificationStatus" not in data["hasCertification"]  # pending: no status claimed


def test_community(directory):
    data = community_jsonld(directory.communities[0], SITE)
    assert data["@type"] == "Organization"
    assert data["url"] == "https://forum.example.org/"
    assert data["mainEntityOfPage"] == "https://meetings.example.org/communities/peer-forum/"
    assert data["knowsLanguage"] == ["English", "Spanish"]


def test_article(directory):
    data = article_jsonld(directory.articles[0].meta, SITE)
    assert data["@type"] == "Article"
    assert data["headline"] == "Grounding When a Craving Hits"
    assert data["url"] == "https://meetings.example.org/articles/grounding/"
    assert data["lastReviewed"] == "2026-09-01"
    assert data["about"] == [{"@type": "Thing", "name": "cravings"}, {"@type": "Thing", "name": "coping skills"}]
    assert data["citation"][0]["url"] == "https://www.samhsa.gov/find-help/national-helpline"
    assert data["publisher"]["name"] == "Example Directory"
