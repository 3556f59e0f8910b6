"""Optimizers beyond plain gradient descent, one copyable pair of functions each.

Every optimizer is ``<name>_init(params) -> state`` and
``<name>_step(params, grads, state, *, lr, ...) -> (new_params, new_state)``:
pure functions on numpy arrays (nothing is changed in place), the state a small
``NamedTuple`` whose fields carry PyTorch's names for the same buffers, the
hyperparameters keyword-only with PyTorch's defaults.

Matched against: the update rules and defaults that ``torch.optim`` documents
for PyTorch 2.9 (https://docs.pytorch.org/docs/2.9/optim.html): the algorithm
boxes of ``SGD`` (with ``momentum``, and with ``nesterov=True``), ``Adagrad``,
``RMSprop``, ``Adam`` and ``AdamW``, read in the class docstrings of
torch/optim/{sgd,adagrad,rmsprop,adam,adamw}.py (main branch; sgd.py at commit
0316fdce). Torch is not a dependency: tests/test_optimizers.py checks the first
steps against values worked out by hand from those rules. In float64 a run
gives PyTorch's numbers to within rounding: PyTorch orders a few float
operations differently (Adam's bias corrections, for one).
Left out: ``maximize``, ``amsgrad``, Adam's ``decoupled_weight_decay`` (which
makes it AdamW), sparse gradients and the speed and autograd switches
(``foreach``, ``fused``, ``capturable``, ``differentiable``).
``momentum`` has no default in ``momentum_step`` and ``nesterov_step``: PyTorch's
default of 0 switches momentum off.
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
    same_shape,
)
from gd_snippets.descent import Descent


def _fraction(name: str, *, zero_allowed: bool = True) -> Rule:
    """``name`` is a number in [0, 1), or in (0, 1) when zero is not allowed."""

    def rule(args: Arguments) -> None:
        reals(name)(args)
        value = args[name]
        if not (0 <= value < 1) or (value == 0 and not zero_allowed):
            interval = "[0, 1)" if zero_allowed else "(0, 1)"
            raise ValueError(f"{name} must be in {interval}, got {value:g}")

    return rule


def _dampening(args: Arguments) -> None:
    """dampening is a number in [0, 1]."""
    reals("dampening")(args)
    if not 0 <= args["dampening"] <= 1:
        raise ValueError(f"dampening must be in [0, 1], got {args['dampening']:g}")


def _betas(args: Arguments) -> None:
    """betas is a pair (beta1, beta2) of numbers in [0, 1)."""
    betas = args["betas"]
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    for i, beta in enumerate(betas):
        pair = {f"betas[{i}]": beta}
        _fraction(f"betas[{i}]")(pair)
    args["betas"] = (float(betas[0]), float(betas[1]))


def _flag(name: str) -> Rule:
    """``name`` is True or False."""

    def rule(args: Arguments) -> None:
        if not isinstance(args[name], bool | np.bool_):
            raise TypeError(f"{name} must be True or False, got {args[name]!r}")
        args[name] = bool(args[name])

    return rule


def _float_arrays(*names: str) -> Rule:
    """Each named argument is a non-empty array of finite numbers, as ``arrays``
    checks, but a float array keeps its dtype: float32 params come back float32,
    as the copied code (and PyTorch) keep them, not upcast to float64."""

    def rule(args: Arguments) -> None:
        given = {name: args[name] for name in names}
        arrays(*names)(args)
        for name, value in given.items():
            if isinstance(value, np.ndarray) and np.issubdtype(
                value.dtype, np.floating
            ):
                args[name] = value

    return rule


def _params_and_grads(args: Arguments) -> None:
    """params and grads are arrays of finite numbers of the same shape (a float
    array keeps its dtype)."""
    _float_arrays("params", "grads")(args)
    same_shape("params", "grads")(args)


def _state(kind: type, init: str) -> Rule:
    """state is the ``kind`` that ``init`` returns: its arrays have the shape of
    params and its step count, if it keeps one, is an int of at least 0."""

    def rule(args: Arguments) -> None:
        state, shape = args["state"], args["params"].shape
        if type(state) is not kind:
            raise TypeError(
                f"state must be the {kind.__name__} that {init} returns, "
                f"got {type(state).__name__}"
            )
        for field, value in state._asdict().items():
            if field == "step":
                if not isinstance(value, int | np.integer) or value < 0:
                    raise ValueError(f"state.step must be an int >= 0, got {value!r}")
            elif np.shape(value) != shape:
                raise ValueError(
                    f"state.{field} must have the shape of params, {shape}, "
                    f"got {np.shape(value)}: was it made for other params?"
                )

    return rule


# ---------------------------------------------------------------- plain SGD


# --8<-- [start:SGDState]
class SGDState(NamedTuple):
    """Plain SGD remembers nothing between steps."""


# --8<-- [end:SGDState]


@checked(_float_arrays("params"))
# --8<-- [start:sgd_init]
def sgd_init(params: np.ndarray) -> SGDState:
    """Nothing to set up."""
    return SGDState()


# --8<-- [end:sgd_init]


@checked(
    _params_and_grads,
    _state(SGDState, "sgd_init"),
    positive("lr"),
    non_negative("weight_decay"),
)
# --8<-- [start:sgd_step]
def sgd_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: SGDState,
    *,
    lr: float = 1e-3,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, SGDState]:
    """torch.optim.SGD: theta <- theta - lr * g, where g = grads + weight_decay * theta
    (weight decay as an L2 penalty added to the gradient)."""
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0 + weight_decay * params
    return params - lr * g, state


# --8<-- [end:sgd_step]


# ----------------------------------------------------------------- momentum


# --8<-- [start:MomentumState]
class MomentumState(NamedTuple):
    """What momentum_step carries between steps (PyTorch's names)."""

    momentum_buffer: np.ndarray  # b: a running sum of past gradients
    step: int  # steps taken so far


# --8<-- [end:MomentumState]


@checked(_float_arrays("params"))
# --8<-- [start:momentum_init]
def momentum_init(params: np.ndarray) -> MomentumState:
    """An empty buffer: the first step fills it with the first gradient."""
    return MomentumState(np.zeros_like(params), 0)


# --8<-- [end:momentum_init]


@checked(
    _params_and_grads,
    _state(MomentumState, "momentum_init"),
    positive("lr"),
    _fraction("momentum"),
    _dampening,
    non_negative("weight_decay"),
)
# --8<-- [start:momentum_step]
def momentum_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: MomentumState,
    *,
    lr: float = 1e-3,
    momentum: float,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, MomentumState]:
    """torch.optim.SGD with momentum (heavy ball), g = grads + weight_decay * theta:

    b <- g at the first step, then b <- momentum * b + (1 - dampening) * g
    (with momentum 0, b = g: plain SGD, whatever the dampening);
    theta <- theta - lr * b.
    """
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0 + weight_decay * params
    b = g  # PyTorch starts the buffer at the first gradient, undamped,
    if state.step > 0 and momentum > 0:  # and skips it when momentum is 0
        b = momentum * state.momentum_buffer + (1 - dampening) * g
    return params - lr * b, MomentumState(b, state.step + 1)


