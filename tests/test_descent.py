"""Plain gradient descent: convergence, the path, divergence reported clearly."""

import numpy as np
import pytest

from gd_snippets.descent import gradient_descent
from gd_snippets.models import least_squares_line, line_mse_grad
from gd_snippets.problems import make_line_data


def test_path_shape_and_start():
    path = gradient_descent(lambda w: 2 * w, np.array([1.0, -2.0]), lr=0.1, steps=5)
    assert path.shape == (6, 2)
    assert path[0].tolist() == [1.0, -2.0]
    assert np.allclose(path[1], 0.8 * path[0])


def test_converges_to_the_least_squares_line():
    x, y = make_line_data(30, seed=5)
    path = gradient_descent(
        lambda p: line_mse_grad(x, y, *p), np.zeros(2), lr=0.01, steps=5000
    )
    assert np.allclose(path[-1], least_squares_line(x, y), atol=1e-6)


def test_zero_steps_returns_the_start():
    assert gradient_descent(lambda w: w, np.ones(1), lr=0.1, steps=0).tolist() == [
        [1.0]
    ]


def test_start_is_not_mutated():
    w0 = np.array([3.0])
    gradient_descent(lambda w: 2 * w, w0, lr=0.1, steps=3)
    assert w0.tolist() == [3.0]


def test_exploding_steps_are_reported_long_before_overflow():
    x, y = make_line_data(12, seed=7)
    with pytest.raises(FloatingPointError, match=r"diverged at step (\d+)") as error:
        gradient_descent(
            lambda p: line_mse_grad(x, y, *p), np.zeros(2), lr=0.05, steps=1000
        )
    assert int(error.value.args[0].split("step ")[1].split(":")[0]) < 20


def test_max_norm_is_the_explosion_threshold():
    path = gradient_descent(lambda w: -w, np.ones(1), lr=1.0, steps=3, max_norm=8.0)
    assert path[-1].tolist() == [8.0]
    with pytest.raises(FloatingPointError, match="diverged at step 4"):
        gradient_descent(lambda w: -w, np.ones(1), lr=1.0, steps=4, max_norm=8.0)


def test_divergence_is_reported_not_returned_as_nan():
    with pytest.raises(
        FloatingPointError, match=r"diverged at step \d+: lr=1.5 is too large"
    ):
        gradient_descent(lambda w: 4 * w**3, np.array([2.0]), lr=1.5, steps=100)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0, "steps": 1}, ValueError, "lr must be greater than 0"),
        ({"lr": -0.1, "steps": 1}, ValueError, "lr must be greater than 0"),
        ({"lr": 0.1, "steps": -1}, ValueError, "steps must be at least 0"),
        ({"lr": 0.1, "steps": 2.5}, TypeError, "steps must be an int"),
        (
            {"lr": 0.1, "steps": 1, "max_norm": 0},
            ValueError,
            "max_norm must be greater",
        ),
    ],
)
def test_bad_hyperparameters_get_a_clear_error(kwargs, error, message):
    with pytest.raises(error, match=message):
        gradient_descent(lambda w: w, np.ones(1), **kwargs)


def test_bad_arguments_get_a_clear_error():
    with pytest.raises(TypeError, match="grad must be callable"):
        gradient_descent(None, np.ones(1), lr=0.1, steps=1)
    with pytest.raises(ValueError, match="w0 must contain only finite"):
        gradient_descent(lambda w: w, np.array([np.nan]), lr=0.1, steps=1)
