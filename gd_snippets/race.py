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
MAX_NORM = 1e8  # a run whose |w| passes MAX_NORM * max(1, |start|) diverged


def _problem(args: dict) -> None:
    """problem names one of the race's problems, PROBLEMS."""
    if args["problem"] not in PROBLEMS:
        raise ValueError(
            f"problem must be one of {sorted(PROBLEMS)}, got {args['problem']!r}"
        )


def _problem_or_own(args: dict) -> None:
    """problem names one of PROBLEMS, or is a Problem of your own; then
    settings, which the race has only for its own problems, must be given."""
    if not isinstance(args["problem"], Problem):
        _problem(args)
    elif args["settings"] is None:
        raise ValueError("settings must be given for a problem of your own")


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
    """steps is None (the problem's own) or an int of at least 0."""
    if args["steps"] is not None:
        integers("steps", minimum=0)(args)


def _start(args: dict) -> None:
    """start is None (the problem's own) or a point of the problem's plane."""
    if args["start"] is None:
        return
    arrays("start", shape=(2,))(args)


def _chosen(problem: str | Problem, start: np.ndarray | None) -> Problem:
    """The problem (by name, or your own), started at ``start`` if given."""
    chosen = PROBLEMS[problem] if isinstance(problem, str) else problem
    return chosen if start is None else chosen._replace(start=start)


def _positive_rates(args: dict) -> None:
    """lrs is a 1-D array of learning rates, each greater than 0."""
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
        max_norm=MAX_NORM,
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
    _check_settings(chosen, settings)
    return {name: _run(chosen, name, steps, hyper) for name, hyper in settings.items()}


def _check_settings(problem: Problem, settings: dict[str, dict]) -> None:
    """Each optimizer's hyperparameters, checked once by a checked first step
    (the runs take the bare functions): a bad one raises, naming it."""
    for name, hyper in settings.items():
        init, step = OPTIMIZERS[name]
        step(problem.start, problem.grad(problem.start), init(problem.start), **hyper)


def _score(run: Descent) -> float:
    """The highest loss over the run's last SENSITIVITY_LAST steps, inf if it
    diverged."""
    if run.stopped_by == "diverged":
        return np.inf
    return float(run.losses[-SENSITIVITY_LAST:].max())


def _scores(
    problem: Problem, name: str, steps: int, hyper: dict, lrs: np.ndarray
) -> np.ndarray:
    """``_score(_run(problem, name, steps, hyper | {"lr": lr}))`` for every lr
    of lrs, in one pass: the runs side by side, a row of w each. Every update
    rule and both landscapes work element by element, so each row is its run
    (to the last bit of rounding; tested), at a twentieth of the cost."""
    init, step = OPTIMIZERS[name]
    w = np.tile(problem.start, (len(lrs), 1))
    state = init.__wrapped__(w)
    limit = MAX_NORM * max(1.0, float(np.linalg.norm(problem.start)))
    losses, alive = [problem.loss(w)], np.ones(len(lrs), dtype=bool)
    with np.errstate(all="ignore"):  # a row that blows up is marked, not stopped
        for _ in range(steps):
            g = problem.grad(w)
            alive &= np.isfinite(g).all(axis=1)
            w, state = step.__wrapped__(w, g, state, **hyper | {"lr": lrs[:, None]})
            alive &= np.linalg.norm(w, axis=1) <= limit
            losses.append(problem.loss(w))
            alive &= np.isfinite(losses[-1])
    return np.where(alive, np.max(losses[-SENSITIVITY_LAST:], axis=0), np.inf)


_sweep_checks = (
    _settings,
    _problem_or_own,
    _positive_rates,
    integers("steps", minimum=1),
    _start,
)


@checked(*_sweep_checks)
def sensitivity(
    problem: str | Problem,
    *,
    lrs: np.ndarray,
    steps: int,
    start: np.ndarray | None = None,
    settings: dict[str, dict] | None = None,
) -> dict[str, np.ndarray]:
    """Each optimizer's score after ``steps`` steps, its highest loss over the
    last SENSITIVITY_LAST steps, for each learning rate in lrs: name -> scores,
    inf where the run diverged. The optimizers and their other settings are
    the race's (or ``settings``, name -> hyperparameters), on the problem named
    (or a Problem of your own), from its start (or ``start``)."""
    chosen = _chosen(problem, start)
    settings = SETTINGS[problem] if settings is None else settings
    _check_settings(chosen, {n: h | {"lr": lrs[0]} for n, h in settings.items()})
    return {
        name: _scores(chosen, name, steps, hyper, lrs)
        for name, hyper in settings.items()
    }


@checked(*_sweep_checks)
def best_rates(
    problem: str | Problem,
    *,
    lrs: np.ndarray,
    steps: int,
    scores: dict[str, np.ndarray] | None = None,
    start: np.ndarray | None = None,
    settings: dict[str, dict] | None = None,
) -> dict[str, tuple[float, float]]:
    """Each optimizer's best rate, found finely: the sweep of ``sensitivity``
    over lrs (or its ``scores``, if you have them, from the same start and
    settings), then REFINE_POINTS rates between the two neighbours of its best
    rate there: name -> (best rate, its score)."""
    chosen, best = _chosen(problem, start), {}
    settings = SETTINGS[problem] if settings is None else settings
    order = np.argsort(lrs)
    if scores is None:
        scores = sensitivity(
            problem, lrs=lrs, steps=steps, start=start, settings=settings
        )
    lrs = lrs[order]
    for name, unsorted in scores.items():
        scores_sorted = np.asarray(unsorted)[order]
        i = int(scores_sorted.argmin())
        low, high = lrs[max(i - 1, 0)], lrs[min(i + 1, len(lrs) - 1)]
        fine = np.geomspace(low, high, REFINE_POINTS)
        found = _scores(chosen, name, steps, settings[name], fine)
        j = int(np.argmin(found))
        best[name] = (float(fine[j]), float(found[j]))
    return best
