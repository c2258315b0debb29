"""The build log: one line per phase (details with `mkdocs build -v`), and the sitemap's addresses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from peerdir.site.generate import sitemap_xml
from tests.conftest import SAMPLE_TODAY, build_site, copy_project

MEETING = ("name: Noon Group\nprogram: AA\nday: Monday\ntime: '12:00'\naddress: 1 Main St\ncity: Town\n"
           "last_verified: 2026-01-10\n")


def tiny_data(root: Path) -> Path:
    data = root / "data"
    (data / "meetings" / "town").mkdir(parents=True)
    (data / "regions.yaml").write_text("town:\n  name: Town\n  timezone: America/Chicago\n", encoding="utf-8")
    (data / "meetings" / "town" / "noon.yaml").write_text(MEETING, encoding="utf-8")
    return data


def test_a_build_says_one_line_per_phase_and_no_nav_list(tmp_path: Path) -> None:
    result = build_site(tmp_path / "site", data_dir=tiny_data(tmp_path), extra_env={"PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert not any("not included in the" in line for line in lines), "\n".join(lines)
    assert not any(line.startswith("  - ") for line in lines), "\n".join(lines)
    assert sum("listing pages written" in line for line in lines) == 1, "\n".join(lines)
    # search skipped, cleaning, building to, listing pages written, built in
    assert len(lines) <= 5, "\n".join(lines)


def test_the_verbose_build_gives_the_details(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": SAMPLE_TODAY.isoformat(),
           "PEERDIR_SEARCH_INDEX": "0", "PEERDIR_DATA": str(tiny_data(tmp_path))}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "--site-dir",
                             str(tmp_path / "site")], cwd=project, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert "peerdir: writing listing pages took" in log
    assert "peerdir: loading and validating the data took" in log


def test_the_sitemap_gives_the_home_page_as_the_site_address() -> None:
    text = sitemap_xml("https://owner.github.io/repo/", ["./", "about/", "/meetings/town/noon/", "."])
    locs = [line for line in text.splitlines() if line.startswith("<url>")]
    assert locs == ["<url><loc>https://owner.github.io/repo/</loc></url>",
                    "<url><loc>https://owner.github.io/repo/about/</loc></url>",
                    "<url><loc>https://owner.github.io/repo/meetings/town/noon/</loc></url>"]
    assert "/./" not in text


def test_the_built_sitemap_starts_with_the_home_page(tmp_path: Path) -> None:
    result = build_site(tmp_path / "site", data_dir=tiny_data(tmp_path),
                        extra_env={"PEERDIR_SEARCH_INDEX": "0", "PEERDIR_SITE_URL": "https://owner.github.io/repo/"})
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/./" not in sitemap
    first = next(line for line in sitemap.splitlines() if line.startswith("<url>"))
    assert first == "<url><loc>https://owner.github.io/repo/</loc></url>"
    assert "<loc>https://owner.github.io/repo/meetings/town/noon/</loc>" in sitemap
