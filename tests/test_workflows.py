"""GitHub Actions hygiene: valid workflows, pinned actions, least privilege."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from docs_blocks import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
# `uses: owner/repo@<40 hex> # vX.Y.Z`: a commit cannot move, a tag can.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$")


def check_jsonschema(schema: str, *files) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
    )


def test_workflows_match_githubs_schema():
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_matches_its_schema():
    result = check_jsonschema("vendor.dependabot", GITHUB / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []")
    assert check_jsonschema("vendor.github-workflows", broken).returncode != 0


def uses_lines(workflow) -> list[str]:
    return re.findall(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", workflow.read_text(), re.M)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_version(workflow):
    uses = uses_lines(workflow)
    assert uses, f"{workflow.name} uses no action"
    for action in uses:
        assert PINNED.match(action), f"{workflow.name}: not pinned by SHA: {action}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_asks_only_for_what_it_needs(workflow):
    spec = yaml.safe_load(workflow.read_text())
    assert spec["permissions"] == {}, "no permission by default"
    for name, job in spec["jobs"].items():
        granted = job.get("permissions")
        assert granted, f"{workflow.name}: job {name} declares no permissions"
        writes = {scope for scope, level in granted.items() if level == "write"}
        allowed = {"pages", "id-token"} if "deploy-pages" in str(job) else set()
        assert writes <= allowed, f"{workflow.name}: job {name} may write {writes}"
