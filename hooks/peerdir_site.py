"""MkDocs adapter for peerdir: one hook per event, each handing work to the `peerdir` package.

The package turns data into page bodies, feeds and files; this module only feeds MkDocs: it
renders every listing's body first (`on_files`, handing each to the search indexer, which works in
its own process meanwhile), adds the index pages, decorates articles, renders the theme frame once
per depth for listing pages, and writes the listing pages and everything else after the build.
State is reset in `on_pre_build` so `mkdocs serve` rebuilds start clean.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, clean_directory

from peerdir import kinds
from peerdir.article_html import sanitize_article_html, sanitize_page_html
from peerdir.diagnostics import format_problems, summary_line
from peerdir.formats import MeetingCalendars
from peerdir.directory import DATA_ENV, Article, Directory, load_directory
from peerdir.output_text import guard_log
from peerdir.search import (OUTPUT_SUBDIR, BackgroundSearchIndex, PagefindError, is_searchable, page_search_html,
                            peak_rss_mb, start_search_index)
from peerdir.site import frame as frame_slots
from peerdir.site.extras import site_extras
from peerdir.site.generate import LISTING_DEPTHS, ListingWriter, index_pages, listing_paths, listings, write_sitemap
from peerdir.site.incremental import ServeSession, serve_session, start_serving
from peerdir.site.preview import problems_page, write_problems_site
from peerdir.site.render import PageRenderer, RenderedPage, SiteContext
from peerdir.site.staging import StagedSite
from peerdir.site.theme_text import escape_theme_meta
from peerdir.urls import SiteInfo


log = logging.getLogger("mkdocs.hooks.peerdir")
TODAY_ENV = "PEERDIR_TODAY"  # pins the build's date (tests, previews of a later day)


@dataclass
class _Build:
    """Everything one build learns; replaced at the start of each build."""

    directory: Directory | None = None
    renderer: PageRenderer | None = None
    generated: dict[str, RenderedPage] = field(default_factory=dict)  # src_uri -> page
    articles: dict[str, Article] = field(default_factory=dict)  # src_uri -> article
    nav: Navigation | None = None
    files: Files | None = None
    env: Environment | None = None
    search: BackgroundSearchIndex | None = None  # fed page by page while the site is written
    session: ServeSession | None = None  # `mkdocs serve`: what rebuilds keep (None for a build)
    writer: ListingWriter | None = None  # listing pages, rendered in on_files and written after the build
    calendars: MeetingCalendars | None = None  # each meeting's calendar, written beside its page
    problems_page: str | None = None  # `mkdocs serve` with invalid data: the one page the site has
    staged: StagedSite | None = None  # `mkdocs build`: the folder written, swapped in for site/ at the end
    config: MkDocsConfig | None = None  # for on_build_error, which is given none
    pages_built: set[str] = field(default_factory=set)  # URLs of the pages MkDocs built (--dirty skips some)


_dirty = False  # `mkdocs build --dirty`, as on_startup was told


_build = _Build()


def _data_dir(config: MkDocsConfig) -> Path:
    configured = os.environ.get(DATA_ENV)
    base = Path(config.config_file_path).parent
    return Path(configured) if configured else base / "data"


def _today() -> dt.date:
    """The build's date: today, or PEERDIR_TODAY (YYYY-MM-DD) so tests and previews can pin it."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        if len(pinned) == 10:
            return dt.date.fromisoformat(pinned)
    except ValueError:
        pass
    raise PluginError(f"peerdir: {TODAY_ENV} must be a date like 2026-11-23, not {pinned[:40]!r}")


def _settings(config: MkDocsConfig) -> dict:
    return (config.extra or {}).get("peerdir") or {}


def _site_info(config: MkDocsConfig) -> SiteInfo:
    settings = _settings(config)
    return SiteInfo(site_url=config.site_url or "http://127.0.0.1:8000/", repo_url=settings.get("repository"),
                    branch=settings.get("branch", "main"), name=config.site_name)


