"""Figures of newsletter issue #6, "Is it learning? Epochs, validation and
overfitting"."""

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from gd_snippets.figures import figure
from gd_snippets.models import (
    logistic_regression_accuracy,
    logistic_regression_grad,
    logistic_regression_loss,
)
from gd_snippets.optimizers import adam_init, adam_step, momentum_init, momentum_step
from gd_snippets.problems import (
    linear_mse,
    linear_mse_grad,
    make_blobs,
    make_wave_data,
)
from gd_snippets.training import (
    Split,
    Training,
    fit,
    polynomial_features,
    train_val_test_split,
)

# The settings of the page (it runs the same experiments with the same numbers).
N_POINTS, NOISE, DATA_SEED = 36, 0.3, 15  # a wave, little data
FRACTIONS = {"val_fraction": 1 / 3, "test_fraction": 1 / 3}  # 12 points each
SPLIT_SEED = 0
DEGREE = 9  # a flexible model: a polynomial of degree 9, ten weights
LR, MOMENTUM, EPOCHS, BATCH_SIZE, TRAIN_SEED = 0.05, 0.9, 1000, 4, 0
STRENGTHS = (0.0, 0.001, 0.01, 0.1)  # L2 penalties to compare
PATIENCE = 100  # epochs without a better validation loss before stopping
EARLY_FIT = 10  # an early fit drawn over the data, besides the best and the last
# The classifier: two overlapping blobs, logistic regression trained by Adam.
BLOB_CENTERS = np.array([[-1.0, -0.5], [1.0, 0.5]])
BLOB_SPREAD, BLOB_SEED, N_PER_CLASS = 1.0, 4, 60
CLF_FRACTIONS = {"val_fraction": 0.25, "test_fraction": 0.25}
CLF_LR, CLF_EPOCHS, CLF_BATCH = 0.05, 100, 10
NARROW = 6.1  # constrained layout: a little narrower keeps phone text readable
GRID = np.linspace(-1, 1, 201)
STRIDE = 4  # loss curves show every 4th epoch: the same trend, a quarter of the SVG

# fit checks its input once; the checked model and optimizer would check it
# again at every step (``@checked`` keeps the function it wraps as __wrapped__).
_loss, _grad = linear_mse.__wrapped__, linear_mse_grad.__wrapped__
_momentum_step = momentum_step.__wrapped__


@functools.cache
def wave_split() -> Split:
    x, y = make_wave_data(N_POINTS, noise=NOISE, seed=DATA_SEED)
    return train_val_test_split(x, y, **FRACTIONS, seed=SPLIT_SEED)


