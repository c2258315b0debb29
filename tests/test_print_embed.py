"""Printable sheets and embed pages, without a browser: content, escaping, privacy, links, build wiring."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import segno

from peerdir.cli import main as peerdir_main
from peerdir.directory import Directory
from peerdir.loading import load_directory
from peerdir.models.meeting import DAY_NAMES
from peerdir.models.text_rules import zone_abbreviation
from peerdir.site import meeting_row as meeting_row_module
from peerdir.site.display import meetings_by_day
from peerdir.site.embeds import clinic_files, embed_index, embed_pages, embeds, iframe_snippet
from peerdir.site.meeting_row import MeetingRows, meeting_place
from peerdir.site.print_sheets import (
    breakable,
    one_sheet,
    print_index,
    print_sheets,
    qr_svg,
    renderer_for,
    sheet_names,
    short_url,
    type_legend,
)
from peerdir.urls import SiteInfo, meeting_key
from tests.conftest import HOSTILE_MEETING, ROOT, SAMPLE_DATA, build_site
from tests.site_scan import css_urls, is_external, scan_html

BUILT = dt.date(2026, 11, 23)
SITE = SiteInfo(site_url="https://recovery.example.org/dir/", name="Example Recovery Directory")
SMALL = ROOT / "tests" / "fixtures" / "formats"
CRISIS = ("988", "1-800-662-4357", "741741")


@pytest.fixture(scope="module")
def sample() -> Directory:
    directory, problems = load_directory(SAMPLE_DATA, today=BUILT)
    assert problems == []
    return directory


@pytest.fixture(scope="module")
def sheets(sample: Directory) -> dict[str, str]:
    return dict(print_sheets(sample, SITE, BUILT))


@pytest.fixture(scope="module")
def embed_html(sample: Directory) -> dict[str, str]:
    return dict(embed_pages(sample, SITE, BUILT))


def text_of(html: str) -> str:
    """Visible-ish text: tags dropped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def private_strings(directory: Directory) -> list[str]:
    found = [s for h in directory.homes if not h.street_is_public for s in (h.address, h.postal_code) if s]
    assert found, "the data should hold homes whose street is private"
    return found


# -- print sheets ---------------------------------------------------------------------------------

def test_one_sheet_per_region_and_one_for_communities(sample: Directory, sheets: dict[str, str]) -> None:
    assert list(sheets) == [f"print/{r}/" for r in sample.regions] + ["print/communities/"]
    assert sheet_names(sample) == [*sample.regions, "communities"]


@pytest.mark.parametrize("region", ["palm-beach", "chicago", "denver", "online"])
def test_region_sheet_holds_crisis_lines_every_meeting_and_homes(sample: Directory, sheets: dict[str, str],
                                                                 region: str) -> None:
    html = sheets[f"print/{region}/"]
    text = text_of(html)
    first_crisis = min(text.index(number) for number in CRISIS)
    assert first_crisis < text.index("Meetings"), "crisis lines come first"
    assert 'href="tel:988"' in html and 'href="tel:+18006624357"' in html
    for meeting in sample.meetings_in(region):
        assert text.count(meeting.name) >= len(meeting.day), f"{meeting.name} once per day it meets"
    for home in sample.homes_in(region):
        assert home.name in text and home.gender_label in text and home.city in text
        if home.phone:
            assert home.phone in text
    assert "Data as of 23 November 2026" in text
    assert "last verified between" in text
    assert "Meeting codes" in text
    assert html.count("<h1") == 1 and '<html lang="en"' in html


def test_meetings_are_grouped_by_day_in_time_order(sample: Directory, sheets: dict[str, str]) -> None:
    html = sheets["print/chicago/"]
    by_day = meetings_by_day(sample.meetings_in("chicago"))
    for day, rows in enumerate(by_day):
        if not rows:
            assert f'id="ps-day-{day}"' not in html
            continue
        section = html[html.index(f'id="ps-day-{day}"'):]
        section = section[:section.index("</table>")]
        names = re.findall(r"<tr><td>[^\n]*\n<td><strong>(.*?)</strong>", section)
        assert [unescape(n) for n in names] == [m.name for m in rows], DAY_NAMES[day]
        assert [(m.time, m.name.lower()) for m in rows] == sorted((m.time, m.name.lower()) for m in rows)
    headings = re.findall(r'<h3 id="ps-day-\d">(\w+)</h3>', html)
    assert headings == [DAY_NAMES[d] for d, rows in enumerate(by_day) if rows]


