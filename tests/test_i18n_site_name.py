"""The site's name in Spanish (extra.peerdir.site_name_es): on every Spanish page, frame and print
sheet, while the English pages keep mkdocs.yml's site_name."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdir.settings import Settings, SettingsError

ENGLISH, SPANISH = "Recovery Resource Directory (example)", "Directorio de recursos para la recuperación (ejemplo)"


def test_the_setting_is_read_and_bounded() -> None:
    assert Settings.read({"site_name_es": "  Directorio  "}, {}).site_name_es == "Directorio"
    assert Settings.read({"site_name_es": ""}, {}).site_name_es is None
    with pytest.raises(SettingsError, match="site_name_es"):
        Settings.read({"site_name_es": "x" * 3000}, {})


@pytest.mark.parametrize("path", ["es/index.html", "es/search/index.html", "es/meetings/index.html",
                                  "es/meetings/chicago/grupo-libertad-pilsen/index.html", "es/print/chicago/index.html",
                                  "es/articles/riding-out-a-craving/index.html"])  # its JSON-LD's publisher too
def test_spanish_pages_carry_the_spanish_name(bilingual_site: Path, path: str) -> None:
    html = (bilingual_site / path).read_text(encoding="utf-8")
    assert SPANISH in html and ENGLISH not in html, path


@pytest.mark.parametrize("path", ["index.html", "meetings/chicago/grupo-libertad-pilsen/index.html",
                                  "print/chicago/index.html"])
def test_english_pages_keep_the_english_name(bilingual_site: Path, path: str) -> None:
    html = (bilingual_site / path).read_text(encoding="utf-8")
    assert ENGLISH in html and SPANISH not in html, path
