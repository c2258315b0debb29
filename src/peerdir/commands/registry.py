"""What every subcommand shares: the registry `peerdir.cli` builds its parser from, exit codes and
the --data/--content options read through the one project locator (`peerdir.project`).

`cli` imports the commands and the commands import this module, never `cli`: no import cycle.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from peerdir.project import Project
from peerdir.settings import Settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

Run = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    configure: Configure
    run: Run


SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, help: str, configure: Configure = lambda parser: None) -> Callable[[Run], Run]:
    """Register `run` as `peerdir NAME`; `configure` adds its options."""

    def register(run: Run) -> Run:
        SUBCOMMANDS[name] = Subcommand(name, help, configure, run)
        return run

    return register


def iso_date(text: str) -> dt.date:
    """An argparse type: YYYY-MM-DD, a bad one refused in one line."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a date as YYYY-MM-DD") from None


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="data folder (default: $PEERDIR_DATA or data/)")


def project(args: argparse.Namespace, settings: Settings | None = None) -> Project:
    """The project named by --data / --content (and $PEERDIR_DATA); raises SettingsError on a bad setting."""
    return Project.for_command(getattr(args, "data", None), getattr(args, "content", None),
                               settings if settings is not None else Settings.read())
