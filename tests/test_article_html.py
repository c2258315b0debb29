"""Articles and every other Markdown page come from pull requests: their HTML is cleaned after
Markdown (articles to text markup, pages to text and the search form), and `validate` names the
line of every part that would be removed, found in the rendered HTML (issue 16, items 2 and 10)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from peerdir.article_html import PAGE, sanitize_article_html, sanitize_page_html
from peerdir.html_removed import (
    MARKDOWN_EXTENSION_CONFIGS,
    MARKDOWN_EXTENSIONS,
    markdown_pages,
    removed_parts,
    render_markdown,
)
from peerdir.loading import load_directory
from tests.conftest import ROOT, SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY, build_site, copy_project

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
    ('<form action="https://example.org/"><input name="q"></form>', "example.org"),
    ('<object data="x.swf"></object>', "<object"),
    ('<p style="position:fixed;top:0">overlay</p>', "position:fixed"),
]


@pytest.mark.parametrize("source, gone", HOSTILE_LINES)
def test_the_sanitiser_removes_it_and_the_finder_reports_it(source: str, gone: str) -> None:
    html = render_markdown(source)
    assert gone not in sanitize_article_html(html)
    assert gone not in sanitize_page_html(html)
    assert removed_parts(source), f"validate would not warn about {source!r}"
    assert removed_parts(source, PAGE), f"validate would not warn about {source!r} on a page"


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


# -- the rendered HTML is the truth: no false alarm, no miss -------------------------------------

@pytest.mark.parametrize("source", [
    "See <https://www.samhsa.gov/> or write to <help@example.org>.\n",  # autolinks: Markdown makes links
    "Never paste `<script>` or `` <img onerror=x> `` into a page.\n",  # code spans are text
    "```\n<script>alert(1)</script>\n<iframe src=//evil.example>\n```\n",  # a fenced block is text
    "Text.\n\n    <script>alert(1)</script>\n",  # an indented code block is text
    "| Day | Time |\n|:----|-----:|\n| Mon | 7 pm |\n",  # table alignment is kept
    "<!-- a note for editors -->\nText.\n",  # comments go without a word
    "[Read more](../your-first-meeting/ \"a title\") and ![map](../img/map.png){: width=300 }\n",
])
def test_what_the_sanitiser_keeps_is_not_reported(source: str) -> None:
    assert removed_parts(source) == []
    assert removed_parts(source, PAGE) == []


@pytest.mark.parametrize("source, line, says", [
    ("Read [this][r].\n\nMore text.\n\n[r]: javascript:alert(1)\n", 5, "javascript:alert(1)"),
    ("![pixel][img]\n\n[img]: https://evil.example/p.png\n", 3, "evil.example/p.png"),
    ("Intro.\n\n[click](java\nscript:alert(2))\n", 3, "script:alert(2)"),
    ('Intro.\n\n<a href="&#x6A;ava&#115;cript&colon;alert(3)">x</a>\n', 3, "javascript:alert(3)"),
    ('<img src="/&#9;/evil.example/p.png" alt="">\n', 1, "evil.example/p.png"),  # the tab a browser drops
    ("Text with `<script>` in code.\n\n<script>alert(4)</script>\n", 3, "<script>"),
    ("A paragraph.\n{: onclick=alert(5) }\n", 2, "onclick"),
])
def test_what_markdown_makes_is_found_at_the_line_that_wrote_it(source: str, line: int, says: str) -> None:
    found = removed_parts(source)
    assert [n for n, what in found if says in what] == [line], found


def test_each_repeat_is_found_at_its_own_line() -> None:
    source = "<script>a</script>\n\n[x][r]\n\n<script>b</script>\n\n[r]: javascript:c\n\n<p onclick=d>e</p>\n"
    assert removed_parts(source) == [(1, "<script>"), (5, "<script>"), (7, "the address 'javascript:c' (href on <a>)"),
                                     (9, "the onclick attribute on <p>")]


def test_a_source_markdown_cannot_read_is_reported_not_raised() -> None:
    deep = "".join("  " * i + "- item\n" for i in range(1000))
    assert removed_parts(deep) == [(1, "a list or quote nested too deep to be read")]
    assert removed_parts("[a](javascript:b)\n") == [(1, "the address 'javascript:b' (href on <a>)")]  # and after it


def test_the_site_markdown_is_mkdocs_own() -> None:
    """One list of extensions for validate, and it is what `mkdocs build` uses (mkdocs.yml plus MkDocs' own)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.markdown_extensions == list(MARKDOWN_EXTENSIONS)
    assert config.mdx_configs == MARKDOWN_EXTENSION_CONFIGS


# -- pages: the site's own markup is kept, nothing more ----------------------------------------------

@pytest.fixture(scope="module")
def site_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's own pages (content/*.md), as every test build copies them."""
    return copy_project(tmp_path_factory.mktemp("pages") / "project") / "content"


def test_the_site_pages_hold_nothing_the_page_sanitiser_removes(site_pages: Path) -> None:
    pages = sorted(site_pages.glob("*.md"))
    assert {"index.md", "search.md"} <= {p.name for p in pages}
    for path in pages:
        assert removed_parts(path.read_text(encoding="utf-8"), PAGE) == [], path


def test_the_search_form_is_kept_as_written(site_pages: Path) -> None:
    html = render_markdown((site_pages / "search.md").read_text(encoding="utf-8").split("---\n", 2)[2])
    clean = sanitize_page_html(html)
    for kept in ('<form id="pd-search-form" class="pd-search-form" action="./" method="get" role="search">',
                 '<input id="pd-search-q" name="q" type="search" autocomplete="off" enterkeyhint="search">',
                 '<label for="pd-search-q">', '<button type="submit" class="md-button md-button--primary">',
                 'role="status" aria-live="polite"', "<noscript>", "</noscript>", 'href="../meetings/"'):
        assert kept in clean


PAGE_HOSTILE = [  # (source, what the page must not contain)
    ('<form action="https://evil.example/" method="get"><input name="q"></form>', "evil.example"),
    ('<form action="//evil.example/" method="get"></form>', "evil.example"),
    ('<form action="search/" method="post"></form>', "post"),
    ('<form action="search/"><input type="password" name="p"></form>', "password"),
    ('<form action="search/"><button formaction="https://evil.example/">Go</button></form>', "evil.example"),
    ('<noscript><iframe src="https://evil.example/"></iframe></noscript>', "evil.example"),
    ('<noscript><img src="https://evil.example/p.png"></noscript>', "evil.example"),
    ('<noscript><meta http-equiv="refresh" content="0;url=https://evil.example/"></noscript>', "evil.example"),
    ('<label for="q" onclick="alert(1)">Q</label>', "onclick"),
    ('<input name="q" onfocus="alert(1)" autofocus>', "onfocus"),
    ('<p style="display:none">x</p>', "display:none"),
    ('<div aria-label="x" data-x="y" onmouseover="alert(1)">x</div>', "onmouseover"),
]


@pytest.mark.parametrize("source, gone", PAGE_HOSTILE)
def test_the_page_sanitiser_removes_it_and_validate_reports_it(source: str, gone: str) -> None:
    clean = sanitize_page_html(render_markdown(source))
    assert gone not in clean, clean
    assert removed_parts(source, PAGE), f"validate would not warn about {source!r} on a page"


def test_noscript_content_is_cleaned_and_cannot_close_early() -> None:
    clean = sanitize_page_html('<noscript><p title="&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;">x</p>'
                               '<a href="javascript:alert(2)">y</a></noscript><p>after</p>')
    assert clean.lower().count("</noscript") == 1 and "javascript:" not in clean
    assert clean.startswith("<noscript><p title=") and clean.endswith("</noscript><p>after</p>")


def test_markdown_pages_are_every_page_but_the_articles(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for rel in ("index.md", "about.md", "articles/index.md", "articles/one.md", "articles/sub/deep.md",
                "help/faq.md", ".hidden/x.md", "picture.png"):
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text("# x\n", encoding="utf-8")
    (content / "linked.md").symlink_to(content / "about.md")
    found = [p.relative_to(content).as_posix() for p in markdown_pages(content)]
    assert found == ["about.md", "articles/index.md", "articles/sub/deep.md", "help/faq.md", "index.md"]


def test_validate_names_the_line_on_every_page(tmp_path: Path) -> None:
    tmp_path = copy_project(tmp_path / "project")
    about = tmp_path / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    (tmp_path / "content" / "new-page.md").write_text("---\ntitle: New\n---\n\n# New\n\n[x][r]\n\n[r]: javascript:x\n",
                                                      encoding="utf-8")
    _, problems = load_directory(tmp_path / "data", tmp_path / "content", today=SAMPLE_TODAY)
    found = {(Path(p.path).name, p.line, p.message) for p in problems}
    about_lines = about.read_text(encoding="utf-8").count("\n")
    assert found == {("about.md", about_lines, "<script> is not allowed on a page"),
                     ("new-page.md", 9, "the address 'javascript:x' (href on <a>) is not allowed on a page")}


_INJECTING_HOOK = '''
def on_page_markdown(markdown, page, config, files):
    return markdown + "\\n\\n<script>alert(71)</script>\\n\\n<img src=x onerror=alert(72)>\\n"
'''


def test_every_built_page_is_sanitised_even_past_validation(tmp_path: Path) -> None:
    """The hook's sanitiser is the second wall: HTML added after validate (here by a hook that runs
    before peerdir's) is cleaned on every Markdown page, articles and pages alike."""
    project = copy_project(tmp_path / "project")
    (project / "inject.py").write_text(_INJECTING_HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - hooks/peerdir_site.py\n",
                                                       "  - inject.py\n  - hooks/peerdir_site.py\n"), encoding="utf-8")
    result = build_site(tmp_path / "site", project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    pages = ["index.html", "about/index.html", "search/index.html", "articles/riding-out-a-craving/index.html"]
    for rel in pages:
        page = (tmp_path / "site" / rel).read_text(encoding="utf-8")
        assert "alert(71)" not in page and "onerror" not in page, rel
    assert 'action="search/" method="get" role="search"' in (tmp_path / "site" / "index.html").read_text("utf-8")
