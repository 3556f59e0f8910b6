"""Figures of newsletter issue #3, "The learning rate: how big a step"."""

import functools
from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter

from gd_snippets.descent import Descent, descend
from gd_snippets.figures import figure
from gd_snippets.landscapes import quartic, quartic_grad, quartic_second_derivative
from gd_snippets.playgrounds.learning_rate import QUARTIC, default_run
from gd_snippets.schedules import (
    constant,
    cosine_decay,
    exponential_decay,
    inverse_time_decay,
    step_decay,
    warmup,
)
from gd_snippets.sweep import SweptRun, classify_run, sweep_learning_rates

# The settings of the page (it runs the same experiments with the same numbers).
W_START = -1.5  # issue #2's worked example
FOUR_RATES = {  # lr: what it is, for the worked example from W_START
    0.01: "too small",
    0.06: "about right",
    0.12: "too big",
    0.15: "far too big",
}
W_MIN = 9 / 4  # the quartic's minimum
CURVATURE = quartic_second_derivative(W_MIN)  # L''(9/4) = 20.25
STEP_START, STEP_LR = 1.0, 0.02  # a run between the flat spot and the minimum
NEAR_START = 2.1  # runs near the minimum, either side of the bound 2 / L''
NEAR_RATES = (0.045, 0.095, 0.105)
SWEEP_RATES = np.geomspace(1e-3, 0.3, 41)
SWEEP_STEPS = 500
SCHEDULE_STEPS, LR0 = 100, 0.1
RUN_LR0, RUN_PEAK, RUN_STEPS = 0.12, 0.15, 150  # schedules on the worked example
# Constrained layout fills the whole figure, so a figure with it is drawn a
# little narrower than the default 6.4 inches: its text then stays readable on
# a phone (tests/test_figures.py measures it).
NARROW = 6.1
STATUS_STYLE = {  # colour and marker of each status, on every figure
    "unfinished": ("C1", "v"),
    "converged": ("C2", "o"),
    "oscillated": ("C3", "s"),
    "diverged": ("C4", "x"),
}

# descend checks its input once; calling the checked quartic at every one of
# thousands of steps would check it again each time (``@checked`` keeps the
# function it wraps as ``__wrapped__``).
_loss, _grad = quartic.__wrapped__, quartic_grad.__wrapped__


@functools.cache
def _run(w0: float, lr: float | Callable[[int], float], steps: int) -> Descent:
    return descend(_loss, _grad, np.array([w0]), lr=lr, max_steps=steps, grad_tol=1e-8)


@functools.cache
def _sweep() -> list[SweptRun]:
    return sweep_learning_rates(
        _loss, _grad, np.array([W_START]), lrs=SWEEP_RATES, max_steps=SWEEP_STEPS
    )


@figure(
    "learning-rate/four-rates",
    alt="Four panels of the curve L(w) = w^4 - 3w^3 + 2, each with the first "
    "steps of gradient descent from w = -1.5 at one learning rate: at 0.01 the "
    "steps creep towards the flat spot at w = 0 and stall there; at 0.06 they "
    "jump past it and settle at the minimum w = 2.25; at 0.12 they bounce from "
    "one side of the minimum to the other without ever settling; at 0.15 they "
    "fly off the curve within a few steps.",
)
def four_rates() -> Figure:
    grid = np.linspace(-1.8, 3.8, 200)
    fig = Figure(figsize=(NARROW, 5.2), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True, sharey=True)
    for ax, (lr, verdict) in zip(axes.flat, FOUR_RATES.items(), strict=True):
        run = _run(W_START, lr, 30)
        color, marker = STATUS_STYLE[classify_run(run)]
        ax.plot(grid, quartic(grid), color="C0")
        ax.plot(
            run.path[:, 0],
            run.losses,
            marker=marker,
            color=color,
            linewidth=0.8,
            markersize=5,
            clip_on=True,
        )
        if run.stopped_by == "diverged":
            ax.text(
                2.9,
                19,
                f"then w = {run.path[2, 0]:.1f}, {run.path[3, 0]:.0f}, ...\n"
                f"{run.reason.split(':')[0]}",
                ha="right",
                va="top",
            )
        ax.set_title(f"lr {lr}: {verdict}", loc="left")
        ax.set(xlim=(-1.8, 3.8), ylim=(-9, 30))
    for ax in axes[1]:
        ax.set_xlabel("weight w")
    for ax in axes[:, 0]:
        ax.set_ylabel("loss L(w)")
    return fig


