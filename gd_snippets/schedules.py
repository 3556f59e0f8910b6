"""Learning-rate schedules: the learning rate as a function of the step t.

Each schedule is a pure function of a whole number t >= 0, counted from 0: the
optimizer's steps, or epochs if you call it once per epoch. Its settings are
keyword-only, with PyTorch's defaults where ``torch.optim.lr_scheduler`` has one.
"""

# --8<-- [start:imports]
import math
from collections.abc import Callable

# --8<-- [end:imports]
from gd_snippets._checks import (
    Arguments,
    Rule,
    checked,
    functions,
    integers,
    non_negative,
    positive,
)


def _between_0_and_1(name: str, *, zero_allowed: bool) -> Rule:
    """``name`` is a number in [0, 1] (or (0, 1] when zero is not allowed)."""

    def rule(args: Arguments) -> None:
        (non_negative if zero_allowed else positive)(name)(args)
        if args[name] > 1:
            interval = "[0, 1]" if zero_allowed else "(0, 1]"
            raise ValueError(f"{name} must be in {interval}, got {args[name]:g}")

    return rule


def _lr_min_at_most_lr0(args: Arguments) -> None:
    """lr_min is at most lr0."""
    if args["lr_min"] > args["lr0"]:
        raise ValueError(
            f"lr_min must be at most lr0 ({args['lr0']:g}), got {args['lr_min']:g}"
        )


@checked(integers("t", minimum=0), positive("lr"))
# --8<-- [start:constant]
def constant(t: int, *, lr: float) -> float:
    """The same rate at every step: lr(t) = lr."""
    return lr


# --8<-- [end:constant]


@checked(
    integers("t", minimum=0),
    positive("lr0"),
    integers("every"),
    _between_0_and_1("factor", zero_allowed=False),
)
# --8<-- [start:step_decay]
def step_decay(t: int, *, lr0: float, every: int, factor: float = 0.1) -> float:
    """Multiply the rate by factor every `every` steps (factor 0.5: halve it):

    lr(t) = lr0 * factor ** floor(t / every).
    """
    return lr0 * factor ** (t // every)


# --8<-- [end:step_decay]


@checked(integers("t", minimum=0), positive("lr0"), non_negative("k"))
# --8<-- [start:exponential_decay]
def exponential_decay(t: int, *, lr0: float, k: float) -> float:
    """Shrink the rate by the same fraction at every step:

    lr(t) = lr0 * exp(-k * t).
    """
    return lr0 * math.exp(-k * t)


# --8<-- [end:exponential_decay]


@checked(integers("t", minimum=0), positive("lr0"), non_negative("k"))
# --8<-- [start:inverse_time_decay]
def inverse_time_decay(t: int, *, lr0: float, k: float) -> float:
    """Decay like 1 / t, slowly at the end: lr(t) = lr0 / (1 + k * t)."""
    return lr0 / (1 + k * t)


# --8<-- [end:inverse_time_decay]


@checked(
    integers("t", minimum=0),
    positive("lr0"),
    integers("total_steps"),
    non_negative("lr_min"),
    _lr_min_at_most_lr0,
)
# --8<-- [start:cosine_decay]
def cosine_decay(t: int, *, lr0: float, total_steps: int, lr_min: float = 0.0) -> float:
    """Half a cosine wave from lr0 down to lr_min over T = total_steps steps,
    then flat at lr_min:

    lr(t) = lr_min + (lr0 - lr_min) * (1 + cos(pi * min(t, T) / T)) / 2.
    """
    progress = min(t, total_steps) / total_steps
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * progress)) / 2


# --8<-- [end:cosine_decay]


@checked(
    integers("t", minimum=0),
    functions("decay"),
    integers("warmup_steps", minimum=0),
    _between_0_and_1("start_factor", zero_allowed=True),
)
# --8<-- [start:warmup]
def warmup(
    t: int,
    *,
    decay: Callable[[int], float],
    warmup_steps: int,
    start_factor: float = 1 / 3,
) -> float:
    """A linear ramp from start_factor * decay(0) up to decay(0) over warmup_steps
    steps, then the schedule decay, started afresh (W = warmup_steps):

    lr(t) = decay(0) * (start_factor + (1 - start_factor) * t / W)  for t < W,
    lr(t) = decay(t - W)                                             for t >= W.
    """
    if t < warmup_steps:
        return decay(0) * (start_factor + (1 - start_factor) * t / warmup_steps)
    return decay(t - warmup_steps)


# --8<-- [end:warmup]
