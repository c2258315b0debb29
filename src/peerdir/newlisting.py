"""Commented templates for a new listing, as `peerdir new` writes them and CONTRIBUTING.md shows them.

Every template is valid YAML with valid values (today's date in last_verified) except for its
free-text placeholders, which read `CHANGE ME`: `peerdir validate` refuses each one left at its line
(peerdir.placeholders) and `peerdir diff` points them out in a pull request, so an unfilled template
is never published, and a filled-in one passes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from peerdir.models import text_rules
from peerdir.yamlfile import YamlProblem, parse_yaml_mapping

PLACEHOLDER = "CHANGE ME"
PLACEHOLDER_RE = re.compile(r"change[ _-]me", re.IGNORECASE)
SUGGESTED_SLUG = 60  # a new listing's file name from its name: short enough to read in a list of files


def slugify(name: str) -> str:
    """'Friday Night Step Study (Español)' → 'friday-night-step-study-espanol'."""
    return text_rules.slugify(name, SUGGESTED_SLUG)


def schema_line(kind: str, regional: bool = True) -> str:
    """The editors' schema of a file in data/<kinds>/<region>/ (regional) or data/<kinds>/."""
    up = "../../../" if regional else "../../"
    return f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json"


def yaml_text(value: str) -> str:
    """A YAML scalar for free text: plain where the strict reader reads it back unchanged, else quoted."""
    try:
        if "#" not in value and parse_yaml_mapping(f"v: {value}\n").data.get("v") == value:
            return value
    except YamlProblem:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar


@dataclass(frozen=True)
class RegionChoice:
    slug: str
    name: str
    timezone: str | None


def _aligned(lines: list[tuple[str, str]]) -> str:
    """Pairs of (yaml, comment) with the comments lined up, as a person would write them."""
    width = max((len(code) for code, note in lines if code and note), default=0)
    width = min(max(width, 28), 44)
    out = []
    for code, note in lines:
        if not note:
            out.append(code)
        elif not code:
            out.append(f"# {note}")
        else:
            out.append(f"{code.ljust(width)}  # {note}")
    return "\n".join(out) + "\n"


def _header(kind: str, where: str, regional: bool = True) -> list[tuple[str, str]]:
    return [
        (schema_line(kind, regional), ""),
        ("", f"A new {kind}{where}. Lines that start with # are notes for you; the site ignores them."),
        ("", f"Change every value marked {PLACEHOLDER} or CHANGE, delete the optional lines you do not"),
        ("", "need, and keep the spaces at the start of lines as they are."),
        ("", "Each field is explained in CONTRIBUTING.md (\"What each field means\")."),
        ("", ""),
    ]


def meeting_template(name: str, region: RegionChoice, today: dt.date) -> str:
    online_only = region.timezone is None
    lines = _header("meeting", f" in {region.name}")
    lines += [
        (f"name: {yaml_text(name)}", "the meeting's name, as the group uses it"),
        ("program: AA", "CHANGE: AA, NA, CA, CMA, Al-Anon, SMART, Recovery Dharma, …"),
        ("day: Monday", "CHANGE: the day it meets; several days: [Monday, Thursday]"),
        ("time: 19:00", "CHANGE: start time on the 24-hour clock (19:00 is 7 PM)"),
        ("end_time: 20:00", "optional: end time; leave it out for one hour"),
        ("types: [O, D]", "CHANGE: type codes, e.g. O open, C closed, D discussion"),
    ]
    if online_only:
        lines += [
            ("timezone: America/New_York", "CHANGE: the time zone the meeting's time is in"),
            ("conference_url: https://example.org/CHANGE-ME", "CHANGE: the link people click to join"),
            (f"conference_url_notes: {PLACEHOLDER}", "optional: meeting ID and passcode, if any"),
            ("", "optional: a dial-in number; remove the '# ' to use it"),
            ("# conference_phone: 312-555-0100", ""),
        ]
    else:
        lines += [
            (f"location: {PLACEHOLDER}", "optional: the venue, e.g. St. Mark's Church"),
            (f"address: {PLACEHOLDER}", "CHANGE: the street address, e.g. 123 Main St"),
            (f"city: {PLACEHOLDER}", "CHANGE: the city"),
            (f"state: {PLACEHOLDER}", "CHANGE: the state, e.g. IL"),
            ("# postal_code: 60601", "optional: remove the '# ' to use it"),
            ("# location_notes: Side door, room 2", "optional: how to find the room, parking"),
            ("", "Also online? Remove the '# ' from these lines and fill them in:"),
            ("# conference_url: https://zoom.us/j/0000000000", ""),
            ("# conference_url_notes: Meeting ID 000 000 0000, passcode 1234", ""),
        ]
    lines += [
        ("# notes: Newcomers welcome. Literature provided.", "optional: anything else a newcomer should know"),
        ("", "optional: a contact, FIRST NAME AND LAST INITIAL ONLY, to protect anonymity:"),
        ("# contacts:", ""),
        ("#   - name: Maria K.", ""),
        ("#     email: group@example.org", ""),
        (f"last_verified: {today.isoformat()}", "the date you checked these details (YYYY-MM-DD)"),
    ]
    return _aligned(lines)


