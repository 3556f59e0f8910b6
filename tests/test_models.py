"""The line model: predictions, its MSE gradient, the least-squares fit."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.losses import binary_cross_entropy, mse
from gd_snippets.models import (
    least_squares_line,
    line_mse_grad,
    line_through,
    logistic_regression_accuracy,
    logistic_regression_grad,
    logistic_regression_loss,
    predict_line,
)
from gd_snippets.problems import make_blobs, make_line_data


def test_predict_line():
    assert predict_line(np.array([0.0, 1.0, 2.0]), 2.0, 1.0).tolist() == [1.0, 3.0, 5.0]


def test_line_mse_grad_matches_finite_differences():
    x, y = make_line_data(20, seed=0)
    params = np.array([0.5, -1.0])
    numeric = numerical_gradient(lambda p: mse(predict_line(x, *p), y), params)
    assert relative_error(line_mse_grad(x, y, *params), numeric) < 1e-8


@given(st.integers(0, 1000))
def test_least_squares_line_is_a_stationary_point_of_the_mse(seed):
    x, y = make_line_data(15, seed=seed)
    w, b = least_squares_line(x, y)
    assert np.allclose(line_mse_grad(x, y, w, b), 0, atol=1e-9)


def test_least_squares_line_beats_any_nearby_line():
    x, y = make_line_data(15, seed=2)
    w, b = least_squares_line(x, y)
    best = mse(predict_line(x, w, b), y)
    for dw, db in [(0.01, 0), (-0.01, 0), (0, 0.05), (0, -0.05)]:
        assert mse(predict_line(x, w + dw, b + db), y) > best


@given(st.floats(-100, 100), st.floats(-100, 100), st.floats(-100, 100))
def test_line_through_passes_through_both_points(x1, y1, y2):
    x2 = x1 + 1.5
    w, b = line_through(x1, y1, x2, y2)
    assert predict_line(np.array([x1, x2]), w, b) == pytest.approx([y1, y2], abs=1e-9)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: least_squares_line(np.ones(3), np.arange(3.0)),
            ValueError,
            "x must hold at least two different values",
        ),
        (
            lambda: least_squares_line(np.arange(3.0), np.arange(4.0)),
            ValueError,
            "same shape",
        ),
        (lambda: predict_line([1.0], "2", 0.0), TypeError, "w must be a real number"),
        (
            lambda: line_mse_grad([1.0, 2.0], [1.0, 2.0], 0.0, np.nan),
            ValueError,
            "b must be finite",
        ),
        (
            lambda: line_mse_grad([[1.0]], [[1.0]], 0.0, 0.0),
            ValueError,
            "x must be a 1-D array",
        ),
        (lambda: line_through(1.0, 2.0, 1.0, 3.0), ValueError, "x1 and x2 must differ"),
        (lambda: line_through(1.0, np.nan, 2.0, 3.0), ValueError, "y1 must be finite"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("f", [least_squares_line, least_squares_line.__wrapped__])
def test_least_squares_line_refuses_a_constant_x_with_an_inexact_mean(f):
    x = np.full(7, 0.1)  # x - x.mean() is not exactly 0 here
    with pytest.raises(ValueError, match="at least two different values"):
        f(x, np.arange(7.0))


@pytest.mark.parametrize(
    "call",
    [
        lambda x, y: line_mse_grad.__wrapped__(x, y, 2.0, 1.0),
        lambda x, y: least_squares_line.__wrapped__(x, y),
    ],
)
def test_bare_line_functions_refuse_shapes_that_would_broadcast(call):
    x = np.arange(4.0)
    with pytest.raises(ValueError, match="x and y must have the same shape"):
        call(x[:, None], 2 * x + 1)  # a column of x against a flat y


def test_bare_line_functions_cast_unsigned_integers_to_float():
    x, y = np.array([200, 250], dtype=np.uint8), np.array([1.0, 2.0])
    assert predict_line.__wrapped__(x, 2, 0).tolist() == [400, 500]  # not 144, 244
    r = 2.0 * np.array([200.0, 250.0]) - y
    expected = [2 * np.mean(r * [200.0, 250.0]), 2 * np.mean(r)]
    assert line_mse_grad.__wrapped__(x, y, 2, 0) == pytest.approx(expected)
    one, two, five = np.uint8(1), np.uint8(2), np.uint8(5)
    assert line_through.__wrapped__(one, five, np.uint8(3), two) == (-1.5, 6.5)


def test_bare_least_squares_line_takes_python_lists():
    # It used x.mean() on the raw input: a list gave AttributeError.
    assert least_squares_line.__wrapped__([0, 1, 2], [1, 3, 5]) == pytest.approx(
        (2.0, 1.0)
    )


@pytest.mark.parametrize("n", [0, -3, 2.0, True])
def test_bare_make_line_data_names_n_when_not_a_count_of_points(n):
    # 0 gave two empty arrays silently, 2.0 numpy's "expected a sequence of
    # integers", -3 "negative dimensions are not allowed".
    with pytest.raises(ValueError, match="n must be a whole number of points"):
        make_line_data.__wrapped__(n, seed=0)


# ------------------------------------------------------ logistic regression


def blobs_with_bias(seed=0):
    X, labels = make_blobs(
        30, centers=np.array([[-1.0, 0.0], [1.0, 0.5]]), spread=0.8, seed=seed
    )
    return np.column_stack([np.ones(len(X)), X]), labels.astype(float)


def test_logistic_regression_is_the_cross_entropy_of_sigmoid_of_the_logits():
    X, y = blobs_with_bias()
    w = np.array([0.2, 1.5, -0.7])
    p = 1 / (1 + np.exp(-(X @ w)))
    assert logistic_regression_loss(w, X, y) == pytest.approx(
        binary_cross_entropy(p, y)
    )
    assert logistic_regression_loss(np.zeros(3), X, y) == pytest.approx(np.log(2))


@pytest.mark.parametrize("batch", [slice(None), slice(0, 1), slice(5, 17)])
def test_logistic_regression_grad_matches_finite_differences(batch):
    X, y = blobs_with_bias(seed=3)
    X, y = X[batch], y[batch]
    w = np.array([-0.4, 0.9, 2.0])
    numeric = numerical_gradient(lambda v: logistic_regression_loss(v, X, y), w)
    assert relative_error(logistic_regression_grad(w, X, y), numeric) < 1e-8


def test_accuracy_counts_the_examples_on_the_right_side_of_the_boundary():
    X = np.array([[1.0, -2.0], [1.0, -0.5], [1.0, 0.5], [1.0, 3.0]])
    y = np.array([0.0, 1.0, 1.0, 1.0])
    assert logistic_regression_accuracy(np.array([0.0, 1.0]), X, y) == 0.75
    assert logistic_regression_accuracy(np.array([1.0, 1.0]), X, y) == 1.0


def test_logistic_regression_on_float32_and_huge_logits_stays_finite():
    X, y = blobs_with_bias()
    w = np.array([0.0, 1e4, 0.0], dtype=np.float32)
    assert np.isfinite(logistic_regression_loss(w, X.astype(np.float32), y))
    assert np.all(np.isfinite(logistic_regression_grad(w, X, y)))


def test_logistic_regression_on_a_large_batch():
    X = np.column_stack([np.ones(200_000), np.linspace(-3, 3, 200_000)])
    y = (X[:, 1] > 0).astype(float)
    w = np.array([0.0, 2.0])
    assert logistic_regression_accuracy(w, X, y) == 1.0
    assert logistic_regression_grad(w, X, y).shape == (2,)


@pytest.mark.parametrize(
    "function",
    [
        logistic_regression_loss,
        logistic_regression_grad,
        logistic_regression_accuracy,
    ],
)
def test_shapes_that_would_broadcast_are_refused_by_name(function):
    X, y = blobs_with_bias()
    w = np.zeros(3)
    with pytest.raises(ValueError, match="y must be a 1-D array"):
        function(w, X, y[:, None])
    with pytest.raises(ValueError, match="w must be a 1-D array"):
        function(w[:, None], X, y)
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        function(w, X[:, 1], y)
    for bad_w, bad_y in [(np.zeros(2), y), (w, y[:-1])]:
        with pytest.raises(ValueError, match="X must have one row per entry of y"):
            function(bad_w, X, bad_y)


@pytest.mark.parametrize(
    "function",
    [
        logistic_regression_loss,
        logistic_regression_grad,
        logistic_regression_accuracy,
    ],
)
def test_the_copied_code_refuses_shapes_that_would_broadcast(function):
    copied = function.__wrapped__  # the code on the page, without the checks
    X, y = blobs_with_bias()
    w = np.array([0.2, 1.5, -0.7])
    assert np.all(np.isfinite(copied(w, X, y)))
    message = "need w \\(d,\\), X \\(B, d\\), y \\(B,\\)"
    for bad_w, bad_y in [(w[:, None], y), (w, y[:, None]), (w[:2], y), (w, y[:-1])]:
        with pytest.raises(ValueError, match=message):
            copied(bad_w, X, bad_y)


def test_logistic_labels_must_be_probabilities():
    X, y = blobs_with_bias()
    with pytest.raises(ValueError, match="y must hold probabilities"):
        logistic_regression_loss(np.zeros(3), X, 2 * y)
