"""`peerdir import meeting-guide SOURCE`: meetings from a Meeting Guide feed or a TSML CSV export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peerdir.commands import import_bmlt
from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_data_option, project, subcommand
from peerdir.formats.meeting_guide_import import SourceError, import_feed, read_source


def _configure(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_subparsers(dest="import_format", required=True, metavar="FORMAT")
    guide = formats.add_parser(
        "meeting-guide", help="a Meeting Guide JSON feed (.json) or a TSML CSV export (.csv)",
        description="Write one YAML file per meeting under DATA/meetings/<region>/. Running it again over the "
                    "same source changes nothing. Exit 0: all imported; 1: some records skipped, or the feed "
                    "refused (a value peerdir refuses: nothing is written); 2: usage.")
    guide.add_argument("source", metavar="SOURCE", help="the feed: a .json file or a .csv export")
    add_data_option(guide)
    guide.add_argument("--region", help="put every meeting into this region (a slug from regions.yaml, or a new one)")
    guide.add_argument("--timezone", help="IANA zone for meetings and new regions that give none, e.g. America/Chicago")
    guide.add_argument("--program", default="AA", help="recovery program of new meetings (default: AA)")
    import_bmlt.configure(formats)


@subcommand("import", "import listings from another directory's feed", _configure)
def run(args: argparse.Namespace) -> int:
    if args.import_format == "bmlt":
        return import_bmlt.run(args)
    source = Path(args.source)
    if not source.is_file():
        print(f"peerdir: source '{source}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    data = project(args).data
    try:
        records = read_source(source)
        report = import_feed(records, data, region=args.region, timezone=args.timezone, program=args.program)
    except SourceError as err:
        print(f"peerdir: {err}", file=sys.stderr)
        return EXIT_USAGE
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_INVALID
