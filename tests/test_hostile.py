"""The hostile corpus (tests/hostile/, issue 16): every case refused at its file:line with nothing
printed live, or built into one site whose every output is inert.

Refused cases are validated one by one (in-process, fast); inert cases are built together, once.
Inert cases that fail today (xfail) get a build of their own, so their fix cannot break the others'.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.dom.minidom
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from peerdir.article_html import sanitize_article_html, sanitize_page_html
from peerdir.cli import main
from peerdir.loading import load_directory
from tests.conftest import ROOT, SAMPLE_TODAY, build_site, copy_project
from tests.hostile.corpus import BASELINE, FIXTURE, Case, fixture_copy, load_cases, materialise, remove_tree
from tests.site_scan import is_external, readable_text, scan_html, site_files

CASES = load_cases()
REFUSED = [c for c in CASES if c.expect == "refused"]
INERT = [c for c in CASES if c.expect == "inert" and not c.pending]
PENDING = [c for c in CASES if c.pending]
COMMAND_LINE = re.compile(r"^\s*::")
MARKUP_SUFFIXES = (".html", ".xml", ".svg")


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


# -- the corpus itself -----------------------------------------------------------------------------

def test_the_corpus_is_big_enough_and_every_class_has_cases() -> None:
    classes = {c.cls for c in CASES}
    assert len(CASES) >= 60, len(CASES)
    assert {"escaping", "article-html", "special-files", "bounds", "contacts", "controls", "private-home",
            "output"} <= classes


def test_the_fixture_alone_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE)
    directory, problems = load_directory(Path("data"), Path("content"), today=SAMPLE_TODAY)
    assert problems == []
    assert _counts(directory) == BASELINE


def _counts(directory: object) -> dict[str, int]:
    return {kind: len(getattr(directory, kind)) for kind in BASELINE}


# -- refused cases ----------------------------------------------------------------------------------

@pytest.fixture
def case_project(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "project"
    yield root
    remove_tree(root)  # deep nesting included


@pytest.mark.parametrize("case", [_param(c) for c in REFUSED])
def test_refused_at_its_line(case: Case, case_project: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    fixture_copy(case_project)
    materialise([case], case_project)
    monkeypatch.chdir(case_project)  # paths in problems are then data/… and content/…
    directory, problems = load_directory(Path("data"), Path("content"), today=SAMPLE_TODAY)
    for expected in case.problems:
        found = [p for p in problems if p.path == expected.path and p.line == expected.line
                 and (expected.field is None or p.field == expected.field) and expected.says in p.message]
        assert found, f"{case.id}: no problem at {expected.path!r}:{expected.line} saying {expected.says!r}; got:\n" + \
            "\n".join(p.printable().as_text() for p in problems)
    for p in problems:
        assert p.path and p.line >= 1 and p.message, p
    counts = _counts(directory)
    for kind in case.keeps:
        assert counts[kind] >= BASELINE[kind], f"{case.id}: the fixture's {kind} were not all loaded: {counts}"
    _check_printed(case, capsys)
    _check_sanitised_articles(case, case_project)


def _check_printed(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    """`peerdir validate` in every format: refuses (exit 1), no traceback, nothing live printed."""
    capsys.readouterr()
    for fmt in ("text", "github", "json"):
        code = main(["validate", "--data", "data", "--content", "content", "--format", fmt])
        out, err = capsys.readouterr()
        printed = out + err
        assert code == 1, f"{case.id} --format {fmt}: exit {code}\n{printed}"
        assert "Traceback" not in printed and "unexpected error" not in printed, printed
        for fragment in case.never_printed:
            assert fragment not in printed, f"{case.id} --format {fmt} printed {fragment!r}"
        assert "\x1b" not in printed and "\u202e" not in printed
        _assert_only_own_annotations(printed, fmt)


def _assert_only_own_annotations(printed: str, fmt: str) -> None:
    commands = [line for line in printed.split("\n") if COMMAND_LINE.match(line)]
    if fmt != "github":
        assert commands == [], commands
        return
    for line in commands:
        assert re.match(r"::error file=[^,\n]*,line=\d+,col=\d+,title=[^:\n]*::", line), line
    json_like = printed.split("\n")
    assert all(not line.lstrip().startswith("::") or line.startswith("::error file=") for line in json_like)


def _check_sanitised_articles(case: Case, root: Path) -> None:
    """A page refused by validate is also cleaned on the site: its body, through the site's own
    Markdown extensions and the sanitiser (an article's, or the other pages'), holds none of never_published."""
    if not case.never_published:
        return
    extensions = _site_markdown_extensions()
    for rel in case.files:
        if rel.startswith("content/") and rel.endswith(".md") and (root / rel).is_file():
            text = (root / rel).read_text(encoding="utf-8")
            body = text.split("\n---\n", 1)[1] if "\n---\n" in text else text
            article = Path(rel).parent == Path("content/articles") and Path(rel).name != "index.md"
            sanitize = sanitize_article_html if article else sanitize_page_html
            html = sanitize(markdown.markdown(body, extensions=extensions[0], extension_configs=extensions[1]))
            for fragment in case.never_published:
                assert fragment not in html, f"{case.id}: the page would hold {fragment!r}:\n{html}"


def _site_markdown_extensions() -> tuple[list[str], dict[str, dict]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names: list[str] = []
    options: dict[str, dict] = {}
    for item in config.get("markdown_extensions", []):
        if isinstance(item, dict):
            (name, value), = item.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(item)
    return names, options


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses !ENV tags; their values do not matter here."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


# -- inert cases: one build of all of them -----------------------------------------------------------

def hostile_project(root: Path, cases: list[Case]) -> Path:
    """The site's sources with the tiny fixture's data and articles, and `cases` dropped in."""
    project = copy_project(root)
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE / "data", project / "data")
    shutil.rmtree(project / "content" / "articles")
    shutil.copytree(FIXTURE / "content" / "articles", project / "content" / "articles")
    materialise(cases, project)
    return project


def build_hostile(root: Path, cases: list[Case]) -> tuple[Path, subprocess.CompletedProcess[str]]:
    project = hostile_project(root / "project", cases)
    site = root / "site"
    return site, build_site(site, project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"})


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, result = build_hostile(tmp_path_factory.mktemp("hostile"), INERT)
    assert result.returncode == 0, f"the inert cases did not build:\n{result.stdout}\n{result.stderr}"
    printed = result.stdout + result.stderr
    assert "\x1b" not in printed and [line for line in printed.split("\n") if COMMAND_LINE.match(line)] == []
    return site


@pytest.fixture(scope="module")
def pending_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    return build_hostile(tmp_path_factory.mktemp("pending"), PENDING)


@pytest.mark.parametrize("case", [_param(c) for c in INERT])
def test_inert_in_every_output(case: Case, hostile_site: Path) -> None:
    assert_inert(case, hostile_site)


@pytest.mark.parametrize("case", [_param(c) for c in PENDING])
def test_pending_case_is_refused_or_inert(case: Case, pending_build: tuple[Path, subprocess.CompletedProcess[str]]
                                          ) -> None:
    """Fixed either way: the build refuses, naming the case's file, or publishes it inert."""
    site, result = pending_build
    if result.returncode != 0:
        assert any(rel in result.stdout + result.stderr for rel in case.files), result.stdout + result.stderr
        return
    assert_inert(case, site)


