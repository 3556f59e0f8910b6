"""Issue #7's network by hand: its initial scales, its forward pass, and a
backward pass whose every rule, and whole gradient, numerical differences
confirm; float32 stays float32, inputs stay unchanged, bad input is named."""

import time
from functools import partial

import numpy as np
import pytest

from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.losses import softmax_cross_entropy
from gd_snippets.networks import (
    ACTIVATIONS,
    gradient_norms_per_layer,
    mlp_forward,
    mlp_init,
    mlp_loss_and_grad,
    mlp_predict,
    mlp_vector_grad,
    mlp_vector_loss,
    params_to_vector,
    time_gradients,
    vector_to_params,
)
from gd_snippets.optimizers import adam_init, adam_step
from gd_snippets.problems import make_moons
from gd_snippets.training import fit, train_val_test_split

ACTIVATION_NAMES = ["tanh", "relu", "sigmoid"]
SIZES = [3, 5, 4, 3]  # two hidden layers, three classes


def _batch(n=7, d=3, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, classes, size=n)


def _loss_of_vector(theta, X, labels, activation, sizes=SIZES):
    return mlp_loss_and_grad(
        vector_to_params(theta, sizes), X, labels, activation=activation
    )[0]


# ------------------------------------------------------------ initialization


def test_init_shapes_follow_the_sizes_and_the_seed():
    params = mlp_init(SIZES, seed=0)
    assert [(W.shape, b.shape) for W, b in params] == [
        ((3, 5), (5,)),
        ((5, 4), (4,)),
        ((4, 3), (3,)),
    ]
    again, other = mlp_init(SIZES, seed=0), mlp_init(SIZES, seed=1)
    assert all(
        np.array_equal(a, b)
        for p, q in zip(params, again, strict=True)
        for a, b in zip(p, q, strict=True)
    )
    assert not np.array_equal(params[0][0], other[0][0])
    assert all(W.dtype == b.dtype == np.float64 for W, b in params)


@pytest.mark.parametrize(
    ("scale", "bound", "std", "bias_std"),
    [  # a 400 -> 300 layer: enough weights to measure the spread
        ("pytorch", 1 / np.sqrt(400), 1 / np.sqrt(400 * 3), 1 / np.sqrt(400 * 3)),
        ("xavier", np.sqrt(6 / 700), np.sqrt(2 / 700), 0.0),
        ("glorot", np.sqrt(6 / 700), np.sqrt(2 / 700), 0.0),
        ("he", None, np.sqrt(2 / 400), 0.0),
        (0.05, None, 0.05, 0.0),
    ],
)
def test_each_scheme_draws_its_documented_distribution(scale, bound, std, bias_std):
    ((W, b),) = mlp_init([400, 300], seed=3, scale=scale)
    assert W.std() == pytest.approx(std, rel=0.02)
    assert abs(W.mean()) < std / 50
    if bound is not None:  # uniform on (-bound, bound), reaching near both ends
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.999 * bound
    assert b.std() == pytest.approx(bias_std, rel=0.2, abs=0)
    if bias_std == 0:
        assert not b.any()


# ------------------------------------------------------- every backward rule


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_each_activation_slope_from_its_output_is_its_derivative(activation):
    f, slope = ACTIVATIONS[activation]
    z = np.random.default_rng(1).standard_normal(12) * 2
    z = z[np.abs(z) > 1e-3]  # relu has no derivative at 0
    numeric = numerical_gradient(lambda v: float(np.sum(f(v))), z)
    assert relative_error(slope(f(z)) * np.ones_like(z), numeric) < 1e-8


def test_the_sigmoid_is_the_logistic_function_without_overflow():
    f, _ = ACTIVATIONS["sigmoid"]
    z = np.array([-1000.0, -3.0, 0.0, 2.0, 1000.0])
    assert np.allclose(f(z), 1 / (1 + np.exp(-np.clip(z, -700, 700))), rtol=1e-14)


