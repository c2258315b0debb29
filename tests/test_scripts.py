"""The site's own scripts are published without their whole-line comments (peerdir.site.scripts)."""

from __future__ import annotations

import gzip
from pathlib import Path

from peerdir.site.scripts import without_comments
from tests.conftest import ROOT


def test_whole_line_comments_go_and_code_stays_line_for_line() -> None:
    source = ('(function () {\n  "use strict";\n  /* why\n   * and why */\n  var a = "/* not */ // kept"; // a note\n'
              '\n  // a line of its own\n  /* one line */ var b = /\\/\\//.test(a);\n})();\n')
    assert without_comments(source) == ('(function () {\n"use strict";\nvar a = "/* not */ // kept"; // a note\n'
                                        'var b = /\\/\\//.test(a);\n})();\n')


def test_finder_js_is_published_without_its_comments(built_site: Path) -> None:
    source = (ROOT / "overrides" / "assets" / "peerdir" / "finder.js").read_text(encoding="utf-8")
    published = (built_site / "assets" / "peerdir" / "finder.js").read_text(encoding="utf-8")
    assert published == without_comments(source)
    assert "\n//" not in published and "\n/*" not in published and "window.peerdirFinder" in published
    # Every line of code is still there, in order.
    code = [line.strip() for line in source.splitlines()
            if line.strip() and not line.strip().startswith(("//", "/*", "*"))]
    assert [line for line in published.splitlines() if not line.startswith("*")] == code
    assert len(gzip.compress(published.encode())) < 0.85 * len(gzip.compress(source.encode()))
