"""Issue #7's 2-D data sets, two moons and a circle inside a ring: reproducible
from a seed, the promised shapes, and no straight line separates them."""

import numpy as np
import pytest

from gd_snippets.problems import make_circles, make_moons

MAKERS = [make_moons, make_circles]


@pytest.mark.parametrize("make", MAKERS)
def test_reproducible_from_the_seed_and_shuffled(make):
    X, labels = make(101, noise=0.1, seed=3)
    again = make(101, noise=0.1, seed=3)
    assert np.array_equal(X, again[0]) and np.array_equal(labels, again[1])
    assert not np.array_equal(X, make(101, noise=0.1, seed=4)[0])
    assert X.shape == (101, 2) and labels.shape == (101,)
    assert labels.dtype.kind == "i"
    assert np.bincount(labels).tolist() == [50, 51]  # n // 2, then the rest
    assert np.any(np.diff(labels) < 0), "shuffled: not all 0s then all 1s"


def test_noiseless_moons_lie_on_their_half_circles():
    X, labels = make_moons(400, noise=0.0, seed=0)
    upper, lower = X[labels == 0], X[labels == 1]
    assert np.allclose(np.hypot(*upper.T), 1) and np.all(upper[:, 1] >= 0)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1)
    assert np.all(lower[:, 1] <= 0.5)
    # each half circle is covered from one end to the other
    assert upper[:, 0].min() < -0.99 and upper[:, 0].max() > 0.99
    assert lower[:, 0].min() < 0.01 and lower[:, 0].max() > 1.99


@pytest.mark.parametrize("factor", [0.3, 0.5, 0.8])
def test_noiseless_circles_lie_on_their_two_radii(factor):
    X, labels = make_circles(400, noise=0.0, factor=factor, seed=0)
    radius = np.hypot(*X.T)
    assert np.allclose(radius[labels == 0], 1) and np.allclose(
        radius[labels == 1], factor
    )
    angles = np.arctan2(X[:, 1], X[:, 0])
    assert np.histogram(angles, bins=4, range=(-np.pi, np.pi))[0].min() > 60


@pytest.mark.parametrize("make", MAKERS)
def test_noise_is_gaussian_of_the_given_size(make):
    clean, _ = make(4000, noise=0.0, seed=5)
    noisy, _ = make(4000, noise=0.2, seed=5)  # same draws, plus the noise
    residuals = noisy - clean
    assert residuals.std() == pytest.approx(0.2, rel=0.05)
    assert np.abs(residuals.mean(axis=0)).max() < 0.02


def _best_line_accuracy(X, labels, angles=720):
    """The accuracy of the best straight boundary, searched: for each of
    `angles` directions, every threshold along it (between sorted points), with
    class 1 on the far side (the opposite direction puts it on the near side)."""
    best = 0.0
    for angle in np.linspace(0, 2 * np.pi, angles, endpoint=False):
        order = np.argsort(X @ np.array([np.cos(angle), np.sin(angle)]))
        ones = labels[order] == 1
        # class 0 for the first k points, class 1 for the others, k = 0..n
        right = np.concatenate([[0], np.cumsum(~ones)]) + np.concatenate(
            [np.cumsum(ones[::-1])[::-1], [0]]
        )
        best = max(best, right.max() / len(labels))
    return best


@pytest.mark.parametrize(("make", "most"), [(make_moons, 0.92), (make_circles, 0.75)])
def test_no_straight_line_separates_them(make, most):
    X, labels = make(400, noise=0.1, seed=0)
    assert _best_line_accuracy(X, labels) < most
    # while blobs far apart are separated by a line: the measure can say yes
    shifted = X + 10 * labels[:, None]
    assert _best_line_accuracy(shifted, labels) == 1.0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_moons(1, seed=0), ValueError, "n must be at least 2"),
        (lambda: make_moons(10.0, seed=0), TypeError, "n must be an int"),
        (
            lambda: make_moons(10, noise=-0.1, seed=0),
            ValueError,
            "noise must be 0 or more",
        ),
        (
            lambda: make_moons(10, noise=np.nan, seed=0),
            ValueError,
            "noise must be finite",
        ),
        (lambda: make_moons(10, seed=-1), ValueError, "seed must be at least 0"),
        (lambda: make_moons(10), TypeError, "seed"),
        (lambda: make_circles(1, seed=0), ValueError, "n must be at least 2"),
        (
            lambda: make_circles(10, factor=1.0, seed=0),
            ValueError,
            "factor must be between 0 and 1",
        ),
        (
            lambda: make_circles(10, factor=0, seed=0),
            ValueError,
            "factor must be between 0 and 1",
        ),
        (
            lambda: make_circles(10, factor="0.5", seed=0),
            TypeError,
            "factor must be a real number",
        ),
        (
            lambda: make_circles(10, noise=-1, seed=0),
            ValueError,
            "noise must be 0 or more",
        ),
        (lambda: make_circles(10, seed=1.5), TypeError, "seed must be an int"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
