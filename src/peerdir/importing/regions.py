"""The regions a feed names, as a tree: `regions: [general, …, specific]` or `region` / `sub_region`.

Keys are chosen from the whole feed at once, in a fixed order, so the same feed gives the same
regions.yaml whatever order its records come in. A region already in regions.yaml is found again by its
name under the same parent; a new one takes its name's slug, or its parent's and its own when another
region has that slug ("Downtown" under two cities).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from peerdir.models.text_rules import slugify

Path = tuple[str, ...]  # region names, general → specific


@dataclass(frozen=True)
class KnownRegion:
    name: str
    parent: str | None = None
    timezone: str | None = None
    country: str | None = None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


def region_path(record: Mapping[str, Any]) -> Path:
    """The record's own regions, general → specific; () when it names none."""
    regions = record.get("regions")
    if isinstance(regions, list):
        names = [name for name in (_text(item) for item in regions) if name]
        if names:
            return _no_repeats(names)
    return _no_repeats([name for name in (_text(record.get(k)) for k in ("region", "sub_region")) if name])


def _no_repeats(names: list[str]) -> Path:
    """["Tupelo", "Tupelo"] is one region, not a region inside itself."""
    out: list[str] = []
    for name in names:
        if not out or _fold(out[-1]) != _fold(name):
            out.append(name)
    return tuple(out)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


class RegionTree:
    """Keys for every region of a feed's paths, existing regions first."""

    def __init__(self, known: Mapping[str, KnownRegion], paths: Iterable[Path]):
        self.known = dict(known)
        self.new: dict[str, KnownRegion] = {}
        self._keys: dict[tuple[str, ...], str] = {}  # folded path → key
        nodes = {tuple(path[: depth + 1]) for path in paths for depth in range(len(path))}
        # A name alone ("Tupelo", from `region:` or a city) that heads no path of its own stands for the
        # one region of that name deeper in the tree, when there is exactly one: decided once the tree is
        # placed, so it does not depend on which record came first.
        heads = {node[:1] for node in nodes if len(node) > 1}
        lone = {node for node in nodes if len(node) == 1 and node not in heads}
        order = lambda n: (len(n), [_fold(p) for p in n])  # noqa: E731 - parents before children
        for node in sorted(nodes - lone, key=order):
            self._place(node)
        for node in sorted(lone, key=order):
            alias = self._only_region_named(node[0])
            if alias is None:
                self._place(node)
            else:
                self._keys[(_fold(node[0]),)] = alias

    def key(self, path: Path) -> str:
        """The leaf region's key (the folder of the record's meeting file)."""
        return self._keys[tuple(_fold(p) for p in path)]

    def _only_region_named(self, name: str) -> str | None:
        """The key of the one region deeper in the tree named `name`; None when there is a top-level one,
        none, or several."""
        named = [(key, region) for key, region in {**self.known, **self.new}.items()
                 if _fold(region.name) == _fold(name)]
        if len(named) != 1 or named[0][1].parent is None:
            return None
        return named[0][0]

    def _place(self, node: Path) -> None:
        parent = self._keys[tuple(_fold(p) for p in node[:-1])] if len(node) > 1 else None
        name = node[-1]
        taken = {**self.known, **self.new}
        for key, region in taken.items():
            if _fold(region.name) == _fold(name) and region.parent == parent:
                self._keys[tuple(_fold(p) for p in node)] = key
                return
        key = self._free_key(name, node, taken)
        self.new[key] = KnownRegion(name, parent)
        self._keys[tuple(_fold(p) for p in node)] = key

    @staticmethod
    def _free_key(name: str, node: Path, taken: Mapping[str, KnownRegion]) -> str:
        base = slugify(name) or "region"
        if base not in taken:
            return base
        if len(node) > 1:
            qualified = slugify(f"{node[-2]} {name}") or base
            if qualified not in taken:
                return qualified
            base = qualified
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"
