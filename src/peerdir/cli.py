"""The `peerdir` command: a registry of subcommands, each defined in `peerdir.commands.*`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from peerdir.commands.registry import (
    EXIT_BUG,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    SUBCOMMANDS,
    Subcommand,
    add_data_option,
    subcommand,
)
from peerdir.settings import SettingsError

# The registry lives in `peerdir.commands.registry`; these names stay importable from here.
__all__ = ["EXIT_BUG", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "Subcommand", "add_data_option", "build_parser",
           "main", "subcommand", "version"]


def build_parser() -> argparse.ArgumentParser:
    _import_commands()
    parser = argparse.ArgumentParser(prog="peerdir", description="Recovery resource directories from YAML.")
    parser.add_argument("--version", action="version", version=f"peerdir {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in sorted(SUBCOMMANDS):
        spec = SUBCOMMANDS[name]
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
        return SUBCOMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        return 130
    except SettingsError as err:  # a PEERDIR_* variable or mkdocs.yml setting that cannot be used
        print(f"peerdir: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        where = f": {err.filename}" if err.filename else ""
        print(f"peerdir: {err.strerror or err}{where}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - the promise is: no traceback for any input, ever
        print(f"peerdir: unexpected error, please report it: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
