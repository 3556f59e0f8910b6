"""MkDocs hook: the newsletter glue around the Material blog plugin.

* ``<!-- latest-issues -->`` on a page becomes a list of the newest issues,
  read from each post's front matter.
* A post's feed abstract is its rendered HTML above ``<!-- more -->`` (the feed
  plugin would otherwise render raw Markdown: ``--8<--`` lines and LaTeX).
* The feeds carry no empty image: the feed plugin writes ``<url>None</url>``
  in RSS and ``null`` in JSON Feed when none is set.
* Each post's front matter is checked before the blog plugin reads it: a
  missing field or a category outside ``categories_allowed`` fails the build
  naming the post, its line and the valid choices.
* A post's read time is a beginner's honest time for its main path
  (``reading_time.py``): prose and the code and output shown, collapsed
  blocks left out.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from build_errors import choices, where
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils.meta import get_data
from reading_time import badge_minutes

MARKER = "<!-- latest-issues -->"
POSTS = "issues/posts/"
SHOWN = 6  # the whole series: a new reader should see issue #1 on the home page
EXCERPT = "<!-- more -->"
TITLE = re.compile(r"^\s*<h1[^>]*>.*?</h1>", re.DOTALL)
REQUIRED = ("title", "description", "date", "issue", "slug", "categories")
RSS_NO_IMAGE = re.compile(r"\s*<image>\s*<url>None</url>.*?</image>", re.DOTALL)


def issue_list(files, page_path: str) -> str:
    """Markdown list of the newest posts, linked relative to ``page_path``."""
    posts = []
    for file in files.documentation_pages():
        if file.src_uri.startswith(POSTS):
            _, meta = get_data(file.content_string)
            posts.append((meta["date"], meta, file.src_uri))
    posts.sort(key=lambda post: post[0], reverse=True)
    folder = posixpath.dirname(page_path)
    return "\n".join(
        f"- **Issue #{meta['issue']}, {date:%d %B %Y}:** "
        f"[{meta['title']}]({posixpath.relpath(path, folder)}). {meta['description']}"
        for date, meta, path in posts[:SHOWN]
    )


def check_post(file, allowed: list[str]) -> None:
    """Fail on a post whose front matter lacks a field or names a category
    outside ``allowed`` (any category when empty)."""
    _, meta = get_data(file.content_string)
    for field in REQUIRED:
        if field not in meta:
            raise PluginError(
                f"{where(file, '---')}: the post's front matter has no {field!r} "
                f"(every post needs {', '.join(REQUIRED)})"
            )
    for category in meta["categories"] if allowed else []:
        if category not in allowed:
            raise PluginError(
                f"{where(file, 'categories:')}: category {category!r} is not in "
                f"blog.categories_allowed of mkdocs.yml; {choices(category, allowed)}"
            )


def on_files(files, config):
    blog = config.plugins.get("material/blog")
    allowed = blog.config.categories_allowed if blog else []
    for file in files.documentation_pages():
        if file.src_uri.startswith(POSTS):
            check_post(file, allowed)
    return files


def on_page_markdown(markdown, page, config, files):
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, issue_list(files, page.file.src_uri))
    return markdown


@event_priority(50)  # before the blog plugin computes its own read time
def on_page_content(html, page, config, files):
    if not page.file.src_uri.startswith(POSTS):
        return html
    page.meta.setdefault("rss", {})["feed_description"] = TITLE.sub(
        "", html.split(EXCERPT, 1)[0], count=1
    ).strip()
    if hasattr(page, "config") and not page.config.readtime:
        page.config.readtime = badge_minutes(html)
    return html


def without_nulls(feed: dict) -> dict:
    """A JSON Feed without the optional fields the plugin left ``null``."""
    feed = {key: value for key, value in feed.items() if value is not None}
    if "items" in feed:
        feed["items"] = [without_nulls(item) for item in feed["items"]]
    return feed


@event_priority(-100)  # after the feed plugin has written the feeds
def on_post_build(config):
    site = Path(config.site_dir)
    for rss in site.glob("feed_rss_*.xml"):
        rss.write_text(RSS_NO_IMAGE.sub("", rss.read_text()))
    for path in site.glob("feed_json_*.json"):
        feed = without_nulls(json.loads(path.read_text()))
        path.write_text(json.dumps(feed, ensure_ascii=False))