def assert_inert(case: Case, site: Path) -> None:
    files = list(site_files(site))
    for path in files:
        text = readable_text(path)
        for fragment in case.never_anywhere:
            assert fragment not in text, f"{case.id}: {path.relative_to(site)} holds {fragment!r}"
        if path.suffix in MARKUP_SUFFIXES or path.suffix == ".js" or path.suffix == "":
            for fragment in case.never_published:
                assert fragment not in text, f"{case.id}: {path.relative_to(site)} holds {fragment!r}"
    if case.ics_no_line:
        lines = [line for p in files if p.suffix == ".ics" for line in _ics_lines(readable_text(p))]
        joined = "\n".join(lines)
        for fragment in case.ics_no_line:
            starts = [line for line in lines if line.startswith(fragment)]
            assert not starts and fragment not in joined.replace("\\n", "\n").split("DESCRIPTION:")[0], \
                f"{case.id}: a calendar line starts with {fragment!r}"
    for value in case.csv_guarded:
        cells = [cell for row in _csv_rows(site) for cell in row if value in cell]
        assert cells, f"{case.id}: {value!r} is not in feeds/directory.csv"
        assert all(cell.startswith("'") for cell in cells), f"{case.id}: unguarded {cells}"


def _ics_lines(text: str) -> list[str]:
    """Content lines with folding undone (RFC 5545 3.1)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def _csv_rows(site: Path) -> list[list[str]]:
    text = (site / "feeds" / "directory.csv").read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


# -- inert cases: every output, structurally ---------------------------------------------------------

class _Live(HTMLParser):
    """Anything in a page that would run or load: handlers, script URLs, unexpected elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.bases: list[tuple[dict[str, str], bool]] = []  # each <base>'s attributes, and whether in <body>
        self._in_body = False
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "poster"):
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "body":
            self._in_body = True
        if tag == "base":
            self.bases.append((values, self._in_body))
        if tag in ("object", "embed", "frameset", "applet"):
            self.found.append(f"<{tag}>")
        if tag in ("iframe", "frame") and (not values.get("src") or is_external(values["src"])):
            self.found.append(f"<{tag} src={values.get('src', '')[:40]!r}>")  # the embed page previews its own
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._script, self._script_text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None


