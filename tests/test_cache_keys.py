"""Notebooks and figures are cached by the gd_snippets code they import, not by
the whole package: an edit re-runs only what uses it."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from conftest import ROOT, load_hook

notebooks = load_hook("notebooks")
renders = load_hook("renders")
PACKAGE = ROOT / "gd_snippets"


def notebook(tmp_path, name: str, code: str):
    path = tmp_path / name
    path.write_text(f"# %%\n{code}\n")
    return path


def cache_dir(path) -> str:
    """The cache directory the hook gives mkdocs-jupyter for notebook ``path``."""
    jupyter = SimpleNamespace(config={})
    config = SimpleNamespace(plugins={"mkdocs-jupyter": jupyter})
    file = SimpleNamespace(src_uri=f"notebooks/{path.name}", abs_src_path=str(path))
    notebooks.on_pre_page(SimpleNamespace(file=file), config, None)
    return jupyter.config["cache_dir"]


def test_a_notebook_uses_what_it_imports_transitively_and_nothing_else():
    used = notebooks.used_files(ROOT / "docs" / "notebooks" / "how-models-learn.py")
    assert {PACKAGE / "descent.py", PACKAGE / "_checks.py"} <= used
    assert not any(path.is_relative_to(PACKAGE / "figures") for path in used)


def test_importing_the_figures_package_uses_every_figure_module(tmp_path):
    path = notebook(tmp_path, "a.py", "from gd_snippets.figures import render_svg")
    used = notebooks.used_files(path)
    assert set((PACKAGE / "figures").glob("*.py")) <= used


def test_each_notebook_page_gets_the_cache_of_its_own_imports(tmp_path):
    losses = cache_dir(notebook(tmp_path, "a.py", "from gd_snippets.losses import mse"))
    same = cache_dir(notebook(tmp_path, "b.py", "import gd_snippets.losses\nx = 1"))
    models = cache_dir(notebook(tmp_path, "c.py", "from gd_snippets import models"))
    assert losses == same != models


def test_a_notebook_python_cannot_parse_is_keyed_by_the_whole_package(tmp_path):
    key = notebooks.source_key(PACKAGE.rglob("*.py"))
    assert cache_dir(notebook(tmp_path, "bad.py", "def (")).endswith(key)


def test_a_figure_topic_is_keyed_by_its_own_code_not_the_other_topics(
    tmp_path, monkeypatch
):
    figures = tmp_path / "gd_snippets" / "figures"
    figures.mkdir(parents=True)
    (tmp_path / "gd_snippets" / "__init__.py").write_text("")
    (tmp_path / "gd_snippets" / "losses.py").write_text("x = 1\n")
    (figures / "__init__.py").write_text("STYLE = 1\n")
    (figures / "a.py").write_text("from gd_snippets.figures import STYLE\n")
    (figures / "b.py").write_text("from gd_snippets.losses import x\n")
    for module in (renders, sys.modules["package_imports"]):
        monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(renders, "FIGURES", figures)
    before = renders.topic_keys()
    assert set(before) == {"a", "b"}
    (figures / "b.py").write_text("from gd_snippets.losses import x\ny = 2\n")
    assert renders.topic_keys()["a"] == before["a"] != renders.topic_keys()["b"]
    (tmp_path / "gd_snippets" / "losses.py").write_text("x = 3\n")
    assert renders.topic_keys()["a"] == before["a"], "a does not import losses"
    (figures / "__init__.py").write_text("STYLE = 2\n")
    assert renders.topic_keys()["a"] != before["a"]
