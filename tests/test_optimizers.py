"""Optimizers: the first steps against PyTorch's published rules worked out by
hand, runs on problems whose answer is known, no mutation, bad input.

The hand values follow the algorithm boxes of torch.optim (PyTorch 2.9 docs):
each expected number is written as the arithmetic of its rule, with the
numbers of the step, so a reader can redo it on paper.
"""

import inspect
import math

import numpy as np
import pytest

from gd_snippets.optimizers import (
    AdagradState,
    AdamState,
    AdamWState,
    MomentumState,
    NesterovState,
    RMSpropState,
    SGDState,
    adagrad_init,
    adagrad_step,
    adam_init,
    adam_step,
    adamw_init,
    adamw_step,
    momentum_init,
    momentum_step,
    nesterov_init,
    nesterov_step,
    optimize,
    rmsprop_init,
    rmsprop_step,
    sgd_init,
    sgd_step,
)

# Relative tolerance of the hand-worked steps: float64 rounding only. The
# eps of the adaptive methods is kept in the hand values where it matters.
RTOL = 1e-12


def _run(init, step, params, grads_sequence, **hyper):
    """The params after each step, feeding the given gradients in turn."""
    params = np.array(params, dtype=float)
    state, seen = init(params), []
    for grads in grads_sequence:
        params, state = step(params, np.array(grads, dtype=float), state, **hyper)
        seen.append(params)
    return np.array(seen), state


# ------------------------------------------------------------- first steps


def test_sgd_first_steps_by_hand():
    seen, _ = _run(sgd_init, sgd_step, [1.0, -2.0], [[0.5, -1.0], [0.25, 4.0]], lr=0.1)
    # theta - lr * g
    np.testing.assert_allclose(seen[0], [1.0 - 0.05, -2.0 + 0.1], rtol=RTOL)
    np.testing.assert_allclose(seen[1], [0.95 - 0.025, -1.9 - 0.4], rtol=RTOL)


def test_sgd_weight_decay_is_an_l2_term_in_the_gradient():
    seen, _ = _run(
        sgd_init, sgd_step, [1.0, -2.0], [[0.5, -1.0]], lr=0.1, weight_decay=0.1
    )
    # g = [0.5 + 0.1 * 1, -1 + 0.1 * (-2)] = [0.6, -1.2]
    np.testing.assert_allclose(seen[0], [1.0 - 0.06, -2.0 + 0.12], rtol=RTOL)


def test_momentum_buffer_starts_at_the_first_gradient_undamped():
    seen, state = _run(
        momentum_init,
        momentum_step,
        [1.0],
        [[2.0], [1.0], [-1.0]],
        lr=0.1,
        momentum=0.9,
        dampening=0.5,
    )
    # b1 = g1 = 2 (not (1 - 0.5) * 2), theta1 = 1 - 0.1 * 2
    # b2 = 0.9 * 2 + 0.5 * 1 = 2.3, theta2 = 0.8 - 0.23
    # b3 = 0.9 * 2.3 + 0.5 * (-1) = 1.57, theta3 = 0.57 - 0.157
    np.testing.assert_allclose(seen[:, 0], [0.8, 0.57, 0.413], rtol=RTOL)
    np.testing.assert_allclose(state.momentum_buffer, [1.57], rtol=RTOL)
    assert state.step == 3


def test_momentum_with_pytorchs_default_dampening_sums_past_gradients():
    seen, _ = _run(
        momentum_init, momentum_step, [0.0], [[1.0]] * 3, lr=0.1, momentum=0.5
    )
    # b = 1, then 1.5, then 1.75; theta = -0.1, -0.25, -0.425
    np.testing.assert_allclose(seen[:, 0], [-0.1, -0.25, -0.425], rtol=RTOL)


def test_nesterov_first_steps_by_hand():
    seen, state = _run(
        nesterov_init, nesterov_step, [1.0], [[2.0], [1.0]], lr=0.1, momentum=0.9
    )
    # b1 = 2, step g + mu * b = 2 + 1.8 = 3.8, theta1 = 1 - 0.38
    # b2 = 0.9 * 2 + 1 = 2.8, step 1 + 0.9 * 2.8 = 3.52, theta2 = 0.62 - 0.352
    np.testing.assert_allclose(seen[:, 0], [0.62, 0.268], rtol=RTOL)
    np.testing.assert_allclose(state.momentum_buffer, [2.8], rtol=RTOL)


