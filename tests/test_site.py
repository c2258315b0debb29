"""The built sample site: each page type, the privacy and safety promises, and refusal of bad data."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from peerdir.formats import feed_files
from peerdir.loading import load_directory
from peerdir.urls import SiteInfo
from tests.conftest import HOSTILE_MEETING, ROOT, SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY, build_site, copy_project
from tests.site_scan import css_urls, is_external, readable_text, scan_html, site_files


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def main_content(html: str) -> str:
    """The article body of a page, without the theme's header, nav and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", html.rindex("pd-") if "pd-" in html else start) + 10]


# -- page types -----------------------------------------------------------------------------------

def test_meeting_page_reads_as_people_read_it(built_site: Path) -> None:
    html = page(built_site, "meetings/chicago/night-owls-lakeview")
    assert "<h1>Night Owls</h1>" in html
    assert html.count("<h1") == 1
    assert "Friday and Saturday" in html
    assert "10:30 PM" in html and "11:30 PM" in html and "(22:30–23:30)" in html
    assert re.search(r"Central Time \(C[SD]T\)", html)
    assert "In person" in html
    assert "Clark Lantern Club" in html and "2950 N Lantern Way" in html
    assert 'href="https://www.openstreetmap.org/?mlat=41.935&amp;mlon=-87.644&amp;zoom=17"' in html
    assert "Open</li>" not in html and "anyone may attend" in html  # type names with explanations
    assert "<li><b>D</b> Discussion</li>" in html  # the code bold as <b> is, without a class (issue 20)
    assert "Discussion" in html
    assert "Last verified" in html and 'datetime="2026-07-30"' in html
    # The correction form names the file; listing.js draws the edit link from it (issue 20).
    assert ("https://github.com/peerdir/peerdir/issues/new?template=correct-listing.yml"
            '&amp;listing=data/meetings/chicago/night-owls-lakeview.yaml" rel="nofollow">') in html
    assert "/edit/" not in html and '"branch":"main"' in (built_site / "assets/peerdir/listing.js").read_text("utf-8")
    assert 'href="meeting.ics"' in html
    assert '"@type":"Event"' in html


def test_online_meeting_page_has_join_link_and_own_zone(built_site: Path) -> None:
    html = page(built_site, "meetings/online/pacific-night-owls")
    assert "Every day" in html
    assert "11:00 PM" in html and "12:00 midnight" in html
    assert re.search(r"Pacific Time \(P[SD]T\)", html)
    assert 'href="https://zoom.us/j/5550100512"' in html
    assert ">Online<" in html


def test_temporarily_closed_venue_shows_its_online_option(built_site: Path) -> None:
    html = page(built_site, "meetings/chicago/rogers-park-recovery-dharma")
    assert "Location Temporarily Closed" in html
    assert "Join the online meeting" in html


def test_stale_listing_is_marked_possibly_out_of_date(built_site: Path) -> None:
    directory, _ = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    cutoff = SAMPLE_TODAY - dt.timedelta(days=180)
    stale = [m for m in directory.meetings if m.last_verified < cutoff]
    fresh = [m for m in directory.meetings if m.last_verified >= SAMPLE_TODAY - dt.timedelta(days=30)]
    assert stale and fresh, "sample data should have both stale and fresh meetings"
    assert "Possibly out of date" in page(built_site, f"meetings/{stale[0].region}/{stale[0].slug}")
    assert "Possibly out of date" not in page(built_site, f"meetings/{fresh[0].region}/{fresh[0].slug}")


def test_region_page_lists_meetings_by_day_then_time(built_site: Path) -> None:
    html = page(built_site, "meetings/chicago")
    days = re.findall(r'<h2 id="day-(\d)">', html)
    assert days == sorted(days) and len(days) == 7
    directory, _ = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    for section in re.findall(r'<section class="pd-day".*?</section>', html, re.S):
        starts = [int(s) for s in re.findall(r'data-start="(\d+)"', section)]
        assert starts == sorted(starts)
    expected = sum(len(m.day) for m in directory.meetings_in("chicago"))
    assert html.count("<li data-start=") == expected


