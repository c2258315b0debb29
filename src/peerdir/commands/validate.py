"""`peerdir validate`: every problem in every file, in one run."""

from __future__ import annotations

import argparse
import os
import sys

from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_data_option, project, subcommand
from peerdir.diagnostics import OutputFormat, format_problems, summary_line
from peerdir.loading import load_directory


def _configure(parser: argparse.ArgumentParser) -> None:
    add_data_option(parser)
    parser.add_argument("--content", help="folder holding articles/ (default: content/ beside the data folder)")
    parser.add_argument("--format", choices=("text", "github", "json"),
                        help="output format (default: text, or github when GITHUB_ACTIONS=true)")


@subcommand("validate", "check every listing and report every problem", _configure)
def run(args: argparse.Namespace) -> int:
    found = project(args)
    data = found.data
    if not data.is_dir():
        print(f"peerdir: data folder '{data}' does not exist (set --data or PEERDIR_DATA)", file=sys.stderr)
        return EXIT_USAGE
    directory, problems = load_directory(data, found.content)
    fmt: OutputFormat = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if problems or fmt == "json":
        print(format_problems(problems, fmt))
    print(summary_line(problems, directory.files_checked), file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK
