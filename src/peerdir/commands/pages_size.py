"""`peerdir pages-size SITE`: the built site's files, size and GitHub Pages artifact size; fails
(exit 1, with what to do) when the artifact would pass what Pages publishes, so the deploy workflow
stops before uploading instead of failing or timing out half-way (see `peerdir.pages_artifact`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, subcommand
from peerdir.output_text import one_line
from peerdir.pages_artifact import PAGES_LIMIT_BYTES, artifact_figures, over_limit_message


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", type=Path, help="the built site folder (mkdocs build writes site/)")
    parser.add_argument("--limit-mb", type=int, default=PAGES_LIMIT_BYTES // 2**20,
                        help="largest site allowed, in MiB (default: GitHub Pages' 1 GB, 1024)")


@subcommand("pages-size", "the built site's size and its GitHub Pages artifact's; fails over Pages' 1 GB limit",
            _configure)
def run(args: argparse.Namespace) -> int:
    site: Path = args.site
    if not site.is_dir() or not 1 <= args.limit_mb <= 10 * 1024:
        problem = "is not a folder" if not site.is_dir() else "--limit-mb must be 1 to 10240"
        print(f"peerdir pages-size: {one_line(str(site))} {problem}", file=sys.stderr)
        return EXIT_USAGE
    figures = artifact_figures(site)
    print(f"{figures.files:,} files, {figures.site_bytes / 2**20:,.1f} MB of {args.limit_mb:,} MB; "
          f"Pages artifact {figures.tar_bytes / 2**20:,.1f} MB")
    message = over_limit_message(figures, args.limit_mb * 2**20)
    if message is not None:
        print(f"::error title=Site too big for GitHub Pages::{message}" if _in_actions() else message,
              file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _in_actions() -> bool:
    """In GitHub Actions the message is also an error annotation on the run's summary."""
    return os.environ.get("GITHUB_ACTIONS") == "true"
