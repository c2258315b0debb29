"""Meetings that share a place: "Other meetings here" on a meeting page.

Two meetings are at the same place when they give the same street address in the same city (written
alike once case, punctuation and spacing are set aside) or the same coordinates (to 5 decimals, about
a metre). Meetings with neither (online only) are at no place.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

from peerdir.models import Meeting

MAX_SHOWN = 40  # a busy clubhouse has a hundred meetings a week: the page lists this many, then a count
_NOT_WORD = re.compile(r"[\W_]+")


def _address_key(meeting: Meeting) -> Hashable | None:
    if not meeting.address or meeting.approximate:  # a city is no venue
        return None
    street = _NOT_WORD.sub(" ", meeting.address.casefold()).strip()
    # Without a city, "1 Main St" is only the same place within its region.
    town = _NOT_WORD.sub(" ", meeting.city.casefold()).strip() if meeting.city else f"region:{meeting.region}"
    return ("address", street, town) if street else None


def _point_key(meeting: Meeting) -> Hashable | None:
    if meeting.latitude is None or meeting.longitude is None or meeting.approximate:
        return None
    return ("point", round(meeting.latitude, 5), round(meeting.longitude, 5))


class Venues:
    """The meetings of a directory grouped by place, made once per build."""

    def __init__(self, meetings: Iterable[Meeting]) -> None:
        self._at: dict[Hashable, list[Meeting]] = {}
        for meeting in meetings:
            for key in (_address_key(meeting), _point_key(meeting)):
                if key is not None:
                    self._at.setdefault(key, []).append(meeting)

    def others(self, meeting: Meeting) -> list[Meeting]:
        """The other meetings at this meeting's place, by first day of the week, time and name."""
        found: dict[int, Meeting] = {}
        for key in (_address_key(meeting), _point_key(meeting)):
            for other in self._at.get(key, ()) if key is not None else ():
                if other is not meeting:
                    found.setdefault(id(other), other)
        return sorted(found.values(), key=lambda m: (m.day[0], m.time, m.name.casefold(), m.region, m.slug))
