"""The build runs the notebooks several to a kernel: each must run as in a
kernel of its own, and a failing one must fail only its own page."""

from __future__ import annotations

import json
from concurrent.futures import Future

import pytest
from conftest import load_hook
from nbclient.exceptions import CellExecutionError

notebooks = load_hook("notebooks")
OPTIONS = {  # mkdocs-jupyter's options as mkdocs.yml sets them
    "kernel_name": "python3",
    "theme": "light",
    "allow_errors": False,
    "show_input": True,
    "no_input": False,
    "no_prompt": False,
    "remove_tag_config": {},
    "highlight_extra_classes": "",
    "include_requirejs": False,
    "custom_mathjax_url": "",
    "toc_depth": 2,
}


def run_all(tmp_path, codes: list[str]) -> list[Future]:
    """Run one notebook per code in one kernel; their futures, in order."""
    runs = []
    for k, code in enumerate(codes):
        source = tmp_path / f"n{k}.py"
        source.write_text(f"# %%\n{code}\n")
        runs.append((source, tmp_path / f"n{k}.json", Future()))
    notebooks.run_in_one_kernel(runs, OPTIONS)
    return [future for _, _, future in runs]


def page(tmp_path, k: int) -> str:
    return json.loads((tmp_path / f"n{k}.json").read_text())["content"]


def test_a_notebook_sees_nothing_of_the_one_before_it(tmp_path):
    before = "x = 1\nimport matplotlib\nimport matplotlib.pyplot as plt\nplt.figure()"
    after = (
        "import matplotlib.pyplot as plt\n"
        "print(len(plt.get_fignums()), {'x', 'matplotlib'} & set(dir()))"
    )
    first, second = run_all(tmp_path, [before, after])
    assert first.result() is None and second.result() is None
    assert "0 set()" in page(tmp_path, 1)


def test_a_failing_notebook_fails_its_own_run_only(tmp_path):
    failing, after = run_all(tmp_path, ["1 / 0", "print('ran', 6 * 7)"])
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        failing.result()
    assert after.result() is None
    assert "ran 42" in page(tmp_path, 1)
