"""Articles come from pull requests: their HTML is cleaned to text markup after Markdown, and
`validate` names the line of every part that would be removed (issue 16, item 2)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from peerdir.article_html import removed_parts, sanitize_article_html
from peerdir.directory import load_directory
from tests.conftest import SAMPLE_CONTENT, SAMPLE_DATA, build_site, copy_project

# (source line, what the page must not contain)
HOSTILE_LINES = [
    ("<script>alert('script')</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("<svg><script>alert(2)</script></svg>", "<svg"),
    ("[click](javascript:alert(3))", "javascript:"),
    ("[click](JaVaScRiPt:alert(4))", "JaVaScRiPt:"),
    ('<a href="&#106;avascript:alert(5)">x</a>', "avascript:alert(5)"),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:text"),
    ("A paragraph with a handler.\n{onclick=alert(6)}", "onclick"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe"),
    ('![tracker](https://example.org/pixel.png)', "example.org/pixel.png"),
    ('<link rel="stylesheet" href="https://example.org/x.css">', "x.css"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "http-equiv"),
    ('<base href="https://example.org/">', "<base"),
    ('<form action="https://example.org/"><input name="q"></form>', "<form"),
    ('<object data="x.swf"></object>', "<object"),
    ('<p style="position:fixed;top:0">overlay</p>', "position:fixed"),
]


@pytest.mark.parametrize("source, gone", HOSTILE_LINES)
def test_the_sanitiser_removes_it_and_the_finder_reports_it(source: str, gone: str) -> None:
    import markdown

    html = markdown.markdown(source, extensions=["attr_list", "md_in_html"])
    assert gone not in sanitize_article_html(html)
    assert removed_parts(source), f"validate would not warn about {source!r}"


def test_ordinary_article_markup_is_kept() -> None:
    html = ('<h2 id="steps">Steps</h2><p>Call <a href="tel:988">988</a> or read '
            '<a href="https://www.samhsa.gov/">SAMHSA</a> and <a href="../your-first-meeting/">this</a>.</p>'
            '<div class="admonition tip"><p class="admonition-title">Tip</p></div><img src="../img/a.png" alt="a">')
    clean = sanitize_article_html(html)
    for kept in ('id="steps"', 'href="tel:988"', 'href="https://www.samhsa.gov/"', 'href="../your-first-meeting/"',
                 'class="admonition tip"', 'src="../img/a.png"'):
        assert kept in clean
    assert removed_parts("Plain text, a [link](https://nih.gov) and [a call](tel:988).\n") == []


def test_validate_names_the_line_of_each_part(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_DATA, tmp_path / "data")
    articles = tmp_path / "content" / "articles"
    shutil.copytree(SAMPLE_CONTENT / "articles", articles)
    target = articles / "riding-out-a-craving.md"
    text = target.read_text(encoding="utf-8")
    body_start = text.index("\n---\n", 4) + 5
    front_lines = text[:body_start].count("\n")
    target.write_text(text[:body_start] + "Intro.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n"
                      + text[body_start:], encoding="utf-8")
    _, problems = load_directory(tmp_path / "data", tmp_path / "content", today=dt.date(2026, 11, 23))
    found = [(p.line, p.message) for p in problems if p.path.endswith("riding-out-a-craving.md")]
    assert (front_lines + 3, "<script> is not allowed in an article") in found
    assert any(line == front_lines + 5 and "javascript:alert" in message for line, message in found)


def test_a_built_article_page_carries_no_script_even_past_validation(tmp_path: Path) -> None:
    # The loader refuses such articles; the page's sanitiser is the second wall, checked directly.
    project = copy_project(tmp_path / "project")
    result = build_site(tmp_path / "site", project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "articles" / "riding-out-a-craving" / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", page, re.S)
    assert article and "Riding Out a Craving" in page
    assert 'rel="noopener noreferrer"' in page  # links went through the sanitiser
