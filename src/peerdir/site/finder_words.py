"""The words `finder.js` writes itself (on now, filters, today, near me), in a page's language (issue 19).

finder.js is written in English and marks its words as gettext does, `_("On now")` and
`ngettext("{n} minute", "{n} minutes", n)`; `peerdir i18n extract` reads them into the catalog
with the rest. Another language's translations and the locale finder.js formats days and times in
(Intl.DateTimeFormat) are a small JSON object in one script the pages of that language share
(`<lang>/assets/peerdir/finder-words.js`, loaded before finder.js; not copied into each of tens of
thousands of pages). An English page loads nothing: finder.js's own words are the English.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from babel.messages.extract import extract

from peerdir import i18n

SCRIPT = "assets/peerdir/finder.js"  # below the theme's folder (overrides/)
WORDS_SCRIPT = "assets/peerdir/finder-words.js"  # below a language's folder (es/)
WORDS_GLOBAL = "pdFinderWords"  # what WORDS_SCRIPT sets, and finder.js reads
KEYWORDS = {"_": None, "ngettext": (1, 2)}
Message = str | tuple[str, str]


def script_in(theme_dirs: Iterable[str]) -> Path | None:
    """finder.js as the site will copy it: the first theme folder that has it."""
    for folder in theme_dirs:
        path = Path(folder) / SCRIPT
        if path.is_file():
            return path
    return None


def messages(script: Path) -> Iterator[tuple[int, Message]]:
    """(line, msgid) of every word the script marks; a plural as its (one, other) pair."""
    with script.open("rb") as source:
        for line, message, _comments, _context in extract("javascript", source, keywords=KEYWORDS):
            yield line, message if isinstance(message, str) else (message[0], message[1])


@cache
def _words(script: Path, modified: int, language: str) -> str:
    translations = i18n.translations(language)
    words: dict[str, str | list[str]] = {}
    for _line, message in messages(script):
        if isinstance(message, str):
            said = translations.gettext(message)
            if said != message:
                words[message] = said
        else:  # two forms, one and other, as finder.js picks them (English and Spanish have these two)
            forms = [translations.ngettext(message[0], message[1], count) for count in (1, 2)]
            if forms != list(message):
                words[message[0]] = forms
    page = {"locale": i18n.locale_tag(language), "folder": f"{language}/", "words": words}
    # Inside <script type="application/json">: no "<", ">" or "&" that could end it or start a tag.
    text = json.dumps(page, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_words(theme_dirs: Iterable[str], language: str) -> str | None:
    """The JSON finder.js reads on a page in `language` (in a folder below the root language's); None
    when the theme has no finder.js."""
    script = script_in(theme_dirs)
    if script is None:
        return None
    return _words(script, script.stat().st_mtime_ns, language)


def words_script(theme_dirs: Iterable[str], language: str) -> str | None:
    """The file at `<language>/WORDS_SCRIPT`: it hands finder.js the page words of `language`."""
    words = page_words(theme_dirs, language)
    return None if words is None else f"window.{WORDS_GLOBAL}={words};\n"