def home_template(name: str, region: RegionChoice, today: dt.date) -> str:
    lines = _header("home", f" (sober living) in {region.name}")
    lines += [
        (f"name: {yaml_text(name)}", "the home's name"),
        (f"operator: {PLACEHOLDER}", "optional: the organisation or person that runs it"),
        ("gender: any", "CHANGE: men, women, any, lgbtq+, men with children, women with children, young adults"),
        ("# narr_level: 2", "optional: NARR level 1 to 4 (1 peer-run … 4 service provider)"),
        ("", "optional: certification; remove the '# ' from the lines you use"),
        ("# certification:", ""),
        ("#   body: FARR", "who certifies: FARR, MASH, Oxford House, …"),
        ("#   status: certified", "certified, pending, expired or not certified"),
        ("# beds: 8", "optional: number of beds"),
        ("# vacancies: 2", "optional: open beds; then also vacancies_as_of"),
        (f"# vacancies_as_of: {today.isoformat()}", "the date the open beds were counted"),
        ("# cost:", "optional: what a resident pays"),
        ("#   amount: 650", ""),
        ("#   per: month", "week or month"),
        ("# accepts_mat: true", "optional: accepts residents on medication-assisted treatment?"),
        ("# pets: false", "optional: true or false"),
        ("# phone: 561-555-0134", "optional: the home's intake phone number"),
        ("# website: https://example.org", "optional"),
        (f"city: {PLACEHOLDER}", "CHANGE: the city"),
        (f"state: {PLACEHOLDER}", "CHANGE: the state, e.g. FL"),
        ("", "The street address stays private unless the home publishes it itself:"),
        ("address_visibility: city", "city: show only the city (keep this for a private address)"),
        ("# address: 123 Main St", "only with address_visibility: public; a private home's file keeps no street"),
        ("# description: A quiet home near the bus line.", "optional: a few plain sentences"),
        (f"last_verified: {today.isoformat()}", "the date you checked these details (YYYY-MM-DD)"),
    ]
    return _aligned(lines)


def community_template(name: str, today: dt.date) -> str:
    lines = _header("community", " (online community)", regional=False)
    lines += [
        (f"name: {yaml_text(name)}", "the community's name"),
        ("url: https://example.org/CHANGE-ME", "CHANGE: the address people go to"),
        ("format: forum", "CHANGE: forum, chat, video meetings, app, social group, email list, phone line"),
        ("approach: [all paths]", "CHANGE: 12-step, smart, secular, faith-based, harm reduction, buddhist, all paths"),
        ("cost: free", "CHANGE: free, paid, or free with paid tier"),
        ("anonymous: true", "CHANGE: can someone take part without a real name? true or false"),
        ("moderated: true", "CHANGE: is someone keeping it safe? true or false"),
        ("# hours: 24/7", "optional: when it is active, e.g. Daily 7–9 PM ET"),
        ("languages: [English]", "the languages used"),
        ("# audience: women in recovery", "optional: who it is for"),
        ("# description: A peer forum with daily check-in threads.", "optional: a few plain sentences"),
        (f"last_verified: {today.isoformat()}", "the date you checked these details (YYYY-MM-DD)"),
    ]
    return _aligned(lines)
