"""Printable sheets printed by headless Chromium: pages on Letter and A4, content, no chrome, axe.

PDF text and positions are read with pypdf (PyPI).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from peerdir.directory import Directory
from peerdir.loading import load_directory
from peerdir.models.meeting import DAY_NAMES
from peerdir.site.print_sheets import one_sheet
from peerdir.urls import SiteInfo
from tests.browser.conftest import (
    CHROMIUM,
    _missing,
    assert_page_has_no_axe_violations,
    axe_violations,
    describe_violations,
)
from tests.conftest import ROOT, SAMPLE_DATA, SAMPLE_TODAY

REGIONS = ["palm-beach", "chicago", "denver", "online"]
PAPERS = ["Letter", "A4"]
CRISIS = ("988", "1-800-662-4357", "741741")
# Text only the site's theme shows: its skip link, announcement bar, tabs and listing-page actions.
CHROME = ("Skip to content", "More crisis lines", "Coping strategies", "Privacy", "Suggest a correction",
          "Printable sheet", "All printable sheets", "Back to the full list")
TIME = re.compile(r"^\s*(\d{1,2}:\d{2} (AM|PM)|12:00 (noon|midnight))")


def _pypdf() -> Any:
    try:
        import pypdf
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pypdf is not installed (test dependency)")
        pytest.skip("pypdf is not installed (pip install pypdf)")
    return pypdf


def squeeze(text: str) -> str:
    """Text without whitespace: lines in a PDF wrap anywhere a browser chose to wrap them."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample() -> Directory:
    directory, problems = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    assert problems == []
    return directory


def print_pdf(page: Any, paper: str) -> bytes:
    page.emulate_media(media="print")
    return page.pdf(format=paper, prefer_css_page_size=True, print_background=True)


def pdf_pages(data: bytes) -> list[str]:
    reader = _pypdf().PdfReader(io.BytesIO(data))
    return [p.extract_text() or "" for p in reader.pages]


def pdf_runs(data: bytes) -> list[tuple[int, float, float, str]]:
    """(page, x, y, text) of every text run, in the order Chromium painted them."""
    pypdf = _pypdf()
    runs: list[tuple[int, float, float, str]] = []
    for number, pdf_page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        def visit(text: str, cm: list, tm: list, font: Any, size: Any, number: int = number) -> None:
            if text.strip():
                matrix = pypdf.mult(tm, cm)
                runs.append((number, matrix[4], matrix[5], text.strip()))
        pdf_page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.browser
@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("region", REGIONS)
def test_sample_region_sheet_prints_on_two_pages_at_most(page, site_url: str, sample: Directory,
                                                         region: str, paper: str) -> None:
    response = page.goto(site_url + f"print/{region}/")
    assert response is not None and response.ok
    assert page.locator("svg.ps-qr").count() == 1
    pages = pdf_pages(print_pdf(page, paper))
    assert 1 <= len(pages) <= 2, f"{region} on {paper}: {len(pages)} pages"
    text = squeeze("\n".join(pages))
    for number in CRISIS:
        assert number in squeeze(pages[0]), f"crisis line {number} is on the first page"
    for meeting in sample.meetings_in(region):
        assert squeeze(meeting.name) in text, f"{meeting.name} missing from the {paper} PDF"
    for home in sample.homes_in(region):
        assert squeeze(home.name) in text and squeeze(home.phone or "") in text
    assert squeeze(f"127.0.0.1:8000/meetings/{region}/") in text, "the QR code's address is printed beside it"
    assert "Dataasof" in text and "lastverifiedbetween" in text
    for marker in CHROME:
        assert squeeze(marker) not in text, f"site chrome {marker!r} printed on the {region} sheet"


@pytest.mark.browser
@pytest.mark.parametrize("paper", PAPERS)
def test_communities_sheet_prints_every_community(page, site_url: str, sample: Directory, paper: str) -> None:
    page.goto(site_url + "print/communities/")
    pages = pdf_pages(print_pdf(page, paper))
    assert 1 <= len(pages) <= 2
    text = squeeze("\n".join(pages))
    for community in sample.communities:
        assert squeeze(community.name) in text