def test_the_layer_rules_dW_db_dh_are_the_derivatives_of_h_at_W_plus_b():
    rng = np.random.default_rng(2)
    h, W, b = (
        rng.standard_normal((6, 4)),
        rng.standard_normal((4, 3)),
        rng.standard_normal(3),
    )
    dz = rng.standard_normal((6, 3))  # dL/dz coming from above: L = sum(dz * z)

    def loss(h, W, b):
        return float(np.sum(dz * (h @ W + b)))

    assert (
        relative_error(h.T @ dz, numerical_gradient(lambda w: loss(h, w, b), W)) < 1e-8
    )
    assert (
        relative_error(dz.sum(axis=0), numerical_gradient(lambda c: loss(h, W, c), b))
        < 1e-8
    )
    assert (
        relative_error(dz @ W.T, numerical_gradient(lambda x: loss(x, W, b), h)) < 1e-8
    )


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("sizes", [[3, 3], [3, 6, 3], SIZES])
def test_the_whole_gradient_matches_numerical_gradient(activation, sizes):
    X, labels = _batch()
    params = mlp_init(sizes, seed=4)
    loss, grads = mlp_loss_and_grad(params, X, labels, activation=activation)
    numeric = numerical_gradient(
        lambda theta: _loss_of_vector(theta, X, labels, activation, sizes),
        params_to_vector(params),
    )
    assert relative_error(params_to_vector(grads), numeric) < 1e-7
    assert [(dW.shape, db.shape) for dW, db in grads] == [
        (W.shape, b.shape) for W, b in params
    ]
    assert isinstance(loss, float)


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_the_loss_is_issue_1s_cross_entropy_of_the_forward_pass(activation):
    X, labels = _batch()
    params = mlp_init(SIZES, seed=5)
    logits = mlp_forward(params, X, activation=activation)
    assert logits.shape == (7, 3)
    loss, _ = mlp_loss_and_grad(params, X, labels, activation=activation)
    assert loss == pytest.approx(softmax_cross_entropy(logits, labels), rel=1e-14)
    assert np.array_equal(
        mlp_predict(params, X, activation=activation), logits.argmax(axis=1)
    )


def test_the_activations_differ():
    X, _ = _batch()
    params = mlp_init(SIZES, seed=5)
    outputs = [mlp_forward(params, X, activation=a) for a in ACTIVATION_NAMES]
    assert not np.allclose(outputs[0], outputs[1]) and not np.allclose(
        outputs[0], outputs[2]
    )


# ------------------------------------------------ dtypes, inputs, large batches


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_float32_stays_float32(activation):
    X, labels = _batch()
    params = [
        (W.astype(np.float32), b.astype(np.float32)) for W, b in mlp_init(SIZES, seed=6)
    ]
    X32 = X.astype(np.float32)
    assert mlp_forward(params, X32, activation=activation).dtype == np.float32
    loss, grads = mlp_loss_and_grad(params, X32, labels, activation=activation)
    assert all(dW.dtype == db.dtype == np.float32 for dW, db in grads)
    assert gradient_norms_per_layer(grads).dtype == np.float32
    theta = params_to_vector(params)
    assert theta.dtype == np.float32
    assert vector_to_params(theta, SIZES)[0][0].dtype == np.float32
    assert (
        mlp_vector_grad(theta, X32, labels, sizes=SIZES, activation=activation).dtype
        == np.float32
    )
    exact, grads64 = mlp_loss_and_grad(
        mlp_init(SIZES, seed=6), X, labels, activation=activation
    )
    assert (
        relative_error(params_to_vector(grads).astype(float), params_to_vector(grads64))
        < 1e-5
    )
    assert loss == pytest.approx(exact, rel=1e-5)


