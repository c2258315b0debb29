"""Which pages the directory produces, and writing listing pages into a built site.

Index pages (a few per region) go through the site engine like hand-written pages. Listing pages
(one per meeting, home, community: tens of thousands) are written here, each a fill of a frame the
engine rendered once per depth.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from peerdir import kinds
from peerdir.directory import Directory
from peerdir.site.embeds import embed_index
from peerdir.site.frame import PageFrame
from peerdir.site.incremental import PageCache
from peerdir.site.print_sheets import print_index
from peerdir.site.render import PageRenderer, RenderedPage, escape, is_long
from peerdir.site.today import today_page


class _Depths(Mapping[str, int]):
    """Depth of each kind's listing pages, read from the kinds registry: meetings/<region>/<slug>/
    is 3 deep, communities/<slug>/ 2."""

    def __getitem__(self, kind: str) -> int:
        return kinds.get(kind).depth

    def __iter__(self) -> Iterator[str]:
        return iter(kinds.names())

    def __len__(self) -> int:
        return len(kinds.names())


LISTING_DEPTHS: Mapping[str, int] = _Depths()


def index_pages(renderer: PageRenderer) -> list[RenderedPage]:
    directory = renderer.ctx.directory
    pages = [renderer.meetings_index(), today_page(renderer), *renderer.online_meetings(), renderer.homes_index(),
             renderer.communities_index(), renderer.articles_index()]
    if not is_long(directory.meetings):  # a small directory also gets one page of every meeting
        pages.append(renderer.all_meetings())
    for region in directory.regions:
        if directory.meetings_in(region):
            pages += renderer.region_meetings(region)
        if directory.homes_in(region):
            pages.append(renderer.region_homes(region))
    pages += [print_index(renderer), embed_index(renderer)]  # print/ and embed/: sheets and embeds for clinics
    return pages


def listings(directory: Directory, names: Iterable[str] | None = None) -> list[tuple[str, Any]]:
    """(kind, listing) for every listing of the kinds `names` (all kinds when None), in a stable order."""
    return [(kind, listing) for kind in (kinds.names() if names is None else names)
            for listing in directory.listings_of(kind)]


def render_listing(renderer: PageRenderer, kind: str, listing: Any) -> RenderedPage:
    return kinds.get(kind).page(renderer, listing)


def listing_pages(renderer: PageRenderer) -> Iterator[tuple[str, RenderedPage]]:
    """(kind, page) for every listing."""
    for kind, listing in listings(renderer.ctx.directory):
        yield kind, render_listing(renderer, kind, listing)


@dataclass
class ListingWriter:
    """Listing pages: `render` makes every page body (each handed to `on_page` at once, e.g. to the
    search index, before the theme frames exist); `write` puts them into `site_dir`, each inside
    the frame for its depth."""

    renderer: PageRenderer
    site_dir: Path
    on_page: Callable[[RenderedPage], None] | None = None  # e.g. the search index, fed as pages are made
    cache: PageCache | None = None  # `mkdocs serve`: pages of unchanged listings from the last build
    keep_written: bool = False  # a cached page already in site_dir is left as it is (serve --dirty)
    # Files that live in a listing's folder beside its page, e.g. a meeting's calendar: (name, bytes).
    attachments: Callable[[Any], list[tuple[str, bytes]]] | None = None
    rendered: list[tuple[str, Any, RenderedPage, bool]] = field(default_factory=list)  # kind, listing, page, cached

    def render(self, names: Iterable[str] | None = None) -> None:
        """Render the listing pages of the kinds `names` (all when None) for `write`."""
        for kind, listing in listings(self.renderer.ctx.directory, names):
            page, cached = self._page(kind, listing)
            self.rendered.append((kind, listing, page, cached))
            if self.on_page is not None:
                self.on_page(page)

    def write(self, frames: dict[int, PageFrame]) -> int:
        """Write every rendered page into its frame, with its attachments; returns how many were written."""
        written = 0
        for kind, listing, page, cached in self.rendered:
            target = os.path.join(self.site_dir, page.path, "index.html")
            if not (cached and self.keep_written and os.path.exists(target)):
                self._write(target, frames[kinds.get(kind).depth], page)
                self._attach(os.path.dirname(target), listing)
                written += 1
        self.rendered.clear()
        return written

    def _page(self, kind: str, listing: Any) -> tuple[RenderedPage, bool]:
        if self.cache is None:
            return render_listing(self.renderer, kind, listing), False
        return self.cache.page(listing, lambda item: render_listing(self.renderer, kind, item),
                               self.renderer.shown_with(listing))

    def _attach(self, folder: str, listing: Any) -> None:
        for name, data in self.attachments(listing) if self.attachments is not None else ():
            with open(os.path.join(folder, name), "wb") as out:
                out.write(data)

    @staticmethod
    def _write(target: str, frame: PageFrame, page: RenderedPage, html: str | None = None) -> None:
        html = html if html is not None else framed(frame, page)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            out.write(html)


def framed(frame: PageFrame, page: RenderedPage) -> str:
    """The whole page: its body in the theme's frame."""
    return frame.fill(path=page.path, title=escape(page.title), description=escape(page.description),
                      content=page.html)


def write_framed(site_dir: Path, frames: Mapping[int, PageFrame], pages: Iterable[RenderedPage],
                 made: Mapping[str, str] | None = None) -> int:
    """Write pages, each in the frame for its depth (another language's index pages), or as `made`
    already has them (path -> whole page); returns how many."""
    count = 0
    for page in pages:
        ListingWriter._write(os.path.join(site_dir, page.path, "index.html"), frames[page.path.count("/")], page,
                             (made or {}).get(page.path))
        count += 1
    return count


def listing_paths(directory: Directory) -> list[str]:
    """Every listing page's path (for the sitemap), kind by kind."""
    return [kind.path(listing) for kind, listing in directory.all_listings()]


def write_files(site_dir: Path, files: Iterable[tuple[str, bytes | str]]) -> int:
    """Write (site path, content) pairs, e.g. feeds; returns how many."""
    count = 0
    for rel_path, content in files:
        target = site_dir / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        count += 1
    return count


def sitemap_xml(site_url: str, paths: Iterable[str]) -> str:
    base = site_url.rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines.extend(f"<url><loc>{xml_escape(base + path)}</loc></url>" for path in sorted({_site_path(p) for p in paths}))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _site_path(path: str) -> str:
    """A page's path under the site's address: MkDocs calls the home page's URL './', which is ''."""
    path = path.lstrip("/")
    while path.startswith("./"):
        path = path[2:]
    return "" if path == "." else path


def write_sitemap(site_dir: Path, site_url: str, paths: Iterable[str]) -> None:
    text = sitemap_xml(site_url, paths)
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
