"""correction_links: the GitHub editor for a listing's file and a prefilled correction form."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from peerdir.contribute import CORRECTION_FORM, correction_links, has_public_site, site_from_environment
from peerdir.urls import SiteInfo

ROOT = Path(__file__).resolve().parents[1]
SITE = SiteInfo(site_url="https://recovery.example.org/", repo_url="https://github.com/example/directory")
SOURCE = "data/meetings/chicago/friday-night-group.yaml"
PAGE = "https://recovery.example.org/meetings/chicago/friday-night-group/"


def test_edit_link_is_the_github_editor_of_the_file():
    links = correction_links(SITE, SOURCE, PAGE)
    assert links["edit"] == "https://github.com/example/directory/edit/main/" + SOURCE
    assert links["edit"] == SITE.edit_url(SOURCE)


def test_issue_link_prefills_the_correction_form():
    url = correction_links(SITE, SOURCE, PAGE)["issue"]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/example/directory/issues/new"
    query = parse_qs(parts.query, strict_parsing=True)
    # The file, which a volunteer edits (the form asks for the page's address or its file; issue 20).
    # No title: the form's own starts it (the listing's name again was 45 bytes a page; issue 20).
    assert query == {"template": ["correct-listing.yml"], "listing": [SOURCE]}
    assert parse_qs(urlsplit(correction_links(SITE, "", PAGE)["issue"]).query)["listing"] == [PAGE]
    assert url.startswith("https://github.com/example/directory/issues/new?template=correct-listing.yml&listing=")


def test_issue_link_is_form_encoded_briefly():
    """On every listing page (issue 20): the address keeps its : and /, a space is +; GitHub reads
    the query as a form does, so the fields are prefilled all the same."""
    url = correction_links(SITE, SOURCE, PAGE)["issue"]
    assert url.endswith("&listing=" + SOURCE)
    assert "%2F" not in url and "%20" not in url
    assert parse_qs(urlsplit(correction_links(SITE, "", PAGE)["issue"]).query)["listing"] == [PAGE]
    assert correction_links(SITE, "data/meetings/a/b c.yaml", PAGE)["issue"].endswith("&listing=data/meetings/a/b+c.yaml")


def test_the_prefilled_field_and_form_exist():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / CORRECTION_FORM).read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    query = parse_qs(urlsplit(correction_links(SITE, SOURCE, PAGE)["issue"]).query)
    assert set(query) - {"template"} <= ids
    # The issue's title is the form's, which a person completes: it must start as a correction.
    assert form["title"] == "Correction: "


def test_awkward_characters_are_encoded():
    site = SiteInfo(repo_url="https://github.com/example/directory/", branch="release/2026")
    page = "https://x.example/meetings/a/b/?q=1&r=2#top"
    links = correction_links(site, "data/meetings/a/b c.yaml#1&x=2", page)
    assert links["edit"] == "https://github.com/example/directory/edit/release/2026/data/meetings/a/b%20c.yaml%231%26x%3D2"
    query = parse_qs(urlsplit(links["issue"]).query)
    assert query == {"template": ["correct-listing.yml"], "listing": ["data/meetings/a/b c.yaml#1&x=2"]}
    assert parse_qs(urlsplit(correction_links(site, "", page)["issue"]).query)["listing"] == [page]
    assert "#" not in links["issue"] and " " not in links["issue"]


def test_no_links_without_a_repository():
    assert correction_links(SiteInfo(), SOURCE, PAGE) == {}


def test_the_form_names_the_file_even_without_a_page_address():
    query = parse_qs(urlsplit(correction_links(SITE, SOURCE, "")["issue"]).query)
    assert query["listing"] == [SOURCE]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("PEERDIR_REPO_URL", "PEERDIR_SITE_URL", "PEERDIR_BRANCH", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_site_from_environment_order(clean_env: Path, monkeypatch):
    assert site_from_environment(clean_env).repo_url is None
    (clean_env / "mkdocs.yml").write_text(
        "site_url: https://dir.example.org\nrepo_url: https://github.com/from/repo-url\n"
        "extra:\n  peerdir:\n    repository: https://github.com/from/extra\n    branch: trunk\n"
        "x: !ENV [HOME]\ny: !!python/name:builtins.print\n", encoding="utf-8")
    site = site_from_environment(clean_env)
    assert (site.repo_url, site.branch, site.site_url) == (
        "https://github.com/from/extra", "trunk", "https://dir.example.org/")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "from/actions")
    assert site_from_environment(clean_env).repo_url == "https://github.com/from/actions"
    monkeypatch.setenv("PEERDIR_REPO_URL", "https://github.com/from/env/")
    assert site_from_environment(clean_env).repo_url == "https://github.com/from/env"
    assert site_from_environment(clean_env, repo_url="https://github.com/from/arg").repo_url == \
        "https://github.com/from/arg"


def test_public_site():
    assert has_public_site(SITE)
    assert not has_public_site(SiteInfo())
    assert not has_public_site(SiteInfo(site_url="http://localhost:8000/"))


def test_unreadable_mkdocs_is_ignored(clean_env: Path):
    (clean_env / "mkdocs.yml").write_text("site_url: [unclosed\n", encoding="utf-8")
    assert site_from_environment(clean_env).repo_url is None
