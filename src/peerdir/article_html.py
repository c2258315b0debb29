"""Article HTML, after Markdown, through an allow-list sanitiser (nh3).

Articles come from pull requests. What Markdown makes of them (raw HTML, attr_list attributes,
links) is cleaned to text markup: no script, style, iframe, object, form, meta or base, no event
handler or style attribute; links only http(s), mailto, tel and site-relative; images only from
this site (nothing is loaded from another host). `article_problems` finds the same things in the
source, so the author is told at the line before anything is removed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

# nh3's default text tags, without the image map (its links escape the scheme checks' intent).
TAGS = frozenset(nh3.ALLOWED_TAGS - {"map", "area"})
_GLOBAL = {"id", "class", "title", "lang", "dir"}
ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag in TAGS}
ATTRIBUTES["*"] = _GLOBAL
ATTRIBUTES["a"] = {"href", "hreflang"}
ATTRIBUTES["img"] = {"src", "alt", "width", "height"}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with what they hold, not only their tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template",
                                  "noscript", "svg", "math", "form", "textarea", "select"})
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*)\s*:", re.I)


def _site_relative(url: str) -> bool:
    value = url.strip()
    return not value.startswith(("//", "\\", "/\\")) and not _SCHEME.match(value)


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src" and not _site_relative(value):
        return None  # an image from another host would tell it who reads the page
    return value


def sanitize_article_html(html: str) -> str:
    """`html` with only the allow-listed tags, attributes and URL schemes left."""
    return nh3.clean(html, tags=set(TAGS), attributes=ATTRIBUTES, url_schemes=set(URL_SCHEMES),
                     clean_content_tags=set(DROPPED_WITH_CONTENT), attribute_filter=_keep_attribute,
                     strip_comments=True, link_rel="noopener noreferrer")


# -- what will be removed, found in the Markdown source with its line ---------------------------

_MD_LINK = re.compile(r"\]\(\s*<?\s*([^)\s>]*)", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*([^)\s>]*)", re.I)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*?\b(on[a-z]+|style|href|src)\s*=", re.I)


def _disallowed_url(url: str) -> bool:
    match = _SCHEME.match(_decode_entities(url))
    return bool(match) and match.group(1).lower() not in URL_SCHEMES


def _decode_entities(text: str) -> str:
    import html

    return re.sub(r"[\x00-\x20]", "", html.unescape(text))


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag not in TAGS:
            self.found.append((line, f"<{tag}>"))
            return
        allowed = ATTRIBUTES.get(tag, set()) | _GLOBAL
        for name, value in attrs:
            if name not in allowed:
                self.found.append((line, f"the {name} attribute on <{tag}>"))
            elif name in ("href", "src") and value is not None:
                if _disallowed_url(value) or (tag == "img" and not _site_relative(value)):
                    self.found.append((line, f"the {name} {value.strip()[:40]!r} on <{tag}>"))


def removed_parts(markdown: str) -> list[tuple[int, str]]:
    """(line, what) for each part of an article's source that the sanitiser will remove."""
    finder = _Finder()
    finder.feed(markdown)
    finder.close()
    found = list(finder.found)
    for number, line in enumerate(markdown.splitlines(), start=1):
        for match in _MD_LINK.finditer(line):
            if _disallowed_url(match.group(1)):
                found.append((number, f"the link {match.group(1)[:40]!r}"))
        for match in _MD_IMAGE.finditer(line):
            if not _site_relative(match.group(1)):
                found.append((number, f"the image {match.group(1)[:40]!r} from another site"))
        for match in _ATTR_LIST.finditer(line):
            found.append((number, f"the {match.group(1)} attribute in {{…}}"))
    return sorted(set(found))
