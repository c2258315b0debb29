"""`peerdir stale`: listings nobody has re-verified for a while, by region, with edit links."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from peerdir.commands.registry import EXIT_OK, EXIT_USAGE, add_data_option, project, subcommand
from peerdir.contribute import site_from_environment
from peerdir.loading import load_directory
from peerdir.stale import DEFAULT_DAYS, find_stale, format_stale


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--days cannot be negative")
    return value


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=_days,
                        help="stale after this many days "
                              f"(default: mkdocs.yml's stale_after_days, else {DEFAULT_DAYS})")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="output format (default: text; markdown for the re-verification issue)")
    add_data_option(parser)
    parser.add_argument("--today", type=iso_date, help="count days up to this date instead of today (YYYY-MM-DD)")
    parser.add_argument("--repo", help="GitHub repository URL for edit links (default: from mkdocs.yml or Actions)")


@subcommand("stale", "list listings due for re-verification, by region", _configure)
def run(args: argparse.Namespace) -> int:
    found = project(args)
    data = found.data
    if not data.is_dir():
        print(f"peerdir: data folder '{data}' does not exist (set --data or PEERDIR_DATA)", file=sys.stderr)
        return EXIT_USAGE
    root = found.root
    today = args.today or dt.date.today()
    days = args.days if args.days is not None else found.settings().stale_after_days
    # Validity does not depend on the date asked about: a listing checked after --today is still valid.
    directory, problems = load_directory(data, today=max(today, dt.date.today()))
    report = find_stale(directory, today, days, site_from_environment(root, repo_url=args.repo))
    print(format_stale(report, args.format))
    if problems:
        files = len({p.path for p in problems})
        print(f"peerdir stale: {files} file(s) with problems were left out; run 'peerdir validate'.", file=sys.stderr)
    return EXIT_OK

