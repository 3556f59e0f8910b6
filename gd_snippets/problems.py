"""Small toy data sets, reproducible from an explicit seed, and the linear
regression problem of issue #4: its loss and gradient take any batch."""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked, integers, non_negative, reals


@checked(
    integers("n", minimum=2),
    reals("slope", "intercept"),
    non_negative("noise"),
    integers("seed", minimum=0),
)
# --8<-- [start:make_line_data]
def make_line_data(
    n: int,
    *,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 1.0,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """n points y = slope * x + intercept + noise * N(0, 1), x uniform on [0, 10)."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a whole number of points (at least 1), got {n!r}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, size=n)
    y = slope * x + intercept + noise * rng.standard_normal(n)
    return x, y


# --8<-- [end:make_line_data]


@checked(
    integers("n_per_class"),
    arrays("centers", ndim=2),
    non_negative("spread"),
    integers("seed", minimum=0),
)
# --8<-- [start:make_blobs]
def make_blobs(
    n_per_class: int, *, centers: np.ndarray, spread: float = 1.0, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs, one per row of centers (C, d): returns X (C * n, d) and
    integer labels (C * n,), shuffled together."""
    rng = np.random.default_rng(seed)
    n_classes, dim = centers.shape
    labels = np.repeat(np.arange(n_classes), n_per_class)
    X = centers[labels] + spread * rng.standard_normal((len(labels), dim))
    order = rng.permutation(len(labels))
    return X[order], labels[order]


# --8<-- [end:make_blobs]


@checked(
    integers("n", minimum=2),
    integers("n_features"),
    non_negative("noise"),
    integers("seed", minimum=0),
)
# --8<-- [start:make_regression_data]
def make_regression_data(
    n: int, *, n_features: int = 4, noise: float = 1.0, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """n examples for linear regression: X (n, n_features) and y (n,) with

    y = X @ w_true + noise * N(0, 1).
    Feature j (from 0) is N(0, 1) divided by j + 1, and its true weight N(0, 1)
    times j + 1: features on different scales, as real ones are (so the loss is
    steeper along some weights than others), each mattering about as much.
    """
    for name, count in (("n", n), ("n_features", n_features)):
        if isinstance(count, bool) or not isinstance(count, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {count!r}")
        if count < 1:
            raise ValueError(f"{name} must be at least 1, got {count}")
    rng = np.random.default_rng(seed)
    scale = np.arange(1, n_features + 1)
    w_true = rng.standard_normal(n_features) * scale
    X = rng.standard_normal((n, n_features)) / scale
    y = X @ w_true + noise * rng.standard_normal(n)
    return X, y


# --8<-- [end:make_regression_data]


def _linear_model_args(args: dict) -> None:
    """w (d,) and y (B,) are 1-D and X (B, d) 2-D arrays of finite numbers, X
    with one row per entry of y and one column per weight in w."""
    arrays("w", "y", ndim=1)(args)
    arrays("X", ndim=2)(args)
    if args["X"].shape != (len(args["y"]), len(args["w"])):
        raise ValueError(
            f"X must have one row per entry of y and one column per weight in w, "
            f"({len(args['y'])}, {len(args['w'])}), got {args['X'].shape}"
        )


@checked(_linear_model_args)
# --8<-- [start:linear_mse]
def linear_mse(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The MSE of the linear model X @ w on any batch of examples (rows of X,
    entries of y): L = mean((X @ w - y) ** 2). w (d,), X (B, d), y (B,)."""
    w, X, y = (np.asarray(a) + 0.0 for a in (w, X, y))  # integers would overflow
    if w.ndim != 1 or y.ndim != 1 or X.shape != (len(y), len(w)) or len(y) == 0:
        shapes = f"got {w.shape}, {X.shape}, {y.shape}"
        raise ValueError(
            f"need w (d,), X (B, d), y (B,), B >= 1 (no broadcasting): {shapes}"
        )
    return float(np.mean((X @ w - y) ** 2))


# --8<-- [end:linear_mse]


@checked(_linear_model_args)
# --8<-- [start:linear_mse_grad]
def linear_mse_grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Its gradient with respect to w on the same batch of B examples:

    dL/dw = 2 / B * X.T @ (X @ w - y), the mean of the B per-example gradients.
    """
    w, X, y = (np.asarray(a) + 0.0 for a in (w, X, y))  # integers would overflow
    if w.ndim != 1 or y.ndim != 1 or X.shape != (len(y), len(w)) or len(y) == 0:
        shapes = f"got {w.shape}, {X.shape}, {y.shape}"
        raise ValueError(
            f"need w (d,), X (B, d), y (B,), B >= 1 (no broadcasting): {shapes}"
        )
    return 2 * X.T @ (X @ w - y) / len(y)


# --8<-- [end:linear_mse_grad]


@checked(arrays("X", ndim=2))
# --8<-- [start:linear_mse_curvature]
def linear_mse_curvature(X: np.ndarray) -> float:
    """The largest curvature L of linear_mse on the examples X (n, d): the
    largest eigenvalue of its Hessian 2 / n * X.T @ X, the same at every w.
    Gradient descent on it is stable for lr < 2 / L (issue #3).
    """
    X = np.asarray(X) + 0.0  # integers would overflow
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X must be (n, d) with n >= 1, got shape {X.shape}")
    return float(np.linalg.eigvalsh(2 * X.T @ X / len(X))[-1])


# --8<-- [end:linear_mse_curvature]


@checked(integers("n", minimum=2), non_negative("noise"), integers("seed", minimum=0))
# --8<-- [start:make_wave_data]
def make_wave_data(
    n: int, *, noise: float = 0.3, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """n points y = sin(pi * x) + noise * N(0, 1), x uniform on [-1, 1): one
    smooth wave, a curve no straight line fits and a wiggly polynomial overfits."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a whole number of points (at least 1), got {n!r}")
    if noise < 0:
        raise ValueError(f"noise must be 0 or more, got {noise}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=n)
    y = np.sin(np.pi * x) + noise * rng.standard_normal(n)
    return x, y


# --8<-- [end:make_wave_data]


@checked(integers("n", minimum=2), non_negative("noise"), integers("seed", minimum=0))
# --8<-- [start:make_moons]
def make_moons(
    n: int, *, noise: float = 0.1, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in 2-D, which no straight line separates:
    X (n, 2) and integer labels (n,), shuffled together. Class 0 (n // 2
    points) lies on the upper half of the unit circle, (cos t, sin t); class 1
    (the rest) on a lower half circle shifted into it, (1 - cos t, 0.5 - sin t);
    t uniform on [0, pi], then noise * N(0, 1) added to each coordinate.
    """
    rng = np.random.default_rng(seed)
    labels = np.repeat([0, 1], [n // 2, n - n // 2])
    t = rng.uniform(0, np.pi, size=n)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.where(labels[:, None] == 0, upper, lower)
    X = X + noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    return X[order], labels[order]


# --8<-- [end:make_moons]


def _a_factor(args: dict) -> None:
    """factor is a number between 0 and 1: the inner circle's radius, the
    ring's being 1."""
    reals("factor")(args)
    if not 0 < args["factor"] < 1:
        raise ValueError(f"factor must be between 0 and 1, got {args['factor']:g}")


@checked(
    integers("n", minimum=2),
    non_negative("noise"),
    _a_factor,
    integers("seed", minimum=0),
)
# --8<-- [start:make_circles]
def make_circles(
    n: int, *, noise: float = 0.1, factor: float = 0.5, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """A circle inside a ring in 2-D, which no straight line separates: X (n, 2)
    and integer labels (n,), shuffled together. Class 0 (n // 2 points) lies on
    the unit circle, class 1 (the rest) on the circle of radius factor, at
    angles uniform on [0, 2 pi), then noise * N(0, 1) added to each coordinate.
    """
    rng = np.random.default_rng(seed)
    labels = np.repeat([0, 1], [n // 2, n - n // 2])
    angle = rng.uniform(0, 2 * np.pi, size=n)
    radius = np.where(labels == 0, 1.0, factor)
    X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    X = X + noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    return X[order], labels[order]


# --8<-- [end:make_circles]
