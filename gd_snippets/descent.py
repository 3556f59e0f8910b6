"""Gradient descent: a run with its path, its losses and why it stopped."""

# --8<-- [start:imports]
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import (
    arrays,
    checked,
    functions,
    integers,
    non_negative,
    positive,
    reals,
)


# --8<-- [start:Descent]
class Descent(NamedTuple):
    """A run of gradient descent, ready to draw and explain."""

    path: np.ndarray  # every point visited, shape (steps + 1, *w0.shape)
    losses: np.ndarray  # the loss at each of those points, shape (steps + 1,)
    stopped_by: str  # "gradient", "loss change", "loss target", "budget", "diverged"
    reason: str  # the same, in a sentence a page can print


# --8<-- [end:Descent]


def _rate_or_schedule(args: dict) -> None:
    """lr is a number greater than 0, or a schedule: a function of the step."""
    if not callable(args["lr"]):
        positive("lr")(args)


def _optional_target(args: dict) -> None:
    """loss_target is None (off) or a finite real number."""
    if args["loss_target"] is not None:
        reals("loss_target")(args)


@checked(
    functions("loss", "grad"),
    arrays("w0"),
    _rate_or_schedule,
    positive("max_norm"),
    integers("max_steps", minimum=0),
    non_negative("grad_tol", "loss_tol"),
    _optional_target,
)
# --8<-- [start:descend]
def descend(
    loss: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    w0: np.ndarray,
    *,
    lr: float | Callable[[int], float],
    max_steps: int,
    grad_tol: float = 0.0,
    loss_tol: float = 0.0,
    max_norm: float = 1e8,
    loss_target: float | None = None,
) -> Descent:
    """Repeat w <- w - lr * grad(w) from w0 until a stopping rule fires:

    "gradient": the gradient's norm is at most grad_tol (0: only exactly 0);
    "loss change": one step changed the loss by less than loss_tol (0: off);
    "loss target": the loss is at most loss_target (None: off);
    "budget": max_steps steps are done (the reason says if the loss rose);
    "diverged": the gradient or the loss stopped being finite, or |w| passed
    max_norm * max(1, |w0|). A diverged run keeps its path up to the last
    finite point. lr is a number, or a schedule: a function giving the rate
    (finite, at least 0) of each step t = 0, 1, 2, ... The whole path is kept,
    (steps + 1) * w0.size floats: for big models, record what you need in your
    own loop instead.
    """
    if not isinstance(max_steps, int | np.integer) or max_steps < 0:
        raise ValueError(f"max_steps must be a whole number >= 0, got {max_steps!r}")
    w = np.array(w0, dtype=float)
    path, losses = [w], [float(np.squeeze(loss(w)))]
    if not np.isfinite(losses[0]):
        raise ValueError(f"loss(w0) must be finite, got {losses[0]}")
    limit = max_norm * max(1.0, float(np.linalg.norm(w)))
    stopped_by, reason = "budget", f"the budget of {max_steps} steps ran out"
    for step in range(1, max_steps + 1):
        if loss_target is not None and losses[-1] <= loss_target:
            stopped_by = "loss target"
            steps = f"{step - 1} step{'s' if step != 2 else ''}"
            reason = f"the loss reached {loss_target:g} after {steps}"
            break
        g = np.asarray(grad(w), dtype=float)
        if g.shape != w.shape:  # w - lr * g would broadcast into nonsense
            raise ValueError(
                f"grad(w) must have the shape of w0, {w.shape}, got {g.shape}"
            )
        if not np.all(np.isfinite(g)):
            stopped_by = "diverged"
            reason = f"diverged: the gradient is not finite at step {step}"
            break
        if np.linalg.norm(g) <= grad_tol:
            stopped_by = "gradient"
            small = f"fell below {grad_tol:g}" if grad_tol else "is exactly 0"
            steps = f"{step - 1} step{'s' if step != 2 else ''}"
            reason = f"|gradient| {small} after {steps}"
            break
        rate = lr(step - 1) if callable(lr) else lr
        if not 0 <= rate < np.inf:  # a schedule's rate; also false for nan
            raise ValueError(
                f"lr must be finite and at least 0, got {rate} at step {step}"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - rate * g
            exploded = not np.linalg.norm(w) <= limit  # also true for inf or nan
            value = np.nan if exploded else float(np.squeeze(loss(w)))
        if exploded or not np.isfinite(value):
            stopped_by = "diverged"
            what = f"|w| passed {limit:g}" if exploded else f"the loss became {value}"
            reason = f"diverged at step {step}: {what}, so lr={rate:g} is too large"
            break
        path.append(w)
        losses.append(value)
        if abs(losses[-2] - value) < loss_tol:
            stopped_by = "loss change"
            reason = f"the loss changed by less than {loss_tol:g} at step {step}"
            break
    else:
        if losses[-1] > losses[0]:
            digits = 4 if f"{losses[0]:.4g}" != f"{losses[-1]:.4g}" else 10
            first, last = f"{losses[0]:.{digits}g}", f"{losses[-1]:.{digits}g}"
            reason += f", and the loss rose from {first} to {last}"
            reason += ": the learning rate is too large"
    return Descent(np.stack(path), np.array(losses), stopped_by, reason)


# --8<-- [end:descend]


@checked(
    functions("grad"),
    arrays("w0"),
    positive("lr", "max_norm"),
    integers("steps", minimum=0),
)
# --8<-- [start:gradient_descent]
def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    w0: np.ndarray,
    *,
    lr: float,
    steps: int,
    max_norm: float = 1e8,
) -> np.ndarray:
    """Repeat w <- w - lr * grad(w); return the path, shape (steps + 1, *w0.shape).

    The fixed-budget form of ``descend`` (embed the two together), without a
    loss. Raises FloatingPointError as soon as w explodes (its norm passes
    max_norm) or stops being finite: the learning rate is too large here.
    """
    run = descend(lambda w: 0.0, grad, w0, lr=lr, max_steps=steps, max_norm=max_norm)
    if run.stopped_by == "diverged":
        step = len(run.path)
        raise FloatingPointError(
            f"gradient descent diverged at step {step}: lr={lr:g} is too large"
        )
    # A zero gradient stops descend early; w would stay put, so repeat it.
    missing = steps + 1 - len(run.path)
    return np.concatenate([run.path, np.repeat(run.path[-1:], missing, axis=0)])


# --8<-- [end:gradient_descent]