def _own_embed_base(path: str, bases: list[tuple[dict[str, str], bool]]) -> bool:
    """An embed page's own <base> (issue 20: its rows' links are relative to it and open a new tab):
    one, in its head, leading within the site."""
    if not re.match(r"(es/)?embed/.+/index\.html$", path) or len(bases) != 1:
        return False
    values, in_body = bases[0]
    href = values.get("href", "")
    return not in_body and values.get("target") == "_blank" and ":" not in href and not href.startswith("//")


def _pages(site: Path) -> list[Path]:
    return [p for p in site_files(site) if p.suffix == ".html"]


def test_no_page_has_a_live_handler_script_url_or_frame(hostile_site: Path) -> None:
    problems = []
    for page in _pages(hostile_site):
        live = _Live()
        live.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(hostile_site)}: {what}" for what in live.found]
        if live.bases and not _own_embed_base(page.relative_to(hostile_site).as_posix(), live.bases):
            problems.append(f"{page.relative_to(hostile_site)}: <base>")
        for attrs, body in live.scripts:
            if "alert(" in body and attrs.get("type") != "application/ld+json":  # JSON-LD: checked below
                problems.append(f"{page.relative_to(hostile_site)}: a script holding alert(")
            if attrs.get("src") and is_external(attrs["src"]):
                problems.append(f"{page.relative_to(hostile_site)}: a script from {attrs['src']}")
    assert problems == []


def test_every_json_ld_block_is_one_json_value_that_no_script_end_can_break(hostile_site: Path) -> None:
    blocks = 0
    for page in _pages(hostile_site):
        live = _Live()
        live.feed(page.read_text(encoding="utf-8"))
        for attrs, body in live.scripts:
            if attrs.get("type") == "application/ld+json":
                blocks += 1
                json.loads(body)
                assert "</" not in body and "<!--" not in body, page
    assert blocks > 10


def test_every_page_has_one_title_and_a_plain_meta_description(hostile_site: Path) -> None:
    for page in _pages(hostile_site):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        if "<head" not in head:
            continue
        assert head.count("<title>") == 1 and head.count("</title>") == 1, page
        for content in re.findall(r'<meta name="description" content="([^"]*)"', head):
            assert "<" not in content and ">" not in content, page


def test_no_page_loads_anything_from_another_host(hostile_site: Path) -> None:
    external = [(p.relative_to(hostile_site), url) for p in _pages(hostile_site)
                for url in scan_html(p.read_text(encoding="utf-8")).loads if is_external(url)]
    assert external == []


def test_feeds_parse_and_exports_are_guarded(hostile_site: Path) -> None:
    for path in site_files(hostile_site):
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xml":
            xml.dom.minidom.parseString(path.read_bytes())
    rows = _csv_rows(hostile_site)
    assert len(rows) > 10
    unguarded = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert unguarded == []


def test_every_calendar_is_one_calendar_of_the_expected_events(hostile_site: Path) -> None:
    from icalendar import Calendar

    calendars = [p for p in site_files(hostile_site) if p.suffix == ".ics"]
    assert calendars
    for path in calendars:
        raw = path.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{path}: a bare line break"
        calendar = Calendar.from_ical(raw)
        events = calendar.walk("VEVENT")
        assert not calendar.walk("VALARM"), path
        if path.name == "meeting.ics":
            assert len(events) == 1, path
        for event in events:
            assert not [key for key in event if key.startswith("X-INJECTED") or key == "ATTACH"], path