def on_startup(command: str, dirty: bool) -> None:
    global _dirty
    _dirty = dirty
    guard_log()  # the log prints file names and values from the data: no escapes, no workflow commands
    if command == "serve":
        # Rebuilds on every edit: keep unchanged listings and their pages from one rebuild to the next.
        # The search index is built too, so search works in the preview (0.07 s of a 0.9 s rebuild of
        # the sample data); PEERDIR_SEARCH_INDEX=0 skips it for a faster preview of a big directory.
        start_serving(dirty)
    if dirty:
        # `serve --dirty` is the fast way to preview a big directory, and `build --dirty` removes what
        # the last build wrote and this one did not (see peerdir.site.staging); the site's `strict: true`
        # would turn MkDocs' notice about dirty builds into a failed build every time.
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_build_notice_as_info)


def _dirty_build_notice_as_info(record: logging.LogRecord) -> bool:
    if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def on_pre_build(config: MkDocsConfig) -> None:
    global _build
    _stop_search()
    if serve_session() is not None:
        serve_session().wait_for_search()  # the last build's index is written before the folder is emptied
    _build = _Build()
    gc.unfreeze()
    data_dir = _data_dir(config)
    if not data_dir.is_dir():
        raise PluginError(f"peerdir: data folder '{data_dir}' does not exist (set {DATA_ENV} or create data/)")
    session = _build.session = serve_session()
    with _timed("loading and validating the data"):
        today = _today()
        directory, problems = load_directory(data_dir, Path(config.docs_dir), today=today,
                                             cache=session.listings if session else None)
    if problems:
        if session is not None:
            _show_problems(session, problems, directory.files_checked)
            return
        # Same lines as `peerdir validate`, one per problem, then refuse to build: never a partial site.
        raise PluginError(format_problems(problems, "text") + "\n" + summary_line(problems, directory.files_checked))
    if session is None:
        _stage(config)
    extras = site_extras(_site_info(config), directory)
    ctx = SiteContext(directory=directory, site=_site_info(config), today=today,
                      stale_after_days=int(_settings(config).get("stale_after_days", 180)),
                      jsonld=extras.jsonld, correction_links=extras.correction_links)
    _build.directory = directory
    if session is not None:
        session.pages.begin(ctx)  # emptied if what every page shows has changed
    _build.renderer = PageRenderer(ctx, lists=session.pages.lists if session else None)
    _build.articles = {f"articles/{a.meta.slug}.md": a for a in directory.articles}
    _build.search = start_search_index(Path(config.site_dir))


def _stage(config: MkDocsConfig) -> None:
    """`mkdocs build`: write into a folder beside site_dir (MkDocs empties it right after this event)
    and put it in site_dir's place at the end, so a stopped or failed build leaves the last site whole.
    `mkdocs serve` keeps its own folder: it serves each rebuild as it is written, and is fast that way."""
    _build.staged = StagedSite.start(Path(config.site_dir), _dirty, rewritten=_is_search_bundle)
    _build.config = config
    config["site_dir"] = str(_build.staged.staging)


def _is_search_bundle(name: str) -> bool:
    return re.fullmatch(rf"{OUTPUT_SUBDIR}(?:-[0-9]+)?", name) is not None  # pagefind/, pagefind-2/ …


def _publish(config: MkDocsConfig, files: Files) -> None:
    staged = _build.staged
    if staged is None:
        return
    _build.staged = None
    config["site_dir"] = str(staged.site)  # gh-deploy pushes from it after the build
    if config.strict and _strict_warnings():
        staged.abandon()  # MkDocs fails the build after this event: the last site stays
        return
    if _dirty:
        with _timed("removing what the last build wrote and this one did not"):
            removed = staged.drop_stale(f.dest_uri for f in files)
        log.info("peerdir: %d files of the last build removed (deleted listings and the like)", removed)
    staged.publish()


