"""MkDocs hook: the Corrections page, and our own updates of the issues.

* Every ``!!! warning "Correction: <what is true>"`` box of a post gets an
  anchor, ``correction-<slug of its title>``. ``<!-- corrections -->`` on a page
  becomes every box of the issues in the build, by issue: the claim (the box's
  first sentence, which says in our words what a source post claims), what is
  true (the box's title) and a link to the box. Read from the posts
  themselves: a new box appears there by itself.
* A post whose substance we fixed after it went out says so in its front
  matter, newest last::

      updates:
        - date: 2026-12-03
          what: The L2 box no longer says the penalty and decoupled decay agree.

  The post then ends with an "Updates" section listing them; the Corrections
  page lists every update under "What we got wrong" (at ``<!-- updates -->``);
  the feeds mark the issue: ``updated`` (the RSS plugin's ``as_update``, the
  JSON Feed's ``date_modified``) is its last update's day, or its date, and
  its feed abstract starts with the updates. A malformed entry fails the
  build, naming the post.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import escape
from typing import NamedTuple

from build_errors import where
from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data
from releases import post_date

MARKER = "<!-- corrections -->"
UPDATES_MARKER = "<!-- updates -->"
PAGE = "corrections.md"  # the page of both markers
POSTS = "issues/posts/"
PREFIX = "Correction: "
BOX = re.compile(
    r'^(?P<indent>[ \t]*)!!! warning "Correction: (?P<title>.+)"[ \t]*$', re.MULTILINE
)
BOX_HTML = re.compile(
    r'<div class="admonition warning">(?=\s*<p class="admonition-title">Correction:)'
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(*])")
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)")


class Box(NamedTuple):
    """A Correction box of a post."""

    title: str  # what is true, in the box's title (Markdown)
    claim: str  # the box's first sentence: what a source post claims
    anchor: str


class Update(NamedTuple):
    """One of our own fixes of a published issue."""

    date: dt.date
    what: str


def plain(markdown: str) -> str:
    """Markdown's text without emphasis, code marks and links' targets."""
    return LINK.sub(r"\1", markdown).replace("*", "").replace("`", "")


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph of Markdown."""
    return SENTENCE_END.split(" ".join(paragraph.split()), maxsplit=1)[0]


def boxes(markdown: str, anchor=slugify) -> list[Box]:
    """The Correction boxes of a post's Markdown, in order."""
    found = []
    lines = markdown.splitlines()
    starts = {m.start(): m for m in BOX.finditer(markdown)}
    offset = 0
    for number, line in enumerate(lines):
        match = starts.get(offset)
        offset += len(line) + 1
        if match is None:
            continue
        body = []
        for following in lines[number + 1 :]:
            if not following.strip():
                if body:
                    break
                continue
            body.append(following.strip())
        title = match["title"].strip()
        found.append(
            Box(
                title=title,
                claim=first_sentence(LINK.sub(r"\1", " ".join(body))),
                anchor="correction-" + anchor(plain(title), "-"),
            )
        )
    return found


def updates(meta: dict) -> list[Update]:
    """A post's updates, oldest first. Raises ``ValueError`` for an entry
    without a day or a text."""
    found = []
    for entry in meta.get("updates") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("date"), dt.date):
            raise ValueError(f"update {entry!r} has no date as YYYY-MM-DD")
        if not str(entry.get("what") or "").strip():
            raise ValueError(f"update {entry!r} does not say what changed")
        found.append(Update(entry["date"], " ".join(str(entry["what"]).split())))
    return sorted(found)


def last_updated(meta: dict) -> dt.date:
    """The day a post last changed in substance: its last update, or its date."""
    found = updates(meta)
    return found[-1].date if found else post_date(meta)


def updates_section(found: list[Update], corrections: str | None) -> str:
    """Markdown: a post's closing "Updates" section, pointing to the
    Corrections page at relative path ``corrections`` if there is one."""
    items = "\n".join(f"- **{u.date:%-d %B %Y}**: {u.what}" for u in found)
    every = f" ([every update of the series](<{corrections}#what-we-got-wrong>))"
    return (
        "## Updates { #updates }\n\n"
        f"What we changed in substance after this issue went out"
        f"{every if corrections else ''}:\n\n{items}\n"
    )


class Post(NamedTuple):
    """A post of the build, as the Corrections page lists it."""

    issue: int
    title: str
    path: str  # src_uri
    boxes: list[Box]
    updates: list[Update]


