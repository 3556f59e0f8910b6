"""MkDocs hook: the release schedule. An issue is published on its date.

A post's ``date`` is the day it goes out. A build publishes the issues dated
on or before its release day: ``$GD_WEEKLY_RELEASE_DAY`` (``YYYY-MM-DD``, so
that any build can be reproduced; ``all`` publishes every issue, as
``make serve`` does for writers), by default today in UTC. So an issue can be
written ahead and go out on its day: the CI workflow's scheduled run tests
and deploys every morning.

An issue not yet out is not in the build at all: its post and its notebook
leave the files (so no page, feed, search entry or sitemap line has it) and
its notebook the nav. A link to it or its notebook from a published page
becomes the link's text with its release date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
POSTS = DOCS / "issues" / "posts"  # this checkout's
DAY = "GD_WEEKLY_RELEASE_DAY"

_unreleased: dict[str, dict] = {}  # post file name -> its front matter, this build


def release_day(environ=os.environ) -> dt.date | None:
    """The day a build publishes up to: ``$GD_WEEKLY_RELEASE_DAY``, ``None``
    for every issue (``all``), or today in UTC."""
    value = environ.get(DAY, "").strip()
    if value == "all":
        return None
    if not value:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{DAY} must be a day as YYYY-MM-DD, or all, got {value!r}"
        ) from None


def post_date(meta: dict) -> dt.date:
    """A post's release day, from its front matter's ``date``."""
    date = meta["date"]
    return date.date() if isinstance(date, dt.datetime) else date


def out_on(day: dt.date) -> str:
    """When an issue not yet out goes out, in words: "out on 6 December 2026"."""
    return f"out on {day:%-d %B %Y}"


def is_released(meta: dict, day: dt.date | None) -> bool:
    """Whether the post with front matter ``meta`` is out on ``day``."""
    return day is None or post_date(meta) <= day


def posts(docs: Path = DOCS) -> dict[str, dict]:
    """Every post's front matter, by file name (``003-learning-rate.md``)."""
    return {
        path.name: get_data(path.read_text(encoding="utf-8"))[1]
        for path in sorted(docs.joinpath(POSTS.relative_to(DOCS)).glob("*.md"))
    }


def unreleased(day: dt.date | None, docs: Path = DOCS) -> dict[str, dict]:
    """The posts not out on ``day``, by file name."""
    return {
        name: meta for name, meta in posts(docs).items() if not is_released(meta, day)
    }


def notebook_of(meta: dict) -> str:
    """The notebook of a post, as a path under docs/ (it may not exist)."""
    return f"notebooks/{meta['slug']}.py"


def _without(nav: list, gone: set[str]) -> list:
    """The nav config without the entries that name a file of ``gone``."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            value = _without(value, gone)
            kept.append({next(iter(item)): value} if isinstance(item, dict) else value)
        elif value not in gone:
            kept.append(item)
    return kept


def on_config(config):
    try:
        day = release_day()
    except ValueError as error:
        raise PluginError(str(error)) from None
    _unreleased.clear()
    _unreleased.update(unreleased(day, Path(config.docs_dir)))
    gone = {notebook_of(meta) for meta in _unreleased.values()}
    if gone and config.nav:
        config.nav = _without(config.nav, gone)
    return config


@event_priority(110)  # first: no other hook or plugin sees an unreleased issue
def on_files(files, config):
    gone = {f"issues/posts/{name}" for name in _unreleased}
    gone |= {notebook_of(meta) for meta in _unreleased.values()}
    for file in [f for f in files if f.src_uri in gone]:
        files.remove(file)
    return files


def _link_to_unreleased(match: re.Match) -> str:
    text, target = match.group(1), match.group(2)
    name = target.split("#")[0].rsplit("/", 1)[-1]
    notebooks = {
        notebook_of(meta).rsplit("/", 1)[-1]: meta for meta in _unreleased.values()
    }
    meta = _unreleased.get(name) or notebooks.get(name)
    if meta is None:
        return match.group(0)
    return f"{text} ({out_on(post_date(meta))})"


# A link to a page or a notebook (a jupytext .py file).
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+\.(?:md|py)(?:#[^)\s]*)?)\)")


def on_page_markdown(markdown, page, config, files):
    """A link to an issue not yet out becomes its text and release date."""
    if not _unreleased:
        return markdown
    return LINK.sub(_link_to_unreleased, markdown)
