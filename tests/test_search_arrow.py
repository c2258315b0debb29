"""The search package and the site package are joined by the build, not by each other: `search`
reads only the kinds registry (which pages are listings), and `site` never imports `search`
(ARCHITECTURE.md, the rooms)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "peerdir"


def imported(folder: Path) -> set[tuple[str, str]]:
    """(module file, imported module) for every import in the package at `folder`."""
    found = set()
    for file in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:  # `from peerdir import site` names peerdir.site
                found.update((file.name, f"{node.module}.{alias.name}" if node.module == "peerdir" else node.module)
                             for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update((file.name, alias.name) for alias in node.names)
    return found


@pytest.mark.parametrize("room, forbidden", [("search", "peerdir.site"), ("site", "peerdir.search")])
def test_the_arrow_between_search_and_site_runs_one_way(room: str, forbidden: str) -> None:
    wrong = sorted(f"{file}: {module}" for file, module in imported(PACKAGE / room)
                   if module == forbidden or module.startswith(forbidden + "."))
    assert not wrong, wrong


def test_search_reads_nothing_of_peerdir_but_itself_and_the_kinds() -> None:
    others = {module for _, module in imported(PACKAGE / "search")
              if module.startswith("peerdir.") and not module.startswith("peerdir.search")}
    assert others == {"peerdir.kinds"}, others
