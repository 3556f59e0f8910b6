"""The simplest model, a line y = w * x + b, and logistic regression, a linear
classifier (linear regression on any batch is linear_mse in problems.py)."""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked, probabilities, reals, same_shape
from gd_snippets.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
)
from gd_snippets.problems import _linear_model_args


@checked(arrays("x"), reals("w", "b"))
# --8<-- [start:predict_line]
def predict_line(x: np.ndarray, w: float, b: float) -> np.ndarray:
    """The model's guess for every x: y_hat = w * x + b."""
    x = np.asarray(x, dtype=float)  # 2 * a uint8 200 would wrap to 144
    return w * x + b


# --8<-- [end:predict_line]


@checked(arrays("x", "y", ndim=1), same_shape("x", "y"), reals("w", "b"))
# --8<-- [start:line_mse_grad]
def line_mse_grad(x: np.ndarray, y: np.ndarray, w: float, b: float) -> np.ndarray:
    """Gradient of L(w, b) = mean((w * x + b - y) ** 2) by the chain rule:

    dL/dw = 2 * mean(r * x),  dL/db = 2 * mean(r),  with residuals r = w * x + b - y.
    Returned as the array [dL/dw, dL/db].
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if np.shape(x) != np.shape(y):
        raise ValueError("x and y must have the same shape")
    r = w * x + b - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


# --8<-- [end:line_mse_grad]


@checked(arrays("x", "y", ndim=1), same_shape("x", "y"))
# --8<-- [start:least_squares_line]
def least_squares_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The (w, b) of lowest MSE, in closed form:

    w = cov(x, y) / var(x),  b = mean(y) - w * mean(x).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if np.shape(x) != np.shape(y):
        raise ValueError("x and y must have the same shape")
    if np.ptp(x) == 0:  # not np.any(x - x.mean()): a mean can be inexact
        raise ValueError("x must hold at least two different values to fit a line")
    dx = x - x.mean()
    w = np.sum(dx * (y - y.mean())) / np.sum(dx**2)
    return float(w), float(y.mean() - w * x.mean())


# --8<-- [end:least_squares_line]


@checked(reals("x1", "y1", "x2", "y2"))
# --8<-- [start:line_through]
def line_through(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """The (w, b) of the line through (x1, y1) and (x2, y2):

    w = (y2 - y1) / (x2 - x1),  b = y1 - w * x1.
    """
    x1, y1, x2, y2 = float(x1), float(y1), float(x2), float(y2)
    if x1 == x2:
        raise ValueError("x1 and x2 must differ: a vertical line has no slope w")
    w = (y2 - y1) / (x2 - x1)
    return w, y1 - w * x1


# --8<-- [end:line_through]


@checked(_linear_model_args, probabilities("y"))
# --8<-- [start:logistic_regression_loss]
def logistic_regression_loss(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """Logistic regression, P(y = 1 | x) = sigmoid(x @ w), scored on any batch
    (rows of X, labels y in [0, 1]) by issue #1's binary cross-entropy, computed
    from the logits z = X @ w. w (d,), X (B, d), y (B,)."""
    w, X, y = (np.asarray(a, dtype=float) for a in (w, X, y))  # ints would wrap
    if np.ndim(w) != 1 or np.ndim(y) != 1 or np.shape(X) != (len(y), len(w)):
        shapes = f"got {np.shape(w)}, {np.shape(X)}, {np.shape(y)}"
        raise ValueError(f"need w (d,), X (B, d), y (B,) (no broadcasting): {shapes}")
    return binary_cross_entropy_with_logits(X @ w, y)


# --8<-- [end:logistic_regression_loss]


@checked(_linear_model_args, probabilities("y"))
# --8<-- [start:logistic_regression_grad]
def logistic_regression_grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Its gradient by the chain rule, dL/dw = X.T @ dL/dz, with z = X @ w:

    dL/dw = X.T @ (sigmoid(z) - y) / B.
    """
    w, X, y = (np.asarray(a, dtype=float) for a in (w, X, y))  # ints would wrap
    if np.ndim(w) != 1 or np.ndim(y) != 1 or np.shape(X) != (len(y), len(w)):
        shapes = f"got {np.shape(w)}, {np.shape(X)}, {np.shape(y)}"
        raise ValueError(f"need w (d,), X (B, d), y (B,) (no broadcasting): {shapes}")
    return X.T @ binary_cross_entropy_with_logits_grad(X @ w, y)


# --8<-- [end:logistic_regression_grad]


@checked(_linear_model_args, probabilities("y"))
# --8<-- [start:logistic_regression_accuracy]
def logistic_regression_accuracy(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The share of examples on the right side of the boundary X @ w = 0, where
    sigmoid(X @ w) = 1/2: it predicts 1 where the logit is positive."""
    w, X, y = (np.asarray(a, dtype=float) for a in (w, X, y))  # ints would wrap
    if np.ndim(w) != 1 or np.ndim(y) != 1 or np.shape(X) != (len(y), len(w)):
        shapes = f"got {np.shape(w)}, {np.shape(X)}, {np.shape(y)}"
        raise ValueError(f"need w (d,), X (B, d), y (B,) (no broadcasting): {shapes}")
    if len(y) == 0:
        raise ValueError("need at least one example: X and y are empty")
    return float(np.mean((X @ w > 0) == (y > 0.5)))


# --8<-- [end:logistic_regression_accuracy]
