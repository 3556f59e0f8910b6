"""The Corrections page and our own updates (overrides/hooks/corrections.py):
every Correction box of the series, linked; each issue's updates at its end,
on the Corrections page and in the feeds; a new box appears by itself."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from conftest import ROOT, build, load_hook, posts_in, repository_copy
from mkdocs.utils.meta import get_data
from test_glossary import article, section, text_of

corrections = load_hook("corrections")
CACHE = Path(os.environ.get("GD_WEEKLY_CACHE", ROOT / ".cache"))
BOX_LINE = re.compile(r'^[ \t]*!!! warning "Correction: ', re.MULTILINE)
ENTRY_LINK = re.compile(r'<strong>True:</strong> <a href="../issues/([^/"]+)/#([^"]+)"')


def front_matter(post: Path) -> dict:
    return get_data(post.read_text(encoding="utf-8"))[1]


def boxes_in_posts(site: Path) -> dict[str, int]:
    """Correction boxes in each published post's Markdown, by slug."""
    return {
        front_matter(post)["slug"]: len(BOX_LINE.findall(post.read_text()))
        for post in posts_in(site)
    }


def linked_boxes(site: Path) -> list[tuple[str, str]]:
    """(slug, anchor) of each entry of the built Corrections page."""
    return ENTRY_LINK.findall(article(site / "corrections" / "index.html"))


def test_every_correction_box_is_on_the_corrections_page_linked(site):
    entries = linked_boxes(site)
    counts = boxes_in_posts(site)
    assert len(entries) == sum(counts.values()) >= 22
    for slug, count in counts.items():
        assert sum(entry[0] == slug for entry in entries) == count, slug
    for slug, anchor in entries:
        page = (site / "issues" / slug / "index.html").read_text()
        box = re.search(
            rf'<div class="admonition warning" id="{anchor}">\s*(.*?)</p>', page
        )
        assert box and "Correction:" in box[1], (slug, anchor)
    page = text_of(article(site / "corrections" / "index.html"))
    assert f"{len(entries)} corrections in {len(counts)} issues" in page


def test_each_entry_gives_the_claim_and_the_truth_of_its_box():
    post = ROOT / "docs" / "issues" / "posts" / "006-is-it-learning.md"
    (box,) = corrections.boxes(post.read_text())
    assert box.title == "a validation set is not a test set"
    assert box.claim.startswith("A popular post on what happens inside a model")
    assert box.claim.endswith("checks how well learning went.")
    assert box.anchor == "correction-a-validation-set-is-not-a-test-set"


def test_a_posts_updates_show_at_its_end_and_on_the_corrections_page(site):
    listed = article(site / "corrections" / "index.html")
    wrong = text_of(section(listed, "what-we-got-wrong"))
    updated = 0
    for post in posts_in(site):
        meta = front_matter(post)
        found = corrections.updates(meta)
        page = article(site / "issues" / meta["slug"] / "index.html")
        if not found:
            assert 'id="updates"' not in page
            continue
        updated += 1
        headings = re.findall(r'<h2 id="([^"]+)"', page)
        assert headings[-1] == "updates", f"{meta['slug']}: Updates is not last"
        at_end = text_of(section(page, "updates"))
        for update in found:
            assert f"{update.date:%-d %B %Y}: {update.what}".lower() in at_end
            assert update.what.lower() in wrong
        assert f'href="../issues/{meta["slug"]}/#updates"' in listed
    assert updated >= 6  # issue 19's fixes of each issue
    assert f"{sum(1 for _ in re.finditer('#updates', listed))} updates" in wrong


def test_the_feeds_mark_an_updated_issue(site):
    feed = json.loads((site / "feed_json_created.json").read_text())
    items = {item["url"].rstrip("/").rsplit("/", 1)[-1]: item for item in feed["items"]}
    rss = ET.parse(site / "feed_rss_updated.xml").getroot()
    rss_dates = {
        item.findtext("link").rstrip("/").rsplit("/", 1)[-1]: parsedate_to_datetime(
            item.findtext("pubDate")
        ).date()
        for item in rss.iter("item")
    }
    for post in posts_in(site):
        meta = front_matter(post)
        item = items[meta["slug"]]
        published = dt.date.fromisoformat(item["date_published"][:10])
        modified = dt.date.fromisoformat(item["date_modified"][:10])
        assert published == meta["date"]
        assert modified == corrections.last_updated(meta)
        assert rss_dates[meta["slug"]] == modified
        if corrections.updates(meta):
            assert modified > published
            assert item["content_html"].startswith("<p><strong>Updated ")


NEW_BOX = """
!!! warning "Correction: a new box shows up by itself"
    A made-up post says corrections must be retyped. They need not.

"""


@pytest.mark.slow  # a second build
def test_a_new_box_and_a_new_update_appear_by_themselves(tmp_path):
    copy = repository_copy(tmp_path / "repo")
    post = copy / "docs" / "issues" / "posts" / "003-learning-rate.md"
    text = post.read_text()
    text = text.replace("## Up next", NEW_BOX + "## Up next", 1)
    text = text.replace(
        "updates:\n", 'updates:\n  - date: 2026-12-04\n    what: "A new fix."\n', 1
    )
    post.write_text(text)
    env = {"GD_WEEKLY_CACHE": str(CACHE), "PYTHONPATH": str(copy)}
    site = build(tmp_path / "site", root=copy, **env)
    entries = linked_boxes(site)
    assert ("learning-rate", "correction-a-new-box-shows-up-by-itself") in entries
    assert (
        len(entries) == sum(boxes_in_posts(site).values()) + 1
    )  # this checkout's, and the new one
    listed = text_of(article(site / "corrections" / "index.html"))
    assert "claimed: a made-up post says corrections must be retyped." in listed
    assert "4 december 2026, issue #3" in listed
    page = text_of(article(site / "issues" / "learning-rate" / "index.html"))
    assert "4 december 2026: a new fix." in page


def test_an_update_without_a_day_or_a_text_is_refused():
    with pytest.raises(ValueError, match="no date"):
        corrections.updates({"updates": [{"date": "3 Dec", "what": "x"}]})
    with pytest.raises(ValueError, match="does not say what changed"):
        corrections.updates({"updates": [{"date": dt.date(2026, 12, 3), "what": " "}]})


def test_a_post_without_updates_was_last_changed_on_its_date():
    meta = {"date": dt.date(2026, 11, 22)}
    assert corrections.last_updated(meta) == dt.date(2026, 11, 22)
    meta["updates"] = [
        {"date": dt.date(2026, 12, 9), "what": "b"},
        {"date": dt.date(2026, 12, 3), "what": "a"},
    ]
    assert corrections.last_updated(meta) == dt.date(2026, 12, 9)


def test_a_box_the_markdown_has_but_the_page_lacks_is_an_error():
    html = (
        '<div class="admonition warning">\n'
        '<p class="admonition-title">Correction: x</p>'
    )
    assert 'id="correction-x"' in corrections.with_anchors(html, ["correction-x"])
    with pytest.raises(ValueError, match="2 Correction boxes in the Markdown, 1"):
        corrections.with_anchors(html, ["correction-x", "correction-y"])
