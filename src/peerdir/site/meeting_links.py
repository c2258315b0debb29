"""How to get to a meeting: the one-tap dial-in and the directions links of a meeting page.

Both are built from what a volunteer typed, so every piece is reduced to a bounded, known shape
before it becomes part of a link: the dial-in to the characters a phone keys (digits, +, pauses and
#), the directions to coordinates as numbers or an address percent-encoded as one query value. The
links only point elsewhere: nothing on the page loads from another host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, urlsplit

from peerdir.models import Meeting

# A meeting ID or access code in the dial-in notes: "Meeting ID 555 010 0244", "Access code: 5550106#",
# "ID de la reunión 555 010 0556". Its digits may be grouped by spaces, dots or hyphens.
_CODE_RE = re.compile(
    r"\b(?:meeting\s+(?:id|number|code)|access\s+code|conference\s+(?:id|code)|participant\s+code|pin|"
    r"id\s+de\s+(?:la\s+)?reuni[oó]n|c[oó]digo\s+de\s+acceso)\s*(?:number|no\.?)?\s*(?:is\s*)?[:#]?\s*"
    r"(\d(?:[\s.\-]?\d){3,14})(?!\d)",
    re.IGNORECASE)
# A numeric passcode, keyed only for Zoom, whose one-tap numbers read `,,ID#,,,,*PASSCODE#`.
_PASSCODE_RE = re.compile(r"\b(?:passcode|password|contraseña)\s*(?:is\s*)?:?\s*(\d{1,10})(?!\d)", re.IGNORECASE)
_ZOOM_PATH_RE = re.compile(r"^/[jw]/(\d{9,11})(?:/|$)")
# What the number part of a dial-in may hold (text_rules.DIAL_RE's first part); the rest is keyed.
_NUMBER_RE = re.compile(r"^\+?[0-9 ().\-]+")


@dataclass(frozen=True)
class DialIn:
    number: str  # the number as the listing writes it, without what is keyed after it: "+1 646-555-0102"
    url: str  # "tel:+16465550102,,5550100244#": the number, pauses, then what to key in
    keyed: str  # the meeting ID the link keys in for the caller, as the notes write it; "" if none added
    passcode: str = ""  # the passcode it keys in after the ID (Zoom only), "" if none


def dial_in(meeting: Meeting) -> DialIn | None:
    """The listing's dial-in as one tap: its own pauses and codes if it writes them
    (conference_phone: +1 646 555 0143,,5550100231#), else the meeting ID its notes or Zoom link give."""
    phone = meeting.conference_phone
    if not phone:
        return None
    found = _NUMBER_RE.match(phone)
    number = found.group().strip() if found else phone
    if number != phone.strip():  # the listing keys its own codes
        return DialIn(number, tel_url(phone), "")
    code, written = _meeting_code(meeting)
    if not code:
        return DialIn(number, tel_url(number), "")
    keys = f"{number},,{code}#"
    passcode = _zoom_passcode(meeting)
    if passcode:
        keys += f",,,,*{passcode}#"
    return DialIn(number, tel_url(keys), written, passcode)


def tel_url(dial: str) -> str:
    """tel: with only what a phone keys: digits, a leading +, pauses (,), * and #."""
    keys = re.sub(r"[^0-9+,*#]", "", dial)
    keys = keys[:1] + keys[1:].replace("+", "")  # + only leads
    return "tel:" + quote(keys, safe="+,*")


def _meeting_code(meeting: Meeting) -> tuple[str, str]:
    """(digits, as written) of the meeting ID: from the dial-in notes, the link's notes, or a Zoom link."""
    for notes in (meeting.conference_phone_notes, meeting.conference_url_notes):
        found = _CODE_RE.search(notes or "")
        if found:
            return re.sub(r"\D", "", found.group(1)), found.group(1)
    zoom = _zoom_id(meeting.conference_url)
    return (zoom, zoom) if zoom else ("", "")


def _zoom_id(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host != "zoom.us" and not host.endswith(".zoom.us"):
        return ""
    found = _ZOOM_PATH_RE.match(parts.path)
    return found.group(1) if found else ""


def _zoom_passcode(meeting: Meeting) -> str:
    if not _zoom_id(meeting.conference_url):
        return ""
    for notes in (meeting.conference_phone_notes, meeting.conference_url_notes):
        found = _PASSCODE_RE.search(notes or "")
        if found:
            return found.group(1)
    return ""


MAP_APPS = ("OpenStreetMap", "Apple Maps", "Google Maps")


def directions(meeting: Meeting) -> list[tuple[str, str]]:
    """(map app, link) for each of MAP_APPS: to the meeting's coordinates when it has both, else to
    its address; [] when it has neither, or when its address is approximate (a city is no place to go)."""
    placed = meeting.latitude is not None and meeting.longitude is not None
    if meeting.approximate or not (placed or meeting.address):
        return []
    return map_links(meeting.latitude, meeting.longitude, (meeting.address, meeting.city, meeting.state,
                                                            meeting.postal_code, meeting.country))


def map_links(lat: float | None, lon: float | None, address: tuple[str | None, ...]) -> list[tuple[str, str]]:
    """(map app, link) for each of MAP_APPS, to the coordinates if both are known, else to the address.
    The shortest form each app documents (issue 20: links on each of 60,000 pages): coordinates
    without trailing zeros, OpenStreetMap's marker zoomed by a query (not the coordinates again in
    #map=), an address form-encoded (a space as +, commas as written)."""
    if lat is not None and lon is not None:
        y, x = _degrees(lat), _degrees(lon)  # numbers: nothing a volunteer typed reaches the link as text
        return [("OpenStreetMap", f"https://www.openstreetmap.org/?mlat={y}&mlon={x}&zoom=17"),
                ("Apple Maps", f"https://maps.apple.com/?daddr={y},{x}"),
                ("Google Maps", f"https://www.google.com/maps/dir/?api=1&destination={y},{x}")]
    query = quote_plus(", ".join(p for p in address if p), safe=",")
    return [("OpenStreetMap", f"https://www.openstreetmap.org/search?query={query}"),
            ("Apple Maps", f"https://maps.apple.com/?daddr={query}"),
            ("Google Maps", f"https://www.google.com/maps/dir/?api=1&destination={query}")]


def _degrees(value: float) -> str:
    """41.928 for 41.92800: five decimals (about a metre) without the zeros that say nothing."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


# 7th Tradition handles as the apps write them; only a handle of this shape becomes a link, any other
# text is shown as written (escaped), never as a link.
_VENMO_RE = re.compile(r"^@?([A-Za-z0-9_-]{1,50})$")
_CASHTAG_RE = re.compile(r"^\$?([A-Za-z][A-Za-z0-9_-]{0,49})$")
_PAYPAL_NAME_RE = re.compile(r"^([A-Za-z0-9._-]{1,50})$")
_PAYPAL_URL_RE = re.compile(r"^https://(?:www\.)?paypal\.(?:me|com)/[A-Za-z0-9._/-]{1,100}$", re.IGNORECASE)


@dataclass(frozen=True)
class Payment:
    app: str  # "Venmo"
    text: str  # as the listing gives it
    url: str | None  # None: shown as text only


def payment_links(meeting: Meeting) -> list[Payment]:
    """The group's 7th Tradition handles, each a link to its app's page when it has the app's shape."""
    found: list[Payment] = []
    if meeting.venmo:
        match = _VENMO_RE.match(meeting.venmo)
        found.append(Payment("Venmo", meeting.venmo, f"https://venmo.com/u/{quote(match.group(1))}" if match else None))
    if meeting.square:
        tag = _CASHTAG_RE.match(meeting.square)
        found.append(Payment("Cash App", meeting.square, f"https://cash.app/${quote(tag.group(1))}" if tag else None))
    if meeting.paypal:
        name = _PAYPAL_NAME_RE.match(meeting.paypal)
        url = (f"https://paypal.me/{quote(name.group(1))}" if name else
               meeting.paypal if _PAYPAL_URL_RE.match(meeting.paypal) else None)
        found.append(Payment("PayPal", meeting.paypal, url))
    return found
