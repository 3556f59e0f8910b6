"""MkDocs hook: the API reference of gd_snippets, under docs/reference/.

A module's page holds one line, ``::: gd_snippets.<module>``. This hook expands
it, for mkdocstrings, into the module's docstring and one ``:::`` block for
each of its public functions and classes, in source order, each followed by:

- **Raises**, computed from the function's ``@checked(...)`` rules (the rules
  live above the ``--8<--`` section a page embeds, so no docstring repeats
  them): the arguments each rule checks and the rule's own docstring;
- **In the issues**, a link to every section of a published issue that embeds
  it, found from the posts' ``--8<-- "gd_snippets/<module>.py:<name>"`` lines
  and the nearest heading above each (its anchor as Python-Markdown's toc
  makes it). MkDocs checks these anchors, so a stale one fails the strict
  build.

``PlainFormulas`` (a Griffe extension, named in mkdocs.yml) keeps a
docstring's formulas as written: its asterisks are arithmetic, not emphasis.
``<!-- reference modules -->`` on a page becomes the table of the modules.
In the issues, a code block titled with a module's file links its page.
Only the reference pages load mkdocstrings' stylesheet. The build fails,
naming it, on a public function or class without a docstring, on a
``@checked`` rule without one, and on a module that a published issue embeds
but no reference page documents.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import griffe
import markdown as python_markdown
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "gd_snippets"
POSTS = "issues/posts/"
REFERENCE = "reference/"
MARKER = "<!-- reference modules -->"
DIRECTIVE = re.compile(rf"^::: {PACKAGE}\.(?P<module>\w+)[ \t]*$", re.MULTILINE)
EMBED = re.compile(rf'--8<-- "{PACKAGE}/(?P<module>\w+)\.py:(?P<name>\w+)"')
HEADING = re.compile(r"^#{1,6}[ \t]+\S")
FENCE = re.compile(r"^[ \t]*(```|~~~)")
STYLESHEET = re.compile(
    r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\n?'
)


CODE_SPAN = re.compile(r"(``.+?``|`[^`]+`)")


def plain_formulas(docstring: str) -> str:
    """A docstring whose asterisks (``w ** 2``, ``lr * g``) Markdown shows as
    they are, not as emphasis (code spans are left alone), and whose lines
    ending in a semicolon (one update rule, one stopping rule each) end there
    on the page too."""
    parts = CODE_SPAN.split(docstring)
    escaped = "".join(
        part if index % 2 else part.replace("*", "\\*")
        for index, part in enumerate(parts)
    )
    return re.sub(r";[ \t]*\n(?=[ \t]*\S)", ";  \n", escaped)


class PlainFormulas(griffe.Extension):
    """Griffe extension: every docstring of gd_snippets through
    ``plain_formulas`` before mkdocstrings renders it as Markdown."""

    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain_formulas(obj.docstring.value)


class Member(NamedTuple):
    """A public function or class of a module, as its source defines it."""

    name: str
    kind: str  # "function" or "class"
    docstring: str | None


class Embed(NamedTuple):
    """One ``--8<--`` line of a post and the section it sits in."""

    module: str
    name: str
    post: str  # the post's src_uri
    issue: int
    heading: str  # the section's heading text, as written
    anchor: str


def members(module: str) -> list[Member]:
    """The public functions and classes that ``gd_snippets/<module>.py``
    defines, in source order."""
    tree = ast.parse((ROOT / PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    return [
        Member(
            node.name,
            "class" if isinstance(node, ast.ClassDef) else "function",
            ast.get_docstring(node),
        )
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
        and not node.name.startswith("_")
    ]


def _inline(text: str, values: dict[str, str]) -> str:
    """A docstring as one line of Markdown: ``name`` becomes ``values[name]``
    (Markdown) when given, any other ``code`` becomes `code`."""
    text = " ".join(text.split())
    return re.sub(r"``([^`]+)``", lambda m: values.get(m[1], f"`{m[1]}`"), text)


def _names(value) -> list[str]:
    """The strings in a rule's bound value (a name, or a tuple of names)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [item for item in value if isinstance(item, str)]
    return []


def _shown(value) -> str:
    """A value a rule factory was given, as Markdown: names and types as code,
    another rule as what it checks."""
    if isinstance(value, type):
        return f"`{value.__name__}`"
    if callable(value):
        return rule_text(value).rstrip(".")
    return ", ".join(f"`{name}`" for name in _names(value)) or f"`{value!r}`"


