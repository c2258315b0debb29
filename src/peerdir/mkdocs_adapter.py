"""MkDocs events, each handed to a `peerdir.build.SiteBuild`; hooks/peerdir_site.py re-exports them.

Only these two files import MkDocs. What `mkdocs serve` rebuilds share is in `peerdir.site.incremental`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
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

from peerdir.build import BuildRefused, BuildSetup, DocumentationPage, SiteBuild, dirty_build_notice_as_info, log
from peerdir.output_text import guard_log
from peerdir.project import Project
from peerdir.settings import Settings, SettingsError
from peerdir.site import frame as frame_slots
from peerdir.site.incremental import serve_session, start_serving


@dataclass
class _Events:
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
        start_serving(dirty)  # rebuilds keep unchanged listings and their pages
    if dirty:  # `strict: true` would turn MkDocs' notice about dirty builds into a failed build
        logging.getLogger("mkdocs.commands.build").addFilter(dirty_build_notice_as_info)


def on_pre_build(config: MkDocsConfig) -> None:
    global _events
    if _events.build is not None:
        _events.build.stop_search()  # a build that failed before its end
    _events = _Events(dirty=_events.dirty, config=config)
    settings, project = _project(config)
    setup = BuildSetup.of(settings, project, site_url=config.site_url, site_name=config.site_name,
                          site_dir=Path(config.site_dir), dirty=_events.dirty, session=serve_session())
    try:
        _events.build = SiteBuild.start(setup)
    except BuildRefused as refused:
        raise PluginError(str(refused)) from None
    config["site_dir"] = str(_events.build.site_dir)  # `mkdocs build` writes a staged folder


def _project(config: MkDocsConfig) -> tuple[Settings, Project]:
    try:
        extra: Any = config.extra  # MkDocs types it as a SubConfig; it reads as a mapping
        settings = Settings.read(extra.get("peerdir") if extra else None)
    except SettingsError as error:
        raise PluginError(f"peerdir: {error}") from None
    return settings, Project.for_mkdocs(config.config_file_path, config.docs_dir, settings)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _build()
    if build.problems_html is not None:
        config["nav"] = None  # no pages: a nav naming them would be warned about, and fail the build
        return Files([])
    for src_uri in build.render():
        if (existing := files.get_file_from_path(src_uri)) is not None:
            files.remove(existing)  # a hand-written page of the same name would be silently shadowed
            log.warning("peerdir: content/%s is replaced by the generated page; move your text elsewhere", src_uri)
        # Out of the nav on purpose (see mkdocs.yml), as are the articles (listed on articles/).
        files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    for article in filter(None, map(files.get_file_from_path, build.articles)):
        if article.inclusion.is_in_nav():
            article.inclusion = InclusionLevel.NOT_IN_NAV
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
        build.finish(lambda depth: _frame(config, depth), pages, (f.dest_uri for f in files),
                     strict_failed=lambda: bool(config.strict) and _strict_warnings())
    except BuildRefused as refused:
        raise PluginError(str(refused)) from None
    config["site_dir"] = str(build.site_dir)  # the published site: gh-deploy pushes from it


def on_build_error(error: Exception) -> None:
    if _events.build is not None and _events.config is not None:
        _events.build.fail()  # the last site stays as it was
        _events.config["site_dir"] = str(_events.build.site_dir)


def on_shutdown() -> None:
    if (session := serve_session()) is not None:
        session.wait_for_search()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    server.watch(str(_project(config)[1].data))  # a data edit rebuilds like a content edit
    return server


def _build() -> SiteBuild:
    if _events.build is None:
        raise PluginError("peerdir: a page event came before the build started (on_pre_build)")
    return _events.build


def _strict_warnings() -> bool:
    """Whether MkDocs has counted a warning that makes it fail a strict build once the build is done."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def _frame(config: MkDocsConfig, depth: int) -> str:
    """The theme's page template rendered for a placeholder page at `depth` (see peerdir.site.frame)."""
    if _events.nav is None or _events.env is None:
        raise PluginError("peerdir: the theme frame was asked for before MkDocs gave the nav and its templates")
    src_uri = frame_slots.placeholder_path(depth).rstrip("/") + ".md"
    page = Page(frame_slots.TITLE, File.generated(config, src_uri, content=""), config)
    page.content, page.meta = frame_slots.CONTENT, {"description": frame_slots.DESCRIPTION}
    return _events.env.get_template(frame_slots.TEMPLATE).render(get_context(_events.nav, _events.files, config, page))