# --8<-- [end:momentum_step]


# ----------------------------------------------------------------- Nesterov


# --8<-- [start:NesterovState]
class NesterovState(NamedTuple):
    """What nesterov_step carries between steps (PyTorch's names)."""

    momentum_buffer: np.ndarray  # b: a running sum of past gradients
    step: int  # steps taken so far


# --8<-- [end:NesterovState]


@checked(_float_arrays("params"))
# --8<-- [start:nesterov_init]
def nesterov_init(params: np.ndarray) -> NesterovState:
    """An empty buffer: the first step fills it with the first gradient."""
    return NesterovState(np.zeros_like(params), 0)


# --8<-- [end:nesterov_init]


@checked(
    _params_and_grads,
    _state(NesterovState, "nesterov_init"),
    positive("lr"),
    _fraction("momentum", zero_allowed=False),
    non_negative("weight_decay"),
)
# --8<-- [start:nesterov_step]
def nesterov_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: NesterovState,
    *,
    lr: float = 1e-3,
    momentum: float,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, NesterovState]:
    """torch.optim.SGD with nesterov=True, g = grads + weight_decay * theta:

    b <- g at the first step, then b <- momentum * b + g;
    theta <- theta - lr * (g + momentum * b): the buffer's next push, applied now.
    """
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0 + weight_decay * params
    b = g if state.step == 0 else momentum * state.momentum_buffer + g
    return params - lr * (g + momentum * b), NesterovState(b, state.step + 1)


# --8<-- [end:nesterov_step]


# ------------------------------------------------------------------ AdaGrad


# --8<-- [start:AdagradState]
class AdagradState(NamedTuple):
    """What adagrad_step carries between steps (PyTorch's names)."""

    sum: np.ndarray  # every squared gradient so far, added up
    step: int  # steps taken so far


# --8<-- [end:AdagradState]


@checked(_float_arrays("params"), non_negative("initial_accumulator_value"))
# --8<-- [start:adagrad_init]
def adagrad_init(
    params: np.ndarray, *, initial_accumulator_value: float = 0.0
) -> AdagradState:
    """The sum starts at initial_accumulator_value (PyTorch's default: 0)."""
    dtype = np.result_type(np.asarray(params), 1.0)  # ints: a float sum, not 0.1 -> 0
    return AdagradState(np.full_like(params, initial_accumulator_value, dtype), 0)


# --8<-- [end:adagrad_init]


