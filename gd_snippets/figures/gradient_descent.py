"""Figures of newsletter issue #2, "Gradient descent: walking downhill"."""

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter

from gd_snippets.descent import Descent, descend
from gd_snippets.figures import figure
from gd_snippets.gradcheck import centered_difference, forward_difference
from gd_snippets.landscapes import (
    classify_stationary_point,
    line_fit_grad,
    line_fit_mse,
    quartic,
    quartic_grad,
    two_valleys,
    two_valleys_grad,
)
from gd_snippets.models import least_squares_line
from gd_snippets.problems import make_line_data

# The settings of the page (it runs the same experiments with the same numbers).
W_START, LR, STEPS = -1.5, 0.001, 10_000  # the posts' worked example
LR_BIG = 0.05  # a step big enough to jump the flat part at w = 0
STARTS = (-2.2, -1.0, 0.1, 0.15, 1.0, 2.2)  # two_valleys
LINE_START, LINE_LR = (0.0, -2.0), 0.01  # the line fit of issue #1's data


def _bare(function):
    """``function`` without its input checks (``@checked`` keeps the original as
    ``__wrapped__``): ``descend`` checks its input once, and checking every one
    of thousands of steps again costs more than the math itself."""
    return getattr(function, "__wrapped__", function)


@functools.cache
def _worked_example(lr: float, steps: int, grad_tol: float = 0.0) -> Descent:
    return descend(
        _bare(quartic),
        _bare(quartic_grad),
        np.array([W_START]),
        lr=lr,
        max_steps=steps,
        grad_tol=grad_tol,
    )


@functools.cache
def _line_fit() -> tuple:
    x, y = make_line_data(12, seed=7)
    loss, grad = _bare(line_fit_mse), _bare(line_fit_grad)
    run = descend(
        lambda p: loss(p, x, y),
        lambda p: grad(p, x, y),
        np.array(LINE_START),
        lr=LINE_LR,
        max_steps=3000,
        grad_tol=1e-4,
    )
    ws, bs = np.linspace(-0.5, 3.5, 61), np.linspace(-3, 3.5, 61)
    losses = np.array([[loss(np.array([w, b]), x, y) for w in ws] for b in bs])
    return run, ws, bs, losses, least_squares_line(x, y)


@figure(
    "gradient-descent/worked-example",
    alt="The curve L(w) = w^4 - 3w^3 + 2 with two runs of gradient descent from "
    "w = -1.5: with learning rate 0.001 the dots crawl right and stall at the flat "
    "point w = 0, which is not a minimum; with learning rate 0.05 the first step "
    "jumps past it and the run settles at the minimum.",
)
def worked_example() -> Figure:
    grid = np.linspace(-1.8, 3.1, 200)
    small = _worked_example(LR, STEPS)
    big = _worked_example(LR_BIG, 100, grad_tol=1e-8)
    fig = Figure()
    ax = fig.subplots()
    ax.plot(grid, quartic(grid), color="C0", label="L(w)")
    shown = [0, 10, 100, 1000, STEPS]
    ax.plot(
        small.path[shown, 0],
        small.losses[shown],
        "o",
        color="C1",
        zorder=3,
        label=f"lr {LR}: steps 0, 10, 100, 1000, {STEPS}",
    )
    ax.plot(
        big.path[:, 0],
        big.losses,
        "s--",
        color="C2",
        zorder=3,
        linewidth=1,
        label=f"lr {LR_BIG}: every step",
    )
    for w, offset, align in [(0.0, (40, 45), "center"), (2.25, (20, 55), "right")]:
        kind = classify_stationary_point(quartic_grad, w)
        ax.annotate(
            f"w = {w:g}: {'flat, neither min nor max' if kind == 'neither' else kind}",
            (w, quartic(w)),
            xytext=offset,
            textcoords="offset points",
            ha=align,
            arrowprops={"arrowstyle": "->", "color": "C3"},
        )
    ax.set(xlabel="weight w", ylabel="loss L(w)", ylim=(-9, 24))
    ax.legend(loc="upper right")
    return fig


@figure(
    "gradient-descent/step-goes-up",
    alt="The loss after one step of gradient descent from w = -1.5, plotted against "
    "the learning rate: below the dashed line of the starting loss the step went "
    "down, but beyond a certain learning rate the step lands higher than it started, "
    "shaded.",
)
def step_goes_up() -> Figure:
    rates = np.linspace(0.0, 0.16, 321)
    after = quartic(W_START - rates * quartic_grad(W_START))
    fig = Figure()
    ax = fig.subplots()
    ax.plot(rates, after, color="C0", label="loss after one step")
    ax.axhline(quartic(W_START), color="C1", linestyle="--", label="loss before it")
    ax.fill_between(
        rates,
        quartic(W_START),
        after,
        where=after > quartic(W_START),
        color="C1",
        alpha=0.25,
        label="the step went up",
    )
    ax.set(xlabel="learning rate", ylabel="loss", ylim=(-9, 60))
    ax.legend(loc="upper left")
    return fig


