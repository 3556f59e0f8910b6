"""Figures of newsletter issue #4, "SGD and mini-batches".

The vectorization figure is the only figure of the site that measures
something (a time) as it is drawn: it differs from build to build, and
tests/test_site.py exempts its files, and only them, from the reproducibility
test. Its layout never depends on the measured numbers, so the page that shows
it (its width and height are written into the HTML) stays byte-identical.
"""

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import LogFormatter, NullLocator

from gd_snippets.batching import (
    SGDRun,
    gradient_variance,
    minibatch_sgd,
    minibatches,
    sampling_variance,
    time_vectorization,
)
from gd_snippets.figures import figure
from gd_snippets.problems import (
    linear_mse,
    linear_mse_curvature,
    linear_mse_grad,
    make_regression_data,
)
from gd_snippets.schedules import constant, warmup

# The settings of the page (it runs the same experiments with the same numbers).
N_EXAMPLES, N_FEATURES, NOISE, DATA_SEED = 2048, 4, 0.5, 8
SEED = 1  # the seed of the shuffling
THREE_WAYS = {"full batch": N_EXAMPLES, "mini-batch": 32, "SGD": 1}  # name: B
THREE_LR, THREE_EPOCHS = 0.05, 5
TIMED_EXAMPLES = 100  # the vectorization figure: 100 examples, two ways
NOISE_BATCHES = 2 ** np.arange(11)  # 1, 2, 4, ..., 1024
NOISE_DRAWS = 1000
BASE_BATCH, BASE_LR = 16, 0.05  # linear scaling: lr = BASE_LR * B / BASE_BATCH
SCALED_BATCHES = (16, 32, 64, 128, 256, 512)
SCALING_EPOCHS = 5
SCALING_SEEDS = range(1, 9)  # the curves of 16 to 256 are the mean of 8 shuffles
WARMUP_EPOCHS = 2  # a gradual warm-up (Goyal et al.) at the largest batch
NARROW = 6.1  # constrained layout: a little narrower keeps phone text readable

X, Y = make_regression_data(
    N_EXAMPLES, n_features=N_FEATURES, noise=NOISE, seed=DATA_SEED
)
W0 = np.zeros(N_FEATURES)
CURVATURE = linear_mse_curvature(X)  # L: stable for lr < 2 / L
BEST_LOSS = linear_mse(np.linalg.lstsq(X, Y, rcond=None)[0], X, Y)
# Every step calls the loss and the gradient; checking their input again at
# each of thousands of steps would be most of the work (``@checked`` keeps the
# function it wraps as ``__wrapped__``). The timing, too, is of the bare code.
_loss, _grad = linear_mse.__wrapped__, linear_mse_grad.__wrapped__


def scaled_lr(batch_size: int) -> float:
    """The linear scaling heuristic: double the batch, double the rate."""
    return BASE_LR * batch_size / BASE_BATCH


def critical_batch() -> float:
    """The batch size at which the scaled rate reaches the stable bound 2 / L."""
    return BASE_BATCH * (2 / CURVATURE) / BASE_LR


