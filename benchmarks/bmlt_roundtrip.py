"""Does `peerdir import bmlt` keep what a BMLT server says? Made-up GetSearchResults → `import_bmlt` →
our own meeting-guide.json → compared with the BMLT meetings, field by field (issue 18, items 9 and 10).

    .venv/bin/python benchmarks/bmlt_roundtrip.py                    # 3,000 meetings
    .venv/bin/python benchmarks/bmlt_roundtrip.py --meetings 10000 --seed 2

The meetings are in BMLT's own shapes (every value a string; the formats of tests/fixtures/bmlt) over
six countries, in person, virtual and hybrid, some temporarily closed, some unpublished. Every value a
published meeting gives is counted once:

- equal: our feed gives it back as BMLT wrote it;
- transformed: given back in Meeting Guide's form (HOW below says which and how);
- left out: left out on purpose and said in the import's report (a virtual meeting's street and venue);
- lost: missing or different.

Unpublished meetings must not be in our feed. It then imports the same files again, which must change
nothing. Exits 1 when anything is lost, a meeting was not written, or the second import changed a file.

Prints a table on stderr and one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from peerdir.formats import meeting_guide, region_paths
from peerdir.formats.bmlt_import import BMLT_WORLD_TYPES, import_bmlt
from peerdir.importing.addresses import country_code
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo

TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://directory.example.org/")
ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "bmlt" / "formats.json"
SERVER = "https://bmlt.example-na.org/main_server"
HOST = "example-na-org"
BODY = ("7", "Greater Example Area")
# country: (zone, location_nation as servers write it, [(county, town, province, postcode)], street shape)
PLACES: dict[str, tuple[str, str, list[tuple[str, str, str, str]], str]] = {
    "US": ("America/New_York", "USA", [("Philadelphia County", "Philadelphia", "PA", "19103"),
                                       ("Allegheny County", "Pittsburgh", "PA", "15222")], "{n} Market St"),
    "CA": ("America/Edmonton", "Canada", [("", "Edmonton", "Alberta", "T6C 2Z2")], "{n} 83 Street NW"),
    "GB": ("Europe/London", "United Kingdom", [("", "London", "Greater London", "SW1A 1AA")], "{n} High Street"),
    "DE": ("Europe/Berlin", "Deutschland", [("", "Berlin", "Berlin", "10119")], "Hauptstraße {n}"),
    "AU": ("Australia/Sydney", "Australia", [("", "Sydney", "NSW", "2000")], "{n} George St"),
    "NZ": ("Pacific/Auckland", "New Zealand", [("", "Auckland", "", "1010")], "{n} Queen St"),
}
# The fixture's formats with no world_id Meeting Guide shares, and the code each must come back as:
# a language by its name, or a custom code declared in data/types.yaml (TR: Meeting Guide's is another).
BY_NAME_OR_CUSTOM = {"ES": "S", "ENG": "EN", "SL": "ASL", "L/R": "L-R", "Pi": "PI", "TR": "BMLT-TR", "IP": "IP",
                     "NC": "NC", "NS": "NS", "CP": "CPT"}
HOW = {
    "id_bigint": "the slug bmlt-<server host>-<id_bigint>",
    "weekday_tinyint": "1 = Sunday given as Meeting Guide's day, 0 = Sunday",
    "start_time": "HH:MM:SS given as HH:MM",
    "duration_time": "given as end_time = start_time + duration_time (none for 24:00:00)",
    "location_nation": "given as its ISO 3166 code",
    "formats": "format keys given as Meeting Guide codes (by world_id, then name) or declared custom codes; "
               "VM and HY as the links and the approximate place",
    "location_sub_province": "the county and town given as regions [county, town]",
    "service_body_bigint": "the service body's name given as district",
    "latitude": "text given as a number", "longitude": "text given as a number",
    "venue_type": "1 an address, 2 a link and the town as an approximate place, 3 both",
}


def make_meetings(count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    formats = json.loads(FORMATS.read_text(encoding="utf-8"))
    kinds = [f for f in formats if f["key_string"] not in ("VM", "HY", "TC")]
    by_key = {f["key_string"]: f for f in formats}
    countries = list(PLACES)
    meetings: list[dict[str, str]] = []
    for i in range(count):
        zone, nation, areas, street = PLACES[countries[i % len(countries)]]
        county, town, province, postcode = rng.choice(areas)
        venue = rng.choice("1112223")
        keys = [f["key_string"] for f in rng.sample(kinds, rng.randint(1, 4))]
        keys += {"2": ["VM"], "3": ["HY"]}.get(venue, [])
        if venue == "1" and rng.random() < 0.1:
            keys.append("TC")
        meeting = {
            "id_bigint": str(1000 + i), "worldid_mixed": f"G{rng.randint(10**7, 10**8 - 1)}",
            "service_body_bigint": BODY[0], "weekday_tinyint": str(rng.randint(1, 7)), "venue_type": venue,
            "start_time": f"{rng.randint(6, 22):02d}:{rng.choice(['00', '15', '30'])}:00",
            "duration_time": rng.choice(["01:00:00", "01:30:00", "01:00:00", "24:00:00"]),
            "time_zone": zone, "formats": ",".join(keys),
            "format_shared_id_list": ",".join(sorted((by_key[k]["id"] for k in keys), key=int)),
            "published": "0" if i % 50 == 7 else "1", "root_server_uri": SERVER,
            "meeting_name": f"{rng.choice(['Hope', 'Clean Time', 'Just for Today', 'Serenity'])} {town} {i}",
            "location_text": f"{rng.choice(['St Anne', 'Grace', 'Union'])} Hall",
            "location_street": street.format(n=rng.randint(1, 999)), "location_municipality": town,
            "location_sub_province": county, "location_province": province, "location_postal_code_1": postcode,
            "location_nation": nation, "latitude": "0", "longitude": "0", "comments": "", "location_info": "",
            "virtual_meeting_link": "", "virtual_meeting_additional_info": "", "phone_meeting_number": "",
        }
        if venue != "2":
            meeting["latitude"] = f"{rng.uniform(-60, 60):.5f}"
            meeting["longitude"] = f"{rng.uniform(-170, 170):.5f}"
        if venue != "1":
            meeting["virtual_meeting_link"] = f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}"
            meeting["virtual_meeting_additional_info"] = f"Passcode {rng.randint(1000, 9999)}"
            if rng.random() < 0.5:
                meeting["phone_meeting_number"] = f"+1587328{rng.randint(1000, 9999)},,{rng.randint(10**10, 10**11)}#"
        if rng.random() < 0.3:
            meeting["comments"] = "Bring a friend. Coffee from 6:30."
        if rng.random() < 0.3:
            meeting["location_info"] = "Side door; ring the bell."
        meetings.append(meeting)
    return meetings


# -- comparison ---------------------------------------------------------------------------------
def _end(start: str, duration: str) -> str | None:
    if duration == "24:00:00":
        return None
    minutes = int(start[:2]) * 60 + int(start[3:5]) + int(duration[:2]) * 60 + int(duration[3:5])
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _types_kept(meeting: dict[str, str], ours: dict[str, Any], formats: dict[str, dict[str, str]]) -> bool:
    types = set(ours.get("types") or [])
    for key in meeting["formats"].split(","):
        world = formats[key]["world_id"]
        if key == "VM":
            ok = "address" not in ours and ours.get("conference_url") == meeting["virtual_meeting_link"]
        elif key == "HY":
            ok = bool(ours.get("address")) and ours.get("conference_url") == meeting["virtual_meeting_link"]
        elif world in BMLT_WORLD_TYPES:
            ok = set(BMLT_WORLD_TYPES[world]) <= types
        else:
            ok = BY_NAME_OR_CUSTOM[key] in types
        if not ok:
            return False
    return True


def _venue_kept(meeting: dict[str, str], ours: dict[str, Any]) -> bool:
    link = bool(ours.get("conference_url"))
    if meeting["venue_type"] == "2":
        return link and "address" not in ours and ours.get("approximate") == "yes"
    return bool(ours.get("address")) and ours.get("approximate") == "no" and link == (meeting["venue_type"] == "3")


def verdicts(meeting: dict[str, str], ours: dict[str, Any],
             formats: dict[str, dict[str, str]]) -> dict[str, str]:
    """BMLT field → equal / transformed / left out / lost."""
    virtual = meeting["venue_type"] == "2"
    same = {"meeting_name": "name", "time_zone": "timezone", "location_municipality": "city",
            "location_province": "state", "virtual_meeting_link": "conference_url",
            "virtual_meeting_additional_info": "conference_url_notes", "phone_meeting_number": "conference_phone",
            "comments": "notes", "location_info": "location_notes"}
    if not virtual:
        same |= {"location_text": "location", "location_street": "address", "location_postal_code_1": "postal_code"}
    out = {field: "equal" if ours.get(key, "") == meeting[field] else "lost" for field, key in same.items()}
    if virtual:  # said in the report: "venue_type 2 (virtual): … not kept as a place to go"
        out |= {f: "left out" for f in ("location_text", "location_street", "location_postal_code_1")}
    checks = {
        "id_bigint": ours["slug"] == f"bmlt-{HOST}-{meeting['id_bigint']}",
        "weekday_tinyint": ours["day"] == int(meeting["weekday_tinyint"]) - 1,
        "start_time": ours["time"] == meeting["start_time"][:5],
        "duration_time": ours.get("end_time") == _end(meeting["start_time"], meeting["duration_time"]),
        "location_nation": ours.get("country") == country_code(meeting["location_nation"]),
        "formats": _types_kept(meeting, ours, formats),
        "location_sub_province": ours.get("regions") == [r for r in (meeting["location_sub_province"],
                                                                      meeting["location_municipality"]) if r],
        "service_body_bigint": ours.get("district") == BODY[1],
        "venue_type": _venue_kept(meeting, ours),
    }
    if not virtual:
        checks |= {"latitude": ours.get("latitude") == float(meeting["latitude"]),
                   "longitude": ours.get("longitude") == float(meeting["longitude"])}
    out |= {field: "transformed" if ok else "lost" for field, ok in checks.items()}
    return out


def run(meetings: list[dict[str, str]], folder: Path) -> dict[str, Any]:
    results, bodies, data = folder / "results.json", folder / "bodies.json", folder / "data"
    results.write_text(json.dumps(meetings), encoding="utf-8")
    bodies.write_text(json.dumps([{"id": BODY[0], "name": BODY[1], "parent_id": "0", "type": "AS"}]),
                      encoding="utf-8")
    started = time.perf_counter()
    report = import_bmlt(results, FORMATS, data, service_bodies=bodies, verified=TODAY, today=TODAY)
    imported = time.perf_counter()
    directory, problems = load_directory(data, today=TODAY)
    ours = {r["slug"]: r for r in json.loads(meeting_guide.feed_json(directory.meetings, region_paths(directory),
                                                                     SITE))}
    exported = time.perf_counter()
    formats = {f["key_string"]: f for f in json.loads(FORMATS.read_text(encoding="utf-8"))}
    counts: Counter[str] = Counter()
    by_field: dict[str, Counter[str]] = {}
    lost: list[str] = []
    missing = unpublished_shown = 0
    for meeting in meetings:
        back = ours.get(f"bmlt-{HOST}-{meeting['id_bigint']}")
        if meeting["published"] == "0":
            unpublished_shown += back is not None
            continue
        if back is None:
            missing += 1
            continue
        for field, verdict in verdicts(meeting, back, formats).items():
            counts[verdict] += 1
            by_field.setdefault(field, Counter())[verdict] += 1
            if verdict == "lost" and len(lost) < 10:
                lost.append(f"{meeting['id_bigint']}: {field} {meeting.get(field)!r}")
    again = import_bmlt(results, FORMATS, data, service_bodies=bodies, verified=TODAY, today=TODAY)
    return {
        "meetings": len(meetings), "published": sum(m["published"] == "1" for m in meetings),
        "written": len(report.feed.imported), "skipped": len(report.feed.skipped) + len(report.conversion.skipped),
        "problems": len(problems), "missing": missing, "unpublished_in_feed": unpublished_shown,
        "values": sum(counts.values()), "equal": counts["equal"], "transformed": counts["transformed"],
        "left_out": counts["left out"], "lost": counts["lost"], "lost_examples": lost,
        "custom_types": len(report.declared_types),
        "by_field": {f: dict(c) for f, c in sorted(by_field.items())},
        "reimport_unchanged": len(again.feed.unchanged) if again.feed.nothing_changed else -1,
        "import_s": round(imported - started, 2), "load_and_export_s": round(exported - imported, 2),
    }


def _print_table(result: dict[str, Any]) -> None:
    print(f"{'BMLT field':<32}{'equal':>7}{'transformed':>13}{'left out':>10}{'lost':>6}  how", file=sys.stderr)
    for field, c in result["by_field"].items():
        print(f"{field:<32}{c.get('equal', 0):>7}{c.get('transformed', 0):>13}{c.get('left out', 0):>10}"
              f"{c.get('lost', 0):>6}  {HOW.get(field, '')}", file=sys.stderr)
    print(f"{result['published']} published of {result['meetings']}: {result['written']} written, "
          f"{result['skipped']} skipped, {result['missing']} missing from our feed, "
          f"{result['unpublished_in_feed']} unpublished in it; a second import left "
          f"{result['reimport_unchanged']} unchanged; import {result['import_s']} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(make_meetings(args.meetings, args.seed), Path(tmp))
    _print_table(result)
    print(json.dumps({k: v for k, v in result.items() if k != "by_field"}))
    whole = result["written"] == result["published"] == result["reimport_unchanged"]
    clean = not (result["lost"] or result["missing"] or result["skipped"] or result["unpublished_in_feed"])
    return 0 if whole and clean and result["problems"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
