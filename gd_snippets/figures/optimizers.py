"""Figures of newsletter issue #5, "Beyond plain SGD: momentum, RMSprop and Adam"."""

import functools

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from gd_snippets.descent import Descent
from gd_snippets.figures import STYLES, figure
from gd_snippets.optimizers import adam_init, adam_step, adamw_init, adamw_step
from gd_snippets.race import (
    NAMES,
    PROBLEMS,
    SENSITIVITY_LAST,
    SENSITIVITY_LRS,
    SENSITIVITY_STEPS,
    best_rates,
    race,
    sensitivity,
)

# Constrained layout fills the whole figure: drawn a little narrower than the
# default 6.4 inches, its text stays readable on a phone (tests/test_figures.py).
NARROW = 6.1
# One colour per optimizer, for each palette (the animation's CSS uses the same),
# and a dashed line for the variant of the one before it.
_GREYS = {"light": "#57606a", "dark": "#8b949e"}
COLORS = {  # sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
    palette: [
        _GREYS[palette],
        *(
            STYLES[palette]["axes.prop_cycle"].by_key()["color"][i]
            for i in (0, 0, 2, 3, 1, 1)
        ),
    ]
    for palette in ("light", "dark")
}
DASHED = {"nesterov", "adamw"}


def _palette() -> str:
    dark = matplotlib.rcParams["text.color"] == STYLES["dark"]["text.color"]
    return "dark" if dark else "light"


def _style(name: str, **extra) -> dict:
    color = COLORS[_palette()][list(NAMES).index(name)]
    style = "--" if name in DASHED else "-"
    return {"color": color, "linestyle": style, "label": NAMES[name]} | extra


@functools.cache
def _race(problem: str) -> dict[str, Descent]:
    return race(problem)


def _contours(ax: Axes, problem: str, levels: int = 4) -> None:
    """The problem's loss as a few contour lines (few points: small SVG files),
    its start and its minimum."""
    chosen = PROBLEMS[problem]
    (x0, x1), (y0, y1) = chosen.view
    grid = np.stack(
        np.meshgrid(np.linspace(x0, x1, 30), np.linspace(y0, y1, 30)), axis=-1
    )
    losses = chosen.loss(grid)
    ax.contour(
        grid[..., 0],
        grid[..., 1],
        losses,
        levels=np.geomspace(0.05, losses.max() / 2, levels),
        colors="grey",
        linewidths=0.6,
    )
    ink = matplotlib.rcParams["text.color"]
    ax.plot(*chosen.start, "o", color=ink, markersize=5)
    ax.plot(*chosen.minimum, "*", color=ink, markersize=10)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w₁", ylabel="w₂")
    ax.set_aspect("equal")
    ax.grid(False)
    ax.locator_params(nbins=4)


def _bare(ax: Axes) -> None:
    """No ticks, no numbers: the contours, start and minimum say it all, in
    fewer bytes (the page holds seven of these)."""
    ax.set(xticks=[], yticks=[])


def _path(ax: Axes, run: Descent, name: str, steps: int | None = None, **extra) -> None:
    path = run.path[: None if steps is None else steps + 1]
    ax.plot(path[:, 0], path[:, 1], **_style(name, linewidth=1.2) | extra)


@figure(
    "optimizers/playground",
    alt="The finish of the optimizer race, four panels. Top, the tilted bowl "
    "after 100 steps: the paths of the seven optimizers over its contour lines "
    "and their losses at every step on a log scale; AdaGrad ends with the "
    "highest loss, then plain SGD, and Nesterov, AdamW, momentum and Adam end "
    "lowest. Bottom, Rosenbrock's valley after 500 steps: plain SGD stays "
    "on the left arm of the banana, momentum, Nesterov and Adam follow its "
    "floor round to the minimum at (1, 1) and end lowest.",
)
def race_finish() -> Figure:
    fig = Figure(figsize=(NARROW, 6.4), layout="constrained")
    axes = fig.subplots(2, 2, width_ratios=(1.2, 1))
    for (paths, losses), problem in zip(axes, PROBLEMS, strict=True):
        _contours(paths, problem, levels=6)
        for name, run in _race(problem).items():
            _path(paths, run, name)
            losses.semilogy(run.losses, **_style(name, linewidth=1.2))
        paths.set_title(PROBLEMS[problem].label.capitalize(), loc="left")
        losses.set(xlabel="step", ylabel="loss")
    handles, labels = axes[1, 1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4)
    return fig


