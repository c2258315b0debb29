"""One Settings model (extra.peerdir + PEERDIR_*), one project locator, and SiteBuild driven with plain values."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerdir.build import BuildRefused, BuildSetup, DocumentationPage, SiteBuild
from peerdir.cli import main
from peerdir.project import Project
from peerdir.settings import Settings, SettingsError
from peerdir.site.frame import CONTENT, DESCRIPTION, TITLE, placeholder_path
from tests.conftest import SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY


def test_defaults_and_the_environment() -> None:
    settings = Settings.read({}, {})
    assert (settings.branch, settings.stale_after_days, settings.search_index, settings.today) == ("main", 180, True,
                                                                                                   None)
    env = {"PEERDIR_TODAY": " 2026-11-23 ", "PEERDIR_SEARCH_INDEX": "off", "PEERDIR_DATA": "/x/data",
           "PEERDIR_BRANCH": "trunk", "PEERDIR_SEARCH_SHARD_PAGES": "500"}
    settings = Settings.read({"repository": "https://github.com/o/r", "stale_after_days": 90}, env)
    assert settings.today == SAMPLE_TODAY and settings.build_date() == SAMPLE_TODAY
    assert settings.search_index is False and settings.data == Path("/x/data") and settings.env_branch == "trunk"
    assert settings.search_shard_pages == 500 and settings.stale_after_days == 90
    assert settings.repository == "https://github.com/o/r"


@pytest.mark.parametrize(("extra", "env", "message"), [
    ({}, {"PEERDIR_TODAY": "next friday"}, "PEERDIR_TODAY must be a date like 2026-11-23, not 'next friday'"),
    ({}, {"PEERDIR_TODAY": "2026-02-30"}, "PEERDIR_TODAY must be a date like 2026-11-23, not '2026-02-30'"),
    ({}, {"PEERDIR_SEARCH_SHARD_PAGES": "lots"}, "PEERDIR_SEARCH_SHARD_PAGES must be a whole number, not 'lots'"),
    ({}, {"PEERDIR_SEARCH_SHARD_PAGES": "0"}, "PEERDIR_SEARCH_SHARD_PAGES: Input should be greater than or equal"),
    ({"stale_after_days": -1}, {}, "extra.peerdir.stale_after_days in mkdocs.yml must be a whole number, not '-1'"),
    ({"stale_after_days": 10**9}, {}, "extra.peerdir.stale_after_days in mkdocs.yml: Input should be less than"),
    ({"stale_after_days": True}, {}, "stale_after_days in mkdocs.yml must be a whole number, not 'True'"),
    ({"stale_afterdays": 3}, {}, "extra.peerdir.'stale_afterdays' in mkdocs.yml is not a setting peerdir knows"),
    ({"branch": "x" * 300}, {}, "extra.peerdir.branch in mkdocs.yml: String should have at most 200 characters"),
])
def test_a_setting_out_of_bounds_is_refused_with_where_and_what(extra: dict, env: dict, message: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.read(extra, env)
    assert message in str(refused.value)


def test_extra_peerdir_must_be_a_mapping() -> None:
    with pytest.raises(SettingsError, match="extra.peerdir in mkdocs.yml must be a mapping"):
        Settings.read(["repository"], {})  # type: ignore[arg-type]


def test_the_project_of_a_command_and_of_mkdocs(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "mkdocs.yml").write_text("extra:\n  peerdir:\n    stale_after_days: 7\n", encoding="utf-8")
    found = Project.for_command(data=tmp_path / "elsewhere" / "data", settings=Settings.read({}, {}))
    assert found.root == tmp_path / "elsewhere" and found.content == tmp_path / "elsewhere" / "content"
    assert found.settings({}).stale_after_days == 7
    relative = Project.for_command(settings=Settings.read({}, {}))
    assert relative.data == Path("data")  # as typed: messages show it so
    from_env = Project.for_command(settings=Settings.read({}, {"PEERDIR_DATA": str(tmp_path / "d")}))
    assert from_env.data == tmp_path / "d"
    hook = Project.for_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "docs", Settings.read({}, {}))
    assert (hook.data, hook.content) == (tmp_path / "data", tmp_path / "docs")


def test_a_command_refuses_a_bad_setting_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SAMPLE_DATA, tmp_path / "data")
    (tmp_path / "mkdocs.yml").write_text("extra:\n  peerdir:\n    stale_after_days: soon\n", encoding="utf-8")
    monkeypatch.delenv("PEERDIR_DATA", raising=False)
    assert main(["stale", "--data", str(tmp_path / "data"), "--today", "2026-11-23"]) == 2
    err = capsys.readouterr().err
    assert "peerdir: extra.peerdir.stale_after_days in mkdocs.yml must be a whole number, not 'soon'" in err
    assert "Traceback" not in err


def test_cli_and_commands_do_not_import_each_other() -> None:
    code = ("import sys, pkgutil, importlib, peerdir.commands as c\n"
            "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('peerdir.commands.' + m.name)\n"
            "print('peerdir.cli' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in os.environ.items() if k != "PEERDIR_DATA"})
    assert result.stdout.strip() == "False", result.stderr


def _frame_html(depth: int, language: str = "en") -> str:
    return (f"<html><head><title>{TITLE}</title><meta name=description content='{DESCRIPTION}'></head>"
            f"<body><a href='../' data-p='{placeholder_path(depth)}'>up</a><main>{CONTENT}</main></body></html>")


def _setup(tmp_path: Path, data: Path = SAMPLE_DATA) -> BuildSetup:
    settings = Settings.read({"repository": "https://github.com/o/r"},
                             {"PEERDIR_TODAY": SAMPLE_TODAY.isoformat(), "PEERDIR_SEARCH_INDEX": "0"})
    project = Project(root=tmp_path, data=data, content=SAMPLE_CONTENT)
    return BuildSetup.of(settings, project, site_url="https://example.org/", site_name="Test",
                         site_dir=tmp_path / "site", dirty=False, session=None)


def test_a_site_build_driven_without_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PEERDIR_SEARCH_INDEX", raising=False)  # the setting comes through BuildSetup alone
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("the last site", encoding="utf-8")
    build = SiteBuild.start(_setup(tmp_path))
    assert build.search is None, "PEERDIR_SEARCH_INDEX=0 in the settings: no indexer started"
    assert build.site_dir != tmp_path / "site" and build.site_dir.name.startswith(".site.building-")
    generated = build.render()
    assert "meetings/index.md" in generated
    assert "<h1" in build.page_content("meetings/index.md", "meetings/", "ignored")
    assert build.page_content("about.md", "about/", "<p>mine</p>") == "<p>mine</p>"
    build.finish(_frame_html, [DocumentationPage("", "index.html")], [], strict_failed=lambda: False)
    assert build.site_dir == tmp_path / "site"
    pages = list((tmp_path / "site" / "meetings").glob("*/*/index.html"))
    page = pages[0].read_text(encoding="utf-8")
    assert page.startswith("<html><head><title>") and "<main><article" in page and "<h1" in page
    assert not (tmp_path / "site" / "old.html").exists()  # swapped in whole
    assert (tmp_path / "site" / "sitemap.xml").is_file()
    assert not (tmp_path / "site" / "pagefind").exists()


def test_a_failed_site_build_leaves_the_last_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERDIR_SEARCH_INDEX", "0")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.html").write_text("the last site", encoding="utf-8")
    build = SiteBuild.start(_setup(tmp_path))
    build.render()
    build.fail()
    assert build.site_dir == tmp_path / "site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "old.html").read_text(encoding="utf-8") == "the last site"


def test_invalid_data_refuses_a_build_with_the_validate_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    meeting = next((data / "meetings").rglob("*.yaml"))
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("day:", "day: Someday\nx_day:", 1),
                       encoding="utf-8")
    with pytest.raises(BuildRefused) as refused:
        SiteBuild.start(_setup(tmp_path, data))
    assert "problem" in str(refused.value) and meeting.name in str(refused.value)
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site.building-*"))