@pytest.mark.browser
def test_qr_code_prints_large_enough_to_scan(page, site_url: str) -> None:
    page.goto(site_url + "print/chicago/")
    page.emulate_media(media="print")
    box = page.locator("svg.ps-qr").bounding_box()
    assert box is not None and box["width"] >= 90 and abs(box["width"] - box["height"]) < 1  # ≥ 24 mm at 96 px/in
    assert page.locator("svg.ps-qr path").count() >= 1  # the light background and the dark modules
    assert page.locator("nav.ps-screen").is_hidden(), "the on-screen help does not print"


# -- a long region: many pages, every break clean -------------------------------------------------

def long_region_data(tmp_path: Path, per_day: int = 18) -> Path:
    data = tmp_path / "data"
    folder = data / "meetings" / "long-county"
    folder.mkdir(parents=True)
    (data / "regions.yaml").write_text("long-county:\n  name: Long County\n  timezone: America/Chicago\n",
                                       encoding="utf-8")
    number = 0
    for day in DAY_NAMES:
        for i in range(per_day):
            number += 1
            (folder / f"m{number:03d}.yaml").write_text(
                f"name: Meeting {number:03d} Fellowship Group\nprogram: AA\nday: {day}\n"
                f"time: '{6 + i % 16:02d}:{(i * 5) % 60:02d}'\ntypes: [O, D]\n"
                f"location: Community Hall {number:03d}, lower level by the parking lot\n"
                f"address: {number:03d} Printing Test Avenue\ncity: Long City\nstate: IL\n"
                "last_verified: 2026-01-10\n", encoding="utf-8")
    return data


@pytest.mark.browser
@pytest.mark.parametrize("paper", PAPERS)
def test_long_region_paginates_without_orphaned_days_or_split_listings(page, tmp_path: Path, paper: str) -> None:
    directory, problems = load_directory(long_region_data(tmp_path))
    assert problems == []
    html = one_sheet(directory, SiteInfo(site_url="https://example.org/", name="Test"), dt.date(2026, 11, 23),
                     "long-county")
    assert html is not None
    page.set_content(html, wait_until="load")
    data = print_pdf(page, paper)
    runs = pdf_runs(data)
    assert runs[-1][0] >= 2, "126 meetings take more than two pages"
    for i, (number, x, y, text) in enumerate(runs):
        if text in DAY_NAMES:
            following = runs[i + 1]
            assert following[0] == number and abs(following[1] - x) < 2 and 0 < y - following[2] < 40, \
                f"{text} heading is not followed by its first meeting on page {number + 1}"
            assert TIME.match(following[3]), following
    name_page = {m.group(1): number for number, _, _, text in runs for m in [re.search(r"Meeting (\d{3})", text)] if m}
    street_page = {m.group(1): number for number, _, _, text in runs
                   for m in [re.search(r"(\d{3}) Printing", text)] if m}
    assert len(name_page) == 7 * 18
    split = [n for n in name_page if street_page.get(n) != name_page[n]]
    assert not split, f"listings split across pages: {split}"


# -- accessibility and the command ----------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["print/chicago/", "print/online/", "print/communities/", "print/"])
def test_print_pages_have_no_axe_violations(page, site_url: str, path: str, width: int) -> None:
    assert_page_has_no_axe_violations(page, site_url + path, width)


@pytest.mark.browser
def test_sheet_in_print_media_has_no_axe_violations(page, site_url: str) -> None:
    page.goto(site_url + "print/palm-beach/")
    page.emulate_media(media="print")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_pdf_command_writes_the_sheet(tmp_path: Path, paper: str) -> None:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    out = tmp_path / "sheet.pdf"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from peerdir.cli import main; sys.exit(main())", "pdf", "denver",
         "--data", str(SAMPLE_DATA), "--paper", paper, "-o", str(out), "--chromium", CHROMIUM,
         "--site-url", "https://recovery.example.org/"],  # a preview address is refused
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(out.read_bytes())
    assert 1 <= len(pages) <= 2
    assert "988" in pages[0]
    directory, _ = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    for meeting in directory.meetings_in("denver"):
        assert squeeze(meeting.name) in squeeze("".join(pages))
    width = _pypdf().PdfReader(str(out)).pages[0].mediabox.width
    assert round(float(width)) == (612 if paper == "letter" else 596)


def test_pdf_command_reports_a_missing_chromium(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from peerdir.cli import main

    missing = tmp_path / "no-chromium"
    assert main(["pdf", "chicago", "--data", str(SAMPLE_DATA), "--chromium", str(missing)]) == 2
    assert "Chromium not found" in capsys.readouterr().err
