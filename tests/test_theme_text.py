"""Volunteer text in the theme's own fields (<title>, meta description, header, nav, h1) is inert."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from peerdir.site.theme_text import escape_theme_meta, theme_text
from tests.conftest import build_site, copy_project

BREAKOUTS = {
    "region": 'R "><img src=x onerror=alert(1)>',
    "title": "&lt;/title&gt;&lt;img src=x onerror=alert(2)&gt;",
    "article": "<img src=x onerror=alert(3)> Cravings",
    "summary": 'Summary "><script>alert(4)</script> that is long enough',
}


def test_theme_text_escapes_once_and_keeps_markup() -> None:
    assert theme_text('a "<b>"') == "a &#34;&lt;b&gt;&#34;"
    assert theme_text(theme_text("<b>")) == "&lt;b&gt;"
    meta: dict = {"title": "<i>", "author": 7, "tags": ["<x>"]}
    escape_theme_meta(meta, description="d & e")
    assert meta == {"title": Markup("&lt;i&gt;"), "author": Markup("7"), "tags": ["<x>"],
                    "description": Markup("d &amp; e")}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("theme-text")
    project = copy_project(root / "project")
    regions = project / "data" / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    text = text.replace("name: Chicago, IL", f"name: '{BREAKOUTS['region']}'")
    text = text.replace("name: Palm Beach County, FL", f"name: '{BREAKOUTS['title']}'")
    regions.write_text(text, encoding="utf-8")
    article = project / "content" / "articles" / "after-a-setback.md"
    body = article.read_text(encoding="utf-8")
    body = re.sub(r'^title: .*$', f"title: '{BREAKOUTS['article']}'", body, count=1, flags=re.M)
    body = re.sub(r'^summary: .*$', f"summary: '{BREAKOUTS['summary']}'", body, count=1, flags=re.M)
    article.write_text(body, encoding="utf-8")
    result = build_site(root / "site", project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.mark.parametrize("page", ["meetings/chicago/index.html", "meetings/palm-beach/index.html",
                                  "homes/chicago/index.html", "articles/after-a-setback/index.html",
                                  "articles/index.html", "index.html"])
def test_no_breakout_from_title_meta_or_headings(hostile_site: Path, page: str) -> None:
    html = (hostile_site / page).read_text(encoding="utf-8")
    assert not re.search(r"<img src=x|<script>alert", html), page
    head = html.split("</head>")[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1
    for content in re.findall(r'<meta name="description" content="([^"]*)"', head):
        assert "<" not in content and ">" not in content


def test_escaped_text_reads_as_written(hostile_site: Path) -> None:
    chicago = (hostile_site / "meetings/chicago/index.html").read_text(encoding="utf-8")
    assert "R &#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in chicago  # shown, not run
    palm = (hostile_site / "meetings/palm-beach/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", palm, re.S)
    # The volunteer typed the entities themselves: the tab shows them as typed, never as a tag.
    assert title and "Meetings in &amp;lt;/title&amp;gt;&amp;lt;img" in title.group(1)
