"""A notebook's cache is keyed by the gd_snippets code it imports, not the package."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import ROOT, load_hook

notebooks = load_hook("notebooks")
PACKAGE = ROOT / "gd_snippets"


def notebook(tmp_path, name: str, code: str):
    path = tmp_path / name
    path.write_text(f"# %%\n{code}\n")
    return path


def test_a_notebook_uses_what_it_imports_transitively_and_nothing_else():
    used = notebooks.used_files(ROOT / "docs" / "notebooks" / "how-models-learn.py")
    assert {PACKAGE / "descent.py", PACKAGE / "_checks.py"} <= used
    assert not any(path.is_relative_to(PACKAGE / "figures") for path in used)


def test_importing_the_figures_package_uses_every_figure_module(tmp_path):
    path = notebook(tmp_path, "a.py", "from gd_snippets.figures import render_svg")
    used = notebooks.used_files(path)
    assert set((PACKAGE / "figures").glob("*.py")) <= used


def test_each_notebook_page_gets_the_cache_of_its_own_imports(tmp_path):
    jupyter = SimpleNamespace(config={})
    config = SimpleNamespace(plugins={"mkdocs-jupyter": jupyter})

    def cache_dir(name: str, code: str) -> str:
        file = SimpleNamespace(
            src_uri=f"notebooks/{name}",
            abs_src_path=str(notebook(tmp_path, name, code)),
        )
        notebooks.on_pre_page(SimpleNamespace(file=file), config, None)
        return jupyter.config["cache_dir"]

    losses = cache_dir("a.py", "from gd_snippets.losses import mse")
    assert losses == cache_dir("b.py", "import gd_snippets.losses\nx = 1")
    assert losses != cache_dir("c.py", "from gd_snippets.models import predict_line")
