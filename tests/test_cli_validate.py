"""`peerdir validate`: exit codes, output formats, PEERDIR_DATA, and no traceback for any input."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.loading import load_directory

RULES = Path(__file__).resolve().parent / "rules"
# The installed console script, as volunteers and CI run it (`python -m peerdir.cli` registers no commands).
_SCRIPT = Path(sys.executable).with_name("peerdir")
PEERDIR = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "import sys; from peerdir.cli import main; sys.exit(main())"]
GITHUB_LINE = re.compile(r"^::error file=[^,:]+,line=\d+,col=\d+(?:,title=[^:]*)?::\S.*$")

REGIONS = "chicago:\n  name: Chicago, IL\n  timezone: America/Chicago\nonline:\n  name: Online\n"
GOOD_MEETING = """\
name: Friday Night Group
program: AA
day: Friday
time: 19:30
address: 1 Main St
city: Chicago
last_verified: 2026-11-01
"""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts in an empty folder, outside CI, with no PEERDIR_DATA."""
    monkeypatch.delenv("PEERDIR_DATA", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)


def make_valid(root: Path) -> Path:
    data = root / "data"
    (data / "meetings" / "chicago").mkdir(parents=True)
    (data / "regions.yaml").write_text(REGIONS, encoding="utf-8")
    (data / "meetings" / "chicago" / "friday-night-group.yaml").write_text(GOOD_MEETING, encoding="utf-8")
    return data


def copy_rule(name: str, root: Path) -> Path:
    """A rule folder (data/ and maybe content/) copied under `root`; returns its data folder."""
    shutil.copytree(RULES / name, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root / "data"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- exit codes ------------------------------------------------------------------------------------
def test_valid_directory_exits_0_and_prints_only_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_valid(tmp_path)
    code, out, err = run(["validate", "--data", "data"], capsys)
    assert (code, out) == (0, "")
    assert err.strip() == "peerdir: 1 files checked, no problems found."


def test_invalid_directory_exits_1_with_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_rule("many-files", tmp_path)
    code, out, err = run(["validate", "--data", "data"], capsys)
    assert code == 1
    _, problems = load_directory(data, tmp_path / "content")
    assert out.splitlines() == [p.as_text() for p in problems]
    files = len({p.path for p in problems})
    assert err.strip().startswith(f"peerdir: {len(problems)} problems in {files} files (")


def test_unknown_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--no-such-option"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_unknown_format_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--format", "xml"])
    assert exited.value.code == 2


def test_missing_data_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", "--data", str(tmp_path / "nowhere")], capsys)
    assert (code, out) == (2, "")
    assert "nowhere' does not exist" in err and "Traceback" not in err


def test_default_data_folder_missing_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate"], capsys)  # no ./data in the empty working folder
    assert code == 2 and "does not exist" in err


