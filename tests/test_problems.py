"""Toy data: reproducible, the right shapes, the promised structure."""

import numpy as np
import pytest

from gd_snippets.descent import descend
from gd_snippets.gradcheck import numerical_gradient
from gd_snippets.models import least_squares_line
from gd_snippets.problems import (
    linear_mse,
    linear_mse_curvature,
    linear_mse_grad,
    make_blobs,
    make_line_data,
    make_regression_data,
)


def test_line_data_is_reproducible_from_its_seed():
    a, b = make_line_data(10, seed=3), make_line_data(10, seed=3)
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert not np.array_equal(make_line_data(10, seed=4)[0], a[0])


def test_line_data_follows_its_line():
    x, y = make_line_data(2000, slope=-3.0, intercept=5.0, noise=0.5, seed=0)
    assert x.shape == y.shape == (2000,)
    assert np.all((x >= 0) & (x < 10))
    w, b = least_squares_line(x, y)
    assert w == pytest.approx(-3.0, abs=0.02) and b == pytest.approx(5.0, abs=0.1)


def test_noiseless_line_data_lies_on_the_line():
    x, y = make_line_data(5, noise=0.0, seed=1)
    assert np.allclose(y, 2.0 * x + 1.0)


def test_blobs_shapes_labels_and_centres():
    centers = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    X, labels = make_blobs(200, centers=centers, spread=0.5, seed=0)
    assert X.shape == (600, 2) and labels.shape == (600,)
    assert np.bincount(labels).tolist() == [200, 200, 200]
    for k, center in enumerate(centers):
        assert np.allclose(X[labels == k].mean(axis=0), center, atol=0.15)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_line_data(1, seed=0), ValueError, "n must be at least 2"),
        (lambda: make_line_data(5.0, seed=0), TypeError, "n must be an int"),
        (
            lambda: make_line_data(5, noise=-1.0, seed=0),
            ValueError,
            "noise must be 0 or more",
        ),
        (
            lambda: make_line_data(5, slope=np.inf, seed=0),
            ValueError,
            "slope must be finite",
        ),
        (lambda: make_line_data(5, seed=-1), ValueError, "seed must be at least 0"),
        (lambda: make_line_data(5), TypeError, "seed"),
        (
            lambda: make_blobs(0, centers=[[0.0, 0.0]], seed=0),
            ValueError,
            "n_per_class must be at least 1",
        ),
        (
            lambda: make_blobs(3, centers=[0.0, 0.0], seed=0),
            ValueError,
            "centers must be a 2-D array",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_regression_data_is_reproducible_and_scaled_per_feature():
    X, y = make_regression_data(4000, n_features=4, noise=0.5, seed=0)
    again = make_regression_data(4000, n_features=4, noise=0.5, seed=0)
    assert np.array_equal(X, again[0]) and np.array_equal(y, again[1])
    assert X.shape == (4000, 4) and y.shape == (4000,)
    np.testing.assert_allclose(X.std(axis=0), [1, 1 / 2, 1 / 3, 1 / 4], rtol=0.05)
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    assert linear_mse(best, X, y) == pytest.approx(0.25, rel=0.1), "noise ** 2 left"


def test_linear_mse_and_its_gradient_on_any_batch():
    X, y = make_regression_data(50, n_features=3, seed=1)
    w = np.array([0.5, -1.0, 2.0])
    for batch in (slice(None), slice(0, 1), slice(10, 17)):
        Xb, yb = X[batch], y[batch]
        assert linear_mse(w, Xb, yb) == pytest.approx(np.mean((Xb @ w - yb) ** 2))
        expected = numerical_gradient(lambda v, Xb=Xb, yb=yb: linear_mse(v, Xb, yb), w)
        np.testing.assert_allclose(linear_mse_grad(w, Xb, yb), expected, rtol=1e-6)


def test_linear_mse_on_float32_and_large_data():
    X, y = make_regression_data(200_000, n_features=3, noise=0.0, seed=2)
    w = np.ones(3, dtype=np.float32)
    loss = linear_mse(w, X.astype(np.float32), y.astype(np.float32))
    assert np.isfinite(loss)
    assert loss == pytest.approx(linear_mse(np.ones(3), X, y), rel=1e-4)
    assert linear_mse_grad(w, X, y).shape == (3,)
    bare = linear_mse_grad.__wrapped__(w, X.astype(np.float32), y.astype(np.float32))
    assert bare.dtype == np.float32 and np.all(np.isfinite(bare))


@pytest.mark.parametrize("function", [linear_mse, linear_mse_grad])
def test_a_column_of_targets_is_refused_even_in_the_copied_code(function):
    X, y = make_regression_data(5, n_features=2, seed=3)
    for version in (function, function.__wrapped__):  # checked, and bare
        with pytest.raises(ValueError):
            version(np.zeros(2), X, y[:, None])  # (5, 1) would broadcast to (5, 5)
        with pytest.raises(ValueError):
            version(np.zeros(3), X, y)  # one weight too many
        with pytest.raises(ValueError, match=r"w must be a 1-D|need w \(d,\)"):
            version(np.zeros((2, 1)), X, y)  # X @ w (5, 1) - y would be (5, 5)
    with pytest.raises(ValueError, match=r"X must have one row per entry of y"):
        function(np.zeros(2), X[:4], y)
    with pytest.raises(ValueError, match="n_features must be at least 1"):
        make_regression_data(5, n_features=0, seed=0)


def test_the_curvature_is_the_steepest_bend_and_sets_the_stable_rate():
    X, y = make_regression_data(300, n_features=3, seed=4)
    L = linear_mse_curvature(X)
    rng = np.random.default_rng(0)
    w = rng.standard_normal(3)
    for v in rng.standard_normal((20, 3)):  # the gradient changes by H v along v
        bend = (linear_mse_grad(w + v, X, y) - linear_mse_grad(w, X, y)) @ v / (v @ v)
        assert 0 < bend <= L * (1 + 1e-12)
    runs = [
        descend(
            lambda w: linear_mse(w, X, y),
            lambda w: linear_mse_grad(w, X, y),
            np.zeros(3),
            lr=factor * 2 / L,
            max_steps=3000,
        )
        for factor in (0.98, 1.02)
    ]
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    assert runs[0].losses[-1] == pytest.approx(linear_mse(best, X, y))
    assert runs[1].stopped_by == "diverged", "just past 2 / L it blows up"
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        linear_mse_curvature(np.ones(4))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 50.0}, TypeError, r"^n must be an integer, got 50.0"),
        ({"n_features": 2.5}, TypeError, r"^n_features must be an integer, got 2.5"),
        ({"n": 0}, ValueError, r"^n must be at least 1, got 0"),
        ({"n_features": 0}, ValueError, r"^n_features must be at least 1, got 0"),
    ],
)
def test_the_copied_regression_data_names_a_bad_count(kwargs, error, message):
    """Bare, 50.0 gave "'float' object cannot be interpreted as an integer" and
    n_features=0 an empty X without a word."""
    bare = make_regression_data.__wrapped__
    with pytest.raises(error, match=message):
        bare(**({"n": 50, "n_features": 3} | kwargs), noise=0.5, seed=0)


