"""`mkdocs serve` with invalid data: the browser shows the problems instead of waiting forever.

MkDocs' preview server holds every request while a rebuild is under way and, when that rebuild
fails, goes on holding them until one succeeds, so an invalid edit used to look like a hung page
with the reason only in the terminal. In the preview the hook therefore finishes the build with a
site of one page instead: the lines `peerdir validate` prints, as the front page and as the page
for every other address (MkDocs serves `404.html` for a page that is not there). The page reloads
itself when the site is built again, whether the data is then valid or has other problems.

A plain `mkdocs build` never comes here: invalid data still fails it.
"""

from __future__ import annotations

import time
from pathlib import Path

from markupsafe import escape

from peerdir.diagnostics import Problem, format_problems, summary_line

ERROR_PAGES = ("index.html", "404.html")

# Fetches this very address again (MkDocs answers once the next build is done) and reloads when the
# answer is another build's page: the fixed site, or this page with other problems.
_RELOAD = """
(function () {
  var build = %s;
  function poll() {
    fetch(location.href, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      if (text.indexOf('data-peerdir-build="' + build + '"') < 0) { location.reload(); }
      else { setTimeout(poll, 1000); }
    }, function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
"""

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; color: #a00; }
pre { background: #fff4f4; border-left: 4px solid #a00; padding: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
"""


def problems_page(problems: list[Problem], files_checked: int, build: str | None = None) -> str:
    """The whole page: the problems as `peerdir validate` prints them, escaped, and a reload script."""
    build = build or str(time.time_ns())
    lines = format_problems(problems, "text") + "\n" + summary_line(problems, files_checked)
    count = len(problems)
    title = f"{count} problem{'' if count == 1 else 's'} in the data"
    return (
        "<!doctype html>\n"
        f'<html lang="en" data-peerdir-build="{escape(build)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)} · preview</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<main class="pd-preview-problems">\n<h1>{escape(title)}: the preview is not the site</h1>\n'
        "<p>The site is not built while the data has problems. Fix them and save: this page reloads "
        "by itself when the site is built again. <code>peerdir validate</code> prints the same lines.</p>\n"
        f"<pre>{escape(lines)}</pre>\n</main>\n"
        f"<script>{_RELOAD % _js_string(build)}</script>\n</body>\n</html>\n"
    )


def write_problems_site(site_dir: Path, html: str) -> None:
    """The preview's site while the data is invalid: this page at the front and for every other address."""
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in ERROR_PAGES:
        (site_dir / name).write_text(html, encoding="utf-8")


def _js_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() else f"\\u{ord(c):04x}" for c in text) + '"'

