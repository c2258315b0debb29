"""Which files under data/ are listings: the walk (links never followed) and the path rules.

The path gives a listing its kind (the folder under data/), its region (the folder below, for
regional kinds) and its slug (the file name); every rule here names the file and how to fix it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from peerdir import kinds
from peerdir.models.common import Listing, closest
from peerdir.models.text_rules import SLUG_RE, slug_words, slugify
from peerdir.yamlfile import not_a_plain_file

# Folders below data/<kind>/: listings need one (the region); a few more are reported as misplaced files.
MAX_FOLDER_DEPTH = 4


class ListingFile(NamedTuple):
    """A listing file whose name and folder passed the path rules."""

    path: str
    kind: str  # the kind's name: "meetings"
    region: str  # its region folder, '' for a kind without regions
    slug: str
    shown: str  # the path as messages and edit links show it


# kind -> ((region, slug), listing) as loaded, before sorting
Found = dict[str, list[tuple[tuple[str, str], Listing]]]


def no_listings() -> Found:
    return {name: [] for name in kinds.names()}


# (file, line, col, field, message, hint) -> None
Report = Callable[[str, int, int, str, str, str], None]


def refused_folder(parts: tuple[str, ...]) -> tuple[str, str]:
    if len(parts) > MAX_FOLDER_DEPTH:
        return (f"folders nest more than {MAX_FOLDER_DEPTH} deep here; nothing below this folder was read",
                "listings go in one region folder: move them there and delete the extra folders")
    return ("could not be read (a folder or file the system refuses to open)",
            "commit ordinary folders and text files, with short names")


def walk_files(folder: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]],
               refused: list[tuple[str, ...]]) -> None:
    """Collect (relative path parts, path) of the files below `folder`, as Path.rglob would; hidden files left out.
    Symbolic links, devices, pipes and sockets go to `refused` (parts only): never followed, never read.

    Each folder's entries in name order: the paths come out sorted, as sorted(found) would give them.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=attrgetter("name"))
    except OSError:  # unreadable, or a path too long for the system
        refused.append(parts)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False) and len(parts) >= MAX_FOLDER_DEPTH:
            refused.append((*parts, entry.name))  # not entered: a bound on the recursion and on path length
        elif entry.is_dir(follow_symlinks=False):
            walk_files(entry.path, (*parts, entry.name), found, refused)
        elif entry.name.startswith("."):
            continue
        elif entry.is_file(follow_symlinks=False):
            found.append(((*parts, entry.name), entry.path))
        else:
            refused.append((*parts, entry.name))


def listing_files(data_dir: Path, kind: str, refused: list[tuple[str, ...]] | None = None
                  ) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(path, region folder, path parts below data/<kind>/) of every plain file there, sorted; '' for
    no folder. Links and special files are added to `refused`, when given."""
    base = data_dir / kind
    if not base.is_dir() or not_a_plain_file(base):
        return
    found: list[tuple[tuple[str, ...], str]] = []
    walk_files(str(base), (), found, [] if refused is None else refused)
    for parts, path in found:
        yield path, (parts[0] if len(parts) > 1 else ""), parts


def slug_suggestion(text: str, fallback: str) -> str:
    """'Friday Night (Español)' → 'friday-night-espanol'."""
    return slugify(text) or fallback


class PathRules:
    """A listing file's name and folder: a .yaml file, in a declared region's folder for regional
    kinds, a slug for a name, unique within its kind."""

    def __init__(self, shown_root: str, regions_file: str, report: Report):
        self._shown_root = shown_root
        self._regions_file = regions_file
        self._report = report
        # Region folder names written in regions.yaml, valid or not; None when it could not be read.
        self.declared: set[str] | None = set()
        self._seen: dict[tuple[str, str], str] = {}

    def slug_of(self, parts: tuple[str, ...], kind: str, region: str, shown: str) -> str | None:
        """The file's slug if its name and folder are right; None once a problem is reported."""
        described = kinds.get(kind)
        singular, flat = described.singular, not described.regional
        name = parts[-1]
        stem, suffix = (name.rsplit(".", 1) + [""])[:2] if "." in name[1:] else (name, "")
        if suffix != "yaml":
            if suffix == "yml":
                message, hint = "the file name ends in .yml; listing files end in .yaml", f"rename it to '{stem}.yaml'"
            else:
                message = f"found '{name}' among the {kind}; only .yaml listing files belong in this folder"
                hint = f"rename it to '{stem}.yaml' if it is a listing, otherwise move it out of the data folder"
            self._report(shown, 1, 1, "", message, hint)
            return None
        if len(parts) != (1 if flat else 2):
            folder = f"{self._shown_root}/{kind}"
            expected = f"{folder}/<name>.yaml" if flat else f"{folder}/<region>/<name>.yaml"
            if flat:
                target = f"{folder}/{name}"
            elif len(parts) > 2:
                target = f"{folder}/{parts[0]}/{name}"
            else:
                target = f"{folder}/<region>/{name}, where <region> is a region named in {self._regions_file}"
            self._report(shown, 1, 1, "", f"this {singular} file is in the wrong folder; {kind} go in {expected}",
                         f"move it to {target}")
            return None
        if not SLUG_RE.match(stem):
            self._report(shown, 1, 1, "",
                         f"the file name '{name}' is not {slug_words(stem)}",
                         f"rename it to '{slug_suggestion(stem, 'my-listing')}.yaml'")
            return None
        if stem in described.reserved_slugs:
            self._report(shown, 1, 1, "", f"the file name '{name}' is reserved: a region with many {kind} "
                         f"has its {stem.capitalize()} list at {kind}/{region}/{stem}/",
                         f"rename it after the group or time, e.g. '{stem}-night.yaml'")
            return None
        declared = self.declared
        if not flat and declared is not None and region not in declared:
            match = closest(region, declared)
            listed = ", ".join(sorted(declared)[:8]) + (", …" if len(declared) > 8 else "")
            regions_file = self._regions_file
            hint = (f"did you mean the folder '{match}'? Otherwise add '{region}:' to {regions_file}" if match else
                    f"add '{region}:' to {regions_file}, or move the file into one of: {listed or 'no regions yet'}")
            self._report(shown, 1, 1, "", f"the region folder '{region}' is not listed in {regions_file}", hint)
            return None
        key = (kind, stem)
        if key in self._seen:
            self._report(shown, 1, 1, "", f"the name '{stem}' is already used by {self._seen[key]}; "
                         f"every {singular} needs its own file name",
                         f"rename one of the two, e.g. to '{stem}-{region or 'online'}.yaml'")
            return None
        self._seen[key] = shown
        return stem
