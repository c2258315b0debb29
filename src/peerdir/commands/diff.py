"""`peerdir diff BASE`: listings added, changed and removed since a git revision, in plain words."""

from __future__ import annotations

import argparse
import sys

from peerdir.changes import GitError, collect_changes, format_changes
from peerdir.commands.registry import EXIT_OK, EXIT_USAGE, add_data_option, project, subcommand
from peerdir.output_text import inert_lines


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="git revision to compare with, e.g. origin/main or a commit")
    add_data_option(parser)
    parser.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="output format (default: text; markdown for a pull request's job summary)")


@subcommand("diff", "list listings added, changed and removed since a git revision", _configure)
def run(args: argparse.Namespace) -> int:
    try:
        changes = collect_changes(project(args).data, args.base)
    except GitError as err:
        print(f"peerdir diff: {err}", file=sys.stderr)
        return EXIT_USAGE
    # Names and values come from the pull request: printed inert (no terminal escape, no workflow command).
    print(inert_lines(format_changes(changes, args.format)), end="" if args.format == "markdown" else "\n")
    return EXIT_OK
