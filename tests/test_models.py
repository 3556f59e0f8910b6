"""The line model: predictions, its MSE gradient, the least-squares fit."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.losses import mse
from gd_snippets.models import (
    least_squares_line,
    line_mse_grad,
    line_through,
    predict_line,
)
from gd_snippets.problems import make_line_data


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