def rule_text(rule: Callable) -> str:
    """What one ``@checked`` rule requires, as a line of Markdown: the
    docstring of the rule, or of the factory that made it, with the values the
    factory was given (the names its ``*names`` took lead the line). Raises
    ``ValueError`` when that docstring is missing."""
    owner_name = rule.__qualname__.split(".<locals>.")[0]
    owner = getattr(importlib.import_module(rule.__module__), owner_name, rule)
    doc = inspect.getdoc(owner)
    if not doc:
        raise ValueError(
            f"the rule {owner_name} in {rule.__module__} has no docstring "
            "to say what it checks"
        )
    text = " ".join(doc.split("\n\n")[0].split())
    if owner is rule:
        return _inline(text, {})
    bound = inspect.getclosurevars(rule).nonlocals
    parameters = inspect.signature(owner).parameters.values()
    listed = [p.name for p in parameters if p.kind is p.VAR_POSITIONAL]
    values = {key: _shown(value) for key, value in bound.items()}
    extras = [  # a number the docstring does not mention, such as ndim=2
        f"`{key}={value!r}`"
        for key, value in bound.items()
        if isinstance(value, int | float)
        and not isinstance(value, bool)
        and f"``{key}``" not in doc
    ]
    text = _inline(text, values)
    if extras:
        text = f"{text.rstrip('.')} ({', '.join(extras)})."
    names = ", ".join(values[key] for key in listed if key in values)
    if not names:
        return text
    each = "each" if "," in names else "it"
    return f"{names}: {re.sub(r'^Each named argument', each, text)}"


def rules_of(function: Callable) -> list[Callable]:
    """The rules ``@checked(...)`` validates ``function``'s arguments with
    (none when it is not checked)."""
    closure = inspect.getclosurevars(function).nonlocals
    return list(closure.get("rules", ()))


def raises_markdown(function: Callable) -> str:
    """The Raises part of a function's entry, from its ``@checked`` rules."""
    rules = rules_of(function)
    if not rules:
        return ""
    names = "|".join(map(re.escape, inspect.signature(function).parameters))
    leading = re.compile(rf"^({names})(?= )")  # a rule's docstring names its argument
    lines = ["- " + leading.sub(r"`\1`", rule_text(rule)) for rule in rules]
    return (
        "**Raises** `TypeError` (a wrong type) or `ValueError` (a wrong value), "
        "its message naming the argument, unless:\n\n" + "\n".join(lines)
    )


def heading_anchors(headings: list[str], slugify: Callable) -> list[tuple[str, str]]:
    """(text, anchor) of each ATX heading line, as Python-Markdown's toc names
    them on one page (explicit ``{ #id }`` kept, repeats numbered)."""
    md = python_markdown.Markdown(
        extensions=["toc", "attr_list"], extension_configs={"toc": {"slugify": slugify}}
    )
    md.convert("\n\n".join(headings))
    flat, stack = [], list(reversed(md.toc_tokens))
    while stack:
        token = stack.pop()
        flat.append((token["name"], token["id"]))
        stack.extend(reversed(token["children"]))
    return flat


def embeds(text: str, post: str, issue: int, slugify: Callable) -> list[Embed]:
    """Every ``--8<--`` line of a post's Markdown, with its section: the nearest
    heading above it outside code fences."""
    headings, found, fence = [], [], None
    for line in text.splitlines():
        opening = FENCE.match(line)
        if opening and (fence is None or opening[1] == fence):
            fence = opening[1] if fence is None else None
        elif fence is None and HEADING.match(line):
            headings.append(line)
        for match in EMBED.finditer(line):
            found.append((match["module"], match["name"], len(headings) - 1))
    anchors = heading_anchors(headings, slugify)
    return [
        Embed(module, name, post, issue, *anchors[index])
        for module, name, index in found
        if index >= 0
    ]


def issue_embeds(files, slugify: Callable) -> list[Embed]:
    """The embeds of every post in the build (an issue not out is not there),
    oldest issue first."""
    found = []
    for file in files.documentation_pages():
        if file.src_uri.startswith(POSTS):
            text, meta = get_data(file.content_string)
            found += embeds(text, file.src_uri, meta["issue"], slugify)
    return sorted(found, key=lambda embed: embed.issue)


def shown_in_markdown(name: str, found: list[Embed], page_uri: str) -> str:
    """The "In the issues" line of one function: a link to each section."""
    folder = posixpath.dirname(page_uri)
    links = dict.fromkeys(
        f"[#{e.issue}: {e.heading.lstrip('#').strip()}]"
        f"({posixpath.relpath(e.post, folder)}#{e.anchor})"
        for e in found
        if e.name == name
    )
    if not links:
        return "**In the issues:** not shown in an issue yet."
    return "**In the issues:** " + ", ".join(links) + "."


