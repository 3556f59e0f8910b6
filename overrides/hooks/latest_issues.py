"""MkDocs hook: replace ``<!-- latest-issues -->`` with a list of the newest posts.

Reads each post's front matter (title, date, issue, description), so the home
page lists every issue without being edited when one is published.
"""

from __future__ import annotations

import posixpath

from mkdocs.utils.meta import get_data

MARKER = "<!-- latest-issues -->"
POSTS = "issues/posts/"
SHOWN = 5


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


def on_page_markdown(markdown, page, config, files):
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, issue_list(files, page.file.src_uri))
    return markdown
