"""Rows and meeting pages people can read (issue 17, item 4): type names, a closed venue said first,
other meetings at the same place, one-tap dial-in, Join as a button, directions in three map apps."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from peerdir.directory import Directory
from peerdir.loading import load_directory
from peerdir.models import Meeting, Region
from peerdir.models.common import ListingPlace
from peerdir.site.embeds import embed_pages
from peerdir.site.incremental import PageCache
from peerdir.site.meeting_links import dial_in, directions, tel_url
from peerdir.site.meeting_row import ATTENDANCE_CODES, DEFAULT_MINUTES, ListRowWriter, MeetingRows
from peerdir.site.render import PageRenderer, SiteContext
from peerdir.site.venues import MAX_SHOWN, Venues
from peerdir.urls import SiteInfo
from tests.conftest import ROOT, SAMPLE_DATA
from tests.site_scan import is_external, scan_html

TODAY = dt.date(2026, 11, 23)
HOSTILE = '"><img src=x onerror=alert(1)>'


def meeting(slug: str, region: str = "chicago", **fields: Any) -> Meeting:
    data = {"name": slug.replace("-", " ").title(), "program": "AA", "day": "Monday", "time": "19:00",
            "last_verified": "2026-10-01", **fields}
    if "address" not in data and "conference_url" not in data and "conference_phone" not in data:
        data.update(location="Hall", address="1 Main St", city="Chicago")
    return Meeting.build(data, ListingPlace(slug, region, f"data/meetings/{region}/{slug}.yaml", "America/Chicago"))


def directory_of(*meetings: Meeting) -> Directory:
    regions = {m.region: Region(name=m.region.title(), timezone="America/Chicago") for m in meetings}
    return Directory(data_dir=Path("data"), regions=regions, meetings=list(meetings))


def renderer_of(directory: Directory) -> PageRenderer:
    return PageRenderer(SiteContext(directory, SiteInfo(), TODAY))


def list_row(m: Meeting, type_names: dict[str, str] | None = None) -> str:
    rows = MeetingRows(type_names)
    writer = ListRowWriter(TODAY, "x/y/", multi_zone=False, rows=rows)
    return str(writer.html([rows(m)]))


def sub_line(row_html: str) -> str:
    return re.search(r'<span class="pd-sub">(.*?)</span></span></li>', row_html, re.S).group(1)


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def sample() -> Directory:
    directory, problems = load_directory(SAMPLE_DATA, today=TODAY)
    assert problems == []
    return directory


# -- type names ----------------------------------------------------------------------------------
def test_a_row_names_its_types_and_shows_no_bare_codes() -> None:
    row = list_row(meeting("names", types=["O", "D", "11"]))
    assert text(sub_line(row)) == "AA · In person · Chicago · Open, Discussion, 11th Step Meditation"
    assert 'data-types="O D 11"' in row  # the finder still filters by code


def test_a_row_as_the_list_writes_it() -> None:
    """The whole row, pinned on purpose: a change to it is a change to 10,000-row pages (size, finder.js)."""
    row = list_row(meeting("pinned", time="07:30", end_time="08:45", types=["O", "BE"], latitude=41.9, longitude=-87.6))
    assert row == (
        '<li data-start="450" data-minutes="75" data-types="O BE" data-lat="41.9" data-lon="-87.6" '
        'data-zone="America/Chicago">\n'
        '<span class="pd-time">7:30 AM</span>\n'
        '<span class="pd-main"><a href="../../meetings/chicago/pinned/">Pinned</a>\n'
        '<span class="pd-sub">AA · In person · Chicago · Open, Newcomer</span></span></li>\n')


def test_an_hour_long_row_leaves_its_length_to_the_finder() -> None:
    """finder.js reads a row without data-minutes as an hour long (`+d.minutes || 60`): the attribute
    is left out of most rows (issue 20), and kept for any other length."""
    assert "data-minutes" not in list_row(meeting("hour", time="19:00", end_time="20:00"))
    assert 'data-minutes="90"' in list_row(meeting("long", time="19:00", end_time="20:30"))
    finder = (ROOT / "overrides" / "assets" / "peerdir" / "finder.js").read_text(encoding="utf-8")
    assert f"minutes: +d.minutes || {DEFAULT_MINUTES}," in finder


def test_a_row_in_its_lists_zone_says_no_zone_and_rounds_its_coordinates() -> None:
    """A list says its zone once (its <ul>s' data-zone); a row keeps data-zone only for another zone, and
    its coordinates to 4 decimals, about 11 m (issue 20)."""
    rows = MeetingRows()
    writer = ListRowWriter(TODAY, "x/y/", multi_zone=False, rows=rows, zone="America/Chicago")
    here = str(writer.html([rows(meeting("here", latitude=41.878113, longitude=-87.629799))]))
    away = str(writer.html([rows(meeting("away", timezone="America/Denver"))]))
    assert "data-zone" not in here and 'data-lat="41.8781" data-lon="-87.6298"' in here
    assert 'data-zone="America/Denver"' in away


def test_rows_and_day_data_name_attendance_as_finder_js_reads_it() -> None:
    """In person is a row without data-att; every other attendance a one-letter code that finder.js's ATT
    maps back, and the hour files use the same codes."""
    assert "data-att" not in list_row(meeting("in-person"))
    assert 'data-att="o"' in list_row(meeting("online", conference_url="https://meet.jit.si/x"))
    finder = (ROOT / "overrides" / "assets" / "peerdir" / "finder.js").read_text(encoding="utf-8")
    table = re.search(r"var ATT = \{(.*?)\};", finder).group(1)
    assert dict(re.findall(r'(\w): "(\w+)"', table)) == {code: a.value for a, code in ATTENDANCE_CODES.items()}
    assert 'att: ATT[d.att || "p"]' in finder


def test_a_rows_program_is_the_first_words_of_its_line_one_the_list_names(sample: Directory) -> None:
    """finder.js reads a row's program from its line under the name (no data-program, issue 20): it
    must begin with one of the programs #pd-finder's data-programs names, after a closed venue's note."""
    html = "".join(p.html for p in renderer_of(sample).region_meetings("chicago"))
    programs = json.loads(unescape(re.search(r"data-programs='([^']*)'", html).group(1)))
    subs = re.findall(r'<span class="pd-sub">(?:<strong class="pd-tc">[^<]*</strong> )?(.*?)</span></span>', html, re.S)
    assert subs and "data-program=" not in html
    for sub in subs:
        assert any(unescape(sub) == p or unescape(sub).startswith(p + " · ") for p in programs), sub
    finder = (ROOT / "overrides" / "assets" / "peerdir" / "finder.js").read_text(encoding="utf-8")
    assert "program: d.program || rowProgram(li, programs)" in finder


def test_the_row_of_sample_meetings_uses_the_directory_vocabulary(sample: Directory) -> None:
    renderer = renderer_of(sample)
    html = "".join(p.html for p in renderer.region_meetings("chicago"))
    subs = [text(s) for s in re.findall(r'<span class="pd-sub">(.*?)</span></span>', html, re.S)]
    assert subs and not any(re.search(r"\b(O|D|C|TC|ST|LIT), ", s) for s in subs), subs
    assert any(s.endswith("Open, Discussion") for s in subs)


def test_type_names_are_escaped_like_every_volunteer_text() -> None:
    row = list_row(meeting("hostile", types=["O"]), {"O": HOSTILE})
    assert "<img" not in row and "&lt;img src=x onerror=alert(1)&gt;" in row


def test_embed_rows_name_types_and_say_a_venue_is_closed(sample: Directory) -> None:
    html = dict(embed_pages(sample, SiteInfo(), TODAY))["embed/chicago/"]
    assert "Open, Discussion" in html and not re.search(r'<small>[^<]*\bO, D\b', html)
    closed = re.search(r'Rogers Park Recovery Dharma</a>\n<small>(.*?)</small></span>', html).group(1)
    assert closed.startswith('<strong class="pe-tc">Location temporarily closed.</strong>')
    assert "Birchmere" not in closed and "Chicago" not in text(closed)


# -- a temporarily closed venue ------------------------------------------------------------------
CLOSED_ONLINE = dict(types=["TC", "O"], location="Sangha Room", address="7 Closed Ave", city="Chicago",
                     latitude=41.9, longitude=-87.6, conference_url="https://meet.jit.si/example")


def test_a_closed_venue_is_said_first_on_its_row_with_no_place_to_go() -> None:
    row = list_row(meeting("closed", **CLOSED_ONLINE))
    sub = sub_line(row)
    assert sub.startswith('<strong class="pd-tc">Location temporarily closed.</strong> AA')
    assert "Online" in sub and text(sub).endswith("· Open")  # TC itself is not repeated as a type
    assert "Chicago" not in sub and "data-lat" not in row and "data-lon" not in row


def test_a_closed_venue_without_online_option_says_so_once() -> None:
    row = list_row(meeting("shut", types=["TC", "O"], address="9 Shut St", city="Chicago"))
    assert text(sub_line(row)) == "Location temporarily closed. AA · Open"
    assert 'data-att="c"' in row


def test_the_page_of_a_closed_venue_warns_and_offers_no_directions() -> None:
    closed = meeting("closed", **CLOSED_ONLINE)
    html = renderer_of(directory_of(closed)).meeting(closed).html
    note = re.search(r'<p class="pd-tc-note" role="note">(.*?)</p>', html).group(1)
    assert note.startswith("<strong>Location temporarily closed.</strong>") and "join below" in note
    assert html.index("pd-tc-note") < html.index("<dl")  # before any detail
    assert "<dt>Where</dt>" not in html and "Directions" not in html and "maps.apple.com" not in html
    assert re.search(r"<dt>Usual venue</dt>\n<dd[^>]*><strong>Closed for now:</strong> Sangha Room, 7 Closed Ave", html)
    assert 'class="pd-join pd-button" href="https://meet.jit.si/example"' in html


def test_the_page_of_a_closed_venue_without_online_option_says_check_first() -> None:
    shut = meeting("shut", types=["TC"], address="9 Shut St", city="Chicago")
    html = renderer_of(directory_of(shut)).meeting(shut).html
    assert "check with the group before you go" in html and "Join online" not in html


# -- other meetings here -------------------------------------------------------------------------
def test_other_meetings_at_the_same_address_or_point_are_linked_with_day_and_time() -> None:
    here = meeting("here", address="2950 N Lantern Way", city="Chicago", latitude=41.935, longitude=-87.644)
    same_text = meeting("same-text", day=["Sunday", "Wednesday"], time="18:00", types=["TC"],
                        address="2950 n. lantern  way", city="CHICAGO")
    same_point = meeting("same-point", region="evanston", address="Clubhouse", city="Chicago",
                         latitude=41.935001, longitude=-87.644002)
    elsewhere = meeting("elsewhere", address="2950 N Lantern Way", city="Evanston")
    online = meeting("online-only", conference_url="https://zoom.us/j/5550100000")
    directory = directory_of(here, same_text, same_point, elsewhere, online)
    html = renderer_of(directory).meeting(here).html
    section = re.search(r'<section class="pd-here".*?</section>', html, re.S).group()
    assert "data-pagefind-ignore" in section  # neighbours' names would make every page at a venue match
    items = re.findall(r"<li>(.*?)</li>", section)
    assert [re.search(r'href="([^"]+)"', i).group(1) for i in items] == [
        "../../../meetings/chicago/same-text/", "../../../meetings/evanston/same-point/"]
    assert text(items[0]) == "Same Text Sunday and Wednesday, 6:00 PM Location temporarily closed"
    assert text(items[1]) == "Same Point Monday, 7:00 PM"
    assert "pd-here" not in renderer_of(directory).meeting(online).html
    assert "pd-here" not in renderer_of(directory).meeting(elsewhere).html


def test_other_meetings_here_are_bounded() -> None:
    crowd = [meeting(f"club-{i:03d}", address="1 Club Rd", city="Chicago") for i in range(MAX_SHOWN + 5)]
    html = renderer_of(directory_of(*crowd)).meeting(crowd[0]).html
    assert html.count('<li><a href="../../../meetings/chicago/club-') == MAX_SHOWN
    assert "And 4 more at this address" in html


def test_venues_never_list_a_meeting_with_itself_and_escape_names() -> None:
    a = meeting("a", name=HOSTILE, address="5 Elm", city="Chicago")
    b = meeting("b", address="5 Elm", city="Chicago")
    assert Venues([a, b]).others(b) == [a] and Venues([a]).others(a) == []
    html = renderer_of(directory_of(a, b)).meeting(b).html
    assert "<img" not in html and "&#34;&gt;&lt;img" in html


def test_a_served_page_is_made_again_when_a_neighbour_changes() -> None:
    here, there = meeting("here"), meeting("there")
    renderer = renderer_of(directory_of(here, there))
    cache, made = PageCache(), []

    def render(m: Meeting) -> Any:
        made.append(m.slug)
        return renderer.meeting(m)

    cache.page(here, render, renderer.shown_with(here))
    assert cache.page(here, render, renderer.shown_with(here))[1] is True
    edited = meeting("there", name="There Renamed")  # a new object, as the loader makes for an edited file
    renderer = renderer_of(directory_of(here, edited))
    page, cached = cache.page(here, render, renderer.shown_with(here))
    assert not cached and "There Renamed" in page.html and made == ["here", "here"]


# -- one-tap dial-in -----------------------------------------------------------------------------
@pytest.mark.parametrize("fields, url, keyed", [
    ({"conference_phone": "+1 646 558 8656", "conference_phone_notes": "Meeting ID 123 456 789, then #"},
     "tel:+16465588656,,123456789%23", "123 456 789"),
    ({"conference_phone": "+1 720-555-0106", "conference_phone_notes": "Access code: 555-0106#"},
     "tel:+17205550106,,5550106%23", "555-0106"),
    ({"conference_phone": "+1 305-555-0119", "conference_phone_notes": "ID de la reunión 555 010 0556."},
     "tel:+13055550119,,5550100556%23", "555 010 0556"),
    # The listing's own pauses and codes are dialled as written.
    ({"conference_phone": "+1 646 555 0143,,5550100231#"}, "tel:+16465550143,,5550100231%23", ""),
    # A Zoom link gives the ID; a passcode is keyed for Zoom only, as Zoom's one-tap numbers do.
    ({"conference_phone": "+1 646 558 8656", "conference_url": "https://us02web.zoom.us/j/85412345678?pwd=abc",
      "conference_url_notes": "Passcode 4321"}, "tel:+16465588656,,85412345678%23,,,,*4321%23", "85412345678"),
    ({"conference_phone": "+1 646 558 8656", "conference_url": "https://meet.jit.si/x",
      "conference_phone_notes": "PIN 4455 6677, passcode 11"}, "tel:+16465588656,,44556677%23", "4455 6677"),
    # No ID anywhere: the number alone.
    ({"conference_phone": "(312) 555-0190", "conference_phone_notes": "Ask the host."}, "tel:3125550190", ""),
])
def test_dial_in_is_one_tap_with_pauses_and_the_meeting_id(fields: dict, url: str, keyed: str) -> None:
    dial = dial_in(meeting("dial", **fields))
    assert dial is not None and (dial.url, dial.keyed) == (url, keyed)
    assert dial.number == fields["conference_phone"].split(",")[0].strip()


def test_no_dial_in_without_a_phone_and_tel_keys_only_what_a_phone_keys() -> None:
    assert dial_in(meeting("web", conference_url="https://zoom.us/j/5550100000")) is None
    assert tel_url('+1 "><script>(646)+555,,1#*') == "tel:+1646555,,1%23*"


def test_the_meeting_page_has_a_join_button_and_a_call_in_button() -> None:
    m = meeting("online", conference_url="https://zoom.us/j/5550100501", conference_url_notes="Passcode 0630.",
                conference_phone="+1 646-555-0102", conference_phone_notes="Meeting ID 555 010 0501, passcode 0630.")
    html = renderer_of(directory_of(m)).meeting(m).html
    assert re.search(r'<a class="pd-join pd-button" href="https://zoom.us/j/5550100501"[^>]*>Join the online meeting', html)
    assert '<a class="pd-dial pd-button" href="tel:+16465550102,,5550100501%23,,,,*0630%23">Call in: +1 646-555-0102</a>' in html
    assert "keys in meeting ID 555 010 0501 and passcode 0630 for you" in html


# -- directions ----------------------------------------------------------------------------------
def test_directions_go_to_the_coordinates_in_three_map_apps() -> None:
    links = dict(directions(meeting("point", latitude=41.935, longitude=-87.644)))
    assert links == {
        "OpenStreetMap": "https://www.openstreetmap.org/?mlat=41.935&mlon=-87.644&zoom=17",
        "Apple Maps": "https://maps.apple.com/?daddr=41.935,-87.644",
        "Google Maps": "https://www.google.com/maps/dir/?api=1&destination=41.935,-87.644"}
    # Five decimals (a metre) at most, whatever the listing wrote; whole degrees without a point.
    precise = dict(directions(meeting("fine", latitude=41.9351234, longitude=-88.0)))
    assert precise["Apple Maps"] == "https://maps.apple.com/?daddr=41.93512,-88"


def test_directions_without_coordinates_go_to_the_address_encoded() -> None:
    links = dict(directions(meeting("addr", address='12 "Oak" & <Elm> St', city="Evanston", state="IL")))
    query = "12+%22Oak%22+%26+%3CElm%3E+St,+Evanston,+IL"  # form-encoded: a space as +, commas as written
    assert links["Apple Maps"] == f"https://maps.apple.com/?daddr={query}"
    assert links["Google Maps"] == f"https://www.google.com/maps/dir/?api=1&destination={query}"
    assert links["OpenStreetMap"] == f"https://www.openstreetmap.org/search?query={query}"
    plus = dict(directions(meeting("plus", address="1+2 Main St", city="Evanston")))
    assert plus["Apple Maps"] == "https://maps.apple.com/?daddr=1%2B2+Main+St,+Evanston"  # a + typed stays a +
    assert directions(meeting("web", conference_url="https://zoom.us/j/5550100000")) == []


def test_an_in_person_page_links_openstreetmap_and_loads_nothing_from_elsewhere() -> None:
    """The page carries the link that works without a script; listing.js adds Apple and Google Maps
    (issue 20; tests/browser/test_meeting_page.py checks them)."""
    m = meeting("page", location=HOSTILE, address=HOSTILE, city="Chicago", latitude=41.9, longitude=-87.6)
    html = renderer_of(directory_of(m)).meeting(m).html
    apps = re.findall(r'<a class="pd-map" href="(https://[^"]+)">([^<]+)</a>', html)
    assert apps == [("https://www.openstreetmap.org/?mlat=41.9&amp;mlon=-87.6&amp;zoom=17", "OpenStreetMap")]
    # They open where the reader is, as any link does: no new tab to announce (issue 20: 0.3 KB a page).
    assert html.count("opens in a new tab") == 0 and 'target="_blank"' not in html
    assert "<img" not in html
    assert not [u for u in scan_html(html).loads if is_external(u)]
