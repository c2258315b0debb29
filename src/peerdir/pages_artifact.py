"""How big the GitHub Pages artifact of a built site is, and whether Pages takes it.

`actions/upload-pages-artifact` packs the site folder with GNU tar (`tar --dereference
--hard-dereference --directory SITE -cvf artifact.tar --exclude=.git --exclude=.github .`) and
`actions/deploy-pages` warns above 1 GiB (its ONE_GIGABYTE). GitHub documents that a published
Pages site may be no larger than 1 GB and that a deployment taking over 10 minutes times out;
upload-pages-artifact's README adds that Pages will not try a tar over 10 GB.
The tar's size is worked out here from the files, without writing it: 512 bytes of header per
entry (and a long-name entry before a path of 100 bytes or more), each file padded to 512 bytes,
two zero blocks at the end, the whole padded to tar's 10,240-byte record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BLOCK = 512
RECORD = 20 * BLOCK  # GNU tar's default blocking factor
NAME_FIELD = 100  # bytes of a tar header's name field; GNU tar writes a ././@LongLink entry beyond it
PAGES_LIMIT_BYTES = 2**30  # GitHub's documented "1 GB" published-site limit, as deploy-pages counts it
ARTIFACT_LIMIT_BYTES = 10 * 2**30  # the tar size above which Pages does not even try to deploy
EXCLUDED = {".git", ".github"}  # what upload-pages-artifact leaves out, at any depth


@dataclass(frozen=True)
class ArtifactFigures:
    files: int
    folders: int
    site_bytes: int  # the files' apparent size
    tar_bytes: int  # the artifact.tar upload-pages-artifact makes of them

    def as_dict(self) -> dict[str, float]:
        return {"files": self.files, "site_mb": round(self.site_bytes / 2**20, 1),
                "artifact_mb": round(self.tar_bytes / 2**20, 1)}


def _padded(size: int, unit: int = BLOCK) -> int:
    return -(-size // unit) * unit


def _entry_bytes(name: str, size: int) -> int:
    """One tar entry: its header, a long-name entry when the name needs one, and its data."""
    encoded = len(name.encode("utf-8", "surrogateescape"))
    long_name = BLOCK + _padded(encoded + 1) if encoded >= NAME_FIELD else 0
    return long_name + BLOCK + _padded(size)


def artifact_figures(site: Path) -> ArtifactFigures:
    """Files, folders, apparent size and tar size of `site` as upload-pages-artifact packs it."""
    files = folders = site_bytes = 0
    tar_bytes = _entry_bytes("./", 0)
    for root, dirs, names in os.walk(site, followlinks=True):  # tar --dereference follows links
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDED)
        rel = os.path.relpath(root, site)
        prefix = "./" if rel == "." else f"./{rel}/"
        for folder in dirs:
            folders += 1
            tar_bytes += _entry_bytes(f"{prefix}{folder}/", 0)
        for name in names:
            if name in EXCLUDED:
                continue
            size = os.stat(os.path.join(root, name)).st_size
            files += 1
            site_bytes += size
            tar_bytes += _entry_bytes(prefix + name, size)
    return ArtifactFigures(files, folders, site_bytes, _padded(tar_bytes + 2 * BLOCK, RECORD))


def over_limit_message(figures: ArtifactFigures, limit_bytes: int = PAGES_LIMIT_BYTES) -> str | None:
    """What to tell the maintainer when the site would pass Pages' limits; None when it fits.

    The published site (its files' size) may be at most `limit_bytes`; the tar, which adds a header
    per file and pads each to 512 bytes, at most 10 GB."""
    if figures.site_bytes <= limit_bytes and figures.tar_bytes <= ARTIFACT_LIMIT_BYTES:
        return None
    return (f"the site is too big for GitHub Pages: {figures.site_bytes / 2**20:,.0f} MB in {figures.files:,} "
            f"files (a {figures.tar_bytes / 2**20:,.0f} MB artifact), over the {limit_bytes / 2**20:,.0f} MB "
            "that Pages publishes (GitHub: a published site may be no larger than 1 GB). Nothing was deployed; "
            "the live site stays as it was. To fix it: publish fewer languages (each one is a copy of every "
            "listing page: `languages` under extra.peerdir in mkdocs.yml), split the directory into several "
            "sites (e.g. one per state), or publish it elsewhere; `python benchmarks/scale.py` shows how the "
            "size grows with the number of listings.")
