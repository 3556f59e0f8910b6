"""The optimizer race, animated (newsletter issue #5): each optimizer's run on
each problem of the race (gd_snippets/race.py), for a script that only draws
it step by step (overrides/assets/javascripts/optimizers.js)."""

from __future__ import annotations

import contourpy
import numpy as np

from gd_snippets.playgrounds import encode, playground, to_grid
from gd_snippets.race import NAMES, PROBLEMS, race

FRAMES = 100  # the animation shows each race at 101 evenly spaced steps
LOSS_LOG10 = (-6.0, 3.0)  # the loss axis: 1e-6 to 1e3, on a log scale
CONTOURS = 10.0 ** np.arange(-0.5, 3.0, 1.0)  # the loss at each contour line


def _minus(text: str) -> str:
    return text.replace("-", "−")


def axis(label: str, low: float, high: float, ticks, texts=None) -> dict:
    """An axis as the script draws it: its label, its ticks (position, text)."""
    ticks = np.asarray(ticks, dtype=float) + 0.0  # no "-0"
    texts = texts or [_minus(f"{t:g}") for t in ticks]
    positions = to_grid(ticks, low, high)
    return {
        "label": label,
        "ticks": [list(t) for t in zip(positions, texts, strict=True)],
    }


def _points(xs: np.ndarray, ys: np.ndarray, view) -> str:
    (x0, x1), (y0, y1) = view
    pairs = zip(to_grid(xs, x0, x1), to_grid(ys, y0, y1), strict=True)
    return encode([c for pair in pairs for c in pair])


def _log_losses(losses: np.ndarray) -> list[int]:
    low, high = LOSS_LOG10
    return to_grid(np.log10(np.maximum(losses, 10.0 ** (low - 1))), low, high)


def backdrop(key: str) -> list[str]:
    """Contour lines of the problem's loss, as encoded polylines."""
    problem = PROBLEMS[key]
    (x0, x1), (y0, y1) = problem.view
    w = np.stack(np.meshgrid(np.linspace(x0, x1, 40), np.linspace(y0, y1, 40)), -1)
    lines = contourpy.contour_generator(w[..., 0], w[..., 1], problem.loss(w))
    return [
        _points(line[:, 0], line[:, 1], problem.view)
        for level in CONTOURS
        for line in lines.lines(level)
    ]


def final(run) -> str:
    """How a run ended, as the readout and the table say it."""
    if run.stopped_by == "diverged":
        return "diverged"
    return _minus(f"{run.losses[-1]:.2g}")


def problem_data(key: str) -> dict:
    problem, runs = PROBLEMS[key], race(key)
    (x0, x1), (y0, y1) = problem.view
    steps = len(next(iter(runs.values())).losses) - 1
    low, high = LOSS_LOG10
    decades = np.arange(low, high + 1, 3)
    frames = np.rint(np.linspace(0, steps, FRAMES + 1)).astype(int)  # a loss each
    return {
        "key": key,
        "label": problem.label[0].upper() + problem.label[1:],
        "steps": steps,
        "axes": [
            axis("w₁", x0, x1, np.arange(np.ceil(x0), x1 + 1e-9)),
            axis("w₂", y0, y1, np.arange(np.ceil(y0), y1 + 1e-9)),
            axis("loss", low, high, decades, [_minus(f"1e{d:.0f}") for d in decades]),
        ],
        "stepAxis": axis("step", 0, steps, np.linspace(0, steps, 5)),
        "backdrop": backdrop(key),
        "runs": [
            {
                "path": _points(run.path[:, 0], run.path[:, 1], problem.view),
                "losses": encode(_log_losses(run.losses[frames])),
                "final": final(run),
            }
            for run in runs.values()
        ],
    }


@playground("optimizers")
def optimizers() -> dict:
    return {
        "kind": "race",
        "frames": FRAMES,
        "optimizers": list(NAMES.values()),
        "problems": [problem_data(key) for key in PROBLEMS],
    }
