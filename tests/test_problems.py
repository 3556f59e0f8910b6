"""Toy data: reproducible, the right shapes, the promised structure."""

import numpy as np
import pytest

from gd_snippets.models import least_squares_line
from gd_snippets.problems import make_blobs, make_line_data


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