@figure(
    "gradient-descent/starting-points",
    alt="A curve with two valleys, the left one deeper, and runs of gradient descent "
    "at learning rate 0.01 from six starting points: each run slides into the "
    "valley on its own side of "
    "the hill, so the starts at 0.1 and 0.15 end in different valleys.",
)
def starting_points() -> Figure:
    grid = np.linspace(-2.3, 2.3, 200)
    fig = Figure()
    ax = fig.subplots()
    ax.plot(grid, two_valleys(grid), color="C0")
    for w0 in STARTS:
        run = descend(
            _bare(two_valleys),
            _bare(two_valleys_grad),
            np.array([w0]),
            lr=0.01,
            max_steps=300,
        )
        deeper = run.losses[-1] < two_valleys(0.0) - 4
        color = "C2" if deeper else "C1"
        shown = [0, 2, 5, 10, 20, 40, 80, 160]  # the steps shrink: fewer dots later
        ax.plot(run.path[shown, 0], run.losses[shown], ".", color=color, markersize=5)
        ax.plot([w0], [run.losses[0]], "o", color=color, markerfacecolor="none")
        ax.plot(run.path[-1, 0], run.losses[-1], "*", color=color, markersize=12)
    ax.plot([], [], "o", color="grey", markerfacecolor="none", label="start")
    ax.plot([], [], "*", color="grey", markersize=12, label="end after 300 steps")
    ax.set(xlabel="weight w", ylabel="loss L(w)")
    ax.legend(loc="upper center")
    return fig


@figure(
    "gradient-descent/line-fit-contours",
    alt="Contour lines of the mean squared error of a line fit over the slope w and "
    "the intercept b, a long narrow valley; the path of gradient descent jumps "
    "across the valley in its first step, then slides slowly along its floor to "
    "the least-squares line, marked with a cross.",
)
def line_fit_contours() -> Figure:
    run, ws, bs, losses, best = _line_fit()
    fig = Figure()
    ax = fig.subplots()
    ax.contour(
        ws, bs, losses, levels=np.geomspace(0.7, 150, 12), colors="C0", linewidths=1
    )
    n_steps = len(run.path) - 1
    ax.plot(
        run.path[:, 0],
        run.path[:, 1],
        "-",
        marker=".",
        markevery=[*range(10), *range(10, n_steps + 1, 100)],
        color="C1",
        markersize=5,
        linewidth=1,
        label=f"{n_steps} steps, lr {LINE_LR}",
    )
    ax.plot(*LINE_START, "o", color="C1", markerfacecolor="none", label="start")
    ax.plot(*best, "x", color="C3", markersize=10, label="least squares")
    ax.set(xlabel="slope w", ylabel="intercept b")
    ax.set_aspect("equal")  # same scale on both axes: steps cross contours at 90°
    ax.legend(loc="upper left")
    return fig


@figure(
    "gradient-descent/difference-error",
    alt="The error of forward and centered finite differences of L(w) = w^4 - 3w^3 "
    "+ 2 at w = -1.5, against the step h, both on log scales: the errors fall as h "
    "shrinks, the centered one twice as steeply, until rounding errors take over "
    "for tiny h and the errors grow again.",
)
def difference_error() -> Figure:
    steps = np.geomspace(1e-13, 1e-1, 37)
    exact = quartic_grad(W_START)
    fig = Figure()
    ax = fig.subplots()
    for method, name, style in [
        (forward_difference, "forward", "o-"),
        (centered_difference, "centered", "s-"),
    ]:
        errors = [abs(method(quartic, W_START, h=h) - exact) for h in steps]
        # an error of exactly 0 has no place on a log axis: show it at 1e-16
        ax.loglog(steps, np.maximum(errors, 1e-16), style, markersize=3, label=name)
    for axis in (ax.xaxis, ax.yaxis):  # 1e-05 as the page prints it, not TeX
        axis.set_major_formatter(LogFormatter(labelOnlyBase=True))
    ax.set(xlabel="step h", ylabel="|error| of the derivative")
    ax.legend(loc="upper left")
    return fig