@figure(
    "learning-rate/four-losses",
    alt="The loss at each of the first 40 steps of gradient descent on L(w) = "
    "w^4 - 3w^3 + 2 from w = -1.5, one line per learning rate: at 0.01 it falls "
    "to 2, the height of the flat spot, and stays there; at 0.06 it drops to the "
    "minimum loss within a few steps; at 0.12 it comes down but keeps jumping "
    "above the minimum; at 0.15 it shoots off the top within a few steps.",
)
def four_losses() -> Figure:
    steps, top = 40, 30.0
    fig = Figure(figsize=(NARROW, 4.0), layout="constrained")
    ax = fig.subplots()
    for (lr, verdict), style in zip(
        FOUR_RATES.items(), ["-", "-", "-", "--"], strict=True
    ):
        run = _run(W_START, lr, steps)
        color, marker = STATUS_STYLE[classify_run(run)]
        ax.plot(
            np.minimum(run.losses, 2 * top),
            style,
            marker=marker,
            color=color,
            markersize=4,
            linewidth=1,
            label=f"lr {lr}: {verdict}",
        )
        if run.stopped_by == "diverged":  # the marker sits on the top edge
            ax.plot(
                len(run.losses) - 1, top, "x", color=color, markersize=9, clip_on=False
            )
    ax.axhline(quartic(W_MIN), color="grey", linestyle=":", linewidth=1)
    ax.set(xlabel="step", ylabel="loss L(w)", ylim=(-8, top), xlim=(0, steps))
    ax.legend(loc="upper right")
    return fig


@figure(
    "learning-rate/step-length",
    alt="The length of each step and the size of the gradient along a run of "
    "gradient descent with the learning rate fixed at 0.02, on a log scale: the "
    "two curves rise and fall together, always the same distance apart: both "
    "grow for the first steps, while the slope steepens, then shrink steadily "
    "as the run nears the minimum.",
)
def step_length() -> Figure:
    run = _run(STEP_START, STEP_LR, 300)
    steps = np.abs(np.diff(run.path[:, 0]))
    gradients = np.abs(quartic_grad(run.path[:-1, 0]))
    k = np.arange(len(steps))
    fig = Figure()
    ax = fig.subplots()
    ax.semilogy(k, gradients, color="C0", label="|gradient| at w(k)")
    ax.semilogy(
        k,
        steps,
        "o",
        color="C1",
        markersize=4,
        label=f"step length = {STEP_LR} \u00d7 |gradient|",
    )
    ax.axhline(
        STEP_LR,
        color="grey",
        linestyle="--",
        label=f"learning rate, fixed at {STEP_LR}",
    )
    ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
    ax.set(xlabel="step k", ylabel="size (log scale)")
    ax.legend(loc="lower left")
    return fig


def _schedules() -> dict[str, list[float]]:
    t = range(SCHEDULE_STEPS + 1)
    cosine = functools.partial(cosine_decay, lr0=LR0, total_steps=SCHEDULE_STEPS - 10)
    return {
        "constant": [constant(s, lr=LR0) for s in t],
        "step decay, halve every 25": [
            step_decay(s, lr0=LR0, every=25, factor=0.5) for s in t
        ],
        "exponential, k = 0.03": [exponential_decay(s, lr0=LR0, k=0.03) for s in t],
        "inverse time, k = 0.1": [inverse_time_decay(s, lr0=LR0, k=0.1) for s in t],
        "cosine": [cosine_decay(s, lr0=LR0, total_steps=SCHEDULE_STEPS) for s in t],
        "warm-up from 1/3 over 10, cosine": [
            warmup(s, decay=cosine, warmup_steps=10) for s in t
        ],
    }


