"""`peerdir import bmlt`: a BMLT root server's GetSearchResults and GetFormats JSON become meeting files
(issue 18, item 9). The fixtures are made up, in BMLT's own field names and shapes (every value a string)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from peerdir.cli import main
from peerdir.formats import bmlt_import
from peerdir.formats.bmlt_import import import_bmlt
from peerdir.formats.meeting_guide import export_records
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo

FIXTURES = Path(__file__).parent / "fixtures" / "bmlt"
RESULTS = FIXTURES / "search_results.json"
FORMATS = FIXTURES / "formats.json"
TODAY = dt.date(2026, 11, 23)
HOST = "bmlt-example-na-org"


def meeting_file(data: Path, region: str, bmlt_id: int) -> dict[str, Any]:
    return yaml.safe_load((data / "meetings" / region / f"{HOST}-{bmlt_id}.yaml").read_text(encoding="utf-8"))


def zone_of(data: Path, region: str, meeting: dict[str, Any]) -> str:
    """The meeting's own zone, or its region's (a file leaves out a zone its region has)."""
    regions = yaml.safe_load((data / "regions.yaml").read_text(encoding="utf-8"))
    return meeting.get("timezone") or regions[region]["timezone"]


def all_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bmlt_import.BmltReport]:
    data = tmp_path_factory.mktemp("bmlt") / "data"
    report = import_bmlt(RESULTS, FORMATS, data, today=TODAY)
    return data, report


def test_the_whole_server_is_imported_and_valid(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, report = imported
    assert report.ok, report.lines()
    assert len(report.feed.imported) == 11 and report.feed.problems == []
    _directory, problems = load_directory(data, today=TODAY)
    assert problems == []
    lines = "\n".join(report.lines())
    assert "left out 1 unpublished BMLT meeting(s): meeting 12 (id 5001)" in lines
    assert not list(data.rglob(f"{HOST}-5001.yaml"))
    assert "not kept: bus_lines (1), location_neighborhood (1), train_lines (1)" in lines


def test_in_person_fields(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, _ = imported
    meeting = meeting_file(data, "philadelphia", 1001)
    assert meeting == meeting | {
        "name": "Market Street Recovery", "program": "NA", "day": "Monday", "time": "19:30", "end_time": "21:00",
        "location": "Friends Center", "address": "1501 Cherry St",
        "city": "Philadelphia", "state": "PA", "postal_code": "19102", "country": "US",
        "location_notes": "Use the side door on 15th St", "latitude": 39.9526, "longitude": -75.1652,
        "notes": "Bring a friend"}
    assert sorted(meeting["types"]) == ["BT", "O", "X"]  # BT, OPEN, WCHR by world_id
    assert zone_of(data, "philadelphia", meeting) == "America/New_York"
    assert "conference_url" not in meeting


def test_virtual_meeting_is_online_only(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, report = imported
    meeting = meeting_file(data, "pittsburgh", 1002)
    assert meeting["day"] == "Sunday" and meeting["time"] == "07:00" and meeting["end_time"] == "08:00"
    assert meeting["conference_url"] == "https://zoom.us/j/82900440659"
    assert meeting["conference_url_notes"] == "Meeting ID 829 0044 0659, passcode 1234"
    assert meeting["conference_phone"] == "+16465588656,,82900440659#"  # the whole dial string
    assert "address" not in meeting and "location" not in meeting and "latitude" not in meeting
    assert meeting["city"] == "Pittsburgh" and meeting["country"] == "US" and meeting["approximate"] is True
    assert sorted(meeting["types"]) == ["C", "JFT"]  # VM is how, not a type
    assert (f"{HOST}-1002", "venue_type 2 (virtual): location_text, location_street not kept as a place to go") \
        in report.conversion.notes


def test_hybrid_keeps_place_and_link(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, _ = imported
    meeting = meeting_file(data, "pittsburgh", 1003)
    assert meeting["day"] == "Saturday" and meeting["address"] == "400 Penn Ave"
    assert meeting["conference_url"] == "https://meet.example.org/steps"
    assert sorted(meeting["types"]) == ["O", "ST"]  # HY is how, not a type


def test_temporarily_closed_keeps_address_and_tc(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, _ = imported
    closed = meeting_file(data, "philadelphia", 1004)
    assert sorted(closed["types"]) == ["C", "TC"] and closed["address"] == "22 Elm St"
    online_for_now = meeting_file(data, "philadelphia", 1005)
    assert sorted(online_for_now["types"]) == ["O", "TC"] and online_for_now["address"] == "9 Main St"
    assert online_for_now["conference_url"] == "https://zoom.us/j/5550100231"


@pytest.mark.parametrize("region, bmlt_id, fields, types", [
    ("edmonton", 2001, {"address": "8405 83 Street NW", "city": "Edmonton", "state": "Alberta",
                        "postal_code": "T6C 2Z2", "country": "CA", "timezone": "America/Edmonton"}, ["O", "S"]),
    ("london", 3001, {"address": "12 High Street", "city": "London", "state": "Greater London",
                      "postal_code": "SW1A 1AA", "country": "GB", "timezone": "Europe/London"}, ["W"]),
    ("berlin", 3002, {"address": "Hauptstraße 5", "city": "Berlin", "postal_code": "10119", "country": "DE",
                      "timezone": "Europe/Berlin"}, ["EN", "LGBTQ"]),
    ("sydney", 4001, {"address": "483 George St", "city": "Sydney", "state": "NSW", "postal_code": "2000",
                      "country": "AU", "timezone": "Australia/Sydney"}, ["ASL"]),
])
def test_addresses_outside_the_us(imported: tuple[Path, bmlt_import.BmltReport], region: str, bmlt_id: int,
                                  fields: dict[str, str], types: list[str]) -> None:
    data, _ = imported
    meeting = meeting_file(data, region, bmlt_id)
    fields = dict(fields)
    assert zone_of(data, region, meeting) == fields.pop("timezone")
    assert meeting == meeting | fields
    assert set(types) <= set(meeting["types"])


def test_times_and_zones(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, _ = imported
    assert "end_time" not in meeting_file(data, "sydney", 4001)  # duration 24:00:00: no end to give
    late = meeting_file(data, "tupelo", 4002)
    assert (late["day"], late["time"], late["end_time"]) == ("Friday", "23:30", "00:30")
    no_zone = meeting_file(data, "tupelo", 4003)
    assert "timezone" not in no_zone  # the region's zone (America/Chicago, from the first Tupelo meeting)
    regions = yaml.safe_load((data / "regions.yaml").read_text(encoding="utf-8"))
    assert regions["tupelo"]["timezone"] == "America/Chicago"
    # [county, town]: Philadelphia under Philadelphia County
    assert regions["philadelphia"]["parent"] == "philadelphia-county"
    assert regions["philadelphia-county"]["name"] == "Philadelphia County"
    assert sorted(no_zone["types"]) == ["BE", "D"]


def test_formats_map_by_world_id_then_name(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, report = imported
    assert {"M", "SP", "CAN"} <= set(meeting_file(data, "tupelo", 4002)["types"])  # M, SPK, CAN; keys only
    assert (f"{HOST}-4002", "format 'XYZ' is not in the server's formats; kept as a type named by its key") \
        in report.conversion.notes


CUSTOM = {"IP": "Informational Pamphlet", "NS": "No Smoking", "L-R": "Lithuanian/Russian", "PI": "Pitch",
          "CPT": "Concepts", "NC": "No Children", "BMLT-TR": "Treatment Centre", "XYZ": "XYZ"}


def test_other_formats_are_declared_types_never_notes(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    data, report = imported
    declared = yaml.safe_load((data / "types.yaml").read_text(encoding="utf-8"))
    # TR is Meeting Guide's Tradition Study: the server's own TR (Treatment Centre) gets a code of its own.
    assert declared == {code: {"name": name} for code, name in CUSTOM.items()}
    assert sorted(report.declared_types) == sorted(CUSTOM)
    for region, bmlt_id, codes in [("london", 3001, {"W", "IP", "NS"}), ("berlin", 3002, {"LGBTQ", "EN", "L-R"}),
                                   ("sydney", 4001, {"ASL", "PI", "CPT", "NC", "BMLT-TR"}),
                                   ("tupelo", 4002, {"M", "SP", "CAN", "XYZ"})]:
        meeting = meeting_file(data, region, bmlt_id)
        assert set(meeting["types"]) == codes and "notes" not in meeting


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    import_bmlt(RESULTS, FORMATS, data, today=TODAY)
    before = all_files(data)
    again = import_bmlt(RESULTS, FORMATS, data, today=TODAY)
    assert again.feed.nothing_changed and again.declared_types == [] and len(again.feed.unchanged) == 11
    assert all_files(data) == before


def test_formats_inline_and_program_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inline = tmp_path / "results.json"
    inline.write_text(json.dumps({"meetings": json.loads(RESULTS.read_text(encoding="utf-8"))[:1],
                                  "formats": json.loads(FORMATS.read_text(encoding="utf-8"))}), encoding="utf-8")
    data = tmp_path / "data"
    assert main(["import", "bmlt", str(inline), "--data", str(data), "--program", "CA"]) == 0
    assert "imported 1," in capsys.readouterr().out
    assert meeting_file(data, "philadelphia", 1001)["program"] == "CA"


def test_slug_is_stable_per_server_and_id() -> None:
    assert bmlt_import.meeting_slug({"id_bigint": "0042", "root_server_uri": "https://www.na.org.au/main_server"}) \
        == "bmlt-na-org-au-42"
    assert bmlt_import.meeting_slug({"id_bigint": 7}) == "bmlt-7"
    assert bmlt_import.meeting_slug({"id_bigint": "7", "root_server_uri": "https://bmlt.org/"}) == "bmlt-bmlt-org-7"


# -- bad files: one clear line, never a traceback ----------------------------------------------
def run_cli(tmp_path: Path, results: str | bytes, formats: str | None = None) -> tuple[int, str, str]:
    source = tmp_path / "results.json"
    source.write_bytes(results.encode("utf-8") if isinstance(results, str) else results)
    formats_file = tmp_path / "formats.json"
    if formats is None:
        formats_file = FORMATS
    else:
        formats_file.write_text(formats, encoding="utf-8")
    return main(["import", "bmlt", str(source), "--formats", str(formats_file), "--data", str(tmp_path / "data")]), \
        str(source), str(formats_file)


@pytest.mark.parametrize("results, formats, message", [
    ("{not json", None, "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    (b"\xff\xfe[]", None, "not UTF-8 text"),
    ('{"a": 1}', None, "BMLT GetSearchResults is a JSON array of meetings; found an object"),
    ('[{"name": "x"}]', None, "no meeting with a weekday_tinyint: not BMLT GetSearchResults JSON"),
    ("[" * 100_000 + "]" * 100_000, None, "nested too deep"),
    ("[" + "9" * 5000 + "]", None, "a number too long to read"),
    ("[]", '{"x": 1}', "BMLT GetFormats is a JSON array of formats; found an object"),
    ("[]", '[{"name_string": "Open"}]', "format 1 has no key_string: not BMLT GetFormats JSON"),
])
def test_unreadable_files_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], results: str | bytes,
                                       formats: str | None, message: str) -> None:
    code, source, formats_path = run_cli(tmp_path, results, formats)
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"peerdir: {formats_path if formats else source}: ")
    assert not (tmp_path / "data").exists()


def test_a_file_too_big_is_refused_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bmlt_import, "MAX_FILE_BYTES", 1000)
    code, source, _ = run_cli(tmp_path, "[" + " " * 2000 + "]")
    assert code == 2 and capsys.readouterr().err == \
        f"peerdir: {source}: 2002 bytes; a BMLT GetSearchResults file peerdir reads is at most 1000 bytes\n"


def test_missing_formats_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "bmlt", str(RESULTS), "--data", str(tmp_path / "data")]) == 2
    assert "pass the server's formats with --formats FORMATS.json" in capsys.readouterr().err


def good(**fields: object) -> dict[str, object]:
    base = json.loads(RESULTS.read_text(encoding="utf-8"))[0]
    return {**base, **fields}


@pytest.mark.parametrize("bad, why", [
    (good(weekday_tinyint="8"), "weekday_tinyint '8' is not 1–7 (1 = Sunday)"),
    (good(weekday_tinyint="9" * 5000), "weekday_tinyint '" + "9" * 40 + "' is not 1–7 (1 = Sunday)"),
    (good(start_time="25:00:00"), "start_time '25:00:00' is not HH:MM:SS"),
    (good(start_time=["19:00"]), "start_time 'an array' is not HH:MM:SS"),
    (good(id_bigint="1" * 30), "id_bigint '" + "1" * 30 + "' is not a BMLT meeting id (digits)"),
    (good(id_bigint="../../etc"), "id_bigint '../../etc' is not a BMLT meeting id (digits)"),
    ("a string", "is a string, not a meeting object"),
])
def test_a_meeting_that_cannot_be_read_is_skipped_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           bad: object, why: str) -> None:
    code, _, _ = run_cli(tmp_path, json.dumps([bad, good(id_bigint="1002")]))
    out = capsys.readouterr().out
    assert code == 1 and f": {why}" in out and "imported 1," in out and "Traceback" not in out


def test_huge_values_refuse_the_file_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = [good(), good(id_bigint="1006", meeting_name="x" * 100_000, formats="O,Pi", format_shared_id_list="17,18")]
    code, _, _ = run_cli(tmp_path, json.dumps(feed))
    out = capsys.readouterr().out
    assert code == 1 and out.startswith("nothing written") and "Traceback" not in out
    assert not (tmp_path / "data" / "types.yaml").exists()  # the Pi type declared for it went with it
    assert not list((tmp_path / "data").rglob("*.yaml"))


def test_coordinates_out_of_range_are_not_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good(latitude="1e999", longitude="NaN")]), encoding="utf-8")
    assert import_bmlt(source, FORMATS, data, today=TODAY).ok
    meeting = meeting_file(data, "philadelphia", 1001)
    assert "latitude" not in meeting and "longitude" not in meeting


BODIES = FIXTURES / "service_bodies.json"


def test_service_body_is_the_region_of_a_meeting_with_no_town(tmp_path: Path) -> None:
    virtual = json.loads(RESULTS.read_text(encoding="utf-8"))[1] | {"location_municipality": "",
                                                                  "location_province": ""}
    source = tmp_path / "results.json"
    source.write_text(json.dumps([virtual]), encoding="utf-8")
    without = import_bmlt(source, FORMATS, tmp_path / "without", today=TODAY)
    assert not without.ok and "no region" in without.feed.skipped[0][1]
    data = tmp_path / "data"
    report = import_bmlt(source, FORMATS, data, service_bodies=BODIES, today=TODAY)
    assert report.ok, report.lines()
    meeting = meeting_file(data, "greater-example-area", 1002)
    assert meeting["conference_url"] == "https://zoom.us/j/82900440659" and "city" not in meeting
    assert meeting["district"] == "Greater Example Area"  # service_body_bigint 7


@pytest.mark.parametrize("bodies, message", [
    ('{"id": "1"}', "BMLT GetServiceBodies is a JSON array of service bodies; found an object"),
    ('[{"name": "Area"}]', "service body 1 has no id: not BMLT GetServiceBodies JSON (switcher=GetServiceBodies)"),
])
def test_unreadable_service_bodies_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], bodies: str,
                                                message: str) -> None:
    path = tmp_path / "bodies.json"
    path.write_text(bodies, encoding="utf-8")
    code = main(["import", "bmlt", str(RESULTS), "--formats", str(FORMATS), "--service-bodies", str(path),
                 "--data", str(tmp_path / "data")])
    assert code == 2 and capsys.readouterr().err == f"peerdir: {path}: {message}\n"


def test_our_meeting_guide_feed_gives_back_what_bmlt_said(imported: tuple[Path, bmlt_import.BmltReport]) -> None:
    """BMLT → files → our Meeting Guide feed: the day, times, zone, place, access and types come back."""
    data, _ = imported
    directory, problems = load_directory(data, today=TODAY)
    assert problems == []
    names = {slug: region.name for slug, region in directory.regions.items()}
    feed = {record["slug"]: record for record in export_records(directory.meetings, names, SiteInfo())}
    source = {m["id_bigint"]: m for m in json.loads(RESULTS.read_text(encoding="utf-8"))}
    for bmlt_id in ("1001", "1002", "1003", "1004", "1005", "2001", "3001", "3002", "4001", "4002"):
        bmlt, ours = source[bmlt_id], feed[f"{HOST}-{bmlt_id}"]
        assert ours["name"] == bmlt["meeting_name"]
        assert ours["day"] == int(bmlt["weekday_tinyint"]) - 1 and ours["time"] == bmlt["start_time"][:5]
        assert ours["timezone"] == bmlt["time_zone"]
        for ours_key, bmlt_key in [("city", "location_municipality"), ("conference_url", "virtual_meeting_link"),
                                   ("conference_phone", "phone_meeting_number")]:
            assert ours.get(ours_key, "") == bmlt[bmlt_key], (bmlt_id, ours_key)
        if bmlt["venue_type"] != "2":
            assert ours["address"] == bmlt["location_street"]
            assert ours.get("postal_code", "") == bmlt["location_postal_code_1"]
    assert sorted(feed[f"{HOST}-4001"]["types"]) == ["ASL", "BMLT-TR", "CPT", "NC", "PI"]
    assert feed[f"{HOST}-4002"]["end_time"] == "00:30"
    assert "TC" in feed[f"{HOST}-1004"]["types"]  # closed for now, no link: still in the feed, as TC


def test_hostile_format_names_never_reach_types_yaml(tmp_path: Path) -> None:
    formats = [{"key_string": "EV", "name_string": "Evil\x1b[2J\u202e", "id": "90", "world_id": ""},
               {"key_string": "LONG", "name_string": "word " * 2000, "id": "91", "world_id": ""},
               {"key_string": "\x1b", "name_string": "\x07", "id": "92", "world_id": "??"}]
    (tmp_path / "formats.json").write_text(json.dumps(formats), encoding="utf-8")
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good(formats="EV,LONG,\x1b", format_shared_id_list="90,91,92",
                                       **{"odd\x1bkey": "x"})]), encoding="utf-8")
    data = tmp_path / "data"
    report = import_bmlt(source, tmp_path / "formats.json", data, today=TODAY)
    out = "\n".join(report.lines())
    assert report.ok and "\x1b" not in out and "odd<U+001B>key (1)" in out
    declared = yaml.safe_load((data / "types.yaml").read_text(encoding="utf-8"))
    assert declared["EV"] == {"name": "EV"} and declared["BMLT-92"] == {"name": "BMLT-92"}
    assert len(declared["LONG"]["name"]) <= 200
    assert load_directory(data, today=TODAY)[1] == []


def test_last_verified_is_the_day_the_results_were_saved_or_as_told(tmp_path: Path) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good()]), encoding="utf-8")
    saved = dt.datetime(2026, 10, 2, 12, 0).timestamp()
    os.utime(source, (saved, saved))
    report = import_bmlt(source, FORMATS, tmp_path / "saved", today=TODAY)
    assert meeting_file(tmp_path / "saved", "philadelphia", 1001)["last_verified"] == "2026-10-02"
    assert "  last_verified: BMLT gives no dates; written as the day results.json was saved, 2026-10-02 (pass " \
        "--verified YYYY-MM-DD to say otherwise)" in report.lines()
    told = import_bmlt(source, FORMATS, tmp_path / "told", verified=dt.date(2026, 11, 1), today=TODAY)
    assert meeting_file(tmp_path / "told", "philadelphia", 1001)["last_verified"] == "2026-11-01"
    assert not any(line.startswith("  last_verified:") for line in told.lines())


def test_a_reimport_lists_the_meetings_gone_from_the_server_and_prune_removes_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    import_bmlt(RESULTS, FORMATS, data, today=TODAY)
    other_feed = tmp_path / "feed.json"  # another source's meeting in the same folder: never this server's
    other_feed.write_text(json.dumps([{"name": "Other Group", "slug": "other-group", "day": 1, "time": "19:00",
                                       "address": "1 Main St", "city": "Philadelphia", "state": "PA",
                                       "updated": "2026-11-01"}]), encoding="utf-8")
    assert main(["import", "meeting-guide", str(other_feed), "--data", str(data), "--program", "AA",
                 "--region", "philadelphia"]) == 0
    fewer = tmp_path / "fewer.json"
    fewer.write_text(json.dumps([m for m in json.loads(RESULTS.read_text(encoding="utf-8"))
                                 if m["id_bigint"] not in ("1004", "3001")]), encoding="utf-8")
    listed = import_bmlt(fewer, FORMATS, data, today=TODAY)
    gone = [f"data/meetings/philadelphia/{HOST}-1004.yaml", f"data/meetings/london/{HOST}-3001.yaml"]
    assert sorted(listed.feed.gone) == sorted(gone) and listed.feed.pruned == []
    assert (data / "meetings" / "london" / f"{HOST}-3001.yaml").is_file()
    pruned = import_bmlt(fewer, FORMATS, data, prune=True, today=TODAY)
    assert sorted(pruned.feed.pruned) == sorted(gone)
    assert not (data / "meetings" / "london" / f"{HOST}-3001.yaml").exists()
    assert (data / "meetings" / "philadelphia" / "other-group.yaml").is_file()


def test_round_trip_of_made_up_bmlt_meetings_loses_nothing(tmp_path: Path) -> None:
    """benchmarks/bmlt_roundtrip.py on a few meetings: BMLT → files → our feed, field by field."""
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "bmlt_roundtrip.py"
    spec = importlib.util.spec_from_file_location("bmlt_roundtrip", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    meetings = bench.make_meetings(120, seed=3)
    result = bench.run(meetings, tmp_path)
    assert result["lost"] == 0, result["lost_examples"]
    assert result["written"] == result["published"] == result["reimport_unchanged"] and result["problems"] == 0
    assert result["missing"] == result["unpublished_in_feed"] == 0 and result["published"] < 120
    assert result["by_field"]["location_street"].keys() == {"equal", "left out"}  # virtual: no street


def test_contacts_and_email_when_the_server_shares_them(tmp_path: Path) -> None:
    """BMLT shows contact_* and email_contact to its logged-in editors only; an export by one has them."""
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good(email_contact="group@example.org", contact_name_1="Maria Kowalski",
                                       contact_email_1="maria@example.org", contact_phone_1="+1 215 555 0100",
                                       venue_type="3", phone_meeting_number="+12155550123",
                                       phone_meeting_additional_info="PIN 1234")]), encoding="utf-8")
    data = tmp_path / "data"
    assert import_bmlt(source, FORMATS, data, today=TODAY).ok
    meeting = meeting_file(data, "philadelphia", 1001)
    assert meeting["email"] == "group@example.org"
    assert meeting["contacts"] == [{"name": "Maria K.", "email": "maria@example.org", "phone": "+1 215 555 0100"}]
    assert meeting["conference_phone"] == "+12155550123" and meeting["conference_phone_notes"] == "PIN 1234"


def test_one_id_twice_is_one_meeting_and_the_other_is_said(tmp_path: Path) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good(), good(meeting_name="Same Id Again")]), encoding="utf-8")
    report = import_bmlt(source, FORMATS, tmp_path / "data", today=TODAY)
    assert len(report.feed.imported) == 1 and len(report.feed.skipped) == 1 and not report.ok


def test_in_person_venue_keeps_no_link_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good(virtual_meeting_link="https://zoom.us/j/1")]), encoding="utf-8")
    report = import_bmlt(source, FORMATS, tmp_path / "data", today=TODAY)
    assert "conference_url" not in meeting_file(tmp_path / "data", "philadelphia", 1001)
    assert f"  note {HOST}-1001: venue_type 1 (in person): virtual_meeting_link not kept as a way to attend" \
        in report.lines()


def test_an_imported_bmlt_server_builds_and_shows_what_it_said(tmp_path: Path) -> None:
    from tests.conftest import build_site

    data = tmp_path / "data"
    assert import_bmlt(RESULTS, FORMATS, data, service_bodies=BODIES, today=TODAY).ok
    result = build_site(tmp_path / "site", data_dir=data)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    ours = json.loads((site / "feeds" / "meeting-guide.json").read_text(encoding="utf-8"))
    assert sorted(r["slug"] for r in ours) == sorted(f"{HOST}-{i}" for i in
                                                     (1001, 1002, 1003, 1004, 1005, 2001, 3001, 3002, 4001, 4002, 4003))
    pitch = (site / "meetings" / "sydney" / f"{HOST}-4001" / "index.html").read_text(encoding="utf-8")
    assert "Pitch" in pitch and "Treatment Centre" in pitch and "Greater Example Area" in pitch  # names, district
    online = (site / "meetings" / "pittsburgh" / f"{HOST}-1002" / "index.html").read_text(encoding="utf-8")
    assert "https://zoom.us/j/82900440659" in online and "google.com/maps" not in online  # no place to go


def test_formats_in_english_and_spanish_give_custom_types_both_names(tmp_path: Path) -> None:
    """GetFormats&lang_enum[]=es&lang_enum[]=en lists each format once per language under one id."""
    formats = json.loads(FORMATS.read_text(encoding="utf-8"))
    spanish = [{"key_string": "FI", "name_string": "Folleto informativo", "lang": "es", "id": "12", "world_id": "IP"},
               {"key_string": "Pi", "name_string": "Lanzamiento", "lang": "es", "id": "18", "world_id": ""},
               {"key_string": "A", "name_string": "Abierta", "lang": "es", "id": "17", "world_id": "OPEN"}]
    both = tmp_path / "formats.json"
    both.write_text(json.dumps(spanish + [{**f, "lang": "en"} for f in formats]), encoding="utf-8")
    source = tmp_path / "results.json"
    source.write_text(json.dumps([good(formats="O,IP,Pi", format_shared_id_list="12,17,18"),
                                  good(id_bigint="1010", formats="A,FI", format_shared_id_list="")]),
                      encoding="utf-8")
    data = tmp_path / "data"
    assert import_bmlt(source, both, data, today=TODAY).ok
    declared = yaml.safe_load((data / "types.yaml").read_text(encoding="utf-8"))
    assert declared == {"IP": {"name": "Informational Pamphlet", "name_es": "Folleto informativo"},
                        "PI": {"name": "Pitch", "name_es": "Lanzamiento"}}
    assert sorted(meeting_file(data, "philadelphia", 1001)["types"]) == ["IP", "O", "PI"]
    assert sorted(meeting_file(data, "philadelphia", 1010)["types"]) == ["IP", "O"]  # Spanish keys, same types
    assert load_directory(data, today=TODAY)[1] == []
