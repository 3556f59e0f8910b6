"""MkDocs hook: the site's stylesheets without the rules it never uses.

Material ships one stylesheet for all its features and every colour (about
150 KB); the pages of this site need about two thirds of it. After each build,
a selector is dropped when it names a class, id or attribute value found
nowhere in the built HTML nor in Material's JavaScript (which adds classes as
it runs), and a rule goes with its last selector. Names inside ``:not()``,
``:is()``, ``:where()`` and ``:has()`` are never required: ``:not(.x)`` matches
most where ``.x`` is absent. The theme's own files are the input each time, so
a class that a new page starts using in ``mkdocs serve`` gets its rules back.
``extra.css`` goes through the same (it loses its comments).

One rule goes although it is used: ``[data-md-color-switching] *``. Material's
palette sets that attribute on ``<body>`` as each page loads and removes it a
frame later; the rule matches every element, so each change restyles the
whole page, twice in a page's first second (blocking time a phone feels).
Without it, a switch of palette fades the header's colours for a quarter
second instead of changing them at once.
Results are cached by the stylesheet and the set of words (a warm build
reuses them).
"""

from __future__ import annotations

import re
from functools import partial
from itertools import pairwise
from pathlib import Path

import tinycss2
from disk_cache import memo

STYLESHEETS = re.compile(
    r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css|stylesheets/extra\.css"
)
WORD = re.compile(rb"[A-Za-z0-9_-]+")
GROUPING = {"media", "supports", "container", "layer"}
DROPPED_ATTRIBUTES = {"data-md-color-switching"}  # see above

_sources: dict[Path, Path] = {}  # the theme's stylesheet -> its copy in the site


def words_in(paths) -> set[str]:
    """Every word-like token (class names, ids, values) in the files."""
    return {w.decode() for path in paths for w in WORD.findall(path.read_bytes())}


def _selectors(prelude: list) -> list[list]:
    """A rule's prelude split at its top-level commas."""
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _required_names(selector: list) -> list[str]:
    """Class names, ids and attribute values the selector cannot match without."""
    names = []
    for before, token in pairwise([None, *selector]):
        is_class = token.type == "ident" and getattr(before, "value", None) == "."
        if is_class or token.type == "hash":  # .name or #name
            names.append(token.value)
        elif token.type == "[] block":
            names += _exact_attribute_value(token.content)
    return names


def _dropped(selector: list) -> bool:
    """Whether the selector tests an attribute of ``DROPPED_ATTRIBUTES``."""
    return any(
        token.type == "[] block"
        and any(getattr(t, "value", None) in DROPPED_ATTRIBUTES for t in token.content)
        for token in selector
    )


def _exact_attribute_value(block: list) -> list[str]:
    """``[name=value]``: the value; any other attribute selector needs nothing
    (``^=``, ``*=`` and friends match parts of words)."""
    parts = [t for t in block if t.type != "whitespace"]
    if len(parts) >= 3 and parts[1].type == "literal" and parts[1].value == "=":
        return [parts[2].value]
    return []


def used_rules(css: str, words: set[str]) -> str:
    """``css`` with only the selectors and rules that ``words`` can match."""
    kept = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        if rule.type == "qualified-rule":
            live = [
                s
                for s in _selectors(rule.prelude)
                if all(name in words for name in _required_names(s)) and not _dropped(s)
            ]
            if live:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in live)
                kept.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING:
            if rule.content is None:  # a statement such as `@layer a, b;`
                kept.append(tinycss2.serialize([rule]))
                continue
            inner = used_rules(tinycss2.serialize(rule.content), words)
            if inner:
                head = tinycss2.serialize(rule.prelude).strip()
                kept.append(f"@{rule.at_keyword} {head}{{{inner}}}")
        elif rule.type != "whitespace":
            kept.append(tinycss2.serialize([rule]))
    return "".join(kept)


def on_files(files, config):
    _sources.clear()
    for file in files:
        if STYLESHEETS.fullmatch(file.src_uri):
            _sources[Path(file.abs_src_path)] = Path(file.abs_dest_path)
    return files


def on_post_build(config):
    site = Path(config.site_dir)
    words = words_in([*site.rglob("*.html"), *site.rglob("*.js")])
    vocabulary = " ".join(sorted(words)).encode()
    for source, copy in _sources.items():
        css = source.read_text(encoding="utf-8")
        pruned = memo("css", css.encode() + vocabulary, partial(used_rules, css, words))
        copy.write_text(pruned, encoding="utf-8")
