"""A learning-rate sweep: one problem, many learning rates, what each run did.

Built on ``descend`` (gd_snippets/descent.py): a page embeds its sections
before these, so the imports section here holds only what this file adds.
"""

# --8<-- [start:imports]
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import (
    Arguments,
    arrays,
    checked,
    functions,
    integers,
    non_negative,
)
from gd_snippets.descent import Descent, descend

STATUSES = ("converged", "oscillated", "unfinished", "diverged")


def _a_descent(args: Arguments) -> None:
    """run is a Descent, what descend returns."""
    if not isinstance(args["run"], Descent):
        raise TypeError(
            f"run must be a Descent (what descend returns), got "
            f"{type(args['run']).__name__}"
        )


def _positive_rates(args: Arguments) -> None:
    """lrs is a 1-D array of learning rates, each greater than 0."""
    arrays("lrs", ndim=1)(args)
    if np.any(args["lrs"] <= 0):
        raise ValueError(
            f"lrs must all be greater than 0, got {args['lrs'].min():g} among them"
        )


@checked(_a_descent, integers("window", minimum=2))
# --8<-- [start:classify_run]
def classify_run(run: Descent, *, window: int = 10) -> str:
    """What a run of descend did, from why it stopped and from its last `window`
    steps (all of them if it took fewer):

    "converged": any other stopping rule stopped it (the gradient is small, the
    loss stopped changing or reached its target);
    "diverged": it blew up (descend stopped it), or the budget ran out while the
    loss rose at every step to the highest it had been (a run that bounces for
    good can rise for a while, back to heights it had already been at);
    "oscillated": the budget ran out while its steps kept turning back (more
    than half of the pairs of consecutive steps point in opposite directions,
    their dot product is negative) and the loss was not falling at every step;
    "unfinished": the budget ran out while it was still heading one way, or
    zig-zagging in with the loss falling at every step.
    Give descend a tolerance (grad_tol > 0): at grad_tol = 0 a run that reached
    the minimum can zig-zag by rounding errors until the budget runs out, and
    reads "oscillated".
    """
    if run.stopped_by not in ("budget", "diverged"):
        return "converged"
    losses, last = run.losses[-(window + 1) :], run.path[-(window + 1) :]
    rising = len(losses) > 2 and all(np.diff(losses) > 0)
    rising = rising and run.losses[-1] >= run.losses.max()
    if run.stopped_by == "diverged" or rising:
        return "diverged"
    steps = np.diff(last.reshape(len(last), -1), axis=0)
    turns = np.sum(steps[1:] * steps[:-1], axis=1) < 0
    falling = len(losses) > 2 and all(np.diff(losses) < 0)
    if turns.size and turns.mean() > 0.5 and not falling:
        return "oscillated"
    return "unfinished"


# --8<-- [end:classify_run]


# --8<-- [start:SweptRun]
class SweptRun(NamedTuple):
    """One learning rate of a sweep: how its run ended, and the run itself."""

    lr: float
    final_loss: float  # the loss at the last point; inf if descend saw it blow up
    status: str  # "converged", "oscillated", "unfinished" or "diverged"
    run: Descent


# --8<-- [end:SweptRun]


@checked(
    functions("loss", "grad"),
    arrays("w0"),
    _positive_rates,
    integers("max_steps"),
    non_negative("grad_tol", "loss_tol"),
)
# --8<-- [start:sweep_learning_rates]
def sweep_learning_rates(
    loss: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    w0: np.ndarray,
    *,
    lrs: np.ndarray,
    max_steps: int,
    grad_tol: float = 1e-8,
    loss_tol: float = 0.0,
) -> list[SweptRun]:
    """Run descend from w0 once per learning rate in lrs, with the same budget
    and tolerances, and say how each run ended (see classify_run). A run that
    blew up is a result like any other, with a final loss of inf."""
    results = []
    for lr in lrs:
        run = descend(
            loss,
            grad,
            w0,
            lr=float(lr),
            max_steps=max_steps,
            grad_tol=grad_tol,
            loss_tol=loss_tol,
        )
        blew_up = run.stopped_by == "diverged"
        final_loss = np.inf if blew_up else float(run.losses[-1])
        results.append(SweptRun(float(lr), final_loss, classify_run(run), run))
    return results


# --8<-- [end:sweep_learning_rates]
