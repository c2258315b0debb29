"""The timestamps feeds write ("updated", "last_contact"), read in every common shape.

Meeting Guide asks for "YYYY-MM-DD HH:MM:SS" (UTC); real feeds also send ISO 8601 with a 'T' and an
offset, a date alone, and US-style "8/25/2022 11:17:07 AM". The time is kept as the source gave it (an
offset is turned into UTC, which is what the spec's field means); nothing is ever filled in from today.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Day-first dates ("25.08.2022") are read only with dots, which no US feed uses; slashes are month first.
_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y",
    "%m/%d/%y %I:%M:%S %p", "%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M", "%m/%d/%y",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
)
_ISO_T = re.compile(r"^\d{4}-\d{2}-\d{2}T")
MAX_TIMESTAMP = 64  # longer text is no timestamp


def parse_timestamp(value: Any) -> dt.datetime | dt.date | None:
    """A source timestamp → a naive datetime (UTC when the source gave an offset), or a date when it
    gave a date alone; None when blank or unreadable."""
    if value is None or isinstance(value, bool) or isinstance(value, (list, dict)):
        return None
    text = " ".join(str(value).split())
    if not text or len(text) > MAX_TIMESTAMP:
        return None
    if _ISO_T.match(text) or re.search(r"[+-]\d{2}:?\d{2}$|Z$", text):
        return _iso(text)
    for shape in _FORMATS:
        try:
            parsed = dt.datetime.strptime(text.upper() if "%p" in shape else text, shape)
        except ValueError:
            continue
        return parsed.date() if "%H" not in shape and "%I" not in shape else parsed
    return None


def _iso(text: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def timestamp_text(value: dt.datetime | dt.date) -> str:
    """As the model and Meeting Guide write it: 'YYYY-MM-DD HH:MM:SS', or 'YYYY-MM-DD' for a date alone."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat()


def day_of(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
