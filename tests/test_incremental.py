"""`mkdocs serve` at scale: unchanged listings keep their pages from one rebuild to the next, and a
data edit shows up on the served site."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from peerdir.loading import load_directory
from peerdir.site.incremental import PageCache
from peerdir.site.render import PageRenderer, RenderedPage, SiteContext
from peerdir.urls import SiteInfo
from tests.conftest import SAMPLE_DATA, copy_project, two_languages

TODAY = dt.date(2026, 11, 23)


def _context(data: Path, today: dt.date = TODAY) -> SiteContext:
    directory, problems = load_directory(data, None, today=today)
    assert not problems
    return SiteContext(directory, SiteInfo(), today)


def test_page_cache_reuses_pages_of_the_same_objects_only() -> None:
    ctx = _context(SAMPLE_DATA)
    renderer = PageRenderer(ctx)
    cache = PageCache()
    cache.begin(ctx)
    first, second = ctx.directory.meetings[:2]
    rendered: list[str] = []

    def render(meeting) -> RenderedPage:
        rendered.append(meeting.slug)
        return renderer.meeting(meeting)

    page, cached = cache.page(first, render)
    assert not cached and cache.page(first, render) == (page, True)
    assert rendered == [first.slug] and cache.hits == 1
    # An equal but new object (its file was read again) is rendered again.
    again = first.model_copy()
    assert cache.page(again, render)[0] is not page and rendered == [first.slug, first.slug]
    cache.page(second, render)
    cache.keep_only([again])
    assert len(cache.pages) == 1


def test_page_cache_is_emptied_when_what_every_page_shows_changes() -> None:
    ctx = _context(SAMPLE_DATA)
    cache = PageCache()
    cache.begin(ctx)
    meeting = ctx.directory.meetings[0]
    cache.page(meeting, PageRenderer(ctx).meeting)
    cache.begin(_context(SAMPLE_DATA))  # same settings, regions and programs: kept
    assert len(cache.pages) == 1
    later = _context(SAMPLE_DATA, today=TODAY + dt.timedelta(days=1))  # "possibly out of date" may change
    cache.begin(later)
    assert not cache.pages
    cache.page(meeting, PageRenderer(later).meeting)
    renamed = _context(SAMPLE_DATA)
    region = next(iter(renamed.directory.regions))
    renamed.directory.regions[region] = renamed.directory.regions[region].model_copy(update={"name": "Renamed"})
    cache.begin(renamed)
    assert not cache.pages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("dirty, languages", [(False, 1), (True, 1), (False, 2), (True, 2)])
def test_a_data_edit_shows_up_in_mkdocs_serve(tmp_path: Path, dirty: bool, languages: int) -> None:
    """With two languages the edit shows on the listing's Spanish page (es/) too, and a removed
    listing's Spanish page goes with its English one."""
    project = copy_project(tmp_path / "project")
    if languages == 2:
        two_languages(project)
    folders = ["", "es/"][:languages]
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": TODAY.isoformat()}
    env.pop("PEERDIR_DATA", None)
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
               *(["--dirty"] if dirty else [])]
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        listing = sorted((project / "data" / "meetings").rglob("*.yaml"))[0]
        region, slug = listing.parent.name, listing.stem
        urls = [f"http://127.0.0.1:{port}/{folder}meetings/{region}/{slug}/" for folder in folders]
        assert _wait_for(lambda: all("<h1" in _fetch(url) for url in urls), 120), (tmp_path / "serve.log").read_text()
        text = listing.read_text(encoding="utf-8")
        listing.write_text(re.sub(r"(?m)^name: ", "name: Edited ", text, count=1), encoding="utf-8")
        for url in urls:
            assert _wait_for(lambda url=url: "Edited" in _fetch(url), 120), (url, (tmp_path / "serve.log").read_text())
        if languages == 2:
            assert '<html lang="es"' in _fetch(urls[1])
        # A listing whose file is removed is gone from the served site too.
        gone = sorted((project / "data" / "meetings").rglob("*.yaml"))[-1]
        gone_urls = [f"http://127.0.0.1:{port}/{folder}meetings/{gone.parent.name}/{gone.stem}/" for folder in folders]
        assert all("<h1" in _fetch(url) for url in gone_urls)
        gone.unlink()
        for url in gone_urls:
            assert _wait_for(lambda url=url: "<h1" not in _fetch(url), 120), (url, (tmp_path / "serve.log").read_text())
        served = (tmp_path / "serve.log").read_text(encoding="utf-8")
        # One listing's page rendered again in each language: the others' were kept.
        assert f"1 listings read again, {languages} listing pages rendered again" in served, served
        assert "Traceback" not in served
        if dirty:  # only the edited listing's pages were written again (and the Spanish index pages)
            written = int(re.findall(r"1 listings read again, \d+ listing pages rendered again, (\d+) written", served)[0])
            assert written == 1 if languages == 1 else 2 <= written < 40, served
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
