"""Where a fork's site is published: `peerdir site-url`, used by the deploy workflow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from peerdir.cli import main
from peerdir.contribute import github_pages_url, mkdocs_settings, published_site_url, site_from_environment
from tests.conftest import ROOT, build_site, copy_project
from tests.test_build_log import tiny_data


@pytest.mark.parametrize("repository, url", [
    ("owner/owner.github.io", "https://owner.github.io/"),
    ("Owner/Owner.GitHub.io", "https://owner.github.io/"),  # GitHub ignores case in the name
    ("owner/directory", "https://owner.github.io/directory/"),
    ("Recovery-Org/Meetings", "https://recovery-org.github.io/Meetings/"),
    ("owner/other.github.io", "https://owner.github.io/other.github.io/"),  # another owner's name: a project
    ("https://github.com/owner/directory", "https://owner.github.io/directory/"),
    ("https://github.com/owner/owner.github.io.git", "https://owner.github.io/"),
    ("/owner/directory/", "https://owner.github.io/directory/"),
])
def test_github_pages_address(repository: str, url: str) -> None:
    assert github_pages_url(repository) == url


@pytest.mark.parametrize("repository", ["", "owner", "a/b/c", "https://github.com/owner"])
def test_not_a_repository(repository: str) -> None:
    with pytest.raises(ValueError):
        github_pages_url(repository)


def test_a_custom_domain_wins_and_gets_its_slash() -> None:
    env = {"PEERDIR_SITE_URL": "https://meetings.example.org", "GITHUB_REPOSITORY": "owner/directory"}
    assert published_site_url(environ=env) == "https://meetings.example.org/"
    assert published_site_url("owner/owner.github.io", environ=env) == "https://meetings.example.org/"


def test_an_empty_custom_domain_is_no_custom_domain() -> None:
    # `${{ vars.SITE_URL }}` is an empty string when the variable is not set.
    env = {"PEERDIR_SITE_URL": "", "GITHUB_REPOSITORY": "owner/owner.github.io"}
    assert published_site_url(environ=env) == "https://owner.github.io/"
    assert published_site_url("owner/dir", environ=env) == "https://owner.github.io/dir/"
    assert published_site_url(environ={}) is None


def test_the_command_prints_the_address(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PEERDIR_SITE_URL", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "owner/directory")
    assert main(["site-url"]) == 0
    assert capsys.readouterr().out == "https://owner.github.io/directory/\n"
    assert main(["site-url", "--repository", "owner/owner.github.io"]) == 0
    assert capsys.readouterr().out == "https://owner.github.io/\n"
    monkeypatch.setenv("PEERDIR_SITE_URL", "https://meetings.example.org/")
    assert main(["site-url"]) == 0
    assert capsys.readouterr().out == "https://meetings.example.org/\n"


def test_the_command_without_a_repository_says_what_to_give(monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PEERDIR_SITE_URL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    assert main(["site-url"]) == 2
    assert "--repository OWNER/NAME" in capsys.readouterr().err
    assert main(["site-url", "--repository", "not-a-repository"]) == 2
    assert "OWNER/NAME" in capsys.readouterr().err


def test_the_edit_links_branch_comes_from_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for name in ("PEERDIR_BRANCH", "PEERDIR_REPO_URL", "GITHUB_REPOSITORY", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    assert mkdocs_settings(tmp_path)["branch"] == "main"  # a local preview
    monkeypatch.setenv("PEERDIR_BRANCH", "trunk")
    assert mkdocs_settings(tmp_path)["branch"] == "trunk"
    site = site_from_environment(tmp_path, repo_url="https://github.com/owner/dir")
    assert site.edit_url("data/x.yaml") == "https://github.com/owner/dir/edit/trunk/data/x.yaml"


def test_a_built_page_edits_its_file_on_the_default_branch(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "data")
    tiny_data(project)  # inside the project, so the file's path in the repository is data/…
    result = build_site(tmp_path / "site", project=project, extra_env={
        "PEERDIR_SEARCH_INDEX": "0", "PEERDIR_BRANCH": "trunk", "PEERDIR_REPOSITORY": "https://github.com/owner/dir",
        "PEERDIR_SITE_URL": "https://owner.github.io/dir/"})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "meetings" / "town" / "noon" / "index.html").read_text(encoding="utf-8")
    # The page names the file; listing.js draws the editor's link on the branch (issue 20).
    assert "https://github.com/owner/dir/issues/new?template=correct-listing.yml&amp;listing=data/meetings/town/noon.yaml" in page
    script = (tmp_path / "site" / "assets" / "peerdir" / "listing.js").read_text(encoding="utf-8")
    assert '"branch":"trunk"' in script and "/edit/main/" not in page


def test_the_readme_tells_a_fork_every_label_the_issue_forms_apply() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Deploying your own directory", 1)[1].split("\n## ", 1)[0]
    assert "Source: GitHub Actions" in section and "Issues" in section
    labels = set()
    for form in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        labels.update(yaml.safe_load(form.read_text(encoding="utf-8")).get("labels") or [])
    assert labels, "the issue forms apply labels"
    for label in sorted(labels):
        assert f"gh label create {label} " in section, f"README does not say to create the label '{label}'"
    assert "https://OWNER.github.io/NAME/" in section and "`https://OWNER.github.io/`" in section