@figure(
    "learning-rate/schedules",
    alt="Six learning-rate schedules over 100 steps, all starting from 0.1: a "
    "constant line; a staircase that halves every 25 steps; an exponential "
    "decay; an inverse-time decay that drops fast and then flattens out; a "
    "cosine that falls slowly, then fast, then slowly to zero; and a linear "
    "warm-up from a third of the peak up to it over 10 steps, followed by a "
    "cosine.",
)
def schedules() -> Figure:
    styles = ["-", "-", "--", "-.", ":", "-"]
    colors = ["grey", "C0", "C1", "C2", "C3", "C4"]
    fig = Figure(figsize=(NARROW, 4.6), layout="constrained")
    ax = fig.subplots()
    for (label, values), style, color in zip(
        _schedules().items(), styles, colors, strict=True
    ):
        ax.plot(values, style, color=color, label=label)
    ax.set(xlabel="step t", ylabel="learning rate", ylim=(0, LR0 * 1.08))
    fig.legend(loc="outside lower center", ncols=2)
    return fig


@functools.cache  # the same schedule objects each time: _run caches by them
def scheduled_runs() -> dict[str, Callable[[int], float]]:
    """The schedules the page runs on the worked example: a rate too big to
    settle (RUN_LR0), decayed, and a peak that diverges as a constant
    (RUN_PEAK), warmed up."""
    return {
        f"constant {RUN_LR0}": functools.partial(constant, lr=RUN_LR0),
        "step decay, halve every 20": functools.partial(
            step_decay, lr0=RUN_LR0, every=20, factor=0.5
        ),
        "exponential, k = 0.02": functools.partial(
            exponential_decay, lr0=RUN_LR0, k=0.02
        ),
        "cosine over 100 steps": functools.partial(
            cosine_decay, lr0=RUN_LR0, total_steps=100
        ),
        f"constant {RUN_PEAK}": functools.partial(constant, lr=RUN_PEAK),
        f"warm-up {RUN_PEAK / 3:.2g} to {RUN_PEAK}, cosine": functools.partial(
            warmup,
            decay=functools.partial(cosine_decay, lr0=RUN_PEAK, total_steps=90),
            warmup_steps=10,
            start_factor=1 / 3,  # PyTorch's LinearLR default; from 0 it would fail
        ),
    }


@figure(
    "learning-rate/schedule-runs",
    alt="The loss above its minimum at every step of six runs of gradient descent "
    "on L(w) = w^4 - 3w^3 + 2 from w = -1.5, on a log scale: at a constant rate "
    "of 0.12 the loss stays high because the run bounces forever, while step, "
    "exponential and cosine decay from the same rate bring it down to the "
    "minimum; a constant 0.15 diverges within five steps, while a ten-step "
    "warm-up to the same peak, starting at a third of it, gets past the steep "
    "start, keeps bouncing at the peak and settles once the cosine after it has "
    "brought the rate down.",
)
def schedule_runs() -> Figure:
    floor, top = 1e-12, 1e3  # a run at the minimum (gap 0) is drawn on the floor
    fig = Figure(figsize=(NARROW, 4.6), layout="constrained")
    ax = fig.subplots()
    styles = ["-", "--", "-.", ":", "-", "-"]
    colors = ["grey", "C0", "C1", "C2", "C4", "C3"]
    for (label, schedule), style, color in zip(
        scheduled_runs().items(), styles, colors, strict=True
    ):
        run = _run(W_START, schedule, RUN_STEPS)
        gap = np.clip(run.losses - quartic(W_MIN), floor, top)
        ax.semilogy(gap, style, color=color, label=label)
        if run.stopped_by == "diverged":  # the marker sits on the top edge
            ax.plot(len(gap) - 1, top, "x", color=color, markersize=8, clip_on=False)
    ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
    ax.set(xlabel="step", ylabel="L(w) - L(9/4)", ylim=(floor / 3, top))
    fig.legend(loc="outside lower center", ncols=2)
    return fig


