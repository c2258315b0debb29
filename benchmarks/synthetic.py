"""A deterministic synthetic directory: N meetings over many regions and time zones, N/10 homes,
N/30 online communities, plus the project's sample articles. Same seed, same files, every time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
         "America/Anchorage", "Pacific/Honolulu"]
PROGRAMS = ["AA", "AA", "AA", "NA", "NA", "CA", "Al-Anon", "SMART", "Recovery Dharma", "CMA", "LifeRing"]
TYPES = ["O", "C", "D", "SP", "B", "ST", "BE", "W", "M", "S", "X", "LGBTQ", "Y", "MED", "NO", "TR", "LIT"]
WORDS = ["Serenity", "Hope", "Sunrise", "Freedom", "New Day", "Promises", "Gratitude", "Keep Coming Back",
         "Courage", "Harmony", "Lifeline", "Miracle", "Unity", "Step Up", "Daily Reprieve", "Open Door"]
STREETS = ["Main St", "Oak Ave", "Maple Dr", "Church St", "Park Blvd", "Elm St", "Cedar Ln", "Lake Rd"]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
VERIFIED_UP_TO = dt.date(2026, 11, 1)


OUT = ROOT / "benchmarks" / "out"
_STAMP = ".synthetic.json"


@dataclass(frozen=True)
class Trash:
    """Old output is moved into `<root>/.trash` instead of being deleted, and deleted after the timings.

    A filesystem without a journal (ext4 here) skips inodes freed in the last 60 to 300 seconds
    when it makes new files, and every skip costs a look-up: a build that starts right after
    deleting the last build's 30,000 files spends several times longer in the kernel.
    """

    root: Path = OUT

    @property
    def folder(self) -> Path:
        return self.root / ".trash"

    def discard(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            path.rename(self.folder / f"{time.time_ns()}-{path.name}")

    def empty(self) -> None:
        """Delete what `discard` moved aside; call it once the timings are taken."""
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)
            self._emptied.write_text(str(time.time()), encoding="utf-8")

    def warn_if_recently_emptied(self, window_s: float = 300) -> None:
        """Say so on stderr when the last run's deletions may still slow this one."""
        try:
            ago = time.time() - float(self._emptied.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if ago < window_s:
            print(f"note: the last benchmark deleted its old output {ago:.0f} s ago; on a filesystem without a "
                  f"journal this run's file creation may be slower (wait {window_s - ago:.0f} s for clean figures)",
                  file=sys.stderr)

    @property
    def _emptied(self) -> Path:
        return self.root / ".trash-emptied"


def generate(out: Path, meetings: int, seed: int = 7, trash: Trash = Trash(), homes: int | None = None,
             communities: int | None = None) -> dict[str, int]:
    """Write the directory into `out` (data/, plus the project's content, overrides, hooks and
    mkdocs.yml): `meetings`, and `homes` and `communities` (N/10 and N/30 when None). Data written
    by the same generator with the same figures is kept as it is."""
    counts = _counts(meetings, homes, communities)
    stamp = {**counts, "seed": seed, "generator": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}
    _copy_content(out, trash)  # always fresh: the hook and templates are what is being measured
    if _read_stamp(out) == stamp and (out / "data" / "regions.yaml").is_file():
        return counts
    trash.discard(out / "data")
    _write_data(out / "data", counts, random.Random(seed))
    (out / _STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    return counts


def _counts(meetings: int, homes: int | None = None, communities: int | None = None) -> dict[str, int]:
    return {"meetings": meetings, "homes": meetings // 10 if homes is None else homes,
            "communities": meetings // 30 if communities is None else communities,
            "regions": max(4, meetings // 250) + 1}


def _read_stamp(out: Path) -> dict | None:
    try:
        return json.loads((out / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_data(data: Path, counts: dict[str, int], rng: random.Random) -> None:
    meetings, regions = counts["meetings"], counts["regions"] - 1  # the last region is "online"
    region_slugs = [f"region-{i:03d}" for i in range(regions)]
    lines = [f"{slug}:\n  name: Synthetic Region {i}\n  timezone: {ZONES[i % len(ZONES)]}\n"
             for i, slug in enumerate(region_slugs)]
    lines.append("online:\n  name: Online\n")
    _write(data / "regions.yaml", "".join(lines))
    for i in range(meetings):
        region = "online" if i % 20 == 0 else region_slugs[i % regions]
        _write(data / "meetings" / region / f"meeting-{i:06d}.yaml", _meeting(rng, i, region == "online"))
    for i in range(counts["homes"]):
        _write(data / "homes" / region_slugs[i % regions] / f"home-{i:06d}.yaml", _home(rng, i))
    for i in range(counts["communities"]):
        _write(data / "communities" / f"community-{i:06d}.yaml", _community(rng, i))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _verified(rng: random.Random) -> str:
    return (VERIFIED_UP_TO - dt.timedelta(days=rng.randrange(0, 400))).isoformat()


def _meeting(rng: random.Random, i: int, online_region: bool) -> str:
    days = sorted(rng.sample(range(7), rng.choice([1, 1, 1, 2, 3])))
    start = rng.randrange(6 * 4, 23 * 4) * 15
    mode = "online" if online_region else rng.choice(["in_person"] * 7 + ["online"] * 2 + ["hybrid"])
    out = [f"name: {rng.choice(WORDS)} Group {i}", f"program: {rng.choice(PROGRAMS)}",
           f"day: [{', '.join(DAYS[d] for d in days)}]", f"time: {start // 60:02d}:{start % 60:02d}"]
    if rng.random() < 0.6:
        end = start + rng.choice([60, 60, 90])
        out.append(f"end_time: {end // 60 % 24:02d}:{end % 60:02d}")
    out.append(f"types: [{', '.join(rng.sample(TYPES, rng.randrange(1, 5)))}]")
    if online_region:
        out.append(f"timezone: {rng.choice(ZONES)}")
    if mode != "online":
        out += [f"location: {rng.choice(WORDS)} Hall", f"address: {rng.randrange(1, 9999)} {rng.choice(STREETS)}",
                f"city: Town {i % 97}", "state: ST", f"postal_code: '{rng.randrange(10000, 99999)}'"]
        if rng.random() < 0.5:
            out += [f"latitude: {rng.uniform(25, 48):.5f}", f"longitude: {rng.uniform(-123, -70):.5f}"]
    if mode != "in_person":
        out += [f"conference_url: https://zoom.us/j/{5550000000 + i}", "conference_url_notes: Passcode 1234"]
    if rng.random() < 0.3:
        out.append("notes: Newcomers welcome. Literature is available at the door; coffee from 6:45.")
    if rng.random() < 0.3:
        out += ["contacts:", f"  - name: Sam {chr(65 + i % 26)}.", f"    phone: 555-01{i % 100:02d}"]
    out.append(f"last_verified: {_verified(rng)}")
    return "\n".join(out) + "\n"


def _home(rng: random.Random, i: int) -> str:
    beds = rng.randrange(3, 16)
    return "\n".join([
        f"name: {rng.choice(WORDS)} House {i}", "operator: Example Recovery Homes",
        f"gender: {rng.choice(['men', 'women', 'any'])}", f"narr_level: {rng.randrange(1, 5)}",
        f"beds: {beds}", f"vacancies: {rng.randrange(0, beds)}", f"vacancies_as_of: {_verified(rng)}",
        "cost:", f"  amount: {rng.randrange(120, 300)}", "  per: week",
        f"accepts_mat: {rng.choice(['true', 'false'])}", "phone: 555-0100",
        *_home_place(rng, i),
        f"last_verified: {_verified(rng)}", ""])


def _home_place(rng: random.Random, i: int) -> list[str]:
    """City and state; the street only for a home that publishes it (a private home's file keeps none)."""
    public = rng.choice([False, False, True])
    street = [f"address: {rng.randrange(1, 9999)} Private Home Way {i}"] if public else []
    return [*street, f"city: Town {i % 97}", "state: ST", f"postal_code: '{rng.randrange(10000, 99999)}'",
            f"address_visibility: {'public' if public else 'city'}"]


def _community(rng: random.Random, i: int) -> str:
    return "\n".join([
        f"name: {rng.choice(WORDS)} Online {i}", f"url: https://community-{i}.example.org/",
        f"format: {rng.choice(['forum', 'chat', 'video meetings', 'app'])}",
        f"approach: [{rng.choice(['12-step', 'smart', 'secular'])}]", "cost: free",
        "anonymous: true", "moderated: true", "hours: 24/7", f"last_verified: {_verified(rng)}", ""])


def _copy_content(out: Path, trash: Trash) -> None:
    """The project's hand-written pages, mkdocs.yml and overrides, so the benchmark builds the real site."""
    for name in ("content", "overrides", "hooks"):
        trash.discard(out / name)
        shutil.copytree(ROOT / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")