def module_markdown(module: str, found: list[Embed], page_uri: str) -> str:
    """The Markdown that documents one module: its docstring, then each public
    function or class, its Raises and its links to the issues. Raises
    ``ValueError`` for a member without a docstring."""
    imported = importlib.import_module(f"{PACKAGE}.{module}")
    mine = [e for e in found if e.module == module]
    parts = [
        f"::: {PACKAGE}.{module}\n    options:\n      members: false\n"
        "      show_root_heading: false"
    ]
    for member in members(module):
        if not member.docstring:
            raise ValueError(
                f"{PACKAGE}/{module}.py: the public {member.kind} {member.name} "
                "has no docstring"
            )
        obj = getattr(imported, member.name)
        entry = [f"::: {PACKAGE}.{module}.{member.name}"]
        if member.kind == "function":
            entry.append(raises_markdown(obj))
        entry.append(shown_in_markdown(member.name, mine, page_uri))
        parts.append("\n\n".join(part for part in entry if part))
    return "\n\n".join(parts) + "\n"


def modules_table(files, page_uri: str) -> str:
    """Markdown: each module's reference page, what it holds and its count of
    public functions."""
    rows = []
    for module, uri in reference_pages(files).items():
        doc = inspect.getdoc(importlib.import_module(f"{PACKAGE}.{module}")) or ""
        first = " ".join(doc.split("\n\n")[0].split())
        count = sum(m.kind == "function" for m in members(module))
        link = posixpath.relpath(uri, posixpath.dirname(page_uri))
        rows.append(f"| [{module}]({link}) | {_inline(first, {})} | {count} |")
    return "| module | what it holds | functions |\n|---|---|---|\n" + "\n".join(rows)


def reference_pages(files) -> dict[str, str]:
    """module -> the src_uri of the reference page that documents it."""
    pages = {}
    for file in files.documentation_pages():
        if file.src_uri.startswith(REFERENCE):
            for match in DIRECTIVE.finditer(get_data(file.content_string)[0]):
                pages[match["module"]] = file.src_uri
    return pages


_embeds: list[Embed] = []  # this build's


def _slugify(config) -> Callable:
    from markdown.extensions.toc import slugify

    return config.mdx_configs.get("toc", {}).get("slugify", slugify)


def on_files(files, config):
    _embeds[:] = issue_embeds(files, _slugify(config))
    documented = reference_pages(files)
    missing = sorted({e.module for e in _embeds} - set(documented))
    if missing:
        where = ", ".join(f"{PACKAGE}/{m}.py" for m in missing)
        raise PluginError(
            f"{where}: embedded in an issue but on no reference page; add "
            f"docs/{REFERENCE}<module>.md holding '::: {PACKAGE}.<module>'"
        )
    return files


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.startswith(REFERENCE):
        return markdown
    uri = page.file.src_uri
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, modules_table(files, uri))
    try:
        return DIRECTIVE.sub(
            lambda m: module_markdown(m["module"], _embeds, uri), markdown
        )
    except ValueError as error:
        raise PluginError(str(error)) from None


TITLE = re.compile(r'(<span class="filename">)(.*?)(</span>)')
MODULE_FILE = re.compile(rf"{PACKAGE}/(\w+)\.py")


def linked_titles(html: str, link: Callable[[str], str | None]) -> str:
    """``html`` whose code block titles link each ``gd_snippets/<module>.py``
    they name to ``link(module)``, where it gives one."""

    def title(match: re.Match) -> str:
        def module(found: re.Match) -> str:
            href = link(found[1])
            return f'<a href="{href}">{found[0]}</a>' if href else found[0]

        return match[1] + MODULE_FILE.sub(module, match[2]) + match[3]

    return TITLE.sub(title, html)


def on_page_content(html, page, config, files):
    """In an issue, each code block titled with a module's file links to the
    module's reference page."""
    if not page.file.src_uri.startswith(POSTS):
        return html
    pages = reference_pages(files)

    def link(module: str) -> str | None:
        target = files.get_file_from_path(pages[module]) if module in pages else None
        return get_relative_url(target.url, page.url) if target else None

    return linked_titles(html, link)


def on_post_page(output, page, config):
    """Only the reference pages load mkdocstrings' stylesheet (1.7 KB
    gzipped, render-blocking): the other pages have no docstring to style."""
    if page.file.src_uri.startswith(REFERENCE):
        return output
    return STYLESHEET.sub("", output)


def on_post_template(output_content, template_name, config):
    """Nor does the 404 page."""
    return STYLESHEET.sub("", output_content)
