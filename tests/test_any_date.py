"""The suite gives the same answer on any date: a volunteer's correct listing, verified today, is
green; the tests read the frozen sample with its own clock, never the live data/ or today."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from peerdir.cli import main
from peerdir.loading import load_directory
from tests.conftest import ROOT, SAMPLE_DATA, SAMPLE_TODAY

# Tests that may name the live folders, and why: they check the live files themselves, not dates.
LIVE_READERS = {
    "test_any_date.py": "copies the live repository to add a listing verified today",
    "test_schemas.py": "checks every live file against the editors' JSON Schemas",
    "test_site.py": "checks which folder `mkdocs serve` watches",
    "test_pdf_command.py": "works out the PDF's default path beside the live data/, reading nothing",
}


def _repository_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "overrides", "content", "data"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, target / name)
    return target


def test_a_listing_verified_today_validates_and_builds_in_a_copy_of_the_repository(tmp_path: Path) -> None:
    project = _repository_copy(tmp_path / "project")
    today = dt.date.today()  # on purpose: the real date a volunteer's pull request runs on
    region = sorted(p.name for p in (project / "data" / "meetings").iterdir() if p.name != "online")[0]
    (project / "data" / "meetings" / region / "a-new-friday-group.yaml").write_text(
        "name: A New Friday Group\nprogram: AA\nday: Friday\ntime: \"19:30\"\nlocation: Community Hall\n"
        f"address: 12 Elm Street\ncity: Springfield\nlast_verified: {today.isoformat()}\n", encoding="utf-8")
    assert main(["validate", "--data", str(project / "data"), "--content", str(project / "content")]) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_SEARCH_INDEX": "0"}
    for name in ("PEERDIR_DATA", "PEERDIR_TODAY"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "meetings" / region / "a-new-friday-group" / "index.html").is_file()


def test_the_frozen_sample_is_valid_on_its_own_date_and_has_fresh_and_stale_listings() -> None:
    directory, problems = load_directory(SAMPLE_DATA, today=SAMPLE_TODAY)
    assert not problems
    verified = [m.last_verified for m in directory.meetings]
    assert max(verified) <= SAMPLE_TODAY and max(verified) >= SAMPLE_TODAY - dt.timedelta(days=30)
    assert min(verified) < SAMPLE_TODAY - dt.timedelta(days=180)


def test_a_pinned_build_date_that_is_not_a_date_is_refused_with_a_message(tmp_path: Path) -> None:
    from tests.conftest import build_site

    result = build_site(tmp_path / "site", extra_env={"PEERDIR_TODAY": "next friday", "PEERDIR_SEARCH_INDEX": "0"})
    assert result.returncode != 0
    assert "PEERDIR_TODAY must be a date like 2026-11-23, not 'next friday'" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_no_test_reads_the_live_data_or_articles() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if path.name in LIVE_READERS:
            continue
        # Path("data") is fine after a chdir into a fixture copy; ROOT / "data" never is.
        if re.search(r'\bROOT / "(data|content)"', path.read_text(encoding="utf-8")):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert not offenders, f"read the frozen sample (tests.conftest.SAMPLE_DATA) instead: {offenders}"