@pytest.mark.parametrize(
    ("dtype", "scale"), [(np.uint8, 1), (np.int16, 1), (np.int64, 2**28)]
)
def test_the_copied_loss_gradient_and_curvature_do_not_overflow_on_integers(
    dtype, scale
):
    """Bare, uint8 pixels gave a loss of 104.5 for 87912.5 and a curvature of
    146 for 93295 (X @ w wrapped around in uint8), silently."""
    X = np.array([[200, 100], [50, 250], [3, 7]]) * scale
    y, w = np.array([3, 4, 255]) * scale, np.array([1, 2])
    for function in (linear_mse, linear_mse_grad):
        expected = function(w.astype(float), X.astype(float), y.astype(float))
        for version in (function, function.__wrapped__):
            got = version(w.astype(dtype), X.astype(dtype), y.astype(dtype))
            np.testing.assert_allclose(got, expected, rtol=1e-12)
    for version in (linear_mse_curvature, linear_mse_curvature.__wrapped__):
        assert version(X.astype(dtype)) == pytest.approx(
            linear_mse_curvature(X.astype(float)), rel=1e-12
        )


def test_the_copied_loss_and_gradient_take_lists():
    X, y = make_regression_data(6, n_features=2, seed=5)
    w = [0.5, -1.0]
    for function in (linear_mse, linear_mse_grad):
        np.testing.assert_allclose(
            function.__wrapped__(w, X.tolist(), y.tolist()),
            function(np.array(w), X, y),
        )
    assert linear_mse_curvature.__wrapped__(X.tolist()) == pytest.approx(
        linear_mse_curvature(X)
    )


@pytest.mark.parametrize("function", [linear_mse, linear_mse_grad])
def test_the_copied_loss_and_gradient_refuse_an_empty_batch(function):
    """Bare, an empty batch gave nan with numpy's 'Mean of empty slice'."""
    X, y = make_regression_data(6, n_features=2, seed=5)
    with pytest.raises(ValueError, match=r"need w \(d,\), X \(B, d\), y \(B,\)"):
        function.__wrapped__(np.zeros(2), X[:0], y[:0])


@pytest.mark.parametrize("X", [np.zeros((0, 3)), np.ones(3)], ids=["empty", "1-D"])
def test_the_copied_curvature_names_x_when_it_is_not_a_table_of_examples(X):
    """Bare, numpy said 'Eigenvalues did not converge' or '0-dimensional array'."""
    with pytest.raises(ValueError, match=r"^X must be \(n, d\) with n >= 1"):
        linear_mse_curvature.__wrapped__(X)
