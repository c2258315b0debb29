"""Printable resource sheets: one standalone page per region for a clinic to print and hand out.

A sheet is a page of its own (no theme chrome), with its stylesheet inline so that it prints the
same from the site, from a saved copy or through `peerdir pdf`. Crisis lines come first, then the
region's meetings by day and time, the sober homes (city only, never a street), a few online
communities, the dates the data is from, and a QR code (inline SVG made at build time) that leads
back to the live region page. Everything a volunteer typed passes through the autoescaping Jinja
environment of `peerdir.site.render`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import segno
from markupsafe import Markup, escape

from peerdir.directory import Directory
from peerdir.models import Community, Home, Meeting
from peerdir.site.meeting_row import with_zone_notes
from peerdir.site.render import PageRenderer, RenderedPage, SiteContext, long_date, relative_base
from peerdir.urls import SiteInfo, region_homes_path, region_meetings_path

PRINT_DIR = "print/"
COMMUNITIES_SHEET = "communities"  # print/communities/; a region of that name keeps its own sheet
COMMUNITY_LIMIT = 8  # a region sheet lists this many online communities; the communities sheet all
Listing = Meeting | Home | Community


def sheet_path(region: str) -> str:
    return f"{PRINT_DIR}{region}/"


def communities_sheet_path() -> str:
    return f"{PRINT_DIR}{COMMUNITIES_SHEET}/"


@cache
def asset_css(name: str) -> Markup:
    """A stylesheet shipped in the package (peerdir/assets/), for an inline <style> element."""
    text = resources.files("peerdir").joinpath("assets", name).read_text(encoding="utf-8")
    return Markup(text.replace("</", "<\\/"))  # trusted package text; never able to close <style>


def renderer_for(directory: Directory, site: SiteInfo, built: dt.date) -> PageRenderer:
    """The site's page renderer (its autoescaping environment and filters) for standalone pages."""
    return PageRenderer(SiteContext(directory=directory, site=site, today=built))


def render(renderer: PageRenderer, template: str, **values: Any) -> str:
    """Render a print_* or embed_* template with the site's environment (autoescape, `href`, `tel`…)."""
    return renderer.env.get_template(template).render(short_url=short_url, breakable=breakable, **values)


def short_url(url: str) -> str:
    """An address as a person types it from paper: no scheme, e.g. 'example.org/meetings/chicago/'."""
    parts = urlsplit(url)
    return parts.netloc + parts.path if parts.netloc else url


def breakable(text: str) -> Markup:
    """An address that may wrap after each '/' rather than anywhere: escaped, with <wbr>."""
    return Markup(escape(text).replace("/", Markup("/<wbr>")))


def qr_svg(url: str, label: str) -> Markup:
    """A QR code for `url` as an inline <svg> (segno, made at build time: no network, no image file)."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="ps-qr",
                        lineclass=None, title=label)
    # segno escapes the title; role="img" makes <title> the accessible name in every browser.
    return Markup(svg.replace("<svg ", '<svg role="img" shape-rendering="crispEdges" ', 1))


def type_legend(meetings: Iterable[Meeting], types: dict[str, str]) -> list[tuple[str, str]]:
    """(code, name) of every type code the meetings use, in the order of the vocabulary."""
    used = {code for meeting in meetings for code in meeting.types}
    order = {code: i for i, code in enumerate(types)}
    return [(code, types.get(code, code)) for code in sorted(used, key=lambda c: (order.get(c, len(order)), c))]


def verified_range(listings: Iterable[Listing]) -> tuple[dt.date, dt.date] | None:
    dates = [listing.last_verified for listing in listings]
    return (min(dates), max(dates)) if dates else None


def sheet_communities(communities: list[Community], limit: int = COMMUNITY_LIMIT) -> list[Community]:
    """A short list for a region sheet: free ones first (no data plan, no budget), then by name."""
    ranked = sorted(communities, key=lambda c: (c.cost != "free", not c.anonymous, c.name.lower()))
    return sorted(ranked[:limit], key=lambda c: c.name.lower())


@dataclass(frozen=True)
class SheetDates:
    built: dt.date
    verified: tuple[dt.date, dt.date] | None

    @property
    def built_text(self) -> str:
        return long_date(self.built)


def language_folder(renderer: PageRenderer) -> str:
    """Where the renderer's language lives on the site: '' for the root language, 'es/' for Spanish."""
    language = renderer.ctx.language
    return "" if language == "en" else f"{language}/"


