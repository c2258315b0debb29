"""The site's own scripts as published: without their whole-line comments, indentation or blank lines.

finder.js is read in the repository with its comments (why each part is as it is); a phone loads it
with every list page, where they were a fifth of its compressed bytes (3.4 of 17.6 KB), and the
words it writes in each language (issue 19) had pushed the heaviest list page past its 100 KB.
Only whole lines go, and every line break stays: a comment after code is kept, so no string or
regular expression is cut and no statement joins another (the script has no multi-line strings).
"""

from __future__ import annotations

SCRIPTS = ("assets/peerdir/finder.js",)  # theme files (overrides/) published this way


def without_comments(text: str) -> str:
    kept: list[str] = []
    in_block = False
    for line in text.splitlines():
        code = line.strip()
        if in_block:
            in_block = "*/" not in code
            code = "" if in_block else code.split("*/", 1)[1].strip()
        elif code.startswith("/*"):
            end = code.find("*/", 2)
            in_block = end < 0
            code = "" if in_block else code[end + 2:].strip()
        if code and not code.startswith("//"):
            kept.append(code)
    return "\n".join(kept) + "\n"
