"""MkDocs hook: the series around each of its pages.

* Under an issue's title, where it stands: "Issue 3 of 6", out of the issues
  out in this build.
* At the end of an issue, the previous and the next issue, number and title,
  as links. An issue not out on the build's release day (``releases.py``: its
  page is not in the build) shows its number, title and release date as text.
* Near the top of a notebook (``notebooks/<slug>.py``) and of a playground page
  (``playgrounds/<name>.md``), the issue it belongs to: "From issue #3: <title>".
  A notebook's issue is the post with its slug; a playground page's, the post
  that links to it or embeds its playground (of several, the one whose slug is
  the playground's name). A page with no issue gets nothing; a playground
  page that several issues could own fails the build.

Everything comes from the posts' front matter (``issue``, ``title``, ``date``,
``slug``). What this adds is left out of search (``data-search-exclude``);
``extra.css`` lays it out and leaves the links to other issues out of print.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import releases
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

POSTS = "issues/posts/"
FIELDS = ("issue", "title", "date", "slug")
TITLE_END = re.compile(r"</h1>")
LINK_TARGET = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)")


class Issue(NamedTuple):
    """One post of the series, as its front matter says."""

    number: int
    title: str
    slug: str
    date: dt.date
    name: str  # the post's file name, 003-learning-rate.md
    released: bool  # out on the build's release day


def check_fields(posts: dict[str, dict]) -> None:
    """Fail on a post whose front matter lacks what the series needs."""
    for name, meta in posts.items():
        missing = [field for field in FIELDS if field not in meta]
        if missing:
            raise PluginError(
                f"docs/{POSTS}{name}: the post's front matter has no "
                f"{', '.join(missing)} (the series needs {', '.join(FIELDS)})"
            )


def check_order(issues: list[Issue]) -> None:
    """Fail unless the issues are numbered 1 to N and none is out while one
    before it is not."""
    numbers = [issue.number for issue in issues]
    if numbers != list(range(1, len(issues) + 1)):
        raise PluginError(
            f"docs/{POSTS}: the posts' issue numbers must run from 1 to "
            f"{len(issues)}, once each; they are {numbers}"
        )
    for before, after in pairwise(issues):
        if after.released and not before.released:
            raise PluginError(
                f"docs/{POSTS}{after.name} (issue #{after.number}) is out on "
                f"{after.date}, before {before.name} (issue #{before.number}) on "
                f"{before.date}: issues go out in their order"
            )


def series(posts: dict[str, dict], day: dt.date | None) -> list[Issue]:
    """The posts (front matter by file name) as issues in their order, each
    marked out or not on ``day``."""
    check_fields(posts)
    issues = sorted(
        (
            Issue(
                meta["issue"],
                str(meta["title"]),
                str(meta["slug"]),
                releases.post_date(meta),
                name,
                releases.is_released(meta, day),
            )
            for name, meta in posts.items()
        ),
        key=lambda issue: issue.number,
    )
    check_order(issues)
    return issues


def position_html(issue: Issue, issues: list[Issue]) -> str:
    """Where ``issue`` stands among the issues out: "Issue 3 of 6"."""
    out = sum(other.released for other in issues)
    return (
        f'<p class="gd-series-position" data-search-exclude>'
        f"Issue {issue.number} of {out}</p>"
    )


def neighbour_html(issue: Issue, rel: str, href: str | None) -> str:
    """The previous (``rel="prev"``) or next issue: a link to it at ``href``,
    or, for an issue not out, its title and release date in text."""
    direction = "Previous" if rel == "prev" else "Next"
    label = f"{direction}: issue #{issue.number}"
    title = f'<span class="gd-series__title">{html.escape(issue.title)}</span>'
    if issue.released:
        inner = (
            f'<a href="{html.escape(href)}" rel="{rel}">'
            f'<span class="gd-series__label">{label}</span> {title}</a>'
        )
    else:
        label += f", {releases.out_on(issue.date)}"
        inner = f'<span class="gd-series__label">{label}</span> {title}'
    return f'<div class="gd-series__{direction.lower()}">{inner}</div>'


def neighbours(issue: Issue, issues: list[Issue]) -> tuple[Issue | None, Issue | None]:
    """The issues before and after ``issue`` (None at either end)."""
    at = issues.index(issue)
    before = issues[at - 1] if at > 0 else None
    after = issues[at + 1] if at + 1 < len(issues) else None
    return before, after


def series_nav_html(issue: Issue, issues: list[Issue], href) -> str:
    """The previous and the next issue, ``href(issue)`` giving a link's URL."""
    before, after = neighbours(issue, issues)
    parts = [
        neighbour_html(other, rel, href(other) if other.released else None)
        for other, rel in ((before, "prev"), (after, "next"))
        if other is not None
    ]
    if not parts:
        return ""
    return (
        '<nav class="gd-series" aria-label="Previous and next issue" '
        f"data-search-exclude>{''.join(parts)}</nav>"
    )