def _strict_warnings() -> bool:
    """Whether MkDocs has counted a warning that makes it fail a strict build once the build is done."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def _show_problems(session: ServeSession, problems: list, files_checked: int) -> None:
    """`mkdocs serve` with invalid data: the build goes on, to a site of one page listing the problems
    (see `peerdir.site.preview`). Raising would leave MkDocs holding every request until a build
    succeeds, so the browser would wait with the reason only in the terminal."""
    text = format_problems(problems, "text") + "\n" + summary_line(problems, files_checked)
    # INFO, not an error: `strict: true` would turn an error logged here into a failed build again.
    log.info("peerdir: the preview shows these problems until they are fixed:\n%s", text)
    _build.problems_page = problems_page(problems, files_checked)
    session.site_replaced()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _build.problems_page is not None:
        config["nav"] = None  # no pages: a nav naming them would be warned about, and fail the build
        return Files([])
    assert _build.renderer is not None
    with _timed("rendering listing pages"):
        _render_listings(config)
    with _timed("rendering index pages"):
        pages = index_pages(_build.renderer)
    for page in pages:
        src_uri = page.path + "index.md"
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)  # a hand-written page of the same name would be silently shadowed
            log.warning("peerdir: content/%s is replaced by the generated page; move your text elsewhere", src_uri)
        # Out of the nav on purpose (see mkdocs.yml): MkDocs need not list them on every build.
        files.append(File.generated(config, src_uri, content="",
                                    inclusion=InclusionLevel.NOT_IN_NAV))
        _build.generated[src_uri] = page
    for src_uri in _build.articles:
        article = files.get_file_from_path(src_uri)
        if article is not None and article.inclusion.is_in_nav():
            article.inclusion = InclusionLevel.NOT_IN_NAV  # listed on articles/, not one by one in the nav
    return files


def _render_listings(config: MkDocsConfig) -> None:
    """Every listing's page body, first of all, so the search indexer (its own process, the other
    processor) has them while the rest of the site is made; the files are written after the build."""
    _freeze_heap()
    renderer, search, session = _build.renderer, _build.search, _build.session
    assert renderer is not None
    feed = None if search is None else lambda page: search.add_listing("/" + page.path, page.html)
    calendars = _build.calendars = MeetingCalendars(renderer.ctx.site)
    writer = _build.writer = ListingWriter(renderer, Path(config.site_dir), on_page=feed,
                                           attachments=calendars.files_for)
    if session is not None:
        session.pages.keep_only([listing for _, listing in listings(renderer.ctx.directory)])
        writer.cache = session.pages
    first, *rest = kinds.names()  # the first kind (meetings) is most of the pages: a shard of its own
    writer.render([first])
    if search is not None:
        search.cut()  # Pagefind writes the meetings' shard while the rest is made
    writer.render(rest)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _build.nav, _build.files = nav, files
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _build.env = env
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _build.generated.get(page.file.src_uri)
    given = {"title": generated.title, "description": generated.description} if generated else {}
    escape_theme_meta(page.meta, **given)  # the theme prints these raw; every page's come from a PR
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    renderer = _build.renderer
    assert renderer is not None
    generated = _build.generated.get(page.file.src_uri)
    if generated is not None:
        return generated.html  # peerdir's own markup, escaped as it was made
    article = _build.articles.get(page.file.src_uri)
    if article is None:
        return sanitize_page_html(html)  # every other page comes from pull requests too
    path = page.url
    body = sanitize_article_html(html)  # articles come from pull requests: text markup only
    return renderer.article_header(article, path) + body + renderer.article_footer(article, path)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _build.pages_built.add(page.url)
    output = page_search_html(page.url, output)
    if _build.search is not None and is_searchable(output):
        _build.search.add_html("/" + page.url, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    if _build.problems_page is not None:
        clean_directory(config.site_dir)  # nothing of the last valid site stays, even with --dirty
        write_problems_site(Path(config.site_dir), _build.problems_page)
        return
    renderer, files, writer, search = _build.renderer, _build.files, _build.writer, _build.search
    assert renderer is not None and files is not None and writer is not None and _build.calendars is not None
    if search is not None:
        if _build.staged is not None and _dirty:
            _index_unchanged_pages(search, files, Path(config.site_dir))
        search.start_writing()  # every page has been handed over: the last shard is written meanwhile
    site_dir = Path(config.site_dir)
    directory = renderer.ctx.directory
    _freeze_heap()  # the pages rendered so far, too
    frames = {depth: _frame(config, depth) for depth in set(LISTING_DEPTHS.values())}
    extras = site_extras(renderer.ctx.site, directory)
    session = _build.session
    paths = listing_paths(directory)
    if session is not None:
        _reuse_pages(session, writer, frames, paths)
    # Serial on purpose: forked writers measured slower here (copy-on-write faults on a large heap).
    with _timed("writing listing pages"):
        written = writer.write(frames)
    with _timed("writing feeds, print sheets and embeds"):
        extras.write_outputs(directory, site_dir, renderer.ctx.today, _build.calendars)
    if search is not None and session is not None:
        # `mkdocs serve`: the edit is shown while Pagefind writes the index (at 10,000 meetings a
        # --dirty rebuild took 5.1-6.7 s waiting for it, 2.5-2.7 s without the index).
        _build.search = None
        session.finish_search_later(lambda: _finish_search_in_background(search))
    elif search is not None:
        with _timed("waiting for the search index"):
            indexed = _finish_search(search)
        log.info("peerdir: %d pages in the search index", indexed)
        log.debug("peerdir: peak memory of the search indexer %.0f MB", search.peak_rss_mb)
    pages = [f.url for f in files.documentation_pages()] + paths
    write_sitemap(site_dir, renderer.ctx.site.site_url, pages)
    if session is not None:  # `mkdocs serve`: what this rebuild did again
        log.info("peerdir: %d listings read again, %d listing pages rendered again, %d written",
                 session.listings.validated, len(session.pages.pages) - session.pages.hits, written)
    else:
        log.info("peerdir: %d listing pages written", written)
    log.debug("peerdir: peak memory of the build %.0f MB", peak_rss_mb(os.getpid()))
    _publish(config, files)


def _index_unchanged_pages(search: BackgroundSearchIndex, files: Files, site_dir: Path) -> None:
    """`mkdocs build --dirty`: the pages MkDocs left as they were go into the new index too, as written."""
    for file in files.documentation_pages():
        target = site_dir / file.dest_uri
        if file.url not in _build.pages_built and target.is_file():
            html = target.read_text(encoding="utf-8")
            if is_searchable(html):
                search.add_html("/" + file.url, html)


def _reuse_pages(session: ServeSession, writer: ListingWriter, frames: dict, paths: list[str]) -> None:
    """`mkdocs serve`: unchanged listings keep their files with --dirty; removed ones lose theirs."""
    writer.keep_written = session.keep_written_pages(frames)
    for path in session.gone(set(paths)):
        shutil.rmtree(writer.site_dir / path, ignore_errors=True)  # its file was removed or renamed


def _freeze_heap() -> None:
    """Everything made so far lives to the end of the build: keep the collector from walking it again
    and again while 10,000s of pages are made (measured: writing them took twice as long).
    `on_pre_build` thaws it, so a `mkdocs serve` rebuild can collect the last build's objects."""
    gc.collect()
    gc.freeze()