def test_the_hostile_build_holds_every_inert_listing(hostile_site: Path) -> None:
    # Inert means published, escaped; a hostile listing silently dropped would pass every scan.
    for case in INERT:
        for rel in case.files:
            if rel.startswith("data/meetings/") and rel.endswith(".yaml"):
                region, slug = rel.split("/")[2], Path(rel).stem
                assert (hostile_site / "meetings" / region / slug / "index.html").is_file(), rel
            if rel.startswith("content/articles/"):
                assert (hostile_site / "articles" / Path(rel).stem / "index.html").is_file(), rel


# -- validate --format github over the whole refused corpus ------------------------------------------

def test_github_output_over_the_corpus_holds_only_peerdir_annotations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every refused case that can share a project with the others, in one validate run."""
    alone = {"regions.yaml", "programs.yaml", "meetings", "communities", "articles"}
    shared = [c for c in REFUSED if not any(Path(rel).name in alone or "{deep:" in rel for rel in c.files)
              and not any(isinstance(spec, dict) and "append" in spec for spec in c.files.values())]
    assert len(shared) > 40
    project = tmp_path / "project"
    fixture_copy(project)
    materialise(shared, project)
    monkeypatch.chdir(project)
    capsys.readouterr()
    assert main(["validate", "--data", "data", "--content", "content", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    lines = (out + err).split("\n")
    assert len([line for line in lines if line.startswith("::error file=")]) >= len(shared)
    for line in lines:
        if COMMAND_LINE.match(line):
            assert re.match(r"::error file=[^,\n]*,line=\d+,col=\d+,title=[^:\n]*::", line), line
    assert "\x1b" not in out + err and "Traceback" not in out + err
    remove_tree(project)


# -- found by the corpus: false positives of the article check ----------------------------------------

def test_an_autolink_to_an_https_site_is_not_refused() -> None:
    """validate once refused a plain Markdown autolink <https://…> as '<https:>' (the sanitiser keeps the link)."""
    from peerdir.html_removed import removed_parts

    assert removed_parts("See <https://www.samhsa.gov/> for help.\n") == []


# -- item 9: a build killed partway leaves the old site whole ------------------------------------------

_SLOW_HOOK = '''
import os, time
def on_post_page(output, page, config):
    marker = os.environ["HOSTILE_MARKER"]
    if not os.path.exists(marker):
        open(marker, "w").close()
        time.sleep(60)  # killed here, partway through writing the site
    return output
'''


def test_a_build_killed_partway_leaves_the_old_site_whole(tmp_path: Path) -> None:
    project = hostile_project(tmp_path / "project", [])
    missing, changed = killed_build(project, tmp_path)
    assert not missing and not changed, f"{len(missing)} files gone, {len(changed)} changed: {(missing + changed)[:5]}"


def killed_build(project: Path, tmp_path: Path) -> tuple[list[str], list[str]]:
    """Build `project` once, then again into the same folder, killed at its first page; the files of
    the first build that are (missing, changed) afterwards."""
    site = tmp_path / "site"
    assert build_site(site, project=project, extra_env={"PEERDIR_SEARCH_INDEX": "0"}).returncode == 0
    before = {p.relative_to(site): p.read_bytes() for p in site_files(site)}
    (project / "slow_hook.py").write_text(_SLOW_HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - hooks/peerdir_site.py\n",
                                                       "  - hooks/peerdir_site.py\n  - slow_hook.py\n"), encoding="utf-8")
    marker = tmp_path / "marker"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PEERDIR_TODAY": SAMPLE_TODAY.isoformat(),
           "PEERDIR_SEARCH_INDEX": "0", "HOSTILE_MARKER": str(marker)}
    env.pop("PEERDIR_DATA", None)
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                             cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the build never reached its first page"
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # the build's own process group, started above
        build.wait()
    after = {p.relative_to(site): p.read_bytes() for p in site_files(site)} if site.is_dir() else {}
    missing = sorted(str(p) for p in before if p not in after)
    changed = sorted(str(p) for p in before if p in after and after[p] != before[p])
    return missing, changed
