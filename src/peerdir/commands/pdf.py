"""`peerdir pdf REGION`: a region's printable sheet as a PDF, for a patient's chart or an email.

The sheet is the same page the site publishes at print/REGION/, rendered from the data folder (no
site build needed) and printed by headless Chromium through playwright. Nothing is fetched: the
sheet's stylesheet and QR code are inline, and every request other than the sheet itself is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

import yaml

from peerdir.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_data_option, data_dir, subcommand
from peerdir.contribute import _TolerantLoader, site_from_environment
from peerdir.directory import load_directory
from peerdir.models.common import did_you_mean
from peerdir.site.print_sheets import one_sheet, sheet_names
from peerdir.urls import SiteInfo

PAPER = {"letter": "Letter", "a4": "A4"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("region", help="the region's key in regions.yaml (e.g. chicago), or 'communities'")
    parser.add_argument("-o", "--output", help="PDF file to write (default: peerdir-REGION-PAPER.pdf here)")
    parser.add_argument("--paper", choices=sorted(PAPER), default="letter", help="paper size (default: letter)")
    add_data_option(parser)
    parser.add_argument("--date", type=_iso_date, help="the 'data as of' date (default: today)")
    parser.add_argument("--chromium", help="Chromium executable (default: chromium on PATH, else /usr/bin/chromium)")


def _site(root: Path) -> SiteInfo:
    """The site's address (for the QR code) and name, from $PEERDIR_SITE_URL / mkdocs.yml."""
    site = site_from_environment(root)
    name = None
    config = root / "mkdocs.yml"
    if config.is_file():
        try:
            loaded = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
            name = loaded.get("site_name") if isinstance(loaded, dict) else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            name = None
    if isinstance(name, str) and name.strip():
        return SiteInfo(site_url=site.site_url, repo_url=site.repo_url, branch=site.branch, name=name.strip())
    return site


def render_pdf(html: str, paper: str, chromium: str) -> bytes:
    """Print `html` (a standalone sheet) to PDF with headless Chromium; no request leaves the machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # the sheet needs nothing from anywhere
            page.set_content(html, wait_until="load")
            page.emulate_media(media="print")
            return page.pdf(format=paper, prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()


@subcommand("pdf", "write a region's printable resource sheet as a PDF (headless Chromium)", _configure)
def run(args: argparse.Namespace) -> int:
    data = data_dir(args)
    if not data.is_dir():
        print(f"peerdir: data folder '{data}' does not exist (set --data or PEERDIR_DATA)", file=sys.stderr)
        return EXIT_USAGE
    chromium = args.chromium or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print(f"peerdir pdf: Chromium not found at '{chromium}' (install Debian's chromium, or pass --chromium)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("peerdir pdf: needs playwright (pip install playwright); it drives the Chromium you already have",
              file=sys.stderr)
        return EXIT_USAGE
    directory, problems = load_directory(data)
    if problems:
        # A sheet missing a meeting because its file has a typo would look complete on paper: refuse.
        files = len({p.path for p in problems})
        print(f"peerdir pdf: {files} data file(s) have problems; run 'peerdir validate' and fix them first.",
              file=sys.stderr)
        return EXIT_INVALID
    built = args.date or dt.date.today()
    html = one_sheet(directory, _site(data.resolve().parent), built, args.region)
    if html is None:
        names = sheet_names(directory)
        hint = did_you_mean(args.region, names) or f"choose one of: {', '.join(names)}"
        print(f"peerdir pdf: there is no sheet '{args.region}'; {hint}", file=sys.stderr)
        return EXIT_USAGE
    paper = PAPER[args.paper]
    out = Path(args.output) if args.output else Path(f"peerdir-{args.region}-{args.paper}.pdf")
    pdf = render_pdf(html, paper, chromium)
    out.write_bytes(pdf)
    print(f"peerdir pdf: wrote {out} ({paper}, {len(pdf) // 1024} KB)")
    return EXIT_OK
