"""The site's own words, for the search page's spelling fallback.

Pagefind 1.x matches words, their stems and prefixes, with no typo tolerance (Pagefind issues #2
and #756), so "cravngs" misses the article on cravings. When a search finds little, the search page
(`overrides/assets/peerdir/search.js`) reads this list, puts each word it does not know next to
the closest words here (edit distance up to 2, commoner words first) and searches again, saying
"Showing results for cravings". The list is small and fetched only then, never for a first search
that finds enough.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

WORDS_PATH = "search/words.json"  # in the built site, beside the search page
MAX_WORDS = 8_000  # about 25 KB compressed: the commonest, which are the ones people mean
MIN_LENGTH = 3  # shorter words are too close to too many others to correct
_WORD = re.compile(rf"[^\W\d_]{{{MIN_LENGTH},}}")  # whole words of letters, shorter ones never match
_CHUNK = 1 << 20  # characters of text at a time
_MARKS = re.compile("[\u0300-\u036f]")  # the accents search.js strips, and no others


def fold(text: str) -> str:
    """Lower case without accents, as the search page folds what is typed."""
    if text.isascii():  # most of a directory's text: nothing to decompose (60,000 meetings: 1.5 s less)
        return text.lower()
    # One pass in C: a generator over each character took 0.4 s of a 10,000-meeting build.
    return _MARKS.sub("", unicodedata.normalize("NFD", text.lower()))


def site_words(texts: Iterable[str], limit: int = MAX_WORDS) -> list[str]:
    """The folded words of `texts`, commonest first (ties in alphabetical order), at most `limit`."""
    counts: Counter[str] = Counter()
    for chunk in _chunks(texts):
        counts.update(_WORD.findall(fold("\n".join(chunk))))
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def _chunks(texts: Iterable[str]) -> Iterator[list[str]]:
    """`texts` about _CHUNK characters at a time, to be joined, folded and split in C: one call per
    short text cost more, and a chunk of whole index pages raised a 60,000-meeting build's peak by 130 MB."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= _CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def write_words(site_dir: Path, texts: Iterable[str]) -> Path:
    target = Path(site_dir) / WORDS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(site_words(texts), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target
