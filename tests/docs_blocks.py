"""Find every Python code block of the Markdown pages, as MkDocs shows them.

Each page is expanded with the ``pymdownx.snippets`` settings of mkdocs.yml
(base path made absolute), then split into blocks by pytest-codeblocks, which
keeps its ``cont``, ``expected-output`` and ``pytest.mark`` comments. Every
fence whose language is Python counts, whatever its attributes.

``python tests/docs_blocks.py`` (``make outputs``) rewrites every
expected-output block from what its code prints now, and shows the changes.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from mkdocs.utils.yaml import yaml_load
from pytest_codeblocks import CodeBlock, extract_from_buffer

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
PYTHON = {"python", "py", "python3"}
EXPECTED = "<!--pytest-codeblocks:expected-output-->"


@dataclass(frozen=True)
class Block:
    """One Python block: where it is, its code as shown and as written."""

    page: Path
    index: int  # among the page's Python blocks
    shown: CodeBlock  # after snippet expansion
    written: str  # the fence's text in the Markdown source
    line: int  # of the fence in the Markdown source

    @property
    def embeds_snippets(self) -> bool:
        return "--8<--" in self.written

    @property
    def name(self) -> str:
        return f"{relative(self.page)}:{self.line}"


def relative(page: Path) -> Path:
    return page.relative_to(ROOT) if page.is_relative_to(ROOT) else page


def is_python(block: CodeBlock) -> bool:
    language = re.match(r"[\s{.]*([\w+-]*)", block.syntax or "").group(1)
    return language.lower() in PYTHON


@cache
def snippets_config() -> dict:
    """The pymdownx.snippets options of mkdocs.yml, with absolute base paths."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml_load(handle)
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            options = dict(entry["pymdownx.snippets"])
            options["base_path"] = [str(ROOT / base) for base in options["base_path"]]
            return options
    raise LookupError("mkdocs.yml does not configure pymdownx.snippets")


def expand_snippets(text: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippets_config()},
    )
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


def python_blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    shown = [
        b
        for b in extract_from_buffer(io.StringIO(expand_snippets(text)))
        if is_python(b)
    ]
    written = [b for b in extract_from_buffer(io.StringIO(text)) if is_python(b)]
    if len(shown) != len(written):
        raise AssertionError(f"{page}: snippet expansion changed the number of blocks")
    return [
        Block(page, i, s, w.code, w.lineno)
        for i, (s, w) in enumerate(zip(shown, written, strict=True))
    ]


def all_blocks(pages: list[Path] = PAGES) -> list[Block]:
    return [block for page in pages for block in python_blocks(page)]


def run(code: str, namespace: dict, name: str) -> str:
    """Execute ``code`` in ``namespace``; return what it printed."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, name, "exec"), namespace)
    return output.getvalue()


def with_outputs(page: Path) -> str:
    """``page``'s text with each expected-output block replaced by what its
    Python block prints now (the blocks run in order in one namespace)."""
    lines = page.read_text(encoding="utf-8").split("\n")
    namespace: dict = {"__name__": "__main__"}
    printed = [(b, run(b.shown.code, namespace, b.name)) for b in python_blocks(page)]
    for block, output in reversed(printed):  # from the end: line numbers hold
        if block.shown.expected_output is None:
            continue
        after = range(block.line, len(lines))
        comment = next(i for i in after if lines[i].strip() == EXPECTED)
        fence = next(i for i in range(comment + 1, len(lines)) if lines[i].strip())
        marker = lines[fence].lstrip()[:3]
        indent = lines[fence][: len(lines[fence]) - len(lines[fence].lstrip())]
        end = next(
            i for i in range(fence + 1, len(lines)) if lines[i] == indent + marker
        )
        lines[fence + 1 : end] = [
            indent + line for line in output.rstrip("\n").split("\n")
        ]
    return "\n".join(lines)


def update_outputs(pages: list[Path] = PAGES) -> list[str]:
    """Rewrite the expected outputs of ``pages``; return the unified diff."""
    diff = []
    for page in pages:
        old, new = page.read_text(encoding="utf-8"), with_outputs(page)
        if new != old:
            page.write_text(new, encoding="utf-8")
            name = str(relative(page))
            diff += difflib.unified_diff(
                old.splitlines(), new.splitlines(), name, name, lineterm=""
            )
    return diff


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    changes = update_outputs()
    print("\n".join(changes) if changes else "every expected output is up to date")
