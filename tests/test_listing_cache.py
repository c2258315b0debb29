"""ListingCache: a reload in the same process (mkdocs serve) reuses unchanged listings, exactly.

Every test compares the cached load with a plain load of the same folder: the cache may save work,
never change a result.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import peerdir.loading.cache
import peerdir.loading.load
from peerdir.diagnostics import Problem
from peerdir.directory import Directory
from peerdir.loading import ListingCache, load_directory

TODAY = dt.date(2026, 11, 23)
RULES = Path(__file__).resolve().parent / "rules"
REGIONS = ("chicago:\n  name: Chicago, IL\n  timezone: America/Chicago\n"
           "online:\n  name: Online\n")


def meeting(name: str = "Friday Night Group", **extra: str) -> str:
    fields = {"name": name, "program": "AA", "day": "Friday", "time": "19:30", "address": "1 Main St",
              "city": "Chicago", "last_verified": "2026-11-01", **extra}
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


ONLINE = "name: Online Group\nprogram: NA\nday: Monday\ntime: 20:00\ntimezone: America/New_York\n" \
         "conference_url: https://zoom.us/j/123\nlast_verified: 2026-11-01\n"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = Path("data")
    (root / "meetings" / "chicago").mkdir(parents=True)
    (root / "meetings" / "online").mkdir()
    (root / "homes").mkdir()
    (root / "regions.yaml").write_text(REGIONS, encoding="utf-8")
    for i in range(5):
        write(root / "meetings" / "chicago" / f"group-{i}.yaml", meeting(f"Group {i}"))
    write(root / "meetings" / "online" / "online-group.yaml", ONLINE)
    return root


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def age(path: Path, seconds: float = 60) -> None:
    """Make a file look written a while ago (its ctime stays new: see `settled`)."""
    stamp = path.stat().st_mtime_ns - int(seconds * 1e9)
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust stat for files written before the load, however recently: the stat-only path."""
    monkeypatch.setattr(ListingCache, "SETTLE_NS", -10**12)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the listing files read from disk during the test."""
    seen: list[str] = []
    real = peerdir.loading.load.read_bytes

    def counting(path: Any) -> bytes:
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(peerdir.loading.load, "read_bytes", counting)  # a load without the cache
    monkeypatch.setattr(peerdir.loading.cache, "read_bytes", counting)  # a load with it
    return seen


def snapshot(directory: Directory) -> list[tuple[Any, ...]]:
    return [(kind, item.region, item.slug, item.source, getattr(item, "zone", None), item.model_dump())
            for kind in ("meetings", "homes", "communities") for item in getattr(directory, kind)]


def load_both(data: Path, cache: ListingCache, today: dt.date = TODAY) -> tuple[Directory, list[Problem]]:
    """The cached load, checked against a load without the cache."""
    cached, problems = load_directory(data, today=today, cache=cache)
    plain, plain_problems = load_directory(data, today=today)
    assert problems == plain_problems
    assert snapshot(cached) == snapshot(plain)
    assert cached.files_checked == plain.files_checked
    assert cached.regions == plain.regions
    return cached, problems


def test_unchanged_files_are_reused_without_reading_them(data: Path, settled: None, reads: list[str]) -> None:
    cache = ListingCache()
    first, problems = load_both(data, cache)
    assert not problems and len(first.meetings) == 6
    assert (cache.reused, cache.validated, len(cache)) == (0, 6, 6)
    reads.clear()
    second, _ = load_both(data, cache)
    assert (cache.reused, cache.validated) == (6, 0)
    assert [r for r in reads if r.endswith(".yaml")].count("group-0.yaml") == 1  # only the plain load read it
    assert all(a is b for a, b in zip(first.meetings, second.meetings, strict=True))  # the same validated objects


def test_recently_written_files_are_compared_by_content(data: Path, reads: list[str]) -> None:
    cache = ListingCache()
    load_both(data, cache)
    reads.clear()
    _, problems = load_directory(data, today=TODAY, cache=cache)
    # Written a moment ago: stat alone cannot be trusted yet, so each file is read, not validated.
    assert not problems and (cache.reused, cache.validated) == (6, 0)
    assert len(reads) == 6


def test_a_changed_file_is_read_and_validated_again(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    path = data / "meetings" / "chicago" / "group-2.yaml"
    write(path, meeting("Group Two"))
    directory, problems = load_both(data, cache)
    assert not problems and (cache.reused, cache.validated) == (5, 1)
    assert [m.name for m in directory.meetings if m.slug == "group-2"] == ["Group Two"]


def test_a_same_size_change_with_the_old_mtime_is_still_seen(data: Path) -> None:
    # Seen by its ctime, or, when that falls in the same clock tick, because a file this recent is
    # compared by content: either way, never the stale listing.
    path = data / "meetings" / "chicago" / "group-3.yaml"
    age(path)
    cache = ListingCache()
    load_both(data, cache)
    before = path.stat()
    write(path, meeting("Group 9"))  # same length as "Group 3"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p or an archive would
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    directory, _ = load_both(data, cache)
    assert [m.name for m in directory.meetings if m.slug == "group-3"] == ["Group 9"]
    assert cache.validated == 1


def test_touching_a_file_without_changing_it_reuses_it(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    (data / "meetings" / "chicago" / "group-1.yaml").touch()
    load_both(data, cache)
    assert (cache.reused, cache.validated) == (6, 0)


def test_a_removed_file_is_gone(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    (data / "meetings" / "chicago" / "group-4.yaml").unlink()
    directory, _ = load_both(data, cache)
    assert "group-4" not in [m.slug for m in directory.meetings]
    assert (cache.reused, cache.validated, len(cache)) == (5, 0, 5)


def test_a_new_file_is_added(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    write(data / "meetings" / "chicago" / "group-5.yaml", meeting("Group 5"))
    directory, _ = load_both(data, cache)
    assert "group-5" in [m.slug for m in directory.meetings]
    assert (cache.reused, cache.validated) == (6, 1)


def test_a_bad_file_is_validated_and_reported_every_time(data: Path, settled: None) -> None:
    cache = ListingCache()
    bad = data / "meetings" / "chicago" / "group-1.yaml"
    write(bad, meeting("Group 1", day="Firday"))
    _, first = load_both(data, cache)
    _, second = load_both(data, cache)
    assert first == second and [p.field for p in first] == ["day"]
    assert first[0].path == "data/meetings/chicago/group-1.yaml" and first[0].line == 3
    assert (cache.reused, cache.validated, len(cache)) == (5, 1, 5)


def test_a_good_file_broken_by_an_edit_is_reported_and_dropped(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    write(data / "meetings" / "chicago" / "group-0.yaml", "name: [unclosed\n")
    directory, problems = load_both(data, cache)
    assert [p.path for p in problems] == ["data/meetings/chicago/group-0.yaml"]
    assert "group-0" not in [m.slug for m in directory.meetings]
    write(data / "meetings" / "chicago" / "group-0.yaml", meeting("Group 0"))
    directory, problems = load_both(data, cache)
    assert not problems and "group-0" in [m.slug for m in directory.meetings]


def test_a_duplicate_name_across_cached_and_new_files_is_reported(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    write(data / "meetings" / "online" / "group-2.yaml", ONLINE)  # same name as a cached chicago file
    directory, problems = load_both(data, cache)
    assert [(p.path, p.message.split(";")[0]) for p in problems] == [
        ("data/meetings/online/group-2.yaml", "the name 'group-2' is already used by data/meetings/chicago/group-2.yaml")]
    assert [m.region for m in directory.meetings if m.slug == "group-2"] == ["chicago"]
    (data / "meetings" / "chicago" / "group-2.yaml").unlink()  # now the online one is the only one
    directory, problems = load_both(data, cache)
    assert not problems and [m.region for m in directory.meetings if m.slug == "group-2"] == ["online"]


def test_a_region_change_applies_to_cached_listings(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    write(data / "regions.yaml", REGIONS.replace("  timezone: America/Chicago\n", ""))
    directory, problems = load_both(data, cache)  # chicago meetings give no zone of their own
    assert {(p.field, p.message.split(":")[0]) for p in problems} == {("timezone", "no time zone")}
    assert len(problems) == 5 and [m.slug for m in directory.meetings] == ["online-group"]
    write(data / "regions.yaml", REGIONS.replace("America/Chicago", "America/Denver"))
    directory, problems = load_both(data, cache)
    assert not problems and {m.zone for m in directory.meetings if m.region == "chicago"} == {"America/Denver"}
    write(data / "regions.yaml", "online:\n  name: Online\n")  # chicago no longer a region
    directory, problems = load_both(data, cache)
    assert len(problems) == 5 and all("is not listed in" in p.message for p in problems)
    assert [m.slug for m in directory.meetings] == ["online-group"]


def test_today_programs_and_folder_changes_validate_everything_again(data: Path, settled: None,
                                                                     tmp_path: Path) -> None:
    cache = ListingCache()
    load_both(data, cache)
    load_both(data, cache, today=TODAY + dt.timedelta(days=1))
    assert (cache.reused, cache.validated) == (0, 6)
    load_both(data, cache, today=TODAY + dt.timedelta(days=1))
    assert (cache.reused, cache.validated) == (6, 0)
    write(data / "programs.yaml", "- name: Gamblers Anonymous\n  aliases: [GA]\n")
    load_both(data, cache, today=TODAY + dt.timedelta(days=1))
    assert (cache.reused, cache.validated) == (0, 6)
    shutil.copytree(data, tmp_path / "other")
    load_both(tmp_path / "other", cache, today=TODAY + dt.timedelta(days=1))
    assert (cache.reused, cache.validated) == (0, 6)


def test_last_verified_in_the_future_is_caught_when_today_moves_back(data: Path, settled: None) -> None:
    cache = ListingCache()
    load_both(data, cache)
    _, problems = load_both(data, cache, today=dt.date(2026, 10, 1))
    assert len(problems) == 6 and {p.field for p in problems} == {"last_verified"}


def test_without_a_cache_nothing_is_kept(data: Path) -> None:
    cache = ListingCache()
    load_directory(data, today=TODAY)
    assert len(cache) == 0 and cache.reused == cache.validated == 0


@pytest.mark.parametrize("name", sorted(p.name for p in RULES.iterdir() if p.is_dir()))
def test_every_rule_example_reports_the_same_with_a_cache(name: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(RULES / name, tmp_path / name, ignore=shutil.ignore_patterns("expected.txt"))
    monkeypatch.chdir(tmp_path / name)
    monkeypatch.setattr(ListingCache, "SETTLE_NS", -10**12)
    content = Path("content") if Path("content").is_dir() else None
    cache = ListingCache()
    plain = load_directory(Path("data"), content, today=TODAY)[1]
    assert load_directory(Path("data"), content, today=TODAY, cache=cache)[1] == plain
    assert load_directory(Path("data"), content, today=TODAY, cache=cache)[1] == plain
