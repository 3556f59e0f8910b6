"""The optimizer race of newsletter issue #5: every optimizer of
gd_snippets/optimizers.py on the same two problems, from the same start.

The page, its figures, its animation and its notebook all run the race from
here, so they show the same runs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

import numpy as np

from gd_snippets._checks import arrays, checked, integers
from gd_snippets.descent import Descent
from gd_snippets.landscapes import (
    rosenbrock,
    rosenbrock_grad,
    tilted_bowl,
    tilted_bowl_grad,
)
from gd_snippets.optimizers import OPTIMIZERS, optimize

NAMES = {  # how the page names each optimizer
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
}


class Problem(NamedTuple):
    """A landscape of the race, where it starts and what frames it."""

    label: str
    loss: Callable[[np.ndarray], float]
    grad: Callable[[np.ndarray], np.ndarray]
    start: np.ndarray
    minimum: np.ndarray
    view: tuple[tuple[float, float], tuple[float, float]]  # (w1 range, w2 range)


# Curvature 1 along the valley, 50 across it; turned by 30 degrees; the
# minimum at (1, 1), away from 0 where weight decay pulls.
BOWL = {
    "curvatures": np.array([1.0, 50.0]),
    "angle": np.pi / 6,
    "center": np.array([1.0, 1.0]),
}
PROBLEMS = {
    "bowl": Problem(
        "the tilted bowl",
        # the bare functions: the race checks its input once, not at every step
        partial(tilted_bowl.__wrapped__, **BOWL),
        partial(tilted_bowl_grad.__wrapped__, **BOWL),
        np.array([-3.0, -0.5]),
        BOWL["center"],
        ((-3.5, 2.0), (-2.0, 2.0)),
    ),
    "rosenbrock": Problem(
        "Rosenbrock's valley",
        rosenbrock.__wrapped__,
        rosenbrock_grad.__wrapped__,
        np.array([-1.5, 2.0]),
        np.array([1.0, 1.0]),
        ((-2.0, 2.0), (-0.5, 3.0)),
    ),
}

# Each optimizer's settings in the race: on the bowl, a learning rate close to
# its best (``best_rates`` finds them; plain SGD's is about 2 / (L + l) =
# 2 / 51), except Nesterov, which shares momentum's rate so that their paths
# compare (its best is about 0.026); on Rosenbrock one picked by hand; the
# momentum people usually take, 0.9 (not the bowl's best, about 0.57);
# PyTorch's defaults for the rest.
SETTINGS = {
    "bowl": {
        "sgd": {"lr": 0.038},
        "momentum": {"lr": 0.01, "momentum": 0.9},
        "nesterov": {"lr": 0.01, "momentum": 0.9},
        "adagrad": {"lr": 1.5},
        "rmsprop": {"lr": 0.15},
        "adam": {"lr": 0.35},
        "adamw": {"lr": 0.22},
    },
    "rosenbrock": {
        "sgd": {"lr": 0.0015},
        "momentum": {"lr": 0.0015, "momentum": 0.9},
        "nesterov": {"lr": 0.001, "momentum": 0.9},
        "adagrad": {"lr": 1.5},
        "rmsprop": {"lr": 0.02},
        "adam": {"lr": 0.2},
        "adamw": {"lr": 0.2},
    },
}
STEPS = {"bowl": 100, "rosenbrock": 500}
SENSITIVITY_LRS = np.geomspace(1e-4, 10.0, 51)  # ten rates a decade
SENSITIVITY_STEPS = 100
# A run is scored by its highest loss over its last 10 steps: a run that swings
# (momentum, Adam) is not scored by where its swing happens to be at the end,
# which jumps up and down by a factor of 10 and more from one rate to the next.
SENSITIVITY_LAST = 10
REFINE_POINTS = 41  # the rates tried between the neighbours of a sweep's best


def _problem(args: dict) -> None:
    if args["problem"] not in PROBLEMS:
        raise ValueError(
            f"problem must be one of {sorted(PROBLEMS)}, got {args['problem']!r}"
        )


def _settings(args: dict) -> None:
    """settings is None (the race's own) or names optimizers of OPTIMIZERS."""
    if args["settings"] is None:
        return
    unknown = set(args["settings"]) - set(OPTIMIZERS)
    if unknown:
        raise ValueError(
            f"settings must name optimizers among {list(OPTIMIZERS)}, got "
            f"{sorted(unknown)}"
        )


def _optional_steps(args: dict) -> None:
    if args["steps"] is not None:
        integers("steps", minimum=0)(args)


def _start(args: dict) -> None:
    """start is None (the problem's own) or a point of the problem's plane."""
    if args["start"] is None:
        return
    arrays("start", ndim=1)(args)
    if args["start"].shape != (2,):
        raise ValueError(f"start must be 2 numbers, got {args['start'].size}")


def _chosen(problem: str, start: np.ndarray | None) -> Problem:
    """The problem, started at ``start`` if given."""
    chosen = PROBLEMS[problem]
    return chosen if start is None else chosen._replace(start=start)


def _positive_rates(args: dict) -> None:
    arrays("lrs", ndim=1)(args)
    if np.any(args["lrs"] <= 0):
        raise ValueError(f"lrs must all be greater than 0, got {args['lrs'].min():g}")


def _run(problem: Problem, name: str, steps: int, hyper: dict) -> Descent:
    init, step = OPTIMIZERS[name]
    # optimize checks its input once; the bare functions keep each step cheap
    return optimize(
        problem.loss,
        problem.grad,
        problem.start,
        init=init.__wrapped__,
        step=step.__wrapped__,
        steps=steps,
        **hyper,
    )


@checked(_problem, _optional_steps, _settings)
def race(
    problem: str, *, steps: int | None = None, settings: dict[str, dict] | None = None
) -> dict[str, Descent]:
    """Run each optimizer of settings (name -> its hyperparameters; by default
    SETTINGS[problem]) on the problem from its start for ``steps`` steps (by
    default STEPS[problem]): name -> its run."""
    chosen = PROBLEMS[problem]
    steps = STEPS[problem] if steps is None else steps
    settings = SETTINGS[problem] if settings is None else settings
    for name, hyper in settings.items():  # checked once, before the runs
        init, step = OPTIMIZERS[name]
        step(chosen.start, chosen.grad(chosen.start), init(chosen.start), **hyper)
    return {name: _run(chosen, name, steps, hyper) for name, hyper in settings.items()}


def _score(run: Descent) -> float:
    """The highest loss over the run's last SENSITIVITY_LAST steps, inf if it
    diverged."""
    if run.stopped_by == "diverged":
        return np.inf
    return float(run.losses[-SENSITIVITY_LAST:].max())


@checked(_problem, _positive_rates, integers("steps", minimum=1), _start)
def sensitivity(
    problem: str, *, lrs: np.ndarray, steps: int, start: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Each optimizer's score after ``steps`` steps, its highest loss over the
    last SENSITIVITY_LAST steps, for each learning rate in lrs (its other
    settings as in the race; from the race's start, or from ``start``):
    name -> scores, inf where the run diverged."""
    chosen = _chosen(problem, start)
    return {
        name: np.array(
            [_score(_run(chosen, name, steps, hyper | {"lr": lr})) for lr in lrs]
        )
        for name, hyper in SETTINGS[problem].items()
    }


@checked(_problem, _positive_rates, integers("steps", minimum=1), _start)
def best_rates(
    problem: str,
    *,
    lrs: np.ndarray,
    steps: int,
    scores: dict[str, np.ndarray] | None = None,
    start: np.ndarray | None = None,
) -> dict[str, tuple[float, float]]:
    """Each optimizer's best rate, found finely: the sweep of ``sensitivity``
    over lrs (or its ``scores``, if you have them, from the same start), then
    REFINE_POINTS rates between the two neighbours of its best rate there:
    name -> (best rate, its score)."""
    chosen, best = _chosen(problem, start), {}
    order = np.argsort(lrs)
    if scores is None:
        scores = sensitivity(problem, lrs=lrs, steps=steps, start=start)
    lrs = lrs[order]
    for name, unsorted in scores.items():
        scores_sorted = np.asarray(unsorted)[order]
        i = int(scores_sorted.argmin())
        low, high = lrs[max(i - 1, 0)], lrs[min(i + 1, len(lrs) - 1)]
        fine = np.geomspace(low, high, REFINE_POINTS)
        hyper = SETTINGS[problem][name]
        found = [_score(_run(chosen, name, steps, hyper | {"lr": lr})) for lr in fine]
        j = int(np.argmin(found))
        best[name] = (float(fine[j]), found[j])
    return best