def test_adagrad_first_steps_by_hand():
    seen, state = _run(
        adagrad_init, adagrad_step, [1.0, 1.0], [[3.0, -4.0], [4.0, 3.0]], lr=0.1
    )
    eps = 1e-10
    # sum = [9, 16]: theta1 = 1 - 0.1 * [3 / (3 + eps), -4 / (4 + eps)]
    first = [1 - 0.1 * 3 / (3 + eps), 1 + 0.1 * 4 / (4 + eps)]
    # sum = [25, 25]: theta2 = theta1 - 0.1 * [4, 3] / (5 + eps)
    second = [first[0] - 0.1 * 4 / (5 + eps), first[1] - 0.1 * 3 / (5 + eps)]
    np.testing.assert_allclose(seen, [first, second], rtol=RTOL)
    np.testing.assert_allclose(state.sum, [25.0, 25.0], rtol=RTOL)


def test_adagrad_initial_accumulator_lr_decay_and_eps_outside_the_root():
    state = adagrad_init(np.array([1.0]), initial_accumulator_value=16.0)
    assert state.sum.tolist() == [16.0]
    eps = 1e-10
    params, state = adagrad_step(np.array([1.0]), np.array([3.0]), state, lr=0.1)
    # sum = 16 + 9 = 25: theta = 1 - 0.1 * 3 / (5 + eps)
    first = 1 - 0.1 * 3 / (5 + eps)
    assert params[0] == pytest.approx(first, rel=RTOL)
    # lr_decay = 1: step t = 2 uses lr / (1 + 1) = 0.05; sum = 25 + 144 = 169
    params, _ = adagrad_step(params, np.array([12.0]), state, lr=0.1, lr_decay=1.0)
    assert params[0] == pytest.approx(first - 0.05 * 12 / (13 + eps), rel=RTOL)
    # eps = 1 shows where it goes: 3 / (sqrt(9) + 1), not 3 / sqrt(9 + 1)
    big_eps, _ = adagrad_step(
        np.array([1.0]), np.array([3.0]), adagrad_init(np.array([1.0])), lr=0.1, eps=1.0
    )
    assert big_eps[0] == pytest.approx(1 - 0.1 * 3 / 4, rel=RTOL)


def test_rmsprop_first_steps_by_hand():
    seen, state = _run(rmsprop_init, rmsprop_step, [1.0], [[2.0], [1.0]], lr=0.01)
    eps = 1e-8
    # v1 = 0.01 * 4 = 0.04: no bias correction, so the first step is
    # lr * 2 / sqrt(0.04) = 10 lr
    first = 1 - 0.01 * 2 / (math.sqrt(0.04) + eps)
    # v2 = 0.99 * 0.04 + 0.01 * 1 = 0.0496
    second = first - 0.01 * 1 / (math.sqrt(0.0496) + eps)
    np.testing.assert_allclose(seen[:, 0], [first, second], rtol=RTOL)
    np.testing.assert_allclose(state.square_avg, [0.0496], rtol=RTOL)


def test_rmsprop_centered_by_hand():
    seen, state = _run(
        rmsprop_init,
        rmsprop_step,
        [1.0],
        [[2.0], [-2.0]],
        lr=0.01,
        alpha=0.5,
        centered=True,
    )
    eps = 1e-8
    # v1 = 0.5 * 4 = 2, g_avg1 = 0.5 * 2 = 1, v~ = 2 - 1 = 1
    first = 1 - 0.01 * 2 / (1 + eps)
    # v2 = 0.5 * 2 + 0.5 * 4 = 3, g_avg2 = 0.5 * 1 - 0.5 * 2 = -0.5, v~ = 2.75
    second = first + 0.01 * 2 / (math.sqrt(2.75) + eps)
    np.testing.assert_allclose(seen[:, 0], [first, second], rtol=RTOL)
    np.testing.assert_allclose(state.grad_avg, [-0.5], rtol=RTOL)


