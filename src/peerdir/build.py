"""One site build, phase by phase: `SiteBuild` owns what a build learns, in the order it learns it.

The MkDocs adapter (`peerdir.mkdocs_adapter`) calls one method per MkDocs event and hands in plain
values (folders, settings, the theme's frame as HTML); nothing here imports MkDocs.

  start          load and validate the data; stage the output folder (`mkdocs build`); start search
  render         every listing's body first (the search indexer, its own process, has them while the
                 rest is made), then the index pages
  page_*         the theme's pages: escaped meta, generated and article bodies, search markup
  finish         the frame once per depth, listing pages, feeds, search, sitemap; swap the staged folder in
  fail           a failed build: stop search, leave the last site whole

The collector policy (`peerdir.collector`) is applied here: the heap is thawed when a build starts
and frozen after each phase that makes objects living to the end of the build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerdir import collector, kinds, side_work
from peerdir.article_html import sanitize_article_html, sanitize_page_html
from peerdir.diagnostics import Problem, format_problems, summary_line
from peerdir.directory import Article, Directory
from peerdir.formats import MeetingCalendars
from peerdir.i18n import LANGUAGE_NAMES
from peerdir.loading import load_directory
from peerdir.project import Project
from peerdir.search import (
    OUTPUT_SUBDIR,
    THEME_ARTICLE,
    BackgroundSearchIndex,
    PagefindError,
    is_searchable,
    page_search_html,
    peak_rss_mb,
    start_search_index,
    write_words,
)
from peerdir.settings import Settings
from peerdir.site.display import type_names_in
from peerdir.site.extras import SiteExtras, site_extras
from peerdir.site.frame import ICONS_PATH, PageFrame, icons_file
from peerdir.site.generate import (
    LISTING_DEPTHS,
    ListingWriter,
    framed,
    index_pages,
    listing_paths,
    listings,
    write_files,
    write_framed,
    write_sitemap,
)
from peerdir.site.incremental import ServeSession
from peerdir.site.preview import problems_page, write_problems_site
from peerdir.site.render import PageRenderer, RenderedPage, SiteContext
from peerdir.site.staging import StagedSite
from peerdir.site.theme_text import escape_theme_meta
from peerdir.urls import SiteInfo, article_path

log = logging.getLogger("mkdocs.hooks.peerdir")

PREVIEW_URL = "http://127.0.0.1:8000/"  # `mkdocs serve`'s address, where mkdocs.yml gives none
# (depth, language) -> the theme's page for a placeholder page at that depth in that language's folder
RenderFrame = Callable[[int, str], str]


class BuildRefused(Exception):
    """The build cannot go on; the message says why, whole, as the volunteer should read it."""


@dataclass(frozen=True)
class BuildSetup:
    """What a build is given, as plain values."""

    data_dir: Path
    content_dir: Path
    site_dir: Path  # where the site is published
    site: SiteInfo
    today: dt.date
    stale_after_days: int
    dirty: bool = False  # `--dirty`: MkDocs keeps the site folder and skips unchanged pages
    session: ServeSession | None = None  # `mkdocs serve`: what rebuilds keep (None for a build)
    search_index: bool = True  # False: no search index (PEERDIR_SEARCH_INDEX=0, faster previews)
    search_shard_pages: int | None = None  # pages per Pagefind bundle; None: the search package's default
    languages: tuple[str, ...] = ("en",)  # the first at the site's root, each other in its folder (es/)
    site_names: dict[str, str] = field(default_factory=dict)  # the site's name in another language, if given
    fork_extras: bool | None = None  # feeds and the like in a forked child (see peerdir.side_work); None: by size

    @classmethod
    def of(cls, settings: Settings, project: Project, *, site_url: str | None, site_name: str, site_dir: Path,
           dirty: bool, session: ServeSession | None) -> BuildSetup:
        """The setup of a build of `project` with `settings`, published at `site_url` (None: the preview's)."""
        site = SiteInfo(site_url=site_url or PREVIEW_URL, repo_url=settings.repository, branch=settings.branch,
                        name=site_name)
        return cls(data_dir=project.data, content_dir=project.content, site_dir=site_dir, site=site,
                   today=settings.build_date(), stale_after_days=settings.stale_after_days, dirty=dirty,
                   session=session, search_index=settings.search_index,
                   search_shard_pages=settings.search_shard_pages, languages=settings.languages,
                   site_names={"es": settings.site_name_es} if settings.site_name_es else {},
                   fork_extras=settings.fork_extras)


@dataclass(frozen=True)
class DocumentationPage:
    url: str
    dest_uri: str


@dataclass
class TranslatedSite:
    """The generated pages of one more language, written under its folder (es/) with the same paths
    as the root language's: listing pages, index pages, print sheets, embeds and day data."""

    language: str
    renderer: PageRenderer
    writer: ListingWriter
    pages: list[RenderedPage] = field(default_factory=list)  # index pages
    frames: dict[int, PageFrame] = field(default_factory=dict)  # depth -> that language's frame
    made: dict[str, str] = field(default_factory=dict)  # path -> an index page whole, as indexed for search
    written: int = 0  # pages written

    @property
    def folder(self) -> str:
        return self.language + "/"

    def paths(self) -> set[str]:
        """Site paths (below the language's folder) of its generated index pages."""
        return {page.path for page in self.pages}


@dataclass
class SiteBuild:
    setup: BuildSetup
    site_dir: Path  # where this build writes: a staged folder in `mkdocs build`
    renderer: PageRenderer | None = None  # None when the preview shows problems instead
    problems_html: str | None = None  # `mkdocs serve` with invalid data: the one page the site has
    staged: StagedSite | None = None
    search: BackgroundSearchIndex | None = None  # fed page by page while the site is written
    generated: dict[str, RenderedPage] = field(default_factory=dict)  # src_uri -> index page
    articles: dict[str, Article] = field(default_factory=dict)  # src_uri -> article
    pages_built: set[str] = field(default_factory=set)  # URLs MkDocs built (--dirty skips some)
    writer: ListingWriter | None = None
    calendars: MeetingCalendars | None = None
    translated: list[TranslatedSite] = field(default_factory=list)  # one per language after the first
    translated_content: dict[str, set[str]] = field(default_factory=dict)  # language -> URLs of content/<lang>/ pages
    side: side_work.Forked | None = None  # feeds, print sheets, embeds, day data being written by a child

    # -- start -------------------------------------------------------------------------------------

    @classmethod
    def start(cls, setup: BuildSetup) -> SiteBuild:
        """Load and validate the data. Invalid data refuses a build (`BuildRefused`, with the lines
        `peerdir validate` prints) and turns the preview into a page of problems."""
        collector.thaw()  # the last build's objects (a `mkdocs serve` rebuild) may go now
        session = setup.session
        if session is not None:
            session.wait_for_search()  # the last build's index is written before the folder is emptied
        if not setup.data_dir.is_dir():
            raise BuildRefused(f"peerdir: data folder '{setup.data_dir}' does not exist "
                               "(set PEERDIR_DATA or create data/)")
        with timed("loading and validating the data"):
            directory, problems = load_directory(setup.data_dir, setup.content_dir, today=setup.today,
                                                 cache=session.listings if session else None)
        build = cls(setup, setup.site_dir)
        if problems:
            if session is None:  # never a partial site
                raise BuildRefused(_problem_lines(problems, directory.files_checked))
            build._show_problems(session, problems, directory.files_checked)
            return build
        try:
            if session is None:
                build._stage()
            build._prepare(directory)
        except BaseException:
            build.fail()  # the staged folder goes; the last site stays
            raise
        return build

    def _prepare(self, directory: Directory) -> None:
        setup, session = self.setup, self.setup.session
        extras = site_extras(setup.site, directory)
        ctx = SiteContext(directory=directory, site=setup.site, today=setup.today,
                          stale_after_days=setup.stale_after_days, jsonld=extras.jsonld,
                          correction_links=extras.correction_links)
        if session is not None:
            session.pages.begin(ctx)  # emptied if what every page shows has changed
        self.renderer = PageRenderer(ctx, lists=session.pages.lists if session else None)
        self.translated = [self._translated_site(ctx, language) for language in setup.languages[1:]]
        self.articles = {f"articles/{a.meta.slug}.md": a for a in directory.articles}
        self.articles.update({f"articles/{language}/{slug}.md": article for language in setup.languages[1:]
                              for slug, article in directory.translations.get(language, {}).items()})
        if session is None and side_work.should_fork(len(directory.all_listings()), setup.fork_extras):
            # Before the search threads start: a forked child keeps only the thread that forked it.
            # Its own calendar files too (ListingWriter is given none): the child makes every VEVENT.
            site_dir = self.site_dir
            self.side = side_work.Forked(lambda: extras.write_outputs(directory, site_dir, setup.today))
        self.search = None
        if not self.setup.search_index:
            log.info("peerdir: search index skipped (PEERDIR_SEARCH_INDEX=0)")
        else:
            self.search = start_search_index(self.site_dir, self.setup.search_shard_pages, self.languages)

    def _translated_site(self, ctx: SiteContext, language: str) -> TranslatedSite:
        """Another language's pages; in `mkdocs serve`, with its own cache of listing pages."""
        ctx = self._context_in(ctx, language)
        session = self.setup.session
        cache = session.pages_in(language) if session is not None else None
        if cache is not None:
            cache.begin(ctx)
        renderer = PageRenderer(ctx, lists=cache.lists if cache is not None else None)
        writer = ListingWriter(renderer, self.site_dir / language)
        writer.cache = cache
        return TranslatedSite(language, renderer, writer)

    def _context_in(self, ctx: SiteContext, language: str) -> SiteContext:
        """The site's context for its pages in `language`: that language, and the site's name in it."""
        site = dataclasses.replace(ctx.site, name=self.site_name(language))
        # Structured data names the site too (an article's publisher), so it is made with that name.
        return dataclasses.replace(ctx, language=language, site=site, jsonld=site_extras(site, ctx.directory).jsonld)

    def _stage(self) -> None:
        """`mkdocs build`: write into a folder beside the site and put it in the site's place at the end,
        so a stopped or failed build leaves the last site whole. `mkdocs serve` keeps its own folder:
        it serves each rebuild as it is written, and is fast that way."""
        self.staged = StagedSite.start(self.setup.site_dir, self.setup.dirty, rewritten=_is_search_bundle)
        self.site_dir = self.staged.staging

    def _show_problems(self, session: ServeSession, problems: list[Problem], files_checked: int) -> None:
        """`mkdocs serve` with invalid data: the build goes on, to a site of one page listing the problems
        (see `peerdir.site.preview`). Raising would leave MkDocs holding every request until a build
        succeeds, so the browser would wait with the reason only in the terminal."""
        # INFO, not an error: `strict: true` would turn an error logged here into a failed build again.
        log.info("peerdir: the preview shows these problems until they are fixed:\n%s",
                 _problem_lines(problems, files_checked))
        self.problems_html = problems_page(problems, files_checked)
        session.site_replaced()

    # -- render ------------------------------------------------------------------------------------

    def render(self) -> list[str]:
        """Every listing's body, then the index pages, whose source paths are returned for MkDocs to
        build (as pages out of the nav; `page_content` gives their bodies)."""
        renderer = self._renderer()
        with timed("rendering listing pages"):
            self._render_listings(renderer)
        with timed("rendering index pages"):
            pages = index_pages(renderer)
        self.generated = {page.path + "index.md": page for page in pages}
        for site in self.translated:
            with timed(f"rendering the pages in {site.language}"):
                self._render_translated(site)
        return list(self.generated)

    def _render_translated(self, site: TranslatedSite) -> None:
        """Another language's listing and index pages; its listings go to its own search index."""
        calendars, search = self.calendars, self.search
        site.writer.attachments = calendars.files_for if calendars is not None else None
        if search is not None:
            folder, language = "/" + site.folder, site.language
            site.writer.on_page = lambda page: search.add_listing(folder + page.path, page.html, language)
        if site.writer.cache is not None:
            site.writer.cache.keep_only([listing for _, listing in listings(site.renderer.ctx.directory)])
        site.writer.render()
        site.pages = index_pages(site.renderer)

    def _render_listings(self, renderer: PageRenderer) -> None:
        collector.hold()  # released when the build ends (finish or fail)
        search, session = self.search, self.setup.session
        root = self.languages[0]
        feed = None if search is None else lambda page: search.add_listing("/" + page.path, page.html, root)
        calendars = self.calendars = MeetingCalendars(renderer.ctx.site)
        attachments = calendars.files_for if self.side is None else None  # else the side work writes them
        writer = self.writer = ListingWriter(renderer, self.site_dir, on_page=feed, attachments=attachments)
        if session is not None:
            session.pages.keep_only([listing for _, listing in listings(renderer.ctx.directory)])
            writer.cache = session.pages
        first, *rest = kinds.names()  # the first kind (meetings) is most of the pages: a shard of its own
        writer.render([first])
        if search is not None:
            search.cut()  # Pagefind writes the meetings' shard while the rest is made
        writer.render(rest)

    # -- languages ---------------------------------------------------------------------------------

    @property
    def languages(self) -> tuple[str, ...]:
        return self.setup.languages

    def site_name(self, language: str) -> str:
        """The site's name in `language`: its own where mkdocs.yml gives one (extra.peerdir.site_name_es)."""
        return self.setup.site_names.get(language) or self.setup.site.name

    def language_of(self, url: str) -> tuple[str, str]:
        """(language, URL within it) of a page: 'es/crisis/' -> ('es', 'crisis/')."""
        for language in self.languages[1:]:
            if url == language or url.startswith(language + "/"):
                return language, url[len(language) + 1:]
        return self.languages[0], url

    def note_content(self, urls: Iterable[str]) -> None:
        """The hand-written pages' URLs: those under a language's folder (content/es/) are its translations."""
        self.translated_content = {language: set() for language in self.languages[1:]}
        for url in urls:
            language, inner = self.language_of(url)
            if language in self.translated_content:
                self.translated_content[language].add(inner)

    def counterpart(self, url: str, language: str) -> str:
        """Where the page at `url` (in the root language) is in `language`: the same path under its
        folder where it has a translation (every generated page has one), else that language's home.
        Untranslated hand-written pages are not copied: a page in English under es/ would mislead."""
        if language == self.languages[0]:
            return url
        has = (url in self.translated_content.get(language, ()) or url + "index.md" in self.generated
               or url.startswith(tuple(f"{kind}/" for kind in kinds.names())))
        return f"{language}/{url}" if has else f"{language}/"

    def alternates(self, url: str, everywhere: bool = False) -> list[dict[str, str]]:
        """The page in each language, for the theme's language switch and hreflang links (`url` in the
        root language; `everywhere`: a frame's, whose pages are in every language); none on a site of
        one language, so it stays as it was."""
        if len(self.languages) < 2:
            return []
        return [{"name": LANGUAGE_NAMES[language], "lang": language,
                 "link": (url if language == self.languages[0] else f"{language}/{url}") if everywhere
                 else self.counterpart(url, language)} for language in self.languages]

    def missing_home(self) -> list[str]:
        """Languages without their home page (content/<lang>/index.md), where untranslated pages lead."""
        return [language for language, urls in self.translated_content.items() if "" not in urls]

    # -- the theme's pages -------------------------------------------------------------------------

    def page_meta(self, src_uri: str, meta: MutableMapping[str, Any]) -> None:
        """Escape what the theme prints raw in <title> and <meta>: every page's comes from a PR."""
        generated, article = self.generated.get(src_uri), self.articles.get(src_uri)
        given = {"title": generated.title, "description": generated.description} if generated else {}
        if article is not None:  # its summary, in its language (else the site's description, in English)
            given = {"description": article.meta.summary}
        escape_theme_meta(meta, **given)

    def page_content(self, src_uri: str, url: str, html: str) -> str:
        """The body of a generated page, an article's cleaned HTML with its header and footer, or any
        other page's cleaned HTML."""
        generated = self.generated.get(src_uri)
        if generated is not None:
            return generated.html  # peerdir's own markup, escaped as it was made
        article = self.articles.get(src_uri)
        if article is None:
            return sanitize_page_html(html)  # every other page comes from pull requests too
        renderer = self._renderer_in(article.language)
        path = self.language_of(url)[1]  # its links lead within its language's folder
        body = sanitize_article_html(html)  # articles come from pull requests: text markup only
        return renderer.article_header(article, path) + body + renderer.article_footer(article, path)

    def translated_articles(self) -> dict[str, str]:
        """src_uri -> URL of each article's translation in the site's languages: content/articles/es/<slug>.md
        is published at es/articles/<slug>/, beside the other Spanish pages, not at articles/es/<slug>/."""
        return {src_uri: f"{article.language}/{article_path(article.meta.slug)}"
                for src_uri, article in self.articles.items() if article.language != self.languages[0]}

    def page_written(self, url: str, output: str) -> str:
        self.pages_built.add(url)
        # A page is marked by its path within its language (es/crisis/ as crisis/); Pagefind puts it
        # in the index of its <html lang>.
        output = page_search_html(self.language_of(url)[1], output)
        if self.search is not None and is_searchable(output):
            self.search.add_html("/" + url, output)
        return output

    # -- finish ------------------------------------------------------------------------------------

    def finish(self, render_frame: RenderFrame, pages: list[DocumentationPage], known_files: Iterable[str],
               strict_failed: Callable[[], bool]) -> None:
        """Everything after MkDocs has written its pages; then the staged folder takes the site's place
        unless `strict_failed()` (MkDocs is about to fail the build: the last site stays)."""
        if self.problems_html is not None:
            _empty_folder(self.site_dir)  # nothing of the last valid site stays, even with --dirty
            write_problems_site(self.site_dir, self.problems_html)
            return
        renderer, writer, calendars = self._renderer(), self.writer, self.calendars
        if writer is None or calendars is None:
            raise RuntimeError("SiteBuild.finish before render")
        search = self.search
        for site in self.translated:
            self._frame_translated(site, render_frame, search)
        if search is not None:
            if self.staged is not None and self.setup.dirty:
                self._index_unchanged_pages(search, pages)
            search.start_writing()  # every page has been handed over: the last shard is written meanwhile
        directory = renderer.ctx.directory
        collector.freeze_survivors()  # the pages rendered so far, too
        root = self.languages[0]
        frames = {depth: PageFrame.from_shell(render_frame(depth, root), depth)
                  for depth in set(LISTING_DEPTHS.values())}
        extras = site_extras(renderer.ctx.site, directory)
        session, paths = self.setup.session, listing_paths(directory)
        if session is not None:
            self._reuse_pages(session, writer, frames, paths)
        # Serial on purpose: forked writers measured slower here (copy-on-write faults on a large heap).
        with timed("writing listing pages"):
            written = writer.write(frames)
        with timed("writing the search page's words"):
            for language in self.languages:  # each language's search page corrects to its own words
                own = [page for page in pages if self.language_of(page.url)[0] == language]
                folder = self.site_dir if language == root else self.site_dir / language
                write_words(folder, searched_words(directory, self._page_texts(own), language))
        self._write_extras(extras, directory, calendars)
        every_frame = list(frames.values())
        for site in self.translated:
            if session is not None:
                site.writer.keep_written = session.keep_written_pages(site.frames, site.language)
            with timed(f"writing the pages in {site.language}"):
                self._write_translated(site)
            written += site.written
            every_frame += site.frames.values()
        if any(frame.icons for frame in every_frame):  # the stock frame draws none (its logo is in the stylesheet)
            write_files(self.site_dir, [(ICONS_PATH, icons_file(every_frame))])
        self._finish_search(search)
        translated = [site.folder + path for site in self.translated
                      for path in [*paths, *sorted(site.paths())]]
        write_sitemap(self.site_dir, renderer.ctx.site.site_url, [page.url for page in pages] + paths + translated)
        self._log_written(written)
        self._publish(known_files, strict_failed)
        collector.release()

    def _write_extras(self, extras: SiteExtras, directory: Directory, calendars: MeetingCalendars) -> None:
        """Feeds, calendars, print sheets, embeds and day data: written here, or waited for."""
        side, self.side = self.side, None
        if side is None:
            with timed("writing feeds, print sheets and embeds"):
                extras.write_outputs(directory, self.site_dir, self._renderer().ctx.today, calendars)
            return
        with timed("waiting for the feeds, print sheets and embeds"):
            done = side.wait()
        if done.error is not None:
            log.info("peerdir: writing the feeds in a second process failed, so they were written here:\n%s",
                        done.error)
        log.debug("peerdir: feeds, print sheets and embeds took %.2f s (%.2f s CPU) %s", done.seconds,
                  done.cpu_seconds, "in a forked child" if done.where == "child" else "here")

    @staticmethod
    def _frame_translated(site: TranslatedSite, render_frame: RenderFrame,
                          search: BackgroundSearchIndex | None) -> None:
        """Another language's frames, one per depth (its theme's own words, <html lang> and language
        switch in that language), and its index pages in them, handed to the search index before it
        is written: es/meetings/ is found as meetings/ is (its listing pages were handed over as rendered)."""
        depths = set(LISTING_DEPTHS.values()) | {page.path.count("/") for page in site.pages}
        site.frames = {depth: PageFrame.from_shell(render_frame(depth, site.language), depth, folders=1)
                       for depth in depths}
        for page in site.pages:
            html = site.made[page.path] = page_search_html(page.path, framed(site.frames[page.path.count("/")], page))
            if search is not None and is_searchable(html):
                search.add_html(f"/{site.folder}{page.path}", html)

    @staticmethod
    def _write_translated(site: TranslatedSite) -> None:
        """Another language's pages, each in that language's frame for its depth."""
        site.written = (site.writer.write(site.frames)
                        + write_framed(site.writer.site_dir, site.frames, site.pages, site.made))
        SiteExtras.write_translated(site.renderer, site.writer.site_dir)

    def _finish_search(self, search: BackgroundSearchIndex | None) -> None:
        self.search = None
        if search is None:
            return
        session = self.setup.session
        if session is not None:
            # `mkdocs serve`: the edit is shown while Pagefind writes the index (at 10,000 meetings a
            # --dirty rebuild took 5.1-6.7 s waiting for it, 2.5-2.7 s without the index).
            session.finish_search_later(lambda: _finish_search_in_background(search))
            return
        with timed("waiting for the search index"):
            try:
                indexed = search.finish()
            except PagefindError as error:
                raise BuildRefused(f"peerdir: the search index could not be built: {error}") from None
        log.info("peerdir: %d pages in the search index", indexed)
        log.debug("peerdir: peak memory of the search indexer %.0f MB", search.peak_rss_mb)

    def _log_written(self, written: int) -> None:
        session = self.setup.session
        if session is not None:  # `mkdocs serve`: what this rebuild did again, in every language
            caches = [session.pages, *(session.pages_in(site.language) for site in self.translated)]
            log.info("peerdir: %d listings read again, %d listing pages rendered again, %d written",
                     session.listings.validated, sum(len(cache.pages) - cache.hits for cache in caches), written)
        else:
            log.info("peerdir: %d listing pages written", written)
        log.debug("peerdir: peak memory of the build %.0f MB", peak_rss_mb(os.getpid()))

    def _publish(self, known_files: Iterable[str], strict_failed: Callable[[], bool]) -> None:
        staged, self.staged = self.staged, None
        if staged is None:
            return
        self.site_dir = staged.site
        if strict_failed():
            staged.abandon()  # MkDocs fails the build after this: the last site stays
            return
        if self.setup.dirty:
            with timed("removing what the last build wrote and this one did not"):
                removed = staged.drop_stale(known_files)
            log.info("peerdir: %d files of the last build removed (deleted listings and the like)", removed)
        staged.publish()

    def _page_texts(self, pages: list[DocumentationPage]) -> Iterator[str]:
        """The text of each hand-written page and article as written (a few dozen pages)."""
        for page in pages:
            try:
                html = (self.site_dir / page.dest_uri).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            yield _TAG.sub(" ", _article_text(html))

    def _index_unchanged_pages(self, search: BackgroundSearchIndex, pages: list[DocumentationPage]) -> None:
        """`mkdocs build --dirty`: the pages MkDocs left as they were go into the new index too, as written."""
        for page in pages:
            target = self.site_dir / page.dest_uri
            if page.url not in self.pages_built and target.is_file():
                html = target.read_text(encoding="utf-8")
                if is_searchable(html):
                    search.add_html("/" + page.url, html)

    def _reuse_pages(self, session: ServeSession, writer: ListingWriter, frames: dict[int, PageFrame],
                     paths: list[str]) -> None:
        """`mkdocs serve`: unchanged listings keep their files with --dirty; removed ones lose theirs,
        in every language."""
        writer.keep_written = session.keep_written_pages(frames)
        folders = [writer.site_dir, *(site.writer.site_dir for site in self.translated)]
        for path in session.gone(set(paths)):
            for folder in folders:
                shutil.rmtree(folder / path, ignore_errors=True)  # its file was removed or renamed

    # -- fail --------------------------------------------------------------------------------------

    def fail(self) -> None:
        """A failed build: stop the indexer; the staged folder goes and the last site stays as it was."""
        self.stop_search()
        collector.release()
        if self.side is not None:
            self.side.cancel()
            self.side = None
        staged, self.staged = self.staged, None
        if staged is not None:
            staged.abandon()
            self.site_dir = staged.site

    def stop_search(self) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    def _renderer_in(self, language: str) -> PageRenderer:
        for site in self.translated:
            if site.language == language:
                return site.renderer
        return self._renderer()

    def _renderer(self) -> PageRenderer:
        if self.renderer is None:
            raise RuntimeError("the build has no valid data to render")  # a bug in the caller: see problems_html
        return self.renderer


def _problem_lines(problems: list[Problem], files_checked: int) -> str:
    """The lines `peerdir validate` prints, one per problem, then the summary."""
    return format_problems(problems, "text") + "\n" + summary_line(problems, files_checked)


def _is_search_bundle(name: str) -> bool:
    return re.fullmatch(rf"{OUTPUT_SUBDIR}(?:-[0-9]+)?", name) is not None  # pagefind/, pagefind-2/ …


def searched_words(directory: Directory, pages: Iterable[str] = (), language: str = "en") -> Iterator[str]:
    """The texts whose words the search page may correct a search to: what people search for
    (names, places, programs, types in `language`, regions, the titles, summaries and tags of the
    articles and of their translations into `language`, and the text of that language's hand-written
    pages, which are few)."""
    yield from pages
    types = type_names_in(directory.vocabulary, language)
    for _, listing in directory.all_listings():
        yield listing.name
        for attribute in ("city", "program", "location"):
            value = getattr(listing, attribute, None)
            if isinstance(value, str):
                yield value
        yield " ".join(types.get(code, "") for code in getattr(listing, "types", ()))
    for region in directory.regions.values():
        yield region.name
    for article in [*directory.articles, *directory.translations.get(language, {}).values()]:
        yield " ".join([article.meta.title, article.meta.summary, *article.meta.tags])


_TAG = re.compile(r"<[^>]*>|&[#\w]+;")


def _article_text(html: str) -> str:
    """The page's own content: the theme's article, up to its first end tag (found, not matched: a
    lazy pattern over the large index pages took a tenth of a second at 10,000 meetings)."""
    start = html.find(THEME_ARTICLE)
    opened = html.find(">", start) + 1 if start >= 0 else 0
    end = html.find("</article>", opened) if opened else -1
    return html[opened:end] if end >= 0 else ""


def _finish_search_in_background(search: BackgroundSearchIndex) -> None:
    try:
        indexed = search.finish()
    except PagefindError as error:
        log.error("peerdir: the search index could not be built: %s", error)
    else:
        log.info("peerdir: %d pages in the search index", indexed)


def dirty_build_notice_as_info(record: logging.LogRecord) -> bool:
    """A log filter for MkDocs' build logger: its notice that a build is dirty is news, not a warning."""
    if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def _empty_folder(folder: Path) -> None:
    """Remove what `folder` holds, as MkDocs cleans a site folder (hidden entries stay; MkDocs never writes them)."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink()


@contextlib.contextmanager
def timed(what: str) -> Iterator[None]:
    """Phase timings for `mkdocs build --verbose`: where a slow build spends its time."""
    start, cpu = time.perf_counter(), os.times()
    yield
    now = os.times()
    log.debug("peerdir: %s took %.2f s (%.2f s user, %.2f s system)", what, time.perf_counter() - start,
              now.user - cpu.user, now.system - cpu.system)
