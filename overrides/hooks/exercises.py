"""MkDocs hook: the "Your turn" exercises of the issues, gathered.

An issue's exercises are level-3 headings of one form (the README's checklist
gives it), each followed by its statement and one collapsed solution::

    ### Exercise 2 (practice, 10 min): Halve the rate { #exercise-2 }
    ...
    ??? success "Solution"

``<!-- exercises -->`` on a page becomes the list of every issue's exercises,
by issue and grade, linked to each, read from the posts themselves: a new
exercise appears there without being retyped. A heading that starts like an
exercise but does not have this form fails the build, naming its line.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from typing import NamedTuple

from build_errors import where
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

MARKER = "<!-- exercises -->"
POSTS = "issues/posts/"
GRADES = ("warm-up", "practice", "challenge")
SOLUTION = '??? success "Solution"'
HEADING = re.compile(
    r"^### Exercise (?P<number>\d+) \((?P<grade>[a-z-]+), (?P<minutes>\d+) min\): "
    r"(?P<title>.+?) \{ ?#(?P<anchor>exercise-\d+) ?\}[ \t]*$"
)
ANY_EXERCISE = re.compile(r"^#+ *Exercise\b.*$", re.MULTILINE)
NEXT_HEADING = re.compile(r"^#{1,3} ", re.MULTILINE)


class HeadingError(ValueError):
    """A heading that starts like an exercise but lacks the form."""

    def __init__(self, heading: str, problem: str) -> None:
        super().__init__(f"{heading!r}: {problem}")
        self.heading = heading


class Exercise(NamedTuple):
    """One exercise: where it is, how it is graded, what its section holds."""

    number: int
    grade: str
    minutes: int
    title: str
    anchor: str
    solutions: int  # '??? success "Solution"' blocks in its section
    text: str  # its section: heading, statement and solution


def exercises(markdown: str) -> list[Exercise]:
    """The exercises of a post's Markdown, in order. Raises ``HeadingError`` for
    a heading that starts like an exercise but lacks the form, or a grade
    outside ``GRADES``."""
    found = []
    for match in ANY_EXERCISE.finditer(markdown):
        heading = HEADING.match(match.group(0))
        if not heading:
            raise HeadingError(
                match.group(0),
                "not an exercise heading; write "
                "'### Exercise <n> (<grade>, <m> min): <title> { #exercise-<n> }'",
            )
        if heading["grade"] not in GRADES:
            raise HeadingError(
                match.group(0), f"grade {heading['grade']!r} is not one of {GRADES}"
            )
        following = NEXT_HEADING.search(markdown, match.end())
        text = markdown[match.start() : following.start() if following else None]
        found.append(
            Exercise(
                int(heading["number"]),
                heading["grade"],
                int(heading["minutes"]),
                heading["title"],
                heading["anchor"],
                text.count(SOLUTION),
                text,
            )
        )
    return found


def _posts(files) -> list[tuple[dict, str, str]]:
    """(front matter, Markdown, src_uri) of every post, oldest issue first."""
    posts = []
    for file in files.documentation_pages():
        if file.src_uri.startswith(POSTS):
            markdown, meta = get_data(file.content_string)
            posts.append((meta, markdown, file.src_uri))
    return sorted(posts, key=lambda post: post[0]["issue"])


def exercise_list(files, page_path: str) -> str:
    """Markdown: each issue's exercises as a table, linked relative to
    ``page_path``, after a count by grade."""
    folder = posixpath.dirname(page_path)
    sections, grades = [], Counter()
    for meta, markdown, path in _posts(files):
        try:
            found = exercises(markdown)
        except HeadingError as error:
            file = files.get_file_from_path(path)
            raise PluginError(f"{where(file, error.heading)}: {error}") from None
        if not found:
            continue
        grades.update(exercise.grade for exercise in found)
        link = posixpath.relpath(path, folder)
        rows = "\n".join(
            f"| {e.number} | {e.grade} | {e.minutes} min | "
            f"[{e.title}]({link}#{e.anchor}) |"
            for e in found
        )
        sections.append(
            f"## Issue #{meta['issue']}: [{meta['title']}]({link})\n\n"
            f"| # | grade | time | exercise |\n|---|---|---|---|\n{rows}\n"
        )
    count = ", ".join(f"{grades[grade]} {grade}" for grade in GRADES)
    total = sum(grades.values())
    return f"{total} exercises in all: {count}.\n\n" + "\n".join(sections)


def on_page_markdown(markdown, page, config, files):
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, exercise_list(files, page.file.src_uri))
    return markdown
