"""What a page's sanitiser will remove, found where the author wrote it.

The truth is the HTML the site publishes: the Markdown is rendered as MkDocs renders it (the same
extensions), every tag and attribute of that HTML is held against the page's allow-list
(`peerdir.article_html`), and each thing removed is then looked for in the source to name its line.
So a Markdown autolink or `<script>` in a code span is never reported (Markdown makes them a link
and text), and a reference-style definition or a link target over two lines is."""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.entities import html5
from html.parser import HTMLParser
from pathlib import Path

import markdown

from peerdir.article_html import ADDRESS, ARTICLE, MARKDOWN_ATTRIBUTE, HtmlPolicy
from peerdir.i18n import TRANSLATED

# The site's Markdown: mkdocs.yml's markdown_extensions after the three MkDocs always adds (toc,
# tables, fenced_code). tests/test_article_html.py checks that they agree.
MARKDOWN_EXTENSIONS: tuple[str, ...] = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")
MARKDOWN_EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": False}}
_SHOWN = 60  # characters of a value shown in a message
MAX_REPORTED = 100


@dataclass(frozen=True)
class Finding:
    """One thing removed: how the message names it, and patterns that find it in the source, best first."""

    what: str
    patterns: tuple[re.Pattern[str], ...]


def render_markdown(text: str) -> str:
    """`text` as MkDocs turns it into a page body (before the sanitiser)."""
    return _markdown().reset().convert(text)


@cache
def _markdown() -> markdown.Markdown:
    """One converter, reset for each page: setting up the extensions is most of a short page's time."""
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_EXTENSION_CONFIGS)


def removed_parts(text: str, policy: HtmlPolicy = ARTICLE) -> list[tuple[int, str]]:
    """(line, what) for each part of a page's Markdown `text` that its sanitiser will remove (the
    first MAX_REPORTED of them: enough to fix, and the search for each stays cheap)."""
    try:
        html = render_markdown(text)
    except RecursionError:  # python-markdown recurses once per level of nesting
        _markdown.cache_clear()  # a converter stopped halfway is not used again
        return [(1, "a list or quote nested too deep to be read")]
    findings = removed_from_html(html, policy)[:MAX_REPORTED]
    locate = _Locator(text)
    return sorted({(locate(finding.patterns), finding.what) for finding in findings})


def removed_from_html(html: str, policy: HtmlPolicy) -> list[Finding]:
    """What the sanitiser removes from `html`, in the order of the HTML."""
    finder = _Finder(policy)
    finder.feed(html)
    finder.close()
    return finder.found


class _Finder(HTMLParser):
    def __init__(self, policy: HtmlPolicy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # What an element removed with its content holds is reported too: all of it goes.
        if tag not in self.policy.tags:
            self.found.append(Finding(f"<{tag}>", (_pattern(rf"<{re.escape(tag)}(?![\w-])", re.I),)))
            return
        for name, value in attrs:
            finding = self._attribute(tag, name, value or "")
            if finding is not None:
                self.found.append(finding)

    def _attribute(self, tag: str, name: str, value: str) -> Finding | None:
        if name == MARKDOWN_ATTRIBUTE:
            return None
        named = _attribute_patterns(tag, name)
        if not self.policy.allows_attribute(tag, name):
            return Finding(f"the {name} attribute on <{tag}>", named)
        rule = self.policy.refused_by(tag, name, value)
        if rule is None:
            return None
        what = (f"the address {_shown(value)} ({name} on <{tag}>)" if rule is ADDRESS
                else f"{rule.refused} ({name}={_shown(value)} on <{tag}>)")
        return Finding(what, (*_value_patterns(value), *named))


def _shown(value: str) -> str:
    return repr(value[:_SHOWN] + ("…" if len(value) > _SHOWN else ""))


def _pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(source, flags)


def _attribute_patterns(tag: str, name: str) -> tuple[re.Pattern[str], ...]:
    """In the tag as written in HTML, then anywhere (attr_list's {: name=…}), then without a value."""
    word = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    in_tag = rf"<{re.escape(tag)}(?![\w-])[^<>]*?(?P<at>{word})"
    return (_pattern(in_tag, re.I), _pattern(word + r"\s*=", re.I), _pattern(word, re.I))


# Each character as written in the source: itself (perhaps after a Markdown backslash), or a
# character reference for it (&#106; &#x6a; &colon; …).
_NAMES: dict[str, list[str]] = {}
for _name, _char in html5.items():
    if len(_char) == 1:
        _NAMES.setdefault(_char, []).append(re.escape("&" + _name))


def _char_pattern(char: str) -> str:
    if char.isspace():
        return r"(?:\s|&[#\w]+;?)*"  # a line break, or a tab written as a reference
    code = ord(char)
    forms = [re.escape(char), rf"&#0*{code};?", rf"&#[xX]0*{code:x};?", rf"&#[xX]0*{code:X};?", *_NAMES.get(char, ())]
    if not char.isalnum():
        forms[0] = r"\\?" + forms[0]
    return "(?:" + "|".join(forms) + ")"


def _value_patterns(value: str) -> tuple[re.Pattern[str], ...]:
    """The value as written, then as it may be spelled: references, Markdown escapes, line breaks."""
    start = value.strip()[:_SHOWN]
    if not start:
        return ()
    return (_pattern(re.escape(start)), _pattern("".join(_char_pattern(c) for c in start)))


class _Locator:
    """Finds each finding's line. Each pattern is searched from where it last matched, so the n-th
    <script> of the HTML is found at the n-th of the source, then from the top; code spans and fenced
    blocks are blanked first (Markdown made text of them: nothing removed comes from there), and the
    source as it is read last. The last line found (or the first written) when nothing matches."""

    def __init__(self, text: str) -> None:
        self.texts = (_blank_code(text), text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.after: dict[tuple[int, re.Pattern[str]], int] = {}
        self.line = _first_written_line(text)

    def __call__(self, patterns: Iterable[re.Pattern[str]]) -> int:
        for which, text in enumerate(self.texts):
            for pattern in patterns:
                start = self.after.get((which, pattern), 0)
                match = pattern.search(text, start) or (pattern.search(text) if start else None)
                if match is not None:
                    self.after[which, pattern] = match.end()
                    at = match.start("at") if "at" in pattern.groupindex else match.start()
                    self.line = bisect.bisect_right(self.starts, at)
                    return self.line
        return self.line


_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)  # within a paragraph


def _blank_code(text: str) -> str:
    """`text` with fenced code blocks and code spans turned to spaces, line breaks kept."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


def _first_written_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            return number
    return 1


def markdown_pages(content_dir: Path) -> list[Path]:
    """The Markdown pages MkDocs renders from content/ other than the articles (content/articles/*.md
    and content/articles/es/*.md but an index.md, which the loader reads as articles). Links are not
    followed, hidden names are left out as MkDocs leaves them; what content/ may hold is checked elsewhere."""
    articles = content_dir / "articles"
    pages: list[Path] = []
    pending = [content_dir] if content_dir.is_dir() and not content_dir.is_symlink() else []
    while pending:  # a loop, not recursion: nesting depth is the volunteer's to choose
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif path.suffix.lower() == ".md" and entry.is_file(follow_symlinks=False) and not _article(path, articles):
                pages.append(path)
    return sorted(pages)


def _article(path: Path, articles: Path) -> bool:
    """An article or its translation (content/articles/es/<slug>.md): the loader checks those."""
    folder = path.parent
    return (folder == articles or folder.parent == articles and folder.name in TRANSLATED) and \
        path.name.endswith(".md") and path.name != "index.md"
