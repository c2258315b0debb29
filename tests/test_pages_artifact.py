"""The Pages artifact check: the tar size worked out without writing it, and the deploy's refusal."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.pages_artifact import artifact_figures, over_limit_message


def small_site(site: Path) -> Path:
    """Files of many sizes, paths either side of tar's 100-byte name field, a non-ASCII name, and a
    .git folder that upload-pages-artifact leaves out."""
    rng = random.Random(20)
    folder = site / ("d" * 10)
    folder.mkdir(parents=True)
    for length in range(95, 106):
        (folder / ("x" * (length - len("./dddddddddd/")))).write_bytes(b"a" * rng.randrange(0, 2000))
    deep = site / ("e" * 60) / ("f" * 45)
    deep.mkdir(parents=True)
    (deep / "index.html").write_text("<p>é</p>", encoding="utf-8")
    (site / "é.ics").write_bytes(b"x" * 512)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("left out", encoding="utf-8")
    for i in range(40):
        (site / f"f{i}.html").write_bytes(b"z" * rng.randrange(0, 5000))
    return site


@pytest.mark.skipif(shutil.which("tar") is None, reason="GNU tar is not installed")
def test_tar_size_is_what_upload_pages_artifact_makes(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    tar = tmp_path / "artifact.tar"
    subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", str(tar),
                    "--exclude=.git", "--exclude=.github", "."], check=True)
    figures = artifact_figures(site)
    assert figures.tar_bytes == tar.stat().st_size
    assert figures.files == 11 + 1 + 1 + 40 and figures.folders == 3
    assert figures.site_bytes == sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and ".git" not in p.parts)


def test_pages_size_passes_a_site_under_the_limit_and_refuses_one_over(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    site = small_site(tmp_path / "site")
    assert main(["pages-size", str(site)]) == 0
    assert "53 files" in capsys.readouterr().out
    assert main(["pages-size", str(site), "--limit-mb", "1"]) == 0
    (site / "big.json").write_bytes(b"0" * 2**20)
    assert main(["pages-size", str(site), "--limit-mb", "1"]) == 1
    err = capsys.readouterr().err
    assert "too big for GitHub Pages" in err and "over the 1 MB" in err and "Nothing was deployed" in err
    assert main(["pages-size", str(tmp_path / "missing")]) == 2


def test_the_message_names_the_limit_github_documents() -> None:
    figures = artifact_figures(Path(__file__).parent / "fixtures" / "sample" / "data")
    assert over_limit_message(figures) is None
    message = over_limit_message(figures, limit_bytes=1024)
    assert message is not None and "no larger than 1 GB" in message and "split the directory" in message and "fewer languages" in message
