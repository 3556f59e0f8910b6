"""The release schedule (overrides/hooks/releases.py): an issue is out on its
date, and a build as of a day has nothing of an issue not yet out."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build, load_hook, repository_copy

releases = load_hook("releases")
CACHE = Path(os.environ.get("GD_WEEKLY_CACHE", ROOT / ".cache"))
POSTS = ROOT / "docs" / "issues" / "posts"


@pytest.mark.parametrize(
    ("value", "day"),
    [("2026-12-10", dt.date(2026, 12, 10)), (" all ", None)],
)
def test_the_release_day_comes_from_the_environment(value, day):
    assert releases.release_day({releases.DAY: value}) == day


def test_without_a_release_day_a_build_publishes_up_to_today_in_utc():
    assert releases.release_day({}) == dt.datetime.now(dt.UTC).date()


def test_a_release_day_that_is_not_a_day_is_refused_by_name():
    with pytest.raises(ValueError, match="GD_WEEKLY_RELEASE_DAY must be a day"):
        releases.release_day({releases.DAY: "10/12/2026"})


def test_an_issue_is_out_from_its_date_on():
    meta = {"date": dt.date(2026, 12, 10)}
    assert not releases.is_released(meta, dt.date(2026, 12, 9))
    assert releases.is_released(meta, dt.date(2026, 12, 10))
    assert releases.is_released(meta, None)


def test_the_nav_loses_only_the_entries_of_what_is_gone():
    nav = [
        {"Home": "index.md"},
        {"Notebooks": ["notebooks/index.md", "notebooks/a.py", "notebooks/b.py"]},
    ]
    assert releases._without(nav, {"notebooks/b.py"}) == [
        {"Home": "index.md"},
        {"Notebooks": ["notebooks/index.md", "notebooks/a.py"]},
    ]


def test_no_issue_is_dated_before_it_reached_main():
    """An issue's date is the day it goes out: never before its post was
    committed (the six first issues are dated the day they reached main)."""
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shallow == "false", "the dates are checked against the whole history"
    for name, meta in releases.posts().items():
        first_commit = ["git", "log", "--diff-filter=A", "--follow", "--format=%as"]
        added = subprocess.run(
            [*first_commit, "--", str(POSTS / name)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        if added:  # not committed yet: a new issue being written
            assert releases.post_date(meta) >= dt.date.fromisoformat(added[-1]), name


UPCOMING = """---
title: "A coming issue"
description: An issue written ahead of its day, for the release tests.
date: 2099-01-08
issue: {number}
slug: coming-issue
authors: [team]
categories: [Training]
---

# A coming issue

!!! abstract "TL;DR"
    - It goes out on its day.

<!-- more -->

It says "comingissueword" so that search would find it.

![[how-models-learn/best-line]]
"""


LAST_SLUG = list(releases.posts().values())[-1]["slug"]  # links to the coming one


@pytest.fixture(scope="module")
def with_an_issue_ahead(tmp_path_factory) -> Path:
    """A copy of the repository with an issue dated 2099-01-08 that the last
    issue's "Up next" links to."""
    copy = repository_copy(tmp_path_factory.mktemp("releases") / "repo")
    posts = copy / "docs" / "issues" / "posts"
    last = sorted(posts.glob("*.md"))[-1]
    number = len(releases.posts()) + 1
    coming = f"{number:03d}-coming-issue.md"
    (posts / coming).write_text(UPCOMING.replace("{number}", str(number)))
    last.write_text(last.read_text() + f"\n\nAnd then [a coming issue]({coming}).\n")
    notebooks = copy / "docs" / "notebooks"
    (notebooks / "coming-issue.py").write_text("# %%\nprint('comingissueword')\n")
    listed = notebooks / "index.md"
    listed.write_text(listed.read_text() + "\n- [Try the coming one](coming-issue.py)")
    config = copy / "mkdocs.yml"
    nav_line = "      - notebooks/index.md\n"
    new_line = "      - notebooks/coming-issue.py\n"
    config.write_text(config.read_text().replace(nav_line, nav_line + new_line))
    return copy


def build_copy(copy: Path, day: str, tmp_path: Path) -> Path:
    env = {
        "GD_WEEKLY_RELEASE_DAY": day,
        "GD_WEEKLY_CACHE": str(CACHE),  # the copy's code is this checkout's
        "PYTHONPATH": str(copy),
    }
    return build(tmp_path / "site", root=copy, **env)


def everything_public(site: Path) -> str:
    """What a reader, a feed reader or a search engine can get: every page,
    the feeds, the search index and the sitemap."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for pattern in ("**/*.html", "feed_*", "search/*.json", "sitemap.xml")
        for path in site.glob(pattern)
    )


def test_an_issue_not_yet_out_is_nowhere_in_the_published_site(
    with_an_issue_ahead, tmp_path
):
    site = build_copy(with_an_issue_ahead, "2099-01-07", tmp_path)
    assert not (site / "issues" / "coming-issue").exists()
    public = everything_public(site)
    for trace in ("coming-issue", "comingissueword", "A coming issue</a>"):
        assert trace not in public, trace
    last = (site / "issues" / LAST_SLUG / "index.html").read_text()
    assert "a coming issue (out on 8 January 2099)" in last  # its "Up next"
    number = len(releases.posts()) + 1
    assert f"Next: issue #{number}, out on 8 January 2099" in last  # series.py
    notebooks = (site / "notebooks" / "index.html").read_text()
    assert "Try the coming one (out on 8 January 2099)" in notebooks
    feed = json.loads((site / "feed_json_created.json").read_text())
    assert len(feed["items"]) == len(releases.posts())


def test_on_its_day_the_issue_is_out_and_linked(with_an_issue_ahead, tmp_path):
    site = build_copy(with_an_issue_ahead, "2099-01-08", tmp_path)
    assert (site / "issues" / "coming-issue" / "index.html").exists()
    last = (site / "issues" / LAST_SLUG / "index.html").read_text()
    assert 'href="../coming-issue/"' in last
    notebooks = (site / "notebooks" / "index.html").read_text()
    assert 'href="coming-issue/"' in notebooks
    feed = json.loads((site / "feed_json_created.json").read_text())
    assert len(feed["items"]) == len(releases.posts()) + 1
    assert "comingissueword" in (site / "search" / "search_index.json").read_text()
