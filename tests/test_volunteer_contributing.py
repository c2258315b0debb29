"""CONTRIBUTING.md is written by hand; these tests keep it in step with the models and vocabularies."""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from peerdir.loading import load_directory
from peerdir.models import Community, Home, Meeting
from peerdir.models.common import Contact, file_keys
from peerdir.models.community import APPROACHES, COSTS, FORMATS
from peerdir.models.home import CERT_STATUSES, GENDERS, Certification, Cost
from peerdir.vocabulary import default_vocabulary
from tests.test_placeholders import fill_in

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FIXTURE = Path(__file__).parent / "fixtures" / "volunteer" / "data"


def section(heading: str, text: str = TEXT) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level.

    Lines inside fenced code blocks are never headings (YAML comments start with '#' too).
    """
    lines = text.splitlines(keepends=True)
    start, level, fenced = None, 0, False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else re.match(r"^(#+) (.*?)\s*$", line)
        if not match:
            continue
        if start is None and match.group(2) == heading:
            start, level = number + 1, len(match.group(1))
        elif start is not None and len(match.group(1)) <= level:
            return "".join(lines[start:number])
    assert start is not None, f"CONTRIBUTING.md has no heading '{heading}'"
    return "".join(lines[start:])


def tables(text: str) -> list[dict[str, str]]:
    """Each Markdown table of `text` as {field: its 'Required' cell}, in order, with duplicates kept apart."""
    found: list[dict[str, str]] = []
    previous = False
    for line in text.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            found.append({})
        row = re.match(r"^\| `([a-z_]+)` \| ([^|]*) \|", line)
        if row:
            assert row.group(1) not in found[-1], f"'{row.group(1)}' is in one table twice"
            found[-1][row.group(1)] = row.group(2).strip()
        previous = is_row
    return [t for t in found if t]


KINDS = [
    ("Meeting fields", Meeting, [Contact]),
    ("Sober living home fields", Home, [Certification, Cost]),
    ("Online community fields", Community, []),
]


@pytest.mark.parametrize(("heading", "model", "nested"), KINDS, ids=[k[0] for k in KINDS])
def test_every_model_field_is_explained(heading: str, model: type[BaseModel], nested: list[type[BaseModel]]):
    found = tables(section(heading))
    assert len(found) == 1 + len(nested), f"'{heading}': one table for the kind and one per nested part"
    for documented, part in zip(found, [model, *nested], strict=True):
        missing = set(file_keys(part)) - set(documented)
        assert not missing, f"CONTRIBUTING.md, '{heading}', does not explain {part.__name__}: {sorted(missing)}"
        unknown = set(documented) - set(file_keys(part))
        assert not unknown, f"CONTRIBUTING.md, '{heading}', explains fields {part.__name__} lacks: {sorted(unknown)}"


def test_required_fields_are_marked_required():
    for heading, model, nested in KINDS:
        for rows, part in zip(tables(section(heading)), [model, *nested], strict=True):
            for field_name, info in part.model_fields.items():
                name = info.alias or field_name
                if info.is_required():
                    assert rows[name] == "yes", f"{part.__name__}: '{name}' is required but not marked 'yes'"
                else:
                    assert rows[name] != "yes", f"{part.__name__}: '{name}' is optional but marked 'yes'"


def _literal_values(model: type[BaseModel], field: str) -> tuple[str, ...]:
    return typing.get_args(model.model_fields[field].annotation)


@pytest.mark.parametrize(("heading", "values"), [
    ("Online community fields", FORMATS),
    ("Online community fields", APPROACHES),
    ("Online community fields", COSTS),
    ("Sober living home fields", GENDERS),
    ("Sober living home fields", CERT_STATUSES),
    ("Sober living home fields", _literal_values(Home, "address_visibility")),
    ("Sober living home fields", _literal_values(Cost, "per")),
], ids=["format", "approach", "cost", "gender", "certification status", "address_visibility", "cost per"])
def test_allowed_values_are_listed(heading: str, values: tuple[str, ...]):
    text = section(heading)
    assert values
    missing = [v for v in values if f"`{v}`" not in text]
    assert not missing, f"CONTRIBUTING.md, '{heading}', does not list: {missing}"


def test_every_program_is_listed():
    row = next(line for line in section("Meeting fields").splitlines() if line.startswith("| `program` |"))
    missing = [p for p in default_vocabulary().program_names if p not in row]
    assert not missing, f"the program row does not list: {missing}"


def test_every_type_code_is_listed():
    text = section("Meeting type codes")
    listed = set(re.findall(r"`([^`]+)`", text))
    missing = sorted(set(default_vocabulary().types) - listed, key=str.lower)
    assert not missing, f"'Meeting type codes' does not list: {missing}"
    assert "schemas/" in TEXT and "meeting_guide_types.json" in text


def test_the_github_steps_are_all_there():
    add = section("Add a listing")
    for words in ("Add file → Create new file", "data/meetings/<region>/<name>.yaml", "Propose changes",
                  "Create pull request", "last_verified"):
        assert words in add, words
    assert "Files changed" in section("Read the checks and fix what they point at")
    assert "Delete file" in section("Remove a listing, or mark it closed for now")
    anonymity = section("Anonymity rules")
    assert "last initial" in anonymity and "address_visibility: city" in anonymity
    assert "last_verified" in section("How to verify a listing")


TEMPLATES = {
    "Meeting (in person, or hybrid)": "meetings/chicago/template-meeting.yaml",
    "Meeting (online only)": "meetings/online/template-online.yaml",
    "Sober living home": "homes/chicago/template-home.yaml",
    "Online community": "communities/template-community.yaml",
}


@pytest.mark.parametrize(("heading", "where"), TEMPLATES.items(), ids=list(TEMPLATES))
def test_each_template_is_refused_until_its_change_me_values_are_filled_in(tmp_path: Path, heading: str, where: str):
    blocks = re.findall(r"```yaml\n(.*?)```", section(heading), re.DOTALL)
    assert len(blocks) == 1, f"'{heading}' should hold exactly one yaml block"
    kind = where.split("/")[0]
    schema = "../../" if kind == "communities" else "../../../"
    assert blocks[0].startswith(f"# yaml-language-server: $schema={schema}schemas/")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE / "regions.yaml", data / "regions.yaml")
    (data / where).parent.mkdir(parents=True)
    (data / where).write_text(blocks[0], encoding="utf-8")
    directory, problems = load_directory(data)
    assert problems and all("CHANGE ME" in p.message for p in problems), "refused as pasted, for CHANGE ME only"
    (data / where).write_text(fill_in(blocks[0]), encoding="utf-8")
    directory, problems = load_directory(data)
    assert problems == []
    assert len(directory.meetings) + len(directory.homes) + len(directory.communities) == 1


def test_schema_files_the_templates_point_to_exist():
    for name in ("meeting", "home", "community"):
        assert (ROOT / "schemas" / f"{name}.schema.json").is_file()
