"""load_directory over generated listings (issue 16): whatever a pull request holds, only Problems come
out, each with a file, a line >= 1 and a message; never an exception.

Bounded for CI: derandomized (the same examples on every run), no deadline per example, about 200
examples in all, and each test stops drawing new examples once its time budget is spent.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from peerdir.loading import load_directory  # noqa: E402
from tests.hostile.corpus import FIXTURE  # noqa: E402

TODAY = dt.date(2026, 11, 23)
BUDGET_S = 8.0  # per test: well under a minute for the file
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# Fields each kind knows, so generated values reach the validators and not only the unknown-field check.
FIELDS = {
    "meetings": ["name", "program", "day", "time", "end_time", "timezone", "types", "location", "address", "city",
                 "state", "postal_code", "country", "location_notes", "latitude", "longitude", "conference_url",
                 "conference_url_notes", "conference_phone", "group", "notes", "contacts", "last_verified"],
    "homes": ["name", "operator", "gender", "narr_level", "certification", "beds", "baths", "vacancies",
              "vacancies_as_of", "cost", "accepts_mat", "pets", "phone", "website", "address", "city", "state",
              "postal_code", "address_visibility", "latitude", "longitude", "description", "last_verified"],
    "communities": ["name", "url", "format", "approach", "cost", "anonymous", "moderated", "hours", "languages",
                    "audience", "description", "last_verified"],
}
# Text that reaches the corners: controls, separators, bidi, markup, YAML indicators, huge numbers.
NASTY = ["", " ", "~", "null", "yes", "NO", "0x1F", ".inf", "1e999", "-0", "2026-02-30", "2026-11-22", "24:00",
         "19:00", "Monday", "AA", "O", "America/Chicago", "../../etc/passwd", "A" * 300, "https://x.example.org",
         "javascript:alert(1)", "<script>", "\x00", "\x1b[2J", "\u2028", "\u202e", "\ufeff", "&a", "*a", "!!str",
         "%", "@", "`", "{{ 7*7 }}", "'", '"', "\\", "#", ": ", "- ", "[", "{", "|", ">"]
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
SCALAR = st.one_of(st.sampled_from(NASTY), _TEXT, st.integers(-10**20, 10**20),
                   st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(), st.dates())
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(_TEXT, inner, max_size=4)), max_leaves=12)


@pytest.fixture
def fresh(tmp_path: Path) -> Callable[[], Path]:
    """A new copy of the tiny fixture per example (hypothesis reuses one tmp_path for all of them)."""
    counter = iter(range(10**6))

    def make() -> Path:
        root = tmp_path / f"ex{next(counter)}"
        shutil.copytree(FIXTURE, root)
        return root

    return make


def _budget() -> Callable[[], None]:
    """Call at the start of each example: the clock starts at the first example, and once the test's
    time is spent the remaining examples are skipped."""
    end: list[float] = []

    def check() -> None:
        if not end:
            end.append(time.monotonic() + BUDGET_S)
        assume(time.monotonic() < end[0])

    return check


def _load_only_problems(root: Path) -> list[Any]:
    directory, problems = load_directory(root / "data", root / "content", today=TODAY)
    for p in problems:
        assert p.path and isinstance(p.line, int) and p.line >= 1 and p.col >= 1 and p.message.strip(), p
    return problems


def _yaml_line(key: str, value: Any) -> str:
    """One `key: value` line the way a volunteer might write it, quoting or not."""
    if isinstance(value, (list, dict)):
        import json

        return f"{key}: {json.dumps(value, default=str, ensure_ascii=False)}\n"
    text = str(value)
    return f"{key}: {text}\n" if "\n" not in text else f"{key}: |\n  " + text.replace("\n", "\n  ") + "\n"


def _valid_meeting() -> dict[str, Any]:
    return {"name": "Fuzz Group", "program": "AA", "day": "Monday", "time": "19:00", "address": "1 Main St",
            "city": "Town", "last_verified": "2026-11-01"}


# -- random text and bytes as whole files ---------------------------------------------------------------

CHECK_TEXT = _budget()


@FUZZ
@given(text=st.one_of(_TEXT, st.text(max_size=400), st.lists(st.sampled_from(NASTY + ["\n", "  ", "- "]),
                                                              max_size=40).map("".join)),
       kind=st.sampled_from(["meetings/town", "homes/town", "communities"]))
def test_random_yaml_ish_text(fresh: Callable[[], Path], text: str, kind: str) -> None:
    CHECK_TEXT()
    root = fresh()
    (root / "data" / kind / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    _load_only_problems(root)


CHECK_BYTES = _budget()


@FUZZ
@given(raw=st.binary(max_size=600), where=st.sampled_from(["data/meetings/town/fuzz.yaml", "data/regions.yaml",
                                                           "data/programs.yaml", "content/articles/fuzz.md"]))
def test_random_bytes(fresh: Callable[[], Path], raw: bytes, where: str) -> None:
    CHECK_BYTES()
    root = fresh()
    (root / where).write_bytes(raw)
    _load_only_problems(root)


# -- random values in known fields ----------------------------------------------------------------------

CHECK_FIELDS = _budget()


@FUZZ
@given(kind=st.sampled_from(sorted(FIELDS)), data=st.data())
def test_random_values_in_known_fields(fresh: Callable[[], Path], kind: str, data: st.DataObject) -> None:
    CHECK_FIELDS()
    fields = data.draw(st.lists(st.sampled_from(FIELDS[kind]), min_size=1, max_size=6, unique=True))
    values = {f: data.draw(VALUE, label=f) for f in fields}
    base = _valid_meeting() if kind == "meetings" else {}
    text = "".join(_yaml_line(k, v) for k, v in {**base, **values}.items())
    root = fresh()
    folder = root / "data" / kind / ("town" if kind != "communities" else "")
    (folder / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    problems = _load_only_problems(root)
    assert all(p.line <= text.count("\n") + 1 for p in problems if p.path.endswith("fuzz.yaml")), problems


CHECK_REGIONS = _budget()


@FUZZ
@given(key=_TEXT, value=VALUE)
def test_random_region_entries(fresh: Callable[[], Path], key: str, value: Any) -> None:
    CHECK_REGIONS()
    root = fresh()
    regions = root / "data" / "regions.yaml"
    import json

    entry = json.dumps({key: value}, default=str, ensure_ascii=False)
    regions.write_text(regions.read_text(encoding="utf-8") + f"{entry[1:-1]}\n" if key else regions.read_text(),
                       encoding="utf-8", errors="surrogatepass")
    _load_only_problems(root)


# -- random file names and nesting -------------------------------------------------------------------------

_NAME = st.text(st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=["Cs"]),
                min_size=1, max_size=30).filter(lambda n: n not in (".", ".."))
CHECK_NAMES = _budget()


@FUZZ
@given(kind=st.sampled_from(["meetings", "homes", "communities"]), folders=st.lists(_NAME, max_size=5),
       name=_NAME, suffix=st.sampled_from([".yaml", ".yml", "", ".YAML", ".md", ".yaml.bak"]))
def test_random_file_names_and_nesting(fresh: Callable[[], Path], kind: str, folders: list[str], name: str,
                                       suffix: str) -> None:
    CHECK_NAMES()
    root = fresh()
    folder = root.joinpath("data", kind, *folders)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / (name + suffix)).write_text("".join(_yaml_line(k, v) for k, v in _valid_meeting().items()),
                                              encoding="utf-8")
    except OSError:
        assume(False)  # a name the file system itself refuses (too long, or a file where a folder goes)
    problems = _load_only_problems(root)
    if (folders or suffix != ".yaml") and not name.startswith("."):  # refused, never skipped (hidden files are skipped)
        assert any(p.path.startswith(f"{root}/data/{kind}/") or "/data/" in p.path for p in problems), problems


def test_the_fuzzing_is_bounded() -> None:
    # Five generated tests at 40 examples each: about 200 in all, the same ones on every run.
    assert FUZZ.max_examples == 40 and FUZZ.deadline is None and FUZZ.derandomize and FUZZ.database is None