def test_each_day_is_a_table_whose_heading_repeats_on_every_page(sheets: dict[str, str]) -> None:
    for path, html in sheets.items():
        for match in re.finditer(r'<h3 id="ps-day-\d">', html):
            before = html[:match.start()]
            assert before.endswith('<table class="ps-day" aria-labelledby="' + match.group(0)[8:-2] + '">\n'
                                   '<thead><tr><th colspan="2" scope="colgroup">'), path
            table = html[match.end():html.index("</table>", match.end())]
            assert "<tr><td>" in table, f"{path}: a day heading without meetings"
    css = sheets["print/chicago/"]
    assert ".ps-day thead { display: table-header-group; }" in css
    assert ".ps-day tbody tr," in css and "break-inside: avoid" in css


def test_legend_explains_exactly_the_codes_used(sample: Directory, sheets: dict[str, str]) -> None:
    meetings = sample.meetings_in("denver")
    legend = type_legend(meetings, sample.vocabulary.types)
    assert {code for code, _ in legend} == {code for m in meetings for code in m.types}
    html = sheets["print/denver/"]
    block = html[html.index('class="ps-legend"'):]
    block = block[:block.index("</div>")]
    assert re.findall(r"<strong>([^<]+)</strong>", block) == [code for code, _ in legend]


def test_online_region_shows_each_meetings_own_zone(sample: Directory, sheets: dict[str, str]) -> None:
    text = text_of(sheets["print/online/"])
    assert "Each time is in the meeting's own time zone" in text
    for meeting in sample.meetings_in("online"):
        assert zone_abbreviation(meeting.zone, BUILT) in text
    chicago = sheets["print/chicago/"]
    assert 'class="ps-zone"' not in chicago  # every Chicago meeting is in the region's zone
    assert "Times are Central Time (CST)" in text_of(chicago)


def test_online_meetings_show_phone_dial_in_for_people_without_data(sample: Directory,
                                                                    sheets: dict[str, str]) -> None:
    text = text_of(sheets["print/online/"])
    for meeting in sample.meetings_in("online"):
        if meeting.conference_phone:
            assert f"by phone {meeting.conference_phone}" in text


def test_each_meeting_becomes_a_row_once_however_many_days_and_lists_it_is_in(
        sample: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    meetings = sample.meetings_in("chicago")
    assert any(len(m.day) > 1 for m in meetings)
    made: list[str] = []
    real = meeting_row_module.meeting_row
    monkeypatch.setattr(meeting_row_module, "meeting_row", lambda m, names, *words: made.append(m.slug) or real(m, names, *words))
    rows = MeetingRows()
    days = rows.by_day(meetings)
    assert rows.by_day(meetings) == days  # a second list reuses the rows
    assert sorted(made) == sorted(m.slug for m in meetings)
    assert [[r.key for r in day] for day in days] == [[meeting_key(m) for m in day] for day in meetings_by_day(meetings)]


def test_meeting_place_says_where_to_go_or_how_to_join(sample: Directory) -> None:
    seen = set()
    for meeting in sample.meetings:
        place, kind = meeting_place(meeting), meeting.attendance.value
        seen.add(kind)
        if kind in ("in_person", "hybrid"):
            assert place.startswith(", ".join(p for p in (meeting.location, meeting.address, meeting.city) if p))
            assert ("also online" in place) == (kind == "hybrid")
        elif kind == "online":
            closed = "TC" in meeting.types  # its venue closed: said before how to join, and no address
            assert place.startswith("Location temporarily closed · Online" if closed else "Online")
            assert not meeting.address or meeting.address not in place
        else:
            assert place.startswith("Location temporarily closed")
        if kind != "in_person" and kind != "temporarily_closed" and meeting.conference_phone:
            assert place.endswith(f"by phone {meeting.conference_phone}")
    assert {"in_person", "hybrid", "online"} <= seen


def test_qr_code_is_inline_svg_of_the_live_region_page(sheets: dict[str, str]) -> None:
    html = sheets["print/chicago/"]
    url = "https://recovery.example.org/dir/meetings/chicago/"
    assert html.count("<svg") == 1 and 'role="img"' in html and "<title>QR code" in html
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=1, border=4, omitsize=True)
    assert re.search(r' d="([^"]+)"', expected).group(1) in html, "the QR code encodes the live page's address"
    assert "recovery.example.org/<wbr>dir/<wbr>meetings/<wbr>chicago/<wbr>" in html
    assert f'href="{url}"' in html
    communities = sheets["print/communities/"]
    assert "<svg" in communities and "recovery.example.org/<wbr>dir/<wbr>communities/" in communities


def test_qr_svg_escapes_its_label_and_short_url_drops_the_scheme() -> None:
    svg = qr_svg("https://example.org/a/", 'QR <"&>')
    assert svg.startswith('<svg role="img"') and "<title>QR &lt;" in svg and "<\"" not in svg
    assert short_url("https://example.org/meetings/x/") == "example.org/meetings/x/"
    assert breakable("a<b/c.d/") == "a&lt;b/<wbr>c.d/<wbr>"


