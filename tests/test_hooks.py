"""Unit tests of the site's MkDocs hooks that rewrite Material's output."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import load_hook
from mkdocs.config.defaults import MkDocsConfig

theme = load_hook("theme")
unused_css = load_hook("unused_css")


@pytest.mark.parametrize(
    ("css", "words", "expected"),
    [
        (".a{color:red}.b{color:blue}", {"a"}, ".a{color:red}"),
        (".a,.b{x:1}", {"b"}, ".b{x:1}"),  # the dead selector goes, the rule stays
        ("a:not(.gone){x:1}", set(), "a:not(.gone){x:1}"),  # :not() needs nothing
        (":is(.gone,.also) p{x:1}", set(), ":is(.gone,.also) p{x:1}"),
        ("#top{x:1}#bottom{y:2}", {"top"}, "#top{x:1}"),
        ("[data-c=indigo]{x:1}[data-c=red]{y:2}", {"indigo"}, "[data-c=indigo]{x:1}"),
        ("[class^=lang-]{x:1}", set(), "[class^=lang-]{x:1}"),  # prefix: kept
        (  # restyles every element as each page loads: dropped although used
            "[data-md-color-switching] *,.a{x:0}",
            {"a", "data-md-color-switching"},
            ".a{x:0}",
        ),
        (":root{--c:red}", set(), ":root{--c:red}"),
        (
            "@media (min-width:1em){.a{x:1}.b{y:2}}",
            {"a"},
            "@media (min-width:1em){.a{x:1}}",
        ),
        ("@media print{.gone{x:1}}", set(), ""),  # an emptied block goes
        (
            "@keyframes spin{to{rotate:1turn}}",
            set(),
            "@keyframes spin{to{rotate:1turn}}",
        ),
    ],
)
def test_unused_css_keeps_only_what_the_site_can_match(css, words, expected):
    assert unused_css.used_rules(css, words) == expected


def test_words_are_taken_from_html_and_js(tmp_path):
    (tmp_path / "a.html").write_text('<div class="md-x md-y--z" id="__top">')
    (tmp_path / "b.js").write_text('el.classList.add("md-search-result__item")')
    words = unused_css.words_in([tmp_path / "a.html", tmp_path / "b.js"])
    assert {"md-x", "md-y--z", "__top", "md-search-result__item"} <= words


def test_plain_code_tokens_are_unwrapped_and_colored_ones_kept():
    html = (
        '<code><span class="n">x</span><span class="w"> </span>'
        '<span class="o">=</span><span class="p">(</span>'
        '<span class="mi">1</span><span class="p">)</span></code>'
    )
    assert theme.PLAIN_TOKEN.sub(r"\1", html) == (
        '<code>x <span class="o">=</span>(<span class="mi">1</span>)</code>'
    )


def test_every_code_block_takes_keyboard_focus():
    html = (
        '<pre><span></span><code><span class="kn">import</span></code></pre>'
        "<pre><code>x = 1</code></pre><p><code>inline</code></p>"
    )
    assert theme.focusable_code(html) == (
        '<pre><span></span><code tabindex="0"><span class="kn">import</span></code>'
        '</pre><pre><code tabindex="0">x = 1</code></pre><p><code>inline</code></p>'
    )


def test_what_follows_each_heading_of_an_issue_is_a_section():
    html = (
        '<h1 id="t">T</h1>\n<p>Intro</p>\n<h2 id="a">A</h2>\n<p>a</p>\n'
        '<div class="admonition">\n  <h3>nested</h3>\n</div>\n'
        '<h3 id="b">B</h3>\n<p>b</p>\n<h2 id="c">C</h2>'
    )
    assert theme.in_sections(html) == (
        '<h1 id="t">T</h1>\n<p>Intro</p>\n<h2 id="a">A</h2>'
        '<section class="gd-section">\n<p>a</p>\n'
        '<div class="admonition">\n  <h3>nested</h3>\n</div>\n</section>'
        '<h3 id="b">B</h3><section class="gd-section">\n<p>b</p>\n</section>'
        '<h2 id="c">C</h2>'
    )
    assert theme.in_sections("<p>no headings</p>") == "<p>no headings</p>"


def test_unnamed_landmarks_get_names():
    html = (
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_2_label" '
        'aria-expanded="true">\n  <label class="md-nav__title" for="__nav_2">\n'
        '    <span class="md-nav__icon md-icon"></span>\n    Issues\n  </label>'
        '<nav class="md-post__authors md-typeset">A</nav>'
    )
    named = theme.named_landmarks(html)
    assert 'role="dialog" aria-label="Search">' in named
    assert 'aria-label="Issues"' in named and "aria-labelledby" not in named
    assert '<div class="md-post__authors md-typeset">A</div>' in named


def test_indentation_goes_but_not_inside_pre_textarea_or_script():
    html = (
        "<div>\n    <p>a</p>\n  </div>"
        "<pre><code>def f():\n    return 1\n</code></pre>"
        "<script>\n  let x = 1\n</script>\n      <textarea>\n  kept</textarea>"
    )
    assert theme.without_indentation(html) == (
        "<div>\n<p>a</p>\n</div>"
        "<pre><code>def f():\n    return 1\n</code></pre>"
        "<script>\n  let x = 1\n</script>\n<textarea>\n  kept</textarea>"
    )


def test_memo_computes_once_per_key(tmp_path, monkeypatch):
    disk_cache = load_hook("disk_cache")
    monkeypatch.setattr(disk_cache, "CACHE", tmp_path)
    calls = []

    def make():
        calls.append(1)
        return "result"

    assert disk_cache.memo("kind", b"key", make) == "result"
    assert disk_cache.memo("kind", b"key", make) == "result"
    assert disk_cache.memo("kind", b"other key", make) == "result"
    assert len(calls) == 2


def test_only_a_pages_first_figure_gets_a_card():
    renders = load_hook("renders")
    pages = [
        "# A\n\n![[a/first]]\n\ntext\n\n![[a/second]]\n",
        "# B\n\n![[playground/rates]]\n\n![[b/other]]\n",
        "# C\n\nNo figure, only `![[a/inline]]` in code.\n",
    ]
    assert renders.lead_figures(pages) == {"a/first", "rates/playground"}


def test_text_a_cell_printed_in_pieces_is_one_output():
    notebooks = load_hook("notebooks")
    printed = (
        '<div class="jp-OutputArea-child"><div class="jp-RenderedText" '
        'data-mime-type="text/plain"><pre>{}</pre></div></div>'
    )
    image = '<div class="jp-OutputArea-child"><img src="x.png"/></div>'
    pieces = [printed.format("step 0"), printed.format("\nstep 1\n"), image]
    whole = [printed.format("step 0\nstep 1\n"), image]
    area = '<div class="jp-OutputArea">{}</div>'
    soup = BeautifulSoup(
        area.format("".join([*pieces, printed.format("after")])), "html.parser"
    )
    notebooks.join_printed_text(soup)
    assert str(soup) == area.format("".join([*whole, printed.format("after")]))


def test_the_footer_links_the_repository_only_when_it_is_known(monkeypatch):
    package = load_hook("package")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x"})
    config.validate()
    monkeypatch.delenv(package.REPOSITORY, raising=False)
    assert "social" not in package.on_config(config).extra
    url = "https://github.com/someone/gradient-descent-weekly"
    monkeypatch.setenv(package.REPOSITORY, url)
    (link,) = package.on_config(config).extra["social"]
    assert link["link"] == url and link["name"]


def test_the_package_archive_is_the_same_on_every_build():
    package = load_hook("package")
    assert package.archive() == package.archive()