def test_rmsprop_momentum_buffer_starts_at_zero():
    seen, state = _run(
        rmsprop_init,
        rmsprop_step,
        [1.0],
        [[2.0], [2.0]],
        lr=0.01,
        alpha=0.5,
        momentum=0.9,
    )
    eps = 1e-8
    # v1 = 2, b1 = 0.9 * 0 + 2 / (sqrt 2 + eps)
    b1 = 2 / (math.sqrt(2) + eps)
    # v2 = 0.5 * 2 + 0.5 * 4 = 3, b2 = 0.9 * b1 + 2 / (sqrt 3 + eps)
    b2 = 0.9 * b1 + 2 / (math.sqrt(3) + eps)
    np.testing.assert_allclose(
        seen[:, 0], [1 - 0.01 * b1, 1 - 0.01 * b1 - 0.01 * b2], rtol=RTOL
    )
    np.testing.assert_allclose(state.momentum_buffer, [b2], rtol=RTOL)


def test_adam_first_steps_by_hand():
    seen, state = _run(
        adam_init, adam_step, [1.0, -1.0], [[2.0, -0.5], [1.0, -0.5]], lr=0.1
    )
    eps = 1e-8
    # m = 0.1 g, v = 0.001 g**2; corrected: m_hat = g, v_hat = g**2, so the
    # first step is lr * g / (|g| + eps): lr times the sign of g
    first = [1 - 0.1 * 2 / (2 + eps), -1 + 0.1 * 0.5 / (0.5 + eps)]
    # first coordinate, g = 1: m2 = 0.9 * 0.2 + 0.1 * 1 = 0.28,
    # v2 = 0.999 * 0.004 + 0.001 * 1 = 0.004996, corrected by 1 - 0.9**2 = 0.19
    # and 1 - 0.999**2 = 0.001999
    m_hat, v_hat = 0.28 / 0.19, 0.004996 / 0.001999
    # second coordinate, g = -0.5 again: m2 = -0.095, v2 = 0.00049975, so
    # m_hat = -0.5 and v_hat = 0.25 exactly: another sign step
    second = [
        first[0] - 0.1 * m_hat / (math.sqrt(v_hat) + eps),
        first[1] + 0.1 * 0.5 / (0.5 + eps),
    ]
    np.testing.assert_allclose(seen, [first, second], rtol=RTOL)
    np.testing.assert_allclose(state.exp_avg, [0.28, -0.095], rtol=RTOL)
    np.testing.assert_allclose(state.exp_avg_sq, [0.004996, 0.00049975], rtol=RTOL)
    assert state.step == 2


def test_adam_weight_decay_goes_through_the_averages_adamw_does_not():
    params, zero = np.array([1.0]), np.array([0.0])
    # Adam: g = 0 + 0.5 * 1 = 0.5, and the first step is lr * sign(g): 0.1
    adam, _ = adam_step(params, zero, adam_init(params), lr=0.1, weight_decay=0.5)
    assert adam[0] == pytest.approx(1 - 0.1 * 0.5 / (0.5 + 1e-8), rel=RTOL)
    # AdamW: theta * (1 - lr * wd) = 0.95, then m = v = 0 move nothing
    adamw, _ = adamw_step(params, zero, adamw_init(params), lr=0.1, weight_decay=0.5)
    assert adamw[0] == 1 - 0.1 * 0.5


def test_adamw_first_steps_by_hand():
    seen, _ = _run(
        adamw_init, adamw_step, [1.0], [[2.0], [1.0]], lr=0.1, weight_decay=0.1
    )
    eps = 1e-8
    # decay first: 1 - 0.1 * 0.1 * 1 = 0.99, then Adam's sign step on g = 2
    first = 0.99 - 0.1 * 2 / (2 + eps)
    # decay: first * (1 - 0.01); Adam's second step as in test_adam_first_steps
    m_hat, v_hat = 0.28 / 0.19, 0.004996 / 0.001999
    second = first - 0.01 * first - 0.1 * m_hat / (math.sqrt(v_hat) + eps)
    np.testing.assert_allclose(seen[:, 0], [first, second], rtol=RTOL)


