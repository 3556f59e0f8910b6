"""The API reference (docs/reference/, overrides/hooks/reference.py): every
public function of the modules the issues embed is documented, and links to
exactly the issue sections that show its code, read from the built pages."""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build, load_hook, posts_in, repository_copy

reference = load_hook("reference")
EMBED = re.compile(r'--8<-- "gd_snippets/(\w+)\.py:\w+"')
DEFINED = re.compile(r"^(?:def|class) ([A-Za-z]\w*)[(:]", re.MULTILINE)
TITLE = re.compile(r"gd_snippets/(\w+)\.py")


def embedded_modules() -> list[str]:
    """The gd_snippets modules any issue embeds with a ``--8<--`` line."""
    posts = (ROOT / "docs" / "issues" / "posts").glob("*.md")
    return sorted({m for post in posts for m in EMBED.findall(post.read_text())})


def documented_modules() -> list[str]:
    """The modules the issues embed, and any other with a reference page."""
    pages = (ROOT / "docs" / "reference").glob("*.md")
    return sorted({*embedded_modules(), *(p.stem for p in pages)} - {"index"})


def public(module: str, kinds=(inspect.isfunction,)) -> list[str]:
    """The public functions (or other kinds) a module defines itself."""
    imported = importlib.import_module(f"gd_snippets.{module}")
    return [
        name
        for name, obj in vars(imported).items()
        if not name.startswith("_")
        and any(kind(obj) for kind in kinds)
        and getattr(obj, "__module__", None) == imported.__name__
    ]


HEADING = re.compile(r"h[1-6]")


@functools.cache
def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(), "html.parser")


def entries(soup: BeautifulSoup):
    """(object id, its doc block, the elements after it up to the next one)."""
    for block in soup.select("article div.doc.doc-object"):
        heading = block.find(class_="doc-heading")
        if not heading or not heading.get("id", "").count(".") >= 2:
            continue  # the module's own block
        after = []
        for sibling in block.find_next_siblings():
            if "doc-object" in (sibling.get("class") or []):
                break
            after.append(sibling)
        yield heading["id"], block, after


def test_every_public_function_of_the_embedded_modules_is_documented(site):
    count = 0
    for module in documented_modules():
        soup = page(site, f"reference/{module}")
        documented = {name: block for name, block, _ in entries(soup)}
        for name in public(module):
            block = documented.get(f"gd_snippets.{module}.{name}")
            assert block is not None, f"{module}.{name} is not on its reference page"
            signature = block.select_one(".doc-signature")
            assert signature and f"{name}(" in signature.get_text(), name
            assert block.select_one(".doc-contents p"), f"{name}: no docstring shown"
            count += 1
    print(f"{count} public functions documented")
    assert count


def test_checked_functions_list_their_rules_under_raises(site):
    soup = page(site, "reference/descent")
    (after,) = [a for i, _, a in entries(soup) if i.endswith(".descend")]
    raises = next(e for e in after if e.get_text().startswith("Raises"))
    rules = raises.find_next_sibling("ul").find_all("li")
    # descend is @checked with seven rules: each becomes one line
    assert len(rules) == 7
    assert "lr is a number greater than 0, or a schedule" in rules[2].get_text()
    assert rules[4].get_text().startswith("max_steps: it is an int of at least 0")


def issue_sections(site: Path) -> set[tuple[str, str, str]]:
    """(function, issue page, anchor of the nearest heading above) for every
    function whose code a published issue shows in a gd_snippets block."""
    shown = set()
    for post in posts_in(site):
        slug = re.search(r"^slug: (\S+)", post.read_text(), re.MULTILINE)[1]
        soup = page(site, f"issues/{slug}")
        for title in soup.select("article span.filename"):
            code = title.parent.find("code")
            if code and TITLE.match(title.get_text().strip()):
                heading = title.find_previous(HEADING, id=True)
                for name in DEFINED.findall(code.get_text()):
                    shown.add((name, f"issues/{slug}/", heading and heading["id"]))
    return shown


