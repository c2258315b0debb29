"""MkDocs events, each handed to a `peerdir.build.SiteBuild`; hooks/peerdir_site.py re-exports them.

Only these two files import MkDocs. What `mkdocs serve` rebuilds share is in `peerdir.site.incremental`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping
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

from peerdir import i18n
from peerdir.build import BuildRefused, BuildSetup, DocumentationPage, SiteBuild, dirty_build_notice_as_info, log
from peerdir.output_text import guard_log
from peerdir.project import Project
from peerdir.search import THEME_ARTICLE, search_page_script
from peerdir.settings import Settings, SettingsError
from peerdir.site import finder_words, scripts, words
from peerdir.site import frame as frame_slots
from peerdir.site.incremental import serve_session, start_serving
from peerdir.site.theme_text import theme_text


@dataclass
class _Events:
    dirty: bool = False  # `--dirty`, as on_startup was told
    build: SiteBuild | None = None
    config: MkDocsConfig | None = None  # for on_build_error, which is given none
    nav: Navigation | None = None
    files: Files = field(default_factory=lambda: Files([]))
    env: Environment | None = None
    frames: dict[tuple[int, str], str] = field(default_factory=dict)  # (depth, language) -> the theme's page


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
    _publish_translated_articles(build, files, config)
    _note_translations(build, files)
    _publish_scripts(config, files)
    _publish_listing_script(config, files, build)
    _publish_finder_words(config, files, build)
    _publish_stylesheet(config, files, build)
    return files


def _publish_scripts(config: MkDocsConfig, files: Files) -> None:
    """The theme's own scripts without their comments (peerdir.site.scripts)."""
    for uri in scripts.SCRIPTS:
        theme_file = files.get_file_from_path(uri)
        if theme_file is None or not theme_file.abs_src_path:
            continue
        text = Path(theme_file.abs_src_path).read_text(encoding="utf-8")
        files.remove(theme_file)
        files.append(File.generated(config, uri, content=scripts.without_comments(text)))


def _publish_translated_articles(build: SiteBuild, files: Files, config: MkDocsConfig) -> None:
    """content/articles/es/<slug>.md is published at es/articles/<slug>/ (in the site's languages)."""
    for src_uri, url in build.translated_articles().items():
        if (found := files.get_file_from_path(src_uri)) is not None:
            files.remove(found)
            files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                              dest_uri=url + "index.html", inclusion=InclusionLevel.NOT_IN_NAV))


def _publish_listing_script(config: MkDocsConfig, files: Files, build: SiteBuild) -> None:
    """listing.js (without its comments) with the palette toggle it draws on listing pages, its names in
    every language."""
    theme_file = files.get_file_from_path(frame_slots.LISTING_SCRIPT)
    if theme_file is None or not theme_file.abs_src_path:
        return
    palette, root = config.theme.get("palette"), build.languages[0]
    names = {language: frame_slots.toggle_names(palette if language == root else _palette_in(language, palette))
             for language in build.languages}
    source = scripts.without_comments(Path(theme_file.abs_src_path).read_text(encoding="utf-8"))
    edit = {"branch": build.setup.site.branch,
            "names": {language: i18n.translations(language).gettext(words.EDIT_LINK) for language in build.languages}}
    text = frame_slots.listing_script(source, palette, names, root, config.theme.dirs, edit)
    files.remove(theme_file)
    files.append(File.generated(config, frame_slots.LISTING_SCRIPT, content=text))


def _publish_stylesheet(config: MkDocsConfig, files: Files, build: SiteBuild) -> None:
    """The one stylesheet every page links (peerdir.site.frame.site_stylesheet), with the listing
    header's logo and the crisis numbers' print words in every language; its name for the templates."""
    icon = config.theme.get("icon")
    rules = (frame_slots.logo_rule(config.theme.get("logo"), icon.get("logo") if isinstance(icon, Mapping) else None,
                                   config.theme.dirs)
             + frame_slots.crisis_print_rules({language: i18n.translations(language).gettext
                                               for language in build.languages}))
    path, text = frame_slots.site_stylesheet(config.theme.dirs, rules)
    files.append(File.generated(config, path, content=text))
    config.extra["pd_stylesheet"] = path


