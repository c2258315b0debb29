"""Volunteer text handed to theme fields.

Material prints `page.title`, `page.meta.title` and `page.meta.description` unescaped in several
places (header, nav, meta tags), and MkDocs' `striptags` turns entities back into tags. So every
such value from data or front matter is escaped once here, as `Markup`: printed raw it is inert,
and the theme's own `| e` leaves it as it is instead of escaping it twice. `overrides/main.html`
escapes what `striptags` unescapes (the `<title>`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import Markup, escape

# Front-matter keys the theme prints as text.
THEME_TEXT_KEYS = ("title", "description", "author")


def theme_text(text: str) -> Markup:
    """`text` escaped once for a theme field (already-escaped `Markup` is kept as it is)."""
    return text if isinstance(text, Markup) else escape(text)


def escape_theme_meta(meta: MutableMapping[str, Any], **values: str) -> None:
    """Escape, in place, the front-matter values the theme prints, after setting `values`."""
    meta.update(values)
    for key in THEME_TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            meta[key] = theme_text(value)
        elif value is not None:
            meta[key] = theme_text(str(value))
