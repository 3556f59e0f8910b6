"""Scaffold a newsletter issue: ``python tools/new_issue.py SLUG TITLE [--root DIR]``.

Writes the post (next issue number; dated today, or as the last issue if
that is later), its ``gd_snippets`` module with section markers, the
module's tests, its figures module (three figures), its notebook and its
reference page, and lists the notebook and the page in
``nav`` in mkdocs.yml and the notebook on the notebooks page. The scaffold
passes ``make check`` as written (its Python files sorted and formatted by
ruff); replace the placeholder math and prose.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
POSTS = Path("docs/issues/posts")
NAV_NOTEBOOK = re.compile(r"^[ \t]*- notebooks/[\w-]+\.py[ \t]*$", re.MULTILINE)
NAV_REFERENCE = re.compile(r"^[ \t]*- reference/\w+\.md[ \t]*$", re.MULTILINE)
NOTEBOOK_LIST = Path("docs/notebooks/index.md")

REFERENCE = """---
title: "__MODULE__"
description: >-
  The __MODULE__ module of gd_snippets: each public function with its
  signature, formula, errors and the issue sections that show it.
---

# `gd_snippets.__MODULE__`

::: gd_snippets.__MODULE__
"""

POST = """---
title: __TITLE_YAML__
description: One sentence for search engines and link previews.
date: __DATE__
issue: __ISSUE__
slug: __SLUG__
authors: [team]
categories: [Foundations]
---

# __TITLE__

!!! abstract "TL;DR"
    - The one idea of this issue, in one sentence.
    - What the code below shows, in one sentence.

<!-- more -->

## The idea in code

The story, in your own words. Every number on the page is printed by a block.
Half the squared length of a vector is the simplest bowl there is:

$$
f(x) = \\frac{1}{2} \\sum_i x_i^2, \\qquad \\nabla f(x) = x
$$

```python title="gd_snippets/__MODULE__.py"
--8<-- "gd_snippets/__MODULE__.py:imports"
--8<-- "gd_snippets/__MODULE__.py:half_squared_norm"
--8<-- "gd_snippets/__MODULE__.py:half_squared_norm_grad"
```

```python
x = np.array([3.0, 4.0])
print(half_squared_norm(x), half_squared_norm_grad(x))
```
<!--pytest-codeblocks:expected-output-->
```text
12.5 [3. 4.]
```

![[__SLUG__/bowl]]

![[__SLUG__/gradient]]

![[__SLUG__/tangent]]

!!! tip "Try it"
    The [notebook for this issue](../../notebooks/__SLUG__.py) has the knobs
    of this issue in its first cell.

## Your turn

Four exercises, from quick to deeper. Try each before you open its solution.

### Exercise 1 (warm-up, 2 min): Predict the gradient { #exercise-1 }

What is the gradient of the bowl at x = (1, -2)? Predict it, then check.

??? success "Solution"

    ```python
    print(half_squared_norm_grad(np.array([1.0, -2.0])))
    ```
    <!--pytest-codeblocks:expected-output-->
    ```text
    [ 1. -2.]
    ```

    The gradient of this bowl is the point itself.

### Exercise 2 (practice, 5 min): Take one step downhill { #exercise-2 }

From x = (3, 4), take one step with rate 0.5. How much lower is the loss?

??? success "Solution"

    ```python
    step = x - 0.5 * half_squared_norm_grad(x)
    print(half_squared_norm(x), half_squared_norm(step))
    ```
    <!--pytest-codeblocks:expected-output-->
    ```text
    12.5 3.125
    ```

    The step halves x, so the loss, a square, falls to a quarter.

### Exercise 3 (practice, 5 min): Land on the minimum { #exercise-3 }

Which rate takes x = (3, 4) to the minimum in one step?

??? success "Solution"

    ```python
    print(x - 1.0 * half_squared_norm_grad(x))
    ```
    <!--pytest-codeblocks:expected-output-->
    ```text
    [0. 0.]
    ```

    A rate of 1: the step is then exactly -x.

### Exercise 4 (challenge, 10 min): Explain a step that goes nowhere { #exercise-4 }

At rate 2 the loss does not change. Why, and what happens above 2?

??? success "Solution"

    ```python
    jump = x - 2.0 * half_squared_norm_grad(x)
    print(jump, half_squared_norm(jump))
    ```
    <!--pytest-codeblocks:expected-output-->
    ```text
    [-3. -4.] 12.5
    ```

    The step lands on -x, as far from the minimum as it started; above 2 each
    step lands farther away, and the run blows up.