def test_no_function_changes_its_inputs():
    X, labels = _batch()
    params = mlp_init(SIZES, seed=7)
    for dtype in (np.float64, np.float32):
        p = [(W.astype(dtype), b.astype(dtype)) for W, b in params]
        X_in, labels_in = X.astype(dtype), labels.copy()
        before = [a.copy() for pair in p for a in pair] + [
            X_in.copy(),
            labels_in.copy(),
        ]
        theta = params_to_vector(p)
        theta_before = theta.copy()
        for activation in ACTIVATION_NAMES:
            mlp_forward(p, X_in, activation=activation)
            _, grads = mlp_loss_and_grad(p, X_in, labels_in, activation=activation)
            mlp_predict(p, X_in, activation=activation)
            mlp_vector_loss(theta, X_in, labels_in, sizes=SIZES, activation=activation)
            mlp_vector_grad(theta, X_in, labels_in, sizes=SIZES, activation=activation)
        grads_before = [a.copy() for pair in grads for a in pair]
        gradient_norms_per_layer(grads)
        vector_to_params(theta, SIZES)
        after = [a for pair in p for a in pair] + [X_in, labels_in]
        assert all(np.array_equal(u, v) for u, v in zip(before, after, strict=True))
        assert np.array_equal(theta, theta_before)
        assert all(
            np.array_equal(u, v)
            for u, v in zip(
                grads_before, [a for pair in grads for a in pair], strict=True
            )
        )


@pytest.mark.parametrize(
    "dtype",
    [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64],
)
def test_labels_of_any_integer_dtype(dtype):
    X, labels = _batch()
    params = mlp_init(SIZES, seed=8)
    loss, grads = mlp_loss_and_grad(params, X, labels.astype(dtype))
    expected, expected_grads = mlp_loss_and_grad(params, X, labels)
    assert loss == expected
    assert np.array_equal(params_to_vector(grads), params_to_vector(expected_grads))


def test_large_batch_of_a_hundred_thousand_rows():
    rng = np.random.default_rng(9)
    X, labels = rng.standard_normal((100_000, 3)), rng.integers(0, 3, 100_000)
    params = mlp_init(SIZES, seed=9)
    start = time.perf_counter()
    loss, grads = mlp_loss_and_grad(params, X, labels)
    assert time.perf_counter() - start < 2.0
    assert np.isfinite(loss)
    # the mean over the batch is the mean of its two halves' means
    halves = [
        mlp_loss_and_grad(params, X[s], labels[s])[1]
        for s in (slice(0, 50_000), slice(50_000, None))
    ]
    mean_of_halves = (params_to_vector(halves[0]) + params_to_vector(halves[1])) / 2
    assert relative_error(params_to_vector(grads), mean_of_halves) < 1e-12
    assert mlp_forward(params, X).shape == (100_000, 3)


# ------------------------------------------------------- vectors and training


def test_params_and_their_vector_round_trip():
    params = mlp_init(SIZES, seed=10)
    theta = params_to_vector(params)
    assert theta.shape == (3 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3,)
    assert theta[0] == params[0][0][0, 0] and theta[-1] == params[-1][1][-1]
    back = vector_to_params(theta, SIZES)
    assert all(
        np.array_equal(a, b)
        for p, q in zip(params, back, strict=True)
        for a, b in zip(p, q, strict=True)
    )


def test_the_vector_loss_and_grad_are_the_networks_with_float_labels_too():
    X, labels = _batch()
    params = mlp_init(SIZES, seed=11)
    theta = params_to_vector(params)
    loss, grads = mlp_loss_and_grad(params, X, labels, activation="relu")
    for y in (labels, labels.astype(float)):  # fit passes float labels
        assert mlp_vector_loss(
            theta, X, y, sizes=SIZES, activation="relu"
        ) == pytest.approx(loss, rel=1e-14)
        assert np.array_equal(
            mlp_vector_grad(theta, X, y, sizes=SIZES, activation="relu"),
            params_to_vector(grads),
        )


def test_gradient_norms_per_layer_are_the_norms_of_each_dW():
    X, labels = _batch()
    _, grads = mlp_loss_and_grad(mlp_init(SIZES, seed=12), X, labels)
    norms = gradient_norms_per_layer(grads)
    assert np.allclose(norms, [np.sqrt(np.sum(dW**2)) for dW, _ in grads], rtol=1e-14)


