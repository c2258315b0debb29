"""meetings/today/: today's meetings across every region and online, in the visitor's own time.

A static page cannot know the visitor's day, so the page is a frame that `finder.js` fills from
the hour files beside it (every meeting, as `day_data` writes them): those from four hours ago to
the visitor's midnight. Without JavaScript it links every region's list.
"""

from __future__ import annotations

from peerdir.site.print_sheets import render
from peerdir.site.render import PageRenderer, RenderedPage, relative_base

TODAY_PATH = "meetings/today/"


def today_page(renderer: PageRenderer) -> RenderedPage:
    directory = renderer.ctx.directory
    regions = {slug: region.name for slug, region in directory.regions.items() if directory.meetings_in(slug)}
    counts = {slug: len(directory.meetings_in(slug)) for slug in regions}
    body = render(renderer, "today.html", base=relative_base(TODAY_PATH), regions=regions, counts=counts,
                  total=len(directory.meetings))
    _ = renderer._
    return RenderedPage(TODAY_PATH, _("Meetings today"),
                        _("Today's recovery meetings in every region and online, from now on, in your own time."), body)