@checked(
    _params_and_grads,
    _state(AdagradState, "adagrad_init"),
    positive("lr", "eps"),
    non_negative("lr_decay", "weight_decay"),
)
# --8<-- [start:adagrad_step]
def adagrad_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: AdagradState,
    *,
    lr: float = 1e-2,
    lr_decay: float = 0.0,
    weight_decay: float = 0.0,
    eps: float = 1e-10,
) -> tuple[np.ndarray, AdagradState]:
    """torch.optim.Adagrad, g = grads + weight_decay * theta, t = 1, 2, ...:

    sum <- sum + g**2;
    theta <- theta - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(sum) + eps).
    """
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0 + weight_decay * params
    t = state.step + 1
    total = state.sum + g**2
    rate = lr / (1 + (t - 1) * lr_decay)
    return params - rate * g / (np.sqrt(total) + eps), AdagradState(total, t)


# --8<-- [end:adagrad_step]


# ------------------------------------------------------------------ RMSprop


# --8<-- [start:RMSpropState]
class RMSpropState(NamedTuple):
    """What rmsprop_step carries between steps (PyTorch's names)."""

    square_avg: np.ndarray  # v: a moving average of squared gradients
    grad_avg: np.ndarray  # a moving average of gradients (centered only)
    momentum_buffer: np.ndarray  # b (momentum > 0 only)


# --8<-- [end:RMSpropState]


@checked(_float_arrays("params"))
# --8<-- [start:rmsprop_init]
def rmsprop_init(params: np.ndarray) -> RMSpropState:
    """All three averages start at zero."""
    return RMSpropState(
        np.zeros_like(params), np.zeros_like(params), np.zeros_like(params)
    )


# --8<-- [end:rmsprop_init]


@checked(
    _params_and_grads,
    _state(RMSpropState, "rmsprop_init"),
    positive("lr", "eps"),
    _fraction("alpha"),
    _fraction("momentum"),
    non_negative("weight_decay"),
    _flag("centered"),
)
# --8<-- [start:rmsprop_step]
def rmsprop_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: RMSpropState,
    *,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    centered: bool = False,
) -> tuple[np.ndarray, RMSpropState]:
    """torch.optim.RMSprop, g = grads + weight_decay * theta:

    v <- alpha * v + (1 - alpha) * g**2; with centered, also
    g_avg <- alpha * g_avg + (1 - alpha) * g and v~ = v - g_avg**2 (else v~ = v);
    step = g / (sqrt(v~) + eps), eps outside the root;
    theta <- theta - lr * step, or with momentum
    b <- momentum * b + step (b starts at 0) and theta <- theta - lr * b.
    """
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0 + weight_decay * params
    v = alpha * state.square_avg + (1 - alpha) * g**2
    g_avg, v_tilde = state.grad_avg, v
    if centered:
        g_avg = alpha * state.grad_avg + (1 - alpha) * g
        v_tilde = v - g_avg**2
    step = g / (np.sqrt(v_tilde) + eps)  # eps outside the square root
    b = state.momentum_buffer
    if momentum > 0:
        b = momentum * b + step  # this buffer starts at 0
        step = b
    return params - lr * step, RMSpropState(v, g_avg, b)


# --8<-- [end:rmsprop_step]


# --------------------------------------------------------------------- Adam


# --8<-- [start:AdamState]
class AdamState(NamedTuple):
    """What adam_step carries between steps (PyTorch's names)."""

    exp_avg: np.ndarray  # m: a moving average of gradients
    exp_avg_sq: np.ndarray  # v: a moving average of squared gradients
    step: int  # steps taken so far: t of the bias corrections


# --8<-- [end:AdamState]


@checked(_float_arrays("params"))
# --8<-- [start:adam_init]
def adam_init(params: np.ndarray) -> AdamState:
    """Both averages start at zero (hence the bias corrections)."""
    return AdamState(np.zeros_like(params), np.zeros_like(params), 0)


# --8<-- [end:adam_init]


@checked(
    _params_and_grads,
    _state(AdamState, "adam_init"),
    positive("lr", "eps"),
    _betas,
    non_negative("weight_decay"),
)
# --8<-- [start:adam_step]
def adam_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: AdamState,
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, AdamState]:
    """torch.optim.Adam, g = grads + weight_decay * theta (an L2 penalty, which
    the averages then rescale), t = 1, 2, ...:

    m <- beta1 * m + (1 - beta1) * g;  v <- beta2 * v + (1 - beta2) * g**2;
    theta <- theta - lr * m_hat / (sqrt(v_hat) + eps), eps outside the root,
    with m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t).
    """
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    beta1, beta2 = betas
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0 + weight_decay * params
    t = state.step + 1
    m = beta1 * state.exp_avg + (1 - beta1) * g
    v = beta2 * state.exp_avg_sq + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return params - lr * m_hat / (np.sqrt(v_hat) + eps), AdamState(m, v, t)


