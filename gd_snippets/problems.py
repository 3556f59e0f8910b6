"""Small toy data sets, reproducible from an explicit seed."""

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
