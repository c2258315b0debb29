"""Articles (content/articles/<slug>.md), their translations (content/articles/es/<slug>.md) and
the other files content/ may publish."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from peerdir.article_html import ARTICLE, PAGE, HtmlPolicy
from peerdir.diagnostics import relative_path
from peerdir.directory import Article
from peerdir.html_removed import markdown_pages, removed_parts
from peerdir.i18n import TRANSLATED
from peerdir.loading.files import slug_suggestion
from peerdir.models import ArticleMeta
from peerdir.models.text_rules import SLUG_RE, slug_words
from peerdir.yamlfile import YamlProblem, decode_utf8, is_blank, not_a_plain_file, parse_yaml_mapping, read_bytes

if TYPE_CHECKING:
    from peerdir.loading.load import Loader


def check_content_files(loader: Loader, content_dir: Path) -> None:
    """Every file MkDocs would publish from content/: plain files only (it would follow a link out
    of the repository), of the kinds a page needs; articles are content/articles/<slug>.md."""
    for path, problem in content_problems(content_dir):
        loader.report(path, 1, 1, "", *problem)


def load_articles(loader: Loader, articles_dir: Path) -> None:
    """The articles, then each language's translations of them (content/articles/es/<slug>.md)."""
    if not articles_dir.is_dir() or not_a_plain_file(articles_dir):
        return  # a linked articles/ folder is reported by check_content_files, never entered
    loader.directory.articles = _load_folder(loader, articles_dir, "en")
    originals = {article.meta.slug for article in loader.directory.articles}
    for language in TRANSLATED:
        folder = articles_dir / language
        if not folder.is_dir() or not_a_plain_file(folder):
            continue
        translations = loader.directory.translations[language] = {}
        for article in _load_folder(loader, folder, language):
            if article.meta.slug in originals:
                translations[article.meta.slug] = article
            elif not (articles_dir / f"{article.meta.slug}.md").exists():  # else the original's problem is said
                loader.report(folder / f"{article.meta.slug}.md", 1, 1, "",
                              f"found no article this translates: content/articles/{article.meta.slug}.md does "
                              "not exist", "give it the file name of the English article it translates, as "
                              f"content/articles/{language}/{_example(originals)}.md has, or write the English "
                              "article first")


def _example(slugs: set[str]) -> str:
    return min(slugs) if slugs else "riding-out-a-craving"


def _load_folder(loader: Loader, folder: Path, language: str) -> list[Article]:
    found = []
    for path in sorted(folder.glob("*.md")):
        if path.name == "index.md":
            continue
        loader.directory.files_checked += 1
        if not_a_plain_file(path):
            continue  # reported by check_content_files
        if not SLUG_RE.match(path.stem):
            loader.report(path, 1, 1, "",
                          f"the file name '{path.name}' is not {slug_words(path.stem)}",
                          f"rename it to '{slug_suggestion(path.stem, 'my-article')}.md'")
            continue
        article = _load_article(loader, path, language)
        if article is not None:
            found.append(article)
    return found


def _load_article(loader: Loader, path: Path, language: str) -> Article | None:
    try:
        text = decode_utf8(read_bytes(path))
    except YamlProblem as err:
        loader.report(path, err.line, err.col, "", err.message, err.hint)
        return None
    except OSError:
        loader.report(path, 1, 1, "", "cannot be read", "commit it as an ordinary text file")
        return None
    front, body = split_front_matter(text)
    if front is None:
        if text.lstrip("\ufeff").split("\n", 1)[0].strip() == "---":
            loader.report(path, 1, 1, "", "the front matter that opens with '---' on line 1 is never closed",
                          "add a line '---' after its last field, before the article's text")
        else:
            loader.report(path, 1, 1, "", "the article does not start with front matter (its fields between "
                          "two '---' lines)", "start the file with a line '---', then title:, summary:, tags: "
                          "and reviewed_on: lines, then '---'")
        return None
    if is_blank(front):
        loader.report(path, 2, 1, "", "the front matter between the '---' lines is empty",
                      "add title:, summary:, tags: and reviewed_on: lines between them")
        return None
    try:
        doc = parse_yaml_mapping(front, line_offset=1)
    except YamlProblem as err:
        loader.report(path, err.line, err.col, "", err.message, err.hint)
        return None
    _report_removed_html(loader, path, text.count("\n") - body.count("\n"), body)
    meta = loader.validate(ArticleMeta, doc.data, path, doc, ())
    if meta is None:
        return None
    return Article(meta=meta.bind(path.stem, body), source=relative_path(path), language=language)


