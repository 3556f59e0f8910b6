"""Figures of newsletter issue #1, "How models learn: guess, check, adjust"."""

import numpy as np
from matplotlib.figure import Figure

from gd_snippets.descent import descend
from gd_snippets.figures import figure
from gd_snippets.gradcheck import numerical_gradient
from gd_snippets.losses import binary_cross_entropy, mse, sigmoid
from gd_snippets.models import (
    least_squares_line,
    line_mse_grad,
    line_through,
    predict_line,
)
from gd_snippets.problems import make_line_data

# The data set of issue #1 (the page builds the same one with the same seed).
N_POINTS, SEED = 12, 7


def _data() -> tuple[np.ndarray, np.ndarray]:
    return make_line_data(N_POINTS, seed=SEED)


def _first_100_steps(x: np.ndarray, y: np.ndarray):
    """The page's loop on the line: 100 steps at lr 0.002 from (0, 0)."""
    return descend(
        lambda p: mse(predict_line(x, *p), y),
        lambda p: line_mse_grad(x, y, *p),
        np.zeros(2),
        lr=0.002,
        max_steps=100,
    )


@figure(
    "how-models-learn/guess-check-adjust",
    alt="Twelve data points and the line a model guesses after 0, 1, 3, 10 and 100 "
    "steps of gradient descent: the flat first guess tilts up towards the points "
    "and the mean squared error in the legend falls at every stage.",
)
def guess_check_adjust() -> Figure:
    x, y = _data()
    path = _first_100_steps(x, y).path
    fig = Figure()
    ax = fig.subplots()
    ax.scatter(x, y, color="C0", zorder=3, label="data")
    grid = np.linspace(0, 10, 2)
    for i, step in enumerate([0, 1, 3, 10, 100]):
        w, b = path[step]
        loss = mse(predict_line(x, w, b), y)
        ax.plot(
            grid,
            predict_line(grid, w, b),
            color="C1",
            alpha=0.25 + 0.75 * i / 4,
            label=f"step {step}: MSE {loss:.2f}",
        )
    ax.set(xlabel="x", ylabel="y")
    ax.legend(loc="upper left")
    return fig


