"""Open Referral HSDS 3.0: meetings and homes as services, the form 211 directories exchange.

Output is HSDS's canonical JSON: one service object per listing with its children nested (the
compiled `service.json` schema nests phones, schedules, contacts, attributes and
service_at_locations → location → addresses), plus two companion lists: the organizations
(`organization.json`), which services name by `organization_id`, and the taxonomy terms of the
Meeting Guide type codes that attributes point at. Every id is a UUID5 of a fixed namespace and the
listing's kind/slug, so ids stay the same from build to build.

Size (issue 20: services.json is one file of 60,000 services): each organization is written once,
in organizations.json, not inside every service; a nested child leaves out its parent's id
(`service_id`, `location_id`, `contact_id`, an attribute's `link_id`/`link_entity`), which the schema
makes optional and the nesting already says.

Privacy: a home whose address_visibility is `city` gets an address with its city and state only;
HSDS requires address_1 and postal_code to be present, so they are empty strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import Any, NamedTuple

from peerdir.formats._common import (
    ICAL_DAYS,
    country_code,
    hhmm,
    home_public_address,
    json_array,
    json_bytes,
    slugify,
    stable_id,
    standard_offset_hours,
    uuid5_text,
)
from peerdir.models import Attendance, Home, Meeting
from peerdir.urls import SiteInfo, home_path, meeting_path

TYPE_TAXONOMY = "Meeting Guide meeting types"
# An approximate address is a city or area: its street stays out of address_1, and the place says why.
_APPROXIMATE = "The address is approximate (a city or area), not a place to go."
_ATTENDING = {Attendance.IN_PERSON: "In person", Attendance.ONLINE: "Online (video or phone)",
              Attendance.HYBRID: "In person, or online by video or phone",
              Attendance.TEMPORARILY_CLOSED: "The venue is temporarily closed"}


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop unknown (None) values and empty lists; HSDS fields are optional unless required."""
    return {k: v for k, v in obj.items() if v is not None and v != []}


def _organization(key: str, name: str, description: str, website: str | None = None,
                  email: str | None = None) -> dict[str, Any]:
    return _clean({"id": stable_id("organization", key), "name": name, "description": description,
                   "website": website, "email": email})


def meeting_organization(meeting: Meeting, program_full_name: str | None = None) -> dict[str, Any]:
    """The group that holds the meeting, or else its fellowship (e.g. Alcoholics Anonymous).

    HSDS 3.0 gives an organization its website and email: a meeting's are its group's, so a meeting
    with either but no group name gets an organization of its own (its group, named after it)."""
    full_name = program_full_name or meeting.program
    if meeting.group or not (meeting.website or meeting.email):
        return dict(_meeting_organization(meeting.group, meeting.program, full_name, meeting.website, meeting.email))
    return _organization(f"meeting/{meeting.slug}", f"The group of {meeting.name}",
                         f"{full_name} group holding peer-support recovery meetings.", meeting.website, meeting.email)


@lru_cache(maxsize=4096)
def _meeting_organization(group: str | None, program: str, full_name: str, website: str | None,
                          email: str | None) -> dict[str, Any]:
    if group:
        return _organization(f"group/{_key(group)}", group,
                             f"{full_name} group holding peer-support recovery meetings.", website, email)
    return _organization(f"program/{_key(program)}", full_name, f"{full_name}: peer-support recovery meetings.")


def _key(name: str) -> str:
    """A slug for an id; names without Latin letters or digits get a hash of the name instead."""
    return slugify(name) or hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def home_organization(home: Home) -> dict[str, Any]:
    if home.operator:
        return _organization(f"operator/{_key(home.operator)}", home.operator,
                             "Operator of recovery residences (sober living homes).", home.website)
    return _organization(f"home/{home.slug}", home.name, "Recovery residence (sober living home).", home.website)


def _address(owner: str, street: str | None, city: str | None, state: str | None,
             postal_code: str | None, country: str | None) -> dict[str, Any]:
    return {"id": stable_id(owner, "address"), "address_1": street or "",
            "city": city or "", "state_province": state or "", "postal_code": postal_code or "",
            "country": country_code(country), "address_type": "physical"}


def _schedule(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": uuid5_text(f"meeting/{meeting.slug}/schedule"),
        "freq": "WEEKLY",  # every week: `interval` 1 is iCalendar's default, so it is left out
        "byday": _weekly_days(tuple(meeting.day)),
        "opens_at": hhmm(meeting.time),
        "closes_at": hhmm(meeting.effective_end),
        # opens_at/closes_at are local wall-clock times all year; `timezone` is the zone's standard
        # (winter) UTC offset, which cannot tell Phoenix from Denver: the zone's name in the
        # description is what says whether the clocks change, for a reader that has no page to read.
        # No attending_type: the service's description and its locations' types say how to attend.
        "timezone": standard_offset_hours(meeting.zone),
        "description": f"Local time ({meeting.zone}).",
    }


