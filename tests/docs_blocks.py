"""Find every Python code block of the Markdown pages, as MkDocs shows them.

Each page is expanded with the ``pymdownx.snippets`` settings of mkdocs.yml
(base path made absolute), then split into blocks by pytest-codeblocks, which
keeps its ``cont``, ``expected-output`` and ``pytest.mark`` comments. Every
fence whose language is Python counts, whatever its attributes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from mkdocs.utils.yaml import yaml_load
from pytest_codeblocks import CodeBlock, extract_from_buffer

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
PYTHON = {"python", "py", "python3"}


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
        return f"{self.page.relative_to(ROOT)}:{self.line}"


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