def test_sigmoid_gradients_vanish_towards_the_first_layer_and_tanh_ones_do_not():
    X, labels = make_moons(200, noise=0.1, seed=0)
    sizes = [2] + [32] * 6 + [2]
    params = mlp_init(sizes, seed=0, scale="xavier")
    sigmoid = gradient_norms_per_layer(
        mlp_loss_and_grad(params, X, labels, activation="sigmoid")[1]
    )
    tanh = gradient_norms_per_layer(
        mlp_loss_and_grad(params, X, labels, activation="tanh")[1]
    )
    assert sigmoid[0] < 1e-3 * sigmoid[-1]
    assert np.all(np.diff(sigmoid) > 0), "smaller at every layer down"
    assert 0.1 < tanh[0] / tanh[-1] < 10


def test_a_hidden_layer_separates_the_moons_where_no_hidden_layer_cannot():
    X, labels = make_moons(200, noise=0.1, seed=0)
    split = train_val_test_split(
        X, labels, val_fraction=0.25, test_fraction=0.25, seed=0
    )
    accuracy = {}
    start = time.perf_counter()
    for sizes in ([2, 2], [2, 16, 2]):  # [2, 2]: softmax regression, a line
        run = fit(
            partial(mlp_vector_loss, sizes=sizes),
            partial(mlp_vector_grad, sizes=sizes),
            params_to_vector(mlp_init(sizes, seed=0)),
            split.train,
            split.val,
            init=adam_init,
            step=partial(adam_step, lr=0.02),
            epochs=200,
            batch_size=20,
            seed=0,
        )
        params = vector_to_params(run.params, sizes)
        X_new, y_new = make_moons(2000, noise=0.1, seed=1)  # many unseen points
        accuracy[len(sizes)] = np.mean(mlp_predict(params, X_new) == y_new)
    assert time.perf_counter() - start < 3.0, "two runs of 200 epochs"
    assert accuracy[3] >= 0.97 and accuracy[2] < 0.92


def test_backpropagation_is_timed_faster_than_numerical_differences():
    X, labels = make_moons(200, noise=0.1, seed=0)
    params = mlp_init([2, 32, 2], seed=0)  # 162 parameters: 324 forward passes
    backprop, numerical = time_gradients(params, X, labels, repeats=3)
    assert 0 < backprop < numerical / 10
    assert isinstance(backprop, float) and isinstance(numerical, float)


# ------------------------------------------------------------------ errors

