"""MkDocs hook: the glossary, and each issue's list of its terms.

The terms live in the front matter of ``docs/glossary.md`` (``terms:``), one
entry each: the term, other names its section may use (``also``), the post
and the heading anchor of the section that teaches it, a definition in our
own words, and the terms it is easy to confuse with (``confused``)::

    - term: epoch
      issue: 004-sgd-and-mini-batches.md
      section: batches-epochs-and-reshuffling
      definition: One pass through the whole training set.
      confused: [step]

``<!-- glossary -->`` on that page becomes every term of the issues in the
build, A to Z, each a heading with its definition, a link to its section and
"not to be confused with" links. Each post gets, after its TL;DR, a folded
"Terms in this issue" list linking the glossary entries it teaches. A term of
an issue not yet out (``releases.py``) is left out. An entry without a field,
or one that names an unknown term to confuse, fails the build.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple

from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

MARKER = "<!-- glossary -->"
PAGE = "glossary.md"
POSTS = "issues/posts/"
EXCERPT = "<!-- more -->"
FIELDS = ("term", "issue", "section", "definition")


class Term(NamedTuple):
    """One glossary entry."""

    term: str
    anchor: str  # its heading's id on the glossary page
    also: tuple[str, ...]  # other names the section may use
    issue: str  # the post's file name
    section: str  # the anchor of the heading that teaches it
    definition: str
    confused: tuple[str, ...]  # terms it is easy to confuse with


def anchor_of(term: str) -> str:
    """The id of a term's heading on the glossary page."""
    return slugify(term, "-")


def terms(meta: dict) -> list[Term]:
    """The glossary's terms from its front matter, A to Z. Raises
    ``ValueError`` for an entry without a field or naming an unknown term."""
    entries = meta.get("terms") or []
    found = []
    for entry in entries:
        missing = [field for field in FIELDS if not entry.get(field)]
        if missing:
            raise ValueError(f"glossary entry {entry!r} has no {', '.join(missing)}")
        found.append(
            Term(
                term=entry["term"],
                anchor=anchor_of(entry["term"]),
                also=tuple(entry.get("also") or ()),
                issue=entry["issue"],
                section=entry["section"],
                definition=entry["definition"].strip(),
                confused=tuple(entry.get("confused") or ()),
            )
        )
    names = {term.term for term in found}
    for term in found:
        unknown = [name for name in term.confused if name not in names]
        if unknown:
            raise ValueError(
                f"glossary term {term.term!r}: confused with unknown {unknown}"
            )
    return sorted(found, key=lambda term: term.term.lower())


def headings(markdown: str, anchor=slugify) -> dict[str, str]:
    """A post's level-2 and level-3 headings: their text by anchor."""
    found = {}
    for line in markdown.splitlines():
        if line.startswith(("## ", "### ")):
            text = line.lstrip("#").strip()
            explicit = text.rsplit("{", 1)
            if len(explicit) == 2 and explicit[1].strip().startswith("#"):
                text = explicit[0].strip()
                found[explicit[1].strip(" #}")] = text
            else:
                found[anchor(text, "-")] = text
    return found


class Post(NamedTuple):
    """What the glossary needs of a post in the build."""

    issue: int
    title: str
    path: str  # src_uri
    headings: dict[str, str]


def posts_of(files, anchor=slugify) -> dict[str, Post]:
    """The posts of the build, by file name."""
    found = {}
    for file in files.documentation_pages():
        if file.src_uri.startswith(POSTS):
            markdown, meta = get_data(file.content_string)
            found[posixpath.basename(file.src_uri)] = Post(
                meta["issue"], meta["title"], file.src_uri, headings(markdown, anchor)
            )
    return found


def glossary_markdown(found: list[Term], posts: dict[str, Post], page: str) -> str:
    """Markdown: a heading per term of the posts in ``posts``, its definition,
    where it is taught and what not to confuse it with, linked relative to
    ``page``."""
    shown = [term for term in found if term.issue in posts]
    names = {term.term: term for term in shown}
    folder = posixpath.dirname(page)
    entries = [f"{len(shown)} terms, from A to Z.\n"]
    for term in shown:
        post = posts[term.issue]
        if term.section not in post.headings:
            raise ValueError(
                f"glossary term {term.term!r}: {term.issue} has no heading "
                f"#{term.section}; its headings: {', '.join(post.headings)}"
            )
        link = f"{posixpath.relpath(post.path, folder)}#{term.section}"
        taught = (
            f"Taught in [issue #{post.issue}, “{post.headings[term.section]}”]({link})."
        )
        confused = [names[name] for name in term.confused if name in names]
        others = ", ".join(f"[{other.term}](#{other.anchor})" for other in confused)
        not_this = f" Not to be confused with {others}." if others else ""
        entries.append(
            f"## {term.term} {{ #{term.anchor} }}\n\n{term.definition}\n\n"
            f"{taught}{not_this}\n"
        )
    return "\n".join(entries)


def terms_list(found: list[Term], post: str, page: str) -> str:
    """Markdown: a folded list of the terms post ``post`` teaches, linked to
    their glossary entries from ``page``; empty when it teaches none."""
    taught = [term for term in found if term.issue == post]
    if not taught:
        return ""
    glossary = posixpath.relpath(PAGE, posixpath.dirname(page))
    links = ", ".join(f"[{term.term}]({glossary}#{term.anchor})" for term in taught)
    return (
        f'??? info "Terms in this issue"\n\n    {links}. '
        f"Every term of the series: [Glossary]({glossary}).\n"
    )


_terms: list[Term] = []  # this build's glossary


def on_files(files, config):
    glossary = files.get_file_from_path(PAGE)
    if glossary is None:
        _terms.clear()
        return files
    try:
        _terms[:] = terms(get_data(glossary.content_string)[1])
    except ValueError as error:
        raise PluginError(f"docs/{PAGE}: {error}") from None
    return files


def on_page_markdown(markdown, page, config, files):
    path = page.file.src_uri
    if MARKER in markdown:
        anchor = config.mdx_configs.get("toc", {}).get("slugify", slugify)
        try:
            listing = glossary_markdown(_terms, posts_of(files, anchor), path)
        except ValueError as error:
            raise PluginError(f"docs/{PAGE}: {error}") from None
        markdown = markdown.replace(MARKER, listing)
    elif path.startswith(POSTS) and EXCERPT in markdown:
        listing = terms_list(_terms, posixpath.basename(path), path)
        if listing:
            markdown = markdown.replace(EXCERPT, f"{EXCERPT}\n\n{listing}", 1)
    return markdown
