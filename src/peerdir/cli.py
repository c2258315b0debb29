"""The `peerdir` command: a registry of subcommands, each defined in `peerdir.commands.*`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from peerdir.directory import default_data_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

Run = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    configure: Configure
    run: Run


_SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, help: str, configure: Configure = lambda parser: None) -> Callable[[Run], Run]:
    """Register `run` as `peerdir NAME`; `configure` adds its options."""

    def register(run: Run) -> Run:
        _SUBCOMMANDS[name] = Subcommand(name, help, configure, run)
        return run

    return register


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", help="data folder (default: $PEERDIR_DATA or data/)")


def data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data) if getattr(args, "data", None) else default_data_dir()


def content_dir(args: argparse.Namespace, data: Path) -> Path:
    return Path(args.content) if getattr(args, "content", None) else data.resolve().parent / "content"


def build_parser() -> argparse.ArgumentParser:
    _import_commands()
    parser = argparse.ArgumentParser(prog="peerdir", description="Recovery resource directories from YAML.")
    parser.add_argument("--version", action="version", version=f"peerdir {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in sorted(_SUBCOMMANDS):
        spec = _SUBCOMMANDS[name]
        spec.configure(sub.add_parser(name, help=spec.help, description=spec.help))
    return parser


def version() -> str:
    """The installed package's version (pyproject.toml), else the source tree's `peerdir.__version__`."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("peerdir")
    except PackageNotFoundError:
        from peerdir import __version__

        return __version__


def _import_commands() -> None:
    import peerdir.commands as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # argparse exits 2 on a usage error
    try:
        return _SUBCOMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        where = f": {err.filename}" if err.filename else ""
        print(f"peerdir: {err.strerror or err}{where}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - the promise is: no traceback for any input, ever
        print(f"peerdir: unexpected error, please report it: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    # Run as `python -m peerdir.cli`, this file is `__main__`, while the subcommands register with
    # the `peerdir.cli` module: hand over to that one.
    from peerdir.cli import main as package_main

    sys.exit(package_main())
