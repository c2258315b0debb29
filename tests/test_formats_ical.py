"""iCalendar: weekly events in the meeting's zone, DST-proof, and the fast template ≡ the icalendar reference."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from peerdir.formats import ical
from peerdir.loading import load_directory
from peerdir.models import Meeting
from peerdir.models.common import ListingPlace
from peerdir.urls import SiteInfo

SMALL = Path(__file__).parent / "fixtures" / "formats"
TODAY = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://meetings.example.org/")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def directory():
    found, problems = load_directory(SMALL / "data", today=TODAY)
    assert problems == []
    return found


def meeting(directory, slug: str) -> Meeting:
    return next(m for m in directory.meetings if m.slug == slug)


def make_meeting(slug: str, region: str = "east", zone: str = "America/New_York", **fields) -> Meeting:
    data = {"name": "Test Meeting", "program": "AA", "day": "Monday", "time": "19:30", "address": "1 Main St",
            "last_verified": "2026-03-01", **fields}
    return Meeting.build(data, ListingPlace(slug, region, f"data/meetings/{region}/{slug}.yaml", zone), {"today": TODAY})


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def occurrences(event: icalendar.Event, count: int) -> list[dt.datetime]:
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    return list(itertools.islice(rule, count))


# -- what an event says -----------------------------------------------------------------------
def test_meeting_ics_is_one_weekly_event_with_its_zone(directory):
    calendar = parse(ical.meeting_ics(meeting(directory, "monday-hybrid"), SITE))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == ical.PRODID
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["America/New_York"]
    event = only_event(calendar)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TH"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTEND"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 2, 19, 30, tzinfo=NEW_YORK)  # first Mon/Thu ≥ 03-01
    assert event.decoded("DTEND") == dt.datetime(2026, 3, 2, 20, 30, tzinfo=NEW_YORK)
    assert str(event["SUMMARY"]) == "Monday & Thursday Hybrid; Big Book, Steps"
    assert str(event["LOCATION"]) == "St. Mark's Church, Room 2, 12 Church St, Peekskill, NY 10566, US"
    assert str(event["UID"]) == "meeting-monday-hybrid@meetings.example.org"
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    description = str(event["DESCRIPTION"])
    assert "Join online: https://zoom.us/j/5550100231" in description
    assert "Join by phone: +1 646 555 0143,,5550100231#" in description
    assert "STATUS" not in event
    # The page's address once, where every calendar app shows it; no URL or CALSCALE to repeat
    # what the description or RFC 5545's default says (issue 20).
    assert description.endswith("Details and changes: https://meetings.example.org/meetings/east/monday-hybrid/")
    assert "URL" not in event and "CALSCALE" not in calendar
    # Nor METHOD: not an iTIP message, and Outlook imports a file without it as PUBLISH (issue 20).
    assert "METHOD" not in calendar and calendar["PRODID"] == "-//peerdir//EN"


def test_uid_is_stable_and_comes_from_the_slug(directory):
    m = meeting(directory, "fall-back-group")
    first = only_event(parse(ical.meeting_ics(m, SITE)))["UID"]
    again = only_event(parse(ical.meeting_ics(m, SITE)))["UID"]
    assert first == again == "meeting-fall-back-group@meetings.example.org"


def test_online_meeting_location_is_the_join_link_in_its_own_zone(directory):
    event = only_event(parse(ical.meeting_ics(meeting(directory, "global-zoom"), SITE)))
    assert str(event["LOCATION"]) == "https://zoom.us/j/5550100999?pwd=abc"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=SU,SA"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=90)


def test_temporarily_closed_meeting_is_marked_cancelled(directory):
    event = only_event(parse(ical.meeting_ics(meeting(directory, "closed-hall"), SITE)))
    assert str(event["STATUS"]) == "CANCELLED"


def test_meeting_past_midnight_ends_the_next_day(directory):
    event = only_event(parse(ical.meeting_ics(meeting(directory, "late-night"), SITE)))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.time(), end.time()) == (dt.time(23, 30), dt.time(0, 30))
    assert end.date() == start.date() + dt.timedelta(days=1)


# -- daylight saving --------------------------------------------------------------------------
def test_local_time_stays_across_the_spring_dst_change(directory):
    calendar = parse(ical.meeting_ics(meeting(directory, "monday-hybrid"), SITE))
    event = only_event(calendar)
    times = occurrences(event, 4)  # Mon 03-02, Thu 03-05 | DST 03-08 | Mon 03-09, Thu 03-12
    assert [t.date() for t in times] == [dt.date(2026, 3, 2), dt.date(2026, 3, 5), dt.date(2026, 3, 9),
                                         dt.date(2026, 3, 12)]
    assert all(t.time() == dt.time(19, 30) for t in times)
    utc = [t.astimezone(dt.UTC) for t in times]
    assert [u.time() for u in utc] == [dt.time(0, 30), dt.time(0, 30), dt.time(23, 30), dt.time(23, 30)]
    # The VTIMEZONE in the file itself says the same, for clients that do not know IANA names.
    tz = calendar.walk("VTIMEZONE")[0].to_tz()
    assert dt.datetime(2026, 3, 5, 19, 30, tzinfo=tz).utcoffset() == dt.timedelta(hours=-5)
    assert dt.datetime(2026, 3, 9, 19, 30, tzinfo=tz).utcoffset() == dt.timedelta(hours=-4)


def test_local_time_stays_across_the_autumn_dst_change(directory):
    calendar = parse(ical.meeting_ics(meeting(directory, "fall-back-group"), SITE))
    times = occurrences(only_event(calendar), 3)  # Mon 10-26 | DST ends 11-01 | Mon 11-02, 11-09
    assert [t.date() for t in times] == [dt.date(2026, 10, 26), dt.date(2026, 11, 2), dt.date(2026, 11, 9)]
    assert all(t.time() == dt.time(19, 30) for t in times)
    assert [t.utcoffset() for t in times] == [dt.timedelta(hours=-4), dt.timedelta(hours=-5), dt.timedelta(hours=-5)]
    tz = calendar.walk("VTIMEZONE")[0].to_tz()
    assert dt.datetime(2026, 10, 26, 19, 30, tzinfo=tz).utcoffset() == dt.timedelta(hours=-4)
    assert dt.datetime(2026, 11, 2, 19, 30, tzinfo=tz).utcoffset() == dt.timedelta(hours=-5)


# -- the template against the icalendar reference ----------------------------------------------
def _assert_same_calendar(fast: bytes, reference: icalendar.Calendar) -> None:
    parsed = parse(fast)
    assert [c.name for c in parsed.walk()] == [c.name for c in reference.walk()]
    for mine, theirs in zip(parsed.walk(), reference.walk(), strict=True):
        assert sorted(mine.keys()) == sorted(theirs.keys()), mine.name
        for key in theirs.keys():
            assert mine[key].to_ical() == theirs[key].to_ical(), (mine.name, key)


def _varied_meetings() -> list[Meeting]:
    rng = random.Random(5)
    zones = ["America/New_York", "America/Chicago", "America/Phoenix", "Pacific/Honolulu", "Europe/London",
             "Australia/Sydney", "Asia/Kolkata", "UTC"]
    names = ["Serenity", "Café Ñandú; steps, traditions", "朝の集い " * 12, "Back\\slash group", "A" * 200,
             "Keep It Simple, Sweetheart"]
    found = []
    for i in range(60):
        online = i % 3 == 0
        fields = {
            "name": rng.choice(names),
            "day": rng.sample(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
                              rng.randint(1, 4)),
            "time": f"{rng.randrange(24):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "end_time": rng.choice([None, "00:15", "23:59", "12:00"]),
            "last_verified": (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))).isoformat(),
            "notes": rng.choice([None, "Line one\nLine two; with, punctuation", "ñ" * 120]),
            "types": rng.choice([["O"], ["C", "TC"], []]),
        }
        if online:
            fields.update(address=None, conference_url="https://zoom.us/j/555010" + str(i),
                          conference_phone=rng.choice([None, "+1 646 555 0143,,555#"]))
        found.append(make_meeting(f"varied-{i}", zone=rng.choice(zones),
                                  **{k: v for k, v in fields.items() if v is not None or k == "address"}))
    return found


def test_template_output_equals_the_icalendar_reference_for_the_fixture_directory(directory):
    for m in directory.meetings:
        fast = ical.meeting_ics(m, SITE)
        reference = ical.meeting_calendar(m, SITE)
        _assert_same_calendar(fast, reference)
        assert fast == reference.to_ical()  # the very same bytes, with the icalendar version in use


def test_template_output_equals_the_reference_for_varied_meetings():
    for m in _varied_meetings():
        fast = ical.meeting_ics(m, SITE)
        reference = ical.meeting_calendar(m, SITE)
        _assert_same_calendar(fast, reference)
        assert fast == reference.to_ical(), m.slug


def test_lines_are_folded_at_75_octets_without_breaking_characters():
    for m in _varied_meetings():
        for line in ical.meeting_ics(m, SITE).split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # no UTF-8 sequence cut in two
    assert ical.fold("X" * 74) == "X" * 74
    assert ical.fold("X" * 75) == "X" * 74 + "\r\n X"
    for n in range(60, 160):  # the same folds as icalendar's own, at every length around the limit
        for text in ("x" * n, "ñ" * n, "a\\" * n, "ab^" * n, "x;" * n, "é," * n):
            event = icalendar.Event()
            event.add("summary", text)
            expected = event.to_ical().decode().split("\r\n")[1:-2]
            assert ical.fold("SUMMARY:" + ical.escape_text(text)).split("\r\n") == expected
    assert ical.fold("SUMMARY:" + "a" * 66 + "\\,b").split("\r\n ")[0].endswith("a")


def test_escape_text():
    assert ical.escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


# -- region calendars -------------------------------------------------------------------------
def test_region_ics_has_every_active_meeting_and_one_vtimezone_per_zone(directory):
    data = ical.region_ics(directory.meetings, "east", SITE, name="East County, NY")
    calendar = parse(data)
    assert b"\r\nX-WR-CALNAME:East County\\, NY meetings\r\n" in data  # TEXT, escaped
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == ["meeting-fall-back-group@meetings.example.org", "meeting-late-night@meetings.example.org",
                    "meeting-monday-hybrid@meetings.example.org"]  # closed-hall is left out


def test_region_ics_with_several_zones():
    meetings = [make_meeting("a", region="online", zone="Europe/London", address=None,
                             conference_url="https://zoom.us/j/1"),
                make_meeting("b", region="online", zone="America/Chicago", address=None,
                             conference_url="https://zoom.us/j/2", last_verified="2025-01-01")]
    calendar = parse(ical.region_ics(meetings, "online", SITE))
    assert sorted(str(z["TZID"]) for z in calendar.walk("VTIMEZONE")) == ["America/Chicago", "Europe/London"]
    assert len(calendar.walk("VEVENT")) == 2
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] in ("Europe/London", "America/Chicago")


def test_vtimezone_is_built_once_per_zone_and_year():
    ical.zone_component.cache_clear()
    ical.zone_text.cache_clear()
    meetings = [make_meeting(f"m{i}") for i in range(50)]
    for m in meetings:
        ical.meeting_ics(m, SITE)
    assert ical.zone_component.cache_info().misses == 1


# -- speed ------------------------------------------------------------------------------------
def test_ten_thousand_meeting_files_are_fast():
    zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London"]
    template = [make_meeting(f"speed-{i}", zone=zones[i % 5], day=["Monday", "Thursday"][: 1 + i % 2],
                             notes="Bring a friend." if i % 2 else None) for i in range(200)]
    start = time.perf_counter()
    total = 0
    for _ in range(50):  # 50 × 200 = 10,000 meeting files
        for m in template:
            total += len(ical.meeting_ics(m, SITE))
    elapsed = time.perf_counter() - start
    print(f"\n10,000 meeting .ics files: {elapsed:.2f} s ({total / 1e6:.1f} MB)")
    assert elapsed < 5.0  # about 0.5 s on a 2-core runner; the whole build has 10 s


def test_a_meetings_own_file_is_lean_and_a_region_calendar_keeps_its_name(directory):
    """60,000 meeting files: no calendar name (added once to a calendar the visitor picks), no
    icalendar note on the zone's years and no TZNAME (clients go by the TZID and the offsets); a region
    calendar, to subscribe to, keeps its name."""
    late = meeting(directory, "late-night")
    data = ical.meeting_ics(late, SITE)
    assert b"\r\nNAME:" not in data and b"X-WR-CALNAME" not in data and b"COMMENT" not in data
    assert b"TZNAME" not in data and b"\r\nPRODID:" in data
    assert b"\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n" in data
    _assert_same_calendar(data, ical.meeting_calendar(late, SITE))
    region = ical.region_ics(directory.meetings, "east", SITE, name="East County, NY")
    assert b"\r\nNAME:East County\\, NY meetings\r\n" in region and b"COMMENT" not in region


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Sydney", "Pacific/Auckland",
                                  "Australia/Lord_Howe", "Asia/Jerusalem", "America/Santiago", "Asia/Kolkata"])
def test_vtimezone_gives_the_zones_offsets_to_2038(zone):
    """Yearly RRULEs where the zone's changes follow them (a third of the RDATE list's bytes), the
    list of dates where they do not (Jerusalem: the Friday before the last Sunday): both give
    the offsets of the zone itself, hour by hour in steps of 7, from the year before on."""
    component = ical.zone_component(zone, 2026)
    ruled = b"RRULE:FREQ=YEARLY" in component.to_ical()
    assert ruled == (zone not in ("Asia/Jerusalem", "America/Santiago", "Asia/Kolkata"))
    assert b"RDATE" not in component.to_ical() or not ruled
    assert b"TZNAME" not in component.to_ical()  # the offsets below come from the rules and dates alone
    tz, real = component.to_tz(), ZoneInfo(zone)
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    while moment.year < 2038:
        local = moment.astimezone(real).replace(tzinfo=None)
        expected = {local.replace(tzinfo=real, fold=f).utcoffset() for f in (0, 1)}  # both, in a repeated hour
        assert local.replace(tzinfo=tz).utcoffset() in expected, (zone, local)
        moment += dt.timedelta(hours=7)


def test_a_ruled_vtimezone_names_the_usual_rules():
    text = ical.zone_text("America/New_York", 2026)
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20250309T020000\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n" in text
    assert "BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n" in text
    assert "-1SU;BYMONTH=3" in ical.zone_text("Europe/London", 2026)
    assert len(text) < 400
