"""Long online lists split into day pages, and long days into parts of the day: no page grows unbounded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peerdir.directory import Directory
from peerdir.models import Meeting, Region
from peerdir.site.render import SMALL_DIRECTORY, PageRenderer, SiteContext
from peerdir.urls import SiteInfo


def online_meeting(i: int, day: str) -> Meeting:
    meeting = Meeting.model_validate({
        "name": f"Online {i}", "program": "AA", "day": day, "time": f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}",
        "timezone": "America/Chicago", "conference_url": f"https://zoom.us/j/{5550000000 + i}",
        "last_verified": "2026-10-01"})
    meeting.bind(f"online-{i}", "online", f"data/meetings/online/online-{i}.yaml")
    meeting.resolve_zone(None)
    return meeting


def test_a_long_online_day_is_split_into_parts_that_hold_every_meeting() -> None:
    meetings = [online_meeting(i, "Friday") for i in range(SMALL_DIRECTORY + 50)]
    meetings += [online_meeting(10_000 + i, "Monday") for i in range(40)]
    directory = Directory(data_dir=Path("data"), regions={"online": Region(name="Online")}, meetings=meetings)
    pages = {p.path: p for p in PageRenderer(SiteContext(directory, SiteInfo(), dt.date(2026, 11, 23))).online_meetings()}

    assert "meetings/online-now/monday/" in pages  # a short day stays one page
    assert 'class="pd-row"' in pages["meetings/online-now/monday/"].html
    friday = pages["meetings/online-now/friday/"].html
    assert 'class="pd-row"' not in friday
    parts = [p for p in pages if p.startswith("meetings/online-now/friday/") and p.count("/") == 4]
    assert sorted(parts) == sorted(f"meetings/online-now/friday/{part}/"
                                   for part in ("morning", "afternoon", "evening", "night"))
    for part in parts:
        assert f'href="{part.split("/")[-2]}/"' in friday
    rows = sum(pages[p].html.count('class="pd-row"') for p in parts)
    assert rows == SMALL_DIRECTORY + 50  # every meeting in exactly one part
