"""Is it learning? Three sets, polynomial features, an L2 penalty, early
stopping and a training loop that records every epoch (newsletter issue #6).

The loop is built on the mini-batches of issue #4 (gd_snippets/batching.py)
and the optimizers of issue #5 (gd_snippets/optimizers.py): a page embeds
their sections before these, so the imports section here holds only what
this file adds.
"""

# --8<-- [start:imports]
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import (
    Arguments,
    Rule,
    arrays,
    checked,
    functions,
    integers,
    non_negative,
    positive,
    reals,
)
from gd_snippets.batching import _examples, minibatches


def _fractions_that_fit(args: Arguments) -> None:
    """Each of the validation and test sets gets at least one example, and the
    training set keeps at least one."""
    positive("val_fraction", "test_fraction")(args)
    n = len(args["X"])
    for name in ("val_fraction", "test_fraction"):
        if round(n * args[name]) < 1:
            raise ValueError(
                f"{name}={args[name]:g} of {n} examples is no example at all: "
                f"raise it above {0.5 / n:.3g}"
            )
    if round(n * args["val_fraction"]) + round(n * args["test_fraction"]) >= n:
        raise ValueError(
            f"val_fraction + test_fraction must leave examples to train on: "
            f"{args['val_fraction']:g} + {args['test_fraction']:g} of {n} examples "
            f"leaves none"
        )


# --8<-- [start:Split]
class Split(NamedTuple):
    """Three disjoint sets of (X, y): fit on train, choose on val, report on test."""

    train: tuple[np.ndarray, np.ndarray]
    val: tuple[np.ndarray, np.ndarray]
    test: tuple[np.ndarray, np.ndarray]


# --8<-- [end:Split]


@checked(
    _examples,
    _fractions_that_fit,
    integers("seed", minimum=0),
)
# --8<-- [start:train_val_test_split]
def train_val_test_split(
    X: np.ndarray,
    y: np.ndarray,
    *,
    val_fraction: float,
    test_fraction: float,
    seed: int,
) -> Split:
    """Shuffle the examples (rows of X, entries of y) together, from a seed, then
    deal them out: round(n * test_fraction) to test, round(n * val_fraction) to
    validation, the rest to training. The same seed gives the same split.
    """
    X, y = np.asarray(X), np.asarray(y)  # lists too: X[rows] needs an array
    n = len(X)
    if len(y) != n:
        raise ValueError("X and y must hold the same number of examples")
    if not (0 < val_fraction < 1 and 0 < test_fraction < 1):
        fractions = f"got {val_fraction} and {test_fraction}"
        raise ValueError(
            f"val_fraction and test_fraction must be between 0 and 1, {fractions}"
        )
    n_test, n_val = round(n * test_fraction), round(n * val_fraction)
    if min(n_test, n_val) < 1 or n_test + n_val >= n:
        raise ValueError("val_fraction and test_fraction must leave every set a row")
    order = np.random.default_rng(seed).permutation(n)
    test, val, train = np.split(order, [n_test, n_test + n_val])
    return Split((X[train], y[train]), (X[val], y[val]), (X[test], y[test]))


# --8<-- [end:train_val_test_split]


