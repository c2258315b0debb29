"""`peerdir schema`: JSON Schemas that editors use to complete and check listing files."""

from __future__ import annotations

import argparse
from pathlib import Path

from peerdir.commands.registry import EXIT_OK, subcommand
from peerdir.schemas import write_schemas


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="schemas", help="folder to write to (default: schemas)")


@subcommand("schema", "write the JSON Schema of each listing kind", _configure)
def run(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(path)
    return EXIT_OK