def on_build_error(error: Exception) -> None:
    _stop_search()
    staged, _build.staged = _build.staged, None
    if staged is not None:  # the last site stays as it was
        staged.abandon()
        if _build.config is not None:
            _build.config["site_dir"] = str(staged.site)


def _stop_search() -> None:
    if _build.search is not None:
        _build.search.close()
        _build.search = None


def _finish_search(search: BackgroundSearchIndex) -> int:
    _build.search = None
    try:
        return search.finish()
    except PagefindError as error:
        raise PluginError(f"peerdir: the search index could not be built: {error}") from None


def _finish_search_in_background(search: BackgroundSearchIndex) -> None:
    try:
        indexed = search.finish()
    except PagefindError as error:
        log.error("peerdir: the search index could not be built: %s", error)
    else:
        log.info("peerdir: %d pages in the search index", indexed)


def on_shutdown() -> None:
    session = serve_session()
    if session is not None:
        session.wait_for_search()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    server.watch(str(_data_dir(config)))  # a data edit rebuilds like a content edit
    return server


@contextlib.contextmanager
def _timed(what: str) -> Iterator[None]:
    """Phase timings for `mkdocs build --verbose`: where a slow build spends its time."""
    start, cpu = time.perf_counter(), os.times()
    yield
    now = os.times()
    log.debug("peerdir: %s took %.2f s (%.2f s user, %.2f s system)", what, time.perf_counter() - start,
              now.user - cpu.user, now.system - cpu.system)


def _frame(config: MkDocsConfig, depth: int) -> frame_slots.PageFrame:
    """Render the theme's page template once for a placeholder page at `depth`."""
    assert _build.env is not None and _build.files is not None and _build.nav is not None
    src_uri = frame_slots.placeholder_path(depth).rstrip("/") + ".md"
    page = Page(frame_slots.TITLE, File.generated(config, src_uri, content=""), config)
    page.content = frame_slots.CONTENT
    page.meta = {"description": frame_slots.DESCRIPTION, "peerdir_frame": True}
    context = get_context(_build.nav, _build.files, config, page)
    html = _build.env.get_template("main.html").render(context)
    return frame_slots.PageFrame.from_shell(html, depth)