def test_sheet_is_standalone_black_on_white_and_fetches_nothing(sheets: dict[str, str]) -> None:
    for path, html in sheets.items():
        scan = scan_html(html)
        assert not scan.loads, f"{path} loads {scan.loads}"  # stylesheet and QR code are inline
        assert not [u for style in scan.inline_styles for u in css_urls(style) if is_external(u)]
        assert "md-header" not in html and "md-tabs" not in html and "md-footer" not in html
        assert "@page" in html and "size: auto" in html
        assert "break-inside: avoid" in html
        sizes = [float(n) for n in re.findall(r"font(?:-size)?:\s*([\d.]+)pt", html)]
        assert sizes and min(sizes) >= 10, f"{path}: text under 10 pt"
        assert not re.search(r"color:\s*#(?!000\b|fff\b)", html.split("<style>")[1].split("@media screen")[0]), \
            "print colours are black on white"


def test_print_date_script_is_optional(sheets: dict[str, str]) -> None:
    html = sheets["print/chicago/"]
    assert '<span id="ps-printed" hidden>' in html  # without JavaScript nothing half-filled shows
    assert "beforeprint" in html
    assert "document.cookie" not in html and "fetch(" not in html and "XMLHttpRequest" not in html


def test_region_sheet_lists_a_short_choice_of_communities(sample: Directory, sheets: dict[str, str]) -> None:
    section = sheets["print/chicago/"]
    section = section[section.index('id="ps-online"'):]
    names = re.findall(r"<li><strong>(.*?)</strong>", section)
    assert 0 < len(names) <= 8
    assert "3 more at recovery.example.org/dir/communities/" in text_of(section)
    full = text_of(sheets["print/communities/"])
    for community in sample.communities:
        assert community.name in full


def test_volunteer_text_is_escaped_on_sheets_and_embeds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    (data / "meetings" / "east" / "hostile.yaml").write_text(HOSTILE_MEETING, encoding="utf-8")
    directory, problems = load_directory(data, today=BUILT)
    assert problems == []
    files = dict(clinic_files(directory, SITE, BUILT))
    assert "print/east/index.html" in files and "embed/east/index.html" in files
    for path, html in files.items():
        assert "<script>alert(" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;alert(" in files["print/east/index.html"]
    assert "&lt;script&gt;alert(" in files["embed/east/index.html"]


def test_private_home_street_and_postal_code_are_in_no_sheet_or_embed(sample: Directory) -> None:
    for directory in (sample, load_directory(SMALL / "data", today=BUILT)[0]):
        secrets = private_strings(directory)
        for path, html in clinic_files(directory, SITE, BUILT):
            for secret in secrets:
                assert secret not in html, f"private {secret!r} in {path}"
        renderer = renderer_for(directory, SITE, BUILT)
        for page in (print_index(renderer), embed_index(renderer)):
            for secret in secrets:
                assert secret not in page.html


def test_region_with_only_homes_gets_a_sheet_of_homes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL / "data", data)
    shutil.rmtree(data / "meetings" / "east")
    directory, problems = load_directory(data, today=BUILT)
    assert problems == [] and directory.homes_in("east") and not directory.meetings_in("east")
    html = one_sheet(directory, SITE, BUILT, "east")
    assert html is not None
    assert 'id="ps-meetings"' not in html and 'id="ps-homes"' in html
    assert 'href="https://recovery.example.org/dir/homes/east/"' in html  # QR leads to the homes page
    assert one_sheet(directory, SITE, BUILT, "nowhere") is None


# -- embed pages ----------------------------------------------------------------------------------

def test_embed_pages_per_region_and_kind(sample: Directory, embed_html: dict[str, str]) -> None:
    expected = []
    for region in sample.regions:
        if sample.meetings_in(region):
            expected.append(f"embed/{region}/")
        if sample.homes_in(region):
            expected.append(f"embed/homes/{region}/")
    assert list(embed_html) == [*expected, "embed/communities/"]


@pytest.mark.parametrize("path", ["embed/chicago/", "embed/homes/denver/", "embed/communities/"])
def test_embed_links_open_the_full_listing_in_a_new_tab(embed_html: dict[str, str], path: str) -> None:
    html = embed_html[path]
    anchors = re.findall(r"<a\s[^>]*>", html)
    assert anchors
    for anchor in anchors:
        href = re.search(r'href="([^"]*)"', anchor).group(1)
        if href.startswith("tel:"):
            continue  # a phone call opens no page
        # <base target=_blank> opens every link in a new tab, once for all rows (issue 20); _blank implies
        # noopener in every browser since 2021, so no rel either.
        assert "target=" not in anchor and "rel=" not in anchor, anchor
        assert not is_external(href), f"{anchor}: relative, so it works wherever the site is served"
    base = re.search(r'<base href="([^"]*)" target="_blank">', html)
    assert base and not is_external(base.group(1)) and html.count("<base") == 1
    assert "From <a href=" in html and "Example Recovery Directory</a>" in html