@figure(
    "learning-rate/sweep",
    alt="The final loss of 500 steps of gradient descent on L(w) = w^4 - 3w^3 + "
    "2 from w = -1.5, against the learning rate on a log axis: small rates stall "
    "at the flat spot with loss 2; a band of rates reaches the minimum loss; "
    "just past the dotted line at 2 / L'' the runs keep bouncing at a higher "
    "loss, and larger rates diverge, marked at the top.",
)
def sweep() -> Figure:
    results = _sweep()
    fig = Figure()
    ax = fig.subplots()
    top = 4.0  # diverged runs (final loss inf) are drawn on this line
    for status, (color, marker) in STATUS_STYLE.items():
        chosen = [r for r in results if r.status == status]
        ax.semilogx(
            [r.lr for r in chosen],
            [min(r.final_loss, top) for r in chosen],
            marker,
            color=color,
            markersize=6,
            label="diverged (loss → inf)" if status == "diverged" else status,
            clip_on=False,
        )
    ax.xaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
    ax.axvline(2 / CURVATURE, color="grey", linestyle=":", linewidth=1.5)
    ax.annotate(
        f"2 / L''(9/4) = {2 / CURVATURE:.4f}",
        (2 / CURVATURE, -1.5),
        xytext=(-8, 0),
        textcoords="offset points",
        ha="right",
    )
    ax.set(
        xlabel="learning rate",
        ylabel=f"loss after {SWEEP_STEPS} steps",
        ylim=(-7.5, top),
        yticks=np.arange(-6, top, 2),
    )
    ax.legend(loc="center left")
    return fig


@figure(
    "learning-rate/stable-range",
    alt="The distance from the minimum w = 2.25 at each step of three runs "
    "started at w = 2.1: below 1 / L'' the run slides in from one side; between "
    "1 / L'' and 2 / L'' it zig-zags across the minimum with shrinking swings; "
    "just above 2 / L'' the swings grow instead and settle into a bounce that "
    "never ends.",
)
def stable_range() -> Figure:
    overshoot, bound = 1 / CURVATURE, 2 / CURVATURE
    labels = [
        f"lr {NEAR_RATES[0]} < 1 / L'' = {overshoot:.4f}",
        f"lr {NEAR_RATES[1]}, between 1 / L'' and 2 / L''",
        f"lr {NEAR_RATES[2]} > 2 / L'' = {bound:.4f}",
    ]
    fig = Figure()
    ax = fig.subplots()
    for lr, label, color in zip(NEAR_RATES, labels, ["C0", "C2", "C3"], strict=True):
        run = _run(NEAR_START, lr, 40)
        ax.plot(
            run.path[:, 0] - W_MIN,
            ".-",
            color=color,
            linewidth=1,
            markersize=5,
            label=label,
        )
    ax.axhline(0, color="grey", linewidth=1)
    ax.set(xlabel="step", ylabel="w - 9/4", ylim=(-0.3, 0.45))
    ax.legend(loc="upper right")
    return fig


@figure(
    "learning-rate/playground",
    alt="The learning-rate playground's first setting, drawn as a still: on the "
    "left, gradient descent on L(w) = w^4 - 3w^3 + 2 from w = -1.5 at the "
    "learning rate 0.0562, its steps jumping the flat spot at w = 0 and settling "
    "at the minimum w = 2.25; on the right, its loss at each step, falling to "
    "the minimum within a few steps.",
)
def playground() -> Figure:
    problem, swept = QUARTIC, default_run()
    run = swept.run
    grid = np.linspace(problem.x.low, problem.x.high, 200)
    fig = Figure(figsize=(NARROW, 3.0), layout="constrained")
    curve, per_step = fig.subplots(1, 2)
    color, marker = STATUS_STYLE[swept.status]
    curve.plot(grid, quartic(grid), color="C0")
    curve.plot(run.path, run.losses, marker=marker, color=color, linewidth=0.8)
    curve.set(
        xlim=(problem.x.low, problem.x.high),
        ylim=(problem.y.low, problem.y.high),
        xlabel="weight w",
        ylabel="loss L(w)",
        title=f"lr {swept.lr:.3g}: {swept.status}",
    )
    per_step.plot(run.losses, marker=marker, color=color, linewidth=0.8)
    per_step.set(xlabel="step", ylabel="loss", ylim=curve.get_ylim())
    return fig
