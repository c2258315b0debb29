"""Reading a built site the way the promises need: every file, every resource, every link."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

# Elements whose URL attribute makes the browser fetch something (a link to click does not).
LOADING_ATTRIBUTES = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",), "image": ("href",), "use": ("href",),
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect",
                     "dns-prefetch", "apple-touch-icon", "shortcut"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attr in LOADING_ATTRIBUTES.get(tag, ()):
            if values.get(attr):
                self.loads.extend(u.strip().split(" ")[0] for u in values[attr].split(","))
        if tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            (self.loads if rels & LOADING_LINK_RELS else self.links).append(values["href"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "form" and values.get("action"):
            self.links.append(values["action"])
        if values.get("style"):
            self.inline_styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_styles.append(data)


def scan_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    return collector


def css_urls(text: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(text)]


def is_external(url: str) -> bool:
    """True for anything the browser would fetch from another host."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return bool(scheme) and scheme.group(1).lower() not in ("data",)


def site_files(site: Path) -> Iterator[Path]:
    return (p for p in sorted(site.rglob("*")) if p.is_file())


def readable_text(path: Path) -> str:
    """A file's text, decompressed first where it is gzip (sitemap.xml.gz, Pagefind's index)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except OSError:
            pass
    return raw.decode("utf-8", errors="replace")
