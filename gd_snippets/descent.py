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
)


# --8<-- [start:Descent]
class Descent(NamedTuple):
    """A run of gradient descent, ready to draw and explain."""

    path: np.ndarray  # every point visited, shape (steps + 1, *w0.shape)
    losses: np.ndarray  # the loss at each of those points, shape (steps + 1,)
    stopped_by: str  # "gradient", "loss change", "budget" or "diverged"
    reason: str  # the same, in a sentence a page can print


# --8<-- [end:Descent]


def _rate_or_schedule(args: dict) -> None:
    """lr is a number greater than 0, or a schedule: a function of the step."""
    if not callable(args["lr"]):
        positive("lr")(args)


@checked(
    functions("loss", "grad"),
    arrays("w0"),
    _rate_or_schedule,
    positive("max_norm"),
    integers("max_steps", minimum=0),
    non_negative("grad_tol", "loss_tol"),
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
) -> Descent:
    """Repeat w <- w - lr * grad(w) from w0 until a stopping rule fires:

    "gradient": the gradient's norm is below grad_tol (0 switches it off);
    "loss change": one step changed the loss by less than loss_tol (0: off);
    "budget": max_steps steps are done;
    "diverged": w or the loss stopped being finite, or |w| passed max_norm.
    A diverged run keeps its path up to the last finite point. lr is a number,
    or a schedule: a function giving the rate of each step t = 0, 1, 2, ...
    """
    w = np.array(w0, dtype=float)
    path, losses = [w], [float(np.squeeze(loss(w)))]
    stopped_by, reason = "budget", f"the budget of {max_steps} steps ran out"
    for step in range(1, max_steps + 1):
        g = np.asarray(grad(w), dtype=float)
        if np.linalg.norm(g) < grad_tol:
            stopped_by = "gradient"
            reason = f"|gradient| fell below {grad_tol:g} after {step - 1} steps"
            break
        rate = lr(step - 1) if callable(lr) else lr
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - rate * g
            exploded = not np.all(np.isfinite(w)) or np.linalg.norm(w) > max_norm
            value = np.inf if exploded else float(np.squeeze(loss(w)))
        if not np.isfinite(value):
            stopped_by = "diverged"
            what = f"|w| passed {max_norm:g}" if exploded else "the loss overflowed"
            reason = f"diverged at step {step}: {what}, so lr={rate:g} is too large"
            break
        path.append(w)
        losses.append(value)
        if abs(losses[-2] - value) < loss_tol:
            stopped_by = "loss change"
            reason = f"the loss changed by less than {loss_tol:g} at step {step}"
            break
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
    return run.path


# --8<-- [end:gradient_descent]
