"""`peerdir import meeting-guide` against issue 18: slugs kept, zones never stamped over known ones,
country-aware addresses, source dates, region trees, nothing disappearing silently, approximate places,
every field kept. Fixtures are made up, in the shapes of real Meeting Guide feeds."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import yaml

from peerdir.cli import main
from peerdir.formats.meeting_guide_import import SourceError, import_feed, read_source
from peerdir.loading import load_directory

FEEDS = Path(__file__).parent / "fixtures" / "meeting-guide"
WORLD = FEEDS / "world-feed.json"
TODAY = dt.date(2026, 11, 23)
LONG_SLUG = "edmonton-downtown-big-book-tuesday-8405-83-street-nw-edmonton-alberta-t6c-2z2-canada-2-130000"
BASE = {"name": "Base Group", "day": 1, "time": "19:00", "formatted_address": "1 Main St, Tupelo, MS 38801, USA",
        "region": "Tupelo", "updated": "2026-01-01 10:00:00"}


def run(records, data: Path, **options):
    options = {"today": TODAY, "program": "AA", **options}
    report = import_feed(records, data, **options)
    assert report.problems == [] and report.refused == [], report.lines()
    return report


def loaded(data: Path):
    directory, problems = load_directory(data, today=TODAY)
    assert problems == [], [p.as_text() for p in problems]
    return {m.feed_slug or m.slug: m for m in directory.meetings}, directory


def meeting_file(data: Path, name: str) -> dict:
    [path] = list((data / "meetings").glob(f"*/{name}.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture()
def world(tmp_path):
    data = tmp_path / "data"
    report = run(read_source(WORLD), data, timezone="America/Chicago")
    meetings, directory = loaded(data)
    return report, meetings, directory, data


# -- 1. slugs ------------------------------------------------------------------------------------
def test_slugs_are_kept_exactly_and_a_second_import_changes_nothing(world, tmp_path):
    report, meetings, _, data = world
    assert meetings[LONG_SLUG].slug == LONG_SLUG  # 93 characters: the file name itself, no slug: line
    assert "slug" not in meeting_file(data, LONG_SLUG)
    noon = meetings["Edmonton-Online-Noon"]
    assert noon.slug == "edmonton-online-noon" and meeting_file(data, noon.slug)["slug"] == "Edmonton-Online-Noon"
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    again = run(read_source(WORLD), data, timezone="America/Chicago")
    assert again.nothing_changed and len(again.unchanged) == 8
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


def test_a_repeated_slug_is_skipped_with_its_reason(tmp_path):
    report = import_feed([{**BASE, "slug": "a"}, {**BASE, "name": "Other", "slug": "a"}], tmp_path / "data",
                         today=TODAY, program="AA", timezone="America/Chicago")
    [(label, why)] = report.skipped
    assert label == "record 2 (a)" and "repeats record 1's" in why


# -- 2. zones ------------------------------------------------------------------------------------
def test_timezone_option_never_overrides_a_known_zone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "regions.yaml").write_text("johannesburg:\n  name: Johannesburg\n  timezone: Africa/Johannesburg\n")
    feed = [{**BASE, "slug": "joburg", "region": "Johannesburg", "formatted_address": "1 Main Rd, Johannesburg"},
            {**BASE, "slug": "own-zone", "region": "Tupelo", "timezone": "Europe/London"},
            {**BASE, "slug": "new-region", "region": "Tupelo"}]
    report = run(feed, data, timezone="America/New_York")
    meetings, directory = loaded(data)
    assert meetings["joburg"].zone == "Africa/Johannesburg" and "timezone" not in meeting_file(data, "joburg")
    assert meetings["own-zone"].zone == "Europe/London"
    assert meetings["new-region"].zone == "America/New_York"  # a new region: --timezone
    assert directory.regions["tupelo"].timezone == "America/New_York"
    assert report.assumed_zone == ["new-region"]
    assert any(line.startswith("  zone assumed from --timezone (1)") for line in report.lines())


def test_a_new_region_takes_its_meetings_zone_when_each_gives_one(world):
    _, meetings, directory, data = world
    assert directory.regions["berlin"].timezone == "Europe/Berlin"
    assert meetings["berlin-english"].zone == "Europe/Berlin"
    assert world[0].assumed_zone == []


# -- 3. addresses --------------------------------------------------------------------------------
def test_addresses_are_read_as_each_country_writes_them(world):
    _, meetings, _, _ = world
    edmonton = meetings[LONG_SLUG]
    assert (edmonton.address, edmonton.city, edmonton.state, edmonton.postal_code, edmonton.country) == (
        "8405 83 Street NW", "Edmonton", "Alberta", "T6C 2Z2", "CA")
    assert edmonton.formatted_address == "8405 83 Street NW, Edmonton, Alberta, T6C 2Z2, Canada"
    berlin = meetings["berlin-english"]
    assert (berlin.address, berlin.city, berlin.postal_code, berlin.country) == (
        "Friedrichstraße 10", "Berlin", "10119", "DE")
    london = meetings["london-steps"]
    assert (london.address, london.city, london.postal_code, london.country) == (
        "12 High St", "London", "SW1A 1AA", "GB")
    sydney = meetings["sydney-harbour"]
    assert (sydney.city, sydney.state, sydney.postal_code, sydney.country) == ("Sydney", "NSW", "2000", "AU")
    assert meetings["auckland-central"].country == "NZ" and meetings["auckland-central"].postal_code == "1010"
    pa = meetings["chestnut-hill-serenity"]
    assert (pa.city, pa.state, pa.postal_code) == ("Phoenixville", "PA", "19460")


# -- 4. dates ------------------------------------------------------------------------------------
def test_updated_is_the_sources_time_and_last_verified_never_today(world):
    report, meetings, _, data = world
    edmonton = meetings[LONG_SLUG]
    assert edmonton.updated == dt.datetime(2022, 8, 25, 11, 17, 7)
    assert edmonton.last_verified == dt.date(2022, 8, 25)
    noon = meetings["Edmonton-Online-Noon"]  # last_contact: a person's check; updated stays the source's
    assert noon.last_verified == dt.date(2022, 7, 1) and noon.updated == dt.datetime(2022, 8, 25, 11, 17, 7)
    assert meetings["berlin-english"].updated == dt.datetime(2024, 1, 15, 18, 0, 0)
    assert all(m.last_verified != TODAY for m in meetings.values())
    assert report.transformed[("updated", "written as YYYY-MM-DD HH:MM:SS")] == [LONG_SLUG, "berlin-english"]


def test_a_record_without_dates_is_skipped_unless_the_check_date_is_given(tmp_path):
    record = {key: value for key, value in BASE.items() if key != "updated"} | {"slug": "dateless"}
    report = import_feed([record], tmp_path / "data", today=TODAY, program="AA", timezone="America/Chicago")
    [(_, why)] = report.skipped
    assert why.startswith("no date") and "--verified" in why and not (tmp_path / "data" / "meetings").exists()
    assert report.lines()[1] == "nothing written: every record was skipped (the reasons follow)"
    run([record], tmp_path / "data", timezone="America/Chicago", verified=dt.date(2026, 10, 1))
    assert meeting_file(tmp_path / "data", "dateless")["last_verified"] == "2026-10-01"


# -- 5. regions ----------------------------------------------------------------------------------
def test_regions_form_the_feeds_tree_whatever_the_record_order(tmp_path):
    records = read_source(WORLD)
    run(records, tmp_path / "one", timezone="America/Chicago")
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    run(shuffled, tmp_path / "two", timezone="America/Chicago")
    one = yaml.safe_load((tmp_path / "one" / "regions.yaml").read_text())
    assert one == yaml.safe_load((tmp_path / "two" / "regions.yaml").read_text())
    assert one["chestnut-hill"] == {"name": "Chestnut Hill", "parent": "philadelphia-county",
                                    "timezone": "America/New_York", "country": "US"}
    assert one["mitte"]["parent"] == "berlin" and "parent" not in one["berlin"]
    files = lambda root: sorted(p.relative_to(root) for p in root.rglob("*.yaml"))  # noqa: E731
    assert files(tmp_path / "one") == files(tmp_path / "two")
    _, directory = loaded(tmp_path / "one")
    assert directory.regions["chestnut-hill"].parent == "philadelphia-county"


def test_an_existing_region_is_found_under_its_parent(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "regions.yaml").write_text("philly:\n  name: Philadelphia County\n  timezone: America/New_York\n")
    run([{**BASE, "slug": "x", "regions": ["Philadelphia County", "Chestnut Hill"]}], data)
    regions = yaml.safe_load((data / "regions.yaml").read_text())
    assert regions["chestnut-hill"] == {"name": "Chestnut Hill", "parent": "philly", "timezone": "America/New_York",
                                        "country": "US"}
    assert (data / "meetings/chestnut-hill/x.yaml").is_file()


# -- 6. nothing disappears silently --------------------------------------------------------------
def test_temporarily_closed_meetings_are_kept_with_tc(world):
    _, meetings, _, _ = world
    closed = meetings["chestnut-hill-serenity"]
    assert "TC" in closed.types and closed.attendance.value == "temporarily_closed"


def test_meetings_gone_from_the_source_are_listed_and_pruned_only_when_asked(tmp_path):
    data = tmp_path / "data"
    feed = [{**BASE, "slug": "stays"}, {**BASE, "slug": "leaves"}]
    run(feed, data, source="tupelo.json", timezone="America/Chicago")
    run([{**BASE, "slug": "other"}], data, source="other.json", timezone="America/Chicago")
    hand = data / "meetings/tupelo/hand.yaml"
    hand.write_text("name: Hand\nprogram: AA\nday: Monday\ntime: '10:00'\naddress: 1 A St\nlast_verified: 2026-01-01\n")
    report = run(feed[:1], data, source="tupelo.json")
    assert report.gone == ["data/meetings/tupelo/leaves.yaml"] and report.pruned == []
    assert "  gone: data/meetings/tupelo/leaves.yaml is no longer in the source (--prune removes it)" in report.lines()
    assert report.lines()[1] == "nothing changed, but 1 meeting left the source: listed below as gone"
    assert (data / "meetings/tupelo/leaves.yaml").is_file()
    report = run(feed[:1], data, source="tupelo.json", prune=True)
    assert report.pruned == ["data/meetings/tupelo/leaves.yaml"]
    assert not (data / "meetings/tupelo/leaves.yaml").exists()
    assert hand.is_file() and (data / "meetings/tupelo/other.yaml").is_file()  # a person's, another source's


def test_the_report_lists_every_record_by_what_became_of_it(tmp_path):
    data = tmp_path / "data"
    feed = [{**BASE, "slug": "a"}, {**BASE, "slug": "b", "time": "7:00 PM"}, {**BASE, "slug": "c", "day": None}]
    report = import_feed(feed, data, today=TODAY, program="AA", timezone="America/Chicago")
    assert report.imported == ["data/meetings/tupelo/a.yaml", "data/meetings/tupelo/b.yaml"]
    assert [label for label, _ in report.skipped] == ["record 3 (c)"]
    assert report.transformed[("time", "written as 24-hour HH:MM")] == ["b"]
    report = import_feed(feed[:2], data, today=TODAY, program="AA")
    lines = report.lines()
    assert lines[0] == "imported 0, changed 0, unchanged 2, skipped 0, gone from the source 0"
    assert "  unchanged: data/meetings/tupelo/a.yaml" in lines


# -- 7. approximate places -----------------------------------------------------------------------
def test_a_town_only_address_is_approximate_and_online_never_hybrid(world):
    _, meetings, _, data = world
    noon = meetings["Edmonton-Online-Noon"]
    assert noon.approximate and noon.address is None and noon.attendance.value == "online"
    assert (noon.city, noon.state, noon.country) == ("Edmonton", "Alberta", "CA")
    anywhere = meetings["anywhere-online"]
    assert anywhere.formatted_address == "United States" and anywhere.country == "US"
    assert anywhere.approximate and anywhere.attendance.value == "online"


def test_a_town_only_place_without_a_link_is_skipped_with_its_reason(tmp_path):
    record = {**BASE, "slug": "nowhere", "formatted_address": "Edmonton, Alberta, Canada"}
    report = import_feed([record], tmp_path / "data", today=TODAY, program="AA", timezone="America/Edmonton")
    [(_, why)] = report.skipped
    assert "no place and no online access" in why and "approximate" in why


# -- 8. every field kept -------------------------------------------------------------------------
def test_every_spec_field_and_the_common_extras_are_kept(world):
    _, meetings, _, data = world
    edmonton = meetings[LONG_SLUG]
    assert edmonton.conference_phone == "+15873281099,,82900440659#"
    assert (edmonton.district, edmonton.group, edmonton.group_notes) == (
        "District 4", "Bonnie Doon Group", "Business meeting last Tuesday.")
    assert (edmonton.website, edmonton.email, edmonton.feedback_url) == (
        "https://example.org/bonnie-doon", "bonniedoon@example.org", "https://example.org/feedback")
    assert edmonton.feedback_emails == ["changes@example.org"]
    assert (edmonton.venmo, edmonton.square, edmonton.paypal) == ("@bonnie-doon", "$bonniedoon", "bonniedoonaa")
    assert (edmonton.latitude, edmonton.longitude) == (53.5204, -113.4686)


def test_unknown_types_are_declared_in_types_yaml_never_in_notes(world):
    report, meetings, _, data = world
    assert meetings[LONG_SLUG].types == ["O", "B", "AC"] and meetings[LONG_SLUG].notes is None
    assert "LGBTQIA" in meetings["Edmonton-Online-Noon"].types
    assert yaml.safe_load((data / "types.yaml").read_text()) == {"AC": {"name": "AC"},
                                                                   "LGBTQIA": {"name": "LGBTQIA"}}
    assert report.new_types == {"AC": "AC", "LGBTQIA": "LGBTQIA"}


def test_type_names_of_a_tsml_export_are_declared_with_their_names(tmp_path):
    data = tmp_path / "data"
    run(read_source(FEEDS / "tsml-export.csv"), data, timezone="America/Chicago")
    assert yaml.safe_load((data / "types.yaml").read_text()) == {"POTLUCK": {"name": "Potluck"}}
    meetings, _ = loaded(data)
    assert meetings["early-risers"].types == ["O", "D", "CAN", "POTLUCK"]


@pytest.mark.parametrize("phone, kept", [("+15873281099,,82900440659#", "+15873281099,,82900440659#"),
                                         ("+1 646 555 0143", "+1 646 555 0143"), ("+1 12 34", None)])
def test_dial_strings_are_kept_whole_when_the_number_is_dialable(tmp_path, phone, kept):
    report = run([{**BASE, "slug": "p", "conference_phone": phone}], tmp_path / "data", timezone="America/Chicago")
    assert meeting_file(tmp_path / "data", "p").get("conference_phone") == kept
    assert any("one can dial; left out" in note for _, note in report.notes) is (kept is None)


def test_the_program_is_inferred_from_the_feed_or_asked_for(tmp_path):
    al_anon = [{**BASE, "slug": f"g{i}", "name": f"Serenity Al-Anon Family Group {i}"} for i in range(3)]
    run(al_anon, tmp_path / "a", program=None, timezone="America/Chicago")
    assert meeting_file(tmp_path / "a", "g0")["program"] == "Al-Anon"
    with pytest.raises(SourceError, match="pass --program"):
        import_feed([{**BASE, "slug": "x"}], tmp_path / "b", today=TODAY, timezone="America/Chicago")


def test_cli_asks_for_the_program_and_takes_prune_and_verified(tmp_path, capsys):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{**BASE, "slug": "x"}]), encoding="utf-8")
    data = tmp_path / "data"
    assert main(["import", "meeting-guide", str(feed), "--data", str(data), "--timezone", "America/Chicago"]) == 2
    assert "pass --program" in capsys.readouterr().err
    assert main(["import", "meeting-guide", str(feed), "--data", str(data), "--timezone", "America/Chicago",
                 "--program", "AA", "--verified", "2026-01-01", "--prune"]) == 0
    assert "from feed.json" in (data / "meetings/tupelo/x.yaml").read_text().splitlines()[1]
    renamed = tmp_path / "feed-2026-12.json"
    renamed.write_text("[]", encoding="utf-8")
    assert main(["import", "meeting-guide", str(renamed), "--data", str(data), "--program", "AA",
                 "--source", "feed.json"]) == 0
    assert "gone: data/meetings/tupelo/x.yaml is no longer in the source" in capsys.readouterr().out


# -- 10. the round trip (benchmarks/import_roundtrip.py, on a small feed) ------------------------
def test_round_trip_of_a_made_up_world_feed_loses_nothing(tmp_path):
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "import_roundtrip.py"
    spec = importlib.util.spec_from_file_location("import_roundtrip", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    feed = bench.make_feed(150, seed=3)
    result = bench.run(feed, tmp_path / "data")
    assert result["lost"] == 0, result["lost_examples"]
    assert result["written"] == result["reimport_unchanged"] == 150 and result["problems"] == 0
    assert {"equal", "transformed"} <= set(result["by_field"]["updated"])  # both shapes occur
    assert result["by_field"]["formatted_address"] == {"equal": 150}


def test_an_imported_world_feed_builds_and_our_feed_gives_it_back(tmp_path):
    from tests.conftest import build_site

    data = tmp_path / "data"
    run(read_source(WORLD), data, timezone="America/Chicago")
    result = build_site(tmp_path / "site", data_dir=data)
    assert result.returncode == 0, result.stdout + result.stderr
    ours = {r["slug"]: r for r in json.loads((tmp_path / "site" / "feeds" / "meeting-guide.json").read_text(encoding="utf-8"))}
    source = {str(r["slug"]): r for r in read_source(WORLD)}
    assert set(ours) == set(source)  # the TC meeting too
    for slug, record in source.items():
        assert ours[slug]["formatted_address"] == record["formatted_address"]
        path = record.get("regions") or [name for name in (record["region"], record.get("sub_region")) if name]
        assert ours[slug]["regions"] == path
    assert ours["Edmonton-Online-Noon"]["approximate"] == "yes"
    assert ours[LONG_SLUG]["conference_phone"] == "+15873281099,,82900440659#"
    page = (tmp_path / "site" / "meetings" / "online" / "edmonton-online-noon" / "index.html").read_text()
    assert "google.com/maps" not in page and "Edmonton" in page  # an approximate place: no directions


def test_a_file_moved_to_another_region_stays_there_and_the_report_says_so(tmp_path):
    data = tmp_path / "data"
    run([{**BASE, "slug": "m"}], data, timezone="America/Chicago")
    (data / "regions.yaml").write_text((data / "regions.yaml").read_text() + "lee:\n  name: Lee County\n"
                                       "  timezone: America/Chicago\n")
    (data / "meetings/lee").mkdir()
    (data / "meetings/tupelo/m.yaml").rename(data / "meetings/lee/m.yaml")
    report = run([{**BASE, "slug": "m"}], data)
    assert report.unchanged == ["data/meetings/lee/m.yaml"]
    assert ("m", "the source puts it in region tupelo; its file stays in lee, where it is (move the file to follow "
                 "the source)") in report.notes


# -- every record accounted for, whatever the feed holds ------------------------------------------
def test_every_record_is_written_skipped_or_refused_never_dropped(tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    texts = st.one_of(st.none(), st.integers(-3, 10), st.text(max_size=30),
                      st.sampled_from(["", "Online", "Edmonton, Alberta, Canada", "United States", "7:30 PM",
                                       "8/25/2022 11:17:07 AM", "+15873281099,,82900440659#", "TC", "yes", "no"]))
    records = st.lists(st.one_of(
        st.fixed_dictionaries({"name": texts, "slug": texts, "day": texts, "time": texts},
                              optional={k: texts for k in ("formatted_address", "approximate", "updated", "region",
                                                           "conference_phone", "timezone", "conference_url")}),
        st.just("not a record")), max_size=6)
    runs = iter(range(10**6))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(records)
    def check(feed):
        data = tmp_path / f"run{next(runs)}"
        report = import_feed(feed, data, today=TODAY, program="AA", timezone="America/Chicago",
                             verified=dt.date(2026, 1, 1))
        if report.refused:
            assert not (data / "meetings").exists()
            return
        written = report.imported + report.changed + report.unchanged
        assert len(written) + len(report.skipped) == len(feed), report.lines()
        assert report.problems == [], report.lines()

    check()
