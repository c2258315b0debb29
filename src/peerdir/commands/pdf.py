"""`peerdir pdf REGION`: a region's printable sheet as a PDF, for a patient's chart or an email.

The sheet is the same page the site publishes at print/REGION/, rendered from the data folder (no
site build needed) and printed by headless Chromium through playwright. Nothing is fetched: the
sheet's stylesheet and QR code are inline, and every request other than the sheet itself is refused.
playwright comes with the package (`make setup`); Chromium is the system's (see `chromium_help`).

The PDF goes to site/ beside the data folder (git-ignored, like the built site) unless -o says where.
Its QR code and link lead to the live site, so a local preview address (127.0.0.1, localhost) is
refused unless --allow-local-url asks for a test print.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_data_option, project, subcommand
from peerdir.contribute import has_public_site, site_from_environment
from peerdir.loading import load_directory
from peerdir.models.common import did_you_mean
from peerdir.project import Project
from peerdir.site.print_sheets import one_sheet, sheet_names
from peerdir.urls import SiteInfo

PAPER = {"letter": "Letter", "a4": "A4"}
# Where a Chromium or Chrome usually is, after `chromium` on PATH.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_PATHS = ("/usr/bin/chromium", "/snap/bin/chromium", "/Applications/Chromium.app/Contents/MacOS/Chromium",
                  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
CHROMIUM_HELP = ("install it (Debian: sudo apt-get install chromium; Ubuntu: sudo snap install chromium; "
                 "Fedora: sudo dnf install chromium; macOS: brew install --cask chromium), "
                 "or pass --chromium PATH to a Chromium or Chrome you have")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("region", help="the region's key in regions.yaml (e.g. chicago), or 'communities'")
    parser.add_argument("-o", "--output",
                        help="PDF file to write (default: site/peerdir-REGION-PAPER.pdf beside the data folder)")
    parser.add_argument("--paper", choices=sorted(PAPER), default="letter", help="paper size (default: letter)")
    add_data_option(parser)
    parser.add_argument("--date", type=_iso_date, help="the 'data as of' date (default: today)")
    parser.add_argument("--chromium", help="Chromium executable (default: chromium or google-chrome on PATH)")
    parser.add_argument("--site-url", help="the live site's address for the QR code and link "
                                           "(default: $PEERDIR_SITE_URL, else site_url in mkdocs.yml)")
    parser.add_argument("--allow-local-url", action="store_true",
                        help="print even when the address is this computer's preview (127.0.0.1, localhost)")


def find_chromium(given: str | None) -> str | None:
    """The Chromium to print with: `given`, else the first one found on PATH or in the usual places."""
    if given:
        return given
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in CHROMIUM_PATHS if Path(path).is_file()), None)


def default_output(data: Path, region: str, paper: str) -> Path:
    """site/peerdir-REGION-PAPER.pdf in the project (the data folder's parent): git-ignored, beside the site."""
    return data.resolve().parent / "site" / f"peerdir-{region}-{paper}.pdf"


def _site(found: Project, site_url: str | None = None) -> SiteInfo:
    """The site's address (for the QR code) and name, from `site_url`, $PEERDIR_SITE_URL or mkdocs.yml."""
    site = site_from_environment(found.root)
    if site_url:
        site = SiteInfo(site_url=site_url.rstrip("/") + "/", repo_url=site.repo_url, branch=site.branch,
                        name=site.name)
    name = found.mkdocs_config().get("site_name")
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
    found = project(args)
    data = found.data
    if not data.is_dir():
        print(f"peerdir: data folder '{data}' does not exist (set --data or PEERDIR_DATA)", file=sys.stderr)
        return EXIT_USAGE
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print(f"peerdir pdf: Chromium not found; it prints the sheet: {CHROMIUM_HELP}", file=sys.stderr)
        return EXIT_USAGE
    if not Path(chromium).exists():
        print(f"peerdir pdf: Chromium not found at '{chromium}'; {CHROMIUM_HELP}", file=sys.stderr)
        return EXIT_USAGE
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("peerdir pdf: needs playwright, which peerdir installs: run 'make setup' (pip install -e .) again",
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
    names = sheet_names(directory)
    if args.region not in names:
        hint = did_you_mean(args.region, names) or f"choose one of: {', '.join(names)}"
        print(f"peerdir pdf: there is no sheet '{args.region}'; {hint}", file=sys.stderr)
        return EXIT_USAGE
    site = _site(found, args.site_url)
    if not has_public_site(site) and not args.allow_local_url:
        print(f"peerdir pdf: the sheet's QR code and link would lead to {site.site_url}, this computer's preview, "
              "which nobody who reads the sheet can open. Give the live address with --site-url https://... "
              "(or set PEERDIR_SITE_URL), or pass --allow-local-url for a test print.", file=sys.stderr)
        return EXIT_USAGE
    html = one_sheet(directory, site, built, args.region)
    assert html is not None  # a name from sheet_names
    paper = PAPER[args.paper]
    out = Path(args.output) if args.output else default_output(data, args.region, args.paper)
    from playwright.sync_api import Error as BrowserError

    try:
        pdf = render_pdf(html, paper, chromium)
    except BrowserError as err:  # the browser did not start (not a Chromium?) or crashed
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        print(f"peerdir pdf: Chromium at '{chromium}' could not print the sheet ({first}). "
              f"If that is not a working Chromium, {CHROMIUM_HELP}", file=sys.stderr)
        return EXIT_USAGE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    print(f"peerdir pdf: wrote {out} ({paper}, {len(pdf) // 1024} KB)")
    return EXIT_OK
