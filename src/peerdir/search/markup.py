"""What the search index reads: which built pages are indexed, and the markup that says so.

Index pages the package templates carry their own `data-pagefind-body` and `kind`; a listing page's
body is marked here as it goes to the index, its kind and region (`listing_search_html`: the 66,000
published pages do not carry 110 bytes of it each; issue 20), and hand-written pages and the index pages that the
package does not template in their built HTML, just before they reach the indexer. The text every
listing repeats is left out of the index.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from peerdir import kinds
from peerdir.search.indexer import OUTPUT_SUBDIR

# Text every listing repeats, which would only add noise to results and excerpts. A meeting's labels
# ("When", "Where") go too: its values say what they are, while a home's "Pets: Allowed" needs its
# label. Each word costs the indexer time: these cut its CPU by a sixth at 11,470 pages.
EXCLUDE_SELECTORS = (".pd-actions", ".pd-verified", ".pd-correct", ".pd-edit", "script", "form",
                     ".pd-meeting .pd-facts > dt", ".pd-24h", ".pd-typelist b", ".pd-directions", ".pd-sr")

PAGEFIND_CONFIG = {"force_language": "en", "exclude_selectors": list(EXCLUDE_SELECTORS)}


def pagefind_config(languages: tuple[str, ...] = ("en",)) -> dict[str, object]:
    """Pagefind's settings for a site in `languages`. One language: forced, as the site always was.
    More: each page goes to the index of its `<html lang>` (Pagefind splits them), and the search
    page's Pagefind loads the one of its own `<html lang>`, so a Spanish search finds Spanish pages
    with Spanish stemming."""
    if len(languages) < 2:
        return {**PAGEFIND_CONFIG, "force_language": languages[0] if languages else "en"}
    return {"exclude_selectors": list(EXCLUDE_SELECTORS)}

# Built pages that are not worth a search result: the front page is a menu, the search page is this.
SKIP_PAGES = {"", "search/", "404.html"}
SKIP_FOLDERS = {"assets", OUTPUT_SUBDIR, "search"}

# Index pages the package renders without their own markup: only their heading is indexed, so a
# search for "sober homes" finds the list without every name on it matching.
HEADING_ONLY_KINDS = {"meetings/": "List", "homes/": "List", "communities/": "List", "articles/": "List"}

# A listing body's first tag (templates/meeting.html, home.html, community.html) and the kind a result names.
LISTING_KINDS = {"meeting": "Meeting", "home": "Sober home", "community": "Online community"}
_LISTING_ARTICLE = re.compile(r'<article class="pd-listing pd-(meeting|home|community)"')
# A meeting's or home's region: the link in the line under its name ("AA meeting · <a>Chicago, IL</a>"),
# which search.js offers as a filter. The text before it is escaped: no "<" of a volunteer's.
_REGION_LINK = re.compile(r'<p class="pd-kind">[^<]*<a href="[^"]*"')

_HREFLANG = re.compile(r'hreflang="([a-z]{2})"')
# The theme's article around a page's own text (Material's main.html; a translated page's too, see
# mkdocs_adapter.on_post_page): where a hand-written page's text starts, for search and its words.
THEME_ARTICLE = '<article class="md-content__inner md-typeset"'
_MATERIAL_ARTICLE = re.compile(re.escape(THEME_ARTICLE))
_FIRST_H1 = re.compile(r"<h1(?=[\s>])")


def listing_search_html(body: str, language: str = "en") -> str:
    """What a listing page gives the index: its body marked as a result of its kind, not the frame,
    in its language's index (`language` is the build's own code, never a volunteer's)."""
    return f'<html lang="{language}"><body>{mark_listing(body) or body}</body></html>'


def page_search_html(path: str, html: str) -> str:
    """A built page with the search markup it should carry (unchanged when it needs none)."""
    kind = page_kind(path)
    if kind is None:
        return html
    return mark_page(html, *kind) or html


