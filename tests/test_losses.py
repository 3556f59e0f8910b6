"""Losses: values, invariants, gradients against finite differences, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    log_softmax,
    logsumexp,
    mse,
    mse_grad,
    sigmoid,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)

finite = st.floats(-50, 50, allow_nan=False)
vectors = st.integers(1, 8).flatmap(lambda n: arrays(float, n, elements=finite))
logit_matrices = st.tuples(st.integers(1, 6), st.integers(2, 5)).flatmap(
    lambda shape: arrays(float, shape, elements=finite)
)
rng = np.random.default_rng(0)


def test_mse_by_hand():
    assert mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 6.0])) == pytest.approx(
        13 / 3
    )


@given(vectors)
def test_mse_is_zero_only_for_a_perfect_guess(y):
    assert mse(y, y) == 0
    assert mse(y + 1, y) == pytest.approx(1)


@given(vectors, vectors)
def test_mse_is_symmetric_and_non_negative(a, b):
    n = min(len(a), len(b))
    assert mse(a[:n], b[:n]) == mse(b[:n], a[:n]) >= 0


def test_mse_grad_matches_finite_differences():
    y_pred, y_true = rng.normal(size=7), rng.normal(size=7)
    numeric = numerical_gradient(lambda p: mse(p, y_true), y_pred)
    assert relative_error(mse_grad(y_pred, y_true), numeric) < 1e-8


def test_binary_cross_entropy_by_hand():
    p, y = np.array([0.9, 0.2]), np.array([1.0, 0.0])
    expected = -(math.log(0.9) + math.log(0.8)) / 2
    assert binary_cross_entropy(p, y) == pytest.approx(expected)


def test_binary_cross_entropy_of_a_certain_mistake_is_large_but_finite():
    loss = binary_cross_entropy(np.array([0.0]), np.array([1.0]))
    assert loss == pytest.approx(-math.log(np.finfo(float).eps))


def test_binary_cross_entropy_grad_matches_finite_differences():
    p, y = rng.uniform(0.05, 0.95, size=6), rng.uniform(0, 1, size=6)
    numeric = numerical_gradient(lambda q: binary_cross_entropy(q, y), p, h=1e-6)
    assert relative_error(binary_cross_entropy_grad(p, y), numeric) < 1e-6


@given(arrays(float, 5, elements=st.floats(-20, 20)))
def test_logit_form_equals_probability_form(z):
    y = (np.arange(5) % 2).astype(float)
    assert binary_cross_entropy_with_logits(z, y) == pytest.approx(
        binary_cross_entropy(sigmoid(z), y), rel=1e-6, abs=1e-9
    )


def test_logit_form_is_exact_where_probabilities_saturate():
    # sigmoid(-800) underflows to 0; the logit form still gives the exact 800.
    assert binary_cross_entropy_with_logits(np.array([-800.0]), np.array([1.0])) == 800


def test_binary_cross_entropy_with_logits_grad_matches_finite_differences():
    z, y = rng.normal(size=6) * 3, rng.uniform(0, 1, size=6)
    numeric = numerical_gradient(lambda v: binary_cross_entropy_with_logits(v, y), z)
    assert relative_error(binary_cross_entropy_with_logits_grad(z, y), numeric) < 1e-8


@given(arrays(float, 6, elements=st.floats(-1000, 1000)))
def test_sigmoid_stays_in_the_unit_interval_without_warnings(z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))
    assert np.allclose(s + sigmoid(-z), 1)


@given(logit_matrices)
def test_softmax_rows_are_distributions(z):
    p = softmax(z)
    assert np.all(p >= 0)
    assert np.allclose(p.sum(axis=1), 1)
    assert np.all(log_softmax(z) <= 1e-12)


@given(logit_matrices, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_shift(z, c):
    assert np.allclose(softmax(z + c), softmax(z), atol=1e-9)


def test_softmax_survives_huge_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(np.array([[1000.0, 0.0, -1000.0]]))
    assert p[0] == pytest.approx([1, 0, 0])
    assert logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000 + math.log(2))


@pytest.mark.parametrize("n_classes", [2, 3, 10, 1000])
def test_uniform_guess_costs_log_of_the_number_of_classes(n_classes):
    logits = np.zeros((4, n_classes))
    labels = np.arange(4) % n_classes
    assert softmax_cross_entropy(logits, labels) == pytest.approx(math.log(n_classes))


def test_softmax_cross_entropy_by_hand():
    logits = np.array([[2.0, 1.0, 0.0]])
    expected = -math.log(math.exp(2) / (math.exp(2) + math.exp(1) + 1))
    assert softmax_cross_entropy(logits, np.array([0])) == pytest.approx(expected)


def test_softmax_cross_entropy_grad_matches_finite_differences():
    logits, labels = rng.normal(size=(5, 4)) * 2, np.array([0, 3, 1, 1, 2])
    numeric = numerical_gradient(lambda z: softmax_cross_entropy(z, labels), logits)
    assert relative_error(softmax_cross_entropy_grad(logits, labels), numeric) < 1e-8


@given(logit_matrices)
def test_softmax_cross_entropy_grad_rows_sum_to_zero(z):
    labels = np.arange(len(z)) % z.shape[1]
    assert np.allclose(softmax_cross_entropy_grad(z, labels).sum(axis=1), 0)


# -- bad input: a clear error that names the argument ------------------------

BAD_INPUTS = [
    (
        mse,
        ([1.0, 2.0], [1.0]),
        ValueError,
        "y_pred and y_true must have the same shape",
    ),
    (mse, ([], []), ValueError, "y_pred must not be empty"),
    (mse, ([1.0, np.nan], [1.0, 2.0]), ValueError, "y_pred must contain only finite"),
    (mse, ([1.0], [np.inf]), ValueError, "y_true must contain only finite"),
    (mse, ("abc", [1.0]), TypeError, "y_pred must be an array of numbers"),
    (mse_grad, ([1.0], [[1.0]]), ValueError, "same shape"),
    (
        binary_cross_entropy,
        ([1.5], [1.0]),
        ValueError,
        r"p must hold probabilities in \[0, 1\]",
    ),
    (binary_cross_entropy, ([0.5], [-1.0]), ValueError, "y must hold probabilities"),
    (
        binary_cross_entropy_grad,
        ([0.5], [2.0]),
        ValueError,
        "y must hold probabilities",
    ),
    (
        binary_cross_entropy_with_logits,
        ([0.5], [2.0]),
        ValueError,
        "y must hold probabilities",
    ),
    (
        binary_cross_entropy_with_logits_grad,
        ([np.nan], [1.0]),
        ValueError,
        "z must contain",
    ),
    (sigmoid, ([],), ValueError, "z must not be empty"),
    (logsumexp, ([np.inf],), ValueError, "z must contain only finite"),
    (softmax, ([[np.nan, 1.0]],), ValueError, "logits must contain only finite"),
    (log_softmax, (None,), TypeError, "logits must be an array of numbers"),
    (
        softmax_cross_entropy,
        ([1.0, 2.0], [0]),
        ValueError,
        "logits must be a 2-D array",
    ),
    (
        softmax_cross_entropy,
        ([[1.0, 2.0]], [2]),
        ValueError,
        r"labels must hold class indices in \[0, 2\)",
    ),
    (
        softmax_cross_entropy,
        ([[1.0, 2.0]], [-1]),
        ValueError,
        "labels must hold class indices",
    ),
    (
        softmax_cross_entropy,
        ([[1.0, 2.0]], [0.5]),
        TypeError,
        "labels must hold integer class",
    ),
    (
        softmax_cross_entropy_grad,
        ([[1.0, 2.0]], [0, 1]),
        ValueError,
        "one label per row",
    ),
]


@pytest.mark.parametrize(
    ("function", "args", "error", "message"),
    BAD_INPUTS,
    ids=[f"{f.__name__}-{i}" for i, (f, *_rest) in enumerate(BAD_INPUTS)],
)
def test_bad_input_gets_a_clear_error(function, args, error, message):
    with pytest.raises(error, match=message):
        function(*args)


def test_inputs_are_not_mutated():
    y_pred, y_true = np.array([1.0, 2.0]), np.array([0.0, 0.0])
    logits = np.array([[1.0, 2.0]])
    for f in (mse, mse_grad):
        f(y_pred, y_true)
    softmax_cross_entropy_grad(logits, np.array([1]))
    assert y_pred.tolist() == [1.0, 2.0] and logits.tolist() == [[1.0, 2.0]]


# The bare functions (``__wrapped__``, without @checked) are what a reader
# copies from the page: they must not return wrong numbers on common input.


@pytest.mark.parametrize(
    "f",
    [
        mse,
        mse_grad,
        binary_cross_entropy,
        binary_cross_entropy_grad,
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
    ],
)
def test_bare_losses_refuse_shapes_that_would_broadcast(f):
    column, flat = np.full((4, 1), 0.5), np.array([0.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="must have the same shape"):
        f.__wrapped__(column, flat)


@pytest.mark.parametrize("f", [softmax_cross_entropy, softmax_cross_entropy_grad])
def test_bare_softmax_cross_entropy_wants_one_label_per_row(f):
    logits, labels = np.zeros((3, 2)), np.array([[0], [1], [1]])
    with pytest.raises(ValueError, match="one label per row"):
        f.__wrapped__(logits, labels)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bare_binary_cross_entropy_stays_finite_in_any_float_dtype(dtype):
    p, y = np.array([1.0, 0.0], dtype=dtype), np.array([0.0, 1.0], dtype=dtype)
    loss = binary_cross_entropy.__wrapped__(p, y)
    grad = binary_cross_entropy_grad.__wrapped__(p, y)
    assert np.isfinite(loss) and loss > 10
    assert np.all(np.isfinite(grad))


def test_softmax_cross_entropy_grad_allocates_no_classes_squared_matrix():
    import tracemalloc

    n_classes = 2_000  # np.eye would take 32 MB; the gradient itself 32 KB
    logits, labels = np.zeros((2, n_classes)), np.array([0, n_classes - 1])
    tracemalloc.start()
    grad = softmax_cross_entropy_grad.__wrapped__(logits, labels)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000
    assert grad[0, 0] == pytest.approx((1 / n_classes - 1) / 2)
    assert grad[1, 1] == pytest.approx(1 / n_classes / 2)


# Copy-paste safety: the bare code casts to float and checks its labels, so
# these common inputs no longer give wrong numbers without a word.


def test_bare_mse_casts_unsigned_integers_to_float():
    zero, twenty = np.array([0], dtype=np.uint8), np.array([20], dtype=np.uint8)
    assert mse.__wrapped__(zero, twenty) == 400  # uint8 wrapped: 236**2 % 256
    assert mse_grad.__wrapped__(zero, twenty).tolist() == [-40]  # not +216


def test_bare_mse_does_not_overflow_int64():
    big = np.array([3_100_000_000], dtype=np.int64)
    assert mse.__wrapped__(np.zeros(1, dtype=np.int64), big) == pytest.approx(9.61e18)


def test_bare_sigmoid_of_an_unsigned_integer():
    assert sigmoid.__wrapped__(np.array([1], dtype=np.uint8))[0] == pytest.approx(
        1 / (1 + math.exp(-1))
    )


@pytest.mark.parametrize(
    ("f", "first"),
    [
        (binary_cross_entropy, [0.9, 0.1]),
        (binary_cross_entropy_grad, [0.9, 0.1]),
        (binary_cross_entropy_with_logits, [3.0, -3.0]),
        (binary_cross_entropy_with_logits_grad, [3.0, -3.0]),
    ],
)
def test_bare_binary_losses_refuse_plus_minus_one_labels(f, first):
    with pytest.raises(ValueError, match=r"y must hold labels in \[0, 1\]"):
        f.__wrapped__(np.array(first), np.array([1.0, -1.0]))


@pytest.mark.parametrize("f", [softmax_cross_entropy, softmax_cross_entropy_grad])
@pytest.mark.parametrize("label", [-100, -1, 200])
def test_bare_softmax_cross_entropy_refuses_labels_outside_the_classes(f, label):
    # -100 is PyTorch's ignore_index; numpy would read it as class 100 of 200.
    with pytest.raises(ValueError, match=r"labels must be class indices in \[0, 200\)"):
        f.__wrapped__(np.zeros((1, 200)), np.array([label]))


@pytest.mark.parametrize("f", [binary_cross_entropy, binary_cross_entropy_grad])
def test_bare_binary_cross_entropy_refuses_logits_for_probabilities(f):
    # Logits passed by mistake were clipped into [eps, 1 - eps]: a loss of 2e-16,
    # "perfect", for z = 2 on a 1 and z = -1 on a 0, without a word.
    with pytest.raises(ValueError, match=r"p must hold probabilities in \[0, 1\]"):
        f.__wrapped__(np.array([2.0, -1.0]), np.array([1.0, 0.0]))


@pytest.mark.parametrize("f", [softmax_cross_entropy, softmax_cross_entropy_grad])
@pytest.mark.parametrize("labels", [[True, False], [1.0, 0.0]])
def test_bare_softmax_cross_entropy_wants_integer_labels(f, labels):
    # Bool labels were read as a mask: [True, False] scored both rows as class 0
    # (loss 1.549 instead of 0.049 here), silently; float labels gave an
    # IndexError that named no argument.
    logits = np.array([[0.0, 3.0], [3.0, 0.0]])
    with pytest.raises(TypeError, match="labels must hold integer class indices"):
        f.__wrapped__(logits, np.array(labels))
