"""`python -m peerdir.search SITE_DIR`: index an already built site with Pagefind's command line."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from peerdir.search.indexer import OUTPUT_SUBDIR, find_indexer, indexer_environment
from peerdir.search.markup import EXCLUDE_SELECTORS, mark_pages, site_languages


@dataclass(frozen=True)
class SearchIndex:
    """What one indexing run did."""

    pages_marked: int  # hand-written and index pages given search markup here
    pages_indexed: int  # as Pagefind reports them; -1 when its summary could not be read
    seconds: float
    output: Path


def write_search_index(site_dir: Path) -> SearchIndex | None:
    """Index an already built site at `site_dir` into `site_dir/pagefind/` with Pagefind's command line.

    Returns None when no Pagefind binary is installed.
    """
    site_dir = Path(site_dir)
    binary = find_indexer()
    if binary is None:
        return None
    start = time.perf_counter()
    languages = site_languages(site_dir)
    marked = mark_pages(site_dir, languages[1:])
    command = [str(binary), "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR]
    if len(languages) < 2:  # one language: forced, as the build does; more: an index per <html lang>
        command += ["--force-language", languages[0] if languages else "en"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=indexer_environment())
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {site_dir}:\n{result.stdout}\n{result.stderr}")
    found = re.search(r"Indexed (\d+) pages?", result.stdout)
    return SearchIndex(marked, int(found.group(1)) if found else -1, time.perf_counter() - start,
                       site_dir / OUTPUT_SUBDIR)


def main(argv: list[str] | None = None) -> int:
    """`python -m peerdir.search SITE_DIR`: index a site built with PEERDIR_SEARCH_INDEX=0, e.g. as
    its own CI step, or again after editing pages by hand."""
    parser = argparse.ArgumentParser(prog="python -m peerdir.search", description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir} is not a built site (no index.html)")
    result = write_search_index(args.site_dir)
    if result is None:
        print("no Pagefind binary: pip install 'pagefind[bin]'", file=sys.stderr)
        return 1
    print(f"indexed {result.pages_indexed} pages in {result.seconds:.1f} s into {result.output}")
    return 0
