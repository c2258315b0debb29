"""Finder and search budgets on a synthetic directory, measured in headless Chromium. One JSON line.

    python benchmarks/finder.py --meetings 10000 [--reuse] [--runs 3]

Builds benchmarks/out/finder-N (the scale benchmark's generator; its own folder, so the two never
clobber each other), times the build and the Pagefind indexing on its own, serves the site from
127.0.0.1 with gzip for text (as GitHub Pages and most hosts do), and measures with Debian's
Chromium at 390 px:

* page_kb: the heaviest region page and the heaviest online-now day page, with their CSS and JS,
  as compressed bytes sent by the server (budget: 100 KB); transferred_kb adds the favicon and any
  data the page fetches;
* first_row_ms: from navigation start to the first frame with a meeting row inside the viewport,
  with the CPU slowed 4x through CDP (budget: 1,000 ms); median of --runs cold loads;
* today_kb / today_transferred_kb: meetings/today/, whose rows come from the hour files it fetches
  (the transferred figure counts them); home_*: the home page, whose "on now" box reads hour files;
* search_kb: bytes for a first search on the search page, page and assets included, and the part
  that is Pagefind's (budget: 300 KB);
* index_s: Pagefind over the built site, alone (the whole build's budget is 10 s).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, generate  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

FIRST_ROW_SCRIPT = """
(() => {
  const seen = { row: null, rowInView: null };
  window.__pdSeen = seen;
  const tick = () => {
    const rows = document.querySelectorAll('li.pd-row, li.pd-now-item, p.pd-now-none');
    for (let i = 0; i < rows.length && i < 50; i++) {
      const box = rows[i].getBoundingClientRect();
      if (box.height > 0) {
        if (seen.row === null) seen.row = performance.now();
        if (box.top < innerHeight && box.bottom > 0) { seen.rowInView = performance.now(); break; }
      }
    }
    if (seen.rowInView === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


# -- build and index --------------------------------------------------------------------------------
def build(project: Path, index: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_DATA": str(project / "data"),
           "PEERDIR_SEARCH_INDEX": "1" if index else "0"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict"], cwd=project, env=env, check=True)
    return time.perf_counter() - start


def index_only(site: Path) -> tuple[float, int]:
    from peerdir.search import write_search_index

    start = time.perf_counter()
    result = write_search_index(site)
    elapsed = time.perf_counter() - start
    return elapsed, result.pages_indexed if result else 0


# -- a gzip server that counts what it sends ---------------------------------------------------------
class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.sent: list[tuple[str, int]] = []

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))

    def total(self, where: str = "") -> int:
        with self.lock:
            return sum(size for path, size in self.sent if where in path)

    def page_and_assets(self) -> int:
        """The page with its CSS and JS: what the 100 KB budget counts (not the favicon, not data)."""
        with self.lock:
            return sum(size for path, size in self.sent
                       if path.split("?", 1)[0].endswith(("/", ".html", ".css", ".js")))


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    counter: Counter
    cache: dict[str, bytes]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the redirect to the slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().do_GET()
        body = Path(path).read_bytes()
        encoded = False
        if path.endswith(TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            if path not in self.cache:
                self.cache[path] = gzip.compress(body, compresslevel=6)
            body, encoded = self.cache[path], True
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.counter.add(self.path, len(body))


def serve(site: Path, counter: Counter) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(type("H", (GzipHandler,), {"counter": counter, "cache": {}}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


# -- pages -----------------------------------------------------------------------------------------
def heaviest(site: Path, pattern: str) -> str:
    """The heaviest list page matching `pattern` that has meeting rows (a long day's page only
    links to its parts of the day, which is where its rows are)."""
    pages = [p for p in site.glob(pattern) if p.is_file() and b'class="pd-row"' in p.read_bytes()]
    best = max(pages, key=lambda p: len(gzip.compress(p.read_bytes(), compresslevel=6)))
    return best.parent.relative_to(site).as_posix() + "/"


def measure_page(browser: Any, url: str, counter: Counter, runs: int, script: bool = True) -> dict[str, float]:
    times, in_view, sizes, budget, finder = [], [], [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US",
                                      timezone_id="America/Chicago", java_script_enabled=script)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        counter.reset()
        if script:
            page.add_init_script(FIRST_ROW_SCRIPT)
            page.goto(url, wait_until="load")
            page.wait_for_function("window.__pdSeen && window.__pdSeen.rowInView !== null", timeout=60000)
            page.wait_for_timeout(300)  # the finder's own fetches, if any
            seen = page.evaluate("window.__pdSeen")
            finder.append(page.evaluate("""() => {
                const [a] = performance.getEntriesByName('pd-finder-start'), [b] = performance.getEntriesByName('pd-finder-end');
                return a && b ? b.startTime - a.startTime : null; }"""))
        else:  # the same page as a browser without JavaScript paints it: first contentful paint
            page.goto(url, wait_until="load")
            paint = None
            for _ in range(50):  # the paint entry can come a little after the load event
                paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
                if paint is not None:
                    break
                page.wait_for_timeout(100)
            seen = {"row": paint, "rowInView": paint}
        times.append(seen["row"])
        in_view.append(seen["rowInView"])
        sizes.append(counter.total())
        budget.append(counter.page_and_assets())
        context.close()
    finder = [f for f in finder if f is not None]
    return {"kb": round(statistics.median(budget) / 1024, 1), "all_kb": round(statistics.median(sizes) / 1024, 1),
            "finder_ms": round(statistics.median(finder)) if finder else None,
            "first_row_ms": round(statistics.median(in_view)),
            "first_row_any_ms": round(statistics.median(times))}


def measure_search(browser: Any, url: str, counter: Counter, query: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    counter.reset()
    start = time.perf_counter()
    page.goto(url + "search/?q=" + query)
    page.wait_for_function("/result/.test(document.getElementById('pd-search-status').textContent)", timeout=60000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(300)
    results = page.locator("#pd-search-status").inner_text()
    figures = {"search_kb": round(counter.total() / 1024, 1), "search_pagefind_kb": round(counter.total("/pagefind/") / 1024, 1),
               "search_requests": len(counter.sent), "search_s": round(elapsed, 2), "search_status": results}
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the site built last time")
    parser.add_argument("--query", default="serenity")
    args = parser.parse_args()

    project = OUT / f"finder-{args.meetings}"
    site = project / "site"
    result: dict[str, Any] = {"meetings": args.meetings}
    if not (args.reuse and (site / "pagefind").is_dir()):
        generate(project, args.meetings)
        result["build_without_index_s"] = round(build(project, index=False), 2)
        result["build_s"] = round(build(project, index=True), 2)
    index_s, indexed = index_only(site)
    result.update(index_s=round(index_s, 2), pages_indexed=indexed,
                  pagefind_mb=round(sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 2**20, 1))

    from playwright.sync_api import sync_playwright

    counter = Counter()
    url, server = serve(site, counter)
    region = heaviest(site, "meetings/*/index.html")
    day = heaviest(site, "meetings/online-now/**/index.html")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, path in (("region", region), ("online_day", day)):
                figures = measure_page(browser, url + path, counter, args.runs)
                result.update({f"{name}_page": path, f"{name}_page_kb": figures["kb"],
                               f"{name}_transferred_kb": figures["all_kb"],
                               f"{name}_first_row_ms": figures["first_row_ms"],
                               f"{name}_first_row_rendered_ms": figures["first_row_any_ms"],
                               f"{name}_finder_js_ms": figures["finder_ms"]})
                result[f"{name}_first_paint_nojs_ms"] = measure_page(browser, url + path, counter, args.runs,
                                                                     script=False)["first_row_ms"]
            if (site / "meetings" / "online-now" / "hours" / "0.json").is_file():
                figures = measure_page(browser, url + "meetings/online-now/", counter, args.runs)
                result.update(online_now_kb=figures["kb"], online_now_transferred_kb=figures["all_kb"],
                              online_now_first_item_ms=figures["first_row_ms"])
            figures = measure_page(browser, url, counter, args.runs)  # the home page's box, from hour files
            result.update(home_kb=figures["kb"], home_transferred_kb=figures["all_kb"],
                          home_first_item_ms=figures["first_row_ms"])
            if (site / "meetings" / "today" / "index.html").is_file():  # its rows come from hour files
                figures = measure_page(browser, url + "meetings/today/", counter, args.runs)
                result.update(today_kb=figures["kb"], today_transferred_kb=figures["all_kb"],
                              today_first_item_ms=figures["first_row_ms"])
            result.update(measure_search(browser, url, counter, args.query))
            browser.close()
    finally:
        server.shutdown()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
