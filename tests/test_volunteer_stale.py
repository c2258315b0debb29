"""`peerdir stale`: exactly the listings past the threshold, by region, with edit links."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.loading import load_directory
from peerdir.stale import find_stale, format_stale, md_escape
from peerdir.urls import SiteInfo

FIXTURE_ROOT = Path(__file__).parent / "fixtures" / "volunteer"
TODAY = "2026-01-01"
STALE_AT_180 = {
    "data/meetings/chicago/saturday-big-book.yaml",  # 181 days
    "data/meetings/chicago/monday-step-study.yaml",  # 356 days
    "data/homes/chicago/serenity-house.yaml",  # 579 days
    "data/communities/sober-forum.yaml",  # 306 days
}


@pytest.fixture(autouse=True)
def no_repository_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PEERDIR_REPO_URL", "PEERDIR_SITE_URL", "PEERDIR_BRANCH", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY",
                 "PEERDIR_DATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(FIXTURE_ROOT)  # listing sources are then data/…, as in a real checkout


def run_json(capsys, *args: str) -> dict:
    assert main(["stale", "--data", "data", "--today", TODAY, "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def sources(payload: dict) -> set[str]:
    return {item["source"] for group in payload["regions"] for item in group["listings"]}


def test_picks_exactly_the_listings_past_180_days(capsys):
    payload = run_json(capsys)
    assert sources(payload) == STALE_AT_180
    assert payload["count"] == 4 and payload["days"] == 180 and payload["today"] == TODAY


def test_a_listing_exactly_at_the_threshold_is_not_stale(capsys):
    assert "data/meetings/chicago/friday-night-group.yaml" not in sources(run_json(capsys))  # 180 days
    assert "data/meetings/chicago/friday-night-group.yaml" in sources(run_json(capsys, "--days", "179"))


@pytest.mark.parametrize(("days", "expected"), [
    ("400", {"data/homes/chicago/serenity-house.yaml"}),
    ("1000", set()),
    ("0", STALE_AT_180 | {"data/meetings/chicago/friday-night-group.yaml",
                          "data/meetings/online/daily-reflections.yaml", "data/communities/peer-chat.yaml"}),
])
def test_days_moves_the_threshold(capsys, days: str, expected: set[str]):
    assert sources(run_json(capsys, "--days", days)) == expected


def test_grouped_by_region_oldest_first_with_communities_last(capsys):
    payload = run_json(capsys)
    assert [(g["region"], g["name"]) for g in payload["regions"]] == [
        ("chicago", "Chicago, IL"), ("online-communities", "Online communities")]
    chicago = [item["name"] for item in payload["regions"][0]["listings"]]
    assert chicago == ["Serenity House", "Monday Step Study", "Saturday Big Book"]
    first = payload["regions"][0]["listings"][0]
    assert first == {"kind": "home", "name": "Serenity House", "region": "chicago",
                     "source": "data/homes/chicago/serenity-house.yaml", "last_verified": "2024-06-01",
                     "days_since": 579, "edit_url": None, "page_url": None}


def test_edit_and_page_links_when_the_repository_and_site_are_known(capsys, monkeypatch):
    monkeypatch.setenv("PEERDIR_REPO_URL", "https://github.com/example/directory")
    monkeypatch.setenv("PEERDIR_SITE_URL", "https://recovery.example.org")
    payload = run_json(capsys)
    item = payload["regions"][0]["listings"][0]
    assert item["edit_url"] == "https://github.com/example/directory/edit/main/data/homes/chicago/serenity-house.yaml"
    assert item["page_url"] == "https://recovery.example.org/homes/chicago/serenity-house/"


def test_repository_from_github_actions_and_mkdocs(tmp_path: Path, monkeypatch, capsys):
    shutil.copytree(FIXTURE_ROOT / "data", tmp_path / "data")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://dir.example.org/\nextra:\n  peerdir:\n"
        "    repository: https://github.com/from/mkdocs\n    branch: trunk\n    stale_after_days: 400\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    payload = run_json(capsys)
    assert payload["days"] == 400, "mkdocs.yml's stale_after_days is the default"
    (item,) = [i for g in payload["regions"] for i in g["listings"]]
    assert item["edit_url"].startswith("https://github.com/from/mkdocs/edit/trunk/data/")
    assert item["page_url"] == "https://dir.example.org/homes/chicago/serenity-house/"
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "from/actions")
    item = run_json(capsys)["regions"][0]["listings"][0]
    assert item["edit_url"].startswith("https://github.com/from/actions/edit/trunk/")


def test_markdown_for_the_issue(capsys, monkeypatch):
    monkeypatch.setenv("PEERDIR_REPO_URL", "https://github.com/example/directory")
    assert main(["stale", "--data", "data", "--today", TODAY, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Listings due for re-verification")
    assert "4 listings were last checked more than 180 days ago (before 2025-07-05)" in out
    assert out.index("### Chicago, IL (3)") < out.index("### Online communities (1)")
    assert ("- [ ] **Saturday Big Book** (meeting) · last verified 2025-07-04, 181 days ago · "
            "`data/meetings/chicago/saturday-big-book.yaml` · "
            "[✏️ edit](https://github.com/example/directory/edit/main/data/meetings/chicago/saturday-big-book.yaml)"
            ) in out
    assert "Friday Night Group" not in out


def test_text_output(capsys):
    assert main(["stale", "--data", "data", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "4 listings last verified more than 180 days before 2026-01-01:"
    assert "data/communities/sober-forum.yaml  community: Sober Forum; last verified 2025-03-01 (306 days ago)" in out


def test_nothing_stale(capsys):
    assert main(["stale", "--data", "data", "--today", TODAY, "--days", "5000", "--format", "markdown"]) == 0
    assert "Every listing was verified within the last 5000 days" in capsys.readouterr().out


def test_listing_text_cannot_inject_markdown():
    assert md_escape("Group [click](https://evil.example) <b>*x*</b> | y") == (
        "Group \\[click\\](https://evil.example) \\<b\\>\\*x\\*\\</b\\> \\| y")


def test_long_reports_stay_within_an_issue_body():
    directory, _ = load_directory(Path("data"))
    report = find_stale(directory, dt.date(2026, 1, 1), 180, SiteInfo())
    text = format_stale(report, "markdown", max_chars=1300)
    assert len(text) <= 1300
    assert "more, left out to keep this issue within GitHub's size limit" in text
    assert format_stale(report, "markdown").count("- [ ]") == 4


def test_listings_verified_after_the_date_asked_about_stay_valid(capsys):
    # On 2025-08-01 two fixture listings had not been verified yet (2025-11-01, 2025-12-01): they are
    # neither stale nor reported as invalid "dates in the future".
    assert main(["stale", "--data", "data", "--today", "2025-08-01", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "left out" not in captured.err
    assert sources(json.loads(captured.out)) == {"data/meetings/chicago/monday-step-study.yaml",
                                                 "data/homes/chicago/serenity-house.yaml"}


@pytest.mark.parametrize("args", [["--today", "01/02/2026"], ["--days", "-1"], ["--days", "ten"]])
def test_bad_arguments_are_usage_errors(args: list[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["stale", "--data", "data", *args])
    assert exit_info.value.code == 2


def test_missing_data_folder(capsys):
    assert main(["stale", "--data", "no-such-folder"]) == 2
    assert "no-such-folder" in capsys.readouterr().err
