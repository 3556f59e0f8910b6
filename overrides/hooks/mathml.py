"""MkDocs hook: LaTeX math rendered to MathML at build time (no JavaScript, no CDN).

``$...$`` is inline math and a paragraph that starts and ends with ``$$`` is
display math. latex2mathml leaves a command it does not know in the output as
raw text (``<mi>\\foo</mi>``); that fails the build instead, naming the page,
the line and the nearest known commands. The MathML
namespace and ``display="inline"`` are left out: HTML implies both.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import cache

from build_errors import choices, where
from latex2mathml import commands, symbols_parser
from latex2mathml.converter import convert
from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from mkdocs.exceptions import PluginError

UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")
IMPLIED = re.compile(r' xmlns="http://www.w3.org/1998/Math/MathML"| display="inline"')


_page = {}  # "file": the page being converted, for error messages


@cache
def known_commands() -> frozenset[str]:
    """Every backslash command latex2mathml converts."""
    names = set(symbols_parser.SYMBOLS)
    for value in vars(commands).values():
        items = value if isinstance(value, tuple | list | set | dict) else [value]
        names.update(item for item in items if isinstance(item, str))
    return frozenset(name for name in names if name.startswith("\\"))


def _where(latex: str) -> str:
    return where(_page["file"], latex) if "file" in _page else "math"


def _shown(latex: str) -> str:
    return "$" + " ".join(latex.split()) + "$"


def to_mathml(latex: str, *, display: bool) -> str:
    """MathML for ``latex``; raise PluginError on a command latex2mathml lacks."""
    try:
        mathml = convert(latex.strip(), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many kinds on bad input
        reason = str(error) or type(error).__name__
        raise PluginError(
            f"{_where(latex)}: cannot convert math {_shown(latex)}: {reason}"
        ) from error
    unknown = UNKNOWN_COMMAND.search(mathml)
    if unknown:
        command = unknown.group(1)
        raise PluginError(
            f"{_where(latex)}: unknown LaTeX command {command} in {_shown(latex)}; "
            f"{choices(command, known_commands())}"
        )
    return IMPLIED.sub("", mathml, count=2)


class InlineMath(InlineProcessor):
    # $...$ with no space just inside the dollars and no digit right after
    PATTERN = r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\])\$(?!\d)"

    def handleMatch(self, m, data):
        stash = self.md.htmlStash.store(to_mathml(m.group(1), display=False))
        return stash, m.start(0), m.end(0)


class DisplayMath(BlockProcessor):
    def test(self, parent, block):
        return block.lstrip().startswith("$$")

    def run(self, parent, blocks):
        latex = blocks.pop(0).strip()
        while not (len(latex) > 2 and latex.endswith("$$")) and blocks:
            latex += "\n\n" + blocks.pop(0).strip()
        if not latex.endswith("$$"):
            raise PluginError(
                f"{_where(latex)}: display math never closed: {latex[:60]}"
            )
        # Wide formulas scroll sideways on a phone: the keyboard can reach them.
        attributes = {"class": "math-display", "tabindex": "0"}
        div = etree.SubElement(parent, "div", attributes)
        div.text = self.parser.md.htmlStash.store(to_mathml(latex[2:-2], display=True))


class MathExtension(Extension):
    def extendMarkdown(self, md):
        # After code spans (190) so `$` in code stays code.
        md.inlinePatterns.register(InlineMath(InlineMath.PATTERN, md), "gd_math", 185)
        md.parser.blockprocessors.register(DisplayMath(md.parser), "gd_math_block", 95)


def on_config(config):
    config.markdown_extensions.append(MathExtension())
    return config


def on_page_markdown(markdown, page, config, files):
    _page["file"] = page.file
    return markdown
