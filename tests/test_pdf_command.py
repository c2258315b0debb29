"""`peerdir pdf` without a browser: where the PDF goes, the refusal of a preview address, and what it
says when Chromium is missing or will not start. (tests/browser/test_print.py prints a real one.)"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import peerdir.commands.pdf as pdf_command
from peerdir.cli import main
from peerdir.contribute import has_public_site
from peerdir.urls import SiteInfo

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-11-23"
MEETING = ("name: Noon Group\nprogram: AA\nday: Monday\ntime: '12:00'\naddress: 1 Main St\ncity: Town\n"
           "last_verified: 2026-01-10\n")
FAKE_PDF = b"%PDF-1.7 not really\n"


@pytest.fixture(autouse=True)
def no_site_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PEERDIR_SITE_URL", "PEERDIR_REPO_URL", "PEERDIR_REPOSITORY", "PEERDIR_BRANCH", "PEERDIR_DATA",
                 "GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a data folder of one region and one meeting, and no mkdocs.yml."""
    data = tmp_path / "project" / "data"
    (data / "meetings" / "town").mkdir(parents=True)
    (data / "regions.yaml").write_text("town:\n  name: Town\n  timezone: America/Chicago\n", encoding="utf-8")
    (data / "meetings" / "town" / "noon.yaml").write_text(MEETING, encoding="utf-8")
    return tmp_path / "project"


@pytest.fixture
def chromium(tmp_path: Path) -> str:
    """A file where Chromium would be: enough for every check before the browser is started."""
    path = tmp_path / "chromium"
    path.write_text("", encoding="utf-8")
    return str(path)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The html each call would have printed (the PDF is a stand-in: no browser runs)."""
    sheets: list[str] = []

    def fake_render(html: str, paper: str, chromium: str) -> bytes:
        sheets.append(html)
        return FAKE_PDF

    monkeypatch.setattr(pdf_command, "render_pdf", fake_render)
    return sheets


def pdf(project: Path, chromium: str, *args: str) -> int:
    return main(["pdf", "town", "--data", str(project / "data"), "--date", DATE, "--chromium", chromium, *args])


def test_a_preview_address_is_refused_with_what_to_do(project: Path, chromium: str, printed: list[str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert pdf(project, chromium) == 2
    err = capsys.readouterr().err
    assert "http://127.0.0.1:8000/" in err and "--site-url" in err and "--allow-local-url" in err
    assert "Traceback" not in err
    assert not printed and not (project / "site").exists()


@pytest.mark.parametrize("url", ["http://localhost:8000/", "http://127.0.0.2/", "http://[::1]:8000/",
                                 "http://0.0.0.0:8000/", "http://preview.localhost/"])
def test_every_loopback_address_is_refused(project: Path, chromium: str, printed: list[str], url: str) -> None:
    assert pdf(project, chromium, "--site-url", url) == 2
    assert not printed


def test_an_explicit_flag_prints_a_test_sheet_with_the_preview_address(project: Path, chromium: str,
                                                                         printed: list[str]) -> None:
    assert pdf(project, chromium, "--allow-local-url") == 0
    (html,) = printed
    assert "http://127.0.0.1:8000/meetings/town/" in html


def test_the_pdf_goes_under_site_by_default(project: Path, chromium: str, printed: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert pdf(project, chromium, "--site-url", "https://meetings.example.org/area") == 0
    out = project / "site" / "peerdir-town-letter.pdf"
    assert out.read_bytes() == FAKE_PDF
    assert str(out) in capsys.readouterr().out
    (html,) = printed
    assert "https://meetings.example.org/area/meetings/town/" in html and "127.0.0.1" not in html


def test_the_default_place_is_git_ignored() -> None:
    out = pdf_command.default_output(ROOT / "data", "chicago", "a4")
    assert out.relative_to(ROOT).as_posix() == "site/peerdir-chicago-a4.pdf"
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site/" in ignored


def test_output_option_writes_where_asked_making_its_folder(project: Path, chromium: str, printed: list[str],
                                                            tmp_path: Path) -> None:
    out = tmp_path / "handouts" / "town.pdf"
    assert pdf(project, chromium, "--site-url", "https://meetings.example.org/", "--paper", "a4",
               "-o", str(out)) == 0
    assert out.read_bytes() == FAKE_PDF
    assert not (project / "site").exists()


def test_the_live_address_from_the_environment_is_used(project: Path, chromium: str, printed: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERDIR_SITE_URL", "https://owner.github.io/directory")
    assert pdf(project, chromium) == 0
    assert "https://owner.github.io/directory/meetings/town/" in printed[0]


def test_a_missing_chromium_says_what_to_install(project: Path, printed: list[str],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(pdf_command.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf_command, "CHROMIUM_PATHS", ())
    assert main(["pdf", "town", "--data", str(project / "data"), "--site-url", "https://example.org/"]) == 2
    err = capsys.readouterr().err
    assert "Chromium not found" in err and "apt-get install chromium" in err and "--chromium" in err
    assert not printed


def test_a_given_chromium_that_is_not_there_is_named(project: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-chromium"
    assert pdf(project, str(missing), "--site-url", "https://example.org/") == 2
    err = capsys.readouterr().err
    assert f"Chromium not found at '{missing}'" in err and "apt-get install chromium" in err


def test_a_browser_that_will_not_start_is_a_message_not_a_traceback(project: Path, chromium: str,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import Error

    def failing(html: str, paper: str, chromium: str) -> bytes:
        raise Error("BrowserType.launch: Failed to launch chromium because executable doesn't exist\nmore")

    monkeypatch.setattr(pdf_command, "render_pdf", failing)
    assert pdf(project, chromium, "--site-url", "https://example.org/") == 2
    err = capsys.readouterr().err
    assert "could not print the sheet" in err and "Failed to launch" in err and "more" not in err
    assert not (project / "site").exists()


def test_playwright_comes_with_the_package_not_only_the_test_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("playwright") for dep in project["dependencies"])


@pytest.mark.parametrize("url, public", [
    ("https://owner.github.io/repo/", True), ("https://meetings.example.org/", True),
    ("http://127.0.0.1:8000/", False), ("http://127.1.2.3/", False), ("http://localhost/", False),
    ("http://LOCALHOST.:8000/", False), ("http://[::1]/", False), ("http://0.0.0.0/", False),
    ("http://app.localhost/", False),
])
def test_which_addresses_count_as_public(url: str, public: bool) -> None:
    assert has_public_site(SiteInfo(site_url=url)) is public