def test_adamw_default_weight_decay_is_pytorchs():
    params = np.array([2.0])
    new, _ = adamw_step(params, np.array([0.0]), adamw_init(params), lr=1.0)
    assert new[0] == pytest.approx(2.0 * (1 - 1e-2), rel=RTOL)


# PyTorch's documented defaults (momentum has none: its 0 means "off").
DEFAULTS = {
    sgd_step: {"lr": 1e-3, "weight_decay": 0.0},
    momentum_step: {"lr": 1e-3, "dampening": 0.0, "weight_decay": 0.0},
    nesterov_step: {"lr": 1e-3, "weight_decay": 0.0},
    adagrad_step: {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "eps": 1e-10},
    rmsprop_step: {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    },
    adam_step: {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
    adamw_step: {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2},
}


@pytest.mark.parametrize("step", DEFAULTS, ids=lambda f: f.__name__)
def test_hyperparameters_are_keyword_only_with_pytorchs_defaults(step):
    parameters = inspect.signature(step).parameters
    hyper = {n: p for n, p in parameters.items() if p.kind is p.KEYWORD_ONLY}
    assert list(parameters)[:3] == ["params", "grads", "state"]
    if step in (momentum_step, nesterov_step):
        assert hyper.pop("momentum").default is inspect.Parameter.empty
    assert {n: p.default for n, p in hyper.items()} == DEFAULTS[step]


# ----------------------------------------------------- known answers: runs

# L(w) = sum(a * (w - c)**2) / 2: the minimum is c, whatever the optimizer.
CURVATURES, CENTRE = np.array([1.0, 8.0]), np.array([3.0, -2.0])


def _quadratic_grad(w):
    return CURVATURES * (w - CENTRE)


RUNS = {
    "sgd": (sgd_init, sgd_step, {"lr": 0.2}, 200),
    "momentum": (momentum_init, momentum_step, {"lr": 0.05, "momentum": 0.8}, 300),
    "nesterov": (nesterov_init, nesterov_step, {"lr": 0.05, "momentum": 0.8}, 300),
    "adagrad": (adagrad_init, adagrad_step, {"lr": 1.0}, 500),
    "rmsprop": (rmsprop_init, rmsprop_step, {"lr": 0.01}, 3000),
    "adam": (adam_init, adam_step, {"lr": 0.05}, 3000),
    "adamw": (adamw_init, adamw_step, {"lr": 0.05, "weight_decay": 0.0}, 3000),
}


@pytest.mark.parametrize("name", RUNS)
def test_each_optimizer_finds_the_minimum_of_a_quadratic(name):
    init, step, hyper, steps = RUNS[name]
    w = np.array([-1.0, 1.0])
    state = init(w)
    for _ in range(steps):
        w, state = step(w, _quadratic_grad(w), state, **hyper)
    np.testing.assert_allclose(w, CENTRE, atol=1e-3)


def test_sgd_on_a_parabola_shrinks_the_distance_by_1_minus_lr_a_per_step():
    w, state = np.array([1.0]), sgd_init(np.array([1.0]))
    for _ in range(10):
        w, state = sgd_step(w, 4.0 * w, state, lr=0.1)
    assert w[0] == pytest.approx(0.6**10, rel=1e-12)


def test_adamw_settles_where_the_decay_balances_the_gradient():
    # grads = 1 everywhere: m_hat = v_hat = 1 at every step, so
    # theta <- theta - lr * wd * theta - lr / (1 + eps), whose fixed point is
    # theta = -1 / (wd * (1 + eps)): the decay's pull balances the gradient's
    w, state = np.array([0.0]), adamw_init(np.array([0.0]))
    for _ in range(4000):
        w, state = adamw_step(w, np.array([1.0]), state, lr=0.01, weight_decay=0.5)
    assert w[0] == pytest.approx(-1 / (0.5 * (1 + 1e-8)), rel=1e-7)


def test_adagrad_steps_shrink_like_one_over_the_square_root_of_t():
    w, state = np.array([0.0]), adagrad_init(np.array([0.0]))
    for _ in range(100):
        w, state = adagrad_step(w, np.array([1.0]), state, lr=0.1)
    # constant gradient 1: step t moves lr / sqrt(t), so w = -0.1 * sum 1/sqrt(t)
    expected = -0.1 * sum(1 / (math.sqrt(t) + 1e-10) for t in range(1, 101))
    assert w[0] == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------- purity, shapes, dtypes

PAIRS = {
    "sgd": (sgd_init, sgd_step, {}),
    "momentum": (momentum_init, momentum_step, {"momentum": 0.9}),
    "nesterov": (nesterov_init, nesterov_step, {"momentum": 0.9}),
    "adagrad": (adagrad_init, adagrad_step, {}),
    "rmsprop": (rmsprop_init, rmsprop_step, {"momentum": 0.5, "centered": True}),
    "adam": (adam_init, adam_step, {"weight_decay": 0.1}),
    "adamw": (adamw_init, adamw_step, {}),
}


def _frozen(array):
    array = np.array(array, dtype=float)
    array.setflags(write=False)  # writing into it raises
    return array


@pytest.mark.parametrize("name", PAIRS)
def test_inputs_are_never_mutated(name):
    init, step, hyper = PAIRS[name]
    params, grads = _frozen([1.0, -2.0]), _frozen([0.3, 0.4])
    state = init(params)
    for _ in range(2):  # the second step starts from a state with history
        state = type(state)(
            *(_frozen(v) if isinstance(v, np.ndarray) else v for v in state)
        )
        before = [np.copy(v) for v in state]
        new_params, new_state = step(params, grads, state, lr=0.1, **hyper)
        assert params.tolist() == [1.0, -2.0] and grads.tolist() == [0.3, 0.4]
        for old, kept in zip(state, before, strict=True):
            assert np.array_equal(old, kept)
        assert new_params is not params
        state = new_state


@pytest.mark.parametrize("name", PAIRS)
def test_state_is_a_small_named_tuple_of_its_own_type(name):
    init, step, hyper = PAIRS[name]
    state = init(np.zeros(3))
    kinds = {
        "sgd": SGDState,
        "momentum": MomentumState,
        "nesterov": NesterovState,
        "adagrad": AdagradState,
        "rmsprop": RMSpropState,
        "adam": AdamState,
        "adamw": AdamWState,
    }
    assert type(state) is kinds[name] and isinstance(state, tuple)
    _, new = step(np.zeros(3), np.ones(3), state, lr=0.1, **hyper)
    assert type(new) is kinds[name]


@pytest.mark.parametrize("name", PAIRS)
def test_any_shape_float32_and_large_inputs_work(name):
    init, step, hyper = PAIRS[name]
    rng = np.random.default_rng(0)
    params = rng.normal(size=(300, 400))  # a weight matrix: 120,000 numbers
    grads = rng.normal(size=params.shape)
    new, _ = step(params, grads, init(params), lr=0.01, **hyper)
    assert new.shape == params.shape and np.all(np.isfinite(new))
    small, small_state = step(
        params[:2, :3].astype(np.float32),
        grads[:2, :3].astype(np.float32),
        init(params[:2, :3].astype(np.float32)),
        lr=0.01,
        **hyper,
    )
    # float32 stays float32, params and state alike (the checks do not upcast)
    assert small.dtype == np.float32
    for value in small_state:
        if isinstance(value, np.ndarray):
            assert value.dtype == np.float32
    np.testing.assert_allclose(small, new[:2, :3], rtol=1e-5, atol=1e-6)
    # the copied code (no checks) keeps float32 as float32
    p32, g32 = params[:2, :3].astype(np.float32), grads[:2, :3].astype(np.float32)
    bare = step.__wrapped__(p32, g32, init.__wrapped__(p32), lr=0.01, **hyper)[0]
    assert bare.dtype == np.float32
    np.testing.assert_allclose(bare, new[:2, :3], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("init", [adagrad_init, adagrad_init.__wrapped__])
def test_adagrad_init_on_integer_params_keeps_the_initial_accumulator(init):
    # np.full_like on an int array would round 0.1 down to a sum of 0
    state = init(np.array([1, 2]), initial_accumulator_value=0.1)
    assert state.sum.dtype == np.float64
    np.testing.assert_array_equal(state.sum, [0.1, 0.1])


@pytest.mark.parametrize("name", PAIRS)
def test_copied_step_refuses_grads_that_would_broadcast(name):
    init, step, hyper = PAIRS[name]
    params = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"grads must have shape \(2,\)"):
        step.__wrapped__(
            params, np.array([[0.1], [0.2]]), init(params), lr=0.1, **hyper
        )


@pytest.mark.parametrize("name", [n for n in PAIRS if n != "sgd"])
def test_copied_step_refuses_a_state_made_for_other_params(name):
    # a buffer of shape (3, 2) broadcast against params of shape (2,): the step
    # returned a (3, 2) "params" without a word
    init, step, hyper = PAIRS[name]
    params = np.array([1.0, 2.0])
    state = init.__wrapped__(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"^[a-z_]+ must have shape \(2,\)"):
        step.__wrapped__(params, params, state, lr=0.1, **hyper)


@pytest.mark.parametrize("name", PAIRS)
def test_copied_step_on_large_integer_grads_does_not_wrap(name):
    # int64 grads**2 wraps past about 3.04e9 (AdamW squared them as given)
    init, step, hyper = PAIRS[name]
    params = np.array([1.0, 2.0])
    big = np.array([4_000_000_000, -5_000_000_000])
    new, _ = step.__wrapped__(params, big, init.__wrapped__(params), lr=0.1, **hyper)
    same, _ = step(params, big.astype(float), init(params), lr=0.1, **hyper)
    np.testing.assert_array_equal(new, same)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize(
    "grads",
    [np.array([20, 3], dtype=np.uint8), np.array([4_000_000_000, -5_000_000_000])],
    ids=["uint8", "int64"],
)
def test_copied_step_with_weight_decay_0_on_integer_grads_does_not_wrap(name, grads):
    # weight_decay=0, as PyTorch writes its default, kept g an integer array:
    # AdaGrad, RMSprop and Adam squared it (uint8 20**2 = 144, int64 past 3e9
    # went negative and gave nan)
    init, step, hyper = PAIRS[name]
    params = np.array([1, 2], dtype=grads.dtype)
    state = init.__wrapped__(params)
    new, _ = step.__wrapped__(
        params, grads, state, lr=0.1, **hyper | {"weight_decay": 0}
    )
    floats = params.astype(float), grads.astype(float)
    same, _ = step(*floats, init(floats[0]), lr=0.1, **hyper | {"weight_decay": 0.0})
    np.testing.assert_allclose(new, same, rtol=1e-12)


@pytest.mark.parametrize("name", PAIRS)
def test_copied_code_takes_lists(name):
    # lists of numbers, as the checked versions take them ("can't multiply
    # sequence by non-int of type 'float'" before)
    init, step, hyper = PAIRS[name]
    params, grads = [1.0, 2.0], [0.5, -1]
    new, _ = step.__wrapped__(params, grads, init.__wrapped__(params), lr=0.1, **hyper)
    same, _ = step(
        np.array(params), np.array(grads), init(np.array(params)), lr=0.1, **hyper
    )
    np.testing.assert_array_equal(new, same)


@pytest.mark.parametrize("version", ["checked", "bare"])
def test_momentum_0_is_plain_sgd_whatever_the_dampening(version):
    # PyTorch skips the buffer when momentum is 0: dampening 0.5 changes nothing
    step = momentum_step if version == "checked" else momentum_step.__wrapped__
    seen, _ = _run(
        momentum_init,
        step,
        [1.0],
        [[2.0], [1.0], [-1.0]],
        lr=0.1,
        momentum=0.0,
        dampening=0.5,
    )
    np.testing.assert_allclose(seen[:, 0], [0.8, 0.7, 0.8], rtol=RTOL)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, "lr must be greater than 0"),
        ({"lr": -0.1}, ValueError, "lr must be greater than 0"),
        ({"lr": float("nan")}, ValueError, "lr must be finite"),
        ({"lr": "0.1"}, TypeError, "lr must be a real number"),
        ({"grads": [[0.1], [0.2]]}, ValueError, "params and grads must have the same"),
        ({"grads": [0.1, 0.2, 0.3]}, ValueError, "params and grads must have the same"),
        ({"grads": [np.nan, 0.2]}, ValueError, "grads must contain only finite"),
        ({"grads": [np.inf, 0.2]}, ValueError, "grads must contain only finite"),
        ({"params": [np.inf, 0.2]}, ValueError, "params must contain only finite"),
    ],
)
def test_bad_input_names_the_argument(name, change, error, message):
    init, step, hyper = PAIRS[name]
    args = {"params": [1.0, 2.0], "grads": [0.1, 0.2], "lr": 0.1} | change
    state = init(np.array([1.0, 2.0]))
    with pytest.raises(error, match=message):
        step(args["params"], args["grads"], state, lr=args["lr"], **hyper)


