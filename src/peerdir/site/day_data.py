"""The compact data behind "on now" when a list of meetings is split into a page per day.

When a list (a region's, or the online meetings) is split into one page per day (see
`PageRenderer._day_lists`), one small JSON file per day goes beside it, so "on now and next" on its
page of days (`finder.js`) needs a few kilobytes instead of several day pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from peerdir.directory import Directory
from peerdir.models import Meeting
from peerdir.models.meeting import DAY_NAMES
from peerdir.site.meeting_row import MeetingRows, day_data, rows_of
from peerdir.site.render import split_lists
from peerdir.site.today import TODAY_PATH


def day_rows(meetings: list[Meeting], rows: MeetingRows | None = None) -> dict[int, dict]:
    """Per meeting-local day (0 = Sunday): {"zones": [IANA…], "rows": [[start, minutes, zone, attendance,
    program, "region/slug", name, "type codes", city, join link], …]}, rows in start-time order (see
    `meeting_row.day_data`)."""
    by_day = (rows or MeetingRows()).by_day(meetings)
    return {day: day_data(day_rows) for day, day_rows in enumerate(by_day)}


def write_day_data(directory: Directory, site_dir: Path) -> list[Path]:
    """<list>/<day>.json beside every list split into day pages, for its "on now" panel, and beside
    meetings/today/ for every meeting, which that page reads."""
    written = []
    rows = rows_of(directory)
    lists = split_lists(directory)
    if directory.meetings:
        lists.append((TODAY_PATH, directory.meetings))
    for path, meetings in lists:
        folder = Path(site_dir) / path
        folder.mkdir(parents=True, exist_ok=True)
        for day, data in day_rows(meetings, rows).items():
            target = folder / f"{DAY_NAMES[day].lower()}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            written.append(target)
    return written