def test_embed_pages_need_no_script_and_never_bust_frames(embed_html: dict[str, str]) -> None:
    for path, html in embed_html.items():
        assert "<script" not in html, path
        assert "top.location" not in html and "frame-ancestors" not in html and "X-Frame-Options" not in html
        assert not scan_html(html).loads, path
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert 'href="tel:988"' in html
        assert len(html.split("<style>")[1].split("</style>")[0]) < 3000, "light CSS"


def test_embed_meetings_hold_every_meeting(sample: Directory, embed_html: dict[str, str]) -> None:
    for region in sample.regions:
        if not sample.meetings_in(region):
            continue
        html = embed_html[f"embed/{region}/"]
        # Links are relative to the page's <base href>, said once (issue 20).
        base = urljoin(f"https://site.example/embed/{region}/", re.search(r'<base href="([^"]*)"', html).group(1))
        links = Counter(urljoin(base, href) for href in re.findall(r'<li><b>.*?<a href="([^"]*)"', html, re.S))
        for meeting in sample.meetings_in(region):
            assert links[f"https://site.example/meetings/{meeting.region}/{meeting.slug}/"] == len(meeting.day)
        assert sum(links.values()) == sum(len(m.day) for m in sample.meetings_in(region))


def test_embed_index_has_a_snippet_and_a_preview_per_embed(sample: Directory) -> None:
    renderer = renderer_for(sample, SITE, BUILT)
    page = embed_index(renderer)
    assert page.path == "embed/"
    found = embeds(sample)
    for embed in found:
        snippet = iframe_snippet(SITE, embed)
        assert f'src="https://recovery.example.org/dir/{embed.path}"' in snippet
        assert 'title="' in snippet and 'width="100%"' in snippet and 'height="600"' in snippet
        assert 'loading="lazy"' in snippet
        assert snippet.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") \
            in page.html, "the snippet is shown as text to copy"
        assert f'<iframe src="../{embed.path}"' in page.html, "a live preview of the same-site page"
    assert page.html.count("<textarea") == len(found)
    assert len(re.findall(r'<label for="snippet-', page.html)) == len(found)


def test_print_index_links_every_sheet(sample: Directory) -> None:
    page = print_index(renderer_for(sample, SITE, BUILT))
    assert page.path == "print/"
    for name in sheet_names(sample):
        assert f'href="../print/{name}/"' in page.html


# -- the built site and the command -------------------------------------------------------------

def test_build_writes_sheets_embeds_and_their_index_pages(built_site: Path, sample: Directory) -> None:
    for name in sheet_names(sample):
        assert (built_site / "print" / name / "index.html").is_file()
    for embed in embeds(sample):
        assert (built_site / embed.path / "index.html").is_file()
    for index in ("print", "embed"):
        html = (built_site / index / "index.html").read_text(encoding="utf-8")
        assert 'class="md-content' in html, "the index pages are inside the site's theme"
    region_page = (built_site / "meetings" / "chicago" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="pd-print" href="([^"]+)"', region_page).group(1)
    assert (built_site / "meetings" / "chicago" / link / "index.html").resolve() == \
        (built_site / "print" / "chicago" / "index.html").resolve()


def test_no_private_address_in_any_built_print_or_embed_file(built_site: Path, sample: Directory) -> None:
    secrets = private_strings(sample)
    for folder in ("print", "embed"):
        files = list((built_site / folder).rglob("*.html"))
        assert files
        for path in files:
            text = path.read_text(encoding="utf-8")
            for secret in secrets:
                assert secret not in text, f"private {secret!r} in {path.relative_to(built_site)}"


def test_build_without_communities_or_homes_still_writes_sheets(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "meetings" / "town").mkdir(parents=True)
    (data / "regions.yaml").write_text("town:\n  name: Town\n  timezone: America/Chicago\n", encoding="utf-8")
    (data / "meetings" / "town" / "noon.yaml").write_text(
        "name: Noon Group\nprogram: AA\nday: Monday\ntime: '12:00'\naddress: 1 Main St\ncity: Town\n"
        "last_verified: 2026-01-10\n", encoding="utf-8")
    result = build_site(tmp_path / "site", data_dir=data)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert "Noon Group" in (site / "print" / "town" / "index.html").read_text(encoding="utf-8")
    assert "Noon Group" in (site / "embed" / "town" / "index.html").read_text(encoding="utf-8")
    assert not (site / "print" / "communities").exists() and not (site / "embed" / "communities").exists()


def test_pdf_command_refuses_an_unknown_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    assert peerdir_main(["pdf", "chicgo", "--data", str(SAMPLE_DATA), "--chromium", "/bin/true"]) == 2
    assert "did you mean 'chicago'?" in capsys.readouterr().err
