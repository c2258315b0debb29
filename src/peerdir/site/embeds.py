"""Embeddable pages: a region's meetings, its sober homes, or the online communities, for a clinic
to show in an <iframe> on its own website.

An embed page has no theme chrome, no JavaScript, no cookies and nothing from another host; its
small stylesheet is inline. Its links open the full listing on this site in a new tab, and it sets
nothing that stops framing. `embed_index` is the page `embed/` (inside the theme) with the
copy-paste snippets and a live preview. Everything a volunteer typed passes through the
autoescaping Jinja environment of `peerdir.site.render`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import escape

from peerdir import kinds
from peerdir.directory import Directory
from peerdir.site.meeting_row import with_zone_notes
from peerdir.site.print_sheets import (
    asset_css,
    language_folder,
    print_sheets,
    render,
    renderer_for,
    verified_range,
)
from peerdir.site.render import PageRenderer, RenderedPage, relative_base
from peerdir.urls import SiteInfo

EMBED_DIR = "embed/"
IFRAME_HEIGHT = 600  # px: a day or two of meetings without scrolling the host page


@dataclass(frozen=True)
class Embed:
    kind: str  # "meetings", "homes" or "communities"
    region: str | None
    path: str  # site path of the embed page, e.g. "embed/chicago/"
    title: str  # plain text: the page's <h1> and the iframe's title
    full_path: str  # the site page with the full list, e.g. "meetings/chicago/"


def meetings_embed_path(region: str) -> str:
    return f"{EMBED_DIR}{region}/"


def homes_embed_path(region: str) -> str:
    return f"{EMBED_DIR}homes/{region}/"


def communities_embed_path() -> str:
    return f"{EMBED_DIR}communities/"


def embeds(directory: Directory, _: Callable[[str], str] = str) -> list[Embed]:
    """Every embed page, region by region in the order of regions.yaml, then the communities; titles
    through `_` (a renderer's gettext, for its language)."""
    found: list[Embed] = []
    for slug, region in directory.regions.items():
        if directory.meetings_in(slug):
            title = _("Recovery meetings in {name}").format(name=region.name)
            found.append(Embed("meetings", slug, meetings_embed_path(slug), title, f"meetings/{slug}/"))
        if directory.homes_in(slug):
            title = _("Sober living homes in {name}").format(name=region.name)
            found.append(Embed("homes", slug, homes_embed_path(slug), title, f"homes/{slug}/"))
    # embed/communities/ would be the meetings of a region named "communities": that region wins.
    if directory.communities and "communities" not in directory.regions:
        found.append(Embed("communities", None, communities_embed_path(), _("Online recovery communities"),
                           "communities/"))
    return found


def iframe_snippet(site: SiteInfo, embed: Embed, height: int = IFRAME_HEIGHT, folder: str = "") -> str:
    """The HTML a clinic pastes into its page (plain text: the template escapes it for display);
    `folder`: the embed's language's ('es/' shows the Spanish list)."""
    src = escape(site.absolute(folder + embed.path), quote=True)
    title = escape(f"{embed.title} ({site.name})", quote=True)
    return (f'<iframe src="{src}" title="{title}" width="100%" height="{height}" '
            f'loading="lazy" style="border:1px solid #ccc;max-width:100%"></iframe>')


def embed_page(renderer: PageRenderer, embed: Embed, built: dt.date) -> str:
    directory, site = renderer.ctx.directory, renderer.ctx.site
    template = kinds.get(embed.kind).templates["embed"]  # an unknown kind is an error, not communities
    values: dict = {}
    if embed.kind == "meetings":
        assert embed.region is not None
        meetings = directory.meetings_in(embed.region)
        zone = directory.regions[embed.region].timezone
        by_day = renderer.rows.by_day(meetings)
        own = f"meetings/{embed.region}/"  # its rows link from there, unless a subregion's are among them
        folder = own if all(r.page.startswith(own) for day in by_day for r in day) else ""
        values = dict(by_day=with_zone_notes(by_day, zone, built), count=len(meetings), folder=folder,
                      sheet_zone=zone, verified=verified_range(meetings))
    elif embed.kind == "homes":
        assert embed.region is not None
        homes = sorted(directory.homes_in(embed.region), key=lambda h: (h.city.lower(), h.name.lower()))
        values = dict(homes=homes, verified=verified_range(homes))
    else:
        communities = sorted(directory.communities, key=lambda c: c.name.lower())
        values = dict(communities=communities, verified=verified_range(communities))
    folder = values.setdefault("folder", "")
    return render(renderer, template, css=asset_css("embed.css"), base=relative_base(embed.path),
                  root="../" * folder.count("/") or "./", path=embed.path, title=embed.title,
                  full_path=embed.full_path, built=built, site_name=site.name, **values)


def embed_pages(directory: Directory, site: SiteInfo, built: dt.date,
                renderer: PageRenderer | None = None) -> list[tuple[str, str]]:
    """(site path, html) of every embed page."""
    renderer = renderer or renderer_for(directory, site, built)
    return [(embed.path, embed_page(renderer, embed, built)) for embed in embeds(directory, renderer._)]


def embed_index(renderer: PageRenderer) -> RenderedPage:
    """The page `embed/` (inside the site's theme): a snippet per region and kind, and a preview."""
    directory, site = renderer.ctx.directory, renderer.ctx.site
    found = embeds(directory, renderer._)
    groups: list[tuple[str, list[tuple[Embed, str]]]] = []
    for embed in found:
        heading = directory.regions[embed.region].name if embed.region else renderer._("Online communities")
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append((embed, iframe_snippet(site, embed, folder=language_folder(renderer))))
    preview = found[0] if found else None
    body = render(renderer, "embed_index.html", base=relative_base(EMBED_DIR), groups=groups, preview=preview,
                  height=IFRAME_HEIGHT)
    _ = renderer._
    return RenderedPage(EMBED_DIR, _("Embed listings on your website"),
                        _("Copy-paste snippets that show this directory's meetings, sober homes or online communities "
                          "on a clinic's own website."), body)


def page_files(pages: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(site path, html) → (file path, html), for `peerdir.site.generate.write_files`."""
    for path, html in pages:
        yield path + "index.html", html


def clinic_files(directory: Directory, site: SiteInfo, built: dt.date,
                 renderer: PageRenderer | None = None) -> Iterator[tuple[str, str]]:
    """Every printable sheet and embed page, as files to write into the built site; `renderer`: the
    pages' renderer in their language (default: English)."""
    renderer = renderer or renderer_for(directory, site, built)  # one environment, its templates compiled once
    yield from page_files(print_sheets(directory, site, built, renderer))
    yield from page_files(embed_pages(directory, site, built, renderer))
