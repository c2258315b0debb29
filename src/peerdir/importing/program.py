"""Which recovery program a feed lists, when it says so: a `program`/`fellowship` key, or the name of a
program in its meetings' names, groups or type names (an Al-Anon feed names Al-Anon or Alateen). Meeting Guide feeds
do not name one, and guessing AA for an Al-Anon feed publishes every meeting under the wrong program."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from peerdir.vocabulary import Vocabulary

PROGRAM_KEYS = ("program", "fellowship")
# Names in meeting names and groups that tell a program apart; short ones ("AA", "NA", "CA") are too
# ambiguous in running text ("CA" is California), so only full names and distinctive words count.
_MIN_WORD = 5
SHARE = 0.5  # more than half the records must name the same program


def infer_program(records: Iterable[Any], vocab: Vocabulary) -> str | None:
    """The program most records name, if more than half name one and none names another more; else None."""
    counts: Counter[str] = Counter()
    total = 0
    words = {key: program.name for key, program in vocab.programs.items() if len(key) >= _MIN_WORD}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    for record in records:
        if not isinstance(record, Mapping):
            continue
        total += 1
        named = _named(record, vocab, pattern, words)
        if named:
            counts[named] += 1
    if not counts or not total:
        return None
    program, count = counts.most_common(1)[0]
    return program if count > total * SHARE else None


def _named(record: Mapping[str, Any], vocab: Vocabulary, pattern: re.Pattern[str],
           words: dict[str, str]) -> str | None:
    for key in PROGRAM_KEYS:
        value = record.get(key)
        if isinstance(value, str) and vocab.program(value):
            return vocab.program(value).name  # type: ignore[union-attr]  # checked on the line above
    types = record.get("types")
    for item in types if isinstance(types, list) else ():
        if isinstance(item, str) and vocab.program(item):  # a TSML export's type named "Al-Anon"
            return vocab.program(item).name  # type: ignore[union-attr]  # checked on the line above
    text = " ".join(str(record.get(k) or "") for k in ("name", "group"))
    found = {words[" ".join(m.lower().split())] for m in pattern.findall(text) if " ".join(m.lower().split()) in words}
    return found.pop() if len(found) == 1 else None