# --8<-- [end:adam_step]


# -------------------------------------------------------------------- AdamW


# --8<-- [start:AdamWState]
class AdamWState(NamedTuple):
    """What adamw_step carries between steps (PyTorch's names)."""

    exp_avg: np.ndarray  # m: a moving average of gradients
    exp_avg_sq: np.ndarray  # v: a moving average of squared gradients
    step: int  # steps taken so far: t of the bias corrections


# --8<-- [end:AdamWState]


@checked(_float_arrays("params"))
# --8<-- [start:adamw_init]
def adamw_init(params: np.ndarray) -> AdamWState:
    """Both averages start at zero (hence the bias corrections)."""
    return AdamWState(np.zeros_like(params), np.zeros_like(params), 0)


# --8<-- [end:adamw_init]


@checked(
    _params_and_grads,
    _state(AdamWState, "adamw_init"),
    positive("lr", "eps"),
    _betas,
    non_negative("weight_decay"),
)
# --8<-- [start:adamw_step]
def adamw_step(
    params: np.ndarray,
    grads: np.ndarray,
    state: AdamWState,
    *,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, AdamWState]:
    """torch.optim.AdamW: Adam on the bare gradient, with the weight decay
    decoupled (applied to the parameters, outside the averages), t = 1, 2, ...:

    theta <- theta - lr * weight_decay * theta;
    m, v, m_hat and v_hat as in Adam, from g = grads;
    theta <- theta - lr * m_hat / (sqrt(v_hat) + eps).
    """
    for name, array in {"grads": grads, **state._asdict()}.items():
        if name != "step" and np.shape(array) != np.shape(params):  # no broadcasting
            raise ValueError(f"{name} must have shape {np.shape(params)}")
    beta1, beta2 = betas
    params = np.asarray(params) * 1.0  # lists and integers to floats (float32 stays)
    g = np.asarray(grads) * 1.0  # int64 g**2 would wrap past 3e9
    t = state.step + 1
    decayed = params - lr * weight_decay * params
    m = beta1 * state.exp_avg + (1 - beta1) * g
    v = beta2 * state.exp_avg_sq + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return decayed - lr * m_hat / (np.sqrt(v_hat) + eps), AdamWState(m, v, t)


# --8<-- [end:adamw_step]


# ---------------------------------------------------------------- a whole run


@checked(
    functions("loss", "grad", "init", "step"),
    arrays("w0"),
    integers("steps", minimum=0),
    positive("max_norm"),
)
# --8<-- [start:optimize]
def optimize(
    loss: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    w0: np.ndarray,
    *,
    init: Callable,
    step: Callable,
    steps: int,
    max_norm: float = 1e8,
    **hyperparameters: float,
) -> Descent:
    """Run an optimizer, a pair such as adam_init and adam_step, for `steps`
    steps from w0, passing the hyperparameters (lr=..., ...) to every step.

    Returns a Descent (path, losses, stopped_by, reason), as descend does:
    stopped by the "budget", or "diverged" when the gradient or the loss stops
    being finite or |w| passes max_norm * max(1, |w0|).
    """
    if not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    w = np.array(w0, dtype=float)
    state = init(w)
    path, losses = [w], [float(loss(w))]
    limit = max_norm * max(1.0, float(np.linalg.norm(w)))
    stopped_by, reason = "budget", f"the budget of {steps} steps ran out"
    for k in range(1, steps + 1):
        g = np.asarray(grad(w), dtype=float)
        if not np.all(np.isfinite(g)):
            stopped_by = "diverged"
            reason = f"diverged: the gradient is not finite at step {k}"
            break
        with np.errstate(over="ignore", invalid="ignore"):
            w, state = step(w, g, state, **hyperparameters)
            exploded = not np.linalg.norm(w) <= limit  # also true for inf or nan
            value = np.nan if exploded else float(loss(w))
        if exploded or not np.isfinite(value):
            stopped_by = "diverged"
            what = f"|w| passed {limit:g}" if exploded else f"the loss became {value}"
            reason = f"diverged at step {k}: {what}"
            break
        path.append(w)
        losses.append(value)
    return Descent(np.stack(path), np.array(losses), stopped_by, reason)


# --8<-- [end:optimize]


# Every optimizer of this module by name, as (init, step).
OPTIMIZERS = {
    "sgd": (sgd_init, sgd_step),
    "momentum": (momentum_init, momentum_step),
    "nesterov": (nesterov_init, nesterov_step),
    "adagrad": (adagrad_init, adagrad_step),
    "rmsprop": (rmsprop_init, rmsprop_step),
    "adam": (adam_init, adam_step),
    "adamw": (adamw_init, adamw_step),
}