def linked_sections(site: Path) -> set[tuple[str, str, str]]:
    """(function, issue page, anchor) of every "In the issues" link of the
    reference pages."""
    linked = set()
    for module in documented_modules():
        for name, _, after in entries(page(site, f"reference/{module}")):
            for element in after:
                if element.get_text().startswith("In the issues"):
                    for link in element.find_all("a"):
                        target, _, anchor = link["href"].partition("#")
                        url = posixpath.normpath(f"reference/{module}/{target}")
                        linked.add((name.rsplit(".", 1)[1], url + "/", anchor))
    return linked


def test_each_function_links_to_exactly_the_sections_that_embed_it(site):
    shown, linked = issue_sections(site), linked_sections(site)
    assert shown, "no gd_snippets code found on the issue pages"
    assert linked == shown
    for _, url, anchor in linked:  # the anchor is a heading of that page
        assert page(site, url).find(id=anchor).name in {"h2", "h3", "h4"}


def _even(args):  # a rule without a docstring
    pass


def test_a_rule_without_a_docstring_is_refused_by_name():
    with pytest.raises(ValueError, match=r"the rule _even in \S+ has no docstring"):
        reference.rule_text(_even)


SILENT = """\"\"\"A module of the copy, documented on a page of its own.\"\"\"


def silent(x: float) -> float:
    {docstring}
    return x
"""


@pytest.mark.parametrize(
    ("docstring", "error"),
    [
        ("", "gd_snippets/silent.py: the public function silent has no docstring"),
        (
            '"""Like [descend][gd_snippets.descent.descen]."""',
            "Could not find cross-reference target 'gd_snippets.descent.descen'",
        ),
    ],
    ids=["no docstring", "broken cross-reference"],
)
def test_the_build_fails_on(docstring, error, tmp_path):
    copy = repository_copy(tmp_path / "repo")
    module = SILENT.format(docstring=docstring)
    (copy / "gd_snippets" / "silent.py").write_text(module)
    (copy / "docs" / "reference" / "silent.md").write_text(
        "# silent\n\n::: gd_snippets.silent\n"
    )
    config = copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      - reference/index.md\n",
            "      - reference/index.md\n      - reference/silent.md\n",
        )
    )
    cache = os.environ.get("GD_WEEKLY_CACHE", str(ROOT / ".cache"))  # same figures
    with pytest.raises(pytest.fail.Exception, match=re.escape(error)):
        build(tmp_path / "site", root=copy, GD_WEEKLY_CACHE=cache, PYTHONPATH=str(copy))


def test_only_the_reference_pages_load_the_mkdocstrings_stylesheet(site):
    loading = {
        str(path.parent.relative_to(site))
        for path in site.rglob("*.html")
        if "_mkdocstrings.css" in path.read_text(errors="replace")
    }
    pages = {f"reference/{module}" for module in documented_modules()}
    assert loading == pages | {"reference"}


def test_a_docstrings_formulas_show_as_written(site):
    """Asterisks are arithmetic: Markdown must not turn ``g**2 ... beta1**t``
    into bold text."""
    for module in documented_modules():
        soup = page(site, f"reference/{module}")
        assert not soup.select(".doc-contents em, .doc-contents strong"), module
    soup = page(site, "reference/optimizers")
    adam = soup.find(id="gd_snippets.optimizers.adam_step").find_parent("div")
    assert "(1 - beta2) * g**2" in " ".join(adam.get_text().split())


def test_every_code_block_titled_with_a_module_links_its_reference_page(site):
    linked = 0
    for post in posts_in(site):
        url = f"issues/{load_hook('releases').posts()[post.name]['slug']}"
        for title in page(site, url).select("span.filename"):
            for module in TITLE.findall(title.get_text()):
                link = title.find("a", string=f"gd_snippets/{module}.py")
                assert link, f"{post.name}: {title.get_text()}"
                target = site / url / link["href"] / "index.html"
                assert target.resolve().is_file(), link["href"]
                assert f"reference/{module}" in target.resolve().as_posix()
                linked += 1
    assert linked >= 20, "the issues' titled code blocks were found"
