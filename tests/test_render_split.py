"""Long lists split into day pages, and long days into parts of the day: no list page grows unbounded,
whether the list is the online meetings or one big region's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from peerdir.directory import Directory
from peerdir.models import Meeting, Region
from peerdir.models.common import ListingPlace
from peerdir.site.meeting_row import MeetingRows, day_data
from peerdir.site.render import MAX_LIST_ROWS, PageRenderer, SiteContext, list_rows, split_lists
from peerdir.urls import SiteInfo

ROW = "<li data-start="  # a list row (issue 20: no class, its day and zone its list's)


def online_meeting(i: int, day: str) -> Meeting:
    return Meeting.build({
        "name": f"Online {i}", "program": "AA", "day": day, "time": f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}",
        "timezone": "America/Chicago", "conference_url": f"https://zoom.us/j/{5550000000 + i}",
        "last_verified": "2026-10-01"}, ListingPlace(f"online-{i}", "online", f"data/meetings/online/online-{i}.yaml"))


def local_meeting(i: int, days: list[str]) -> Meeting:
    return Meeting.build({
        "name": f"Local {i}", "program": "NA", "day": days, "time": f"{6 + i % 16:02d}:{(i * 15) % 60:02d}",
        "location": "Hall", "address": f"{i} Main St", "city": f"Town {i % 3}", "state": "IL",
        "last_verified": "2026-10-01"}, ListingPlace(f"local-{i}", "big", f"data/meetings/big/local-{i}.yaml",
                                                     "America/Chicago"))


def pages_of(directory: Directory, method: str) -> dict:
    renderer = PageRenderer(SiteContext(directory, SiteInfo(), dt.date(2026, 11, 23)))
    return {p.path: p for p in getattr(renderer, method)(*(["big"] if method == "region_meetings" else []))}


def test_a_long_online_day_is_split_into_parts_that_hold_every_meeting() -> None:
    meetings = [online_meeting(i, "Friday") for i in range(MAX_LIST_ROWS + 50)]
    meetings += [online_meeting(10_000 + i, "Monday") for i in range(40)]
    directory = Directory(data_dir=Path("data"), regions={"online": Region(name="Online")}, meetings=meetings)
    pages = pages_of(directory, "online_meetings")

    assert "meetings/online-now/monday/" in pages  # a short day stays one page
    assert ROW in pages["meetings/online-now/monday/"].html
    friday = pages["meetings/online-now/friday/"].html
    assert ROW not in friday
    parts = [p for p in pages if p.startswith("meetings/online-now/friday/") and p.count("/") == 4]
    assert sorted(parts) == sorted(f"meetings/online-now/friday/{part}/"
                                   for part in ("morning", "afternoon", "evening", "night"))
    for part in parts:
        assert f'href="{part.split("/")[-2]}/"' in friday
        assert 'data-day-json="../../"' in pages[part].html  # "on now" is on the page of days
    rows = sum(pages[p].html.count(ROW) for p in parts)
    assert rows == MAX_LIST_ROWS + 50  # every meeting in exactly one part


def test_a_short_list_stays_one_page() -> None:
    meetings = [local_meeting(i, ["Monday", "Thursday"]) for i in range(MAX_LIST_ROWS // 2)]
    directory = Directory(data_dir=Path("data"), regions={"big": Region(name="Big", timezone="America/Chicago")},
                          meetings=meetings)
    pages = pages_of(directory, "region_meetings")
    assert list(pages) == ["meetings/big/"]
    assert pages["meetings/big/"].html.count(ROW) == list_rows(meetings)
    assert 'href="local-0/"' in pages["meetings/big/"].html  # links relative to the region page
    assert not split_lists(directory)


def test_a_long_region_gets_a_page_per_day_with_its_own_day_data() -> None:
    meetings = [local_meeting(i, ["Monday", "Thursday"]) for i in range(MAX_LIST_ROWS // 2 + 1)]
    meetings += [local_meeting(5_000 + i, ["Sunday"]) for i in range(10)]
    directory = Directory(data_dir=Path("data"), regions={"big": Region(name="Big", timezone="America/Chicago")},
                          meetings=meetings)
    pages = pages_of(directory, "region_meetings")

    index = pages["meetings/big/"].html
    assert ROW not in index and 'data-day-json=""' in index
    assert 'href="monday/"' in index and 'href="print/big/"' not in index and 'print/big/' in index
    monday = pages["meetings/big/monday/"].html
    # Only Monday's rows, each linking back up to its listing page, and a way to "on now".
    assert monday.count(ROW) == MAX_LIST_ROWS // 2 + 1
    assert 'id="day-4"' not in monday and 'id="day-1"' in monday
    # The shortest way up (issue 20: a link on each row): "../local-0/", not "../../../meetings/big/local-0/".
    assert 'href="../local-0/"' in monday and "meetings/big/local-" not in monday and 'data-day-json="../"' in monday
    assert pages["meetings/big/sunday/"].html.count(ROW) == 10
    shown = sum(pages[p].html.count(ROW) for p in pages if p != "meetings/big/")
    assert shown == list_rows(meetings)  # every row on exactly one day page

    assert [path for path, _ in split_lists(directory)] == ["meetings/big/"]
    monday = day_data(MeetingRows().by_day(meetings)[1])
    monday_rows = monday["rows"]
    assert len(monday_rows) == MAX_LIST_ROWS // 2 + 1
    # Zone, program and region said once a file, each row naming them by their place (issue 20).
    assert monday["regions"] == ["big"] and monday["programs"] == ["NA"] and monday["zones"] == ["America/Chicago"]
    assert monday_rows[0][2] == monday_rows[0][4] == 0
    assert monday_rows[0][5].startswith("0/local-") and re.fullmatch(r"Town \d", monday_rows[0][8])


def test_a_day_too_long_for_four_parts_is_split_into_two_hour_windows() -> None:
    count = 4 * MAX_LIST_ROWS + 10
    meetings = [online_meeting(i, "Sunday") for i in range(count)]
    directory = Directory(data_dir=Path("data"), regions={"online": Region(name="Online")}, meetings=meetings)
    pages = pages_of(directory, "online_meetings")
    windows = [p for p in pages if p.startswith("meetings/online-now/sunday/") and p.count("/") == 4]
    assert len(windows) == 12 and "meetings/online-now/sunday/from-04/" in windows
    assert "4:00 AM to 6:00 AM" in pages["meetings/online-now/sunday/from-04/"].title
    shown = [pages[p].html.count(ROW) for p in windows]
    assert sum(shown) == count and max(shown) <= MAX_LIST_ROWS  # every meeting once, no page too long


def test_list_rows_escape_what_volunteers_typed_and_link_each_meeting() -> None:
    hostile = local_meeting(1, ["Monday"]).model_copy(update={"name": "<b>\"Hope\" & 'Peace'</b>", "city": "<i>Oak</i>"})
    plain = local_meeting(2, ["Monday", "Friday"])
    directory = Directory(data_dir=Path("data"), regions={"big": Region(name="Big", timezone="America/Chicago")},
                          meetings=[hostile, plain])
    page = pages_of(directory, "region_meetings")["meetings/big/"].html
    assert "&lt;b&gt;&#34;Hope&#34; &amp; &#39;Peace&#39;&lt;/b&gt;" in page and "<b>" not in page
    assert " · &lt;i&gt;Oak&lt;/i&gt;" in page and "<i>" not in page
    assert page.count('href="local-2/"') == 2  # on both its days, linked from its region's own list
    # A row's day is its section's, its zone its list's: neither is repeated on each row (issue 20).
    assert page.count(ROW) == 3 and "data-days" not in page and 'class="pd-tz"' not in page
    assert page.count('<ul class="pd-rows" data-zone="America/Chicago">') == 2
    assert not re.search(r"<li [^>]*data-zone", page)


def test_rows_and_day_data_carry_the_join_link_of_online_meetings_only() -> None:
    online, local = online_meeting(7, "Monday"), local_meeting(3, ["Monday"])
    hostile = online_meeting(8, "Monday").model_copy(update={"conference_url": 'https://x.example/"><b>&'})
    directory = Directory(data_dir=Path("data"), regions={"online": Region(name="Online")},
                          meetings=[online, hostile])
    page = next(iter(pages_of(directory, "online_meetings").values())).html
    assert 'data-join="https://zoom.us/j/5550000007"' in page
    assert 'data-join="https://x.example/&#34;&gt;&lt;b&gt;&amp;"' in page and "<b>" not in page
    rows = {row[6]: row for row in day_data(MeetingRows().by_day([online, local])[1])["rows"]}
    assert rows["Online 7"][8:] == ["", "https://zoom.us/j/5550000007"]  # no city, then the link
    assert rows["Local 3"][8:] == ["Town 0"]  # in person: a city, no link


def test_hour_files_hold_each_meeting_in_the_utc_hour_of_its_standard_time() -> None:
    from peerdir.site.day_data import hour_rows

    def at(name: str, zone: str, time: str) -> Meeting:
        return Meeting.build({"name": name, "program": "AA", "day": "Monday", "time": time, "timezone": zone,
                              "conference_url": "https://zoom.us/j/5550000001", "last_verified": "2026-10-01"},
                             ListingPlace(name.lower(), "online", f"data/meetings/online/{name.lower()}.yaml"))

    chicago = at("Online 1", "America/Chicago", "19:30")  # UTC-6 in winter, -5 in summer
    phoenix = at("Phoenix", "America/Phoenix", "19:30")  # no summer time
    tokyo = at("Tokyo", "Asia/Tokyo", "02:00")
    hours = hour_rows(MeetingRows().by_day([chicago, phoenix, tokyo]), 2026)
    assert len(hours) == 7 * 24
    where = {name: [h for h, data in enumerate(hours) for row in data["rows"] if row[6] == name]
             for name in ("Online 1", "Phoenix", "Tokyo")}
    monday = 24
    assert where["Online 1"] == [monday + 19 + 6]  # 01:30 UTC Tuesday (00:30 in summer: an hour before)
    assert where["Phoenix"] == [monday + 19 + 7]
    assert where["Tokyo"] == [monday - 7]  # Monday 2 AM in Tokyo: Sunday 17:00 UTC
    assert all(data["days"] == [1] * len(data["rows"]) for data in hours if data["rows"])  # its own day


def test_rows_link_their_meetings_by_the_shortest_relative_address() -> None:
    """A list's rows link from the list's own folder (issue 20: tens of thousands of rows): the same
    page as the site root's address would, with fewer "../"."""
    from peerdir.site.meeting_row import relative_folder

    assert relative_folder("meetings/chicago/", "meetings/chicago/") == ""
    assert relative_folder("meetings/chicago/monday/", "meetings/chicago/") == "../"
    assert relative_folder("meetings/online-now/friday/morning/", "meetings/chicago/") == "../../../chicago/"
    assert relative_folder("es/meetings/all/", "meetings/chicago/") == "../../../meetings/chicago/"
    assert relative_folder("", "meetings/chicago/") == "meetings/chicago/"
    meetings = [online_meeting(i, "Sunday") for i in range(MAX_LIST_ROWS + 1)]
    directory = Directory(data_dir=Path("data"), regions={"online": Region(name="Online")}, meetings=meetings)
    pages = pages_of(directory, "online_meetings")
    part = next(pages[p].html for p in pages if p.count("/") == 4)  # meetings/online-now/sunday/<part>/
    assert 'href="../../../online/online-' in part and "meetings/online/online-" not in part
