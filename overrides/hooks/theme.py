"""MkDocs hook: Material's page markup, lighter and with accessible names.

Lighter: Pygments wraps every name, punctuation mark and run of spaces of a
code block in a ``<span class="n|p|w">``, all drawn in the code's own colour
(``extra.css`` gives punctuation that colour too); unwrapped, they cost
nothing to see, and issue #1 sheds 1,500 elements and 37 KB. The templates'
indentation goes too, outside ``<pre>``, ``<textarea>`` and ``<script>``.

Keyboard access: every code block takes keyboard focus from the start, so
that a keyboard can scroll one that is wider than the screen, whatever the
fonts. Material's JavaScript mounts a code block once it is first on screen
(``content.lazy``: on load it watches only the blocks in view, which keeps
long issues fast) and then keeps the focus only where the block overflows.

Lighter to lay out: in an issue, what follows each ``<h2>`` or ``<h3>`` up to
the next goes into a ``<section>``, which ``extra.css`` gives
``content-visibility: auto``: the browser styles and lays out only the
sections near the screen. Material's JavaScript restyles the whole page
several times as it starts; on long issues this is most of the main thread's
work (``make bench``). The headings stay outside, so that the offsets of the
table of contents never force a hidden section to be laid out.

Accessible names: axe-core (run on every page by ``tests/test_browser.py``)
finds gaps that CSS cannot close, each fixed here on the rendered page:

* the search dialog has no name;
* with ``navigation.indexes`` a section's navigation is labelled by an icon
  only, so every section's landmark has the same, empty name; it is named by
  its title instead;
* a blog post's sidebar repeats the unnamed ``md-nav--primary`` landmark;
* each post excerpt on an index wraps its authors and its "continue reading"
  link in unnamed navigation landmarks: they are not navigation, so ``div``.

(The copy buttons' ``<nav>``, added by Material's JavaScript, are unmarked as
landmarks by a script in ``overrides/main.html``.)
"""

from __future__ import annotations

import re

SEARCH_DIALOG = re.compile(r'(<div class="md-search" [^>]*role="dialog")>')
SECTION_NAV = re.compile(
    r'aria-labelledby="(?P<id>__nav_[\d_]+)_label"(?P<tail>[^>]*>\s*'
    r'<label class="md-nav__title" for="(?P=id)">\s*'
    r'<span class="md-nav__icon md-icon"></span>\s*(?P<title>[^<]+?)\s*</label>)'
)
POST_SIDEBAR = re.compile(
    r'(<div class="md-sidebar__inner md-post">\s*<nav class="md-nav md-nav--primary")>'
)
POST_META = re.compile(
    r'(<div class="md-post__title">\s*<span class="md-ellipsis">\s*'
    r'(?P<title>[^<]+?)\s*</span>\s*</div>\s*<nav class="md-nav")>'
)

HEADING_LINE = re.compile(r"(?m)^(<h[23][ >].*</h[23]>)$")
CODE_BLOCK = re.compile(r"(<pre>(?:<span></span>)?<code)>")
PLAIN_TOKEN = re.compile(r'<span class="[npw]">([^<]*)</span>')
KEEP_SPACING = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL)
INDENTATION = re.compile(r"\n\s+")
EXCERPT_NAV = re.compile(
    r'<nav class="(?P<cls>md-post__(?:authors|action)[^"]*)">(?P<body>.*?)</nav>', re.S
)


def named_landmarks(html: str) -> str:
    """``html`` with a name on every landmark that Material leaves unnamed."""
    html = SEARCH_DIALOG.sub(r'\1 aria-label="Search">', html)
    html = SECTION_NAV.sub(r'aria-label="\g<title>"\g<tail>', html)
    html = POST_SIDEBAR.sub(r'\1 aria-label="This issue">', html)
    html = POST_META.sub(r'\1 aria-label="\g<title>">', html)
    return EXCERPT_NAV.sub(r'<div class="\g<cls>">\g<body></div>', html)


def without_indentation(html: str) -> str:
    """``html`` with line breaks kept and leading spaces dropped, except where
    spacing is content."""
    parts = KEEP_SPACING.split(html)
    # split() yields text, (whole match, tag name), text, ...: keep matches as is
    return "".join(
        INDENTATION.sub("\n", part) if i % 3 == 0 else part
        for i, part in enumerate(parts)
        if i % 3 != 2
    )


def focusable_code(html: str) -> str:
    """``html`` with every code block focusable (``tabindex="0"``)."""
    return CODE_BLOCK.sub(r'\1 tabindex="0">', html)


def in_sections(html: str) -> str:
    """``html`` with what follows each top-level ``<h2>`` or ``<h3>`` up to the
    next one in a ``<section class="gd-section">`` (Python-Markdown writes a
    top-level heading on a line of its own; nested ones are indented)."""
    intro, *rest = HEADING_LINE.split(html)
    sections = (
        heading + (f'<section class="gd-section">{body}</section>' if body else "")
        for heading, body in zip(rest[::2], rest[1::2], strict=True)
    )
    return intro + "".join(sections)


def on_page_content(html, page, config, files):
    long_page = page.file.src_uri.startswith(("issues/posts/", "playgrounds/"))
    return in_sections(html) if long_page else html


def on_post_page(output, page, config):
    html = focusable_code(PLAIN_TOKEN.sub(r"\1", output))
    return without_indentation(named_landmarks(html))


def on_post_template(output_content, template_name, config):
    return named_landmarks(output_content)  # the 404 page
