"""Issue forms and the pull request template: valid shapes, and the fields the site's links prefill."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FORMS_DIR = ROOT / ".github" / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
# https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms
TOP_LEVEL = {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
ITEM_TYPES = {"markdown", "textarea", "input", "dropdown", "checkboxes"}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_three_forms_and_config_exist():
    assert {p.name for p in FORMS} == {"add-meeting.yml", "correct-listing.yml", "meeting-closed.yml"}
    assert (FORMS_DIR / "config.yml").is_file()


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_form_shape(path: Path):
    form = load(path)
    assert set(form) <= TOP_LEVEL, f"unknown keys: {set(form) - TOP_LEVEL}"
    for key in ("name", "description", "body"):
        assert form.get(key), f"{path.name} needs '{key}'"
    assert isinstance(form["name"], str) and isinstance(form["description"], str)
    assert isinstance(form.get("labels", []), list)
    body = form["body"]
    assert isinstance(body, list) and any(item["type"] != "markdown" for item in body)
    ids = []
    for number, item in enumerate(body, start=1):
        where = f"{path.name} body item {number}"
        assert item.get("type") in ITEM_TYPES, where
        attributes = item.get("attributes")
        assert isinstance(attributes, dict), f"{where}: attributes"
        if item["type"] == "markdown":
            assert attributes.get("value"), f"{where}: markdown needs attributes.value"
            assert "id" not in item
            continue
        assert item.get("id"), f"{where}: needs an id"
        assert isinstance(attributes.get("label"), str) and attributes["label"].strip(), f"{where}: needs a label"
        ids.append(item["id"])
        if item["type"] == "dropdown":
            options = attributes.get("options")
            assert isinstance(options, list) and options and all(isinstance(o, str) for o in options), where
            assert len(set(options)) == len(options), f"{where}: options must be unique"
        if item["type"] == "checkboxes":
            options = attributes.get("options")
            assert isinstance(options, list) and all(isinstance(o, dict) and o.get("label") for o in options), where
        if "validations" in item:
            assert set(item["validations"]) <= {"required"}, where
    assert len(ids) == len(set(ids)), f"{path.name}: ids must be unique"
    required = [i for i in body if i.get("validations", {}).get("required")]
    assert required, f"{path.name} has no required field"


@pytest.mark.parametrize("name", ["correct-listing.yml", "meeting-closed.yml"])
def test_listing_field_can_be_prefilled_by_a_link(name: str):
    (item,) = [i for i in load(FORMS_DIR / name)["body"] if i.get("id") == "listing"]
    assert item["type"] == "input", "GitHub prefills input and textarea fields from the query string"
    assert item["validations"]["required"] is True


def test_every_form_asks_about_anonymity():
    for path in FORMS:
        labels = [o["label"] for i in load(path)["body"] if i["type"] == "checkboxes"
                  for o in i["attributes"]["options"] if o.get("required")]
        assert any("full name" in label for label in labels), path.name


def test_config():
    config = load(FORMS_DIR / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert set(link) == {"name", "url", "about"}
        assert link["url"].startswith("https://")


def test_pull_request_template_has_a_short_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert 3 <= len(boxes) <= 8
    assert "last_verified" in text and "address_visibility: city" in text and "CHANGE ME" in text