@functools.cache
def sensitivity_runs() -> dict[str, np.ndarray]:
    """The page's sweep: final losses on the bowl, per optimizer and rate."""
    return sensitivity("bowl", lrs=SENSITIVITY_LRS, steps=SENSITIVITY_STEPS)


@functools.cache
def best_sensitivity_rates() -> dict[str, tuple[float, float]]:
    """Each optimizer's best rate and score on the bowl, from the fine sweep."""
    return best_rates(
        "bowl", lrs=SENSITIVITY_LRS, steps=SENSITIVITY_STEPS, scores=sensitivity_runs()
    )


CEILING = 1e3  # where the sensitivity figure marks the rates that diverged
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@FuncFormatter
def _power_of_ten(value: float, _position: int) -> str:
    """10⁻⁴ as plain text: a tenth of the bytes of matplotlib's typeset powers."""
    return "10" + str(round(np.log10(value))).translate(_SUPERSCRIPTS)


@figure(
    "optimizers/sensitivity",
    alt="The highest loss over steps 91 to 100 on the tilted bowl against the "
    "learning rate, "
    "both on log axes, one line per optimizer, rates from 0.0001 to 10: SGD, "
    "momentum and Nesterov each work in a band that ends at a cliff, where "
    "their runs diverge (crosses at the top); AdaGrad, RMSprop, Adam and AdamW "
    "never diverge here, but each does well only in a band of rates: its loss "
    "climbs steeply at rates below its best and more gently above it. A dot "
    "marks each one's best rate, found by a finer sweep; the lines of momentum, "
    "Nesterov and Adam are jagged.",
)
def sensitivity_figure() -> Figure:
    fig = Figure(figsize=(NARROW, 4.6), layout="constrained")
    ax = fig.subplots()
    best = best_sensitivity_rates()
    for name, values in sensitivity_runs().items():
        rate, score = best[name]  # the fine sweep's best, in its place on the line
        i = np.searchsorted(SENSITIVITY_LRS, rate)
        ax.loglog(
            np.insert(SENSITIVITY_LRS, i, rate),
            np.insert(np.where(np.isfinite(values), values, np.nan), i, score),
            **_style(name, linewidth=1.2),
        )
        ax.plot(rate, score, "o", **_style(name, label=None, markersize=4))
        diverged = SENSITIVITY_LRS[~np.isfinite(values)]
        if diverged.size:
            ax.plot(
                diverged[0],
                CEILING,
                "x",
                **_style(
                    name, label=None, linestyle="none", markersize=8, clip_on=False
                ),
            )
    ax.axhline(CEILING, color="grey", linewidth=0.6)
    ax.minorticks_off()
    ax.xaxis.set_major_formatter(_power_of_ten)
    ax.yaxis.set_major_formatter(_power_of_ten)
    ax.text(1.2e-4, CEILING / 2, "× the smallest rate that diverged", va="top")
    ax.set(
        xlabel="learning rate (log scale)",
        ylabel=f"highest loss, steps {SENSITIVITY_STEPS - SENSITIVITY_LAST + 1}"
        f" to {SENSITIVITY_STEPS}",
    )
    fig.legend(loc="outside lower center", ncols=4)
    return fig


IDEA_STEPS = 40  # the first steps, on the pictures of each optimizer's idea