def test_meetings_index_lists_regions_and_programs(built_site: Path) -> None:
    html = page(built_site, "meetings")
    for region in ("palm-beach", "chicago", "denver", "online"):
        assert f'href="{region}/"' in html or f'href="../meetings/{region}/"' in html
    assert "Alcoholics Anonymous (AA)" in html


def test_homes_table_and_private_address_page(built_site: Path) -> None:
    table = page(built_site, "homes/palm-beach")
    for header in ("Serves", "NARR level", "Beds", "Vacancies", "Cost", "MAT", "Certification"):
        assert f'<th scope="col">{header}</th>' in table
    home = page(built_site, "homes/palm-beach/boynton-harbor-mens-house")
    assert "Boynton Beach, FL" in home and "$225 per week" in home
    assert "Quiet Heron" not in home and "33437" not in home


def test_communities_and_articles(built_site: Path) -> None:
    communities = page(built_site, "communities")
    assert '<th scope="col">Anonymous</th>' in communities
    articles = page(built_site, "articles")
    assert "min read" in articles and "cravings" in articles
    article = page(built_site, "articles/riding-out-a-craving")
    assert "not medical advice" in article and 'href="tel:988"' in article
    assert '"@type":"Article"' in article and "lastReviewed" in article


def test_every_page_has_crisis_lines_lang_and_one_h1(built_site: Path) -> None:
    for path in [*built_site.rglob("index.html"), built_site / "404.html"]:
        html = path.read_text(encoding="utf-8")
        if "md-typeset" not in html:
            continue  # standalone print/embed pages have their own checks
        for href in ("tel:988", "sms:988", "tel:+18006624357", "sms:741741?&amp;body=HOME", "#pd-main"):
            assert f'href="{href}"' in html, (path, href)
        assert 'id="pd-main"' in html, path  # the skip link's target
        assert '<html lang="en"' in html, path
        assert len(re.findall(r"<h1[\s>]", html)) == 1, path


def test_nav_holds_sections_only(built_site: Path) -> None:
    html = page(built_site, "meetings/chicago")
    nav = html[html.index('<nav class="md-nav md-nav--primary'):html.index('<nav class="md-nav md-nav--secondary')]
    links = re.findall(r'href="([^"]*)"', nav)
    assert len(links) >= 8
    assert not [link for link in links if "chicago" in link or "night-owls" in link]


def test_listing_pages_name_the_sections_at_their_foot_without_tabs_or_side_menu(built_site: Path) -> None:
    """Tens of thousands of listing pages: the frame keeps header, crisis lines, palette and footer,
    and names the sections once at the foot instead of in tabs and a side menu."""
    html = page(built_site, "meetings/chicago/night-owls-lakeview")
    assert "md-tabs" not in html and "md-sidebar" not in html
    assert 'md-icon" for="__drawer"' not in html  # no menu button: nothing for it to open
    # The foot: one nav of links, without a footer or the theme's wrapper classes around it (issue 20).
    sections = re.search(r'</main><nav class="pd-sections" aria-label="Sections">(.*?)</nav><script', html).group(1)
    # Not the home page nor the crisis page: the site's name and the crisis bar link them above (issue 20).
    assert re.findall(r'href="([^"]*)"', sections) == [
        "../../../meetings/", "../../../homes/", "../../../communities/", "../../../articles/",
        "../../../about/", "../../../privacy/", "../../../search/"]
    assert '<a href="../../../crisis/">More' in html
    assert "<li>" not in sections and "<footer" not in html  # the links straight in the nav
    # One stylesheet, the theme's and the site's joined, on listing and theme pages alike.
    for where in (html, page(built_site, "meetings/chicago"), page(built_site, "")):
        sheets = re.findall(r'<link rel="stylesheet" href="((?:\.\./)*)(assets/peerdir/site\.[0-9a-f]{8}\.css)">', where)
        assert len(sheets) == 1 and where.count('rel="stylesheet"') == 1
    css = (built_site / sheets[0][1]).read_text(encoding="utf-8")
    assert ".md-header" in css and ".pd-crisis" in css and ".pd-chip" in css
    # The palette toggle is drawn by listing.js (without a script it would do nothing): not on the page.
    assert 'data-md-component="palette"' not in html and "listing.js" in html
    script = (built_site / "assets/peerdir/listing.js").read_text(encoding="utf-8")
    assert '"scheme":"slate"' in script and '"en":["Dark colours","Light colours"]' in script


