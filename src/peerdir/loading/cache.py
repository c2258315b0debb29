"""The serve cache: validated listings kept from one load to the next, in one process."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from peerdir.loading.files import ListingFile
from peerdir.models.common import Listing
from peerdir.yamlfile import read_bytes

if TYPE_CHECKING:
    from peerdir.loading.load import Loader


class ListingCache:
    """Validated listings kept from one `load_directory` call to the next, in one process.

    For `mkdocs serve`, which loads the whole directory again after every edit. Pass the same cache
    to each call: a listing file is read and validated again only when it is new or changed, and
    everything else is checked as without a cache, every time (file names and folders, duplicate
    names, regions, programs, articles). Nothing stale is used:

    - a file counts as unchanged while its size, mtime_ns, ctime_ns and inode are; one written in
      the last two seconds before the load (the clock that stamps files may be coarse) is read again
      next time and reused only if its bytes are the same;
    - only files that had no problem at all are kept, so a bad file is validated and reported again
      on every call; files that are gone are dropped;
    - a change of data folder, working directory (paths in messages), `today`, programs (the
      vocabulary), or of the listing's region entry validates the files concerned again.

    `reused` and `validated` count the listing files of the last call taken from the cache and
    read and validated.
    """

    SETTLE_NS = 2_000_000_000  # files changed this recently are checked by content on the next call

    def __init__(self) -> None:
        self._setting: tuple[Any, ...] | None = None
        self._entries: dict[str, _CacheEntry] = {}
        self.reused = 0
        self.validated = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._setting, self._entries = None, {}


@dataclass(frozen=True, slots=True)
class _CacheEntry:
    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    digest: bytes  # of the file's bytes
    settled: bool  # False: stat may miss a change made in the same clock tick; compare the bytes
    kind: str
    region_zone: tuple[bool, str | None]  # (region entry valid, its time zone) when it was validated
    listing: Listing



class CacheRun:
    """One load_directory call's use of a ListingCache: the entries it finds, and the ones it keeps."""

    def __init__(self, cache: ListingCache, loader: Loader):
        self.cache = cache
        self.loader = loader
        self.setting = (os.path.abspath(loader.directory.data_dir), loader.shown_root,
                        loader.context["today"], loader.directory.vocabulary)
        self.old = cache._entries if cache._setting == self.setting else {}
        self.new: dict[str, _CacheEntry] = {}
        self.start_ns = time.time_ns()
        cache.reused = cache.validated = 0

    def lookup(self, file: ListingFile) -> tuple[Listing | None, bytes, Any]:
        """(the cached listing, b"", None) for an unchanged file; else (None, its bytes, what store needs)."""
        path, kind, region = file.path, file.kind, file.region
        st = os.stat(path)
        stat = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        region_zone = self.loader.region_zone(region)
        entry = self.old.get(path)
        if entry is not None and (entry.kind != kind or entry.region_zone != region_zone):
            entry = None
        if entry is not None and entry.stat == stat and entry.settled:
            self.cache.reused += 1
            self.new[path] = entry
            return entry.listing, b"", None
        raw = read_bytes(path)  # after the stat: a change after it shows in the next call's stat
        digest = _digest(raw)
        if entry is not None and entry.digest == digest:  # touched, or too recent to trust: same bytes
            self._keep(path, entry, stat, digest)
            return entry.listing, b"", None
        self.cache.validated += 1
        return None, raw, (stat, digest, region_zone)

    def _keep(self, path: str, entry: _CacheEntry, stat: tuple[int, int, int, int], digest: bytes) -> None:
        self.cache.reused += 1
        self.new[path] = _CacheEntry(stat, digest, self._settled(stat), entry.kind, entry.region_zone, entry.listing)

    def store(self, file: ListingFile, state: Any, listing: Listing) -> None:
        """Keep a listing that was validated with no problem."""
        stat, digest, region_zone = state
        self.new[file.path] = _CacheEntry(stat, digest, self._settled(stat), file.kind, region_zone, listing)

    def _settled(self, stat: tuple[int, int, int, int]) -> bool:
        return self.start_ns - max(stat[1], stat[2]) > self.cache.SETTLE_NS

    def finish(self) -> None:
        self.cache._setting, self.cache._entries = self.setting, self.new


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()