def _idea(name: str, behind: str | None) -> Figure:
    """``name``'s first steps on the tilted bowl, ``behind``'s faintly behind."""
    fig = Figure(figsize=(NARROW, 3.6), layout="constrained")
    ax = fig.subplots()
    _contours(ax, "bowl")
    runs = _race("bowl")
    if behind:
        _path(ax, runs[behind], behind, IDEA_STEPS, alpha=0.5)
    _path(ax, runs[name], name, IDEA_STEPS, linewidth=1.6)
    _bare(ax)
    ax.legend(loc="lower right", title=f"first {IDEA_STEPS} steps")
    return fig


IDEAS = {  # optimizer: (the one it improves on, drawn faintly; what the steps do)
    "sgd": (
        None,
        "plain SGD at its best rate, which zig-zags across the valley at every "
        "step, each zig-zag a little smaller, while it creeps along the floor",
    ),
    "momentum": (
        "sgd",
        "momentum, which gathers speed along the floor in wide swings and "
        "overshoots the minimum, ahead of plain SGD drawn faintly behind",
    ),
    "nesterov": (
        "momentum",
        "Nesterov momentum, which follows heavy-ball momentum, drawn faintly "
        "behind, but swings less widely and turns sooner",
    ),
    "adagrad": (
        "sgd",
        "AdaGrad, which first steps diagonally, about the same distance along "
        "each axis, then takes ever shorter steps along the floor",
    ),
    "rmsprop": (
        "adagrad",
        "RMSprop, which starts with a big diagonal jump and then, unlike AdaGrad "
        "drawn faintly behind, keeps its steps long and gets further down the floor",
    ),
    "adam": (
        "rmsprop",
        "Adam, which starts with steps of the same length along each axis, then "
        "sweeps along the floor in gentle swings, ahead of RMSprop drawn faintly",
    ),
}


def _register_idea(name: str, behind: str | None, shows: str) -> None:
    alt = (
        f"Contour lines of the narrow valley tilted by 30 degrees with the first "
        f"{IDEA_STEPS} steps of {shows}."
    )
    figure(f"optimizers/idea-{name}", alt=alt)(lambda: _idea(name, behind))


for _name, (_behind, _shows) in IDEAS.items():
    _register_idea(_name, _behind, _shows)


DECAY_LR, DECAY_STEPS = 0.01, 300  # the AdamW picture: decay alone


def decay_alone(step, init, weight_decay: float) -> list[float]:
    """A weight of 1 whose only gradient is the weight decay: w at each step."""
    w = np.array([1.0])
    state, seen = init(w), [1.0]
    for _ in range(DECAY_STEPS):
        w, state = step(w, np.zeros(1), state, lr=DECAY_LR, weight_decay=weight_decay)
        seen.append(float(w[0]))
    return seen


@figure(
    "optimizers/idea-adamw",
    alt="A weight of 1 whose only gradient is the weight decay, over 300 steps "
    "at a learning rate of 0.01: under Adam, with the decay as an L2 penalty, "
    "the curves for a decay of 0.1 and of 0.001 are one and the same, falling "
    "to zero within about 250 steps; under AdamW the weight shrinks by a fixed "
    "fraction per step, slowly for a decay of 0.1 and fast for a decay of 1.",
)
def idea_adamw() -> Figure:
    fig = Figure(figsize=(NARROW, 3.8), layout="constrained")
    ax = fig.subplots()
    for decay, width in ((0.1, 3.0), (0.001, 1.2)):
        ax.plot(
            decay_alone(adam_step, adam_init, decay),
            **_style("adam", label=f"Adam, L2 {decay}", linewidth=width),
        )
    for decay, style in ((0.1, "--"), (1.0, ":")):
        ax.plot(
            decay_alone(adamw_step, adamw_init, decay),
            **_style("adamw", label=f"AdamW, decay {decay}", linestyle=style),
        )
    ax.axhline(0, color="grey", linewidth=0.6)
    ax.set(xlabel="step", ylabel="weight w")
    fig.legend(loc="outside right center", title=f"lr {DECAY_LR}")
    return fig
