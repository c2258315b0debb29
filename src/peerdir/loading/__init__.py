"""Loading a data folder into a `Directory`: every file, every problem, in one pass.

- `files`: the walk under data/<kind>/ (links never followed) and the path rules;
- `load`: `load_directory`, reading each listing and validating it with its place;
- `articles`: content/articles/ and the files content/ may publish;
- `cache`: `ListingCache`, the serve cache of validated listings;
- `split`: `Splitter`, how a big load is shared between two processes.
"""

from __future__ import annotations

from peerdir.loading.articles import split_front_matter
from peerdir.loading.cache import ListingCache
from peerdir.loading.load import directory_vocabulary, load_directory

__all__ = ["ListingCache", "directory_vocabulary", "load_directory", "split_front_matter"]