P = mlp_init(SIZES, seed=0)
X7, L7 = _batch()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: mlp_init([3], seed=0),
            TypeError,
            "sizes must be a list of at least two",
        ),
        (lambda: mlp_init(3, seed=0), TypeError, "sizes must be a list"),
        (
            lambda: mlp_init([3, 0, 2], seed=0),
            ValueError,
            r"sizes\[1\] must be at least 1",
        ),
        (lambda: mlp_init([3, 2.0], seed=0), TypeError, r"sizes\[1\] must be an int"),
        (lambda: mlp_init([3, 2], seed=-1), ValueError, "seed must be at least 0"),
        (
            lambda: mlp_init([3, 2], seed=0, scale="kaiming"),
            ValueError,
            "scale must be one of 'pytorch'",
        ),
        (
            lambda: mlp_init([3, 2], seed=0, scale=-0.1),
            ValueError,
            "scale must be greater than 0",
        ),
        (
            lambda: mlp_forward(P, X7[:, :2]),
            ValueError,
            r"X must have one column per input of the network \(3\)",
        ),
        (lambda: mlp_forward(P, X7[0]), ValueError, "X must be a 2-D array"),
        (lambda: mlp_forward(P, X7[:0]), ValueError, "X must not be empty"),
        (
            lambda: mlp_forward(P, np.full((2, 3), np.nan)),
            ValueError,
            "X must contain only finite",
        ),
        (lambda: mlp_forward(P, "X"), TypeError, "X must be an array"),
        (
            lambda: mlp_forward(P, X7, activation="softplus"),
            ValueError,
            "activation must be 'tanh', 'relu' or 'sigmoid'",
        ),
        (lambda: mlp_forward([], X7), TypeError, "params must be a non-empty list"),
        (lambda: mlp_forward(P[0], X7), TypeError, r"params\[0\] must be a pair"),
        (
            lambda: mlp_forward([(P[0][0], P[1][1])], X7),
            ValueError,
            r"params\[0\]\[1\] \(b\) must have shape \(5,\)",
        ),
        (
            lambda: mlp_forward([P[0], P[2]], X7),
            ValueError,
            r"params\[1\]\[0\] \(W\) must take the 5 outputs",
        ),
        (
            lambda: mlp_forward([(P[0][0][0], P[0][1])], X7),
            ValueError,
            r"params\[0\]\[0\] must be a 2-D array",
        ),
        (
            lambda: mlp_forward([(P[0][0] * np.inf, P[0][1])], X7),
            ValueError,
            r"params\[0\]\[0\] must contain only finite",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7 + 3),
            ValueError,
            r"labels must hold class indices in \[0, 3\), got values from 3 to 5",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7 - 1),
            ValueError,
            r"labels must hold class indices in \[0, 3\)",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7[:-1]),
            ValueError,
            r"labels must be a 1-D array with one label per row of X \(7\)",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7[:, None]),
            ValueError,
            "labels must be a 1-D array",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7 + 0.5),
            TypeError,
            "labels must hold integer class indices",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7 > 0),
            TypeError,
            "labels must hold integer class indices",
        ),
        (
            lambda: mlp_loss_and_grad(P, X7, L7, activation=None),
            ValueError,
            "activation must be",
        ),
        (
            lambda: gradient_norms_per_layer([(np.ones((2, 2)), np.ones(3))]),
            ValueError,
            r"grads\[0\]\[1\] \(b\)",
        ),
        (
            lambda: vector_to_params(np.ones(5), SIZES),
            ValueError,
            "theta must hold the 59 weights and biases",
        ),
        (
            lambda: vector_to_params(np.ones((59, 1)), SIZES),
            ValueError,
            "theta must be a 1-D array",
        ),
        (
            lambda: mlp_vector_grad(np.ones(59), X7, L7, sizes=[3, 5]),
            ValueError,
            "theta must hold the 20 weights",
        ),
        (
            lambda: mlp_vector_loss(np.ones(59), X7, L7 + 1, sizes=SIZES),
            ValueError,
            r"labels must hold class indices in \[0, 3\)",
        ),
        (
            lambda: time_gradients(P, X7, L7, repeats=0),
            ValueError,
            "repeats must be at least 1",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ------------------------------------------- the code as a reader copies it


def test_the_copied_backward_pass_takes_python_lists():
    X, labels = _batch()
    params = mlp_init(SIZES, seed=13)
    copied = mlp_loss_and_grad.__wrapped__  # the page's section, without @checked
    loss, grads = copied(params, X.tolist(), labels.tolist())
    expected, expected_grads = mlp_loss_and_grad(params, X, labels)
    assert loss == pytest.approx(expected, rel=1e-14)
    assert np.allclose(params_to_vector(grads), params_to_vector(expected_grads))


@pytest.mark.parametrize("copied", [mlp_vector_loss, mlp_vector_grad])
def test_the_copied_vector_functions_refuse_labels_that_are_not_whole(copied):
    X, labels = _batch()
    theta = params_to_vector(mlp_init(SIZES, seed=14))
    with pytest.raises(ValueError, match="labels must hold whole numbers"):
        copied.__wrapped__(theta, X, labels + 0.5, sizes=SIZES)
    copied.__wrapped__(theta, X, labels.astype(float), sizes=SIZES)  # as fit does


@pytest.mark.parametrize("scale", [np.float32(0.5), np.float64(0.5), 0.5])
def test_the_copied_init_takes_a_numpy_number_as_its_scale(scale):
    [(W, _)] = mlp_init.__wrapped__([400, 400], seed=15, scale=scale)
    assert W.std() == pytest.approx(0.5, rel=0.01)
