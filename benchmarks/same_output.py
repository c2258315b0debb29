"""Does a refactor change what the site is? Build the frozen sample and a synthetic directory, and
compare every output file byte for byte with an earlier build of the same inputs.

    .venv/bin/python benchmarks/same_output.py --out /tmp/before            # on the old commit
    .venv/bin/python benchmarks/same_output.py --out /tmp/after --against /tmp/before

Each build is pinned: the sample's own date, one site address, no search index (Pagefind's file
names are content hashes of its own making, not ours). Prints one JSON line; exits 1 when any file
differs, is missing or is new.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (benchmarks/ is not a package)

SAMPLE = ROOT / "tests" / "fixtures" / "sample"
TODAY = "2026-11-23"
SITE_URL = "https://directory.example.org/"


def sample_project(target: Path) -> Path:
    """The site sources with the frozen sample's data and articles (as tests/conftest.copy_project)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "hooks", "overrides", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("articles"))
        else:
            shutil.copy(src, target / name)
    shutil.copytree(SAMPLE / "data", target / "data")
    shutil.copytree(SAMPLE / "content" / "articles", target / "content" / "articles")
    return target


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": TODAY, "PEERDIR_SITE_URL": SITE_URL,
           "PEERDIR_SEARCH_INDEX": "0", "SOURCE_DATE_EPOCH": "1795392000"}  # MkDocs' sitemap dates too
    env.pop("PEERDIR_DATA", None)
    if site.exists():
        shutil.rmtree(site)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stdout}\n{result.stderr}")


def differences(before: Path, after: Path) -> list[str]:
    """Relative paths that differ, are only in one of the two, or are of another type."""
    found: list[str] = []
    pending = [filecmp.dircmp(before, after)]
    while pending:
        cmp = pending.pop()
        rel = Path(cmp.right).relative_to(after)
        found += [f"only before: {rel / name}" for name in cmp.left_only]
        found += [f"only after: {rel / name}" for name in cmp.right_only]
        found += [f"type differs: {rel / name}" for name in cmp.common_funny]
        mismatch = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)[1]
        found += [f"differs: {rel / name}" for name in mismatch]
        pending += cmp.subdirs.values()
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="where the projects and sites go")
    parser.add_argument("--against", type=Path, help="an earlier --out to compare with")
    parser.add_argument("--meetings", type=int, default=10_000, help="synthetic meetings (0: the sample only)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    builds = {"sample": sample_project(args.out / "sample-project")}
    if args.meetings:
        synthetic.generate(args.out / "synthetic-project", args.meetings, trash=synthetic.Trash(args.out))
        builds["synthetic"] = args.out / "synthetic-project"
    report: dict[str, object] = {}
    failed = False
    for name, project in builds.items():
        site = args.out / f"{name}-site"
        build(project, site)
        files = sum(len(names) for _, _, names in os.walk(site))
        report[f"{name}_files"] = files
        if args.against:
            found = differences(args.against / f"{name}-site", site)
            report[f"{name}_differences"] = len(found)
            for line in found[:20]:
                print(f"{name}: {line}", file=sys.stderr)
            failed |= bool(found)
    print(json.dumps(report))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
