"""SGD and mini-batches: shuffled batches, a run of mini-batch SGD that records
its loss against epochs and against examples processed, and the noise of the
mini-batch gradient, measured and predicted.

The loss and gradient functions it trains take any batch: ``loss(w, X, y)``
and ``grad(w, X, y)`` with one example per row of X and per entry of y (as
``linear_mse`` and ``linear_mse_grad`` in gd_snippets/problems.py do).
"""

# --8<-- [start:imports]
import timeit
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import (
    Arguments,
    arrays,
    checked,
    functions,
    integers,
    positive,
)
from gd_snippets.descent import _rate_or_schedule


def _a_generator(args: Arguments) -> None:
    """rng is a numpy Generator, np.random.default_rng(seed), not a seed."""
    if not isinstance(args["rng"], np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator, np.random.default_rng(seed), got "
            f"{type(args['rng']).__name__}: one Generator for all epochs draws a "
            f"new order every epoch, where a seed would repeat the same one"
        )


def _a_flag(name: str) -> Callable[[Arguments], None]:
    """``name`` is True or False."""

    def rule(args: Arguments) -> None:
        if not isinstance(args[name], bool | np.bool_):
            raise TypeError(f"{name} must be True or False, got {args[name]!r}")
        args[name] = bool(args[name])

    return rule


def _batch_size_of(n: str) -> Callable[[Arguments], None]:
    """batch_size is an int from 1 to the number of examples ``n`` (an int
    argument, or the length of an array argument)."""

    def rule(args: Arguments) -> None:
        integers("batch_size")(args)
        count = args[n] if isinstance(args[n], int) else len(args[n])
        if args["batch_size"] > count:
            raise ValueError(
                f"batch_size must be at most the number of examples ({count}), "
                f"got {args['batch_size']}"
            )

    return rule


def _examples(args: Arguments) -> None:
    """X and y hold the same number of examples (rows of X, entries of y). Their
    dtypes are kept: y may hold integer class labels."""
    for name in ("X", "y"):
        value = args[name]
        if isinstance(value, str | bytes) or value is None:
            raise TypeError(f"{name} must be an array, got {type(value).__name__}")
        args[name] = np.asarray(value)
        if args[name].ndim == 0 or len(args[name]) == 0:
            raise ValueError(
                f"{name} must hold at least one example, got shape {args[name].shape}"
            )
    if len(args["X"]) != len(args["y"]):
        raise ValueError(
            f"X and y must hold the same number of examples (rows of X, entries "
            f"of y), got {len(args['X'])} and {len(args['y'])}"
        )