@pytest.mark.parametrize(
    ("step", "init", "change", "message"),
    [
        (
            momentum_step,
            momentum_init,
            {"momentum": 1.0},
            r"momentum must be in \[0, 1\)",
        ),
        (
            momentum_step,
            momentum_init,
            {"momentum": -0.1},
            r"momentum must be in \[0, 1\)",
        ),
        (
            nesterov_step,
            nesterov_init,
            {"momentum": 0.0},
            r"momentum must be in \(0, 1\)",
        ),
        (
            nesterov_step,
            nesterov_init,
            {"momentum": 1.5},
            r"momentum must be in \(0, 1\)",
        ),
        (
            momentum_step,
            momentum_init,
            {"momentum": 0.9, "dampening": 2.0},
            "dampening",
        ),
        (
            rmsprop_step,
            rmsprop_init,
            {"momentum": 1.0},
            r"momentum must be in \[0, 1\)",
        ),
        (rmsprop_step, rmsprop_init, {"alpha": 1.0}, r"alpha must be in \[0, 1\)"),
        (rmsprop_step, rmsprop_init, {"eps": 0.0}, "eps must be greater than 0"),
        (rmsprop_step, rmsprop_init, {"centered": "yes"}, "centered must be True or"),
        (adagrad_step, adagrad_init, {"eps": -1e-10}, "eps must be greater than 0"),
        (adagrad_step, adagrad_init, {"lr_decay": -1.0}, "lr_decay must be 0 or more"),
        (adam_step, adam_init, {"betas": (1.0, 0.999)}, r"betas\[0\] must be in"),
        (adam_step, adam_init, {"betas": (0.9, 1.0)}, r"betas\[1\] must be in"),
        (adam_step, adam_init, {"betas": (-0.1, 0.9)}, r"betas\[0\] must be in"),
        (adam_step, adam_init, {"betas": 0.9}, r"betas must be a pair"),
        (adam_step, adam_init, {"eps": 0.0}, "eps must be greater than 0"),
        (adamw_step, adamw_init, {"betas": (0.9, 1.2)}, r"betas\[1\] must be in"),
        (adamw_step, adamw_init, {"weight_decay": -0.01}, "weight_decay must be 0 or"),
        (sgd_step, sgd_init, {"weight_decay": -1.0}, "weight_decay must be 0 or more"),
    ],
)
def test_bad_hyperparameters_name_themselves(step, init, change, message):
    params = np.array([1.0, 2.0])
    hyper = {"momentum": 0.9} if step in (momentum_step, nesterov_step) else {}
    with pytest.raises((ValueError, TypeError), match=message):
        step(params, np.array([0.1, 0.2]), init(params), lr=0.1, **(hyper | change))


