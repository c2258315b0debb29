"""`peerdir import meeting-guide SOURCE`: meetings from a Meeting Guide feed or a TSML CSV export."""

from __future__ import annotations

import argparse
from pathlib import Path

from peerdir.commands import import_bmlt
from peerdir.commands._import_run import run_import
from peerdir.commands.registry import add_data_option, iso_date, project, subcommand
from peerdir.formats.meeting_guide_import import import_feed, read_source


def _configure(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_subparsers(dest="import_format", required=True, metavar="FORMAT")
    guide = formats.add_parser(
        "meeting-guide", help="a Meeting Guide JSON feed (.json) or a TSML CSV export (.csv)",
        description="Write one YAML file per meeting under DATA/meetings/<region>/. Running it again over the "
                    "same source changes nothing; the report lists every record by what became of it, and the "
                    "meetings gone from the source. Exit 0: all imported; 1: some records skipped, or the feed "
                    "refused (a value peerdir refuses: nothing is written); 2: usage.")
    guide.add_argument("source", metavar="SOURCE", help="the feed: a .json file or a .csv export")
    add_data_option(guide)
    guide.add_argument("--region", help="put every meeting into this region (a slug from regions.yaml, or a new one)")
    guide.add_argument("--timezone", help="IANA zone for new regions (and regions without one), e.g. America/Chicago;"
                                          " never over a zone the meeting or its region has")
    guide.add_argument("--program", help="recovery program of the meetings; needed when the feed names none")
    guide.add_argument("--verified", type=iso_date, metavar="YYYY-MM-DD",
                       help="the date these listings were checked, for records with neither last_contact nor updated")
    guide.add_argument("--prune", action="store_true",
                       help="remove the files of meetings an earlier import of this source wrote that it no longer has")
    guide.add_argument("--source", dest="source_name", metavar="NAME",
                       help="the name files of this source are marked with (default: SOURCE's file name); give the "
                            "same one when the feed's file is named anew each time")
    import_bmlt.configure(formats)


@subcommand("import", "import listings from another directory's feed", _configure)
def run(args: argparse.Namespace) -> int:
    if args.import_format == "bmlt":
        return import_bmlt.run(args)
    source = Path(args.source)
    return run_import(lambda: import_feed(read_source(source), project(args).data, region=args.region,
                                          timezone=args.timezone, program=args.program,
                                          source=args.source_name or source.name, prune=args.prune,
                                          verified=args.verified),
                      source)
