"""`peerdir --version`."""

from __future__ import annotations

import subprocess
import sys

import pytest

import peerdir
from peerdir.cli import main


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"peerdir {peerdir.__version__}"


def test_version_works_as_a_command() -> None:
    result = subprocess.run([sys.executable, "-m", "peerdir", "--version"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"peerdir {peerdir.__version__}"