def is_searchable(html: str) -> bool:
    return "data-pagefind-body" in html


def page_kind(path: str) -> tuple[str, bool] | None:
    """(kind, whole page?) for a built page that has no search markup of its own, else None."""
    if path in SKIP_PAGES:
        return None
    if path in HEADING_ONLY_KINDS:
        return HEADING_ONLY_KINDS[path], False
    top = path.split("/", 1)[0]
    if top == "homes" and path.count("/") == 2:
        return "List", False  # homes/<region>/: a table of names
    if top == "articles":
        return "Article", True
    if top in kinds.names():
        return None
    return "Information", True  # crisis lines, about, privacy and any other hand-written page


def _attributes(kind: str) -> str:
    return f' data-pagefind-body data-pagefind-meta="kind:{kind}" data-pagefind-filter="kind:{kind}"'


def mark_listing(html: str) -> str | None:
    """A listing's body or page with its search markup (its kind by its first tag), or None when it
    holds no listing or is already marked. Volunteers' text is escaped: it never makes that tag."""
    found = _LISTING_ARTICLE.search(html)
    if found is None or "data-pagefind-body" in html:
        return None
    marked = html[:found.end()] + _attributes(LISTING_KINDS[found.group(1)]) + html[found.end():]
    if found.group(1) == "community":
        return marked
    return _REGION_LINK.sub(lambda link: link.group(0) + ' data-pagefind-filter="region"', marked, count=1)


def mark_page(html: str, kind: str, whole: bool) -> str | None:
    """The page with search markup added, or None when it is not a themed page or already marked."""
    if "data-pagefind-body" in html:
        return None
    attrs = _attributes(kind)
    pattern = _MATERIAL_ARTICLE if whole else _FIRST_H1
    found = pattern.search(html)
    if found is None:
        return None
    return html[:found.end()] + attrs + html[found.end():]


def site_languages(site_dir: Path) -> tuple[str, ...]:
    """The languages of a built site, as its home page's language switch names them (hreflang); the
    root one first. A site of one language has no switch: ()."""
    try:
        home = (Path(site_dir) / "index.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(dict.fromkeys(_HREFLANG.findall(home)))


def mark_pages(site_dir: Path, folders: tuple[str, ...] = ()) -> int:
    """Add search markup to the built pages that need it; returns how many were changed. `folders`:
    the other languages' (es), whose pages are marked by their path within them."""
    changed = 0
    for path, file in _unmarked_candidates(site_dir, folders):
        kind = page_kind(path)
        listing = kind is None and _is_listing_page(path)
        if kind is None and not listing:
            continue
        html = file.read_text(encoding="utf-8")
        marked = mark_listing(html) if kind is None else mark_page(html, *kind)
        if marked is not None:
            file.write_text(marked, encoding="utf-8")
            changed += 1
    return changed


def _is_listing_page(path: str) -> bool:
    """meetings/chicago/noon/, communities/forum/: a listing's page (its template is not marked)."""
    top = path.split("/", 1)[0]
    return top in kinds.names() and path.count("/") == kinds.get(top).depth


def _unmarked_candidates(site_dir: Path, languages: tuple[str, ...] = ()) -> Iterator[tuple[str, Path]]:
    """(site path within its language, file) of every page, listing pages too (their markup is not
    published: see `listing_search_html`), without walking below them (nor another language's pages,
    under its folder)."""
    for folder, subfolders, files in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        parts = [] if rel == "." else rel.split("/")
        if parts and parts[0] in languages:
            parts = parts[1:]
            rel = "/".join(parts) or "."
        if parts and (parts[0] in SKIP_FOLDERS or (parts[0] in kinds.names()
                                                    and len(parts) >= kinds.get(parts[0]).depth)):
            subfolders[:] = []  # nothing below a listing's page
        if "index.html" in files:
            yield ("" if not parts else rel + "/"), Path(folder) / "index.html"
        if not parts and "404.html" in files:
            yield "404.html", Path(folder) / "404.html"
