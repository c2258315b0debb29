"""A directory's own meeting types (data/types.yaml) read in Spanish by their `name_es`, where given."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from peerdir.loading import load_directory
from peerdir.site.display import type_names_in

TREE = Path(__file__).parent / "fixtures" / "region-tree" / "data"


def test_spanish_pages_name_a_custom_type_by_its_name_es_else_as_written(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(TREE, data)
    types = data / "types.yaml"
    types.write_text(types.read_text().replace("  name_es: LGBTQIA+", "  name_es: LGBTQIA+ (en español)"))
    directory, problems = load_directory(data, today=dt.date(2026, 11, 23))
    assert problems == []
    spanish = type_names_in(directory.vocabulary, "es")
    assert spanish["LGBTQIA"] == "LGBTQIA+ (en español)"
    assert spanish["AC"] == "Agnostic Candlelight"  # no name_es: as the volunteer wrote it
    assert spanish["O"] == "Abierta"  # the Meeting Guide's own Spanish
    assert type_names_in(directory.vocabulary, "en")["LGBTQIA"] == "LGBTQIA+"
