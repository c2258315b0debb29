"""Rules across files, checked once everything is read: the region tree and the meetings' feed slugs.

Each returns (where, message, hint) triples; the loader places them at a line and reports them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from peerdir.models import Meeting, Region
from peerdir.models.common import closest

# (region key or meeting, message, hint)
RegionProblem = tuple[str, str, str]


def region_tree_problems(regions: Mapping[str, Region]) -> Iterator[RegionProblem]:
    """An unknown parent, and every region on a cycle (a region that is its own ancestor)."""
    for key, region in regions.items():
        parent = region.parent
        if parent is not None and parent not in regions:
            match = closest(parent, regions)
            hint = (f"did you mean parent: {match}?" if match else
                    f"add '{parent}:' to regions.yaml, or write the key of a region listed there")
            yield key, f"the parent '{parent}' is not a region in regions.yaml", hint
    for key in regions:
        cycle = _cycle_from(key, regions)
        if cycle is not None:
            path = " → ".join([*cycle, cycle[0]])
            yield key, f"the regions' parents go round in a circle ({path}): a region cannot lie inside itself", \
                "remove 'parent:' from the region at the top of this tree"


def _cycle_from(key: str, regions: Mapping[str, Region]) -> list[str] | None:
    """The cycle `key` lies on, starting at `key`, or None (a region below a cycle is not on it)."""
    seen = [key]
    current = regions[key].parent
    while current is not None and current in regions:
        if current == key:
            return seen
        if current in seen:
            return None  # a cycle above, not through, `key`
        seen.append(current)
        current = regions[current].parent
    return None


def duplicate_feed_slugs(meetings: list[Meeting]) -> Iterator[tuple[Meeting, Meeting]]:
    """(meeting, the other meeting with its feed slug), both ways round, for every clash."""
    by_key: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        by_key.setdefault(meeting.guide_slug, []).append(meeting)
    for same in by_key.values():
        if len(same) > 1:
            for meeting in same:
                other = next(m for m in same if m is not meeting)
                yield meeting, other