def test_momentum_has_no_default():
    params = np.array([1.0])
    with pytest.raises(TypeError, match="momentum"):
        momentum_step(params, params, momentum_init(params), lr=0.1)


@pytest.mark.parametrize(
    ("step", "other_init", "hyper"),
    [
        (adam_step, adamw_init, {}),
        (adamw_step, adam_init, {}),
        (momentum_step, nesterov_init, {"momentum": 0.9}),
        (nesterov_step, momentum_init, {"momentum": 0.9}),
        (rmsprop_step, adagrad_init, {}),
        (adagrad_step, sgd_init, {}),
        (sgd_step, adam_init, {}),
    ],
)
def test_a_state_from_another_optimizer_is_refused(step, other_init, hyper):
    params = np.array([1.0, 2.0])
    with pytest.raises(
        TypeError, match=r"state must be the \w+State that \w+_init returns"
    ):
        step(params, params, other_init(params), lr=0.1, **hyper)


def test_a_state_made_for_other_params_is_refused():
    state = adam_init(np.zeros(3))
    with pytest.raises(ValueError, match=r"state\.exp_avg must have the shape of"):
        adam_step(np.zeros(2), np.zeros(2), state)
    with pytest.raises(ValueError, match=r"state\.step must be an int"):
        adam_step(np.zeros(3), np.zeros(3), state._replace(step=-1))


