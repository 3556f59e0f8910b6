"""The simplest model: a line y = w * x + b."""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked, reals, same_shape


@checked(arrays("x"), reals("w", "b"))
# --8<-- [start:predict_line]
def predict_line(x: np.ndarray, w: float, b: float) -> np.ndarray:
    """The model's guess for every x: y_hat = w * x + b."""
    return w * x + b


# --8<-- [end:predict_line]


@checked(arrays("x", "y", ndim=1), same_shape("x", "y"), reals("w", "b"))
# --8<-- [start:line_mse_grad]
def line_mse_grad(x: np.ndarray, y: np.ndarray, w: float, b: float) -> np.ndarray:
    """Gradient of L(w, b) = mean((w * x + b - y) ** 2) by the chain rule:

    dL/dw = 2 * mean(r * x),  dL/db = 2 * mean(r),  with residuals r = w * x + b - y.
    Returned as the array [dL/dw, dL/db].
    """
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
    if x1 == x2:
        raise ValueError("x1 and x2 must differ: a vertical line has no slope w")
    w = (y2 - y1) / (x2 - x1)
    return w, y1 - w * x1


# --8<-- [end:line_through]
