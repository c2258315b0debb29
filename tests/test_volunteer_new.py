"""`peerdir new`: a commented template at the right path that validates once its CHANGE ME values are
filled in, and never an overwrite."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peerdir.cli import main
from peerdir.loading import load_directory
from peerdir.newlisting import PLACEHOLDER, slugify, yaml_text
from peerdir.yamlfile import parse_yaml_mapping
from tests.test_placeholders import fill_in

FIXTURE = Path(__file__).parent / "fixtures" / "volunteer" / "data"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory with the fixture's regions (chicago has a time zone, online has none)."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURE / "regions.yaml", folder / "regions.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: nothing is asked
    return folder


CASES = [
    (["meeting", "--region", "chicago", "--name", "Friday Night Big Book"],
     "meetings/chicago/friday-night-big-book.yaml", "meeting"),
    (["meeting", "--region", "online", "--name", "Zoom Daily Reflections"],
     "meetings/online/zoom-daily-reflections.yaml", "meeting"),
    (["home", "--region", "chicago", "--name", "Serenity House"], "homes/chicago/serenity-house.yaml", "home"),
    (["community", "--name", "Sober Forum"], "communities/sober-forum.yaml", "community"),
]


@pytest.mark.parametrize(("args", "where", "kind"), CASES, ids=[c[1] for c in CASES])
def test_new_writes_a_template_that_validates_once_filled_in(data: Path, capsys, args: list[str], where: str,
                                                             kind: str):
    assert main(["new", *args, "--data", str(data)]) == 0
    path = data / where
    assert capsys.readouterr().out.strip() == "data/" + where
    text = path.read_text(encoding="utf-8")
    up = "../../" if kind == "community" else "../../../"
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json"
    assert PLACEHOLDER in text or "CHANGE" in text, "the template says what to change"
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 5, "it is commented"

    directory, problems = load_directory(data)
    assert problems and all("CHANGE ME" in p.message for p in problems), "refused until CHANGE ME is replaced"
    path.write_text(fill_in(text), encoding="utf-8")
    directory, problems = load_directory(data)
    assert problems == []
    (listing,) = directory.meetings + directory.homes + directory.communities
    assert listing.name == args[args.index("--name") + 1]
    assert listing.last_verified == dt.date.today()


def test_online_region_template_is_an_online_meeting_with_its_own_time_zone(data: Path):
    main(["new", "meeting", "--region", "online", "--name", "Night Owls", "--data", str(data)])
    path = data / "meetings" / "online" / "night-owls.yaml"
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    (meeting,), _ = load_directory(data)[0].meetings, None
    assert meeting.is_online and not meeting.is_in_person
    assert meeting.timezone


def test_new_refuses_to_overwrite_an_existing_file(data: Path, capsys):
    args = ["new", "meeting", "--region", "chicago", "--name", "Friday Night Big Book", "--data", str(data)]
    assert main(args) == 0
    path = data / "meetings" / "chicago" / "friday-night-big-book.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("program: AA", "program: NA"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "data/meetings/chicago/friday-night-big-book.yaml" in err and "already exists" in err
    assert path.read_text(encoding="utf-8") == before


def test_new_refuses_a_slug_already_used_in_another_region(data: Path, capsys):
    with (data / "regions.yaml").open("a", encoding="utf-8") as regions:
        regions.write("denver:\n  name: Denver, CO\n  timezone: America/Denver\n")  # homes need a place
    assert main(["new", "home", "--region", "chicago", "--name", "Hope House", "--data", str(data)]) == 0
    assert main(["new", "home", "--region", "denver", "--name", "Hope House", "--data", str(data)]) == 1
    assert "data/homes/chicago/hope-house.yaml" in capsys.readouterr().err
    assert not (data / "homes" / "denver").exists()


@pytest.mark.parametrize(("args", "says"), [
    (["meeting", "--name", "No Region"], "--region"),
    (["meeting", "--region", "chicago"], "--name"),
    (["home", "--region", "atlantis", "--name", "X"], "atlantis"),
    (["community", "--name", "!!!"], "--slug"),
    (["community", "--name", "Fine", "--slug", "Not A Slug"], "lowercase"),
])
def test_missing_or_wrong_arguments_exit_2_with_a_clear_message(data: Path, capsys, args, says):
    assert main(["new", *args, "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert says in err
    if "--region" in says:
        assert "chicago" in err and "online" in err, "the message lists the regions to choose from"
    assert not any(p.suffix == ".yaml" for p in data.rglob("*") if p.name != "regions.yaml")


def test_missing_regions_file_is_a_usage_error(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["new", "meeting", "--region", "x", "--name", "Y", "--data", str(tmp_path)]) == 2
    assert "regions.yaml" in capsys.readouterr().err


def test_asks_for_region_and_name_on_a_terminal(data: Path, monkeypatch):
    answers = iter(["chicago", "  Tuesday   Newcomers  "])
    monkeypatch.setattr("peerdir.commands.new._interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["new", "meeting", "--data", str(data)]) == 0
    path = data / "meetings" / "chicago" / "tuesday-newcomers.yaml"
    assert parse_yaml_mapping(path.read_text(encoding="utf-8")).data["name"] == "Tuesday Newcomers"


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_prompts_on_a_real_terminal(data: Path):
    """The command as a volunteer runs it: stdin is a terminal, answers typed at the prompts."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from peerdir.cli import main; sys.exit(main())",
                             "new", "home", "--data", str(data)],
                            stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    try:
        os.write(primary, b"chicago\n")
        os.write(primary, b"Harbor Light Women's Home\n")
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            readable, _, _ = select.select([primary], [], [], 0.1)
            if readable:
                try:
                    os.read(primary, 1024)  # drain the echo so the terminal never blocks
                except OSError:
                    break
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(primary)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()
    assert b"Region" in out and b"name" in out
    path = data / "homes" / "chicago" / "harbor-light-womens-home.yaml"
    assert path.is_file()
    assert [p.field for p in load_directory(data)[1]] == ["operator", "city", "state"]  # CHANGE ME only


@pytest.mark.parametrize(("name", "slug"), [
    ("Friday Night Big Book", "friday-night-big-book"),
    ("Grupo Español: Sólo por Hoy", "grupo-espanol-solo-por-hoy"),
    ("Men's Stag", "mens-stag"),
    ("Step & Tradition", "step-and-tradition"),
    ("  12x12   study  ", "12x12-study"),
    ("!!!", ""),
])
def test_slug_from_name(name: str, slug: str):
    assert slugify(name) == slug


def test_long_names_give_slugs_cut_at_a_word():
    slug = slugify("The Very Long Name Of A Meeting That Goes On And On Well Past Any Sensible Length")
    assert len(slug) <= 60 and not slug.endswith("-")
    assert "the-very-long-name" in slug


@pytest.mark.parametrize("name", ["Plain Name", "Yes", "null", "#1 Group", "Men's: Big Book", 'A "quoted" one',
                                  "  padded", "19:30 Group", "[brackets]", "Ends with colon:"])
def test_names_read_back_unchanged(name: str):
    assert parse_yaml_mapping(f"name: {yaml_text(name)}\n").data["name"] == name
