"""The learning-rate playground (newsletter issue #3): for each problem, each
starting point and each learning rate of a log-spaced grid, the run of
gradient descent a reader sees when they move the sliders there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import contourpy
import numpy as np

from gd_snippets.landscapes import (
    bowl,
    bowl_grad,
    quartic,
    quartic_grad,
    quartic_second_derivative,
)
from gd_snippets.playgrounds import encode, playground, to_grid
from gd_snippets.sweep import SweptRun, sweep_learning_rates

LRS = 10 ** np.linspace(-3, -0.5, 21)  # the slider: 8 rates a decade, 0.001 to 0.316
DEFAULT_LR = 14  # 0.0562
MAX_STEPS = 50
GRAD_TOL = 1e-3  # close enough to draw
CURVATURES = np.array([1.0, 10.0])  # the 2-D bowl: stable for lr < 2 / 10
W_MIN = 9 / 4  # the quartic's minimum
CURVATURE_AT_MIN = quartic_second_derivative(W_MIN)  # 20.25


@dataclass(frozen=True)
class Axis:
    label: str
    low: float
    high: float
    ticks: tuple[float, ...]

    def grid(self, values: np.ndarray) -> list[int]:
        return to_grid(values, self.low, self.high)

    def data(self) -> dict:
        ticks = [
            [p, f"{v:g}".replace("-", "−")]
            for p, v in zip(self.grid(self.ticks), self.ticks, strict=True)
        ]
        return {"label": self.label, "ticks": ticks}


@dataclass(frozen=True)
class Problem:
    """A landscape of the playground, with the axes that frame its runs."""

    key: str
    label: str
    loss: Callable[[np.ndarray], float]
    grad: Callable[[np.ndarray], np.ndarray]
    starts: list[np.ndarray]
    default_start: int
    x: Axis  # the landscape panel: w (1-D) or w1 (2-D)
    y: Axis  # the landscape panel: the loss (1-D) or w2 (2-D)
    loss_axis: Axis  # the loss-per-step panel
    bound: str  # where the rates stop being stable, in words

    @property
    def dims(self) -> int:
        return self.starts[0].size


def _point(w: np.ndarray) -> str:
    """w as a page prints it: "1.5" or "(2.17, 1.25)", with true minus signs."""
    numbers = [f"{v:.4g}" for v in np.round(np.atleast_1d(w), 4) + 0.0]  # no -0
    text = numbers[0] if len(numbers) == 1 else f"({', '.join(numbers)})"
    return text.replace("-", "−")


QUARTIC_LOSS = Axis("loss L(w)", -10.0, 45.0, (0, 20, 40))
QUARTIC = Problem(
    key="quartic",
    label="Issue #2's quartic, L(w) = w⁴ − 3w³ + 2",
    loss=quartic,
    grad=quartic_grad,
    starts=[np.array(w) for w in (-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 2.5, 3, 3.5)],
    default_start=1,
    x=Axis("w", -2.25, 4.0, (-2, -1, 0, 1, 2, 3, 4)),
    y=QUARTIC_LOSS,
    loss_axis=QUARTIC_LOSS,
    bound=f"At the minimum, w = {W_MIN:g}, the curvature is L″ = "
    f"{CURVATURE_AT_MIN:g}: steps overshoot it for lr > 1/L″ = "
    f"{1 / CURVATURE_AT_MIN:.3g} and cannot settle there for lr > 2/L″ = "
    f"{2 / CURVATURE_AT_MIN:.3g}.",
)
BOWL = Problem(
    key="bowl",
    label="A 2-D bowl, L(w) = (w₁² + 10 w₂²) / 2",
    loss=partial(bowl, curvatures=CURVATURES),
    grad=partial(bowl_grad, curvatures=CURVATURES),
    starts=[
        2.5 * np.array([np.cos(a), np.sin(a)]) for a in np.radians(range(0, 181, 30))
    ],
    default_start=1,
    x=Axis("w₁", -3.0, 3.0, (-3, -2, -1, 0, 1, 2, 3)),
    y=Axis("w₂", -3.0, 3.0, (-2, 0, 2)),
    loss_axis=Axis("loss", 0.0, 35.0, (0, 10, 20, 30)),
    bound=f"Stable for lr < 2/{CURVATURES.max():g} = {2 / CURVATURES.max():g}, "
    f"set by the steep axis w₂ (curvature {CURVATURES.max():g}). Each step "
    f"closes a fraction lr × curvature of the way to the minimum along an axis: "
    f"along the flat axis w₁ (curvature {CURVATURES.min():g}) that is "
    f"{CURVATURES.max() / CURVATURES.min():g} times less.",
)
CONTOUR_LEVELS = (0.5, 2, 5, 10, 20, 35)


def backdrop(problem: Problem) -> list[str]:
    """What the runs are drawn over, as encoded polylines [x0, y0, x1, y1, ...]:
    the curve of a 1-D loss, or contour lines of a 2-D one."""
    x, y = problem.x, problem.y
    if problem.dims == 1:  # the curve (w, L(w))
        w = np.linspace(x.low, x.high, 200)
        return [encode(_interleave(x.grid(w), y.grid(problem.loss(w))))]
    w1, w2 = np.meshgrid(
        np.linspace(x.low, x.high, 121), np.linspace(y.low, y.high, 121)
    )
    losses = np.array(
        [
            [problem.loss(np.array(p)) for p in zip(*rows, strict=True)]
            for rows in zip(w1, w2, strict=True)
        ]
    )
    lines = contourpy.contour_generator(w1, w2, losses)
    return [
        encode(_interleave(x.grid(line[:, 0]), y.grid(line[:, 1])))
        for level in CONTOUR_LEVELS
        for line in lines.lines(level)
    ]


def _interleave(xs: list[int], ys: list[int]) -> list[int]:
    return [c for pair in zip(xs, ys, strict=True) for c in pair]


def run_data(problem: Problem, swept: SweptRun) -> dict:
    """One run as the script draws it and reads it out."""
    path, losses = swept.run.path, swept.run.losses
    if problem.dims == 1:  # drawn on the curve, at the heights of "losses"
        points = problem.x.grid(path)
    else:
        points = _interleave(problem.x.grid(path[:, 0]), problem.y.grid(path[:, 1]))
    blew_up = np.isinf(swept.final_loss)
    loss = f"{swept.final_loss:.4g}".replace("-", "−")
    return {
        "path": encode(points),
        "losses": encode(problem.loss_axis.grid(losses)),
        "status": swept.status,
        "end": "" if blew_up else f"w = {_point(path[-1])}, loss {loss}",
        "why": swept.run.reason,
    }


def sweeps(problem: Problem) -> list[list[SweptRun]]:
    """Every run of ``problem``: one row per starting point, one run per rate."""
    return [
        sweep_learning_rates(
            problem.loss,
            problem.grad,
            w0,
            lrs=LRS,
            max_steps=MAX_STEPS,
            grad_tol=GRAD_TOL,
        )
        for w0 in problem.starts
    ]


def default_run(problem: Problem = QUARTIC) -> SweptRun:
    """The run the playground shows first (and its static figure)."""
    w0, lr = problem.starts[problem.default_start], LRS[DEFAULT_LR : DEFAULT_LR + 1]
    return sweep_learning_rates(
        problem.loss, problem.grad, w0, lrs=lr, max_steps=MAX_STEPS, grad_tol=GRAD_TOL
    )[0]


def problem_data(problem: Problem) -> dict:
    return {
        "key": problem.key,
        "label": problem.label,
        "dims": problem.dims,
        "starts": [f"w₀ = {_point(w)}" for w in problem.starts],
        "defaultStart": problem.default_start,
        "bound": problem.bound,
        "axes": [problem.x.data(), problem.y.data(), problem.loss_axis.data()],
        "backdrop": backdrop(problem),
        "runs": [
            [run_data(problem, swept) for swept in row] for row in sweeps(problem)
        ],
    }


@playground("learning-rate")
def learning_rate() -> dict:
    return {
        "steps": MAX_STEPS,
        "lrs": [f"{lr:.3g}" for lr in LRS],
        "defaultLr": DEFAULT_LR,
        "problems": [problem_data(p) for p in (QUARTIC, BOWL)],
    }