@checked(integers("n"), _batch_size_of("n"), _a_generator, _a_flag("drop_last"))
# --8<-- [start:minibatches]
def minibatches(
    n: int, batch_size: int, *, rng: np.random.Generator, drop_last: bool = False
) -> Iterator[np.ndarray]:
    """One epoch of mini-batches: the indices 0, ..., n - 1 in a new random
    order, cut into consecutive arrays of batch_size indices, so that every
    example is used exactly once. When batch_size does not divide n, the last
    batch holds the n % batch_size left over; drop_last=True leaves it out (then
    every batch has the same size). Pass the same rng every epoch: each call
    draws a new order, so the batches are reshuffled every epoch.
    """
    for name, value in (("n", n), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {value!r}")
    if not 1 <= batch_size <= n:  # else an empty epoch, or a silent full batch
        raise ValueError(f"batch_size must be from 1 to n = {n}, got {batch_size}")
    if not isinstance(rng, np.random.Generator):  # a seed would repeat one order
        raise TypeError(f"rng must be a numpy Generator (default_rng), got {rng!r}")
    order = rng.permutation(n)
    end = n - n % batch_size if drop_last else n
    for start in range(0, end, batch_size):
        yield order[start : start + batch_size]


# --8<-- [end:minibatches]


# --8<-- [start:SGDRun]
class SGDRun(NamedTuple):
    """A run of mini-batch SGD, with the loss on all the data after every step."""

    w: np.ndarray  # the parameters at the end (the last finite ones if diverged)
    examples: np.ndarray  # examples processed: 0, then after each step
    losses: np.ndarray  # the loss on all the data at each of those points
    epoch_losses: np.ndarray  # the same at the start and after each whole epoch
    stopped_by: str  # "epochs" (all done) or "diverged"
    reason: str  # the same, in a sentence a page can print


# --8<-- [end:SGDRun]


@checked(
    functions("loss", "grad"),
    arrays("w0"),
    _examples,
    _rate_or_schedule,
    _batch_size_of("y"),
    integers("epochs", minimum=0),
    integers("seed", minimum=0),
    _a_flag("drop_last"),
    positive("max_norm"),
)
# --8<-- [start:minibatch_sgd]
def minibatch_sgd(
    loss: Callable[[np.ndarray, np.ndarray, np.ndarray], float],
    grad: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    w0: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float | Callable[[int], float],
    batch_size: int,
    epochs: int,
    seed: int,
    drop_last: bool = False,
    max_norm: float = 1e8,
) -> SGDRun:
    """Mini-batch SGD from w0: every epoch, reshuffle (minibatches) and, for each
    batch b, step w <- w - lr * grad(w, X[b], y[b]). batch_size = len(y) is
    full-batch gradient descent, batch_size = 1 plain SGD. lr is a number or a
    schedule of the step t = 0, 1, ... After every step the loss on all the data
    is recorded against the examples processed: cheap here, but for a big data
    set record less often in your own loop. A run whose loss stops being finite
    or whose |w| passes max_norm * max(1, |w0|) stops as "diverged".
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int | np.integer):
        raise TypeError(f"epochs must be an integer, got {epochs!r}")
    if epochs < 0:
        raise ValueError(f"epochs must be an integer, at least 0, got {epochs}")
    X, y = np.asarray(X), np.asarray(y)  # lists can't be indexed by a batch
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=float)
    examples, losses = [0], [float(loss(w, X, y))]
    epoch_losses = [losses[0]]
    limit = max_norm * max(1.0, float(np.linalg.norm(w)))
    stopped_by, reason = "epochs", f"{epochs} epochs done"
    step = 0
    for epoch in range(1, epochs + 1):
        for batch in minibatches(len(y), batch_size, rng=rng, drop_last=drop_last):
            g = np.asarray(grad(w, X[batch], y[batch]), dtype=float)
            if g.shape != w.shape:  # w - lr * g would broadcast into nonsense
                raise ValueError(
                    f"grad(w, X, y) must have the shape of w0, {w.shape}, got {g.shape}"
                )
            rate = lr(step) if callable(lr) else lr
            if not 0 <= rate < np.inf:
                raise ValueError(f"lr must be finite and at least 0, got {rate}")
            with np.errstate(over="ignore", invalid="ignore"):
                new_w = w - rate * g
                exploded = not np.linalg.norm(new_w) <= limit  # true for nan too
                value = np.nan if exploded else float(loss(new_w, X, y))
            step += 1
            if not np.isfinite(value):
                stopped_by = "diverged"
                reason = (
                    f"diverged at step {step} (epoch {epoch}): lr={rate:g} is too "
                    f"large for batches of {batch_size}"
                )
                break
            w = new_w
            examples.append(examples[-1] + len(batch))
            losses.append(value)
        if stopped_by == "diverged":
            break
        epoch_losses.append(losses[-1])
    if stopped_by == "epochs" and losses[-1] > losses[0]:
        reason += f", but the loss rose from {losses[0]:.4g} to {losses[-1]:.4g}"
        reason += ": the learning rate is too large"
    return SGDRun(
        w,
        np.array(examples),
        np.array(losses),
        np.array(epoch_losses),
        stopped_by,
        reason,
    )


# --8<-- [end:minibatch_sgd]


@checked(
    functions("grad"),
    arrays("w"),
    _examples,
    _batch_size_of("y"),
    integers("draws"),
    integers("seed", minimum=0),
)
# --8<-- [start:gradient_variance]
def gradient_variance(
    grad: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    w: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    *,
    batch_size: int,
    draws: int,
    seed: int,
) -> float:
    """How noisy the mini-batch gradient is at w, measured: the mean over `draws`
    random batches (drawn without replacement, as minibatches does) of the
    squared distance |g_B - g|^2 between the batch's gradient g_B and the
    gradient g on all the data.
    """
    for name, value in (("batch_size", batch_size), ("draws", draws)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {value!r}")
    X, y = np.asarray(X), np.asarray(y)  # lists can't be indexed by a batch
    if not 1 <= batch_size <= len(y):
        raise ValueError(f"batch_size must be from 1 to N = {len(y)}, got {batch_size}")
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    rng = np.random.default_rng(seed)
    full = grad(w, X, y)
    total = 0.0
    for _ in range(draws):
        batch = rng.choice(len(y), size=batch_size, replace=False)
        total += float(np.sum((grad(w, X[batch], y[batch]) - full) ** 2))
    return total / draws


# --8<-- [end:gradient_variance]


def _per_example(args: Arguments) -> None:
    """per_example is a 2-D array holding the gradients of at least 2 examples,
    one per row; batch_size is an int from 1 to their number."""
    arrays("per_example", ndim=2)(args)
    if len(args["per_example"]) < 2:  # (N - B) / (N - 1) would be 0 / 0
        raise ValueError(
            f"per_example must hold the gradients of at least 2 examples, got "
            f"{len(args['per_example'])}"
        )
    integers("batch_size")(args)
    if args["batch_size"] > len(args["per_example"]):
        raise ValueError(
            f"batch_size must be at most the number of examples "
            f"({len(args['per_example'])}), got {args['batch_size']}"
        )


@checked(_per_example)
# --8<-- [start:sampling_variance]
def sampling_variance(per_example: np.ndarray, batch_size: int) -> float:
    """What theory predicts for gradient_variance, from the N per-example
    gradients (rows of per_example, whose mean is the full gradient g): the
    mean of B of them, drawn without replacement, is off by

    E|g_B - g|^2 = s2 / B * (N - B) / (N - 1),  s2 = mean_i |g_i - g|^2.

    The factor (N - B) / (N - 1), the finite-population correction, is about 1
    for B much smaller than N, and 0 at B = N: the whole data set has no noise.
    """
    per_example = np.asarray(per_example, dtype=float)
    if per_example.ndim != 2:
        raise ValueError(f"per_example must be (N, d), got shape {per_example.shape}")
    n = len(per_example)
    if n < 2:  # (N - B) / (N - 1) would be 0 / 0
        raise ValueError(
            f"per_example must hold the gradients of at least 2 examples, got {n}"
        )
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be from 1 to N = {n}, got {batch_size}")
    s2 = np.mean(np.sum((per_example - per_example.mean(axis=0)) ** 2, axis=1))
    return float(s2 / batch_size * (n - batch_size) / (n - 1))


# --8<-- [end:sampling_variance]


@checked(functions("grad"), arrays("w"), _examples, integers("repeats"))
# --8<-- [start:time_vectorization]
def time_vectorization(
    grad: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    w: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    *,
    repeats: int = 20,
) -> tuple[float, float]:
    """Seconds to compute the gradient on all the examples of X and y, (1) in one
    call on the whole batch and (2) one example at a time, one call each,
    averaged: the same gradient, two ways. Each is the fastest of `repeats`
    timings, the one least disturbed by whatever else the machine was doing.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")

    def at_once() -> np.ndarray:
        return grad(w, X, y)

    def one_at_a_time() -> np.ndarray:
        return sum(grad(w, X[i : i + 1], y[i : i + 1]) for i in range(len(y))) / len(y)

    return tuple(
        min(timeit.repeat(way, number=1, repeat=repeats))
        for way in (at_once, one_at_a_time)
    )


# --8<-- [end:time_vectorization]