def test_listing_pages_header_is_one_link_home_with_the_logo_drawn_by_the_stylesheet(built_site: Path) -> None:
    """A listing page's header (issue 20): the site's name, a link home, and the language switch where
    there is one; the theme's logo is drawn before it by the one stylesheet (not an icon on each page)."""
    for path, home in (("meetings/chicago/night-owls-lakeview", "../../.."), ("communities/daybreak-recovery-forum", "../..")):
        html = page(built_site, path)
        assert (f'<header class="pd-head"><a href="{home}">Recovery Resource Directory (example)</a>'
                "</header><main") in html, path
        assert "<svg" not in html and "md-logo" not in html and "md-header__title" not in html, path
    sheet = re.search(r'href="(?:\.\./)*(assets/peerdir/site\.[0-9a-f]{8}\.css)"', html).group(1)
    css = (built_site / sheet).read_text(encoding="utf-8")
    # Material's default logo (material/library), as a mask in the header's colour.
    rule = re.search(r"\.pd-head>:first-child::before\{--pd-logo:url\(\"data:image/svg\+xml;charset=utf-8,([^\"]*)\"\);"
                     r"background-color:currentcolor;-webkit-mask:var\(--pd-logo\) [^}]*;mask:var\(--pd-logo\) ", css)
    assert rule and rule.group(1).startswith("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='M12 8")
    assert not (built_site / "assets/peerdir/frame-icons.svg").exists()  # no frame draws an icon: no empty file


def test_listing_pages_body_in_one_element_the_palette_as_the_stylesheet_gives_it(built_site: Path) -> None:
    """Around a listing's own <article>, one <main> with the classes the stylesheet needs (issue 20:
    not the theme's wrappers); the body names no palette colour the stylesheet's :root already gives
    (listing.js writes them when it applies a choice); the crisis bar's links carry no print titles."""
    html = page(built_site, "meetings/chicago/night-owls-lakeview")
    assert '<body dir="ltr">\n<script' in html and "data-md-color" not in html
    assert '<main class="md-typeset pd-page" id="pd-main" tabindex="-1"><article class="pd-listing pd-meeting">' in html
    # The end of the file ends <body> and <html> (HTML's own rule): no end tags on every page.
    assert html.endswith('assets/peerdir/finder.js"></script>') and "</body>" not in html
    assert "md-content" not in html and "md-grid" not in html and html.count("<article") == 1
    crisis = html[html.index('<section class="pd-crisis" aria-label="Crisis help">'):html.index("</section>")]
    assert "title=" not in crisis and "pd-cw" not in crisis


