"""`peerdir site-url`: the address the site is published at, for the deploy workflow.

$PEERDIR_SITE_URL wins (a custom domain, e.g. the repository variable SITE_URL); otherwise it is the
GitHub Pages address of the repository: https://OWNER.github.io/ for the repository OWNER.github.io,
https://OWNER.github.io/NAME/ for any other (see `peerdir.contribute.github_pages_url`).
"""

from __future__ import annotations

import argparse
import sys

from peerdir.commands.registry import EXIT_OK, EXIT_USAGE, subcommand
from peerdir.contribute import published_site_url


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repository", metavar="OWNER/NAME",
                        help="the GitHub repository (default: $GITHUB_REPOSITORY, set in GitHub Actions)")


@subcommand("site-url", "print the address GitHub Pages publishes the site at ($PEERDIR_SITE_URL wins)", _configure)
def run(args: argparse.Namespace) -> int:
    try:
        url = published_site_url(args.repository)
    except ValueError as err:
        print(f"peerdir site-url: {err}", file=sys.stderr)
        return EXIT_USAGE
    if url is None:
        print("peerdir site-url: no repository: pass --repository OWNER/NAME (GitHub Actions sets "
              "GITHUB_REPOSITORY) or set PEERDIR_SITE_URL", file=sys.stderr)
        return EXIT_USAGE
    print(url)
    return EXIT_OK