@functools.cache
def train(
    batch_size: int,
    lr: float,
    epochs: int,
    *,
    warmup_epochs: int = 0,
    seed: int = SEED,
) -> SGDRun:
    rate = lr
    if warmup_epochs:
        steps = warmup_epochs * -(-N_EXAMPLES // batch_size)
        rate = functools.partial(
            warmup,
            decay=functools.partial(constant, lr=lr),
            warmup_steps=steps,
            start_factor=BASE_LR / lr,
        )
    return minibatch_sgd(
        _loss,
        _grad,
        W0,
        X,
        Y,
        lr=rate,
        batch_size=batch_size,
        epochs=epochs,
        seed=seed,
    )


@functools.cache
def noise() -> tuple[np.ndarray, np.ndarray]:
    """The measured and the predicted variance of the mini-batch gradient at W0,
    for each of NOISE_BATCHES."""
    per_example = np.stack(
        [_grad(W0, X[i : i + 1], Y[i : i + 1]) for i in range(N_EXAMPLES)]
    )
    measured = [
        gradient_variance(
            _grad, W0, X, Y, batch_size=int(b), draws=NOISE_DRAWS, seed=SEED
        )
        for b in NOISE_BATCHES
    ]
    predicted = [sampling_variance(per_example, int(b)) for b in NOISE_BATCHES]
    return np.array(measured), np.array(predicted)


@functools.cache
def timings() -> tuple[float, float]:
    """Seconds for the gradient of TIMED_EXAMPLES examples in one call, and one
    example at a time: measured once per process, so both palettes and the card
    of the figure show the same numbers."""
    return time_vectorization(_grad, W0, X[:TIMED_EXAMPLES], Y[:TIMED_EXAMPLES])


def _log_labels(*axes) -> None:
    """Plain labels (0.01, 1e-05) on the decades of log axes, and no ticks
    between: quicker to draw than matplotlib's mathtext labels, and a few
    hundred fewer SVG elements."""
    for axis in axes:
        axis.set_major_formatter(LogFormatter(labelOnlyBase=True))
        axis.set_minor_locator(NullLocator())


def _thinned(values: np.ndarray, points: int = 250) -> np.ndarray:
    """About ``points`` evenly spaced entries of ``values``, the first included:
    enough to show the noise, few enough to keep the SVG small."""
    return values[:: max(1, len(values) // points)]


@figure(
    "sgd-and-mini-batches/three-ways",
    alt="Two panels of the loss above its minimum, on a log scale, while linear "
    "regression on 2048 examples is trained with the full batch, mini-batches of "
    "32 and single examples (SGD), all at learning rate 0.05 for 5 epochs. "
    "Against epochs, the smaller the batch the faster the loss falls, the full "
    "batch creeping down, and SGD's curve is a jittery band. Against steps, on "
    "a log axis, the mini-batches follow the full batch's few steps closely, "
    "while single examples stray from the start.",
)
def three_ways() -> Figure:
    fig = Figure(figsize=(NARROW, 3.6), layout="constrained")
    by_epoch, by_step = fig.subplots(1, 2, sharey=True)
    for name, batch_size in THREE_WAYS.items():
        run = train(batch_size, THREE_LR, THREE_EPOCHS)
        above = run.losses - BEST_LOSS
        style = {"linewidth": 0.8 if batch_size == 1 else 2.0, "zorder": batch_size}
        by_epoch.semilogy(
            _thinned(run.examples) / N_EXAMPLES,
            _thinned(above),
            label=f"{name}, B = {batch_size}",
            **style,
        )
        steps = np.arange(1, len(above))
        thin = np.unique(np.geomspace(1, len(steps), 150).astype(int)) - 1
        by_step.loglog(steps[thin], above[1:][thin], **style)
    by_epoch.set(xlabel="epochs", ylabel="loss above its minimum")
    by_step.set(xlabel="steps (log scale)")
    _log_labels(by_epoch.yaxis, by_step.xaxis)
    fig.legend(loc="outside upper center", ncols=3)
    return fig


@figure(
    "sgd-and-mini-batches/epochs",
    alt="Three rows of twelve numbered squares, one row per epoch, showing the "
    "order in which mini-batch SGD visits twelve examples in batches of five: "
    "each row holds every example once, in a new random order, cut into two "
    "batches of five and a last, smaller batch of two, coloured by batch.",
)
def epochs() -> Figure:
    n, batch_size, n_epochs = 12, 5, 3
    rng = np.random.default_rng(SEED)
    fig = Figure(figsize=(NARROW, 2.3), layout="constrained")
    ax = fig.subplots()
    for epoch in range(n_epochs):
        row = n_epochs - 1 - epoch
        order = minibatches(n, batch_size, rng=rng)
        batch_of = [(k, int(i)) for k, batch in enumerate(order) for i in batch]
        for position, (k, index) in enumerate(batch_of):
            ax.add_patch(
                Rectangle(
                    (position + 0.06, row + 0.1),
                    0.88,
                    0.8,
                    facecolor=f"C{k}",
                    edgecolor=f"C{k}",
                    alpha=0.4,
                )
            )
            ax.text(position + 0.5, row + 0.5, str(index), ha="center", va="center")
    ax.set(xlim=(0, n), ylim=(0, n_epochs), xticks=[], aspect="equal")
    ax.set_yticks(
        [n_epochs - 0.5 - e for e in range(n_epochs)],
        [f"epoch {e + 1}" for e in range(n_epochs)],
    )
    ax.tick_params(length=0)
    ax.grid(False)
    ax.spines[["left", "bottom"]].set_visible(False)
    return fig


@figure(
    "sgd-and-mini-batches/vectorization",
    alt="Two horizontal bars on a logarithmic time axis, measured on the machine "
    "that built this page: the time to compute the gradient of 100 examples in "
    "one vectorized call, and the time to compute it one example at a time in "
    "100 calls, with each time and their ratio written in the figure.",
)
def vectorization() -> Figure:
    at_once, one_by_one = timings()
    fig = Figure(figsize=(NARROW, 2.6), layout="constrained")
    ax = fig.subplots()
    bars = ax.barh(
        [1, 0], [at_once * 1e6, one_by_one * 1e6], height=0.55, color=["C0", "C1"]
    )
    ax.set_xscale("log")
    ax.set_yticks(
        [1, 0], ["100 examples,\none call", "1 example at a time,\n100 calls"]
    )
    ax.set(
        xlim=(0.1, 1e5),
        ylim=(-0.5, 2),
        xlabel="microseconds, measured when this page was built",
    )
    _log_labels(ax.xaxis)
    ax.grid(axis="y", visible=False)
    measured = [
        ax.text(7e4, y, f"{seconds * 1e6:,.1f} µs", ha="right", va="center")
        for y, seconds in ((1, at_once), (0, one_by_one))
    ]
    measured.append(
        ax.text(
            0.13,
            1.65,
            f"the one call is {one_by_one / at_once:,.0f}\u00d7 faster",
            va="center",
        )
    )
    for artist in [*measured, *bars]:  # the layout must not depend on the numbers
        artist.set_in_layout(False)
        artist.set_clip_on(True)
    return fig


@figure(
    "sgd-and-mini-batches/gradient-noise",
    alt="On log-log axes, the measured variance of the mini-batch gradient "
    "against the batch size from 1 to 1024, for 2048 examples, as dots, with the "
    "straight line s squared over B and the curve with the finite-population "
    "correction, which bends down as B nears 2048; the dots follow the curve.",
)
def gradient_noise() -> Figure:
    measured, predicted = noise()
    s2 = predicted[0]  # at B = 1 the correction (N - 1) / (N - 1) is 1
    fine = np.geomspace(1, N_EXAMPLES - 1, 200)
    fig = Figure()
    ax = fig.subplots()
    ax.loglog(fine, s2 / fine, color="grey", linestyle="--", label="s² / B")
    ax.loglog(
        fine,
        s2 / fine * (N_EXAMPLES - fine) / (N_EXAMPLES - 1),
        color="C0",
        label="s² / B × (N − B) / (N − 1)",
    )
    ax.loglog(
        NOISE_BATCHES,
        measured,
        "o",
        color="C1",
        label=f"measured, {NOISE_DRAWS} batches each",
    )
    ax.set(
        xlabel="batch size B",
        ylabel="variance of the batch gradient",
        ylim=(measured[-1] / 5, measured[0] * 3),
    )
    _log_labels(ax.xaxis, ax.yaxis)
    ax.legend(loc="lower left")
    return fig


@figure(
    "sgd-and-mini-batches/linear-scaling",
    alt="The loss above its minimum against epochs, on a log axis, for batch "
    "sizes 16 to 512 with the learning rate scaled in proportion, from 0.05 at "
    "batch 16; the curves of 16 to 256 are each the mean of 8 shuffling seeds, "
    "smoothed over a quarter epoch. "
    "They fall together for the first epochs, then level off, the larger "
    "batches a little higher and 256 clearly higher. At 512, one seed, the "
    "scaled rate is past the stable bound 2 / L and the loss shoots up off the "
    "plot; with a two-epoch warm-up it falls for two epochs, more slowly than "
    "the others, then shoots up too.",
)
def linear_scaling() -> Figure:
    fig = Figure(figsize=(NARROW, 4.8), layout="constrained")
    ax = fig.subplots()
    for k, batch_size in enumerate(SCALED_BATCHES[:-1]):
        runs = [
            train(batch_size, scaled_lr(batch_size), SCALING_EPOCHS, seed=seed)
            for seed in SCALING_SEEDS
        ]
        mean = np.mean([run.losses for run in runs], axis=0)  # same steps each
        # and over the last quarter epoch (a trailing window, in examples), so
        # that the levels show through the jitter the seeds share
        window = max(1, N_EXAMPLES // 4 // batch_size)
        total = np.cumsum(np.concatenate([[0.0], mean]))
        mean = np.concatenate(
            [
                total[1:window] / np.arange(1, window),
                (total[window:] - total[:-window]) / window,
            ]
        )
        ax.semilogy(
            _thinned(runs[0].examples) / N_EXAMPLES,
            _thinned(mean) - BEST_LOSS,
            color=f"C{k}",
            label=f"B = {batch_size}, lr = {scaled_lr(batch_size):g}",
        )
    largest = SCALED_BATCHES[-1]
    for warm, style in ((0, ":"), (WARMUP_EPOCHS, "--")):
        run = train(largest, scaled_lr(largest), SCALING_EPOCHS, warmup_epochs=warm)
        ramp = f", {warm}-epoch warm-up" if warm else ""
        ax.semilogy(
            run.examples / N_EXAMPLES,
            run.losses - BEST_LOSS,
            color="grey",
            linestyle=style,
            label=f"B = {largest}, lr = {scaled_lr(largest):g}{ramp}",
        )
    ax.set(xlabel="epochs", ylabel="loss above its minimum", ylim=(1e-4, 1e2))
    _log_labels(ax.yaxis)
    fig.legend(loc="outside lower center", ncols=2)
    return fig
