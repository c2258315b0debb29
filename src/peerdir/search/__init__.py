"""Full-text search for the built site: Pagefind, fed page by page while the site is written.

Pagefind's indexer writes a static index (`pagefind/`) that the browser queries in small chunks, so
a first search costs a few hundred kilobytes whatever the size of the directory.

- `indexer`: the Pagefind binary and a client for its `--service` protocol;
- `shards`: the index of one build, split into bounded shards and fed from a thread;
- `markup`: which built pages are indexed and the markup that says so;
- `cli`: `python -m peerdir.search SITE_DIR` indexes an already built site;
- `words`: the site's words, which the search page reads to correct a misspelled search;
- `page_text`: the search page script's own words in another language, from the catalog.

This package reads the site's URL layout (`peerdir.urls`) and nothing of `peerdir.site`; the site
never imports it. The build (the MkDocs hook) joins the two.
"""

from peerdir.search.cli import SearchIndex, main, write_search_index
from peerdir.search.indexer import OUTPUT_SUBDIR, PagefindError, find_indexer, peak_rss_mb
from peerdir.search.markup import (
    THEME_ARTICLE,
    is_searchable,
    listing_search_html,
    mark_page,
    mark_pages,
    page_kind,
    page_search_html,
)
from peerdir.search.page_text import search_page_script, search_page_text
from peerdir.search.shards import BackgroundSearchIndex, ShardedSearchIndex, start_search_index
from peerdir.search.words import WORDS_PATH, site_words, write_words

__all__ = [
    "OUTPUT_SUBDIR", "THEME_ARTICLE", "BackgroundSearchIndex", "PagefindError", "SearchIndex",
    "ShardedSearchIndex", "find_indexer", "is_searchable", "listing_search_html", "main", "mark_page", "mark_pages",
    "WORDS_PATH", "page_kind", "page_search_html", "peak_rss_mb",
    "search_page_script", "search_page_text", "site_words", "start_search_index",
    "write_search_index", "write_words",
]
