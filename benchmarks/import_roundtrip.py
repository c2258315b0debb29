"""Does an import keep what a feed says? A made-up Meeting Guide feed → `import_feed` → our own
meeting-guide.json → compared with the feed, field by field (issue 18, item 10).

    .venv/bin/python benchmarks/import_roundtrip.py                    # 3,000 records
    .venv/bin/python benchmarks/import_roundtrip.py --records 10000 --seed 2

The feed grows the shapes of /work/shared/reference/sample-meeting-guide-feed.json (and of real feeds:
TSML's formatted_address and 12-hour `updated`, integer and mixed-case slugs, region trees, dial
strings, custom types, the 7th-Tradition extras) over six countries' address formats. Every value a
record gives is counted once:

- equal: our feed gives it back as the source wrote it;
- transformed: given back in another documented form (TRANSFORMS below says which and how);
- lost: missing or different.

It then imports the same feed again, which must change nothing. The script exits 1 when anything is
lost, a record was not written, or the second import changed a file.

Prints a table on stderr and one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peerdir.formats import meeting_guide, region_paths
from peerdir.formats.meeting_guide_import import import_feed
from peerdir.importing.dates import parse_timestamp
from peerdir.importing.fields import parse_time
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo

TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://directory.example.org/", repo_url="https://github.com/example/directory")

# country: (zone, [(region path, town, state, postcode)], street shapes, how formatted_address is written)
PLACES: dict[str, tuple[str, list[tuple[list[str], str, str, str]], list[str], str]] = {
    "US": ("America/New_York", [
        (["Philadelphia County", "Chestnut Hill"], "Philadelphia", "PA", "19118"),
        (["Montgomery County", "Phoenixville"], "Phoenixville", "PA", "19460"),
        (["Mississippi", "North", "Tupelo"], "Tupelo", "MS", "38801")],
        ["{n} Main St", "{n} Germantown Ave", "{n} Bridge Street"], "{street}, {town}, {state} {postcode}, USA"),
    "CA": ("America/Edmonton", [
        (["Edmonton", "South Side"], "Edmonton", "Alberta", "T6C 2Z2"),
        (["Edmonton", "Downtown"], "Edmonton", "AB", "T5J 0N3")],
        ["{n} 83 Street NW", "{n} Jasper Ave"], "{street}, {town}, {state}, {postcode}, Canada"),
    "GB": ("Europe/London", [(["London", "Westminster"], "London", "", "SW1A 1AA"),
                             (["London", "Camden"], "London", "", "NW1 8NH")],
           ["{n} High St", "{n} Camden Road"], "{street}, {town} {postcode}, UK"),
    "DE": ("Europe/Berlin", [(["Berlin", "Mitte"], "Berlin", "", "10119"),
                             (["Hamburg"], "Hamburg", "", "20095")],
           ["Friedrichstraße {n}", "Mönckebergstraße {n}"], "{street}, {postcode} {town}, Germany"),
    "AU": ("Australia/Sydney", [(["New South Wales", "Sydney"], "Sydney", "NSW", "2000")],
           ["{n} George St", "{n} Pitt Street"], "{street}, {town} {state} {postcode}, Australia"),
    "NZ": ("Pacific/Auckland", [(["Auckland"], "Auckland", "", "1010")],
           ["{n} Queen St"], "{street}, Auckland Central, {town} {postcode}, New Zealand"),
}
NAMES = ["Serenity", "Big Book", "Step Study", "Hope", "New Beginnings", "Keep It Simple", "Sunrise", "Lunch Bunch",
         "Women's", "Men's", "Young People", "Grapevine", "Traditions", "Came to Believe", "Language of the Heart"]
TYPES = ["O", "C", "D", "B", "ST", "BE", "W", "M", "Y", "X", "LIT", "MED", "SP", "TR", "ES", "LGBTQ"]
CUSTOM_TYPES = ["AC", "LGBTQIA", "HYB-ROOM"]  # no Meeting Guide code: declared in data/types.yaml
UPDATED_SHAPES = ["{m}/{d}/{y} {h12}:{mi}:{s} {ap}", "{y}-{m2}-{d2} {h}:{mi}:{s}", "{y}-{m2}-{d2}T{h}:{mi}:{s}Z"]


def _updated(rng: random.Random) -> str:
    moment = dt.datetime(2021, 1, 1) + dt.timedelta(seconds=rng.randrange(0, 5 * 365 * 86400))
    h12 = moment.hour % 12 or 12
    return rng.choice(UPDATED_SHAPES).format(
        m=moment.month, d=moment.day, y=moment.year, h12=h12, ap="AM" if moment.hour < 12 else "PM",
        m2=f"{moment.month:02d}", d2=f"{moment.day:02d}", h=f"{moment.hour:02d}", mi=f"{moment.minute:02d}",
        s=f"{moment.second:02d}")


def make_feed(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    feed: list[dict[str, Any]] = []
    countries = list(PLACES)
    for i in range(count):
        country = countries[i % len(countries)]
        zone, areas, streets, line = PLACES[country]
        path, town, state, postcode = rng.choice(areas)
        name = f"{rng.choice(NAMES)} {town} {i}"
        record: dict[str, Any] = {"name": name, "slug": _slug(rng, name, i), "day": _day(rng),
                                  "time": _time(rng), "types": rng.sample(TYPES, rng.randint(1, 4))}
        if rng.random() < 0.5:
            record["end_time"] = f"{rng.randint(13, 23):02d}:{rng.choice(['00', '30'])}"
        if rng.random() < 0.8:
            record["timezone"] = zone
        attend = rng.random()
        street = rng.choice(streets).format(n=rng.randint(1, 999))
        if attend < 0.6:  # in person (or hybrid, below)
            record["formatted_address"] = line.format(street=street, town=town, state=state, postcode=postcode)
            record["location"] = f"{rng.choice(['St. Mark', 'Grace', 'Trinity'])} Hall"
            record["latitude"], record["longitude"] = round(rng.uniform(-60, 60), 4), round(rng.uniform(-170, 170), 4)
            record["approximate"] = "no"
        else:  # online only: the town as an approximate place
            record["formatted_address"] = ", ".join(p for p in (town, state, _country_name(country)) if p)
            record["approximate"] = "yes"
        if attend >= 0.4:
            record["conference_url"] = f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}"
            record["conference_url_notes"] = f"Passcode: {rng.randint(1000, 9999)}"
            if rng.random() < 0.5:
                spaced = rng.random() < 0.5  # "+1 587 328 1099,,…#" as people type it
                number = f"+1 587 328 {rng.randint(1000, 9999)}" if spaced else f"+1587328{rng.randint(1000, 9999)}"
                record["conference_phone"] = f"{number},,{rng.randint(10**10, 10**11 - 1)}#"
        if attend < 0.6 and "conference_url" not in record and rng.random() < 0.05:
            record["types"].append("TC")  # temporarily closed: stays in the feed with TC
        if rng.random() < 0.15:
            record["types"].append(rng.choice(CUSTOM_TYPES))
        if rng.random() < 0.5:
            record["regions"] = path
        elif len(path) > 1:
            record["region"], record["sub_region"] = path[0], path[-1]
        else:
            record["region"] = path[0]
        record["updated"] = _updated(rng)
        _extras(rng, record, i)
        feed.append(record)
    return feed


def _slug(rng: random.Random, name: str, i: int) -> Any:
    roll = rng.random()
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if roll < 0.1:
        return 100000 + i  # an integer, as some feeds send
    if roll < 0.2:
        return f"{name.replace(' ', '_')}-{i}"  # any case, any characters: kept under slug:
    if roll < 0.3:
        return f"{base}-{'tuesday-8405-83-street-nw-edmonton-alberta-t6c-2z2-canada-usa-0-130000-' * 2}{i}"[:150]
    return f"{base}-{i}"


def _day(rng: random.Random) -> Any:
    if rng.random() < 0.15:
        return sorted(rng.sample(range(7), rng.randint(2, 5)))
    return rng.randrange(7)


def _time(rng: random.Random) -> str:
    hour, minute = rng.randint(6, 21), rng.choice([0, 15, 30, 45])
    if rng.random() < 0.2:
        return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"  # TSML exports say 7:30 PM
    return f"{hour:02d}:{minute:02d}"


def _country_name(code: str) -> str:
    return {"US": "United States", "CA": "Canada", "GB": "UK", "DE": "Germany", "AU": "Australia",
            "NZ": "New Zealand"}[code]


def _extras(rng: random.Random, record: dict[str, Any], i: int) -> None:
    if rng.random() < 0.3:
        record["notes"] = "Bring a friend. Coffee from 6:30."
    if rng.random() < 0.3:
        record["location_notes"] = "Side door; ring the bell."
    if rng.random() < 0.4:
        record["group"] = f"{record['name']} Group"
        record["group_notes"] = "Business meeting on the last Tuesday."
        record["district"] = f"District {rng.randint(1, 40)}"
    if rng.random() < 0.3:
        record["website"] = f"https://example.org/groups/{i}"
        record["email"] = f"group{i}@example.org"
    if rng.random() < 0.2:
        record["feedback_url"] = f"https://example.org/feedback/{i}"
        record["feedback_emails"] = [f"changes{i}@example.org"]
    if rng.random() < 0.2:
        record["venmo"], record["square"], record["paypal"] = f"@group{i}", f"$group{i}", f"group{i}"
    if rng.random() < 0.2:
        record["contact_1_name"], record["contact_1_email"] = "Maria K.", f"maria{i}@example.org"
    if rng.random() < 0.2:
        record["last_contact"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# -- comparison ---------------------------------------------------------------------------------
def _same_time(source: Any, back: Any) -> bool:
    return parse_time(source) == back


def _same_moment(source: Any, back: Any) -> bool:
    return back is not None and parse_timestamp(source) == parse_timestamp(back)


def _same_digits(source: Any, back: Any) -> bool:
    return re.sub(r"\s", "", str(source)) == back


def _same_days(source: Any, back: Any) -> bool:
    return sorted(source if isinstance(source, list) else [source]) == sorted(back if isinstance(back, list) else [back])


def _same_text(source: Any, back: Any) -> bool:
    return str(source) == back


NOT_IN_OUR_FEED = {"last_contact"}  # kept in the file under another name: always a transformation
# field: (how it is given back when not equal, the check that it is the same value)
TRANSFORMS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "time": ("12-hour times given back as 24-hour HH:MM", _same_time),
    "updated": ("any common timestamp given back as YYYY-MM-DD HH:MM:SS (UTC when an offset was given)",
                _same_moment),
    "conference_phone": ("spaces dropped (Meeting Guide's digits and + , * #)", _same_digits),
    "day": ("a list of days given back in order", _same_days),
    "slug": ("an integer slug given back as its text", _same_text),
    "last_contact": ("kept as the meeting's last_verified (our feed's updated is the source's own)", _same_text),
}


def compare(feed: list[dict[str, Any]], back: dict[str, dict[str, Any]],
            verified: dict[str, dt.date]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    by_field: dict[str, Counter[str]] = {}
    lost_examples: list[str] = []
    missing = 0
    for record in feed:
        out = back.get(str(record["slug"]))
        if out is None:
            missing += 1
            continue
        expected = _expected(record)
        out = {**out, "last_contact": verified[str(record["slug"])].isoformat()}  # our feed has no last_contact
        for field, value in expected.items():
            got = out.get(field)
            if got == value and field not in NOT_IN_OUR_FEED:
                verdict = "equal"
            elif field in TRANSFORMS and TRANSFORMS[field][1](value, got):
                verdict = "transformed"
            else:
                verdict = "lost"
                if len(lost_examples) < 10:
                    lost_examples.append(f"{record['slug']}: {field} {value!r} → {got!r}")
            counts[verdict] += 1
            by_field.setdefault(field, Counter())[verdict] += 1
    return {"counts": counts, "by_field": by_field, "missing": missing, "lost_examples": lost_examples}


def _expected(record: dict[str, Any]) -> dict[str, Any]:
    """What our feed should give back for each value the record gives, under the feed's own keys."""
    expected = {k: v for k, v in record.items() if k not in ("region", "sub_region", "regions")}
    path = record.get("regions") or [p for p in (record.get("region"), record.get("sub_region")) if p]
    expected["regions"] = path
    if record.get("region"):
        expected["region"] = record["region"]
    if record.get("sub_region"):
        expected["sub_region"] = record["sub_region"]
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="import into this folder (kept) instead of a temporary one")
    args = parser.parse_args(argv)
    feed = make_feed(args.records, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.keep or Path(tmp) / "data"
        result = run(feed, data)
    _print_table(result)
    print(json.dumps({k: v for k, v in result.items() if k != "by_field"}))
    whole = result["reimport_unchanged"] == result["written"] == result["records"]
    return 0 if whole and result["lost"] == 0 and result["missing"] == 0 and result["skipped"] == 0 else 1


def run(feed: list[dict[str, Any]], data: Path) -> dict[str, Any]:
    started = time.perf_counter()
    report = import_feed(feed, data, program="AA", today=TODAY, source="benchmark.json", timezone="America/Chicago")
    imported = time.perf_counter()
    directory, problems = load_directory(data, today=TODAY)
    ours = json.loads(meeting_guide.feed_json(directory.meetings, region_paths(directory), SITE))
    exported = time.perf_counter()
    found = compare(feed, {str(r["slug"]): r for r in ours},
                    {m.feed_slug or m.slug: m.last_verified for m in directory.meetings})
    again = import_feed(feed, data, program="AA", today=TODAY, source="benchmark.json", timezone="America/Chicago")
    counts = found["counts"]
    return {
        "records": len(feed), "written": len(report.imported) + len(report.changed) + len(report.unchanged),
        "skipped": len(report.skipped), "refused": len(report.refused), "problems": len(problems),
        "missing": found["missing"], "values": sum(counts.values()), "equal": counts["equal"],
        "transformed": counts["transformed"], "lost": counts["lost"], "lost_examples": found["lost_examples"],
        "by_field": {f: dict(c) for f, c in sorted(found["by_field"].items())},
        "reimport_unchanged": len(again.unchanged) if again.nothing_changed else -1,
        "import_s": round(imported - started, 2), "load_and_export_s": round(exported - imported, 2),
    }


def _print_table(result: dict[str, Any]) -> None:
    print(f"{'field':<24}{'equal':>8}{'transformed':>13}{'lost':>7}  how", file=sys.stderr)
    for field, counts in result["by_field"].items():
        how = TRANSFORMS[field][0] if counts.get("transformed") else ""
        print(f"{field:<24}{counts.get('equal', 0):>8}{counts.get('transformed', 0):>13}{counts.get('lost', 0):>7}  {how}",
              file=sys.stderr)
    for example in result["lost_examples"]:
        print(f"lost: {example}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
