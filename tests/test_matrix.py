"""The support matrix (tools/matrix.py): its cells are the corners of the
range pyproject.toml promises, and it runs what a reader copies."""

from __future__ import annotations

import re
import sys
import tomllib

from docs_blocks import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import matrix

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_cells_are_the_corners_of_the_promised_range():
    oldest_numpy = re.search(r"numpy>=([\d.]+)", str(PROJECT["dependencies"]))[1]
    oldest_python = re.search(r">=([\d.]+)", PROJECT["requires-python"])[1]
    numpys = sorted({numpy for _, numpy in matrix.CELLS}, key=version)
    pythons = sorted({python for python, _ in matrix.CELLS}, key=version)
    assert version(numpys[0])[:2] == version(oldest_numpy)[:2]
    assert pythons[0] == oldest_python
    corners = {(p, n) for p in pythons for n in numpys}
    own = (f"{sys.version_info.major}.{sys.version_info.minor}", numpys[-1])
    assert corners == {*matrix.CELLS, own}, "with the project's own environment"


def test_a_reader_s_tests_are_every_module_s_and_the_docs_blocks():
    tests = {path.name for path in matrix.reader_tests()}
    modules = {p.stem for p in (ROOT / "gd_snippets").glob("[!_]*.py")}
    assert {"test_docs.py", "test_checks.py"} <= tests
    for module in modules:
        if (ROOT / "tests" / f"test_{module}.py").exists():
            assert f"test_{module}.py" in tests
    assert not any("figures" in name or "site" in name for name in tests)


def test_none_runs_nothing(monkeypatch, capsys):
    monkeypatch.setenv("GD_WEEKLY_MATRIX", "none")
    monkeypatch.setattr(matrix, "environment", None)  # would fail if called
    assert matrix.main([]) == 0
    assert "none here" in capsys.readouterr().err
