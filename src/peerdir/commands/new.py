"""`peerdir new meeting|home|community`: write a commented template that validates once its CHANGE ME
values are filled in."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from peerdir import kinds
from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_data_option, project, subcommand
from peerdir.diagnostics import relative_path
from peerdir.models.text_rules import is_slug, slug_words
from peerdir.newlisting import RegionChoice, slugify
from peerdir.yamlfile import YamlProblem, read_yaml_file


class _Usage(Exception):
    """A missing or wrong argument: exit 2 with this message."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=[kind.singular for kind in kinds.all_kinds() if kind.new_listing],
                        help="what to add")
    parser.add_argument("--region", help="region folder, a key of data/regions.yaml (meetings and homes)")
    parser.add_argument("--name", help="the listing's name; the file name (slug) is made from it")
    parser.add_argument("--slug", help="file name without .yaml, if not the one made from the name")
    add_data_option(parser)


@subcommand("new", "write a commented template for a new listing at the right path", _configure)
def run(args: argparse.Namespace) -> int:
    data = project(args).data
    try:
        kind = kinds.by_singular(args.kind)
        new_listing = kind.new_listing
        if new_listing is None:
            raise _Usage(f"there is no template for a {args.kind}")
        region = _region(args, data) if kind.regional else None
        name = _name(args)
        slug = _slug(args, name)
    except _Usage as err:
        print(f"peerdir new: {err}", file=sys.stderr)
        return EXIT_USAGE

    path = data / kind.relpath(slug, region.slug if region else None)
    if path.exists():
        print(f"peerdir new: {relative_path(path)} already exists; not overwriting it. "
              f"Edit that file, or choose another name with --name or --slug.", file=sys.stderr)
        return EXIT_INVALID
    clash = kind.existing(data, slug)
    if clash is not None:
        print(f"peerdir new: the name '{slug}' is already used by {relative_path(clash)} "
              f"(file names are unique for each kind); choose another with --slug.", file=sys.stderr)
        return EXIT_INVALID

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(new_listing(name, dt.date.today(), region))
    print(relative_path(path))
    print("Next: open the file, change every value marked CHANGE (the checks refuse any CHANGE ME left), "
          "then run 'peerdir validate'.", file=sys.stderr)
    return EXIT_OK


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask(question: str) -> str:
    try:
        return input(question).strip()
    except EOFError:
        return ""


def _regions(data: Path) -> dict[str, RegionChoice]:
    path = data / "regions.yaml"
    if not path.is_file():
        raise _Usage(f"{relative_path(path)} does not exist; a meeting or home needs a region listed there "
                     "(set --data to the data folder)")
    try:
        doc = read_yaml_file(path)
    except YamlProblem as err:
        raise _Usage(f"{relative_path(path)}:{err.line}:{err.col}: {err.message}") from None
    choices = {}
    for slug, value in doc.data.items():
        value = value if isinstance(value, dict) else {}
        choices[slug] = RegionChoice(slug, str(value.get("name") or slug), value.get("timezone") or None)
    return choices


def _region(args: argparse.Namespace, data: Path) -> RegionChoice:
    regions = _regions(data)
    online_only: list[str] = []
    if kinds.by_singular(args.kind).needs_place:  # regions without a time zone are online-only
        online_only = [slug for slug, region in regions.items() if region.timezone is None]
        regions = {slug: region for slug, region in regions.items() if region.timezone is not None}
    known = ", ".join(regions) or "(none yet)"
    wanted = args.region
    if not wanted:
        if not _interactive():
            raise _Usage(f"a {args.kind} needs --region; one of: {known}")
        for slug, region in regions.items():
            print(f"  {slug:<20} {region.name}", file=sys.stderr)
        wanted = _ask("Region (one of the names above): ")
    if wanted in online_only:
        raise _Usage(f"region '{wanted}' is online-only (no timezone in data/regions.yaml) and a home is a place; "
                     f"one of: {known}")
    if wanted not in regions:
        raise _Usage(f"region '{wanted}' is not in data/regions.yaml; one of: {known}")
    return regions[wanted]


def _name(args: argparse.Namespace) -> str:
    name = " ".join((args.name or "").split())
    if not name:
        if not _interactive():
            raise _Usage(f"give the {args.kind}'s name with --name \"…\"")
        name = " ".join(_ask(f"The {args.kind}'s name: ").split())
    if not name:
        raise _Usage(f"a {args.kind} needs a name")
    if len(name) > 300:
        raise _Usage("the name is longer than 300 characters")
    return name


def _slug(args: argparse.Namespace, name: str) -> str:
    slug = args.slug or slugify(name)
    if not slug:
        raise _Usage(f"cannot make a file name from '{name}'; give one with --slug, e.g. --slug friday-night-group")
    if not is_slug(slug):
        raise _Usage(f"'{slug}' is not a file name peerdir accepts: {slug_words(slug)}, e.g. friday-night-group")
    return slug
