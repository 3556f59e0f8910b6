"""The learning-rate playground (newsletter issue #3): for each problem, each
starting point and each learning rate of a log-spaced grid, the run of
gradient descent a reader sees when they move the sliders there."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import contourpy
import numpy as np

from gd_snippets.landscapes import (
    bowl,
    bowl_grad,
    classify_stationary_point,
    quartic,
    quartic_grad,
    quartic_second_derivative,
)
from gd_snippets.playgrounds import encode, playground, polyline, scale, to_grid
from gd_snippets.sweep import SweptRun, sweep_learning_rates

# The slider: 8 rates a decade from 0.001 to 0.316, each rounded to the 3 digits
# its label shows, so that the rate a reader reads is the rate that ran.
LRS = np.array([float(f"{lr:.3g}") for lr in 10 ** np.linspace(-3, -0.5, 21)])
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

    def scale(self, values: np.ndarray) -> np.ndarray:
        return scale(values, self.low, self.high)

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
    # Whether a run at w with rate lr can never get past a flat spot (None:
    # the problem has no such trap).
    trapped: Callable[[float, float], bool] | None = None

    @property
    def dims(self) -> int:
        return self.starts[0].size


def _minus(text: str) -> str:
    """Numbers in text with true minus signs: "-3.1" and "1e-08" read "−3.1"
    and "1e−08"."""
    return re.sub(r"-(?=[\d.])", "−", text)


def _point(w: np.ndarray) -> str:
    """w as a page prints it: "1.5" or "(2.17, 1.25)", with true minus signs."""
    numbers = [f"{v:.4g}" for v in np.round(np.atleast_1d(w), 4) + 0.0]  # no -0
    return _minus(numbers[0] if len(numbers) == 1 else f"({', '.join(numbers)})")


def _on_the_axes(angles: range, radius: float) -> list[np.ndarray]:
    """Points at ``angles`` degrees on a circle, exactly 0 where the circle
    meets an axis (cos 90° is 6e-17 in floats: a start "on" the flat axis
    would then have a steep coordinate to blow up)."""
    return [
        np.round(radius * np.array([np.cos(a), np.sin(a)]), 12) + 0.0
        for a in np.radians(angles)
    ]


def behind_the_flat_spot(w: float, lr: float) -> bool:
    """Whether a run on the quartic at w with rate lr is stuck behind its flat
    spot at w = 0 for good. A step multiplies w by 1 - lr * L'(w) / w, where
    L'(w) / w = 4w^2 - 9w is positive for w < 0 and shrinks as w rises to 0.
    So once w < 0 and lr * L'(w) / w < 1, every later step keeps w in (w, 0):
    the run creeps towards the flat spot and never crosses it."""
    return w < 0 and lr * float(quartic_grad(w)) / w < 1


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
    bound=_minus(
        f"Near the minimum w = {W_MIN:g}, where the curvature is L″ = "
        f"{CURVATURE_AT_MIN:g}, steps overshoot it for lr > 1/L″ = "
        f"{1 / CURVATURE_AT_MIN:.3g}, and for lr > 2/L″ = "
        f"{2 / CURVATURE_AT_MIN:.3g} no run can settle there. Staying below it "
        f"does not keep every run from blowing up: the curve is steeper away "
        f"from the minimum, so where runs blow up depends on where they start. "
        f"At w = 0 the slope is {quartic_grad(0.0):g} and the curvature L″ = "
        f"{quartic_second_derivative(0.0):g}: a flat spot, not a minimum. A run "
        f"left of it at a small rate creeps towards it and never gets past."
    ),
    trapped=behind_the_flat_spot,
)
STEEP, FLAT = CURVATURES.max(), CURVATURES.min()
BOWL = Problem(
    key="bowl",
    label="A 2-D bowl, L(w) = (w₁² + 10 w₂²) / 2",
    loss=partial(bowl, curvatures=CURVATURES),
    grad=partial(bowl_grad, curvatures=CURVATURES),
    starts=_on_the_axes(range(0, 91, 15), 2.5),
    default_start=2,
    x=Axis("w₁", -3.0, 3.0, (-3, -2, -1, 0, 1, 2, 3)),
    y=Axis("w₂", -3.0, 3.0, (-2, 0, 2)),
    loss_axis=Axis("loss", 0.0, 35.0, (0, 10, 20, 30)),
    bound=f"Along an axis of curvature a, each step multiplies the distance to "
    f"the minimum by 1 − lr × a. The steep axis w₂ (curvature {STEEP:g}) sets "
    f"the stable range, lr < 2/{STEEP:g} = {2 / STEEP:g}; past 1/{STEEP:g} = "
    f"{1 / STEEP:g}, w₂ overshoots and zig-zags in. The flat axis w₁ (curvature "
    f"{FLAT:g}) closes a fraction lr × {FLAT:g} of its distance a step: in the "
    f"stable range, less than {2 * FLAT / STEEP:.0%}.",
)
CONTOUR_LEVELS = (0.5, 2, 5, 10, 20, 35)
STEP_AXIS = Axis("step", 0.0, MAX_STEPS, tuple(range(0, MAX_STEPS + 1, 10)))
NOT_A_MINIMUM = {
    "neither": "a flat spot, not a minimum",
    "maximum": "a maximum, not a minimum",
    "not stationary": "not a stationary point",
}


def backdrop(problem: Problem) -> list[str]:
    """What the runs are drawn over, as encoded polylines [x0, y0, x1, y1, ...]:
    the curve of a 1-D loss, or contour lines of a 2-D one."""
    x, y = problem.x, problem.y
    if problem.dims == 1:  # the curve (w, L(w))
        w = np.linspace(x.low, x.high, 200)
        return [encode(polyline(x.scale(w), y.scale(problem.loss(w))))]
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
        encode(polyline(x.scale(line[:, 0]), y.scale(line[:, 1])))
        for level in CONTOUR_LEVELS
        for line in lines.lines(level)
    ]


STUCK = "stuck on the flat spot for good (no later step gets past w = 0)"


def where_it_ends(problem: Problem, swept: SweptRun) -> str:
    """The last point and its loss ("" if the run blew up); for a 1-D run
    that converged anywhere but at a minimum, what the point is instead (the
    gradient test stops on a flat spot as gladly as at a minimum); and for a
    run that ran out of steps where it can never get past a flat spot, that
    more steps would not help."""
    if swept.run.stopped_by == "diverged":
        return ""
    w = swept.run.path[-1]
    end = f"w = {_point(w)}, loss {_minus(f'{swept.final_loss:.4g}')}"
    if problem.dims == 1 and swept.status == "converged":
        kind = classify_stationary_point(problem.grad, float(w), tol=GRAD_TOL)
        if kind != "minimum":
            end += f", {NOT_A_MINIMUM[kind]}"
    elif problem.trapped and problem.trapped(float(np.ravel(w)[0]), swept.lr):
        end += f", {STUCK}"
    return end


def run_data(problem: Problem, swept: SweptRun) -> dict:
    """One run as the script draws it and reads it out. Its path on the
    landscape (on the curve (w, L(w)) in 1-D) is a polyline, exact in the
    view however far the run flies. Its loss at each step is a position on
    the loss axis (the step's position is in the data once, "stepPositions"):
    a loss far above the view is pulled down to just outside it, which tilts
    the line up to it by at most half a step, a price worth half the bytes."""
    path, losses = swept.run.path, swept.run.losses
    if problem.dims == 1:
        xs, ys = problem.x.scale(path.ravel()), problem.y.scale(losses)
    else:
        xs, ys = problem.x.scale(path[:, 0]), problem.y.scale(path[:, 1])
    return {
        "path": encode(polyline(xs, ys)),
        "losses": encode(problem.loss_axis.grid(losses)),
        "status": swept.status,
        "end": where_it_ends(problem, swept),
        "why": _minus(swept.run.reason),
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
        "stepAxis": STEP_AXIS.data(),
        "stepPositions": STEP_AXIS.grid(np.arange(MAX_STEPS + 1)),
        "lrs": [f"{lr:.3g}" for lr in LRS],
        "defaultLr": DEFAULT_LR,
        "problems": [problem_data(p) for p in (QUARTIC, BOWL)],
    }