def test_init_refuses_bad_params():
    with pytest.raises(ValueError, match="params must contain only finite"):
        adam_init(np.array([np.nan]))
    with pytest.raises(ValueError, match="initial_accumulator_value must be 0"):
        adagrad_init(np.zeros(2), initial_accumulator_value=-1.0)


# ------------------------------------------------------------------ optimize


def _quadratic_loss(w):
    return float(np.sum(CURVATURES * (w - CENTRE) ** 2) / 2)


def test_optimize_is_the_loop_of_steps_with_the_hyperparameters_passed_on():
    w0 = np.array([-1.0, 1.0])
    run = optimize(
        _quadratic_loss,
        _quadratic_grad,
        w0,
        init=adam_init,
        step=adam_step,
        steps=25,
        lr=0.1,
        betas=(0.8, 0.99),
    )
    w, state = w0, adam_init(w0)
    for k in range(25):
        w, state = adam_step(w, _quadratic_grad(w), state, lr=0.1, betas=(0.8, 0.99))
        np.testing.assert_array_equal(run.path[k + 1], w)
    assert run.stopped_by == "budget" and run.reason == "the budget of 25 steps ran out"
    assert run.losses.tolist() == [_quadratic_loss(p) for p in run.path]


def test_optimize_reports_a_run_that_blows_up():
    run = optimize(
        _quadratic_loss,
        _quadratic_grad,
        np.array([0.0, 0.0]),
        init=sgd_init,
        step=sgd_step,
        steps=500,
        lr=1.0,  # 1 - lr * 8 = -7: every swing 7x wider
    )
    assert run.stopped_by == "diverged" and "diverged at step" in run.reason
    assert len(run.path) < 500 and np.all(np.isfinite(run.path))


