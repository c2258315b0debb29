"""Build a synthetic directory of N meetings and print one JSON line of figures.

    python benchmarks/scale.py --meetings 10000 [--compare-naive] [--repeat 3] [--out /dev/shm/peerdir-bench]

`--compare-naive` also builds the same listing content as ordinary MkDocs pages (out of the nav),
the approach peerdir avoids, and reports `naive_build_s` from the same run; the naive build makes
no search index, so `build_without_search_s` is peerdir's build without one, for comparison.

`--repeat N` makes every build N times, one round after another (each round: peerdir's build, then
the two comparison builds), and reports each build's fastest time, with every time in `*_runs_s`:
on a shared machine the speed of a whole round drifts by a fifth. `--out` puts the generated
projects elsewhere, e.g. on a tmpfs, where file creation costs the same from one run to the next.

`site_mb` is the site's apparent size, `files` its files, `artifact_mb` the tar that
actions/upload-pages-artifact makes of it (what Pages' 1 GB applies to: `peerdir pages-size`), and
`by_type_mb` the largest file types. `--homes` and `--communities` set those counts (N/10 and N/30
by default), e.g. `--meetings 60000 --homes 6000 --communities 2000`.

`--languages en,es` builds the site in both (issue 19: Spanish under es/) and adds
`largest_es_page_kb`, the heaviest Spanish page, to compare with one language's `build_s`.

`peak_rss_mb` is the largest process of the build (MkDocs or a Pagefind indexer); `build_rss_mb`
and `search_rss_mb` tell them apart (from the build's own `-v` log, kept in the project's build.log).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import OUT, Trash, generate  # noqa: E402

from peerdir.loading import load_directory  # noqa: E402
from peerdir.pages_artifact import artifact_figures  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs"]


def timed_build(project: Path, trash: Trash, strict: bool = True, log_name: str = "build.log",
                **env_vars: str) -> tuple[float, float, dict[str, float]]:
    """(seconds, peak RSS in MB of the build and every process it ran, figures the build logged)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_DATA": str(project / "data"), **env_vars}
    trash.discard(project / "site")  # a fresh build, as CI and deploys do (deleted after the timings: see Trash)
    log = project / log_name
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([*MKDOCS, "build", "-v", *(["--strict"] if strict else [])], cwd=project, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"mkdocs build failed in {project}; see {log}")
    return elapsed, usage.ru_maxrss / 1024, logged_figures(log.read_text(encoding="utf-8"))


def logged_figures(text: str) -> dict[str, float]:
    """The peak memory of the build process and of the search indexer, from `mkdocs build -v`."""
    figures = {}
    for key, pattern in (("build_rss_mb", r"peak memory of the build (\d+) MB"),
                         ("search_rss_mb", r"peak memory of the search indexer (\d+) MB")):
        found = re.search(pattern, text)
        if found:
            figures[key] = float(found.group(1))
    return figures


def site_figures(site: Path) -> dict[str, Any]:
    """Size of the site (apparent, and as the Pages artifact), its files by type, and its heaviest
    page: compressed HTML plus the stylesheets and scripts it loads."""
    pages = 0
    largest = (0, None)
    asset_sizes: dict[Path, int] = {}
    by_type: Counter[str] = Counter()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        by_type[path.suffix or path.name] += path.stat().st_size
        if path.name == "index.html":
            pages += 1
            html = path.read_bytes()
            size = len(gzip.compress(html, compresslevel=6)) + _asset_bytes(path, html, site, asset_sizes)
            if size > largest[0]:
                largest = (size, path)
    return {**artifact_figures(site).as_dict(), "pages": pages,
            "by_type_mb": {kind: round(size / 2**20, 1) for kind, size in by_type.most_common(8)},
            "largest_page_kb": round(largest[0] / 1024, 1),
            "largest_page": str(largest[1].relative_to(site).parent) + "/" if largest[1] else ""}


def largest_page(site: Path, folder: str) -> tuple[float, str]:
    """(compressed KB with its stylesheets and scripts, path) of the heaviest page under `folder`."""
    sizes: dict[Path, int] = {}
    largest: tuple[int, Path | None] = (0, None)
    for path in (site / folder).rglob("index.html"):
        html = path.read_bytes()
        size = len(gzip.compress(html, compresslevel=6)) + _asset_bytes(path, html, site, sizes)
        largest = max(largest, (size, path), key=lambda item: item[0])
    return round(largest[0] / 1024, 1), str(largest[1].relative_to(site).parent) + "/" if largest[1] else ""