@cache  # at most 127 sets of days
def _weekly_days(days: tuple[int, ...]) -> str:
    """"MO,TH": RRULE BYDAY."""
    return ",".join(ICAL_DAYS[d] for d in days)


def meeting_service(meeting: Meeting, site: SiteInfo, *, program_full_name: str | None = None,
                    region_country: str | None = None, organization_id: str | None = None) -> dict[str, Any]:
    """One meeting as an HSDS service with its schedule, places, phones and contacts nested.

    `region_country`: the country code of the meeting's region, for an address that names none.
    `organization_id`: its `meeting_organization`'s id, when the caller already has it."""
    base = f"meeting/{meeting.slug}"
    service_id = uuid5_text(base)
    attendance = meeting.attendance
    if organization_id is None:
        organization_id = meeting_organization(meeting, program_full_name)["id"]
    locations: list[dict[str, Any]] = []
    if meeting.address:
        location_id = uuid5_text(base + "/location")
        locations.append(_clean({
            "id": uuid5_text(base + "/service-at-location"),
            "location": _clean({
                "id": location_id,
                "location_type": "physical",
                "name": meeting.location or meeting.address,
                "description": " ".join(p for p in ("The venue is temporarily closed." if "TC" in meeting.types
                                                    else None, _APPROXIMATE if meeting.approximate else None,
                                                    meeting.location_notes) if p) or None,
                "latitude": meeting.latitude,
                "longitude": meeting.longitude,
                "addresses": [_address(f"meeting/{meeting.slug}",
                                       None if meeting.approximate else meeting.address, meeting.city,
                                       meeting.state, meeting.postal_code, meeting.country or region_country)],
            }),
        }))
    if meeting.conference_url:
        location_id = uuid5_text(base + "/virtual-location")
        locations.append({
            "id": uuid5_text(base + "/service-at-virtual-location"),
            "location": _clean({"id": location_id, "location_type": "virtual", "name": "Online",
                                "url": meeting.conference_url, "description": meeting.conference_url_notes}),
        })
    phones = []
    if meeting.conference_phone:
        phones.append(_clean({
            "id": uuid5_text(base + "/conference-phone"),
            "number": meeting.conference_phone, "type": "voice",
            "description": "Dial in to join the meeting by phone."
                           + (f" {meeting.conference_phone_notes}" if meeting.conference_phone_notes else ""),
        }))
    contacts = []
    for n, contact in enumerate(meeting.contacts, start=1):
        contact_id = stable_id("meeting", meeting.slug, "contact", str(n))
        contacts.append(_clean({
            "id": contact_id, "name": contact.name, "email": contact.email,
            "phones": [{"id": stable_id("meeting", meeting.slug, "contact", str(n), "phone"),
                        "number": contact.phone, "type": "voice"}]
            if contact.phone else None,
        }))
    # Type codes are attributes pointing at terms of the Meeting Guide taxonomy; the terms themselves
    # (code, name, taxonomy) are listed once, in taxonomy_terms.json: an attribute repeats neither
    # the code as its `value` nor a `link_type` that every attribute would share (issue 20).
    attributes = [{"id": uuid5_text(f"{base}/type/{code}"), "taxonomy_term_id": type_term_id(code)}
                  for code in meeting.types]
    description = f"{program_full_name or meeting.program} meeting. {_ATTENDING[attendance]}."
    if meeting.notes:
        description += "\n\n" + meeting.notes
    return _clean({
        "id": service_id,
        "organization_id": organization_id,
        "name": meeting.name,
        "description": description,
        "url": site.absolute(meeting_path(meeting)),
        "email": meeting.email,
        "status": "temporarily closed" if attendance is Attendance.TEMPORARILY_CLOSED else "active",
        "assured_date": meeting.last_verified.isoformat(),
        "phones": phones,
        "schedules": [_schedule(meeting)],
        "service_at_locations": locations,
        "contacts": contacts,
        "attributes": attributes,
    })


def home_service(home: Home, site: SiteInfo) -> dict[str, Any]:
    """One recovery residence as an HSDS service. The street and postal code only when public."""
    service_id = stable_id("home", home.slug)
    location_id = stable_id("home", home.slug, "location")
    public = home_public_address(home)
    facts = [f"Recovery residence (sober living home) for: {home.gender_label}."]
    if home.narr_level:
        facts.append(f"NARR {home.narr_label}.")
    if home.beds is not None:
        facts.append(f"Beds: {home.beds}.")
    if home.vacancies is not None:
        facts.append(f"Vacancies: {home.vacancies}" + (f" as of {home.vacancies_as_of.isoformat()}."
                                                      if home.vacancies_as_of else "."))
    if home.description:
        facts.append(home.description)
    eligibility = [home.gender_label]
    if home.accepts_mat is not None:
        eligibility.append("accepts residents on medication-assisted treatment (MAT)" if home.accepts_mat
                           else "does not accept residents on medication-assisted treatment (MAT)")
    accreditations = None
    if home.certification:
        cert = home.certification
        accreditations = f"{cert.body}: {cert.status}" + (f" (expires {cert.expires.isoformat()})"
                                                          if cert.expires else "")
    return _clean({
        "id": service_id,
        "organization_id": home_organization(home)["id"],
        "name": home.name,
        "description": " ".join(facts),
        "url": site.absolute(home_path(home)),
        "status": "active",
        "fees_description": home.cost.label if home.cost else None,
        "eligibility_description": "; ".join(eligibility),
        "accreditations": accreditations,
        "assured_date": home.last_verified.isoformat(),
        "phones": [{"id": stable_id("home", home.slug, "phone"), "number": home.phone, "type": "voice"}]
        if home.phone else None,
        "service_at_locations": [{
            "id": stable_id("home", home.slug, "service-at-location"),
            "location": {
                "id": location_id,
                "location_type": "physical",
                "name": home.name,
                "addresses": [_address(f"home/{home.slug}", public["address"], public["city"],
                                       public["state"], public["postal_code"], None)],
            },
        }],
    })


