"""Search: the Pagefind index written by the build, the search page's results (with the kind of each
listing), the home page form, the kind filter, and the markup that decides what is indexed."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from peerdir.models.meeting import Attendance
from peerdir.search import (
    BackgroundSearchIndex,
    ShardedSearchIndex,
    find_indexer,
    main,
    mark_page,
    page_kind,
)
from peerdir.search.indexer import ALLOCATOR_ENV, ALLOCATOR_SETTINGS, PagefindError, indexer_environment
from peerdir.site.meeting_row import ATTENDANCE_CODES, MeetingRows, day_data
from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.test_finder import new_page, sample_directory
from tests.conftest import build_site, serve


def search(page: Any, site_url: str, q: str, extra: str = "") -> list[tuple[str, str, str]]:
    """(kind, title, href) of the results shown for `q`."""
    page.goto(site_url + "search/?q=" + quote(q) + extra)
    page.wait_for_function("(s => s && /result/.test(s.textContent))(document.getElementById('pd-search-status'))")
    return results(page)


def results(page: Any) -> list[tuple[str, str, str]]:
    return page.eval_on_selector_all(
        "#pd-search-results > li",
        "items => items.map(li => [li.querySelector('.pd-result-kind').textContent, "
        "li.querySelector('a').textContent, li.querySelector('a').getAttribute('href')])")


# -- the index the build writes --------------------------------------------------------------------
def test_build_writes_a_pagefind_index(built_site: Path) -> None:
    bundle = built_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    directory = sample_directory()
    listings = len(directory.meetings) + len(directory.homes) + len(directory.communities) + len(directory.articles)
    assert entry["languages"]["en"]["page_count"] >= listings
    # Hand-written pages were marked for the index; the front page and the search page were not.
    assert "data-pagefind-body" in (built_site / "crisis" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (built_site / "search" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (built_site / "index.html").read_text(encoding="utf-8")


def indexed_text(site: Path) -> dict[str, str]:
    """The text Pagefind stored for each page, by URL (its fragments: gzip, after a 12-byte signature)."""
    text = {}
    for fragment in site.glob("pagefind*/fragment/*.pf_fragment"):
        stored = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        text[stored["url"]] = stored["content"]
    return text


def test_index_keeps_labels_and_values_apart(built_site: Path) -> None:
    # A home's label is half of what it says ("Pets: Allowed"), so both are indexed, as two words.
    text, directory = indexed_text(built_site), sample_directory()
    for home in directory.homes:
        stored = text[f"/homes/{home.region}/{home.slug}/"]
        assert f"Who it serves {home.gender_label} " in stored, stored
        for label in ("Level of support", "Beds", "Vacancies", "Cost", "Medication-assisted treatment", "Pets", "Phone"):
            assert label not in stored or f"{label} " in stored, (label, stored)
    community = directory.communities[0]
    assert f"Format {community.format.capitalize()} Approach " in text[f"/communities/{community.slug}/"]


def test_index_leaves_out_what_every_meeting_repeats(built_site: Path) -> None:
    text, directory = indexed_text(built_site), sample_directory()
    stored_for = {m.source: text[f"/meetings/{m.region}/{m.slug}/"] for m in directory.meetings}
    for meeting in directory.meetings:
        stored = stored_for[meeting.source]
        assert stored.startswith(meeting.name), stored
        for noise in ("How to attend", "Meeting types", "Directions on OpenStreetMap", "opens in a new tab",
                      "end time assumed", "Suggest a correction", "Edit this listing"):
            assert noise not in stored, (noise, stored)
        assert not re.search(r"\bWhen (Every|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", stored)
    in_person = next(m for m in directory.meetings if m.is_in_person and m.city and m.types)
    assert in_person.city in stored_for[in_person.source]
    assert directory.vocabulary.types[in_person.types[0]] in stored_for[in_person.source]


@pytest.mark.parametrize("path, kind", [
    ("", None), ("search/", None), ("404.html", None), ("meetings/chicago/night-owls-lakeview/", None),
    ("articles/riding-out-a-craving/", ("Article", True)), ("crisis/", ("Information", True)),
    ("homes/", ("List", False)), ("homes/chicago/", ("List", False)), ("communities/", ("List", False)),
])
def test_page_kind(path: str, kind: tuple[str, bool] | None) -> None:
    assert page_kind(path) == kind


def test_mark_page() -> None:
    themed = '<html><body><article class="md-content__inner md-typeset"><h1>Crisis help</h1></article></body></html>'
    marked = mark_page(themed, "Information", True)
    assert marked is not None
    assert '<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-meta="kind:Information"' in marked
    assert mark_page(marked, "Information", True) is None  # already marked
    assert mark_page("<html><body><p>a print sheet</p></body></html>", "Information", True) is None
    heading = mark_page(themed, "List", False)
    assert heading is not None and '<h1 data-pagefind-body data-pagefind-meta="kind:List"' in heading


def test_command_line_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(tmp_path)])  # not a built site
    assert exit_.value.code == 2


def test_indexer_allocator_settings_are_valid_and_the_users_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOCATOR_ENV, raising=False)
    assert indexer_environment()[ALLOCATOR_ENV] == ALLOCATOR_SETTINGS
    binary = find_indexer()
    assert binary is not None
    # jemalloc reports an option it does not know on stderr and goes on without it.
    checked = subprocess.run([str(binary), "--version"], env=indexer_environment(), capture_output=True, text=True)
    assert checked.returncode == 0 and "jemalloc" not in checked.stderr, checked.stderr
    monkeypatch.setenv(ALLOCATOR_ENV, "narenas:2")
    assert indexer_environment()[ALLOCATOR_ENV] == "narenas:2"


def day_rows(meetings: list) -> dict[int, dict]:
    """Each meeting-local day's rows as the hour files write them (`day_data`)."""
    return dict(enumerate(day_data(rows) for rows in MeetingRows().by_day(meetings)))