# -- formats ---------------------------------------------------------------------------------------
def test_github_format_prints_workflow_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_rule("many-files", tmp_path)
    code, out, _ = run(["validate", "--data", "data", "--format", "github"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) > 10
    assert all(GITHUB_LINE.match(line) for line in lines), lines
    first = lines[0]
    assert first.startswith("::error file=content/articles/No Front Matter.md,line=1,col=1,")


def test_github_format_escapes_newlines_and_percent() -> None:
    from peerdir.diagnostics import Problem

    line = Problem("data/x,y.yaml", 3, 4, "notes", "100% sure\nsecond line", "fix: it").as_github()
    assert "\n" not in line and "%25" in line and "%0A" in line
    assert line.startswith("::error file=data/x%2Cy.yaml,line=3,col=4,")


def test_github_actions_env_chooses_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    copy_rule("duplicate-key", tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(["validate", "--data", "data"], capsys)
    assert code == 1 and out.startswith("::error file=data/meetings/chicago/friday-night-group.yaml,line=6,col=1")
    code, out, _ = run(["validate", "--data", "data", "--format", "text"], capsys)
    assert out.startswith("data/meetings/chicago/friday-night-group.yaml:6:1: the field 'day' appears twice")


def test_json_format_is_a_parseable_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy_rule("many-files", tmp_path)
    code, out, _ = run(["validate", "--data", "data", "--format", "json"], capsys)
    assert code == 1
    items = json.loads(out)
    _, problems = load_directory(data, tmp_path / "content")
    assert isinstance(items, list) and len(items) == len(problems)
    assert set(items[0]) == {"path", "line", "col", "field", "message", "hint"}
    assert [(i["path"], i["line"], i["col"]) for i in items] == [(p.path, p.line, p.col) for p in problems]


def test_json_format_of_a_valid_directory_is_an_empty_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_valid(tmp_path)
    code, out, _ = run(["validate", "--data", "data", "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == []


# -- PEERDIR_DATA ----------------------------------------------------------------------------------
def test_peerdir_data_is_honoured(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bad = copy_rule("duplicate-key", tmp_path / "bad")
    good = make_valid(tmp_path / "good")
    monkeypatch.setenv("PEERDIR_DATA", str(bad))
    code, out, _ = run(["validate"], capsys)
    assert code == 1 and "appears twice" in out
    monkeypatch.setenv("PEERDIR_DATA", str(good))
    assert run(["validate"], capsys)[0] == 0
    monkeypatch.setenv("PEERDIR_DATA", str(bad))
    assert run(["validate", "--data", str(good)], capsys)[0] == 0  # --data wins
    monkeypatch.setenv("PEERDIR_DATA", str(tmp_path / "nowhere"))
    assert run(["validate"], capsys)[0] == 2


def test_the_sample_data_validates(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    code, out, err = run(["validate", "--data", str(root / "data"), "--content", str(root / "content")], capsys)
    assert code == 0, out
    assert "no problems found" in err


# -- no traceback, ever ----------------------------------------------------------------------------
FIELDS = ["name", "program", "day", "time", "end_time", "timezone", "types", "address", "city", "state",
          "postal_code", "latitude", "conference_url", "conference_phone", "contacts", "last_verified",
          "gender", "beds", "vacancies", "vacancies_as_of", "cost", "amount", "per", "accepts_mat",
          "url", "format", "approach", "anonymous", "title", "summary", "tags", "reviewed_on", "x", ""]
VALUES = ["19:30", "7 PM", "NO", "02134", "yes", "~", "", "[O, D]", "{a: 1}", "&a x", "*a", "!!binary eA==",
          "!custom x", "|", ">-", "'unclosed", '"esc\\q"', "- item", "[[[", "]]]", "2026-13-45", "2026-02-30",
          "https://example.org", "javascript:alert(1)", "é€😀", "\x00", "\x07", "\t", "---", "...", "%YAML 1.1",
          "? k", ": ", "# comment", "@x", "`x", "x" * 5000, "1e999", "-1", "nan", "99999999999999999999999",
          "Monday", "[Monday, Funday]", "America/Chicago", "Mars/Base", "AA", "\ufeff", "\u2028", "\r\n", "{", "}",
          "'", '"', "\\", "<<: *a", "0x1F", "Maria Gonzalez", "- name: Ann\n    phone: x"]


def yamlish(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randrange(0, 25)):
        indent = " " * rng.choice([0, 0, 0, 1, 2, 2, 4, 5])
        shape = rng.random()
        if shape < 0.6:
            lines.append(f"{indent}{rng.choice(FIELDS)}: {rng.choice(VALUES)}")
        elif shape < 0.8:
            lines.append(f"{indent}- {rng.choice(VALUES)}")
        else:
            lines.append(indent + "".join(rng.choice(VALUES) for _ in range(rng.randrange(1, 4))))
    return "\n".join(lines) + rng.choice(["\n", "", "\r\n"])


def mutated(rng: random.Random, text: str) -> bytes:
    raw = bytearray(text.encode("utf-8"))
    for _ in range(rng.randrange(1, 8)):
        if not raw:
            break
        at = rng.randrange(len(raw))
        choice = rng.random()
        if choice < 0.4:
            del raw[at: at + rng.randrange(1, 6)]
        elif choice < 0.7:
            raw[at:at] = rng.choice(["\n", " ", ":", "-", "[", "'", "\t", "&", "*", "#", "é"]).encode()
        else:
            raw[at] = rng.randrange(256)
    return bytes(raw)


def seed_texts() -> list[str]:
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "data").rglob("*.yaml"))[:40]]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "content").rglob("*.md"))[:5]]
    return texts or [GOOD_MEETING, REGIONS]


def fuzz_directory(rng: random.Random, root: Path, seeds: list[str]) -> Path:
    data = make_valid(root)
    places = ["meetings/chicago/a.yaml", "meetings/chicago/b.yaml", "meetings/online/c.yaml", "homes/chicago/d.yaml",
              "communities/e.yaml", "regions.yaml", "programs.yaml", "../content/articles/f.md"]
    for place in rng.sample(places, rng.randrange(1, 5)):
        path = data / place
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = rng.random()
        if kind < 0.2:
            path.write_bytes(rng.randbytes(rng.randrange(0, 400)))
        elif kind < 0.55:
            text = yamlish(rng)
            path.write_text(("---\n" + text + "\n---\nbody\n") if place.endswith(".md") else text,
                            encoding="utf-8", errors="surrogatepass", newline="")
        else:
            path.write_bytes(mutated(rng, rng.choice(seeds)))
    return data


def test_fuzz_in_process_never_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(20261123)
    seeds = seed_texts()
    for case in range(150):
        root = tmp_path / f"case-{case}"
        fuzz_directory(rng, root, seeds)
        for fmt in ("text", "json"):
            code, out, err = run(["validate", "--data", str(root / "data"), "--format", fmt], capsys)
            where = f"case {case} ({root})"
            assert code in (0, 1), f"{where}: exit {code}\n{err}"
            assert "Traceback" not in err and "unexpected error" not in err, f"{where}: {err}"
            if fmt == "json":
                assert isinstance(json.loads(out), list)


@pytest.mark.parametrize("case", range(3))
def test_fuzz_subprocess_never_a_traceback(case: int, tmp_path: Path) -> None:
    rng = random.Random(1000 + case)
    fuzz_directory(rng, tmp_path, seed_texts())
    (tmp_path / "data" / "meetings" / "chicago" / "z.yaml").write_bytes(rng.randbytes(300))
    env = {k: v for k, v in os.environ.items() if k not in ("PEERDIR_DATA", "GITHUB_ACTIONS")}
    result = subprocess.run([*PEERDIR, "validate", "--data", "data"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "data/meetings/chicago/z.yaml:" in result.stdout