def _asset_bytes(page: Path, html: bytes, site: Path, sizes: dict[Path, int]) -> int:
    """Compressed size of the stylesheets and scripts a page loads from the site."""
    total = 0
    for ref in re.findall(rb'(?:href|src)="([^"]+\.(?:css|js))"', html):
        target = (page.parent / ref.decode()).resolve()
        if target not in sizes:
            inside = target.is_file() and site.resolve() in target.parents
            sizes[target] = len(gzip.compress(target.read_bytes(), compresslevel=6)) if inside else 0
        total += sizes[target]
    return total


def naive_project(project: Path, trash: Trash) -> Path:
    """The same listing bodies as ordinary Markdown pages through the full MkDocs pipeline."""
    from peerdir.site.generate import index_pages, listing_pages
    from peerdir.site.render import PageRenderer, SiteContext
    from peerdir.urls import SiteInfo

    naive = project.parent / (project.name + "-naive")
    trash.discard(naive)
    shutil.copytree(project, naive, ignore=lambda folder, names: ["site"] if Path(folder) == project else [])
    directory, _ = load_directory(naive / "data", naive / "content", today=dt.date(2026, 11, 23))
    renderer = PageRenderer(SiteContext(directory, SiteInfo(), dt.date(2026, 11, 23)))
    pages = [page for _, page in listing_pages(renderer)] + index_pages(renderer)
    for page in pages:
        target = naive / "content" / page.path / "index.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {json.dumps(page.title)}\n---\n\n{page.html}\n", encoding="utf-8")
    config = (naive / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^hooks:\n(  - .*?\n)+", "", config)
    (naive / "mkdocs.yml").write_text(config, encoding="utf-8")
    return naive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--homes", type=int, help="sober homes (default: a tenth of the meetings)")
    parser.add_argument("--communities", type=int, help="online communities (default: a thirtieth of the meetings)")
    parser.add_argument("--compare-naive", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="build each N times, report the fastest")
    parser.add_argument("--out", type=Path, default=OUT, help="where the generated projects go")
    parser.add_argument("--languages", default="en", help="the site's languages, e.g. en,es (default: en)")
    args = parser.parse_args()

    trash = Trash(args.out)
    project = args.out / f"scale-{args.meetings}"
    trash.warn_if_recently_emptied()
    counts = generate(project, args.meetings, trash=trash, homes=args.homes, communities=args.communities)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    config = project / "mkdocs.yml"  # the live one's languages are replaced by those asked for
    text = re.sub(r"(?m)^    languages: .*\n", "", config.read_text(encoding="utf-8"))
    config.write_text(text.replace("  peerdir:\n", f"  peerdir:\n    languages: [{', '.join(languages)}]\n", 1),
                      encoding="utf-8")
    start = time.perf_counter()
    directory, problems = load_directory(project / "data", project / "content")
    validate_s = time.perf_counter() - start
    if problems:
        raise SystemExit(f"synthetic data has problems, e.g. {problems[0].as_text()}")
    naive = naive_project(project, trash) if args.compare_naive else None
    runs: dict[str, list[float]] = {"build": [], "build_without_search": [], "naive_build": []}
    site: dict[str, Any] = {}
    for _ in range(max(1, args.repeat)):
        build_s, rss, logged = timed_build(project, trash)
        runs["build"].append(build_s)
        site = site or site_figures(project / "site")  # before the build without search replaces it
        if "es" in languages and "largest_es_page_kb" not in site:
            kb, page = largest_page(project / "site", "es")
            site.update(largest_es_page_kb=kb, largest_es_page=page)
        if naive is not None:
            # The naive build makes no search index: the same build without one, for a like-for-like figure.
            runs["build_without_search"].append(timed_build(project, trash, log_name="build-without-search.log",
                                                            PEERDIR_SEARCH_INDEX="0")[0])
            naive_s, naive_rss, _ = timed_build(naive, trash, strict=False)
            runs["naive_build"].append(naive_s)
    build_s = min(runs["build"])
    result = {"languages": languages, "listings": counts["meetings"] + counts["homes"] + counts["communities"],
              **counts,
              "build_s": round(build_s, 2), "validate_s": round(validate_s, 2), "peak_rss_mb": round(rss),
              **logged, **site}
    if naive is not None:
        naive_s, no_search_s = min(runs["naive_build"]), min(runs["build_without_search"])
        result.update(naive_build_s=round(naive_s, 2), naive_peak_rss_mb=round(naive_rss),
                      speedup=round(naive_s / build_s, 1), build_without_search_s=round(no_search_s, 2),
                      speedup_without_search=round(naive_s / no_search_s, 1))
    if args.repeat > 1:
        result.update({f"{name}_runs_s": [round(t, 2) for t in times] for name, times in runs.items() if times})
    print(json.dumps(result), flush=True)
    trash.empty()


if __name__ == "__main__":
    main()
