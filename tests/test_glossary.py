"""The glossary (docs/glossary.md, overrides/hooks/glossary.py): every term the
series teaches, linked to its section and to the terms it is easy to confuse
with; each issue lists its own terms."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest
from conftest import ROOT, load_hook, posts_in
from mkdocs.utils.meta import get_data

glossary = load_hook("glossary")
TERMS = glossary.terms(get_data((ROOT / "docs" / "glossary.md").read_text())[1])
POSTS = ROOT / "docs" / "issues" / "posts"
HREF = re.compile(r'<a [^>]*href="([^"]+)"')


def article(page: Path) -> str:
    """The HTML of a built page's article."""
    text = page.read_text(encoding="utf-8")
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def text_of(markup: str) -> str:
    """HTML as plain text, whitespace collapsed, lower case."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split()).lower()


def section(markup: str, anchor: str) -> str:
    """The HTML of the section under the heading with id ``anchor``: up to
    the next heading of its level or above."""
    heading = re.search(rf'<h([1-6])[^>]* id="{re.escape(anchor)}"', markup)
    assert heading, f"no heading #{anchor}"
    level = int(heading[1])
    following = re.compile(rf"<h[1-{level}][ >]").search(markup, heading.end())
    return markup[heading.start() : following.start() if following else None]


def page_of(site: Path, url_path: str) -> Path:
    """The built file of a site path (``issues/x/`` or ``x.html``)."""
    path = site / url_path
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def released(site: Path) -> set[str]:
    return {path.name for path in posts_in(site)}


def post_url(name: str) -> str:
    return f"issues/{get_data((POSTS / name).read_text())[1]['slug']}/"


def test_the_glossary_has_every_term_at_least_39(site):
    page = article(site / "glossary" / "index.html")
    shown = re.findall(r'<h2 id="([^"]+)"', page)
    expected = [term.anchor for term in TERMS if term.issue in released(site)]
    assert shown == expected
    assert len(TERMS) >= 39


def test_every_link_of_the_glossary_resolves(site):
    page = article(site / "glossary" / "index.html")
    links = HREF.findall(page)
    assert len(links) > len(TERMS)
    for href in links:
        target, _, anchor = href.partition("#")
        path = posixpath.normpath(posixpath.join("glossary/", target)) + "/"
        built = page_of(site, path if target else "glossary/")
        assert built.exists(), href
        if anchor:
            assert f'id="{anchor}"' in built.read_text(encoding="utf-8"), href


def test_each_term_links_a_section_that_uses_it(site):
    page = article(site / "glossary" / "index.html")
    for term in TERMS:
        if term.issue not in released(site):
            continue
        url = post_url(term.issue)
        entry = section(page, term.anchor)
        assert f'href="../{url.removeprefix("issues/")}#{term.section}"' in entry or (
            f'href="../{url}#{term.section}"' in entry
        ), term.term
        taught = text_of(section(article(page_of(site, url)), term.section))
        names = [term.term, *term.also]
        assert any(name.lower() in taught for name in names), (term.term, url)


def confusions_on_the_page(site: Path) -> dict[str, set[str]]:
    """Each term's "not to be confused with" links on the built glossary."""
    page = article(site / "glossary" / "index.html")
    found = {}
    for term in TERMS:
        if term.issue not in released(site):
            continue
        entry = section(page, term.anchor)
        tail = entry.split("Not to be confused with", 1)
        found[term.anchor] = (
            set(re.findall(r'href="#([^"]+)"', tail[1])) if len(tail) == 2 else set()
        )
    return found


def test_confusions_link_both_ways(site):
    found = confusions_on_the_page(site)
    pairs = {(a, b) for a, others in found.items() for b in others}
    assert len(pairs) >= 8
    for a, b in pairs:
        assert (b, a) in pairs, f"{a} links {b} but not back"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("learning rate", "step"),
        ("validation set", "test set"),
        ("L2 penalty", "decoupled weight decay"),
        ("epoch", "step"),
    ],
)
def test_the_easy_to_confuse_pairs_are_linked(site, one, other):
    found = confusions_on_the_page(site)
    assert glossary.anchor_of(other) in found[glossary.anchor_of(one)]


FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")


def defined_terms(markdown: str) -> list[str]:
    """The terms a post defines: its bold phrases in prose (the README's rule).
    A bold label is not a term: one that ends in punctuation ("**Guess.**"),
    opens a numbered step ("1. **Shuffle** the examples") or a paragraph
    ("**Per epoch** (left)")."""
    prose = re.sub(r"`[^`\n]*`", "", FENCE.sub("", markdown))
    found = []
    for match in BOLD.finditer(prose):
        phrase = match[1].strip()
        before = prose[prose.rfind("\n", 0, match.start()) + 1 : match.start()]
        opens_a_line = re.fullmatch(r"[ \t]*(\d+\.[ \t]+)?", before)
        if phrase[-1] in ".:!?," or opens_a_line:
            continue
        found.append(phrase)
    return found


def known(phrase: str) -> bool:
    names = {name.lower() for term in TERMS for name in (term.term, *term.also)}
    phrase = phrase.lower()
    return phrase in names or phrase.removesuffix("s") in names


@pytest.mark.parametrize("post", sorted(p.name for p in POSTS.glob("*.md")))
def test_every_term_an_issue_defines_in_bold_is_in_the_glossary(post):
    markdown = get_data((POSTS / post).read_text())[0]
    for phrase in defined_terms(markdown):
        assert known(phrase), f"{post} defines **{phrase}**: add it to the glossary"


def test_the_bold_rule_tells_terms_from_labels():
    text = (
        "1. **Guess.** Predict.\n2. **Shuffle** them.\n\n**Per epoch** (left)\n\n"
        "- The **training set** is what the gradient sees.\n"
        "- **Truncation error** (big h).\n\n```python\nf(**kwargs, **more)\n```\n"
    )
    assert defined_terms(text) == ["training set", "Truncation error"]


def test_each_issue_lists_its_terms_linked_to_the_glossary(site):
    listed = 0
    for path in posts_in(site):
        page = article(page_of(site, post_url(path.name)))
        taught = [term.anchor for term in TERMS if term.issue == path.name]
        if not taught:  # a new issue whose terms are not in the glossary yet
            assert "Terms in this issue" not in page
            continue
        terms_box = page.split("Terms in this issue", 1)[1].split("</details>", 1)[0]
        assert re.findall(r'href="../../glossary/#([^"]+)"', terms_box) == taught
        listed += 1
    assert listed >= min(6, len(posts_in(site)))  # issues #1 to #6 teach terms


def test_a_confusion_with_an_unknown_term_fails():
    entry = {"term": "a", "issue": "x.md", "section": "s", "definition": "d"}
    with pytest.raises(ValueError, match="unknown"):
        glossary.terms({"terms": [entry | {"confused": ["b"]}]})
    with pytest.raises(ValueError, match="has no definition"):
        glossary.terms({"terms": [entry | {"definition": ""}]})