@checked(
    integers("n", minimum=2), integers("k", minimum=2), integers("seed", minimum=0)
)
# --8<-- [start:k_fold]
def k_fold(n: int, *, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """k-fold cross-validation of n examples: shuffle the indices 0, ..., n - 1
    from a seed, cut them into k folds of near-equal size, and return k pairs
    (train, val) of index arrays. Fold i validates in pair i while the other
    k - 1 folds train, so every example is validated exactly once.
    """
    for name, count in (("n", n), ("k", k)):
        if count != int(count):
            raise ValueError(f"{name} must be a whole number, got {count}")
    n, k = int(n), int(k)
    if not 2 <= k <= n:
        raise ValueError(f"k must be from 2 to n = {n}, got {k}")
    folds = np.array_split(np.random.default_rng(seed).permutation(n), k)
    return [
        (np.concatenate(folds[:i] + folds[i + 1 :]), fold)
        for i, fold in enumerate(folds)
    ]


# --8<-- [end:k_fold]


@checked(arrays("x", ndim=1), integers("degree", minimum=0))
# --8<-- [start:polynomial_features]
def polynomial_features(x: np.ndarray, *, degree: int) -> np.ndarray:
    """The columns 1, x, x**2, ..., x**degree, shape (n, degree + 1): a model
    X @ w on them is a polynomial of x (degree 0: a constant). Keep x within
    [-1, 1] (rescale it first), or the high powers dwarf the low ones (10 ** 9
    against 10).
    """
    x = np.asarray(x, dtype=float)  # integer powers would wrap around silently
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array, got shape {x.shape}")
    if degree < 0 or degree != int(degree):
        what = "at least 0" if degree < 0 else "a whole number"
        raise ValueError(f"degree must be {what}, got {degree}")
    with np.errstate(over="ignore"):
        X = x[:, None] ** np.arange(degree + 1)
    if not np.all(np.isfinite(X)):
        raise ValueError(f"x ** {degree} overflows: rescale x into [-1, 1] first")
    return X


# --8<-- [end:polynomial_features]


@checked(arrays("w"), non_negative("strength"))
# --8<-- [start:l2_penalty]
def l2_penalty(w: np.ndarray, *, strength: float) -> float:
    """The L2 penalty strength / 2 * sum(w ** 2), added to the training loss:
    it charges for large weights, so a fit pays for every wiggle."""
    if strength < 0:
        raise ValueError(f"strength must be 0 or more, got {strength}")
    w = np.asarray(w, dtype=float)  # integer squares would wrap around
    return float(strength / 2 * np.sum(w**2))


# --8<-- [end:l2_penalty]


@checked(arrays("w"), non_negative("strength"))
# --8<-- [start:l2_penalty_grad]
def l2_penalty_grad(w: np.ndarray, *, strength: float) -> np.ndarray:
    """Gradient of the L2 penalty: strength * w, a pull of every weight towards
    0 (PyTorch's weight_decay=strength adds exactly this to the gradient)."""
    if strength < 0:
        raise ValueError(f"strength must be 0 or more, got {strength}")
    return strength * np.asarray(w, dtype=float)


# --8<-- [end:l2_penalty_grad]


# --8<-- [start:Best]
class Best(NamedTuple):
    """The epoch with the lowest validation loss so far, and its parameters."""

    epoch: int
    val_loss: float
    params: np.ndarray


# --8<-- [end:Best]


def _a_best_or_none(args: Arguments) -> None:
    """best is None (no epoch yet) or a Best."""
    if args["best"] is not None and not isinstance(args["best"], Best):
        raise TypeError(
            f"best must be None (no epoch yet) or a Best, got "
            f"{type(args['best']).__name__}"
        )


@checked(
    _a_best_or_none,
    integers("epoch", minimum=0),
    reals("val_loss"),
    arrays("params"),
    non_negative("min_delta"),
)
# --8<-- [start:keep_best]
def keep_best(
    best: Best | None,
    epoch: int,
    val_loss: float,
    params: np.ndarray,
    *,
    min_delta: float = 0.0,
) -> Best:
    """This epoch if it beats the best so far by more than min_delta, else the
    best so far. A copy of params is kept: training goes on moving them."""
    if best is None or val_loss < best.val_loss - min_delta:
        return Best(epoch, val_loss, np.array(params, dtype=float))
    return best


# --8<-- [end:keep_best]


def _a_best(args: Arguments) -> None:
    """best is a Best, what keep_best returns."""
    if not isinstance(args["best"], Best):
        raise TypeError(
            f"best must be a Best (what keep_best returns), got "
            f"{type(args['best']).__name__}"
        )


@checked(_a_best, integers("epoch", minimum=0), integers("patience"))
# --8<-- [start:patience_ran_out]
def patience_ran_out(best: Best, epoch: int, *, patience: int) -> bool:
    """Early stopping's rule: stop once `patience` epochs in a row (at least 1)
    have passed without a new best validation loss."""
    if patience < 1:
        raise ValueError(f"patience must be at least 1, got {patience}")
    return epoch - best.epoch >= patience


# --8<-- [end:patience_ran_out]


# --8<-- [start:Training]
class Training(NamedTuple):
    """A training run, one entry per epoch (epoch 0 is before the first step)."""

    params: np.ndarray  # to keep: the best epoch's with early stopping, else the last
    train_loss: np.ndarray  # the loss on the whole training set (no penalty)
    val_loss: np.ndarray  # the loss on the whole validation set
    train_accuracy: np.ndarray  # empty unless an accuracy function was given
    val_accuracy: np.ndarray
    best_epoch: int  # the epoch of the lowest validation loss
    stopped_by: str  # "epochs" (all done), "early stopping" or "diverged"
    reason: str  # the same, in a sentence a page can print


# --8<-- [end:Training]


def _pairs(*names: str) -> Rule:
    """Each named argument is an (X, y) pair: one row of X per entry of y."""

    def rule(args: Arguments) -> None:
        for name in names:
            pair = args[name]
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise TypeError(f"{name} must be a pair (X, y), got {pair!r:.60}")
            X, y = (np.asarray(part) for part in pair)
            if y.ndim != 1 or X.ndim == 0 or len(X) != len(y) or len(y) == 0:
                raise ValueError(
                    f"{name} must be (X, y) with one row of X per entry of a 1-D y, "
                    f"got shapes {X.shape} and {y.shape}"
                )
            args[name] = (X, y)

    return rule


def _optional(rule: Rule, name: str) -> Rule:
    """``name`` is None (off), or else ``rule``."""

    def check(args: Arguments) -> None:
        if args[name] is not None:
            rule(args)

    return check


@checked(
    functions("loss", "grad", "init", "step"),
    arrays("params0"),
    _pairs("train", "val"),
    integers("epochs", minimum=0),
    integers("batch_size"),
    integers("seed", minimum=0),
    non_negative("l2"),
    positive("max_norm"),
    _optional(integers("patience"), "patience"),
    _optional(functions("accuracy"), "accuracy"),
)
# --8<-- [start:fit]
def fit(
    loss: Callable[[np.ndarray, np.ndarray, np.ndarray], float],
    grad: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    params0: np.ndarray,
    train: tuple[np.ndarray, np.ndarray],
    val: tuple[np.ndarray, np.ndarray],
    *,
    init: Callable,
    step: Callable,
    epochs: int,
    batch_size: int,
    seed: int,
    l2: float = 0.0,
    patience: int | None = None,
    accuracy: Callable | None = None,
    max_norm: float = 1e8,
) -> Training:
    """Train params0 on train = (X, y) for up to `epochs` epochs. Every epoch,
    for each mini-batch b (minibatches, reshuffled from `seed`), take one step
    of the optimizer (init, step: a pair from optimizers.py, its hyperparameters
    bound, e.g. functools.partial(adam_step, lr=0.01)) on the gradient
    grad(params, X[b], y[b]) + l2 * params (the gradient of l2_penalty). After
    every epoch record loss(params, X, y) on train and val, and accuracy too
    when given. With patience, stop early once the validation loss has not
    improved for patience epochs, and return the params of the epoch with the
    lowest validation loss, not the last. A run whose gradient or params stop
    being finite, or whose |params| passes max_norm * max(1, |params0|), stops
    as "diverged" with its records up to the last whole epoch, and returns
    that best epoch's params too.
    """
    X, y = (np.asarray(part, dtype=float) for part in train)  # lists work too
    X_val, y_val = (np.asarray(part, dtype=float) for part in val)
    params = np.array(params0, dtype=float)
    state, rng = init(params), np.random.default_rng(seed)
    norm = np.linalg.norm
    limit = max_norm * max(1.0, float(norm(params)))
    records = {"train_loss": [], "val_loss": [], "train_acc": [], "val_acc": []}
    best, stopped_by, reason = None, "epochs", f"{epochs} epochs done"
    for epoch in range(epochs + 1):
        batches = minibatches(len(y), batch_size, rng=rng) if epoch else []
        for b in batches:  # epoch 0 only records the starting point
            g = grad(params, X[b], y[b]) + l2 * params  # the L2 penalty's gradient
            with np.errstate(over="ignore", invalid="ignore"):
                if np.all(np.isfinite(g)):
                    params, state = step(params, g, state)
                blew_up = not (np.all(np.isfinite(g)) and norm(params) <= limit)
            if blew_up:  # the norm test is also true for inf and nan
                stopped_by = "diverged"
                reason = f"diverged in epoch {epoch}: the step is too large"
                break
        if stopped_by == "diverged":
            break
        records["train_loss"].append(loss(params, X, y))
        records["val_loss"].append(loss(params, X_val, y_val))
        if accuracy is not None:
            records["train_acc"].append(accuracy(params, X, y))
            records["val_acc"].append(accuracy(params, X_val, y_val))
        best = keep_best(best, epoch, records["val_loss"][-1], params)
        if patience is not None and patience_ran_out(best, epoch, patience=patience):
            stopped_by = "early stopping"
            reason = f"no better validation loss in the {patience} epochs to {epoch}"
            break
    if patience is not None or stopped_by == "diverged":
        params = best.params
        reason += f"; the params of epoch {best.epoch} are back"
    history = [np.array(records[key]) for key in records]
    return Training(params, *history, best.epoch, stopped_by, reason)


# --8<-- [end:fit]
