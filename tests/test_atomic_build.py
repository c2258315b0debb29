"""`mkdocs build` writes beside site/ and swaps at the end: a stopped or failed build leaves the last
site whole, and `--dirty` removes the pages of deleted listings (see peerdir.site.staging)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peerdir.site.staging import StagedSite, remove_abandoned
from tests.conftest import SAMPLE_TODAY, copy_project

MEETING = "meetings/chicago/bronzeville-mens-stag"
HOME = "homes/denver/juniper-peer-house-englewood"


def mkdocs(project: Path, site: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": SAMPLE_TODAY.isoformat()}
    env.pop("PEERDIR_DATA", None)
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *args],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def build(project: Path, site: Path, *args: str) -> str:
    process = mkdocs(project, site, *args)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return output


def tree(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("atomic")
    project, site = copy_project(root / "project"), root / "site"
    build(project, site)
    return project, site, tree(site)


def test_a_build_stopped_partway_leaves_the_last_site_whole(built: tuple[Path, Path, dict[str, str]]) -> None:
    project, site, before = built
    assert f"{MEETING}/index.html" in before and len(before) > 300
    process = mkdocs(project, site)
    staging = site.parent / f".{site.name}.building-{process.pid}"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if staging.is_dir() and sum(1 for _ in staging.rglob("*.html")) >= 5:
            break  # writing the new site
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be stopped partway"
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGTERM
    assert tree(site) == before
    assert leftovers(site) == [staging.name]  # removed by the next build, as below
    build(project, site)
    assert leftovers(site) == []
    assert {p for p in tree(site) if not p.startswith("pagefind/")} == {p for p in before if not p.startswith("pagefind/")}


def test_a_failed_build_leaves_the_last_site_whole(built: tuple[Path, Path, dict[str, str]]) -> None:
    project, site, _ = built
    before = tree(site)
    broken = project / "content" / "broken-link.md"
    broken.write_text("# Broken\n\n[nowhere](no-such-page.md)\n", encoding="utf-8")
    try:
        process = mkdocs(project, site)
        output, _ = process.communicate(timeout=600)
    finally:
        broken.unlink()
    assert process.returncode != 0 and "no-such-page.md" in output  # strict: a warning fails the build
    assert tree(site) == before and leftovers(site) == []


def test_a_dirty_build_removes_the_pages_of_deleted_listings(tmp_path: Path) -> None:
    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    build(project, site)
    assert (site / MEETING / "meeting.ics").is_file() and (site / HOME / "index.html").is_file()
    (project / "data" / f"{MEETING}.yaml").unlink()
    (project / "data" / f"{HOME}.yaml").unlink()
    output = build(project, site, "--dirty")
    assert "3 files of the last build removed" in output
    dirty = tree(site)
    build(project, tmp_path / "clean")
    clean = tree(tmp_path / "clean")
    assert not (site / MEETING).exists() and not (site / HOME).exists()
    assert MEETING not in (site / "sitemap.xml").read_text(encoding="utf-8")
    # The same files as a clean build; Pagefind's file names hash the order pages came in.
    assert {p for p in dirty if not p.startswith("pagefind/")} == {p for p in clean if not p.startswith("pagefind/")}
    fragments = [sum(p.startswith("pagefind/fragment/") for p in files) for files in (dirty, clean)]
    assert fragments[0] == fragments[1] > 50  # every page in the index, the ones --dirty left alone too
    assert leftovers(site) == []


def test_an_unchanged_page_keeps_its_file_in_a_dirty_build(tmp_path: Path) -> None:
    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    build(project, site)
    about = next(p for p in site.rglob("index.html") if "about" in p.parent.name or p.parent == site)
    stamp = about.stat().st_mtime_ns
    build(project, site, "--dirty")
    assert about.stat().st_mtime_ns == stamp  # MkDocs' own --dirty rule still holds in the new folder


def test_abandoned_folders_are_removed_and_an_old_site_put_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = 2 ** 22 + 12345  # above pid_max's default: no such process
    (tmp_path / f".site.building-{dead}").mkdir()
    (tmp_path / f".site.old-{dead}").mkdir()
    (tmp_path / f".site.old-{dead}" / "index.html").write_text("old", encoding="utf-8")
    (tmp_path / f".site.building-{os.getppid()}").mkdir()  # a build still running: left alone
    remove_abandoned(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert leftovers(site) == [f".site.building-{os.getppid()}"]


def test_publish_swaps_and_removes_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "gone").mkdir(parents=True)
    (site / "gone" / "index.html").write_text("old", encoding="utf-8")
    staged = StagedSite.start(site, dirty=False)
    assert staged.staging.parent == tmp_path and list(staged.staging.iterdir()) == []
    (staged.staging / "index.html").write_text("new", encoding="utf-8")
    assert (site / "gone" / "index.html").is_file()  # published only at the end
    staged.publish()
    assert [p.name for p in site.iterdir()] == ["index.html"] and leftovers(site) == []