def posts_of(files, anchor=slugify) -> list[Post]:
    """The posts of the build, oldest issue first."""
    found = []
    for file in files.documentation_pages():
        if file.src_uri.startswith(POSTS):
            markdown, meta = get_data(file.content_string)
            try:
                changes = updates(meta)
            except ValueError as error:
                raise PluginError(f"{where(file, 'updates:')}: {error}") from None
            found.append(
                Post(
                    meta["issue"],
                    meta["title"],
                    file.src_uri,
                    boxes(markdown, anchor),
                    changes,
                )
            )
    return sorted(found, key=lambda post: post.issue)


def corrections_markdown(posts: list[Post], page: str) -> str:
    """Markdown: every Correction box, by issue, linked relative to ``page``."""
    folder = posixpath.dirname(page)
    total = sum(len(post.boxes) for post in posts)
    sections = [f"{total} corrections in {len(posts)} issues.\n"]
    for post in posts:
        if not post.boxes:
            continue
        link = posixpath.relpath(post.path, folder)
        entries = "\n".join(
            f"- **Claimed:** {box.claim}<br>\n"
            f"  **True:** [{box.title}]({link}#{box.anchor})"
            for box in post.boxes
        )
        sections.append(
            f"### Issue #{post.issue}: [{post.title}]({link}) "
            f"{{ #issue-{post.issue} }}\n\n{entries}\n"
        )
    return "\n".join(sections)


def updates_markdown(posts: list[Post], page: str) -> str:
    """Markdown: every update of every issue, newest first."""
    folder = posixpath.dirname(page)
    rows = sorted(
        (
            (update.date, post.issue, post, update)
            for post in posts
            for update in post.updates
        ),
        key=lambda row: (row[0], row[1]),
        reverse=True,
    )
    if not rows:
        return "No issue has been changed in substance since it went out.\n"
    items = "\n".join(
        f"- **{date:%-d %B %Y}**, [issue #{post.issue}, {post.title}]"
        f"({posixpath.relpath(post.path, folder)}#updates): {update.what}"
        for date, _, post, update in rows
    )
    issues = len({row[1] for row in rows})
    return f"{len(rows)} updates of {issues} issues.\n\n{items}\n"


_anchors: dict[str, list[str]] = {}  # a post's src_uri -> its boxes' anchors


def on_page_markdown(markdown, page, config, files):
    anchor = config.mdx_configs.get("toc", {}).get("slugify", slugify)
    path = page.file.src_uri
    if MARKER in markdown or UPDATES_MARKER in markdown:
        posts = posts_of(files, anchor)
        markdown = markdown.replace(MARKER, corrections_markdown(posts, path))
        markdown = markdown.replace(UPDATES_MARKER, updates_markdown(posts, path))
    if path.startswith(POSTS):
        _anchors[path] = [box.anchor for box in boxes(markdown, anchor)]
        try:
            found = updates(page.meta)
            page.meta["updated"] = last_updated(page.meta)
        except ValueError as error:
            raise PluginError(f"{where(page.file, 'updates:')}: {error}") from None
        page_of_all = files.get_file_from_path(PAGE)
        if found:
            link = page_of_all and posixpath.relpath(PAGE, posixpath.dirname(path))
            markdown = markdown.rstrip() + "\n\n" + updates_section(found, link)
    return markdown


def with_anchors(html: str, anchors: list[str]) -> str:
    """The post's HTML with an id on each Correction box, in order."""
    found = BOX_HTML.findall(html)
    if len(found) != len(anchors):
        raise ValueError(
            f"{len(anchors)} Correction boxes in the Markdown, {len(found)} rendered"
        )
    ids = iter(anchors)
    return BOX_HTML.sub(
        lambda _: f'<div class="admonition warning" id="{next(ids)}">', html
    )


def feed_mark(found: list[Update]) -> str:
    """HTML: the updates, to open an updated issue's feed abstract."""
    return "".join(
        f"<p><strong>Updated {u.date:%-d %B %Y}:</strong> {escape(u.what)}</p>"
        for u in found
    )


@event_priority(40)  # after issues.py sets the feed abstract, before the feed reads it
def on_page_content(html, page, config, files):
    path = page.file.src_uri
    if not path.startswith(POSTS):
        return html
    anchors = _anchors.get(path, [])
    try:
        html = with_anchors(html, anchors)
    except ValueError as error:
        raise PluginError(f"{path}: {error}") from None
    if page.present_anchor_ids is not None:  # MkDocs checks links to these
        page.present_anchor_ids.update(anchors)
    found = updates(page.meta)
    rss = page.meta.get("rss")
    if found and rss and "feed_description" in rss:
        rss["feed_description"] = feed_mark(found) + rss["feed_description"]
    return html
