"""`peerdir import bmlt SEARCH_RESULTS.json --formats FORMATS.json`: meetings from a BMLT root server.

A FORMAT of `peerdir import` (commands/import_feed.py registers the subcommand and hands `bmlt` here).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from peerdir.commands._import_run import run_import
from peerdir.commands.registry import add_data_option, iso_date, project
from peerdir.formats.bmlt_import import DEFAULT_PROGRAM, import_bmlt


def configure(formats: argparse._SubParsersAction) -> None:
    parser = formats.add_parser(
        "bmlt", help="a BMLT root server's meetings (GetSearchResults JSON) with its formats (GetFormats JSON)",
        description="Write one YAML file per published meeting under DATA/meetings/<region>/, formats BMLT and "
                    "Meeting Guide share as their Meeting Guide types and the others declared in DATA/types.yaml. "
                    "Running it again over the same files changes nothing. Exit 0: all imported; 1: some meetings "
                    "skipped, or the file refused (nothing is written); 2: usage or an unreadable file.")
    parser.add_argument("source", metavar="SEARCH_RESULTS",
                        help="client_interface/json/?switcher=GetSearchResults saved as a .json file")
    parser.add_argument("--formats", metavar="FORMATS",
                        help="client_interface/json/?switcher=GetFormats saved as a .json file (not needed when "
                             "the results were fetched with get_used_formats=1)")
    parser.add_argument("--service-bodies", metavar="SERVICE_BODIES",
                        help="client_interface/json/?switcher=GetServiceBodies saved as a .json file: each "
                             "meeting's service body becomes its district (and the region of meetings naming no "
                             "town)")
    add_data_option(parser)
    parser.add_argument("--region", help="put every meeting into this region (a slug from regions.yaml, or a new one)")
    parser.add_argument("--timezone",
                        help="IANA zone for new regions (and regions without one), e.g. America/Chicago; never "
                             "over a zone the meeting (time_zone) or its region has")
    parser.add_argument("--program", default=DEFAULT_PROGRAM,
                        help=f"recovery program of the meetings (default: {DEFAULT_PROGRAM})")
    parser.add_argument("--verified", type=iso_date, metavar="YYYY-MM-DD",
                        help="the date these listings were checked (default: the day SEARCH_RESULTS was saved)")
    parser.add_argument("--prune", action="store_true",
                        help="remove the files of meetings an earlier import of this server wrote that it no "
                             "longer has")


def run(args: argparse.Namespace) -> int:
    source = Path(args.source)
    formats, bodies = (Path(p) if p else None for p in (args.formats, args.service_bodies))
    return run_import(lambda: import_bmlt(source, formats, project(args).data, service_bodies=bodies,
                                          region=args.region, timezone=args.timezone, program=args.program,
                                          verified=args.verified, prune=args.prune),
                      source, formats, bodies)