def test_optimize_reports_a_gradient_that_is_not_finite():
    def grad(w):
        return np.array([np.nan, 0.0]) if w[0] > 0.5 else np.array([-1.0, 0.0])

    run = optimize(
        lambda w: 0.0,
        grad,
        np.zeros(2),
        init=sgd_init,
        step=sgd_step,
        steps=10,
        lr=0.3,
    )
    assert run.stopped_by == "diverged"
    assert run.reason == "diverged: the gradient is not finite at step 3"


def test_optimize_refuses_bad_input():
    with pytest.raises(TypeError, match="step must be callable"):
        optimize(
            _quadratic_loss,
            _quadratic_grad,
            np.zeros(2),
            init=sgd_init,
            step=None,
            steps=3,
            lr=0.1,
        )
    with pytest.raises(ValueError, match="steps must be at least 0"):
        optimize(
            _quadratic_loss,
            _quadratic_grad,
            np.zeros(2),
            init=sgd_init,
            step=sgd_step,
            steps=-1,
            lr=0.1,
        )
    with pytest.raises(ValueError, match="lr must be greater than 0"):
        optimize(
            _quadratic_loss,
            _quadratic_grad,
            np.zeros(2),
            init=sgd_init,
            step=sgd_step,
            steps=3,
            lr=0.0,
        )


@pytest.mark.parametrize("steps", [-1, 10.0, "10"])
def test_copied_optimize_names_steps_that_are_not_a_count(steps):
    # -1 ran no step and said "the budget of -1 steps ran out"; 10.0 gave
    # range()'s "'float' object cannot be interpreted as an integer"
    with pytest.raises(ValueError, match="steps must be a whole number >= 0"):
        optimize.__wrapped__(
            _quadratic_loss,
            _quadratic_grad,
            np.zeros(2),
            init=sgd_init,
            step=sgd_step,
            steps=steps,
            lr=0.1,
        )