"""

MODULE = '''"""__TITLE__: the code of newsletter issue #__ISSUE__."""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked


@checked(arrays("x"))
# --8<-- [start:half_squared_norm]
def half_squared_norm(x: np.ndarray) -> float:
    """Half the squared length of x: f(x) = sum(x ** 2) / 2."""
    return float(np.sum(x**2) / 2)


# --8<-- [end:half_squared_norm]


@checked(arrays("x"))
# --8<-- [start:half_squared_norm_grad]
def half_squared_norm_grad(x: np.ndarray) -> np.ndarray:
    """Gradient of half_squared_norm: x itself."""
    return np.array(x, dtype=float)


# --8<-- [end:half_squared_norm_grad]
'''

TEST = '''"""__MODULE__: values, the gradient against finite differences, bad input."""

import numpy as np
import pytest

from gd_snippets.__MODULE__ import half_squared_norm, half_squared_norm_grad
from gd_snippets.gradcheck import numerical_gradient


def test_half_squared_norm_of_a_3_4_vector():
    assert half_squared_norm(np.array([3.0, 4.0])) == 12.5


def test_gradient_matches_finite_differences():
    x = np.array([0.5, -2.0, 3.0])
    expected = numerical_gradient(half_squared_norm, x)
    np.testing.assert_allclose(half_squared_norm_grad(x), expected, rtol=1e-6)


def test_bad_input_names_the_argument():
    with pytest.raises(TypeError, match="x must be an array of numbers"):
        half_squared_norm("not numbers")
'''

FIGURES = '''"""Figures of newsletter issue #__ISSUE__, "__TITLE__"."""

import numpy as np
from matplotlib.figure import Figure

from gd_snippets.__MODULE__ import half_squared_norm, half_squared_norm_grad
from gd_snippets.figures import figure

GRID = np.linspace(-3, 3, 61)


@figure(
    "__SLUG__/bowl",
    alt="A U-shaped curve of half of x squared for x from minus three to three, "
    "lowest at zero where x is zero.",
)
def bowl() -> Figure:
    fig = Figure()
    ax = fig.subplots()
    ax.plot(GRID, [half_squared_norm(np.array([x])) for x in GRID])
    ax.set(xlabel="x", ylabel="f(x)")
    return fig


@figure(
    "__SLUG__/gradient",
    alt="A straight rising line: the gradient of half of x squared is x itself, "
    "negative left of zero and positive right of it.",
)
def gradient() -> Figure:
    fig = Figure()
    ax = fig.subplots()
    ax.plot(GRID, [half_squared_norm_grad(np.array([x]))[0] for x in GRID])
    ax.set(xlabel="x", ylabel="gradient")
    return fig


@figure(
    "__SLUG__/tangent",
    alt="The U-shaped curve of half of x squared with its dashed tangent line at "
    "x equal to one, whose slope is the gradient there.",
)
def tangent() -> Figure:
    at = np.array([1.0])
    slope = half_squared_norm_grad(at)[0]
    fig = Figure()
    ax = fig.subplots()
    ax.plot(GRID, [half_squared_norm(np.array([x])) for x in GRID], label="f(x)")
    ax.plot(
        GRID,
        half_squared_norm(at) + slope * (GRID - at[0]),
        linestyle="--",
        label="tangent at x = 1",
    )
    ax.set(xlabel="x", ylabel="f(x)", ylim=(-1, 5))
    ax.legend(loc="upper center")
    return fig
