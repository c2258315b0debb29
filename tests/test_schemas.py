"""The JSON Schemas in schemas/: up to date, valid, and agreeing with the sample data.

Editors (VS Code's YAML extension, i.e. yaml-language-server) check a listing against the schema
named on its first line, reading the file as YAML 1.2: there `19:30` and `NO` are text, but
`02134` is the number 2134 and `yes` is text, not a boolean. The sample files are what volunteers
copy, so each must pass that check as an editor sees it, not only peerdir's own validator.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from peerdir.directory import split_front_matter
from peerdir.schemas import render, schema_documents
from peerdir.yamlfile import parse_yaml_mapping

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
DATA = ROOT / "data"
ARTICLES = ROOT / "content" / "articles"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's implicit types, as yaml-language-server reads files."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = node.value
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 16) if text.startswith("0x") else int(text, 10)  # 1.2: 010 is ten, not eight


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)


def load_12(text: str) -> object:
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader subclass


def kind_of(path: Path) -> str | None:
    """The schema a data file is checked against, from where it lives."""
    rel = path.relative_to(DATA).parts
    if rel == ("regions.yaml",):
        return "regions"
    return {"meetings": "meeting", "homes": "home", "communities": "community"}.get(rel[0])


SAMPLES = sorted(p for p in DATA.rglob("*.yaml") if kind_of(p)) if DATA.is_dir() else []
ARTICLE_FILES = sorted(p for p in ARTICLES.glob("*.md") if p.name != "index.md") if ARTICLES.is_dir() else []


def schema(kind: str) -> dict:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_of(kind: str, instance: object) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(validator(kind).iter_errors(instance), key=lambda e: list(map(str, e.path)))]


# -- the committed schemas ---------------------------------------------------------------------------
def test_committed_schemas_are_up_to_date() -> None:
    documents = schema_documents()
    committed = {p.name for p in SCHEMAS.glob("*.schema.json")}
    assert committed == set(documents), "schemas/ holds other files than `peerdir schema` writes"
    stale = [name for name, doc in documents.items()
             if (SCHEMAS / name).read_text(encoding="utf-8") != render(doc)]
    assert not stale, f"schemas/{', '.join(stale)} out of date: run `peerdir schema` and commit the result"


@pytest.mark.parametrize("name", sorted(schema_documents()))
def test_each_schema_is_a_valid_json_schema(name: str) -> None:
    document = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


# -- the sample data against the schemas, as an editor reads it ----------------------------------------
def test_there_are_samples_of_every_kind() -> None:
    kinds = {kind_of(p) for p in SAMPLES}
    assert kinds == {"regions", "meeting", "home", "community"}, f"sample data found for {sorted(kinds)} only"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_sample_starts_with_a_schema_line_to_an_existing_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path.name}: the first line should be '# yaml-language-server: $schema=…', found {first!r}"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file(), f"{path.relative_to(ROOT)}: $schema={match.group(1)} points at {target}, which does not exist"
    assert target == (SCHEMAS / f"{kind_of(path)}.schema.json").resolve(), f"{path.name}: points at the wrong schema"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_sample_validates_against_its_schema_as_yaml_1_2(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parse_yaml_mapping(text)  # peerdir's own reader accepts it (no anchors, no duplicate keys …)
    errors = errors_of(kind_of(path), load_12(text))  # type: ignore[arg-type]
    assert not errors, f"{path.relative_to(ROOT)} as an editor would flag it:\n" + "\n".join(errors)


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.name)
def test_article_front_matter_validates_against_the_article_schema(path: Path) -> None:
    front, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert front is not None, f"{path.name}: no front matter"
    errors = errors_of("article", load_12(front))
    assert not errors, f"{path.relative_to(ROOT)}:\n" + "\n".join(errors)


# -- the YAML 1.2 reading used above is the editor's, not PyYAML's 1.1 ----------------------------------
def test_yaml_1_2_reading_matches_what_editors_do() -> None:
    loaded = load_12("a: 19:30\nb: NO\nc: 02134\nd: yes\ne: true\nf: 2026-01-05\ng: 1.5\nh:\ni: 010\nj: '7'\n")
    assert loaded == {"a": "19:30", "b": "NO", "c": 2134, "d": "yes", "e": True, "f": "2026-01-05",
                      "g": 1.5, "h": None, "i": 10, "j": "7"}


def test_schema_catches_what_an_editor_would_flag() -> None:
    """The check above has teeth: typical editor complaints are reported."""
    home = load_12("name: H\ngender: women\ncity: C\nstate: IL\npostal_code: 02134\naccepts_mat: yes\n"
                   "last_verified: 2026-01-05\n")
    errors = "\n".join(errors_of("home", home))
    assert "postal_code" in errors and "accepts_mat" in errors
    meeting = load_12("name: M\nprogram: AA\nday: Friday\ntime: 19:30\nlast_verified: 2026-13-45\nextra: 1\n")
    errors = "\n".join(errors_of("meeting", meeting))
    assert "last_verified" in errors and "extra" in errors
