"""The words the search page's script (`overrides/assets/peerdir/search.js`) writes itself, from the
gettext catalog, handed to it as JSON on a page in another language than the root one.

The script carries the English words as its defaults (the English search page stays as it was); on
es/search/ it reads these. Counts come as the catalog's two plural forms ("one", "other"): English
and Spanish both use the first for 1 only. `{query}` and `{count}` are filled in by the script.
"""

from __future__ import annotations

import gettext
import json

SCRIPT_ID = "pd-search-text"  # the <script type="application/json"> the search page reads


def search_page_text(translations: gettext.NullTranslations) -> dict[str, object]:
    """Every word of the search page's script in the language of `translations`."""
    _, ngettext = translations.gettext, translations.ngettext
    return {
        "kinds": {"Meeting": _("Meeting"), "Sober home": _("Sober home"), "Online community": _("Online community"),
                  "Article": _("Article"), "Meetings by day": _("Meetings by day"), "List": _("List"),
                  "Information": _("Information"), "Page": _("Page")},
        "kindsPlural": {"Meeting": _("Meetings"), "Sober home": _("Sober homes"),
                        "Online community": _("Online communities"), "Article": _("Articles")},
        "showMore": _("Show more results"),
        "showOnly": _("Show only"),
        "allRegions": _("All regions"),
        "region": _("Region"),
        "chooseRegion": _("Choose a region"),
        "searching": _("Searching…"),
        "found": [ngettext("{count} result for “{query}”.", "{count} results for “{query}”.", count)
                  for count in (1, 2)],
        "fixed": [ngettext("Showing results for “{query}”: {count} result.",
                           "Showing results for “{query}”: {count} results.", count) for count in (1, 2)],
        "none": _("No results for “{query}”. Try another word, or browse meetings by region."),
        "instead": _("Search for “{query}” instead"),
        "unavailable": _("Search is not available right now. You can still browse meetings, homes and "
                         "communities from the menu."),
    }


def search_page_script(translations: gettext.NullTranslations) -> str:
    """The JSON data element for the search page; `<` is escaped, so no text can close the element."""
    text = json.dumps(search_page_text(translations), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{SCRIPT_ID}">{text}</script>'
