"""JSON Schema patterns for text as peerdir's models read it.

peerdir's YAML loader keeps every value as the text that was typed, and the models convert it; an
editor checks the same file's YAML 1.2 values against a JSON Schema. These build the regular
expressions (valid in Python and in JavaScript) that let a schema state what a model accepts:
words in any case, numbers written as text, whole numbers within bounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def any_case(word: str) -> str:
    """A JSON Schema pattern (regex) for `word` in any case: 'no' → [Nn][Oo]."""
    return "".join(f"[{c.upper()}{c}]" if c.upper() != c else re.escape(c) for c in word)


def words_pattern(words: Iterable[str], *, apart: str = r"\s+", around: str = r"\s*") -> str:
    """Any of `words`, in any case, the spaces between its words `apart`, with `around` before and after."""
    alternatives = (apart.join(any_case(part) for part in word.split()) for word in words)
    return f"^{around}(?:{'|'.join(alternatives)}){around}$"


# A number as float() and Pydantic read it from text: spaces around, a sign, digits with single underscores.
_DIGITS = r"[0-9]+(?:_[0-9]+)*"
NUMBER_TEXT = rf"^\s*[+-]?(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?\s*$"


def _between(lo: str, hi: str) -> list[str]:
    """Regex alternatives for the digit strings from lo to hi, both of the same length."""
    if len(lo) == 1:
        return [lo if lo == hi else f"[{lo}-{hi}]"]
    rest = len(lo) - 1
    if lo[0] == hi[0]:
        return [lo[0] + _group(_between(lo[1:], hi[1:]))]
    low, high = int(lo[0]), int(hi[0])
    out = [lo[0] + _group(_between(lo[1:], "9" * rest))]
    if high - low > 1:
        middle = str(low + 1) if high - low == 2 else f"[{low + 1}-{high - 1}]"
        out.append(middle + "[0-9]" * rest)
    out.append(hi[0] + _group(_between("0" * rest, hi[1:])))
    return out


def _group(alternatives: list[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def integer_range_pattern(lo: int, hi: int) -> str:
    """A regex for the whole numbers lo..hi (0 <= lo <= hi) written without leading zeros."""
    alternatives = []
    for length in range(len(str(lo)), len(str(hi)) + 1):
        first = max(lo, 10 ** (length - 1) if length > 1 else 0)
        last = min(hi, 10**length - 1)
        if first <= last:
            alternatives += _between(str(first).zfill(length), str(last))
    return _group(alternatives)


def number_text_between(low: int, high: int) -> str:
    """A regex for numbers written as text from low to high (low is 0 or -high), as float() reads them.

    Exponents and underscores are left out: a quoted '1e1' is refused here, though peerdir reads it.
    """
    below = integer_range_pattern(0, high - 1)
    magnitude = rf"0*(?:{below}(?:\.[0-9]*)?|\.[0-9]+|{high}(?:\.0*)?)"
    if low == -high:
        return rf"^\s*[+-]?{magnitude}\s*$"
    if low != 0:
        raise ValueError(f"bounds {low}..{high}: low must be 0 or -high")
    return rf"^\s*(?:\+?{magnitude}|-(?:0+\.?0*|0*\.0+))\s*$"  # -0 is not below 0
