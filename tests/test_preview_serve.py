"""`mkdocs serve` tells the truth: an invalid edit shows its problems in the browser (the lines
`peerdir validate` prints), the fixed data brings the site back, and search works in the preview.
A plain `mkdocs build` of the same invalid data still fails with the same lines."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from markupsafe import escape

from peerdir.cli import main
from peerdir.diagnostics import Problem
from peerdir.site.preview import problems_page
from tests.conftest import build_site, copy_project

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "volunteer" / "data"
TODAY = "2026-11-23"
HOME_PAGE = "homes/chicago/serenity-house/"
SEARCH_ENTRY = "pagefind/pagefind-entry.json"
# Hostile on purpose: the field name is echoed in the message, and must arrive escaped.
BROKEN_HOME = 'name: Broken House\ngender: women\ncity: Chicago\nstate: IL\n"<script>alert(1)</script>": x\n' \
              "last_verified: 2026-11-01\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site with the volunteer fixture's data (no dependence on the live data/)."""
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "data")
    shutil.copytree(FIXTURE_DATA, root / "data")
    return root


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 15) -> tuple[int, str]:
    """(status, body); a request the server holds longer than `timeout` fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(what: str, check: Callable[[], bool], seconds: float, log: Path) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.2)
    pytest.fail(f"{what} not within {seconds} s; serve said:\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture(params=["serve", "serve --dirty"])
def served(request: pytest.FixtureRequest, project: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve` (and `serve --dirty`, which keeps unchanged pages) of the project on a free port
    of 127.0.0.1; stopped (by its pid) afterwards."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": TODAY}
    for name in ("PEERDIR_DATA", "PEERDIR_SEARCH_INDEX"):
        env.pop(name, None)
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", *request.param.split(), "-a", f"127.0.0.1:{port}"],
                                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for("the first build", lambda: _answers(url), 90, log)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _answers(url: str) -> bool:
    try:
        return fetch(url, timeout=5)[0] == 200
    except OSError:
        return False


def validate_lines(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(project)
    monkeypatch.setenv("PEERDIR_TODAY", TODAY)
    assert main(["validate", "--data", "data"]) == 1
    captured = capsys.readouterr()
    return [line for line in (captured.out + captured.err).splitlines() if line.strip()]


def test_an_invalid_edit_shows_its_problems_in_the_browser_and_the_fix_brings_the_site_back(
        served: tuple[str, Path], project: Path, capsys, monkeypatch) -> None:
    url, log = served
    status, page = fetch(url + HOME_PAGE)
    assert status == 200 and "Serenity House" in page
    wait_for("the search index", lambda: fetch(url + SEARCH_ENTRY)[0] == 200, 30, log)  # written meanwhile

    broken = project / "data" / "homes" / "chicago" / "broken-house.yaml"
    broken.write_text(BROKEN_HOME, encoding="utf-8")
    expected = validate_lines(project, capsys, monkeypatch)
    assert any("broken-house.yaml:5:" in line for line in expected)

    def shows_problems() -> bool:
        return "problem in the data" in fetch(url + HOME_PAGE)[1]
    seconds = wait_for("the problems page", shows_problems, 30, log)
    print(f"invalid edit shown after {seconds:.1f} s")
    for address in ("", HOME_PAGE, "meetings/chicago/friday-night-group/"):
        page = fetch(url + address)[1]
        for line in expected:
            assert str(escape(line)) in page, f"{line!r} not on /{address}"
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page

    broken.write_text(BROKEN_HOME.replace('"<script>alert(1)</script>": x\n', ""), encoding="utf-8")

    def shows_the_site() -> bool:
        status, page = fetch(url + "homes/chicago/broken-house/")
        return status == 200 and "Broken House" in page
    seconds = wait_for("the fixed site", shows_the_site, 30, log)
    print(f"fix shown after {seconds:.1f} s")
    status, page = fetch(url + HOME_PAGE)
    assert status == 200 and "Serenity House" in page and "problem in the data" not in page
    wait_for("the search index", lambda: fetch(url + SEARCH_ENTRY)[0] == 200, 30, log)


@pytest.fixture
def broken_at_start(project: Path) -> Path:
    path = project / "data" / "homes" / "chicago" / "broken-house.yaml"
    path.write_text(BROKEN_HOME, encoding="utf-8")
    return path


@pytest.mark.parametrize("served", ["serve"], indirect=True)
def test_serve_started_on_invalid_data_shows_the_problems_then_the_site(
        broken_at_start: Path, served: tuple[str, Path]) -> None:
    url, log = served
    status, page = fetch(url + HOME_PAGE)
    assert status == 404 and "broken-house.yaml:5:" in page  # every address: the problems page
    assert "problem in the data" in fetch(url)[1]
    broken_at_start.unlink()
    wait_for("the site", lambda: "Serenity House" in fetch(url + HOME_PAGE)[1], 30, log)


def test_a_build_of_invalid_data_still_fails_with_the_same_lines(project: Path, tmp_path: Path,
                                                                 capsys, monkeypatch) -> None:
    (project / "data" / "homes" / "chicago" / "broken-house.yaml").write_text(BROKEN_HOME, encoding="utf-8")
    expected = validate_lines(project, capsys, monkeypatch)
    result = build_site(tmp_path / "site", project=project, extra_env={"PEERDIR_TODAY": TODAY})
    assert result.returncode != 0
    for line in expected:
        assert line in result.stdout + result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_problems_page_escapes_every_message() -> None:
    problem = Problem("data/x.yaml", 3, 1, "name", "found '<img src=x onerror=alert(1)>'", "use </pre> & text")
    html = problems_page([problem], 4, build="b1")
    assert "<img" not in html and "</pre> &" not in html
    assert "data/x.yaml:3:1: name: found &#39;&lt;img src=x onerror=alert(1)&gt;&#39;" in html
    assert "peerdir: 1 problem in 1 file (4 files checked)." in html
    assert 'data-peerdir-build="b1"' in html