def test_day_rows_are_compact_and_complete() -> None:
    directory = sample_directory()
    online = [m for m in directory.meetings if m.is_online]
    days = day_rows(online)
    assert sum(len(d["rows"]) for d in days.values()) == sum(len(m.day) for m in online)
    monday = days[1]
    start, length, zone, attendance, program, path, name, types, *city = monday["rows"][0]
    online_codes = {ATTENDANCE_CODES[Attendance.ONLINE], ATTENDANCE_CODES[Attendance.HYBRID]}
    assert monday["zones"][zone] and attendance in online_codes and monday["programs"][program]
    region, slug = path.split("/")
    assert f"{monday['regions'][int(region)]}/{slug}" in {f"{m.region}/{m.slug}" for m in online}
    # In-person rows carry their city, as the list rows show it.
    in_person = [m for m in directory.meetings if m.is_in_person and m.city and 1 in m.day]
    rows = day_rows(in_person)[1]["rows"]
    assert {row[8] for row in rows} == {m.city for m in in_person}


# -- the search page -------------------------------------------------------------------------------
KIND_QUERIES = {
    "Meeting": lambda d: d.meetings[0].name,
    "Sober home": lambda d: d.homes[0].name,
    "Online community": lambda d: d.communities[0].name,
    "Article": lambda d: d.articles[0].meta.title,
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(KIND_QUERIES))
def test_results_of_each_kind_show_their_kind(browser, site_url: str, kind: str) -> None:
    title = KIND_QUERIES[kind](sample_directory())
    with new_page(browser) as page:
        found = search(page, site_url, title)
        assert (kind, title) in [(k, t) for k, t, _ in found], found
        href = next(h for k, t, h in found if (k, t) == (kind, title))
        assert page.goto(href if href.startswith("http") else site_url.rstrip("/") + href).ok


@pytest.mark.browser
def test_hand_written_and_list_pages_are_found(browser, site_url: str) -> None:
    with new_page(browser) as page:
        found = search(page, site_url, "crisis")
        assert ("Information", "Crisis help") in [(k, t) for k, t, _ in found]
        found = search(page, site_url, "Chicago")
        assert ("Meetings by day", "Meetings in Chicago, IL") in [(k, t) for k, t, _ in found]


@pytest.mark.browser
def test_home_page_form_submits_to_search(browser, site_url: str) -> None:
    article = sample_directory().articles[0].meta.title
    with new_page(browser) as page:
        page.goto(site_url)
        page.locator("#pd-home-q").fill(article)
        page.locator("#pd-home-q").press("Enter")
        page.wait_for_url("**/search/?q=*")
        page.wait_for_function("/result/.test(document.getElementById('pd-search-status').textContent)")
        assert page.locator("#pd-search-q").input_value() == article
        assert article in [t for _, t, _ in results(page)]