def origin_html(issue: Issue, href: str | None) -> str:
    """A page's line back to its issue: "From issue #3: <title>"."""
    name = f"issue #{issue.number}: {html.escape(issue.title)}"
    shown = (
        f'<a href="{html.escape(href)}">{name}</a>'
        if issue.released
        else f"{name} ({releases.out_on(issue.date)})"
    )
    return f'<p class="gd-series-origin" data-search-exclude>From {shown}</p>'


def links_to(body: str, source: str, target: str) -> bool:
    """Whether Markdown ``body`` of the page ``source`` (a path under docs/)
    links to ``target``, another path under docs/."""
    folder = posixpath.dirname(source)
    return any(
        posixpath.normpath(posixpath.join(folder, link)) == target
        for link in LINK_TARGET.findall(body)
    )


def playground_issue(page: str, issues: list[Issue], bodies: dict[str, str]):
    """The issue of playground page ``page`` (``playgrounds/<name>.md``): the
    post that links to it or embeds its playground; of several, the one whose
    slug is its name. ``bodies``: each post's Markdown by file name."""
    name = posixpath.splitext(posixpath.basename(page))[0]
    embed = re.compile(rf"^!\[\[playground/{re.escape(name)}\]\]\s*$", re.MULTILINE)
    owners = [
        issue
        for issue in issues
        if embed.search(bodies[issue.name])
        or links_to(bodies[issue.name], POSTS + issue.name, page)
    ]
    if len(owners) > 1:
        owners = [issue for issue in owners if issue.slug == name] or owners
    if len(owners) > 1:
        listed = ", ".join(f"#{issue.number} ({issue.name})" for issue in owners)
        raise PluginError(
            f"docs/{page}: issues {listed} all link to this playground page and "
            f"none has the slug {name!r}; which one does it belong to? Give its "
            f"issue the slug {name!r}, or link it from one issue only"
        )
    return owners[0] if owners else None


def issue_of(src_uri: str, issues: list[Issue], bodies: dict[str, str]):
    """The issue a page belongs to, or None: a post, a notebook or a
    playground page."""
    if src_uri.startswith(POSTS):
        name = src_uri.removeprefix(POSTS)
        return next(issue for issue in issues if issue.name == name)
    if src_uri.startswith("notebooks/") and src_uri.endswith(".py"):
        slug = posixpath.splitext(posixpath.basename(src_uri))[0]
        return next((issue for issue in issues if issue.slug == slug), None)
    if src_uri.startswith("playgrounds/") and src_uri.endswith(".md"):
        return playground_issue(src_uri, issues, bodies)
    return None


def after_title(content: str, added: str) -> str:
    """``content`` with ``added`` after its title (the first ``<h1>``), or
    first when it has none."""
    if TITLE_END.search(content) is None:
        return added + content
    return TITLE_END.sub(lambda m: m.group(0) + added, content, count=1)


_issues: list[Issue] = []  # the series, this build
_bodies: dict[str, str] = {}  # each post's Markdown, by file name


def on_files(files, config):
    docs = Path(config.docs_dir)
    _bodies.clear()
    _bodies.update(
        (path.name, get_data(path.read_text(encoding="utf-8"))[0])
        for path in sorted((docs / POSTS).glob("*.md"))
    )
    _issues[:] = series(releases.posts(docs), releases.release_day())
    return files


def _href(issue: Issue, page, files) -> str:
    """The URL of ``issue``'s page, relative to ``page``."""
    file = files.get_file_from_path(POSTS + issue.name)
    if file is None:
        raise PluginError(f"docs/{POSTS}{issue.name}: out, but not in the build")
    return get_relative_url(file.url, page.url)


@event_priority(-10)  # after theme.py: the navigation goes after the last section
def on_page_content(html_text, page, config, files):
    issue = issue_of(page.file.src_uri, _issues, _bodies)
    if issue is None:
        return html_text
    link = partial(_href, page=page, files=files)
    if not page.file.src_uri.startswith(POSTS):
        href = link(issue) if issue.released else None
        return after_title(html_text, origin_html(issue, href))
    html_text = after_title(html_text, position_html(issue, _issues))
    return html_text + series_nav_html(issue, _issues, link)
