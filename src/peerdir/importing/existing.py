"""What a data folder already holds, as an import needs it: its meeting files by the slug a feed
knows them by (and the source that wrote each), its regions and its declared types. Read leniently:
what is wrong in them is `peerdir validate`'s to report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from peerdir.importing.regions import KnownRegion
from peerdir.models import Region
from peerdir.models.text_rules import is_slug, zone_exists
from peerdir.yamlfile import YamlProblem, parse_yaml_mapping


class RegionsUnreadable(ValueError):
    """regions.yaml is no YAML mapping: nothing can be placed in it."""


@dataclass
class Existing:
    path: Path
    imported_from: str | None  # the source named in its marker; None: written by a person
    data: dict[str, Any]


def existing_meetings(data_dir: Path) -> dict[str, Existing]:
    """Every meeting file, by the slug a feed knows it by (its `slug:`, else its file name)."""
    found: dict[str, Existing] = {}
    for path in sorted((data_dir / "meetings").glob("*/*.yaml")):
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        marker = re.search(r"^# Imported by `peerdir import(?: meeting-guide)?`(?: from (.*?): )?", content, re.M)
        data: dict[str, Any] = {}
        if marker or re.search(r"^slug:", content, re.M):
            try:
                data = parse_yaml_mapping(content).data
            except YamlProblem:
                data = {}
        key = str(data.get("slug") or path.stem)
        found.setdefault(key, Existing(path, (marker.group(1) or "") if marker else None, data))
    return found


def read_types(path: Path) -> dict[str, str]:
    """data/types.yaml's codes and names (the loader reports what is wrong in it)."""
    if not path.is_file():
        return {}
    try:
        doc = parse_yaml_mapping(path.read_text(encoding="utf-8"))
    except (YamlProblem, OSError, UnicodeDecodeError):
        return {}
    return {str(code): str(entry.get("name") or code) if isinstance(entry, dict) else str(code)
            for code, entry in doc.data.items()}


def read_regions(path: Path) -> dict[str, KnownRegion]:
    if not path.is_file():
        return {}
    try:
        doc = parse_yaml_mapping(path.read_text(encoding="utf-8"))
    except YamlProblem as err:
        raise RegionsUnreadable(f"{path}: {err.message} (line {err.line}); fix it with peerdir validate first") \
            from None
    regions: dict[str, KnownRegion] = {}
    for key, value in doc.data.items():
        if not is_slug(key):
            continue  # never a folder to write into ('../x'); peerdir validate reports the name
        try:
            region = Region.model_validate(value or {})
        except ValidationError:
            # Known but broken (peerdir validate says why): never add a second entry with this key.
            zone = value.get("timezone") if isinstance(value, dict) else None
            regions[key] = KnownRegion(key, None, zone if isinstance(zone, str) and zone_exists(zone) else None)
            continue
        regions[key] = KnownRegion(region.name, region.parent, region.timezone, region.country)
    return regions