'''

NOTEBOOK = """# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Try it: __TITLE__
#
# The experiment of issue #__ISSUE__ of Gradient Descent Weekly. Change the
# knobs in the next cell, below its imports, then run all cells again.

# %%
import numpy as np

from gd_snippets.__MODULE__ import half_squared_norm, half_squared_norm_grad

# The knobs.
X = np.array([3.0, 4.0])

# %%
print(half_squared_norm(X), half_squared_norm_grad(X))

# %% [markdown]
# ## Your turn
#
# The solutions are in the issue, under "Your turn".
#
# ### Exercise 1 (warm-up, 2 min): Predict the gradient
#
# What is the gradient of the bowl at x = (1, -2)? Predict it, then check.

# %%
# your code here

# %% [markdown]
# ### Exercise 2 (practice, 5 min): Take one step downhill
#
# From x = (3, 4), take one step with rate 0.5. How much lower is the loss?

# %%
step = X  # replace with one step from X

# %% [markdown]
# ### Exercise 3 (practice, 5 min): Land on the minimum
#
# Which rate takes x = (3, 4) to the minimum in one step?

# %%
# your code here

# %% [markdown]
# ### Exercise 4 (challenge, 10 min): Explain a step that goes nowhere
#
# At rate 2 the loss does not change. Why, and what happens above 2?

# %%
# your code here
"""


def next_issue(root: Path) -> int:
    """One more than the highest ``issue:`` of the posts under ``root``."""
    numbers = [
        int(match.group(1))
        for post in (root / POSTS).glob("*.md")
        if (match := re.search(r"^issue: *(\d+)", post.read_text(), re.MULTILINE))
    ]
    return max(numbers, default=0) + 1


def release_date(root: Path, today: datetime.date) -> datetime.date:
    """The new issue's date: today, or the last issue's if that is later
    (issues go out in their order: overrides/hooks/releases.py)."""
    dates = [
        datetime.date.fromisoformat(match.group(1))
        for post in (root / POSTS).glob("*.md")
        if (match := re.search(r"^date: *(\d{4}-\d\d-\d\d)", post.read_text(), re.M))
    ]
    return max([today, *dates])


def scaffold(root: Path, slug: str, title: str, today: datetime.date) -> list[Path]:
    """Write the files of a new issue ``slug`` under ``root``; return them."""
    if not SLUG.fullmatch(slug):
        raise ValueError(
            f"slug must be lowercase words of letters and digits joined by "
            f"hyphens, starting with a letter (like gradient-descent), got {slug!r}"
        )
    title = " ".join(title.split())
    if not title:
        raise ValueError("title must not be empty")
    module = slug.replace("-", "_")
    issue = next_issue(root)
    files = {
        root / POSTS / f"{issue:03d}-{slug}.md": POST,
        root / "gd_snippets" / f"{module}.py": MODULE,
        root / "tests" / f"test_{module}.py": TEST,
        root / "gd_snippets" / "figures" / f"{module}.py": FIGURES,
        root / "docs" / "notebooks" / f"{slug}.py": NOTEBOOK,
        root / "docs" / "reference" / f"{module}.md": REFERENCE,
    }
    taken = [str(path.relative_to(root)) for path in files if path.exists()]
    taken += [
        str(post.relative_to(root))
        for post in (root / POSTS).glob("*.md")
        if re.search(rf"^slug: *{slug}\s*$", post.read_text(), re.MULTILINE)
    ]
    if taken:
        raise ValueError(f"slug {slug!r} is taken: {', '.join(sorted(set(taken)))}")
    values = {
        "__TITLE_YAML__": json.dumps(title),
        "__TITLE__": title.replace('"', "'"),
        "__SLUG__": slug,
        "__MODULE__": module,
        "__ISSUE__": str(issue),
        "__DATE__": release_date(root, today).isoformat(),
    }
    add_to_nav(root / "mkdocs.yml", f"notebooks/{slug}.py", NAV_NOTEBOOK)
    add_to_nav(root / "mkdocs.yml", f"reference/{module}.md", NAV_REFERENCE)
    with (root / NOTEBOOK_LIST).open("a", encoding="utf-8") as listing:
        listing.write(
            f"- [Try it: {values['__TITLE__']}]({slug}.py) (issue #{issue})\n"
        )
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        for key, value in values.items():
            template = template.replace(key, value)
        path.write_text(template, encoding="utf-8")
    return list(files)


def add_to_nav(mkdocs_yml: Path, page: str, kind: re.Pattern) -> None:
    """List ``page`` in ``nav`` after the last entry of its ``kind`` there
    (NAV_NOTEBOOK, NAV_REFERENCE)."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    entries = list(kind.finditer(text))
    if not entries:
        raise ValueError(f"{mkdocs_yml}: no page like it in nav to add {page} after")
    last = entries[-1]
    indent = last.group(0)[: last.group(0).index("-")]
    entry = f"\n{indent}- {page}"
    mkdocs_yml.write_text(
        text[: last.end()] + entry + text[last.end() :], encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="make new-issue")
    parser.add_argument("slug", help="the issue's URL name, e.g. gradient-descent")
    parser.add_argument("title", help="the issue's title")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.root, args.slug, args.title, datetime.date.today())
    except ValueError as error:
        sys.exit(f"make new-issue: {error}")
    python = [str(path) for path in written if path.suffix == ".py"]
    ruff = [sys.executable, "-m", "ruff"]
    subprocess.run(
        [*ruff, "check", "--fix", "--select", "I", "-q", *python], check=True
    )
    subprocess.run([*ruff, "format", "-q", *python], check=True)
    for path in written:
        print(f"wrote {path.relative_to(args.root)}")
    print("added the notebook and the reference page to nav; next: make check")


if __name__ == "__main__":
    main()
