"""A meeting page on a small phone (issue 17, item 4): Join, Call in and the directions links are
large tap targets, a closed venue's warning shows before the details, nothing scrolls sideways,
and nothing is fetched from another host."""

from __future__ import annotations

import re
import urllib.request
from typing import Any

import pytest

from peerdir.site.meeting_links import map_links
from tests.browser.conftest import assert_page_has_no_axe_violations

TARGETS = "a.pd-join, a.pd-dial, a.pd-map"


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("path, targets", [
    ("meetings/online/online-sunrise-group/", 2),  # Join, Call in
    ("meetings/chicago/night-owls-lakeview/", 3),  # three map apps
])
def test_actions_are_large_tap_targets_that_fit_the_phone(page: Any, site_url: str, path: str, targets: int,
                                                          width: int) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + path)
    boxes = page.eval_on_selector_all(TARGETS, "els => els.map(e => e.getBoundingClientRect().toJSON())")
    assert len(boxes) == targets
    for box in boxes:
        assert box["height"] >= 44 and box["right"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert hosts == {site_url.split("/")[2]}


def test_a_closed_venue_warns_before_the_details_and_passes_axe(page: Any, site_url: str) -> None:
    assert_page_has_no_axe_violations(page, site_url + "meetings/chicago/rogers-park-recovery-dharma/", 320)
    note = page.locator(".pd-tc-note")
    assert note.inner_text().startswith("Location temporarily closed.")
    assert note.bounding_box()["y"] < page.locator("dl.pd-facts").bounding_box()["y"]
    assert page.locator("a.pd-map").count() == 0


@pytest.mark.parametrize("path, file", [
    ("meetings/chicago/night-owls-lakeview/", "data/meetings/chicago/night-owls-lakeview.yaml"),
    ("es/meetings/chicago/night-owls-lakeview/", "data/meetings/chicago/night-owls-lakeview.yaml"),
    ("homes/palm-beach/boynton-harbor-mens-house/", "data/homes/palm-beach/boynton-harbor-mens-house.yaml"),
])
def test_the_edit_link_is_drawn_from_the_correction_link(page: Any, bilingual_url: str, path: str, file: str) -> None:
    """The page carries the correction link only, whose form names the file (issue 20); listing.js
    draws the GitHub editor's link after it, in the page's language."""
    page.goto(bilingual_url + path)
    links = page.eval_on_selector_all(".pd-actions a", "els => els.map(e => [e.className, e.href, e.textContent])")
    correct, edit = links[-2:]
    assert correct[0] == "pd-correct" and correct[1].endswith(f"listing={file}")
    words = "Editar esta ficha en GitHub" if path.startswith("es/") else "Edit this listing on GitHub"
    assert edit == ["pd-edit", f"https://github.com/peerdir/peerdir/edit/main/{file}", words]


@pytest.mark.parametrize("osm, place", [
    ("https://www.openstreetmap.org/?mlat=41.935&amp;mlon=-87.644&amp;zoom=17", "41.935,-87.644"),
    ("https://www.openstreetmap.org/search?query=12+%22Oak%22+%26+%3CElm%3E+St,+Evanston,+IL",
     "12+%22Oak%22+%26+%3CElm%3E+St,+Evanston,+IL"),
])
def test_apple_and_google_maps_are_drawn_to_the_openstreetmap_links_place(page: Any, site_url: str, osm: str,
                                                                         place: str) -> None:
    """The page carries OpenStreetMap's link (it works without a script); listing.js adds the phone
    apps' to the same place, as meeting_links.map_links writes them (issue 20)."""
    path = "meetings/chicago/night-owls-lakeview/"
    html = urllib.request.urlopen(site_url + path).read().decode("utf-8")
    carried = re.findall(r'<a class="pd-map" href="([^"]+)">', html)
    assert carried == ["https://www.openstreetmap.org/?mlat=41.935&amp;mlon=-87.644&amp;zoom=17"]
    page.route(site_url + path, lambda route: route.fulfill(body=html.replace(carried[0], osm),
                                                              content_type="text/html"))
    page.goto(site_url + path)
    drawn = page.eval_on_selector_all("a.pd-map", "els => els.map(e => [e.textContent, e.getAttribute('href')])")
    expected = dict(map_links(None, None, ('12 "Oak" & <Elm> St', "Evanston", "IL")) if "query" in osm
                    else map_links(41.935, -87.644, ()))
    assert drawn == [[app, url] for app, url in expected.items()]
    assert [app for app, _ in drawn] == ["OpenStreetMap", "Apple Maps", "Google Maps"]
    assert drawn[1][1].endswith(place) and page.inner_text(".pd-directions").count(" ") >= 3


def test_the_dial_in_page_passes_axe(page: Any, site_url: str) -> None:
    assert_page_has_no_axe_violations(page, site_url + "meetings/online/online-sunrise-group/", 390)
