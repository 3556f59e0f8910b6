"""The series around each page (overrides/hooks/series.py): where an issue
stands, its previous and next issue, and the way back from a notebook or a
playground page to its issue; first on made-up posts, then on the built site,
against the posts' front matter."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from conftest import POSTS as POST_FILES
from conftest import load_hook, posts_in
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

series = load_hook("series")

DAY = dt.date(2099, 1, 8)


def meta(number: int, slug: str, date: dt.date = DAY, **extra) -> dict:
    return {"issue": number, "title": f"On {slug}", "date": date, "slug": slug} | extra


POSTS = {  # three issues, the third written ahead of DAY
    "001-a.md": meta(1, "a", DAY - dt.timedelta(days=14)),
    "002-b.md": meta(2, "b", DAY - dt.timedelta(days=7)),
    "003-c.md": meta(3, "c", DAY + dt.timedelta(days=7)),
}


def href(issue) -> str:
    assert issue.released, f"a link to issue #{issue.number}, not out"
    return f"../{issue.slug}/"


def test_the_series_runs_in_issue_order_and_knows_what_is_out():
    issues = series.series(dict(reversed(POSTS.items())), DAY)
    assert [(i.number, i.slug, i.released) for i in issues] == [
        (1, "a", True),
        (2, "b", True),
        (3, "c", False),
    ]
    assert all(i.released for i in series.series(POSTS, None))


def test_an_issue_says_where_it_stands_among_the_issues_out():
    issues = series.series(POSTS, DAY)
    assert ">Issue 2 of 2<" in series.position_html(issues[1], issues)
    everything = series.series(POSTS, None)
    assert ">Issue 2 of 3<" in series.position_html(everything[1], everything)


def test_the_first_issue_has_no_previous_and_the_last_no_next():
    issues = series.series(POSTS, None)
    first = series.series_nav_html(issues[0], issues, href)
    last = series.series_nav_html(issues[-1], issues, href)
    assert "Previous:" not in first
    assert '<a href="../b/" rel="next">' in first and "Next: issue #2" in first
    assert "Next:" not in last
    assert '<a href="../b/" rel="prev">' in last and "Previous: issue #2" in last
    assert series.series_nav_html(issues[0], issues[:1], href) == ""


def test_an_issue_not_out_yet_is_its_title_and_release_date_without_a_link():
    issues = series.series(POSTS, DAY)
    nav = series.series_nav_html(issues[1], issues, href)  # href refuses issue #3
    assert '<a href="../a/" rel="prev">' in nav
    assert "Next: issue #3, out on 15 January 2099" in nav
    assert '<span class="gd-series__title">On c</span>' in nav
    assert nav.count("<a ") == 1


def test_titles_are_escaped():
    posts = POSTS | {"001-a.md": meta(1, "a", title="Loss < 1 & falling")}
    issues = series.series(posts, None)
    nav = series.series_nav_html(issues[1], issues, href)
    assert "Loss &lt; 1 &amp; falling" in nav


@pytest.mark.parametrize(
    ("posts", "message"),
    [
        ({"001-a.md": meta(1, "a"), "002-b.md": meta(1, "b")}, "run from 1 to 2"),
        ({"001-a.md": meta(1, "a"), "003-c.md": meta(3, "c")}, "run from 1 to 2"),
        (
            {"001-a.md": meta(1, "a", DAY + dt.timedelta(1)), "002-b.md": meta(2, "b")},
            r"002-b.md \(issue #2\) is out on 2099-01-08, before 001-a.md",
        ),
        ({"001-a.md": {"issue": 1, "title": "A", "date": DAY}}, "001-a.md.*no slug"),
    ],
    ids=["twice the same number", "a gap", "out before the one before", "no slug"],
)
def test_a_series_that_does_not_add_up_fails_the_build(posts, message):
    with pytest.raises(PluginError, match=message):
        series.series(posts, DAY)


def test_a_notebook_belongs_to_the_issue_of_its_slug():
    issues = series.series(POSTS, DAY)
    assert series.issue_of("notebooks/b.py", issues, {}).number == 2
    assert series.issue_of("notebooks/zzz.py", issues, {}) is None
    assert series.issue_of("notebooks/index.md", issues, {}) is None
    assert series.issue_of("issues/posts/003-c.md", issues, {}).number == 3


BODIES = {
    "001-a.md": "Try [the playground](../../playgrounds/c.md#top) next week.",
    "002-b.md": "No playground here: [issue #1](001-a.md).",
    "003-c.md": "Here it is:\n\n![[playground/c]]\n",
}


@pytest.mark.parametrize(
    ("bodies", "expected"),
    [
        (BODIES, 3),  # two link to it or embed it: the one of its name
        (BODIES | {"003-c.md": "Nothing."}, 1),  # linked from one issue only
        (BODIES | {"001-a.md": "", "003-c.md": ""}, None),  # no issue: nothing
    ],
)
def test_a_playground_page_belongs_to_the_issue_that_shows_it(bodies, expected):
    issues = series.series(POSTS, DAY)
    issue = series.issue_of("playgrounds/c.md", issues, bodies)
    assert (issue and issue.number) == expected


def test_a_playground_page_two_issues_could_own_fails_the_build():
    issues = series.series(POSTS, DAY)
    bodies = BODIES | {"002-b.md": "See [it](../../playgrounds/d.md)."}
    bodies["001-a.md"] = "See ![[playground/d]] too:\n\n![[playground/d]]\n"
    with pytest.raises(PluginError, match=r"playgrounds/d.md: issues #1 .*#2"):
        series.issue_of("playgrounds/d.md", issues, bodies)


def test_the_way_back_to_an_issue_links_it_or_says_when_it_is_out():
    issues = series.series(POSTS, DAY)
    assert series.origin_html(issues[0], "../../issues/a/").endswith(
        'From <a href="../../issues/a/">issue #1: On a</a></p>'
    )
    assert "From issue #3: On c (out on 15 January 2099)</p>" in (
        series.origin_html(issues[2], None)
    )


def test_what_is_added_goes_under_the_title_or_first():
    assert series.after_title("<h1>T</h1><p>x</p>", "<i>") == "<h1>T</h1><i><p>x</p>"
    assert series.after_title("<p>x</p>", "<i>") == "<i><p>x</p>"


# The built site: every check takes what each build publishes.

POSITION = re.compile(r'</h1>\s*<p class="gd-series-position"[^>]*>(.*?)</p>')
SERIES_NAV = re.compile(r'<nav class="gd-series"[^>]*>(.*?)</nav>', re.DOTALL)
NEIGHBOUR = re.compile(
    r'<div class="gd-series__(previous|next)">(?:<a href="([^"]+)" rel="\w+">)?'
    r'<span class="gd-series__label">([^<]+)</span> '
    r'<span class="gd-series__title">([^<]+)</span>'
)
ORIGIN = re.compile(r'<p class="gd-series-origin"[^>]*>From (.*?)</p>')
LINK = re.compile(r'<a href="([^"]+)">(.*)</a>')


def front_matter(post: Path) -> dict:
    return get_data(post.read_text(encoding="utf-8"))[1]


def page_of(site: Path, slug: str) -> Path:
    return site / "issues" / slug / "index.html"


def resolves_to(page: Path, href: str) -> Path:
    """The file a relative link on ``page`` opens."""
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


def released_text(meta: dict) -> str:
    return f"out on {meta['date']:%-d %B %Y}"


def test_every_issue_says_where_it_stands_in_the_series(site):
    posts = [front_matter(post) for post in posts_in(site)]
    for post in posts:
        page = page_of(site, post["slug"]).read_text()
        assert POSITION.findall(page) == [f"Issue {post['issue']} of {len(posts)}"]


def test_every_issue_ends_with_its_neighbours_linked(site):
    out = [front_matter(post) for post in posts_in(site)]
    everything = sorted(
        map(front_matter, POST_FILES.glob("*.md")),
        key=lambda m: m["issue"],
    )
    for post in out:
        page = page_of(site, post["slug"])
        (nav,) = SERIES_NAV.findall(page.read_text())
        shown = {side: rest for side, *rest in NEIGHBOUR.findall(nav)}
        at = everything.index(post)
        expected = {"previous": everything[at - 1] if at else None}
        expected["next"] = everything[at + 1] if at + 1 < len(everything) else None
        for side, other in expected.items():
            if other is None:
                assert side not in shown, f"{post['slug']}: no {side} issue"
                continue
            link, label, title = shown[side]
            assert title == html.escape(other["title"], quote=False)
            assert label.startswith(f"{side.title()}: issue #{other['issue']}")
            if other in out:
                assert resolves_to(page, link) == page_of(site, other["slug"]).resolve()
            else:  # written ahead: its release date, no link
                assert not link and label.endswith(released_text(other))
    assert len(out) >= 2, "a series to navigate"


def test_notebooks_and_the_playground_page_link_back_to_their_issue(site):
    out = {front_matter(post)["slug"] for post in posts_in(site)}
    by_slug = {m["slug"]: m for m in map(front_matter, POST_FILES.glob("*.md"))}
    notebooks = [
        page
        for page in (site / "notebooks").glob("*/index.html")
        if page.parent.name in by_slug
    ]
    assert {page.parent.name for page in notebooks} == out, "a notebook per issue"
    playground = site / "playgrounds" / "learning-rate" / "index.html"
    for page in [*notebooks, playground]:
        post = by_slug[page.parent.name]  # its issue has its slug
        (origin,) = ORIGIN.findall(page.read_text())
        name = f"issue #{post['issue']}: {html.escape(post['title'])}"
        if post["slug"] in out:
            link, text = LINK.fullmatch(origin).groups()
            assert text == name
            assert resolves_to(page, link) == page_of(site, post["slug"]).resolve()
        else:
            assert origin == f"{name} ({released_text(post)})"
    index = (site / "notebooks" / "index.html").read_text()
    assert not ORIGIN.findall(index), "a page without an issue gets nothing"


def test_the_series_parts_stay_out_of_search(site):
    index = (site / "search" / "search_index.json").read_text()
    assert not re.search(r"Issue \d+ of \d+|Next: issue #|From issue #", index)