def _publish_finder_words(config: MkDocsConfig, files: Files, build: SiteBuild) -> None:
    """Each other language's words for finder.js, one file its pages share (peerdir.site.finder_words)."""
    for language in build.languages[1:]:
        script = finder_words.words_script(config.theme.dirs, language)
        if script is not None:
            files.append(File.generated(config, f"{language}/{finder_words.WORDS_SCRIPT}", content=script))


def _note_translations(build: SiteBuild, files: Files) -> None:
    """content/<lang>/ and content/articles/<lang>/ hold another language's pages: out of the nav (each
    language's frame has its own), and out of the site where the site is not in that language."""
    for page in files.documentation_pages():
        parts = page.src_uri.split("/")
        folder = parts[1] if parts[0] == "articles" and len(parts) > 2 else parts[0]
        if folder in i18n.TRANSLATED and folder not in build.languages:
            files.remove(page)
    pages = files.documentation_pages()
    build.note_content(page.url for page in pages)
    for page in pages:
        if build.language_of(page.url)[0] != build.languages[0] and page.inclusion.is_in_nav():
            page.inclusion = InclusionLevel.NOT_IN_NAV
    if missing := build.missing_home():
        raise PluginError(f"peerdir: extra.peerdir.languages names {', '.join(missing)}: write "
                          f"content/{missing[0]}/index.md, that language's home page (the language switch of every "
                          "page not translated leads there)")


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _events.nav, _events.files = nav, files
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # overrides/ says its words in {% trans %}: in the root language as written, another's in its frame.
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(i18n.translations("en"), newstyle=True)  # type: ignore[attr-defined]
    _events.env = env
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _build().page_meta(page.file.src_uri, page.meta)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build().page_content(page.file.src_uri, page.url, html)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    build = _build()
    if len(build.languages) > 1:  # the language switch and hreflang links of this page (none on one language)
        config.extra["alternate"] = build.alternates(build.language_of(page.url)[1])
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = _build()
    language, inner = build.language_of(page.url)
    if language != build.languages[0]:  # content/es/…: its own text in that language's frame
        frame = frame_slots.PageFrame.from_shell(_frame(config, inner.count("/"), language), inner.count("/"),
                                                 folders=1)
        title, content = theme_text(page.title or ""), page.content or ""
        if "<h1" not in content:  # as the theme heads a page (an article) whose text has no title of its own
            content = f"<h1>{title}</h1>\n{content}"
        # In the theme's article, as on the theme's pages: search marks a hand-written page's text by it
        # (the listing frame has no wrapper of its own around a body; peerdir.css sets this one flat).
        content = f"{THEME_ARTICLE}>\n{content}\n</article>"
        output = frame.fill(path=inner, title=title,
                            description=theme_text(page.meta.get("description") or config.site_description or ""),
                            content=content)
        if inner == "search/":  # the frame is a placeholder page's: the search page's script is added here
            output = _with_search_script(output, language, page.url.count("/"))
    return build.page_written(page.url, output)


def _with_search_script(output: str, language: str, depth: int) -> str:
    """A search page in another language: search.js with its words in that language (as data)."""
    script = (search_page_script(i18n.translations(language))
              + f'<script src="{"../" * depth}assets/peerdir/search.js" defer></script>')
    head, found, tail = output.rpartition("</body>")
    return head + script + found + tail if found else output + script


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """404.html on a site of more languages: its words in each other language too (one 404 page is
    served for every missing address, whichever language it was in)."""
    build, nav, env = _build(), _events.nav, _events.env
    if template_name != "404.html" or len(build.languages) < 2 or nav is None or env is None:
        return context
    sections = []
    for language in build.languages[1:]:
        with _in_language(config, env, nav, build, language, "404.html"):
            words = env.get_template("partials/not_found.html").render(
                {**context, "pd_folder": f"{language}/", "pd_level": 2, "pd_id": f"pd-404-q-{language}"})
        sections.append(f'<section lang="{language}" class="pd-not-found-other">{words}</section>')
    return {**context, "pd_not_found": "".join(sections)}


