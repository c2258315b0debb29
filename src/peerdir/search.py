"""Full-text search for the built site, and the compact data behind "online now" at scale.

Search is Pagefind: its indexer reads the built HTML once, after every page is written, and writes
a static index (`pagefind/`) that the browser queries in small chunks, so a first search costs a
few hundred kilobytes whatever the size of the directory. Listing pages carry their own
`data-pagefind-body` and `kind` (see the templates); hand-written pages and the index pages that
the package does not template are marked here, in the built files, just before indexing.

During a build the pages are streamed to `pagefind --service` as they are produced (see
`pagefind_stream`): listing pages send only their body, pages the site engine renders send their
final HTML, and Pagefind indexes them on the other core while the build goes on. `python -m
peerdir.search SITE_DIR` indexes an already built site with the same binary's command line.

When a list of meetings (a region's, or the online ones) is split into one page per day (see
`PageRenderer._day_lists`), `write_day_data` writes one small JSON file per day beside it, so "on
now and next" on its page of days needs a few kilobytes instead of several day pages.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from peerdir.directory import Directory
from peerdir.models import Meeting
from peerdir.models.meeting import DAY_NAMES
from peerdir.pagefind_stream import PagefindError, PagefindStream, indexer_environment
from peerdir.site.generate import LISTING_DEPTHS
from peerdir.site.render import split_lists

log = logging.getLogger("mkdocs.peerdir.search")

OUTPUT_SUBDIR = "pagefind"
BUNDLES_FILE = "bundles.json"  # in pagefind/: the other shards' bundles, for the search page to merge
SKIP_ENV = "PEERDIR_SEARCH_INDEX"  # set to 0 to build without a search index (e.g. while editing)
SHARD_ENV = "PEERDIR_SEARCH_SHARD_PAGES"
SHARD_PAGES = 15_000  # pages per Pagefind index: about 600 MB of indexer memory
# A shard at least this full is closed where the build asks (after the meetings), so Pagefind
# writes it while the rest of the site is made instead of after (writing is half its work).
CUT_PAGES = 2_000

# Text every listing repeats, which would only add noise to results and excerpts. A meeting's labels
# ("When", "Where") go too: its values say what they are, while a home's "Pets: Allowed" needs its
# label. Each word costs the indexer time: these cut its CPU by a sixth at 11,470 pages.
EXCLUDE_SELECTORS = (".pd-actions", ".pd-verified", ".pd-correct", ".pd-edit", "script", "form",
                     ".pd-meeting .pd-facts > dt", ".pd-24h", ".pd-meeting .pd-code", ".pd-directions", ".pd-sr")

# Built pages that are not worth a search result: the front page is a menu, the search page is this.
SKIP_PAGES = {"", "search/", "404.html"}
SKIP_FOLDERS = {"assets", OUTPUT_SUBDIR, "search"}

# Index pages the package renders without their own markup: only their heading is indexed, so a
# search for "sober homes" finds the list without every name on it matching.
HEADING_ONLY_KINDS = {"meetings/": "List", "homes/": "List", "communities/": "List", "articles/": "List"}

PAGEFIND_CONFIG = {"force_language": "en", "exclude_selectors": list(EXCLUDE_SELECTORS)}

_MATERIAL_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
_FIRST_H1 = re.compile(r"<h1(?=[\s>])")


@dataclass(frozen=True)
class SearchIndex:
    """What one indexing run did."""

    pages_marked: int  # hand-written and index pages given search markup here
    pages_indexed: int  # as Pagefind reports them; -1 when its summary could not be read
    seconds: float
    output: Path


def write_search_index(site_dir: Path, *, force: bool = False) -> SearchIndex | None:
    """Index an already built site at `site_dir` into `site_dir/pagefind/` with Pagefind's command line.

    Returns None when indexing is switched off (`PEERDIR_SEARCH_INDEX=0`, unless `force`) or no
    Pagefind binary is installed.
    """
    site_dir = Path(site_dir)
    binary = _indexer(force)
    if binary is None:
        return None
    start = time.perf_counter()
    marked = mark_pages(site_dir)
    command = [str(binary), "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR, "--force-language", "en"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=indexer_environment())
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index {site_dir}:\n{result.stdout}\n{result.stderr}")
    found = re.search(r"Indexed (\d+) pages?", result.stdout)
    return SearchIndex(marked, int(found.group(1)) if found else -1, time.perf_counter() - start,
                       site_dir / OUTPUT_SUBDIR)


def search_enabled() -> bool:
    return os.environ.get(SKIP_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def start_search_index(site_dir: Path) -> "BackgroundSearchIndex | None":
    """A search index to feed while the site is written; None when switched off or not installed."""
    binary = _indexer()
    if binary is None:
        return None
    shard_pages = int(os.environ.get(SHARD_ENV) or SHARD_PAGES)
    return BackgroundSearchIndex(ShardedSearchIndex(lambda: PagefindStream(binary, PAGEFIND_CONFIG), Path(site_dir),
                                                    shard_pages))


class ShardedSearchIndex:
    """Pages go to one Pagefind index until it holds `shard_pages`, then to a new one.

    Pagefind keeps its whole index in memory until it writes it: about 40 KB per page, so 45,000
    listings would need 2 GB. Each shard is its own bundle (pagefind/, pagefind-2/, …) and the
    search page merges them (`pagefind/bundles.json` lists the extra ones). At most two indexers
    run at once: one being written while the next fills.
    """

    def __init__(self, start: Callable[[], PagefindStream], site_dir: Path, shard_pages: int = 0) -> None:
        self._start, self._site_dir = start, site_dir
        self._shard_pages = shard_pages or SHARD_PAGES
        self._filling = start()
        self._in_shard = 0
        self._bundles: list[str] = [OUTPUT_SUBDIR + "/"]
        self._writing: PagefindStream | None = None
        self.pages = 0
        self.peak_rss_mb = 0.0

    def add_html(self, url: str, html: str) -> None:
        if self._in_shard >= self._shard_pages:
            self._next_shard()
        self._filling.add_html(url, html)
        self._in_shard += 1

    def cut(self, min_pages: int = CUT_PAGES) -> None:
        """Close the filling shard here if it holds `min_pages` or more: it is written meanwhile."""
        if self._in_shard >= min_pages:
            self._next_shard()

    def start_writing(self) -> None:
        """Write the last shard while the caller goes on; `finish` waits for it."""
        self._filling.start_writing(self._site_dir / self._bundles[-1])

    def finish(self) -> int:
        """Wait for every shard, list the extra bundles for the search page; returns pages indexed."""
        if self._writing is not None:
            self._wait(self._writing)
        self._wait(self._filling)
        extra = self._bundles[1:]
        (self._site_dir / OUTPUT_SUBDIR / BUNDLES_FILE).write_text(json.dumps(extra), encoding="utf-8")
        return self.pages

    def close(self) -> None:
        for stream in (self._writing, self._filling):
            if stream is not None:
                stream.close()

    def _next_shard(self) -> None:
        if self._writing is not None:
            self._wait(self._writing)  # bounded memory: never two full indexes at once
        self._filling.start_writing(self._site_dir / self._bundles[-1])
        self._writing = self._filling
        self._bundles.append(f"{OUTPUT_SUBDIR}-{len(self._bundles) + 1}/")
        self._filling, self._in_shard = self._start(), 0

    def _wait(self, stream: PagefindStream) -> None:
        self.pages += stream.finish()
        self.peak_rss_mb = max(self.peak_rss_mb, stream.peak_rss_mb)
        if stream is self._writing:
            self._writing = None


class BackgroundSearchIndex:
    """A `ShardedSearchIndex` fed from a thread of its own, in the order of the calls.

    Pagefind takes pages more slowly than they are rendered (measured at 40,000 listings: the page
    writer spent 12 of its 20 s waiting on the indexer's pipe and on full shards). Here the build
    only queues each page and goes on; the thread hands them over as fast as Pagefind reads them.
    The queue holds pages the build keeps anyway until they are written, so it costs little memory.
    """

    def __init__(self, index: ShardedSearchIndex) -> None:
        self._index = index
        self._calls: queue.SimpleQueue[tuple[Callable[..., None], tuple] | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="search-feed", daemon=True)
        self._thread.start()

    @property
    def peak_rss_mb(self) -> float:
        return self._index.peak_rss_mb

    def add_html(self, url: str, html: str) -> None:
        self._calls.put((self._index.add_html, (url, html)))

    def add_listing(self, url: str, body: str) -> None:
        """A listing page, by its body (see `listing_search_html`)."""
        self._calls.put((self._add_listing, (url, body)))

    def cut(self, min_pages: int = CUT_PAGES) -> None:
        self._calls.put((self._index.cut, (min_pages,)))

    def start_writing(self) -> None:
        self._calls.put((self._index.start_writing, ()))

    def finish(self) -> int:
        """Wait for every queued page and every shard; raises what went wrong on the thread."""
        self._stop()
        if self._error is not None:
            self._index.close()
            raise self._error
        return self._index.finish()

    def close(self) -> None:
        """Stop at once (a failed build): the indexers are stopped, queued pages dropped."""
        self._error = self._error or PagefindError("the build stopped")  # the thread skips what is left
        self._stop()
        self._index.close()

    def _stop(self) -> None:
        self._calls.put(None)
        self._thread.join()

    def _add_listing(self, url: str, body: str) -> None:
        self._index.add_html(url, listing_search_html(body))

    def _run(self) -> None:
        while (call := self._calls.get()) is not None:
            if self._error is None:
                try:
                    call[0](*call[1])
                except Exception as error:  # noqa: BLE001 - kept for finish(), which raises it
                    self._error = error


def listing_search_html(body: str) -> str:
    """What a listing page gives the index: its body (which carries the search markup), not the frame."""
    return f'<html lang="en"><body>{body}</body></html>'


def page_search_html(path: str, html: str) -> str:
    """A built page with the search markup it should carry (unchanged when it needs none)."""
    kind = page_kind(path)
    if kind is None:
        return html
    return mark_page(html, *kind) or html


def is_searchable(html: str) -> bool:
    return "data-pagefind-body" in html


def _indexer(force: bool = False) -> Path | None:
    """The Pagefind binary, unless indexing is switched off or it is not installed (said in the log)."""
    if not force and not search_enabled():
        log.info("peerdir: search index skipped (%s=0)", SKIP_ENV)
        return None
    binary = _pagefind_binary()
    if binary is None:
        log.warning("peerdir: no Pagefind binary (pip install 'pagefind[bin]'); the site has no search index")
    return binary


def _pagefind_binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


# -- markup for pages the templates do not mark -----------------------------------------------------
def page_kind(path: str) -> tuple[str, bool] | None:
    """(kind, whole page?) for a built page that has no search markup of its own, else None."""
    if path in SKIP_PAGES:
        return None
    if path in HEADING_ONLY_KINDS:
        return HEADING_ONLY_KINDS[path], False
    top = path.split("/", 1)[0]
    if top == "homes" and path.count("/") == 2:
        return "List", False  # homes/<region>/: a table of names
    if top == "articles":
        return "Article", True
    if top in LISTING_DEPTHS:
        return None
    return "Information", True  # crisis lines, about, privacy and any other hand-written page


def mark_page(html: str, kind: str, whole: bool) -> str | None:
    """The page with search markup added, or None when it is not a themed page or already marked."""
    if "data-pagefind-body" in html:
        return None
    attrs = f' data-pagefind-body data-pagefind-meta="kind:{kind}" data-pagefind-filter="kind:{kind}"'
    pattern = _MATERIAL_ARTICLE if whole else _FIRST_H1
    found = pattern.search(html)
    if found is None:
        return None
    return html[:found.end()] + attrs + html[found.end():]


def mark_pages(site_dir: Path) -> int:
    """Add search markup to the built pages that need it; returns how many were changed."""
    changed = 0
    for path, file in _unmarked_candidates(site_dir):
        kind = page_kind(path)
        if kind is None:
            continue
        html = file.read_text(encoding="utf-8")
        marked = mark_page(html, *kind)
        if marked is not None:
            file.write_text(marked, encoding="utf-8")
            changed += 1
    return changed


def _unmarked_candidates(site_dir: Path):
    """(site path, file) of every page except listing pages, without walking 10,000 listing folders."""
    for folder, subfolders, files in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        parts = [] if rel == "." else rel.split("/")
        if parts and (parts[0] in SKIP_FOLDERS or (parts[0] in LISTING_DEPTHS
                                                    and len(parts) >= LISTING_DEPTHS[parts[0]] - 1)):
            subfolders[:] = []  # listing pages below here are marked by their templates
        if "index.html" in files:
            yield ("" if not parts else rel + "/"), Path(folder) / "index.html"
        if not parts and "404.html" in files:
            yield "404.html", Path(folder) / "404.html"


# -- "on now" when a list is split by day ------------------------------------------------------
def day_rows(meetings: list[Meeting]) -> dict[int, dict]:
    """Per meeting-local day: {"zones": [IANA…], "rows": [[start, minutes, zone, attendance, program,
    "region/slug", name, "type codes", city], …]}, rows in start-time order; city only in person."""
    days: dict[int, dict] = {}
    for day in range(len(DAY_NAMES)):
        on_day = sorted((m for m in meetings if day in m.day), key=lambda m: (m.time, m.name.lower()))
        zones: list[str] = []
        rows = []
        for m in on_day:
            if m.zone not in zones:
                zones.append(m.zone)
            row = [m.time.hour * 60 + m.time.minute, int(m.duration.total_seconds() // 60), zones.index(m.zone),
                   m.attendance.value, m.program, f"{m.region}/{m.slug}", m.name, " ".join(m.types)]
            if m.is_in_person and m.city:
                row.append(m.city)
            rows.append(row)
        days[day] = {"zones": zones, "rows": rows}
    return days


def write_day_data(directory: Directory, site_dir: Path) -> list[Path]:
    """<list>/<day>.json beside every list split into day pages, for its "on now" panel."""
    written = []
    for path, meetings in split_lists(directory):
        folder = Path(site_dir) / path
        folder.mkdir(parents=True, exist_ok=True)
        for day, data in day_rows(meetings).items():
            target = folder / f"{DAY_NAMES[day].lower()}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """`python -m peerdir.search SITE_DIR`: index a site built with PEERDIR_SEARCH_INDEX=0, e.g. as
    its own CI step, or again after editing pages by hand."""
    parser = argparse.ArgumentParser(prog="python -m peerdir.search", description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir} is not a built site (no index.html)")
    result = write_search_index(args.site_dir, force=True)
    if result is None:
        print("no Pagefind binary: pip install 'pagefind[bin]'", file=sys.stderr)
        return 1
    print(f"indexed {result.pages_indexed} pages in {result.seconds:.1f} s into {result.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
