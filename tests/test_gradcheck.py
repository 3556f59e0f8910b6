"""Finite differences and the relative error."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gd_snippets.gradcheck import numerical_gradient, relative_error


def test_numerical_gradient_of_a_cubic():
    x = np.array([-1.5, 0.0, 2.0])
    numeric = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    assert np.allclose(numeric, 3 * x**2, atol=1e-8)


def test_numerical_gradient_keeps_the_shape_of_x():
    x = np.arange(6.0).reshape(2, 3)
    assert numerical_gradient(lambda v: float(np.sum(v**2)), x).shape == (2, 3)


def test_centered_error_shrinks_like_h_squared():
    x = np.array([1.0])
    errors = [
        abs(numerical_gradient(lambda v: float(np.exp(v[0])), x, h=h)[0] - np.e)
        for h in (1e-2, 1e-3)
    ]
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)


def test_numerical_gradient_does_not_mutate_x():
    x = np.array([1.0, 2.0])
    numerical_gradient(lambda v: float(np.sum(v)), x)
    assert x.tolist() == [1.0, 2.0]


@given(arrays(float, 4, elements=st.floats(-1e6, 1e6)))
def test_relative_error_is_zero_for_equal_and_symmetric(a):
    b = a + 1.0
    assert relative_error(a, a) == 0
    assert relative_error(a, b) == relative_error(b, a)
    assert 0 <= relative_error(a, b) <= 2


def test_relative_error_by_hand():
    assert relative_error(np.array([3.0, 4.0]), np.array([3.0, 4.5])) == pytest.approx(
        0.5 / np.hypot(3, 4.5)
    )
    assert relative_error(np.zeros(3), np.zeros(3)) == 0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: numerical_gradient("f", np.ones(2)), TypeError, "f must be callable"),
        (
            lambda: numerical_gradient(np.sum, np.ones(2), h=0),
            ValueError,
            "h must be greater than 0",
        ),
        (
            lambda: numerical_gradient(np.sum, np.ones(2), h=np.nan),
            ValueError,
            "h must be finite",
        ),
        (lambda: numerical_gradient(np.sum, []), ValueError, "x must not be empty"),
        (
            lambda: relative_error([1.0], [1.0, 2.0]),
            ValueError,
            "a and b must have the same shape",
        ),
        (
            lambda: relative_error([np.nan], [1.0]),
            ValueError,
            "a must contain only finite",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# Forward and centered differences of a function of one number.


def test_forward_error_shrinks_like_h_and_centered_like_h_squared():
    from gd_snippets.gradcheck import centered_difference, forward_difference

    def errors(method):
        return [abs(method(np.exp, 1.0, h=h) - np.e) for h in (1e-2, 1e-3)]

    forward, centered = errors(forward_difference), errors(centered_difference)
    assert forward[0] / forward[1] == pytest.approx(10, rel=0.05)
    assert centered[0] / centered[1] == pytest.approx(100, rel=0.05)
    assert centered[1] < forward[1] / 1000


def test_too_small_a_step_is_as_bad_as_too_large():
    from gd_snippets.gradcheck import centered_difference

    def error(h):
        return abs(centered_difference(np.exp, 1.0, h=h) - np.e)

    best = error(1e-5)
    assert error(1e-13) > 1000 * best and error(1e-1) > 1000 * best


def test_centered_difference_matches_numerical_gradient():
    from gd_snippets.gradcheck import centered_difference

    f = lambda v: float(np.sum(v**3))  # noqa: E731
    numeric = numerical_gradient(f, np.array([1.7]), h=1e-4)
    assert centered_difference(lambda t: t**3, 1.7, h=1e-4) == numeric[0]


def test_differences_reject_bad_input():
    from gd_snippets.gradcheck import centered_difference, forward_difference

    with pytest.raises(ValueError, match="h must be greater than 0"):
        forward_difference(np.exp, 1.0, h=-1e-3)
    with pytest.raises(TypeError, match="x must be a real number"):
        centered_difference(np.exp, "1", h=1e-3)
    with pytest.raises(TypeError, match="f must be callable"):
        centered_difference(None, 1.0, h=1e-3)


def test_copied_relative_error_refuses_shapes_that_broadcast():
    with pytest.raises(ValueError, match="a and b must have the same shape"):
        relative_error.__wrapped__(np.array([[1.0], [2.0]]), np.array([1.0, 2.0]))


def test_copied_relative_error_of_a_nan_is_inf_so_thresholds_fail():
    assert relative_error.__wrapped__(np.array([np.nan]), np.array([1.0])) == np.inf
    with pytest.raises(ValueError, match="a must contain only finite"):
        relative_error(np.array([np.nan]), np.array([1.0]))


def test_a_step_lost_in_a_large_x_is_an_error_not_a_zero():
    from gd_snippets.gradcheck import centered_difference, forward_difference

    def square(v):
        return v**2

    for f in (centered_difference, forward_difference):
        with pytest.raises(ValueError, match="h=1e-05 is lost in x=1e"):
            f(square, 1e12, h=1e-5)
    with pytest.raises(ValueError, match="h=1e-05 is lost in x"):
        numerical_gradient(lambda v: float(np.sum(v**2)), np.array([1e12]))
    big = centered_difference(square, 1e12, h=6e-6 * 1e12)
    assert big == pytest.approx(2e12, rel=1e-9)


def test_copied_differences_of_float32_input_run_in_float64():
    from gd_snippets.gradcheck import centered_difference

    def cube(v):
        return v**3

    w = np.float32(1.5)
    exact = 3 * float(w) ** 2
    assert abs(centered_difference.__wrapped__(cube, w, h=1e-5) - exact) < 1e-8
    copied = numerical_gradient.__wrapped__
    numeric = copied(lambda v: float(np.sum(v**3)), np.array([w]))
    assert abs(numeric[0] - exact) < 1e-8