@figure(
    "how-models-learn/loss-curve",
    alt="The mean squared error of the line on a log scale against the step of "
    "gradient descent, from 0 to 100: it falls steeply at first, then levels "
    "off just above a dashed line marking the lowest MSE any line can reach.",
)
def loss_curve() -> Figure:
    x, y = _data()
    run = _first_100_steps(x, y)
    lowest = mse(predict_line(x, *least_squares_line(x, y)), y)
    fig = Figure(figsize=(6.1, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.plot(np.arange(len(run.losses)), run.losses, color="C1", label="lr = 0.002")
    ax.axhline(lowest, color="C0", linestyle="--", label="lowest possible MSE")
    ax.set(xlabel="step", ylabel="MSE (log scale)", yscale="log")
    ax.legend()
    return fig


@figure(
    "how-models-learn/best-line",
    alt="Scatter plot of twelve small dots with two lines: the least-squares line, "
    "with a thin vertical segment from each dot to it and a label on its smallest "
    "miss, which is not zero, and a dashed line drawn through two of the dots, "
    "whose mean squared error in the legend is higher.",
)
def best_line() -> Figure:
    x, y = _data()
    w, b = least_squares_line(x, y)
    i, j = np.argmin(x), np.argmax(x)
    w2, b2 = line_through(x[i], y[i], x[j], y[j])
    fig = Figure()
    ax = fig.subplots()
    grid = np.linspace(0, 10, 2)
    ax.vlines(x, y, predict_line(x, w, b), color="C0", alpha=0.6, linewidth=1)
    # Small dots (radius about 0.15 y-units): the default ones, 0.35 y-units
    # across the radius, looked as if they touched the line at a miss of 0.24.
    ax.scatter(x, y, s=10, color="C0", zorder=3, label="data")
    misses = np.abs(y - predict_line(x, w, b))
    k = np.argmin(misses)
    ax.annotate(
        f"smallest miss: {misses[k]:.3f}",  # as the page prints it
        (x[k], y[k]),
        xytext=(0, -90),
        textcoords="offset points",
        ha="right",
        arrowprops={"arrowstyle": "->", "color": "C0", "shrinkB": 4},
    )
    best = mse(predict_line(x, w, b), y)
    through = mse(predict_line(x, w2, b2), y)
    ax.plot(
        grid,
        predict_line(grid, w, b),
        color="C1",
        linewidth=1.2,
        label=f"best line: MSE {best:.2f}",
    )
    ax.plot(
        grid,
        predict_line(grid, w2, b2),
        color="C2",
        linestyle="--",
        label=f"through two points: MSE {through:.2f}",
    )
    ax.set(xlabel="x", ylabel="y")
    ax.legend(loc="upper left")
    return fig


@figure(
    "how-models-learn/loss-vs-weight",
    alt="The mean squared error plotted against the weight w with the bias held at "
    "its best value: a U-shaped parabola whose lowest point, marked with a dot, is "
    "the least-squares weight.",
)
def loss_vs_weight() -> Figure:
    x, y = _data()
    w_best, b_best = least_squares_line(x, y)
    weights = np.linspace(w_best - 1.5, w_best + 1.5, 121)
    losses = [mse(predict_line(x, w, b_best), y) for w in weights]
    lowest = mse(predict_line(x, w_best, b_best), y)
    fig = Figure()
    ax = fig.subplots()
    ax.plot(weights, losses, color="C0")
    ax.plot([w_best], [lowest], "o", color="C1", zorder=3)
    ax.annotate(
        f"lowest loss at w = {w_best:.2f}",
        (w_best, lowest),
        xytext=(0, 30),
        textcoords="offset points",
        ha="center",
        arrowprops={"arrowstyle": "->", "color": "C1"},
    )
    ax.set(xlabel="weight w (bias fixed at its best value)", ylabel="MSE loss")
    return fig


@figure(
    "how-models-learn/cross-entropy-vs-mse",
    alt="Two panels against the predicted probability of the true class, from 0 to 1. "
    "Top: cross-entropy grows without bound as the probability goes to 0, while the "
    "squared error never exceeds 1. Bottom: the size of the gradient with respect to "
    "the logit; for cross-entropy it approaches 1 for a confident mistake, for the "
    "squared error it falls back to 0, so a badly wrong model barely learns.",
)
def cross_entropy_vs_mse() -> Figure:
    p = np.linspace(0.001, 0.999, 200)
    z = np.log(p / (1 - p))  # the logit that gives each probability
    one = np.ones(1)
    ce_loss = [binary_cross_entropy(np.array([pi]), one) for pi in p]
    mse_loss = [mse(np.array([pi]), one) for pi in p]

    def slope(loss, zi):  # |dL/dz| for one example, by finite differences
        return abs(
            numerical_gradient(lambda v: loss(sigmoid(v), one), np.array([zi]))[0]
        )

    ce_grad = [slope(binary_cross_entropy, zi) for zi in z]
    mse_grad = [slope(mse, zi) for zi in z]
    # Stacked, not side by side: at a phone's width the text stays readable.
    fig = Figure(figsize=(5.6, 5.6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(p, ce_loss, color="C0", label="cross-entropy")
    top.plot(p, mse_loss, color="C1", linestyle="--", label="squared error")
    top.set(ylabel="loss", ylim=(0, 5))
    top.legend()
    bottom.plot(p, ce_grad, color="C0", label="cross-entropy")
    bottom.plot(p, mse_grad, color="C1", linestyle="--", label="squared error")
    bottom.set(
        xlabel="predicted probability of the true class",
        ylabel="|gradient| w.r.t. the logit",
    )
    bottom.legend()
    return fig
