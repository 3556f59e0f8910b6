"""make new-issue: the scaffold of a new issue, which passes make check at once."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from conftest import ROOT, load_hook, repository_copy

sys.path.insert(0, str(ROOT / "tools"))
import new_issue

TODAY = datetime.date(2026, 12, 6)
CACHE = load_hook("disk_cache").CACHE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository holding issue #1 and what the scaffold edits."""
    for name in ("mkdocs.yml", "docs/notebooks/index.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    posts = tmp_path / "docs" / "issues" / "posts"
    posts.mkdir(parents=True)
    (posts / "001-first.md").write_text("---\nissue: 1\nslug: first\n---\n")
    for folder in ("gd_snippets/figures", "tests"):
        (tmp_path / folder).mkdir(parents=True)
    return tmp_path


def test_scaffold_writes_the_next_issue_and_lists_its_notebook(root):
    before = (root / "mkdocs.yml").read_text()
    last = new_issue.NAV_NOTEBOOK.findall(before)[-1]
    last_reference = new_issue.NAV_REFERENCE.findall(before)[-1]
    files = new_issue.scaffold(root, "toy-losses", "Toy losses", TODAY)
    post = root / "docs" / "issues" / "posts" / "002-toy-losses.md"
    assert post in files and (root / "gd_snippets" / "toy_losses.py") in files
    text = post.read_text()
    assert "issue: 2\n" in text and "date: 2026-12-06\n" in text
    assert "description: " in text and "<!-- more -->" in text
    assert text.count("![[toy-losses/") == 3
    after = before.replace(last, f"{last}\n      - notebooks/toy-losses.py", 1)
    after = after.replace(
        last_reference, f"{last_reference}\n      - reference/toy_losses.md", 1
    )
    assert (root / "mkdocs.yml").read_text() == after
    reference = (root / "docs" / "reference" / "toy_losses.md").read_text()
    assert "::: gd_snippets.toy_losses\n" in reference
    assert (
        "(toy-losses.py) (issue #2)" in (root / "docs/notebooks/index.md").read_text()
    )
    notebook = jupytext.read(root / "docs" / "notebooks" / "toy-losses.py")
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "# The knobs." in first_code.source, "the README: knobs in the first cell"


def test_a_new_issue_is_not_dated_before_one_written_ahead(root):
    post = root / "docs" / "issues" / "posts" / "001-first.md"
    post.write_text(post.read_text().replace("---\n", "---\ndate: 2026-12-20\n", 1))
    new_issue.scaffold(root, "toy-losses", "Toy losses", TODAY)
    text = (root / "docs" / "issues" / "posts" / "002-toy-losses.md").read_text()
    assert "date: 2026-12-20\n" in text


@pytest.mark.parametrize("slug", ["Toy", "toy_losses", "2-toy", "toy-", ""])
def test_a_bad_slug_is_refused(root, slug):
    with pytest.raises(ValueError, match="slug must be lowercase words"):
        new_issue.scaffold(root, slug, "Title", TODAY)


def test_a_taken_slug_is_refused_and_nothing_is_written(root):
    before = (root / "mkdocs.yml").read_text()
    with pytest.raises(ValueError, match=r"slug 'first' is taken: docs/issues/posts"):
        new_issue.scaffold(root, "first", "Title", TODAY)
    assert (root / "mkdocs.yml").read_text() == before
    assert not (root / "gd_snippets" / "first.py").exists()


@pytest.mark.slow
def test_the_scaffold_passes_make_check_in_a_copy_of_the_repository(tmp_path):
    copy = repository_copy(tmp_path / "repo")
    new_issue.main(["toy-losses", "A toy issue", "--root", str(copy)])
    cache = tmp_path / "cache"  # what this checkout has rendered: keys still hold
    for kind in ("figures", "mkdocs-jupyter"):
        if (CACHE / kind).is_dir():
            shutil.copytree(CACHE / kind, cache / kind)
    env = os.environ | {
        "PYTHONPATH": str(copy),  # the copy's gd_snippets, in the notebooks too
        "GD_WEEKLY_CACHE": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTEST_ADDOPTS": "",
    }
    for command in (
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["pytest", "-m", "not slow", "-q", "-p", "no:cacheprovider"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
