"""Loss landscapes to walk on: each a loss with its gradient.

The 1-D landscapes work on one number or on a whole array of them (element by
element), so a figure can draw the curve with the function a run descends.
"""

# --8<-- [start:imports]
from collections.abc import Callable

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import (
    arrays,
    checked,
    functions,
    positive,
    reals,
    reals_or_arrays,
    same_shape,
)


@checked(reals_or_arrays("w"))
# --8<-- [start:quartic]
def quartic(w: float | np.ndarray) -> float | np.ndarray:
    """The posts' worked example: L(w) = w**4 - 3 * w**3 + 2."""
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    return w**4 - 3 * w**3 + 2


# --8<-- [end:quartic]


@checked(reals_or_arrays("w"))
# --8<-- [start:quartic_grad]
def quartic_grad(w: float | np.ndarray) -> float | np.ndarray:
    """Its derivative: L'(w) = 4 * w**3 - 9 * w**2."""
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    return 4 * w**3 - 9 * w**2


# --8<-- [end:quartic_grad]


@checked(reals_or_arrays("w"))
# --8<-- [start:quartic_second_derivative]
def quartic_second_derivative(w: float | np.ndarray) -> float | np.ndarray:
    """Its curvature: L''(w) = 12 * w**2 - 18 * w."""
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    return 12 * w**2 - 18 * w


# --8<-- [end:quartic_second_derivative]


@checked(reals_or_arrays("w"))
# --8<-- [start:two_valleys]
def two_valleys(w: float | np.ndarray) -> float | np.ndarray:
    """Two valleys of different depth, a hill between them:

    L(w) = w**4 - 4 * w**2 + w + 6; the deeper valley is on the left.
    """
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    return w**4 - 4 * w**2 + w + 6


# --8<-- [end:two_valleys]


@checked(reals_or_arrays("w"))
# --8<-- [start:two_valleys_grad]
def two_valleys_grad(w: float | np.ndarray) -> float | np.ndarray:
    """Its derivative: L'(w) = 4 * w**3 - 8 * w + 1."""
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    return 4 * w**3 - 8 * w + 1


# --8<-- [end:two_valleys_grad]


@checked(reals_or_arrays("w"), positive("curvature"))
# --8<-- [start:quadratic]
def quadratic(w: float | np.ndarray, *, curvature: float) -> float | np.ndarray:
    """A parabola of chosen curvature a: L(w) = a * w**2 / 2, so L''(w) = a."""
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    return curvature * w**2 / 2


# --8<-- [end:quadratic]


@checked(reals_or_arrays("w"), positive("curvature"))
# --8<-- [start:quadratic_grad]
def quadratic_grad(w: float | np.ndarray, *, curvature: float) -> float | np.ndarray:
    """Its derivative: L'(w) = a * w."""
    return curvature * w


# --8<-- [end:quadratic_grad]


def _two_positive_curvatures(args: dict) -> None:
    arrays("w", "curvatures")(args)
    same_shape("w", "curvatures")(args)
    if args["w"].shape != (2,):
        raise ValueError(f"w must have shape (2,), got {args['w'].shape}")
    if np.any(args["curvatures"] <= 0):
        raise ValueError(
            f"curvatures must be greater than 0, got {args['curvatures'].tolist()}"
        )


@checked(_two_positive_curvatures)
# --8<-- [start:bowl]
def bowl(w: np.ndarray, *, curvatures: np.ndarray) -> float:
    """A 2-D bowl with a curvature per axis: L(w) = (a1 * w1**2 + a2 * w2**2) / 2.

    w and curvatures both have shape (2,).
    """
    if np.shape(w) != (2,) or np.shape(curvatures) != (2,):
        raise ValueError("w and curvatures must both have shape (2,)")
    return float(np.sum(curvatures * w**2) / 2)


# --8<-- [end:bowl]


@checked(_two_positive_curvatures)
# --8<-- [start:bowl_grad]
def bowl_grad(w: np.ndarray, *, curvatures: np.ndarray) -> np.ndarray:
    """Its gradient, one partial derivative per axis: [a1 * w1, a2 * w2]."""
    if np.shape(w) != (2,) or np.shape(curvatures) != (2,):
        raise ValueError("w and curvatures must both have shape (2,)")
    return curvatures * w


# --8<-- [end:bowl_grad]


def _line_fit_args(args: dict) -> None:
    arrays("params")(args)
    arrays("x", "y", ndim=1)(args)
    same_shape("x", "y")(args)
    if args["params"].shape != (2,):
        raise ValueError(
            f"params must be the array [w, b] of shape (2,), got {args['params'].shape}"
        )


@checked(_line_fit_args)
# --8<-- [start:line_fit_mse]
def line_fit_mse(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The MSE of the line y_hat = w * x + b as a function of params = [w, b].

    x and y are 1-D of the same length (a column x would broadcast silently).
    """
    if np.ndim(x) != 1 or np.shape(x) != np.shape(y):
        raise ValueError(
            f"x and y must be 1-D, same length: {np.shape(x)}, {np.shape(y)}"
        )
    w, b = params
    return float(np.mean((w * x + b - y) ** 2))


# --8<-- [end:line_fit_mse]


@checked(_line_fit_args)
# --8<-- [start:line_fit_grad]
def line_fit_grad(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Its gradient [dL/dw, dL/db] = [2 * mean(r * x), 2 * mean(r)],
    with residuals r = w * x + b - y; x and y 1-D of the same length."""
    if np.ndim(x) != 1 or np.shape(x) != np.shape(y):
        raise ValueError(
            f"x and y must be 1-D, same length: {np.shape(x)}, {np.shape(y)}"
        )
    w, b = params
    r = w * x + b - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


# --8<-- [end:line_fit_grad]


@checked(functions("grad"), reals("w"), positive("h", "tol"))
# --8<-- [start:classify_stationary_point]
def classify_stationary_point(
    grad: Callable[[float], float], w: float, *, h: float = 1e-3, tol: float = 1e-3
) -> str:
    """What the point w of a 1-D loss is, from its slope: "not stationary" if
    |grad(w)| > tol; else the signs of the slope a step h * max(1, |w|) to the
    left and right: down then up is a "minimum", up then down a "maximum",
    the same sign on both sides "neither" (a flat step)."""
    if abs(grad(w)) > tol:
        return "not stationary"
    step = h * max(1.0, abs(w))
    left, right = np.sign(grad(w - step)), np.sign(grad(w + step))
    if left < 0 < right:
        return "minimum"
    if left > 0 > right:
        return "maximum"
    return "neither"


# --8<-- [end:classify_stationary_point]
