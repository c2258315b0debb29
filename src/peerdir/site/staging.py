"""A build writes into a folder beside the site and takes its place only once it is whole.

`mkdocs build` empties site/ first and writes for a while (13,000 files): stopped or failed
partway, it used to leave an empty or half-written site. Here the build writes into
`.site.building-<pid>` beside site/ (same file system, so the swap is a rename) and swaps it in at
the end; until then site/ is the previous site, whole. A build stopped with SIGKILL or SIGTERM
leaves its folder behind: the next build removes it.

With --dirty the new folder starts as a copy of the site (a real copy: writers rewrite files in
place, which through a hard link would change the published site mid-build). Whatever of that copy
the build neither rewrote nor knows as one of its files (a page of a deleted listing, a region's
sheet, an old index shard) is removed before the swap.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

_STAT = tuple[int, int, int]  # inode, size, mtime_ns: a file rewritten since the copy differs in one
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


@dataclass
class StagedSite:
    site: Path  # where the site is published
    staging: Path  # where this build writes
    copied: dict[str, _STAT] = field(default_factory=dict)  # --dirty: path -> stat of the file as copied

    @classmethod
    def start(cls, site: Path, dirty: bool, rewritten: Callable[[str], bool] = lambda name: False) -> StagedSite:
        """`rewritten(name)`: a top-level folder every build writes whole, left out of a --dirty copy
        (the search index: Pagefind leaves a file of the same name alone, so its age says nothing)."""
        site = site.absolute()
        remove_abandoned(site)
        staging = site.parent / f".{site.name}.building-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)  # a folder of an earlier process with this pid
        staged = cls(site, staging)
        if dirty and site.is_dir():
            def fresh(folder: str, names: list[str]) -> list[str]:
                return [name for name in names if rewritten(name)] if Path(folder) == site else []

            shutil.copytree(site, staging, symlinks=True, ignore=fresh)  # copy2: MkDocs' --dirty compares mtimes
            staged.copied = _stats(staging)
        else:
            staging.mkdir(parents=True)
        return staged

    def drop_stale(self, known: Iterable[str]) -> int:
        """--dirty: remove the copied files this build did not write again and does not know; returns how many."""
        keep = set(known)
        removed = 0
        for rel, before in self.copied.items():
            path = self.staging / rel
            if rel in keep or _stat(path) != before:
                continue
            path.unlink(missing_ok=True)
            removed += 1
        _remove_empty_folders(self.staging)
        return removed

    def publish(self) -> None:
        """The new site takes the old one's place in one step; the old one is then removed."""
        if not self.site.exists():
            os.rename(self.staging, self.site)
            return
        if _exchange(self.staging, self.site):
            shutil.rmtree(self.staging, ignore_errors=True)  # now the previous site
            return
        # No atomic exchange here: two renames, and a build stopped between them leaves the old site
        # as .site.old-<pid>, which the next build puts back (see remove_abandoned).
        old = self.site.parent / f".{self.site.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(self.site, old)
        os.rename(self.staging, self.site)
        shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def remove_abandoned(site: Path) -> None:
    """Folders of builds that were stopped: removed unless their process still runs; an old site
    left between the two renames of a publish is put back if no site took its place."""
    pattern = re.compile(rf"^\.{re.escape(site.name)}\.(building|old)-(\d+)$")
    if not site.parent.is_dir():
        return
    for entry in sorted(site.parent.iterdir()):
        match = pattern.match(entry.name)
        if not match or _running(int(match.group(2))):
            continue
        if match.group(1) == "old" and not site.exists():
            os.rename(entry, site)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process starts a new build: its own earlier folder is abandoned
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _stat(path: Path) -> _STAT | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _stats(root: Path) -> dict[str, _STAT]:
    found: dict[str, _STAT] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            found[os.path.relpath(path, root).replace(os.sep, "/")] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return found


def _remove_empty_folders(root: Path) -> None:
    for folder, _subfolders, names in os.walk(root, topdown=False):
        if folder != str(root) and not names and not os.listdir(folder):
            os.rmdir(folder)