@pytest.mark.browser
def test_kind_filter_and_its_url(browser, site_url: str) -> None:
    with new_page(browser) as page:
        everything = search(page, site_url, "recovery")
        assert len({k for k, _, _ in everything}) > 1
        page.locator("label[for='pd-search-kind-3']").click()  # Articles
        page.wait_for_function("new URL(location).searchParams.get('kind') === 'Article'")
        page.wait_for_function("/result/.test(document.getElementById('pd-search-status').textContent)")
        page.wait_for_function("document.querySelectorAll('#pd-search-results > li').length > 0")
        assert {k for k, _, _ in results(page)} == {"Article"}
        shared = page.url
    with new_page(browser) as page:
        page.goto(shared)
        page.wait_for_function("document.querySelectorAll('#pd-search-results > li').length > 0")
        assert page.locator("#pd-search-kind-3").is_checked()
        assert {k for k, _, _ in results(page)} == {"Article"}


@pytest.mark.browser
def test_more_results_ten_at_a_time(browser, site_url: str) -> None:
    with new_page(browser) as page:
        found = search(page, site_url, "meeting")
        total = int(page.locator("#pd-search-status").inner_text().split()[0])
        assert total > 10 and len(found) == 10
        page.locator(".pd-search-more").click()
        page.wait_for_function("document.querySelectorAll('#pd-search-results > li').length > 10")
        assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('#pd-search-results > li')[10]")


@pytest.mark.browser
def test_no_results_and_no_requests_elsewhere(browser, site_url: str) -> None:
    with new_page(browser) as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        search(page, site_url, "qqqzzz")
        assert "No results" in page.locator("#pd-search-status").inner_text()
        assert all(url.startswith(site_url) for url in requests), requests
        assert page.evaluate("document.cookie") == ""


@pytest.mark.browser
def test_search_page_without_javascript_points_to_the_lists(browser, site_url: str) -> None:
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(site_url + "search/?q=owls")
        text = page.locator("article").inner_text()
        assert "Search needs JavaScript" in text
        assert page.locator("noscript a[href='../meetings/']").count() == 1 or "meetings by region" in text


@pytest.mark.browser
def test_search_results_have_no_axe_violations(browser, site_url: str) -> None:
    with new_page(browser) as page:
        search(page, site_url, "meeting")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)


# -- a big directory's index comes in shards ---------------------------------------------------------
@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory):
    site = tmp_path_factory.mktemp("sharded")
    result = build_site(site, extra_env={"PEERDIR_SEARCH_SHARD_PAGES": "25"})  # the sample directory in shards of 25 pages
    assert result.returncode == 0, result.stdout + result.stderr
    url, server = serve(site)
    yield url, site
    server.shutdown()


