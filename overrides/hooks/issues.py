"""MkDocs hook: the newsletter glue around the Material blog plugin.

* ``<!-- latest-issues -->`` on a page (the home page, the issues index)
  becomes a card for each issue of the build, newest first: its lead figure's
  thumbnail in each palette (``renders.py``), number, date, title, abstract
  (the post's ``description``) and the read time of its badge. The cards are
  filled in once every page is rendered (``on_env``), so the time is the
  post's own; an issue not yet out (``releases.py``) is not in the build, so
  it has no card. The blog plugin's views (the issues index, a category) show
  their posts' cards in place of its excerpts (``overrides/blog.html``), and
  their table of contents lists the cards in the same order.
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

import datetime as dt
import json
import re
from html import escape
from pathlib import Path
from typing import NamedTuple

from build_errors import choices, where
from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data
from reading_time import badge_minutes

MARKER = "<!-- latest-issues -->"
POSTS = "issues/posts/"
EXCERPT = "<!-- more -->"
TITLE = re.compile(r"^\s*<h1[^>]*>.*?</h1>", re.DOTALL)
REQUIRED = ("title", "description", "date", "issue", "slug", "categories")
RSS_NO_IMAGE = re.compile(r"\s*<image>\s*<url>None</url>.*?</image>", re.DOTALL)


class Card(NamedTuple):
    """What an issue's card shows, with URLs from the site's root."""

    issue: int
    date: dt.date
    title: str
    description: str
    minutes: int
    url: str
    thumbnail: dict  # renders.thumbnail: files by palette, alt, width, height
    anchor: str  # the id of its title: the blog index's table of contents links it


def issue_card(post, anchor_of=slugify) -> Card:
    """The card of a rendered post (its read time and thumbnail are set)."""
    return Card(
        issue=post.meta["issue"],
        date=post.config.date.created.date(),
        title=post.title,
        description=post.meta["description"],
        minutes=post.config.readtime,
        url=post.url,
        thumbnail=post.meta["thumbnail"],
        anchor=anchor_of(post.title, "-"),
    )


def thumbnail_html(thumbnail: dict, page_url: str) -> str:
    """The thumbnail's image in each palette, shown by the reader's palette
    as the figures are (Material's ``#only-light``/``#only-dark``). Lazy, so
    the other palette's never loads, and none competes with the page's own
    files for the first paint (Lighthouse: TBT 190-550 ms with the first
    card's loaded at once, 105-120 ms lazy, as without thumbnails)."""
    return "".join(
        f'<img src="{get_relative_url(file, page_url)}#only-{palette}" '
        f'alt="{escape(thumbnail["alt"])}" width="{thumbnail["width"]}" '
        f'height="{thumbnail["height"]}" loading="lazy" decoding="async">'
        for palette, file in thumbnail["files"].items()
    )


def card_html(card: Card, page_url: str, *, heading: int) -> str:
    """An issue's card on the page at ``page_url``; its title an ``h<heading>``
    linking the issue (the whole card takes the click, extra.css)."""
    link = get_relative_url(card.url, page_url)
    return (
        f'<li class="gd-card">'
        f'<div class="gd-card__thumbnail">'
        f"{thumbnail_html(card.thumbnail, page_url)}</div>"
        f'<h{heading} class="gd-card__title" id="{card.anchor}">'
        f'<a href="{link}">{escape(card.title)}</a></h{heading}>'
        f'<p class="gd-card__meta">Issue #{card.issue} · '
        f'<time datetime="{card.date.isoformat()}">{card.date:%-d %B %Y}</time> · '
        f'<span class="gd-card__minutes">{card.minutes} min read</span></p>'
        f'<p class="gd-card__abstract">{escape(card.description)}</p>'
        f"</li>"
    )


def newest_first(cards: list[Card]) -> list[Card]:
    return sorted(cards, key=lambda card: (card.date, card.issue), reverse=True)


def cards_html(cards: list[Card], page_url: str, *, heading: int) -> str:
    """The cards of ``cards``, newest first, as a list."""
    return (
        '<ol class="gd-cards">'
        + "".join(
            card_html(card, page_url, heading=heading) for card in newest_first(cards)
        )
        + "</ol>"
    )


def with_cards(content: str, cards: list[Card], page_url: str) -> str:
    """A page's HTML ``content`` with ``cards`` at its marker, or at its end."""
    if MARKER not in content:
        content += MARKER
    # Below the page's h1 (and an h2 on the home page).
    heading = 3 if "<h2" in content.split(MARKER, 1)[0] else 2
    return content.replace(MARKER, cards_html(cards, page_url, heading=heading))


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


_cards: list[Card] = []  # this build's issues, once every page is rendered


def on_env(env, config, files):
    """Every page is rendered now, each post with its read time: the pages
    that show cards get them (before search indexes them)."""
    anchor_of = config.mdx_configs.get("toc", {}).get("slugify", slugify)
    pages = [file.page for file in files.documentation_pages()]
    _cards[:] = [
        issue_card(page, anchor_of)
        for page in pages
        if page.file.src_uri.startswith(POSTS)
    ]
    for page in pages:
        cards = cards_of(page)
        if cards is not None:
            page.content = with_cards(page.content, cards, page.url)
    return env


def cards_of(page) -> list[Card] | None:
    """The cards page ``page`` shows: every issue at its marker, a blog view's
    own posts (at its marker or under its content); ``None`` for none."""
    view_posts = getattr(page, "posts", None)  # a blog view: the index, a category
    if view_posts is not None:
        urls = {post.url for post in view_posts}
        return [card for card in _cards if card.url in urls]
    return _cards if MARKER in (page.content or "") else None


@event_priority(-110)  # after the blog plugin lists its excerpts' titles
def on_page_context(context, page, config, nav):
    """A blog view's table of contents lists its cards, in their order."""
    cards = cards_of(page) if hasattr(page, "posts") else None
    if cards and page.toc.items:
        page.toc.items[0].children = [
            AnchorLink(card.title, card.anchor, 2) for card in newest_first(cards)
        ]
    return context


@event_priority(50)  # before the blog plugin computes its own read time
def on_page_content(html, page, config, files):
    if not page.file.src_uri.startswith(POSTS):
        return html
    page.meta.setdefault("rss", {})["feed_description"] = TITLE.sub(
        "", html.split(EXCERPT, 1)[0], count=1
    ).strip()
    if hasattr(page, "config") and not page.config.readtime:
        page.config.readtime = badge_minutes(html)
    # The blog plugin converts a post's Markdown again for each view that lists
    # it, only to cut its excerpt at the marker; the views show cards instead,
    # so it gets the Markdown above the marker (the page's HTML is made).
    page.markdown = page.markdown.split(EXCERPT, 1)[0]
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