def test_sitemap_lists_every_listing(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    directory, _ = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    for meeting in directory.meetings:
        assert f"/meetings/{meeting.region}/{meeting.slug}/</loc>" in sitemap
    assert sitemap.count("<loc>") >= len(directory.meetings) + len(directory.homes) + len(directory.communities)


# -- promises over the whole site -----------------------------------------------------------------

def test_every_feed_file_is_in_the_built_site(built_site: Path) -> None:
    directory, _ = load_directory(SAMPLE_DATA, SAMPLE_CONTENT, today=SAMPLE_TODAY)
    expected = [path for path, _ in feed_files(directory, SiteInfo())]
    assert [path for path in expected if not (built_site / path).is_file()] == []
    for meeting in directory.meetings:  # written beside each page by the listing writer
        calendar = (built_site / "meetings" / meeting.region / meeting.slug / "meeting.ics").read_text(encoding="utf-8")
        unfolded = calendar.replace("\n ", "")
        assert calendar.count("BEGIN:VEVENT") == 1 and f"/meetings/{meeting.region}/{meeting.slug}/" in unfolded


def private_strings() -> list[str]:
    """What private homes hold beyond their city (their files keep no street: validate refuses one)."""
    directory, _ = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    private = [h for h in directory.homes if not h.street_is_public]
    assert private, "sample data should have homes with private addresses"
    found = [s for h in private for s in (h.address, h.postal_code) if s]
    assert found
    return found


def test_private_home_addresses_appear_in_no_output_file(built_site: Path) -> None:
    # As a word: five digits of a postal code may come up inside an unrelated number (a calendar UID).
    secrets = [re.compile(rf"(?<![\w-]){re.escape(secret)}(?![\w-])") for secret in private_strings()]
    for path in site_files(built_site):
        text = readable_text(path)
        for secret in secrets:
            assert not secret.search(text), f"private {secret.pattern!r} leaked into {path.relative_to(built_site)}"


def test_no_page_or_stylesheet_loads_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in site_files(built_site):
        if path.suffix == ".html":
            scan = scan_html(path.read_text(encoding="utf-8"))
            urls = scan.loads + [u for style in scan.inline_styles for u in css_urls(style)]
        elif path.suffix == ".css":
            urls = css_urls(path.read_text(encoding="utf-8"))
        else:
            continue
        offenders += [f"{path.relative_to(built_site)}: {u}" for u in urls if is_external(u)]
    assert not offenders, "\n".join(offenders[:20])


def test_only_http_https_and_tel_links(built_site: Path) -> None:
    """And the crisis lines' two text-message links, written by the theme, never by data."""
    bad = []
    for path in built_site.rglob("*.html"):
        for url in scan_html(path.read_text(encoding="utf-8")).links:
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("", "http", "https", "tel") and url not in ("sms:988", "sms:741741?&body=HOME"):
                bad.append(f"{path.relative_to(built_site)}: {url}")
    assert not bad, "\n".join(bad[:20])


def test_no_cookies_or_analytics_in_shipped_code(built_site: Path) -> None:
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".js") and "assets/javascripts" not in path.as_posix():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "document.cookie" not in text, path
            assert "googletagmanager" not in text and "google-analytics" not in text, path


# -- hostile and invalid data ---------------------------------------------------------------------



def small_data(tmp_path: Path, meeting_yaml: str) -> Path:
    data = tmp_path / "data"
    (data / "meetings" / "town").mkdir(parents=True)
    (data / "regions.yaml").write_text("town:\n  name: Town\n  timezone: America/Chicago\n", encoding="utf-8")
    (data / "meetings" / "town" / "hostile.yaml").write_text(meeting_yaml, encoding="utf-8")
    return data