def test_shards_are_separate_bundles_listed_for_the_search_page(sharded_site) -> None:
    _, site = sharded_site
    extra = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert extra == [f"pagefind-{n}/" for n in range(2, len(extra) + 2)] and len(extra) >= 3
    counts = [json.loads((site / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
              ["languages"]["en"]["page_count"] for bundle in ["pagefind/", *extra]]
    assert all(count <= 25 for count in counts)
    directory = sample_directory()
    assert sum(counts) >= len(directory.meetings) + len(directory.homes) + len(directory.communities)


@pytest.mark.browser
def test_search_finds_pages_in_every_shard(browser, sharded_site) -> None:
    url, _ = sharded_site
    directory = sample_directory()
    # Hand-written pages go first (the first shard), communities last (the last shard).
    with new_page(browser) as page:
        for kind, title in [("Article", directory.articles[0].meta.title), ("Meeting", directory.meetings[-1].name),
                            ("Online community", directory.communities[-1].name)]:
            found = search(page, url, title)
            assert (kind, title) in [(k, t) for k, t, _ in found], (kind, found)


def _fake_streams() -> tuple[Any, list[str]]:
    """A start() for ShardedSearchIndex whose streams only record what is asked of them."""
    events: list[str] = []
    streams: list[Any] = []

    class FakeStream:
        def __init__(self) -> None:
            self.n, self.pages, self.peak_rss_mb = len(streams), 0, 0.0

        def add_html(self, url: str, html: str) -> None:
            self.pages += 1

        def start_writing(self, output: Path) -> None:
            output.mkdir(parents=True)  # as Pagefind does; a second write to one bundle would fail here
            events.append(f"write {self.n} to {output.name}")

        def finish(self) -> int:
            events.append(f"finish {self.n}")
            return self.pages

        def close(self) -> None:
            pass

    def start() -> FakeStream:
        streams.append(FakeStream())
        return streams[-1]

    return start, events


def test_sharded_index_never_keeps_two_full_indexes(tmp_path: Path) -> None:
    """A shard starts being written when full, and only after the one written before it is finished."""
    start, events = _fake_streams()
    index = ShardedSearchIndex(start, tmp_path, shard_pages=2)  # type: ignore[arg-type]
    for i in range(5):
        index.add_html(f"/p{i}/", "<html></html>")
    index.start_writing()
    assert index.finish() == 5
    assert events == ["write 0 to pagefind", "finish 0", "write 1 to pagefind-2", "write 2 to pagefind-3",
                      "finish 1", "finish 2"]
    assert json.loads((tmp_path / "pagefind" / "bundles.json").read_text(encoding="utf-8")) == ["pagefind-2/",
                                                                                                  "pagefind-3/"]


class _RecordingIndex:
    """Stands in for a ShardedSearchIndex: records the calls, can fail on one page."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple] = []
        self.fail_on, self.peak_rss_mb, self.closed = fail_on, 0.0, False

    def add_html(self, url: str, html: str) -> None:
        if url == self.fail_on:
            raise PagefindError("refused")
        self.calls.append(("add", url, html))

    def cut(self, min_pages: int) -> None:
        self.calls.append(("cut", min_pages))

    def start_writing(self) -> None:
        self.calls.append(("write",))

    def finish(self) -> int:
        return len([c for c in self.calls if c[0] == "add"])

    def close(self) -> None:
        self.closed = True


def test_a_cut_closes_a_full_enough_shard_early(tmp_path: Path) -> None:
    """After the meetings the build asks for a cut: a shard that holds enough is written meanwhile;
    a smaller one (a small directory) goes on filling, so it stays one bundle."""
    start, events = _fake_streams()
    index = ShardedSearchIndex(start, tmp_path, shard_pages=100)  # type: ignore[arg-type]
    for i in range(3):
        index.add_html(f"/p{i}/", "<html></html>")
    index.cut(4)
    assert events == []
    index.add_html("/p3/", "<html></html>")
    index.cut(4)
    assert events == ["write 0 to pagefind"]
    index.add_html("/p4/", "<html></html>")
    index.start_writing()
    assert index.finish() == 5
    assert json.loads((tmp_path / "pagefind" / "bundles.json").read_text(encoding="utf-8")) == ["pagefind-2/"]


def test_background_index_hands_pages_over_in_order_and_wraps_listing_bodies() -> None:
    index = _RecordingIndex()
    background = BackgroundSearchIndex(index)  # type: ignore[arg-type]
    background.add_listing("/meetings/a/b/", "<article data-pagefind-body>B</article>")
    background.cut(3)
    background.add_html("/about/", "<html>About</html>")
    background.start_writing()
    assert background.finish() == 2
    assert index.calls == [("add", "/meetings/a/b/", '<html lang="en"><body><article data-pagefind-body>B</article>'
                                                       "</body></html>"),
                           ("cut", 3), ("add", "/about/", "<html>About</html>"), ("write",)]


def test_background_index_raises_what_failed_on_its_thread() -> None:
    index = _RecordingIndex(fail_on="/bad/")
    background = BackgroundSearchIndex(index)  # type: ignore[arg-type]
    for url in ("/one/", "/bad/", "/two/"):
        background.add_html(url, "<html></html>")
    with pytest.raises(PagefindError, match="refused"):
        background.finish()
    assert [c[1] for c in index.calls] == ["/one/"] and index.closed  # nothing after the failure


# -- a search that forgives: the site's words correct a misspelt one; region facet -------------------
def test_site_words_are_folded_commonest_first_and_bounded() -> None:
    from peerdir.search import site_words

    words = site_words(["Grupo En Línea", "línea linea LINEA", "Women's group", "a an 12 x_y", "group"], limit=3)
    assert words == ["linea", "group", "grupo"]  # "en" is too short; ties alphabetical
    assert "an" not in site_words(["an an an"])  # too short to correct to
    assert site_words(["Zeta alpha", "alpha"]) == ["alpha", "zeta"]


def test_words_fold_as_search_js_does() -> None:
    """search.js strips U+0300-U+036F after NFD; the words must fold the same way to match what is typed."""
    from peerdir.search.words import fold

    assert fold("Ñandú CAFÉ") == "nandu cafe"
    assert fold("Açaí – Ωmega") == "acai – ωmega"  # the dash and Greek stay
    assert fold("क्षि") == "क्षि"  # marks outside U+0300-U+036F are letters' parts search.js keeps


def test_the_build_writes_the_sites_words(built_site: Path) -> None:
    from peerdir.search.words import MAX_WORDS

    words = json.loads((built_site / "search" / "words.json").read_text(encoding="utf-8"))
    assert {"cravings", "serenity", "women", "chicago"} <= set(words)
    assert len(words) == len(set(words)) and all(w == w.lower() and len(w) >= 3 for w in words)
    assert len(words) <= MAX_WORDS and words[0] in ("and", "the", "open", "recovery")  # commonest first


@pytest.mark.browser
@pytest.mark.parametrize("typed, meant, wanted", [
    ("cravngs", "cravings", lambda d: {a.meta.title for a in d.articles if "cravings" in a.meta.tags}),
    ("serentiy", "serenity", lambda d: {m.name for m in d.meetings if "serenity" in m.name.lower()}),
    ("palm bech", "palm beach", lambda d: {f"Meetings in {d.regions['palm-beach'].name}"}),
])
def test_a_misspelt_search_finds_what_was_meant(browser, site_url: str, typed: str, meant: str, wanted: Any) -> None:
    want = wanted(sample_directory())
    with new_page(browser) as page:
        found = {title for _, title, _ in search(page, site_url, typed)}
        while page.locator(".pd-search-more:not([hidden])").count():
            page.locator(".pd-search-more").click()
            page.wait_for_timeout(100)
            found = {title for _, title, _ in results(page)}
        assert page.locator("#pd-search-status").inner_text().startswith(f"Showing results for “{meant}”")
        assert want <= found, want - found
        # The search as typed is one press away.
        page.get_by_role("button", name=f"Search for “{typed}” instead").click()
        page.wait_for_function(f"document.getElementById('pd-search-status').textContent.includes('for “{typed}”')")
        assert not page.locator("#pd-search-status").inner_text().startswith("Showing results for")


@pytest.mark.browser
def test_womens_finds_womens_meetings_and_common_words_fetch_no_word_list(browser, site_url: str) -> None:
    women = {m.name for m in sample_directory().meetings if "W" in m.types and "women" in m.name.lower()}
    assert women
    with new_page(browser) as page:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        search(page, site_url, "recovery")  # many results: the words are never needed
        assert not [u for u in fetched if u.endswith("words.json")]
        found = {title for _, title, _ in search(page, site_url, "womens")}
        assert women <= found and "Showing" not in page.locator("#pd-search-status").inner_text()


@pytest.mark.browser
def test_region_facet_narrows_the_results_and_keeps_them_in_the_url(browser, site_url: str) -> None:
    directory = sample_directory()
    chicago = directory.regions["chicago"].name
    with new_page(browser) as page:
        everything = search(page, site_url, "recovery")
        assert len({href.split("/")[-3] for _, _, href in everything if href.count("/") >= 4}) > 1
        page.get_by_role("button", name="Choose a region").click()
        select = page.locator("#pd-search-region")
        select.wait_for(state="visible")
        options = page.eval_on_selector_all("#pd-search-region option", "xs => xs.map(x => x.value)")
        assert options[0] == "" and chicago in options
        select.select_option(chicago)
        page.wait_for_function("new URL(location).searchParams.get('region') !== null")
        page.wait_for_function("/result/.test(document.getElementById('pd-search-status').textContent)")
        narrowed = results(page)
        assert narrowed and len(narrowed) < len(everything)
        assert all("/chicago/" in href for _, _, href in narrowed), narrowed
        shared = page.url
    with new_page(browser) as page:
        page.goto(shared)
        page.wait_for_function("document.querySelectorAll('#pd-search-results > li').length > 0")
        assert page.locator("#pd-search-region").input_value() == chicago
        assert all("/chicago/" in href for _, _, href in results(page))
