"""MkDocs events, each handed to one `peerdir.site.build.SiteBuild` (hooks/peerdir_site.py re-exports them).

This module and the hooks file are the only ones that import MkDocs. MkDocs loads the hooks file
afresh for every `mkdocs serve` rebuild, while this module stays imported: what lives from one
rebuild to the next is in `peerdir.site.incremental`, and `_state` only holds the build under way.
"""

from __future__ import annotations

import logging
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from peerdir.output_text import guard_log
from peerdir.project import Project
from peerdir.settings import Settings, SettingsError
from peerdir.site import frame as frame_slots
from peerdir.site.build import BuildRefused, BuildSetup, DocumentationPage, SiteBuild, log
from peerdir.site.incremental import serve_session, start_serving
from peerdir.urls import SiteInfo

@dataclass
class _Events:
    """The build under way, and what MkDocs hands over before the pages for the frame after them."""

    dirty: bool = False  # `--dirty`, as on_startup was told
    build: SiteBuild | None = None
    config: MkDocsConfig | None = None  # for on_build_error, which is given none
    nav: Navigation | None = None
    files: Files = field(default_factory=lambda: Files([]))
    env: Environment | None = None


_events = _Events()


def on_startup(command: str, dirty: bool) -> None:
    _events.dirty = dirty
    guard_log()  # the log prints file names and values from the data: no escapes, no workflow commands
    if command == "serve":
        # Rebuilds on every edit: keep unchanged listings and their pages from one rebuild to the next.
        # The search index is built too (PEERDIR_SEARCH_INDEX=0 skips it for a faster preview).
        start_serving(dirty)
    if dirty:
        # `serve --dirty` is the fast way to preview a big directory, and `build --dirty` removes what the
        # last build wrote and this one did not; `strict: true` would fail on MkDocs' notice every time.
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_build_notice_as_info)


def _dirty_build_notice_as_info(record: logging.LogRecord) -> bool:
    if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def on_pre_build(config: MkDocsConfig) -> None:
    global _events
    if _events.build is not None:
        _events.build.stop_search()  # a build that failed before its end
    _events = _Events(dirty=_events.dirty, config=config)
    settings, project = _project(config)
    site = SiteInfo(site_url=config.site_url or "http://127.0.0.1:8000/", repo_url=settings.repository,
                    branch=settings.branch, name=config.site_name)
    setup = BuildSetup(data_dir=project.data, content_dir=project.content, site_dir=Path(config.site_dir), site=site,
                       today=settings.build_date(), stale_after_days=settings.stale_after_days,
                       dirty=_events.dirty, session=serve_session())
    try:
        build = _events.build = SiteBuild.start(setup)
    except BuildRefused as refused:
        raise PluginError(str(refused)) from None
    config["site_dir"] = str(build.site_dir)  # MkDocs empties it right after this event: a staged folder


def _project(config: MkDocsConfig) -> tuple[Settings, Project]:
    try:
        settings = Settings.read((config.extra or {}).get("peerdir"))
    except SettingsError as error:
        raise PluginError(f"peerdir: {error}") from None
    return settings, Project.for_mkdocs(config.config_file_path, config.docs_dir, settings)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _build()
    if build.problems_html is not None:
        config["nav"] = None  # no pages: a nav naming them would be warned about, and fail the build
        return Files([])
    for page in build.render():
        src_uri = page.path + "index.md"
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)  # a hand-written page of the same name would be silently shadowed
            log.warning("peerdir: content/%s is replaced by the generated page; move your text elsewhere", src_uri)
        # Out of the nav on purpose (see mkdocs.yml): MkDocs need not list them on every build.
        files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    for src_uri in build.articles:
        article = files.get_file_from_path(src_uri)
        if article is not None and article.inclusion.is_in_nav():
            article.inclusion = InclusionLevel.NOT_IN_NAV  # listed on articles/, not one by one in the nav
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _events.nav, _events.files = nav, files
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    _events.env = env
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _build().page_meta(page.file.src_uri, page.meta)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build().page_content(page.file.src_uri, page.url, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _build().page_written(page.url, output)


def on_post_build(config: MkDocsConfig) -> None:
    build, files = _build(), _events.files
    pages = [DocumentationPage(f.url, f.dest_uri) for f in files.documentation_pages()]
    try:
        build.finish(lambda depth: _frame(config, files, depth), pages, (f.dest_uri for f in files),
                     strict_failed=lambda: bool(config.strict) and _strict_warnings())
    except BuildRefused as refused:
        raise PluginError(str(refused)) from None
    config["site_dir"] = str(build.site_dir)  # gh-deploy pushes from it after the build


def on_build_error(error: Exception) -> None:
    build, config = _events.build, _events.config
    if build is not None:
        build.fail()
        if config is not None:
            config["site_dir"] = str(build.site_dir)


def on_shutdown() -> None:
    session = serve_session()
    if session is not None:
        session.wait_for_search()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(_project(config)[1].data))  # a data edit rebuilds like a content edit
    return server


def _build() -> SiteBuild:
    build = _events.build
    if build is None:
        raise PluginError("peerdir: a page event came before the build started (on_pre_build)")
    return build


def _strict_warnings() -> bool:
    """Whether MkDocs has counted a warning that makes it fail a strict build once the build is done."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def _frame(config: MkDocsConfig, files: Files, depth: int) -> str:
    """The theme's page template rendered once for a placeholder page at `depth` (see peerdir.site.frame)."""
    src_uri = frame_slots.placeholder_path(depth).rstrip("/") + ".md"
    page = Page(frame_slots.TITLE, File.generated(config, src_uri, content=""), config)
    page.content = frame_slots.CONTENT
    page.meta = {"description": frame_slots.DESCRIPTION}
    if _events.nav is None or _events.env is None:
        raise PluginError("peerdir: the theme frame was asked for before MkDocs gave the nav and its templates")
    context = get_context(_events.nav, files, config, page)
    return _events.env.get_template("main.html").render(context)
