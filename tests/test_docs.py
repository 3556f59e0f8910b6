"""Run every Python block of the Markdown pages (docs/ and the README).

The blocks of a page run in order in one namespace, as a reader runs them top
to bottom; printed output is checked against the page's expected-output block.
A block that embeds snippets must also run alone with numpy only, because
readers copy those blocks into their own code.
"""

from __future__ import annotations

import builtins
import contextlib
import sys
import textwrap

import pytest
from docs_blocks import ROOT, Block, all_blocks, run

BLOCKS = all_blocks()


def _params(blocks: list[Block]) -> list:
    return [
        pytest.param(
            block,
            id=block.name,
            marks=[
                eval(mark, {"pytest": pytest, "sys": sys}) for mark in block.shown.marks
            ],
        )
        for block in blocks
    ]


class _Page:
    """One page's namespace and how many of its blocks have run in it."""

    def __init__(self) -> None:
        self.namespace: dict = {"__name__": "__main__"}
        self.done = 0


_pages: dict = {}


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.mark.parametrize("block", _params(BLOCKS))
def test_block_runs_and_prints_what_the_page_shows(block: Block) -> None:
    page = _pages.setdefault(block.page, _Page())
    if page.done > block.index:  # a rerun: start the page again
        page = _pages[block.page] = _Page()
    for earlier in all_blocks([block.page])[page.done : block.index]:
        run(earlier.shown.code, page.namespace, earlier.name)
    page.done = block.index + 1
    printed = run(block.shown.code, page.namespace, block.name)
    expected = block.shown.expected_output
    if expected is not None:
        assert _normalise(printed) == _normalise(expected), (
            f"{block.name} printed:\n{printed}\nbut the page shows:\n{expected}\n"
            "If the new output is right, `make outputs` writes it into the page "
            "(and shows the diff)."
        )


@contextlib.contextmanager
def _only_numpy():
    """Make importing anything but numpy and the standard library fail."""
    real_import = builtins.__import__

    def guarded(name, *args, **kwargs):
        if name.split(".")[0] in {"gd_snippets", "matplotlib"}:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)")
        return real_import(name, *args, **kwargs)

    builtins.__import__ = guarded
    try:
        yield
    finally:
        builtins.__import__ = real_import


SNIPPET_BLOCKS = [block for block in BLOCKS if block.embeds_snippets]


@pytest.mark.parametrize("block", _params(SNIPPET_BLOCKS))
def test_embedded_snippet_runs_alone_with_numpy_only(block: Block) -> None:
    with _only_numpy():
        run(block.shown.code, {"__name__": "__main__"}, block.name)


def test_every_python_block_is_collected() -> None:
    assert BLOCKS, "no Python block found under docs/"
    for block in BLOCKS:
        assert "--8<--" not in block.shown.code, f"{block.name}: snippet not expanded"
    assert any(block.page.parent.name == "posts" for block in BLOCKS)


def test_snippet_blocks_embed_the_module_imports() -> None:
    for block in SNIPPET_BLOCKS:
        lines = [
            line.strip() for line in block.written.splitlines() if "--8<--" in line
        ]
        modules = {line.split('"')[1].split(":")[0] for line in lines}
        for module in modules:
            assert f'"{module}:imports"' in block.written, (
                f"{block.name} embeds {module} without its imports section"
            )


def test_collector_sees_fences_pytest_codeblocks_would_skip(tmp_path) -> None:
    from docs_blocks import python_blocks

    page = tmp_path / "page.md"
    page.write_text(
        textwrap.dedent(
            """\
            ```python title="x.py"
            a = 1
            ```

            ```py
            b = 2
            ```

            ```{.python}
            c = 3
            ```

            ```console
            $ make serve
            ```
            """
        )
    )
    assert [b.shown.code.strip() for b in python_blocks(page)] == [
        "a = 1",
        "b = 2",
        "c = 3",
    ]


def test_readme_is_collected() -> None:
    assert (ROOT / "README.md") in {block.page for block in BLOCKS} or all(
        "```python" not in line
        for line in (ROOT / "README.md").read_text().splitlines()
    )


def test_a_block_is_named_by_its_line_in_the_markdown_source(tmp_path) -> None:
    from docs_blocks import python_blocks

    page = tmp_path / "page.md"
    page.write_text(
        '```python\n--8<-- "gd_snippets/losses.py:mse"\n```\n\n'
        "```python\nprint(1)\n```\n"
    )
    first, second = python_blocks(page)
    assert (first.line, second.line) == (1, 5)
    assert second.shown.lineno > 5, "the expanded snippet moved the block down"


def test_update_outputs_rewrites_expected_output_from_the_code(tmp_path) -> None:
    from docs_blocks import update_outputs, with_outputs

    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 2\nprint(x + x)\n```\n"
        "<!--pytest-codeblocks:expected-output-->\n```text\n5\nstale\n```\n\n"
        "!!! note\n    ```python\n    print(x * 10)\n    ```\n"
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    1\n    ```\n"
        "\n```python\nprint('no output shown')\n```\n"
    )
    diff = update_outputs([page])
    assert page.read_text() == (
        "```python\nx = 2\nprint(x + x)\n```\n"
        "<!--pytest-codeblocks:expected-output-->\n```text\n4\n```\n\n"
        "!!! note\n    ```python\n    print(x * 10)\n    ```\n"
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    20\n    ```\n"
        "\n```python\nprint('no output shown')\n```\n"
    )
    assert "-stale" in diff and "+4" in diff
    assert with_outputs(page) == page.read_text(), "a second run changes nothing"
    assert update_outputs([page]) == []
