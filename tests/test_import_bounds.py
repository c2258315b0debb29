"""`peerdir import meeting-guide` on hostile feeds: the whole feed is checked before anything is
written, every refused record is reported with its field, and nothing crashes (issue 16, item 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.formats.meeting_guide_import import SourceError, import_feed, read_source
from peerdir.loading import load_directory

TODAY = dt.date(2026, 11, 23)
ZONE = "America/Chicago"
GOOD = {"name": "Good Group", "slug": "good-group", "day": 1, "time": "19:00", "address": "1 Main St",
        "city": "Tupelo", "state": "MS", "updated": "2026-11-01 10:00:00"}


def record(**fields: object) -> dict:
    return {**GOOD, "slug": None, **fields}


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize("bad, field", [
    (record(name="Long Zone", timezone="A" * 300), "timezone"),
    (record(name="Deep Zone", timezone="A/" * 247 + "B"), "timezone"),
    (record(name="Evil\u202eName"), "name"),
    (record(name="Esc", notes="Bring\x1b[31m a friend"), "notes"),
    (record(name="Filler", location="Room\u3164 2"), "location"),
    (record(name="Long", group="x" * 301), "group"),
    (record(name="Region", region="Tupelo\u2066 North", city=None), "region"),
])
def test_a_bad_record_anywhere_means_nothing_is_written(tmp_path: Path, bad: dict, field: str) -> None:
    data = tmp_path / "data"
    report = import_feed([GOOD, bad, record(name="Later Group")], data, timezone=ZONE, today=TODAY, program="AA")
    assert files_under(data) == []  # not the good records before it, not regions.yaml
    assert not report.ok and report.imported == [] and report.changed == []
    [(label, why)] = report.refused
    assert label.startswith("record 2 (") and why.startswith(f"{field}")
    assert report.lines()[0].startswith("nothing written: 1 record")


def test_every_refused_record_is_reported(tmp_path: Path) -> None:
    feed = [record(name="A", timezone="A" * 300), GOOD, record(name="B\x00"), record(name="C", notes="a\u2028b")]
    report = import_feed(feed, tmp_path / "data", timezone=ZONE, today=TODAY, program="AA")
    assert [label.split(" (")[0] for label, _ in report.refused] == ["record 1", "record 3", "record 4"]
    assert "U+0000" in report.refused[1][1] and "U+2028" in report.refused[2][1]


def test_report_labels_show_invisible_characters_and_stay_short(tmp_path: Path) -> None:
    report = import_feed([record(name="Evil\u202e\x1b[2J" + "x" * 200)], tmp_path / "data", timezone=ZONE, today=TODAY, program="AA")
    [(label, _)] = report.refused
    assert "<U+202E>" in label and "<U+001B>" in label and "\x1b" not in label and len(label) < 80


def test_joined_contact_names_are_reduced_to_first_name_and_initial(tmp_path: Path) -> None:
    feed = [record(name=f"Group {i}", contact_1_name=name) for i, name in
            enumerate(["Maria-Kowalski", "MariaKowalski", "Maria_Kowalski", "Maria\u3164Kowalski", "Maria’Kowalski"])]
    data = tmp_path / "data"
    report = import_feed(feed, data, timezone=ZONE, today=TODAY, program="AA")
    assert report.ok, report.lines()
    directory, problems = load_directory(data, today=TODAY)
    assert problems == []
    assert {meeting.contacts[0].name for meeting in directory.meetings} == {"Maria K."}
    assert sum("shortened to first name and initial: Maria K." in note for _, note in report.notes) == 5


def test_unsafe_conference_urls_are_left_out_with_a_note(tmp_path: Path) -> None:
    feed = [record(conference_url='https://zoom.us/j/1"><script>alert(1)</script>')]
    report = import_feed(feed, tmp_path / "data", timezone=ZONE, today=TODAY, program="AA")
    assert report.ok and report.imported
    assert any("left out" in note and "'\"'" in note for _, note in report.notes)
    text = files_under(tmp_path / "data" / "meetings")[0].read_text(encoding="utf-8")
    assert "script" not in text and "conference_url" not in text


def test_a_well_shaped_unknown_zone_still_falls_back_with_a_note(tmp_path: Path) -> None:
    report = import_feed([record(timezone="Mars/Olympus")], tmp_path / "data", timezone=ZONE, today=TODAY, program="AA")
    assert report.ok and any("Mars/Olympus" in note for _, note in report.notes)


def test_region_keys_that_are_not_slugs_are_never_folders(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "regions.yaml").write_text('"../escape":\n  name: Tupelo\n  timezone: America/Chicago\n', encoding="utf-8")
    import_feed([record(region="Tupelo")], data, timezone=ZONE, today=TODAY, program="AA", check=False)
    assert not (tmp_path / "escape").exists()
    assert all(data in p.parents for p in files_under(tmp_path))


@pytest.mark.parametrize("option, value", [("timezone", "A" * 300), ("timezone", "A/" * 247 + "B"),
                                           ("region", "a" * 300)])
def test_bad_options_are_usage_errors_before_anything_is_read(tmp_path: Path, option: str, value: str) -> None:
    with pytest.raises(SourceError):
        import_feed([GOOD], tmp_path / "data", program="AA", **{option: value})  # type: ignore[arg-type]
    assert files_under(tmp_path / "data") == []


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '[{"latitude": ' + "9" * 5000 + "}]"])
def test_unreadable_json_is_a_source_error(tmp_path: Path, text: str) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="not a feed peerdir can read"):
        read_source(feed)


def test_cli_refused_feed_exits_1_writes_nothing_and_names_the_record(tmp_path: Path, capsys) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([GOOD, record(name="Long Zone", timezone="A" * 300)]), encoding="utf-8")
    data = tmp_path / "data"
    assert main(["import", "meeting-guide", str(feed), "--data", str(data), "--timezone", ZONE, "--program", "AA"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("nothing written") and "refused record 2 (Long Zone): timezone:" in out
    assert files_under(data) == []
