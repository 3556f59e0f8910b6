"""A beginner's reading time of a page's main path (used by ``issues.py`` for
each post's badge, and by the tests for the 20-minute limit).

Prose is read at 200 words a minute, visible code and its output at 15 lines a
minute. What a reader opens by choice (a ``<details>`` block without ``open``)
is left out, and so are scripts, styles, ``<noscript>`` fallbacks, math and
inline SVG: the same measure as ``shared/tools/reading_time.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from math import ceil

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 15
LIMIT_MINUTES = 20  # an issue's main path, CONTENT.md
WORD = re.compile(r"[A-Za-z0-9][\w'.-]*")
UNREAD = {"script", "style", "noscript", "math", "svg"}


class _MainPath(HTMLParser):
    """Counts words of prose and lines of code outside collapsed blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # (tag, unread)
        self.words = self.code_lines = 0

    def _unread(self) -> bool:
        return any(unread for _, unread in self.open)

    def _in_code(self) -> bool:
        return any(tag == "pre" for tag, _ in self.open)

    def handle_starttag(self, tag, attrs):
        collapsed = tag == "details" and "open" not in dict(attrs)
        if tag not in {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}:
            self.open.append((tag, collapsed or tag in UNREAD))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self._unread():
            return
        if self._in_code():
            self.code_lines += data.count("\n")
        else:
            self.words += len(WORD.findall(data))


def main_path(html: str) -> tuple[int, int]:
    """(words of prose, lines of code) a reader meets in ``html``."""
    parser = _MainPath()
    parser.feed(html)
    parser.close()
    return parser.words, parser.code_lines


def minutes(html: str) -> float:
    """Reading time of ``html``'s main path, in minutes."""
    words, code_lines = main_path(html)
    return words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE


def badge_minutes(html: str) -> int:
    """The whole minutes a post's badge shows (at least 1)."""
    return max(1, ceil(minutes(html)))