def test_volunteer_text_is_escaped_everywhere(tmp_path: Path) -> None:
    data = small_data(tmp_path, HOSTILE_MEETING)
    result = build_site(tmp_path / "site", data_dir=data)
    assert result.returncode == 0, result.stderr
    meeting = (tmp_path / "site" / "meetings" / "town" / "hostile" / "index.html").read_text(encoding="utf-8")
    for raw in ("<script>alert('name')", "<img src=x", "</script><script>alert('notes')"):
        assert raw not in meeting
    assert "&lt;script&gt;alert(" in meeting
    assert "{{ 7*7 }}" in meeting  # shown as typed, never evaluated as a template
    for path in (tmp_path / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(" not in text and "<img src=x" not in text, path
    feed = json.loads((tmp_path / "site" / "feeds" / "meeting-guide.json").read_text(encoding="utf-8"))
    assert feed[0]["name"].startswith("<script>")  # JSON carries the text as data, unaltered


def test_build_refuses_invalid_data_with_validate_diagnostics(tmp_path: Path) -> None:
    bad = HOSTILE_MEETING.replace('time: "19:00"', "time: 7pm").replace("program: AA", "program: AAA")
    data = small_data(tmp_path, bad)
    result = build_site(tmp_path / "site", data_dir=data)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert re.search(r"meetings/town/hostile\.yaml:4:7: time: found '7pm'; expected a time as HH:MM", output)
    assert re.search(r"meetings/town/hostile\.yaml:2:10: program: found 'AAA'", output)
    assert "2 problems in 1 file" in output
    assert not (tmp_path / "site" / "meetings" / "town" / "hostile").exists()


def test_build_honours_peerdir_data(tmp_path: Path) -> None:
    data = small_data(tmp_path, HOSTILE_MEETING.replace("<script>alert('name')</script> ", ""))
    result = build_site(tmp_path / "site", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "meetings" / "town" / "hostile" / "index.html").is_file()
    assert not (tmp_path / "site" / "meetings" / "chicago").exists()


def load_hooks():
    from peerdir import mkdocs_adapter

    return mkdocs_adapter


def test_the_hooks_file_is_the_adapter_and_the_site_package_never_imports_mkdocs() -> None:
    """MkDocs loads hooks/peerdir_site.py by path; it only re-exports the adapter's events. Nothing under
    peerdir.site, nor peerdir.build (SiteBuild), imports MkDocs: a build can be driven with plain values."""
    from peerdir import mkdocs_adapter

    hooks = (ROOT / "hooks" / "peerdir_site.py").read_text(encoding="utf-8")
    assert len(hooks.splitlines()) < 120
    for name in mkdocs_adapter.__dict__:
        if name.startswith("on_"):
            assert name in hooks, name
    code = (
        "import sys, pkgutil, importlib, peerdir.site as site, peerdir.build, peerdir.settings, peerdir.project\n"
        "for m in pkgutil.iter_modules(site.__path__): importlib.import_module('peerdir.site.' + m.name)\n"
        "print(sorted(n for n in sys.modules if n == 'mkdocs' or n.startswith('mkdocs.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_serve_builds_the_search_index_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search works in the preview (see test_preview_serve); PEERDIR_SEARCH_INDEX=0 still skips it."""
    hooks = load_hooks()
    monkeypatch.delenv("PEERDIR_SEARCH_INDEX", raising=False)
    hooks.on_startup("serve", False)
    assert "PEERDIR_SEARCH_INDEX" not in os.environ
    monkeypatch.setenv("PEERDIR_SEARCH_INDEX", "0")
    hooks.on_startup("serve", False)
    assert os.environ["PEERDIR_SEARCH_INDEX"] == "0"


def test_serve_watches_the_data_folder() -> None:
    hooks = load_hooks()

    class FakeServer:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    class FakeConfig:
        config_file_path = str(ROOT / "mkdocs.yml")
        docs_dir = str(ROOT / "content")
        extra: dict = {}

    server = FakeServer()
    hooks.on_serve(server, FakeConfig(), None)
    assert server.watched == [str(ROOT / "data")]


def meeting_page_built_with(tmp_path: Path, setting: str, replacement: str) -> str:
    """The Night Owls page of the sample site built with one setting of mkdocs.yml replaced."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert setting in config
    (project / "mkdocs.yml").write_text(config.replace(setting, replacement), encoding="utf-8")
    result = build_site(tmp_path / "site", project=project)
    assert result.returncode == 0, result.stderr
    return page(tmp_path / "site", "meetings/chicago/night-owls-lakeview")


def test_correction_links_follow_config(tmp_path: Path) -> None:
    html = meeting_page_built_with(tmp_path, "https://github.com/peerdir/peerdir",
                                   "https://github.com/example-org/our-directory")
    assert "https://github.com/example-org/our-directory/issues/new?template=correct-listing.yml&amp;listing=data/" in html


def test_build_without_a_repository_has_no_correction_links(tmp_path: Path) -> None:
    html = meeting_page_built_with(tmp_path, 'repository: !ENV [PEERDIR_REPOSITORY, "https://github.com/peerdir/peerdir"]',
                                   "repository:")
    assert "Suggest a correction" not in html and "github.com" not in html