def features(part: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    x, y = part
    return polynomial_features(x, degree=DEGREE), y


@functools.cache
def wave_run(
    l2: float = 0.0, patience: int | None = None, epochs: int = EPOCHS
) -> Training:
    """SGD with momentum fits the degree-9 polynomial; epochs=k gives the
    params after k epochs (the same seed walks the same path)."""
    split = wave_split()
    return fit(
        _loss,
        _grad,
        np.zeros(DEGREE + 1),
        features(split.train),
        features(split.val),
        init=momentum_init,
        step=functools.partial(_momentum_step, lr=LR, momentum=MOMENTUM),
        epochs=epochs,
        batch_size=BATCH_SIZE,
        seed=TRAIN_SEED,
        l2=l2,
        patience=patience,
    )


@functools.cache
def wave_run_scored_inside() -> Training:
    """The run of wave_run(), scored on the validation points inside the range
    of the training x only: the validation set plays no part in the steps, so
    the same seed walks the same path."""
    split = wave_split()
    x_val, y_val = split.val
    inside = (x_val >= split.train[0].min()) & (x_val <= split.train[0].max())
    return fit(
        _loss,
        _grad,
        np.zeros(DEGREE + 1),
        features(split.train),
        features((x_val[inside], y_val[inside])),
        init=momentum_init,
        step=functools.partial(_momentum_step, lr=LR, momentum=MOMENTUM),
        epochs=EPOCHS,
        batch_size=BATCH_SIZE,
        seed=TRAIN_SEED,
    )


@functools.cache
def blob_split() -> Split:
    X, labels = make_blobs(
        N_PER_CLASS, centers=BLOB_CENTERS, spread=BLOB_SPREAD, seed=BLOB_SEED
    )
    X = np.column_stack([np.ones(len(X)), X])  # a column of ones: the bias
    return train_val_test_split(
        X, labels.astype(float), **CLF_FRACTIONS, seed=SPLIT_SEED
    )


@functools.cache
def classifier_run() -> Training:
    split = blob_split()
    return fit(
        logistic_regression_loss.__wrapped__,
        logistic_regression_grad.__wrapped__,
        np.zeros(3),
        split.train,
        split.val,
        init=adam_init,
        step=functools.partial(adam_step.__wrapped__, lr=CLF_LR),
        epochs=CLF_EPOCHS,
        batch_size=CLF_BATCH,
        seed=TRAIN_SEED,
        accuracy=logistic_regression_accuracy.__wrapped__,
    )


def _thinned(losses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every STRIDE-th epoch of a loss curve, and its last one: (epochs, losses)."""
    epochs = np.unique(np.r_[np.arange(0, len(losses), STRIDE), len(losses) - 1])
    return epochs, losses[epochs]


def _losses(ax, run: Training) -> None:
    ax.semilogy(*_thinned(run.train_loss), color="C0", label="training")
    ax.semilogy(*_thinned(run.val_loss), color="C1", label="validation")
    ax.set(xlabel="epoch", ylabel="MSE (log scale)")


@figure(
    "is-it-learning/drifting-apart",
    alt="Training and validation loss of a degree-9 polynomial fitted to 12 "
    "points, over 1000 epochs on a log scale. In the first few epochs the "
    "validation loss jumps up above its start while the training loss falls; "
    "then both come down to the lowest validation loss, after which the "
    "training loss keeps creeping down, jagged, while the validation loss "
    "climbs more than tenfold. A dashed curve, the validation loss on only the points "
    "inside the training range, climbs far less: most of the rise is at the "
    "points beyond the last training point.",
)
def drifting_apart() -> Figure:
    run = wave_run()
    fig = Figure(figsize=(NARROW, 3.8), layout="constrained")
    ax = fig.subplots()
    _losses(ax, run)
    ax.semilogy(
        *_thinned(wave_run_scored_inside().val_loss),
        color="C1",
        linestyle="--",
        linewidth=1.2,
        label="validation, inside the training range",
    )
    ax.plot(
        run.best_epoch,
        run.val_loss[run.best_epoch],
        "o",
        color="C1",
        label=f"lowest validation (epoch {run.best_epoch})",
    )
    fig.legend(loc="outside lower center", ncols=2)
    return fig


def _data(ax, *, validation: bool = True) -> None:
    split = wave_split()
    ax.plot(GRID, np.sin(np.pi * GRID), color="grey", linestyle="--", linewidth=1.2)
    ax.plot(*split.train, "o", color="C0", markersize=5, label="training")
    if validation:
        ax.plot(*split.val, "s", color="C1", markersize=5, label="validation")
    ax.set(xlabel="x", ylabel="y", ylim=(-2, 2))


def _curve(params: np.ndarray) -> np.ndarray:
    return polynomial_features(GRID, degree=DEGREE) @ params


@figure(
    "is-it-learning/fits-over-epochs",
    alt="The 12 training points and 12 validation points scattered around a "
    "dashed sine wave, with the fitted polynomial after 10 epochs (too stiff, "
    "cutting through the wave), at the epoch of lowest validation loss (close "
    "to the wave) and after 1000 epochs (bending towards the training points "
    "and swinging away from the wave at the right edge, beyond the dotted "
    "line that marks the last training point, where several validation "
    "points lie).",
)
def fits_over_epochs() -> Figure:
    best = wave_run(patience=PATIENCE)
    fits = {
        f"after {EARLY_FIT} epochs": wave_run(epochs=EARLY_FIT).params,
        f"after {best.best_epoch} (best)": best.params,
        f"after {EPOCHS}": wave_run().params,
    }
    fig = Figure(figsize=(NARROW, 3.8), layout="constrained")
    ax = fig.subplots()
    _data(ax)
    ax.axvline(wave_split().train[0].max(), color="grey", linestyle=":")
    for (label, params), color in zip(fits.items(), ("C2", "C3", "C4"), strict=True):
        ax.plot(GRID, _curve(params), color=color, label=label)
    fig.legend(loc="outside lower center", ncols=3)
    return fig


@figure(
    "is-it-learning/l2-strengths",
    alt="Two panels for four L2 penalty strengths, 0, 0.001, 0.01 and 0.1. "
    "Left: the validation loss over the epochs; without a penalty it climbs "
    "far above its lowest point, 0.01 keeps it low, 0.1 keeps it high from "
    "the start. Right: the training points and the fitted polynomials after "
    "1000 epochs; without a penalty the curve swings away at the edge, 0.01 "
    "follows the wave, 0.1 is flattened.",
)
def l2_strengths() -> Figure:
    fig = Figure(figsize=(NARROW, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    _data(right, validation=False)
    for l2, color in zip(STRENGTHS, ("C4", "C3", "C2", "C1"), strict=True):
        run = wave_run(l2=l2)
        left.semilogy(
            *_thinned(run.val_loss), color=color, linewidth=1, label=f"L2 = {l2:g}"
        )
        right.plot(GRID, _curve(run.params), color=color)
    left.set(xlabel="epoch", ylabel="validation MSE (log scale)")
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=4)
    return fig


@figure(
    "is-it-learning/early-stopping",
    alt="Training and validation loss of the degree-9 polynomial with early "
    "stopping, on a log scale: the run ends 100 epochs after its lowest "
    "validation loss, where a dotted line marks the stop, a circle marks the "
    "best epoch whose parameters come back, and a faint curve shows the "
    "validation loss climbing on had the run not stopped.",
)
def early_stopping() -> Figure:
    run, full = wave_run(patience=PATIENCE), wave_run()
    stop = len(run.val_loss) - 1
    fig = Figure(figsize=(NARROW, 3.8), layout="constrained")
    ax = fig.subplots()
    epochs, losses = _thinned(full.val_loss)
    ax.semilogy(
        epochs[epochs >= stop],
        losses[epochs >= stop],
        color="C1",
        alpha=0.35,
        linewidth=1.2,
        label="validation, had it gone on",
    )
    _losses(ax, run)
    ax.axvline(stop, color="grey", linestyle=":", label=f"stopped (epoch {stop})")
    ax.plot(
        run.best_epoch,
        run.val_loss[run.best_epoch],
        "o",
        color="C1",
        label=f"restored (epoch {run.best_epoch})",
    )
    ax.legend(loc="lower right")
    return fig


@figure(
    "is-it-learning/classifier",
    alt="Two panels for logistic regression trained with Adam: left, the "
    "cross-entropy on the training and validation sets, starting at log 2 and "
    "falling, the training loss for longest; right, the accuracy on both sets, "
    "which jumps in the first epochs and then stays flat while the training "
    "loss keeps falling.",
)
def classifier() -> Figure:
    run = classifier_run()
    fig = Figure(figsize=(NARROW, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2, sharex=True)
    for ax, (train, val), what in [
        (left, (run.train_loss, run.val_loss), "cross-entropy"),
        (right, (run.train_accuracy, run.val_accuracy), "accuracy"),
    ]:
        ax.plot(train, color="C0", label="training")
        ax.plot(val, color="C1", label="validation")
        ax.set(xlabel="epoch", ylabel=what)
    right.yaxis.set_major_formatter(PercentFormatter(1.0))
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig
