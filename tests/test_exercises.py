"""Every issue ends with 4 to 6 graded exercises, each with one tested solution
(its code runs in test_docs.py like every block), and its notebook holds the
same exercises without the solutions."""

from __future__ import annotations

import re

import pytest
from conftest import load_hook
from docs_blocks import EXPECTED, ROOT

exercises = load_hook("exercises")
POSTS = sorted((ROOT / "docs" / "issues" / "posts").glob("*.md"))


def slug(post) -> str:
    return re.search(r"^slug: (.+)$", post.read_text(), re.MULTILINE).group(1)


def found(post) -> list:
    return exercises.exercises(post.read_text())


@pytest.mark.parametrize("post", POSTS, ids=lambda post: post.stem)
def test_every_issue_ends_with_graded_exercises(post):
    text = post.read_text()
    assert "\n## Your turn\n" in text, f"{post.name}: no '## Your turn' section"
    listed = found(post)
    assert 4 <= len(listed) <= 6, f"{post.name}: {len(listed)} exercises"
    assert text.index("\n## Your turn\n") < text.index(listed[0].text)
    assert [e.number for e in listed] == list(range(1, len(listed) + 1))
    assert [e.anchor for e in listed] == [f"exercise-{e.number}" for e in listed]
    order = [exercises.GRADES.index(e.grade) for e in listed]
    assert order == sorted(order), f"{post.name}: warm-ups, practice, then challenges"
    assert "challenge" in {e.grade for e in listed}, f"{post.name}: no challenge"
    assert all(e.minutes > 0 for e in listed)


@pytest.mark.parametrize("post", POSTS, ids=lambda post: post.stem)
def test_each_exercise_has_exactly_one_solution_that_prints(post):
    listed = found(post)
    for exercise in listed:
        assert exercise.solutions == 1, f"{post.name} #{exercise.number}"
        solution = exercise.text.split(exercises.SOLUTION, 1)[1]
        assert "```python" in solution and EXPECTED in solution, (
            f"{post.name} #{exercise.number}: the solution prints from code"
        )
    assert post.read_text().count(exercises.SOLUTION) == len(listed)


@pytest.mark.parametrize("post", POSTS, ids=lambda post: post.stem)
def test_the_notebook_holds_the_exercises_without_solutions(post):
    notebook = (ROOT / "docs" / "notebooks" / f"{slug(post)}.py").read_text()
    assert "## Your turn" in notebook
    for e in found(post):
        heading = f"Exercise {e.number} ({e.grade}, {e.minutes} min): {e.title}"
        assert heading in notebook, f"{slug(post)} notebook lacks {heading!r}"
    assert exercises.SOLUTION not in notebook


SECTION = """### Exercise 1 (warm-up, 5 min): Take a step { #exercise-1 }

Do it.

??? success "Solution"

    Done.

### Exercise 2 (challenge, 20 min): Take two { #exercise-2 }

Do it twice.
"""


def test_exercises_are_read_from_their_headings():
    first, second = exercises.exercises("# Title\n\n" + SECTION)
    assert (first.number, first.grade, first.minutes) == (1, "warm-up", 5)
    assert (first.title, first.anchor, first.solutions) == (
        "Take a step",
        "exercise-1",
        1,
    )
    assert (second.grade, second.solutions) == ("challenge", 0)


@pytest.mark.parametrize(
    "heading",
    [
        "### Exercise 1: Take a step",  # no grade or time
        "### Exercise 1 (easy, 5 min): Take a step { #exercise-1 }",  # unknown grade
        "### Exercise one (warm-up, 5 min): Take a step { #exercise-1 }",
    ],
)
def test_a_malformed_exercise_heading_is_refused_by_name(heading):
    with pytest.raises(exercises.HeadingError) as error:
        exercises.exercises(heading + "\n\nDo it.\n")
    assert error.value.heading == heading
