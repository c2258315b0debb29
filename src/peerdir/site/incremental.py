"""What `mkdocs serve` keeps from one rebuild to the next, so that a data edit shows up in seconds.

MkDocs rebuilds the whole site after every edit and loads the hooks afresh each time, so this state
lives in the package, for the life of the `mkdocs serve` process: the validated listings of files
that did not change (`ListingCache`, see `peerdir.loading.cache`) and the listing pages rendered from
them. A plain `mkdocs build` uses neither.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from peerdir.loading import ListingCache
from peerdir.site.render import RenderedPage, SiteContext


@dataclass
class PageCache:
    """Listing pages by listing object: a listing the loader reused (its file unchanged) keeps its page;
    and list pages, kept while they list the very same objects.

    Valid only while everything else a listing page shows is the same (site settings, the date,
    region names, programs and type names): `begin` empties it when any of that changed.
    """

    pages: dict[int, tuple[Any, tuple, RenderedPage]] = field(default_factory=dict)  # listing, shown with, page
    lists: dict[tuple, Any] = field(default_factory=dict)  # list pages, for PageRenderer(lists=…)
    setting: Hashable | None = None
    hits: int = 0

    def begin(self, ctx: SiteContext) -> None:
        setting = _setting(ctx)
        if setting != self.setting:
            self.pages.clear()
            self.lists.clear()
        self.setting, self.hits = setting, 0

    def page(self, listing: Any, render: Callable[[Any], RenderedPage],
             shown_with: tuple = ()) -> tuple[RenderedPage, bool]:
        """(page, whether it was cached): the page of this very object (not an equal one), made with
        the very same `shown_with` listings (a meeting's neighbours at its venue), else
        `render(listing)`, kept for next time."""
        found = self.pages.get(id(listing))
        # An id alone may be reused by a new object; so compare objects, not ids.
        if found is not None and found[0] is listing and _same(found[1], shown_with):
            self.hits += 1
            return found[2], True
        page = render(listing)
        self.pages[id(listing)] = (listing, shown_with, page)
        return page, False

    def keep_only(self, listings: list[Any]) -> None:
        """Drop the pages of listings that are gone (edited files give new objects)."""
        alive = {id(listing) for listing in listings}
        for key in [key for key in self.pages if key not in alive]:
            del self.pages[key]


@dataclass
class ServeSession:
    dirty: bool = False  # `mkdocs serve --dirty`: the site folder is not emptied before a rebuild
    listings: ListingCache = field(default_factory=ListingCache)
    pages: PageCache = field(default_factory=PageCache)
    frames: Any = None  # the page frames of the last build
    translated: dict[str, PageCache] = field(default_factory=dict)  # another language's (es) pages
    translated_frames: dict[str, Any] = field(default_factory=dict)  # and its frames of the last build
    written: set[str] = field(default_factory=set)  # listing page paths of the last build
    search: threading.Thread | None = None  # the last build's search index, still being written

    def finish_search_later(self, finish: Callable[[], None]) -> None:
        """Run `finish` (the wait for Pagefind to write the index) on a thread of its own, so the
        rebuilt site is shown meanwhile; search answers from the new index a moment later."""
        self.wait_for_search()
        self.search = threading.Thread(target=finish, name="search-finish", daemon=True)
        self.search.start()

    def wait_for_search(self) -> None:
        """Before the next build touches the site folder, and when serve stops."""
        if self.search is not None:
            self.search.join()
            self.search = None

    def keep_written_pages(self, frames: Any, language: str | None = None) -> bool:
        """Whether unchanged listing pages already in the site folder may stay as they are: only
        in a dirty rebuild whose page frames (theme, navigation) are those of the last build;
        `language`: those of another language's folder (es/), in its own frames."""
        if language is not None:
            same = self.dirty and frames == self.translated_frames.get(language)
            self.translated_frames[language] = frames
            return same
        same = self.dirty and frames == self.frames
        self.frames = frames
        return same

    def pages_in(self, language: str) -> PageCache:
        """Another language's listing pages, kept apart from the root language's."""
        return self.translated.setdefault(language, PageCache())

    def site_replaced(self) -> None:
        """The site folder now holds something else (the problems page of invalid data): the next
        build writes every listing page, and has no pages of its own to remove."""
        self.frames = None
        self.translated_frames.clear()
        self.written = set()

    def gone(self, paths: set[str]) -> set[str]:
        """Listing pages of the last build that this one does not have (their files were removed)."""
        gone, self.written = self.written - paths, paths
        return gone


_session: ServeSession | None = None


def start_serving(dirty: bool = False) -> ServeSession:
    """Called once when `mkdocs serve` starts; later builds in this process reuse what it keeps."""
    global _session
    _session = ServeSession(dirty=dirty)
    return _session


def serve_session() -> ServeSession | None:
    return _session


def _same(kept: tuple, now: tuple) -> bool:
    return len(kept) == len(now) and all(a is b for a, b in zip(kept, now, strict=True))


def _setting(ctx: SiteContext) -> Hashable:
    directory = ctx.directory
    regions = tuple(sorted((slug, region.model_dump_json()) for slug, region in directory.regions.items()))
    return (repr(ctx.site), ctx.today, ctx.stale_after_days, regions, repr(directory.vocabulary))
