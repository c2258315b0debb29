"""schema.org JSON-LD for listing and article pages. Pure dicts; the site embeds them in a script tag.

- meeting: `Event` with a weekly `Schedule` in the meeting's IANA zone, an attendance mode, and a
  `Place` (with `PostalAddress`) and/or a `VirtualLocation`;
- home: `LodgingBusiness` (an Organization and a Place) with residence facts, never the private street;
- community: `Organization` with its own web address;
- article: `Article` with `lastReviewed` and what it is `about`.

A home is identified by its page's `url`, without an `@id` that would repeat it (issue 20: 66,000
such pages); a meeting by neither: its script is on its own page, whose canonical link names it, and
Google's Event data asks for no `url` (name, startDate and location). A meeting's place names its
region (`containedInPlace`) only when its address names no town. A community's `url` is its own
site, so its `@id` names the page.
A scheduled meeting has no `eventStatus` (schema.org assumes EventScheduled) and its `keywords` name
its program only (issue 20).
"""

from __future__ import annotations

from typing import Any

from peerdir.formats._common import SCHEMA_DAYS, country_code, home_public_address
from peerdir.models import ArticleMeta, Attendance, Community, Home, Meeting
from peerdir.urls import SiteInfo, article_path, community_path, home_path, meeting_path

CONTEXT = "https://schema.org"
_MODE = {
    Attendance.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
    Attendance.TEMPORARILY_CLOSED: "https://schema.org/OfflineEventAttendanceMode",
}


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None and v != [] and v != ""}


def _time(value: Any) -> str:
    return f"{value.hour:02d}:{value.minute:02d}:00"


def _postal_address(street: str | None, city: str | None, state: str | None, postal_code: str | None,
                    country: str | None) -> dict[str, Any]:
    return _clean({"@type": "PostalAddress", "streetAddress": street, "addressLocality": city,
                   "addressRegion": state, "postalCode": postal_code, "addressCountry": country})


def meeting_jsonld(meeting: Meeting, region_name: str | None, site: SiteInfo) -> dict[str, Any]:
    url = site.absolute(meeting_path(meeting))
    locations: list[dict[str, Any]] = []
    if meeting.address:
        # An approximate address (a city or area) is no street: it names the place, not where to go.
        street = None if meeting.approximate else meeting.address
        locations.append(_clean({
            "@type": "Place",
            "name": meeting.location or meeting.formatted_address or meeting.address,
            "address": _postal_address(street, meeting.city, meeting.state, meeting.postal_code,
                                       country_code(meeting.country) if meeting.country else None),
            "geo": {"@type": "GeoCoordinates", "latitude": meeting.latitude, "longitude": meeting.longitude}
            if meeting.latitude is not None and meeting.longitude is not None else None,
            "containedInPlace": {"@type": "AdministrativeArea", "name": region_name}
            if region_name and not meeting.city else None,
        }))
    if meeting.is_online:
        locations.append(_clean({
            "@type": "VirtualLocation",
            "name": "Join online" if meeting.conference_url else "Join by phone",
            "url": meeting.conference_url or url,
            "description": meeting.conference_url_notes if meeting.conference_url else
            f"Call {meeting.conference_phone}" + (f". {meeting.conference_phone_notes}"
                                                   if meeting.conference_phone_notes else ""),
        }))
    closed = meeting.attendance is Attendance.TEMPORARILY_CLOSED
    return _clean({
        "@context": CONTEXT,
        "@type": "Event",
        "name": meeting.name,
        "description": meeting.notes,
        # EventScheduled is what schema.org assumes when no status is given: only a closed venue says one.
        "eventStatus": "https://schema.org/EventPostponed" if closed else None,
        "eventAttendanceMode": _MODE[meeting.attendance],
        "eventSchedule": {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": [SCHEMA_DAYS[d] for d in meeting.day],
            "startTime": _time(meeting.time),
            "endTime": _time(meeting.effective_end),
            "scheduleTimezone": meeting.zone,
        },
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": _clean({"@type": "Organization", "name": meeting.group, "url": meeting.website,
                             "email": meeting.email}) if meeting.group else None,
        "isAccessibleForFree": True,
        # The program, not the type codes ("O, D"), which mean nothing to a search engine.
        "keywords": meeting.program,
    })


def home_jsonld(home: Home, site: SiteInfo) -> dict[str, Any]:
    """A recovery residence. The street address and postal code appear only when they are public."""
    url = site.absolute(home_path(home))
    public = home_public_address(home)
    # Pets and beds are said once, by petsAllowed and numberOfRooms (issue 20: 6,000 home pages).
    features = [{"@type": "LocationFeatureSpecification", "name": "Accepts medication-assisted treatment (MAT)",
                 "value": home.accepts_mat}] if home.accepts_mat is not None else []
    facts = [("NARR level of support", home.narr_label or None), ("Vacancies", home.vacancies),
             ("Vacancies as of", home.vacancies_as_of.isoformat() if home.vacancies_as_of else None),
             ("Bathrooms", home.baths), ("Last verified", home.last_verified.isoformat())]
    certification = None
    if home.certification and home.certification.status != "not certified":
        cert = home.certification
        certification = _clean({
            "@type": "Certification",
            "name": f"{cert.body} certification",
            "issuedBy": {"@type": "Organization", "name": cert.body},
            "certificationStatus": {"certified": "https://schema.org/CertificationActive",
                                    "expired": "https://schema.org/CertificationInactive"}.get(cert.status),
            "expires": cert.expires.isoformat() if cert.expires else None,
        })
    return _clean({
        "@context": CONTEXT,
        "@type": "LodgingBusiness",
        "name": home.name,
        "url": url,
        "sameAs": home.website,
        "description": home.description,
        "telephone": home.phone,
        "address": _postal_address(public["address"], public["city"], public["state"], public["postal_code"],
                                   None),
        "parentOrganization": {"@type": "Organization", "name": home.operator} if home.operator else None,
        "audience": {"@type": "PeopleAudience", "audienceType": home.gender_label},
        "numberOfRooms": home.beds,
        "petsAllowed": home.pets,
        "priceRange": home.cost.label if home.cost else None,
        "amenityFeature": features,
        "additionalProperty": [{"@type": "PropertyValue", "name": name, "value": value}
                               for name, value in facts if value is not None],
        "hasCertification": certification,
    })


def community_jsonld(community: Community, site: SiteInfo) -> dict[str, Any]:
    page = site.absolute(community_path(community))
    return _clean({
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": page + "#community",
        "name": community.name,
        "url": community.url,
        "mainEntityOfPage": page,
        "description": community.description,
        "knowsLanguage": list(community.languages),
        "keywords": ", ".join([community.format, *community.approach, community.cost]),
    })


def article_jsonld(meta: ArticleMeta, site: SiteInfo) -> dict[str, Any]:
    url = site.absolute(article_path(meta.slug))
    return _clean({
        "@context": CONTEXT,
        "@type": "Article",
        "@id": url + "#article",
        "headline": meta.title,
        "name": meta.title,
        "description": meta.summary,
        "url": url,
        "mainEntityOfPage": url,
        "lastReviewed": meta.reviewed_on.isoformat(),
        "about": [{"@type": "Thing", "name": tag} for tag in meta.tags],
        "keywords": ", ".join(meta.tags),
        "timeRequired": f"PT{meta.reading_minutes}M",
        "citation": [_clean({"@type": "CreativeWork", "name": s.title, "url": s.url}) for s in meta.sources],
        "publisher": {"@type": "Organization", "name": site.name, "url": site.site_url},
    })
