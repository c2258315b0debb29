"""Shared fixtures: the sample site built once per session, served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The sample directory frozen with its own date (see tests/fixtures/sample/README.md): tests never
# read the live data/ or articles, and never today's date.
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
SAMPLE_DATA = SAMPLE / "data"
SAMPLE_CONTENT = SAMPLE / "content"
SAMPLE_TODAY = dt.date(2026, 11, 23)

# A meeting whose every text field tries to break out of HTML, attributes, scripts or templates.
HOSTILE_MEETING = textwrap.dedent("""\
    name: "<script>alert('name')</script> Group"
    program: AA
    day: Monday
    time: "19:00"
    location: '"><img src=x onerror=alert(1)>'
    address: 1 Main St
    city: Springfield
    notes: "</script><script>alert('notes')</script> & more"
    group: "{{ 7*7 }} {% raw %}"
    last_verified: 2026-01-10
""")


def build_site(out_dir: Path, data_dir: Path | None = None, project: Path | None = None,
               extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project` (by default a copy of the project with the frozen sample)
    into `out_dir`, optionally with another data folder, on SAMPLE_TODAY unless `extra_env` says."""
    if project is None:
        project = copy_project(out_dir.parent / f"{out_dir.name}-project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": SAMPLE_TODAY.isoformat(),
           **(extra_env or {})}
    env.pop("PEERDIR_DATA", None)
    if data_dir is not None:
        env["PEERDIR_DATA"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample directory (data/ and content/) built as the README's command builds it."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(out)
    assert result.returncode == 0, f"sample site did not build:\n{result.stdout}\n{result.stderr}"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    url, server = serve(built_site)
    yield url
    server.shutdown()


def two_languages(project: Path) -> Path:
    """`project` (a copy_project) set to build in English and Spanish."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    stale_after_days: 180\n", "    stale_after_days: 180\n    languages: [en, es]\n"),
                      encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built in English and Spanish, once for every test that reads it."""
    base = tmp_path_factory.mktemp("bilingual")
    out = base / "site"
    result = build_site(out, project=two_languages(copy_project(base / "project")))
    assert result.returncode == 0, f"the site in two languages did not build:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def bilingual_url(bilingual_site: Path) -> Iterator[str]:
    url, server = serve(bilingual_site)
    yield url
    server.shutdown()


def copy_project(target: Path) -> Path:
    """A copy of the project's site sources with the frozen sample's data and articles, for builds
    with altered config or content."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "overrides", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("articles"))
        else:
            shutil.copy(src, target / name)
    shutil.copytree(SAMPLE_DATA, target / "data")
    shutil.copytree(SAMPLE_CONTENT / "articles", target / "content" / "articles")
    # One language, as the tests read the sample unless they ask for two (two_languages), whatever
    # the live mkdocs.yml says.
    config = target / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^    languages: .*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    return target
