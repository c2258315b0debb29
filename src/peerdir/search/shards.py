"""The search index of a build, fed page by page while the site is written.

During a build the pages are streamed to `pagefind --service` as they are produced (see
`indexer`): listing pages send only their body, pages the site engine renders send their final
HTML, and Pagefind indexes them on the other core while the build goes on. A big directory's
pages are split over several indexes (shards) so that the indexer's memory stays bounded.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from peerdir.search.indexer import OUTPUT_SUBDIR, PagefindError, PagefindStream, find_indexer
from peerdir.search.markup import listing_search_html, pagefind_config

BUNDLES_FILE = "bundles.json"  # in pagefind/: the other shards' bundles, for the search page to merge
SHARD_PAGES = 15_000  # pages per Pagefind index: about 600 MB of indexer memory
# A shard at least this full is closed where the build asks (after the meetings), so Pagefind
# writes it while the rest of the site is made instead of after (writing is half its work).
CUT_PAGES = 2_000


def start_search_index(site_dir: Path, shard_pages: int | None = None,
                       languages: tuple[str, ...] = ("en",)) -> BackgroundSearchIndex | None:
    """A search index to feed while the site is written, `shard_pages` (default SHARD_PAGES) a bundle,
    with an index per language of `languages`; None when Pagefind is not installed."""
    config = pagefind_config(languages)
    binary = find_indexer()
    if binary is None:
        return None
    shard_pages = shard_pages or SHARD_PAGES
    return BackgroundSearchIndex(ShardedSearchIndex(lambda: PagefindStream(binary, config), Path(site_dir),
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

    def add_listing(self, url: str, body: str, language: str = "en") -> None:
        """A listing page, by its body (see `listing_search_html`), in `language`'s index."""
        self._calls.put((self._add_listing, (url, body, language)))

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

    def _add_listing(self, url: str, body: str, language: str) -> None:
        self._index.add_html(url, listing_search_html(body, language))

    def _run(self) -> None:
        while (call := self._calls.get()) is not None:
            if self._error is None:
                try:
                    call[0](*call[1])
                except Exception as error:  # noqa: BLE001 - kept for finish(), which raises it
                    self._error = error
