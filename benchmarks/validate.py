"""How long does `load_directory` take on a big directory?

Writes N realistic meeting files (plus regions.yaml) into a temporary folder, deterministically
(seeded random), times one `load_directory` over them and prints one JSON line:

    {"files": 10000, "validate_s": 1.234, "per_file_ms": 0.123, ...}

Usage: .venv/bin/python benchmarks/validate.py [--files N] [--seed S] [--keep DIR] [--profile] [--reload]
The goal is validate_s <= 2 for 10,000 files on a 2-core machine.

--reload also times what `mkdocs serve` does after an edit: a load with a ListingCache, then one
file changed and the same load again (reload_s), which reads and validates only that file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from peerdir.loading import ListingCache, load_directory

TODAY = dt.date(2026, 11, 23)
REGIONS = {
    "palm-beach": ("Palm Beach County, FL", "America/New_York", "FL", "Boynton Beach"),
    "chicago": ("Chicago, IL", "America/Chicago", "IL", "Chicago"),
    "denver": ("Denver Metro, CO", "America/Denver", "CO", "Denver"),
    "seattle": ("Seattle, WA", "America/Los_Angeles", "WA", "Seattle"),
    "boston": ("Boston, MA", "America/New_York", "MA", "Boston"),
    "online": ("Online", None, None, None),
}
PROGRAMS = ["AA"] * 6 + ["NA"] * 3 + ["Al-Anon", "SMART", "CA", "Recovery Dharma", "Celebrate Recovery"]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
TYPES = ["O", "C", "D", "BE", "B", "ST", "W", "M", "LGBTQ", "S", "X", "CF", "NO", "SP", "TR", "11", "ABSI"]
NAMES = ["Serenity", "New Hope", "Friday Night", "Early Bird", "Keep It Simple", "Just For Today",
         "Came to Believe", "Sunrise", "Happy Destiny", "Back to Basics", "Lunch Bunch", "Big Book Study"]
PLACES = ["St. Mark's Church", "Community Center", "Unity Hall", "Public Library, Room 2", "Alano Club"]
STREETS = ["Main St", "Oak Ave", "Federal Hwy", "Lake Shore Dr", "Colfax Ave", "Pine St", "2nd Ave"]
FIRST = ["Maria", "John", "Ann-Marie", "Luis", "Keisha", "Tom", "Priya", "Sam"]


def meeting_text(rng: random.Random, region: str) -> str:
    _, zone, state, city = REGIONS[region]
    hour, minute = rng.randrange(6, 22), rng.choice(["00", "15", "30"])
    days = rng.sample(DAYS, rng.choice([1, 1, 1, 2, 3]))
    day = days[0] if len(days) == 1 else "[" + ", ".join(days) + "]"
    lines = [
        "# yaml-language-server: $schema=../../../schemas/meeting.schema.json",
        f"name: {rng.choice(NAMES)} Group",
        f"program: {rng.choice(PROGRAMS)}",
        f"day: {day}",
        f"time: {hour:02d}:{minute}",
        f"end_time: {hour + 1:02d}:{minute}",
        "types: [" + ", ".join(rng.sample(TYPES, rng.randrange(1, 5))) + "]",
    ]
    online = region == "online" or rng.random() < 0.25
    if region == "online":
        lines.append(f"timezone: {rng.choice(['America/New_York', 'America/Chicago', 'Europe/London'])}")
    else:
        lines += [
            f"location: {rng.choice(PLACES)}",
            f"address: {rng.randrange(1, 9999)} {rng.choice(STREETS)}",
            f"city: {city}",
            f"state: {state}",
            f"postal_code: '{rng.randrange(1000, 99999):05d}'",
            "country: US",
            f"latitude: {rng.uniform(25, 48):.5f}",
            f"longitude: {rng.uniform(-123, -70):.5f}",
        ]
        if rng.random() < 0.4:
            lines.append("location_notes: Side entrance by the parking lot; the room is downstairs.")
    if online:
        lines += [
            f"conference_url: https://zoom.us/j/{rng.randrange(10**9, 10**10)}",
            f"conference_url_notes: 'Passcode: {rng.randrange(100000, 999999)}'",
        ]
        if rng.random() < 0.5:
            lines.append(f"conference_phone: +1 646 555 {rng.randrange(1000, 9999)}")
    if rng.random() < 0.6:
        lines.append("notes: >-\n  Newcomers welcome. Literature is available; coffee from 15 minutes before.\n"
                     "  Please silence phones.")
    if rng.random() < 0.5:
        lines += ["contacts:", f"  - name: {rng.choice(FIRST)} {rng.choice('ABCDKLMRST')}.",
                  f"    phone: 561-555-{rng.randrange(1000, 9999)}"]
    verified = TODAY - dt.timedelta(days=rng.randrange(0, 400))
    lines.append(f"last_verified: {verified.isoformat()}")
    return "\n".join(lines) + "\n"


def generate(root: Path, files: int, seed: int) -> Path:
    rng = random.Random(seed)
    data = root / "data"
    regions = ["# yaml-language-server: $schema=../schemas/regions.schema.json"]
    for slug, (name, zone, _, _) in REGIONS.items():
        regions += [f"{slug}:", f"  name: {name}"] + ([f"  timezone: {zone}"] if zone else [])
        (data / "meetings" / slug).mkdir(parents=True, exist_ok=True)
    (data / "regions.yaml").write_text("\n".join(regions) + "\n", encoding="utf-8")
    slugs = list(REGIONS)
    for i in range(files):
        region = slugs[i % len(slugs)]
        path = data / "meetings" / region / f"meeting-{i:05d}.yaml"
        path.write_text(meeting_text(rng, region), encoding="utf-8")
    return data


def time_reload(data: Path) -> dict[str, float | int]:
    """A cached load, then the same load after one meeting file is edited, as in `mkdocs serve`."""
    # Files written in the last 2 s are checked by content on the next load (coarse file clocks);
    # a served directory's files are older than that, except the one just edited.
    time.sleep(max(0.0, 2.1 - (time.time() - max(p.stat().st_ctime for p in (data / "meetings").rglob("*.yaml")))))
    cache = ListingCache()
    start = time.perf_counter()
    load_directory(data, today=TODAY, cache=cache)
    first = time.perf_counter() - start
    edited = min((data / "meetings").rglob("*.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    start, cpu_start = time.perf_counter(), time.process_time()
    directory, problems = load_directory(data, today=TODAY, cache=cache)
    reload, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    assert not problems and any(m.name.startswith("Renamed ") for m in directory.meetings)
    return {"cached_first_load_s": round(first, 3), "reload_s": round(reload, 3), "reload_cpu_s": round(cpu, 3),
            "reload_reused": cache.reused, "reload_validated": cache.validated}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="meeting files to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary to stderr")
    parser.add_argument("--reload", action="store_true", help="also time a cached reload after editing one file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="peerdir-bench-") as tmp:
        root = args.keep or Path(tmp)
        data = generate(root, args.files, args.seed)
        load_directory(data, today=TODAY)  # warm up: imports, vocabulary, zoneinfo caches, disk cache
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start, cpu_start = time.perf_counter(), time.process_time()
        directory, problems = load_directory(data, today=TODAY)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        reload = time_reload(data) if args.reload else {}
    if problems:  # the generator must produce valid data, or the timing measures error paths
        print("\n".join(p.as_text() for p in problems[:10]), file=sys.stderr)
        return 1
    result = {
        "files": args.files,
        "validate_s": round(elapsed, 3),
        "per_file_ms": round(elapsed * 1000 / max(args.files, 1), 4),
        "cpu_s": round(cpu, 3),  # close to validate_s unless other processes compete for the CPU
        "meetings_loaded": len(directory.meetings),
        **reload,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
