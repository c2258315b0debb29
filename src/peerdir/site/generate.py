"""Which pages the directory produces, and writing listing pages into a built site.

Index pages (a few per region) go through the site engine like hand-written pages. Listing pages
(one per meeting, home, community: tens of thousands) are written here, each a fill of a frame the
engine rendered once per depth.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from xml.sax.saxutils import escape as xml_escape

from peerdir.site.frame import PageFrame
from peerdir.site.render import SMALL_DIRECTORY, PageRenderer, RenderedPage, escape

# Depth of each kind of listing page: meetings/<region>/<slug>/ is 3 deep, communities/<slug>/ 2.
LISTING_DEPTHS = {"meetings": 3, "homes": 3, "communities": 2}


def index_pages(renderer: PageRenderer) -> list[RenderedPage]:
    directory = renderer.ctx.directory
    pages = [renderer.meetings_index(), *renderer.online_meetings(), renderer.homes_index(),
             renderer.communities_index(), renderer.articles_index()]
    if len(directory.meetings) <= SMALL_DIRECTORY:
        pages.append(renderer.all_meetings())
    for region in directory.regions:
        if directory.meetings_in(region):
            pages.append(renderer.region_meetings(region))
        if directory.homes_in(region):
            pages.append(renderer.region_homes(region))
    return pages


def listing_pages(renderer: PageRenderer) -> Iterator[tuple[str, RenderedPage]]:
    """(kind, page) for every listing."""
    directory = renderer.ctx.directory
    for meeting in directory.meetings:
        yield "meetings", renderer.meeting(meeting)
    for home in directory.homes:
        yield "homes", renderer.home(home)
    for community in directory.communities:
        yield "communities", renderer.community(community)


@dataclass
class ListingWriter:
    """Writes listing pages into `site_dir`, each inside the frame for its depth."""

    site_dir: Path
    frames: dict[int, PageFrame]
    after_fill: Callable[[str, str], str] = lambda path, html: html

    def write(self, pages: Iterable[tuple[str, RenderedPage]]) -> list[str]:
        written: list[str] = []
        made: set[str] = set()
        for kind, page in pages:
            frame = self.frames[LISTING_DEPTHS[kind]]
            html = frame.fill(path=page.path, title=escape(page.title), description=escape(page.description),
                              content=page.html)
            folder = os.path.join(self.site_dir, page.path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as out:
                out.write(self.after_fill(page.path, html))
            written.append(page.path)
        return written


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
    lines.extend(f"<url><loc>{xml_escape(base + path.lstrip('/'))}</loc></url>" for path in sorted(set(paths)))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site_dir: Path, site_url: str, paths: Iterable[str]) -> None:
    text = sitemap_xml(site_url, paths)
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
