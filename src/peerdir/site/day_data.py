"""The compact data behind "on now" when a list of meetings is split into a page per day.

When a list (a region's, or the online meetings) is split into one page per day (see
`PageRenderer._day_lists`), its meetings go beside it as JSON, so "on now and next" on its page of
days (`finder.js`) needs a few kilobytes instead of several day pages; meetings/today/ holds every
meeting so, for itself and the home page's box.

The online list (meetings/online-now/) reads meetings/today/'s, keeping the meetings one can join.
`hours/<h>.json` holds the meetings that start in hour `h` of the UTC week (0 = Sunday 00:00 UTC)
by their zone's standard time (its smaller offset): in summer time they start up to an hour
earlier, so "on now and starting soon" reads the eight hours around now, "today" the hours to the
visitor's midnight, and "next to start" the hours ahead until it knows. Each row is written once:
no file per day repeats them (issue 20: 14 MB at 60,000 meetings). The page works out each true
start with the offsets in force.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from peerdir.directory import Directory
from peerdir.site.meeting_row import MeetingRow, day_data, rows_of
from peerdir.site.render import ONLINE_PATH, split_lists
from peerdir.site.today import TODAY_PATH

HOURS = 7 * 24


def zone_offsets(zone: str, year: int) -> tuple[int, ...]:
    """The offsets from UTC in minutes that `zone` keeps in `year` (winter and summer; one if none)."""
    tz = ZoneInfo(zone)
    found = {int((dt.datetime(year, month, 15, 12, tzinfo=tz).utcoffset() or dt.timedelta()).total_seconds() // 60)
             for month in (1, 7)}
    return tuple(sorted(found))


def hour_rows(by_day: Iterable[list[MeetingRow]], year: int) -> list[dict]:
    """For each hour of the UTC week: `day_data` ("zones", "programs", "regions", "rows") and "days", each
    row's meeting-local day; a meeting is in the hour it starts by its zone's standard time (see above)."""
    rows: list[list[MeetingRow]] = [[] for _ in range(HOURS)]
    days: list[list[int]] = [[] for _ in range(HOURS)]
    standard: dict[str, int] = {}
    for day, day_list in enumerate(by_day):
        for r in day_list:
            off = standard.get(r.zone)
            if off is None:
                off = standard[r.zone] = zone_offsets(r.zone, year)[0]
            hour = (day * 1440 + r.start - off) % (HOURS * 60) // 60
            rows[hour].append(r)
            days[hour].append(day)
    return [{**day_data(hour), "days": hour_days} for hour, hour_days in zip(rows, days, strict=True)]


def _write(target: Path, data: dict) -> Path:
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target


def write_day_data(directory: Directory, site_dir: Path, year: int) -> list[Path]:
    """<list>/hours/<h>.json beside every list split into day pages, for its "on now" panel, and
    beside meetings/today/ for every meeting, which that page and the home page read. `year`: whose
    summer time counts (the build's)."""
    written = []
    rows = rows_of(directory)
    # The online list's page reads meetings/today/'s hours and keeps the meetings one can join: its
    # own hour files held each of its rows again (issue 20).
    lists = [(path, meetings) for path, meetings in split_lists(directory) if path != ONLINE_PATH]
    if directory.meetings:
        lists.append((TODAY_PATH, directory.meetings))
    for path, meetings in lists:
        folder = Path(site_dir) / path
        (folder / "hours").mkdir(parents=True, exist_ok=True)
        for hour, data in enumerate(hour_rows(rows.by_day(meetings), year)):
            written.append(_write(folder / "hours" / f"{hour}.json", data))
    return written