def services(meetings: Iterable[Meeting], homes: Iterable[Home], site: SiteInfo, *,
             program_names: dict[str, str] | None = None,
             region_countries: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every meeting and home as a service, meetings first, each kind by slug.

    `program_names` maps a program (AA) to its full name (Alcoholics Anonymous); optional.
    `region_countries`: region key → country code, for meetings whose address names no country.
    """
    return [service for service, _ in _services(meetings, homes, site, program_names or {}, region_countries or {})]


def organizations(meetings: Iterable[Meeting], homes: Iterable[Home], *,
                  program_names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The distinct organizations of the meetings and homes, by name then id (feeds/hsds/organizations.json)."""
    names = program_names or {}
    found: dict[str, dict[str, Any]] = {}
    for meeting in meetings:
        org = meeting_organization(meeting, names.get(meeting.program))
        found.setdefault(org["id"], org)
    for home in homes:
        org = home_organization(home)
        found.setdefault(org["id"], org)
    return _by_name(found.values())


def _services(meetings: Iterable[Meeting], homes: Iterable[Home], site: SiteInfo, program_names: dict[str, str],
              region_countries: Mapping[str, str]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(service, its organization) for every listing, in `services` order."""
    for meeting in sorted(meetings, key=lambda m: m.slug):
        full_name = program_names.get(meeting.program)
        organization = meeting_organization(meeting, full_name)
        yield meeting_service(meeting, site, program_full_name=full_name,
                              region_country=region_countries.get(meeting.region),
                              organization_id=organization["id"]), organization
    for home in sorted(homes, key=lambda h: h.slug):
        yield home_service(home, site), home_organization(home)


class FeedFiles(NamedTuple):
    services: bytes  # feeds/hsds/services.json
    organizations: bytes  # feeds/hsds/organizations.json
    taxonomy_terms: bytes  # feeds/hsds/taxonomy_terms.json


def feed_json(meetings: Iterable[Meeting], homes: Iterable[Home], site: SiteInfo, type_names: dict[str, str], *,
              program_names: dict[str, str] | None = None,
              region_countries: Mapping[str, str] | None = None) -> FeedFiles:
    """The three HSDS files in one pass: each service is encoded as soon as it is built (see
    `json_array`), its organization and type codes noted on the way for the companion files.
    `region_countries`: region key → country code, for meetings whose address names no country."""
    found: dict[str, dict[str, Any]] = {}
    codes: set[str] = set()

    def noted(pair: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
        service, organization = pair
        found.setdefault(organization["id"], organization)
        codes.update(_type_codes(service))
        return service

    services_json = json_array(map(noted, _services(meetings, homes, site, program_names or {},
                                                    region_countries or {})))
    return FeedFiles(services_json, dumps(_by_name(found.values())), dumps(_terms(codes, type_names)))


def _by_name(organizations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(organizations, key=lambda o: (o["name"].lower(), o["id"]))


_TERM_CODES: dict[str, str] = {}  # a type term's id → its code, for the terms a feed lists


@cache
def type_term_id(code: str) -> str:
    term = stable_id("taxonomy", "meeting-guide", code)
    _TERM_CODES[term] = code
    return term


def taxonomy_terms(service_list: Iterable[dict[str, Any]], type_names: dict[str, str]) -> list[dict[str, Any]]:
    """The Meeting Guide type terms the services use (feeds/hsds/taxonomy_terms.json), by code."""
    return _terms({code for s in service_list for code in _type_codes(s)}, type_names)


def _type_codes(service: dict[str, Any]) -> Iterator[str]:
    return (_TERM_CODES[a["taxonomy_term_id"]] for a in service.get("attributes", ())
            if a.get("taxonomy_term_id") in _TERM_CODES)


def _terms(codes: Iterable[str], type_names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"id": type_term_id(code), "code": code, "name": type_names.get(code, code),
             "description": type_names.get(code, code), "taxonomy": TYPE_TAXONOMY} for code in sorted(codes)]


def dumps(items: list[dict[str, Any]]) -> bytes:
    return json_bytes(items)