def on_post_build(config: MkDocsConfig) -> None:
    build, files = _build(), _events.files
    pages = [DocumentationPage(f.url, f.dest_uri) for f in files.documentation_pages()]
    try:
        build.finish(lambda depth, language: _frame(config, depth, language), pages, (f.dest_uri for f in files),
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


def _frame(config: MkDocsConfig, depth: int, language: str = "en") -> str:
    """The theme's page template rendered for a placeholder page at `depth` (see peerdir.site.frame)
    in `language`'s folder, in that language: cached, a build asks for each a few times."""
    key = (depth, language)
    if key not in _events.frames:
        _events.frames[key] = _render_frame(config, depth, language)
    return _events.frames[key]


def _render_frame(config: MkDocsConfig, depth: int, language: str) -> str:
    nav, env, build = _events.nav, _events.env, _build()
    if nav is None or env is None:
        raise PluginError("peerdir: the theme frame was asked for before MkDocs gave the nav and its templates")
    path = frame_slots.placeholder_path(depth)
    folder = "" if language == build.languages[0] else f"{language}/"
    page = Page(frame_slots.TITLE, File.generated(config, (folder + path).rstrip("/") + ".md", content=""), config)
    page.content, page.meta = frame_slots.CONTENT, {"description": frame_slots.DESCRIPTION}
    with _in_language(config, env, nav, build, language, path):
        return env.get_template(frame_slots.TEMPLATE).render(
            get_context(nav, _events.files, config, page))


@contextlib.contextmanager
def _in_language(config: MkDocsConfig, env: Environment, nav: Navigation, build: SiteBuild, language: str,
                 path: str) -> Iterator[None]:
    """The theme set for a page at `path` in `language`: Material's own words (theme.language), ours
    ({% trans %} in overrides/), the language switch to `path` in every language, and the nav's pages
    that language has, each leading to its own; all as it was afterwards. A site of one language is
    left as it is: its pages stay byte for byte what they were."""
    if len(build.languages) < 2:
        yield
        return
    theme_language, alternate, items = config.theme["language"], config.extra.get("alternate"), nav.items
    site_name = config["site_name"]
    palette = config.theme.get("palette")
    saved = [(item, dict(item.__dict__), dict(item.file.__dict__)) for item in items if isinstance(item, Page)]
    try:
        config.extra["alternate"] = build.alternates(path, everywhere=True)
        if language != build.languages[0]:
            config.theme["language"] = language
            config["site_name"] = build.site_name(language)
            crisis = build.counterpart("crisis/", language)
            config.extra["pd_crisis"] = crisis if crisis != f"{language}/" else "crisis/"
            search = build.counterpart("search/", language)  # its own search page, if it has one
            config.extra["pd_search"] = search if search != f"{language}/" else None
            has_words = finder_words.script_in(config.theme.dirs) is not None
            config.extra["pd_finder_words"] = f"{language}/{finder_words.WORDS_SCRIPT}" if has_words else None
            env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
            nav.items = _nav_in(build, language, items)
            config.theme["palette"] = _palette_in(language, palette)
        yield
    finally:
        config.theme["language"], nav.items, config.theme["palette"] = theme_language, items, palette
        config["site_name"] = site_name
        config.extra["alternate"] = alternate
        config.extra.pop("pd_crisis", None)
        config.extra.pop("pd_search", None)
        config.extra.pop("pd_finder_words", None)
        env.install_gettext_translations(i18n.translations(build.languages[0]), newstyle=True)  # type: ignore[attr-defined]
        for item, page_state, file_state in saved:
            item.__dict__.clear()
            item.__dict__.update(page_state)
            item.file.__dict__.clear()
            item.file.__dict__.update(file_state)


def _palette_in(language: str, palette: Any) -> Any:
    """The palette toggle's names (mkdocs.yml, in the root language) in `language`: a copy."""
    translate = i18n.translations(language).gettext
    if not isinstance(palette, list):
        return palette
    return [{**scheme, "toggle": {**scheme["toggle"], "name": translate(scheme["toggle"]["name"])}}
            if isinstance(scheme, dict) and isinstance(scheme.get("toggle"), dict)
            and isinstance(scheme["toggle"].get("name"), str) and scheme["toggle"]["name"] else scheme
            for scheme in palette]


def _nav_in(build: SiteBuild, language: str, items: list[Any]) -> list[Any]:
    """The nav's pages that `language` has, retitled from the catalog and leading to that language's
    page (their objects are put back as they were by `_in_language`)."""
    translate, kept = i18n.translations(language).gettext, []
    for item in items:
        if not isinstance(item, Page) or build.counterpart(item.url, language) == f"{language}/" and item.url:
            continue
        item.file.url = build.counterpart(item.url, language)
        if item.title:
            item.title = translate(item.title)
        kept.append(item)
    return kept
