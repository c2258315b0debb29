"""Vocabularies that live in data files: recovery programs and meeting type codes.

The package ships the defaults; a directory may add its own in `data/programs.yaml` (same shape as
the package file). The Meeting Guide codes are reserved and cannot be redefined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

import yaml

# Why these two get a sentence: they decide whether a newcomer or a relative may walk in.
TYPE_EXPLANATIONS = {
    "O": "anyone may attend, including family, friends and the curious",
    "C": "for people who have a desire to stop drinking or using",
    "BE": "focused on people new to recovery",
    "TC": "the venue is closed for now; check for an online option",
}


@dataclass(frozen=True)
class Program:
    name: str
    full_name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:  # frozen, but cached_property needs __dict__: no slots
    programs: dict[str, Program]  # lowercased name or alias -> program
    types: dict[str, str]  # code -> English name
    reserved_types: frozenset[str] = field(default_factory=frozenset)
    # A directory's own codes from data/types.yaml (also in `types`): code -> Spanish name, where given.
    custom_types: dict[str, str | None] = field(default_factory=dict)

    def with_custom_types(self, names: dict[str, tuple[str, str | None]]) -> Vocabulary:
        """This vocabulary plus a directory's own codes: code -> (English name, Spanish name or None)."""
        return Vocabulary(self.programs, {**self.types, **{code: en for code, (en, _) in names.items()}},
                          self.reserved_types, {code: es for code, (_, es) in names.items()})

    @property
    def program_names(self) -> list[str]:
        return sorted({p.name for p in self.programs.values()}, key=str.lower)

    def program(self, text: str) -> Program | None:
        return self.programs.get(" ".join(text.lower().split()))

    def type_code(self, text: str) -> str | None:
        """The canonical spelling of a type code typed in any case ('12X12' → '12x12')."""
        return self._codes_by_upper.get(text.strip().upper())

    @cached_property
    def _codes_by_upper(self) -> dict[str, str]:
        return {code.upper(): code for code in self.types}


def _read_package_text(name: str) -> str:
    return resources.files("peerdir").joinpath("reference", name).read_text(encoding="utf-8")


def _programs_from(entries: list[dict]) -> dict[str, Program]:
    by_key: dict[str, Program] = {}
    for entry in entries:
        program = Program(
            name=str(entry["name"]),
            full_name=str(entry.get("full_name") or entry["name"]),
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        )
        for key in (program.name, program.full_name, *program.aliases):
            by_key[" ".join(key.lower().split())] = program
    return by_key


@cache
def meeting_guide_types() -> dict[str, dict[str, str]]:
    """The reserved Meeting Guide codes with their names in every language the spec ships."""
    return json.loads(_read_package_text("meeting_guide_types.json"))["types"]


@cache
def default_vocabulary() -> Vocabulary:
    reserved = {code: names["en"] for code, names in meeting_guide_types().items()}
    extra = yaml.safe_load(_read_package_text("extra_types.yaml"))
    types = {**extra["proposed"], **extra["program_specific"], **reserved}
    programs = _programs_from(yaml.safe_load(_read_package_text("programs.yaml")))
    return Vocabulary(programs, types, frozenset(reserved) | frozenset(extra["proposed"]))