def check_pages(loader: Loader, content_dir: Path) -> None:
    """content/'s other Markdown pages (index.md, about.md …): what their sanitiser would remove."""
    for path in markdown_pages(content_dir):
        loader.directory.files_checked += 1
        try:
            text = decode_utf8(read_bytes(path))
        except YamlProblem as err:
            loader.report(path, err.line, err.col, "", err.message, err.hint)
            continue
        except OSError:
            loader.report(path, 1, 1, "", "cannot be read", "commit it as an ordinary text file")
            continue
        _, body = split_front_matter(text)
        _report_removed_html(loader, path, text.count("\n") - body.count("\n"), body, PAGE)


def _report_removed_html(loader: Loader, path: Path, line_offset: int, body: str,
                         policy: HtmlPolicy = ARTICLE) -> None:
    """What the page's sanitiser would remove, at its line, so the author knows before publishing."""
    for line, what in removed_parts(body, policy):
        loader.report(path, line + line_offset, 1, "", f"{what} is not allowed {policy.where}", policy.hint)


# What content/ may hold besides Markdown pages: pictures and documents a page links to. No HTML,
# scripts, styles or SVG: those would run on the site's own origin (the site's own live in overrides/).
CONTENT_SUFFIXES = frozenset({".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf"})


def content_problems(content_dir: Path) -> list[tuple[Path, tuple[str, str]]]:
    """(path, (message, hint)) for each file below content/ that must not be published; links not followed."""
    special = not_a_plain_file(content_dir)
    if special is not None:
        return [(content_dir, special)]
    if not content_dir.is_dir():
        return []
    found: list[tuple[Path, tuple[str, str]]] = []
    articles = content_dir / "articles"
    pending = [content_dir]
    while pending:  # a loop, not recursion: nesting depth is the volunteer's to choose
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found.append((folder, ("is a folder that cannot be read", "keep content/ a few short folders deep")))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or
                                          entry.is_file(follow_symlinks=False)):
                found.append((path, not_a_plain_file(path) or ("is not a plain file", "")))
            elif entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(path)
            elif not entry.name.startswith("."):  # MkDocs leaves hidden files out
                problem = _content_file_problem(path, articles)
                if problem is not None:
                    found.append((path, problem))
    return sorted(found)


def _content_file_problem(path: Path, articles: Path) -> tuple[str, str] | None:
    suffix = path.suffix.lower()
    if suffix in (".markdown", ".mdown", ".mkd"):
        return (f"a '{suffix}' file is not read: pages and articles end in .md", f"rename it to {path.stem}.md")
    if suffix not in CONTENT_SUFFIXES:
        return (f"a '{suffix or path.name}' file is not published from content/: only Markdown pages (.md), "
                "pictures (.png, .jpg, .gif, .webp, .avif) and PDFs are",
                "write the page in Markdown; the site's own styles and scripts live in overrides/")
    if suffix == ".md" and articles in path.parents and path.parent != articles and not (
            path.parent.parent == articles and path.parent.name in TRANSLATED):
        return ("an article inside a folder of content/articles/ is not read as an article",
                f"move it to content/articles/{path.name}"
                + "".join(f", or to content/articles/{language}/{path.name} if it is in that language"
                          for language in TRANSLATED))
    translated = articles.parent / path.relative_to(articles.parent).parts[0]
    if suffix == ".md" and translated.name in TRANSLATED and translated / "articles" in path.parents:
        return (f"an article's translation in content/{translated.name}/articles/ is not read as an article",
                f"move it to content/articles/{translated.name}/{path.name}, beside the other translations")
    return None


def split_front_matter(text: str) -> tuple[str | None, str]:
    """`---` YAML `---` body → (yaml text, body). No front matter → (None, text)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    return None, text