def region_sheet(renderer: PageRenderer, region: str, built: dt.date) -> str:
    directory, site = renderer.ctx.directory, renderer.ctx.site
    info = directory.regions[region]
    meetings = directory.meetings_in(region)
    homes = sorted(directory.homes_in(region), key=lambda h: (h.city.lower(), h.name.lower()))
    communities = sheet_communities(directory.communities)
    live_path = region_meetings_path(region) if meetings else region_homes_path(region)
    _, folder = renderer._, language_folder(renderer)
    live_url = site.absolute(folder + live_path)
    path = sheet_path(region)
    return render(
        renderer, "print_region.html", css=asset_css("print.css"), base=relative_base(path), path=path, folder=folder,
        title=_("Recovery meetings and support: {name}").format(name=info.name), region=region, region_info=info,
        by_day=with_zone_notes(renderer.rows.by_day(meetings), info.timezone, built), meeting_count=len(meetings),
        legend=type_legend(meetings, renderer.ctx.type_names), homes=homes, communities=communities,
        more_communities=len(directory.communities) - len(communities),
        sheet_zone=info.timezone,
        dates=SheetDates(built, verified_range([*meetings, *homes, *communities])),
        live_url=live_url, live_short=short_url(live_url), live_path=live_path,
        qr=qr_svg(live_url, _("QR code: the latest version of this list at {url}").format(url=short_url(live_url))),
        communities_url=short_url(site.absolute(folder + "communities/")), site_name=site.name,
    )


def communities_sheet(renderer: PageRenderer, built: dt.date) -> str:
    directory, site = renderer.ctx.directory, renderer.ctx.site
    communities = sorted(directory.communities, key=lambda c: c.name.lower())
    path = communities_sheet_path()
    _, folder = renderer._, language_folder(renderer)
    live_url = site.absolute(folder + "communities/")
    return render(
        renderer, "print_communities.html", css=asset_css("print.css"), base=relative_base(path), path=path,
        folder=folder, title=_("Online recovery communities"), communities=communities, live_path="communities/",
        dates=SheetDates(built, verified_range(communities)),
        live_url=live_url, live_short=short_url(live_url),
        qr=qr_svg(live_url, _("QR code: the latest version of this list at {url}").format(url=short_url(live_url))),
        site_name=site.name,
    )


def sheet_regions(directory: Directory) -> list[str]:
    """Regions that get a sheet: those with a meeting or a home, in the order of regions.yaml."""
    return [r for r in directory.regions if directory.meetings_in(r) or directory.homes_in(r)]


def print_sheets(directory: Directory, site: SiteInfo, built: dt.date,
                 renderer: PageRenderer | None = None) -> list[tuple[str, str]]:
    """(site path, html) of every printable sheet: one per region, and one of online communities."""
    renderer = renderer or renderer_for(directory, site, built)
    sheets = [(sheet_path(region), region_sheet(renderer, region, built)) for region in sheet_regions(directory)]
    if directory.communities and COMMUNITIES_SHEET not in directory.regions:
        sheets.append((communities_sheet_path(), communities_sheet(renderer, built)))
    return sheets


def sheet_names(directory: Directory) -> list[str]:
    """What `one_sheet` accepts: the regions with a sheet, then 'communities' if it has one."""
    names = sheet_regions(directory)
    if directory.communities and COMMUNITIES_SHEET not in directory.regions:
        names.append(COMMUNITIES_SHEET)
    return names


def one_sheet(directory: Directory, site: SiteInfo, built: dt.date, name: str) -> str | None:
    """The html of one sheet (a region's slug, or 'communities'); None if there is no such sheet."""
    if name not in sheet_names(directory):
        return None
    renderer = renderer_for(directory, site, built)
    if name in directory.regions:
        return region_sheet(renderer, name, built)
    return communities_sheet(renderer, built)


def print_index(renderer: PageRenderer) -> RenderedPage:
    """The page `print/` (inside the site's theme): which sheets there are and how to print them."""
    directory = renderer.ctx.directory
    regions = [(slug, directory.regions[slug].name, len(directory.meetings_in(slug)), len(directory.homes_in(slug)))
               for slug in sheet_regions(directory)]
    body = render(renderer, "print_index.html", base=relative_base(PRINT_DIR), regions=regions,
                  community_count=len(directory.communities), communities_path=communities_sheet_path())
    _ = renderer._
    return RenderedPage(PRINT_DIR, _("Printable resource sheets"),
                        _("One- or two-page sheets of meetings, sober homes and crisis lines to print for each "
                          "region."), body)
