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


TESTS = "bash .ci/run"  # the step that runs make test
BYPASS = re.compile(r"always\(\)|failure\(\)|cancelled\(\)")  # run despite a failure


def steps_of(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs_tests(job: dict) -> bool:
    return any(step.get("run", "").strip() == TESTS for step in steps_of(job))


def deploy_problems(workflows: dict[str, dict]) -> list[str]:
    """Every way the workflows could publish a site that did not pass the tests."""
    problems = []
    for name, spec in workflows.items():
        jobs = spec["jobs"]
        testers = {job for job, body in jobs.items() if runs_tests(body)}
        for job, body in jobs.items():
            where = f"{name}: job {job}"
            steps = steps_of(body)
            if any("deploy-pages" in step.get("uses", "") for step in steps):
                needs = body.get("needs", [])
                needs = {needs} if isinstance(needs, str) else set(needs)
                if not needs & testers:
                    problems.append(f"{where} deploys without needing the tests")
                if BYPASS.search(str(body.get("if", ""))):
                    problems.append(f"{where} deploys even when the tests fail")
            for n, step in enumerate(steps):
                if "upload-pages-artifact" not in step.get("uses", ""):
                    continue
                if not any(s.get("run", "").strip() == TESTS for s in steps[:n]):
                    problems.append(f"{where} uploads a site before testing it")
                if BYPASS.search(str(step.get("if", ""))):
                    problems.append(f"{where} uploads the site even when tests fail")
                tested = body.get("env", {}).get("GD_WEEKLY_SITE_DIR", "")
                if not tested.endswith("/" + step["with"]["path"]):
                    problems.append(f"{where} uploads another folder than it tested")
    return problems


def load_workflows() -> dict[str, dict]:
    return {w.name: yaml.safe_load(w.read_text()) for w in WORKFLOWS}


def test_only_a_tested_site_is_published():
    workflows = load_workflows()
    assert any(
        "deploy-pages" in str(job)
        for spec in workflows.values()
        for job in spec["jobs"].values()
    ), "some job deploys to Pages"
    assert deploy_problems(workflows) == []


def deploy_job(workflows: dict[str, dict]) -> dict:
    (job,) = (
        job
        for spec in workflows.values()
        for job in spec["jobs"].values()
        if "deploy-pages" in str(job)
    )
    return job


def job_running_tests(workflows: dict[str, dict]) -> dict:
    (job,) = (
        job
        for spec in workflows.values()
        for job in spec["jobs"].values()
        if runs_tests(job)
    )
    return job


def test_the_wiring_check_can_fail():
    untied = load_workflows()
    del deploy_job(untied)["needs"]
    assert "deploys without needing the tests" in " ".join(deploy_problems(untied))

    forced = load_workflows()
    deploy_job(forced)["if"] = "${{ always() }}"
    assert "deploys even when the tests fail" in " ".join(deploy_problems(forced))

    untested = load_workflows()
    steps = steps_of(job_running_tests(untested))
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    steps.remove(upload)
    steps.insert(0, upload)
    assert "uploads a site before testing it" in " ".join(deploy_problems(untested))

    elsewhere = load_workflows()
    job_running_tests(elsewhere)["env"]["GD_WEEKLY_SITE_DIR"] = "/tmp/other"
    assert "another folder" in " ".join(deploy_problems(elsewhere))


def test_pull_requests_are_tested_and_never_deploy():
    (spec,) = (
        spec
        for spec in load_workflows().values()
        if any("deploy-pages" in str(job) for job in spec["jobs"].values())
    )
    assert "pull_request" in spec[True]  # PyYAML reads the key `on` as True
    assert "github.event_name != 'pull_request'" in deploy_job({"": spec})["if"]


def test_a_daily_run_publishes_what_is_out_that_day():
    (spec,) = (
        spec
        for spec in load_workflows().values()
        if any("deploy-pages" in str(job) for job in spec["jobs"].values())
    )
    (schedule,) = spec[True]["schedule"]
    *_, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month, day_of_week) == ("*", "*", "*"), "every day"
    steps = steps_of(job_running_tests({"": spec}))
    names = [str(step) for step in steps]
    day = next(i for i, s in enumerate(names) if "GD_WEEKLY_RELEASE_DAY" in s)
    tests = next(i for i, s in enumerate(names) if ".ci/run" in s)
    assert day < tests, "the day is fixed before the tests build the site"
    checkout = next(s for s in steps if "actions/checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0, "the dates need the history"
    assert "schedule" not in deploy_job({"": spec})["if"], "the daily run deploys"


def test_the_readers_matrix_is_the_support_matrix_and_deploy_needs_it():
    sys.path.insert(0, str(ROOT / "tools"))
    import matrix

    (spec,) = (
        spec
        for spec in load_workflows().values()
        if any("deploy-pages" in str(job) for job in spec["jobs"].values())
    )
    readers = spec["jobs"]["readers"]
    cells = {
        (c["python"], c["numpy"]) for c in readers["strategy"]["matrix"]["include"]
    }
    assert cells == set(matrix.CELLS)
    assert 'CELLS="${{ matrix.python }}:${{ matrix.numpy }}"' in str(readers["steps"])
    assert "readers" in deploy_job({"": spec})["needs"]
    tester = job_running_tests({"": spec})
    assert tester["env"]["GD_WEEKLY_MATRIX"] == "none", "each cell runs once"
