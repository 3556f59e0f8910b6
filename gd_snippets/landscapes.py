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
    w = np.asarray(w, dtype=float)  # a list would repeat, integers overflow
    return curvature * w


# --8<-- [end:quadratic_grad]


def _two_positive_curvatures(args: dict) -> None:
    """w and curvatures are arrays of shape (2,), the curvatures greater than 0."""
    arrays("w", "curvatures", shape=(2,))(args)
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
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    curvatures = np.asarray(curvatures, dtype=float)
    if w.shape != (2,) or curvatures.shape != (2,):
        raise ValueError("w and curvatures must both have shape (2,)")
    return float(np.sum(curvatures * w**2) / 2)


# --8<-- [end:bowl]


@checked(_two_positive_curvatures)
# --8<-- [start:bowl_grad]
def bowl_grad(w: np.ndarray, *, curvatures: np.ndarray) -> np.ndarray:
    """Its gradient, one partial derivative per axis: [a1 * w1, a2 * w2]."""
    w = np.asarray(w, dtype=float)  # integers would overflow silently
    curvatures = np.asarray(curvatures, dtype=float)
    if w.shape != (2,) or curvatures.shape != (2,):
        raise ValueError("w and curvatures must both have shape (2,)")
    return curvatures * w


# --8<-- [end:bowl_grad]


def _line_fit_args(args: dict) -> None:
    """params is the array [w, b] of shape (2,); x and y are 1-D arrays of finite
    numbers of the same shape."""
    arrays("params", shape=(2,))(args)
    arrays("x", "y", ndim=1)(args)
    same_shape("x", "y")(args)


@checked(_line_fit_args)
# --8<-- [start:line_fit_mse]
def line_fit_mse(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The MSE of the line y_hat = w * x + b as a function of params = [w, b].

    x and y are 1-D of the same length (a column x would broadcast silently).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)  # ints overflow
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:  # mean of nothing: nan
        raise ValueError(f"x and y must be 1-D, same length > 0: {x.shape}, {y.shape}")
    w, b = np.asarray(params, dtype=float)
    return float(np.mean((w * x + b - y) ** 2))


# --8<-- [end:line_fit_mse]


@checked(_line_fit_args)
# --8<-- [start:line_fit_grad]
def line_fit_grad(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Its gradient [dL/dw, dL/db] = [2 * mean(r * x), 2 * mean(r)],
    with residuals r = w * x + b - y; x and y 1-D of the same length."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)  # ints overflow
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:  # mean of nothing: nan
        raise ValueError(f"x and y must be 1-D, same length > 0: {x.shape}, {y.shape}")
    w, b = np.asarray(params, dtype=float)
    r = w * x + b - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


# --8<-- [end:line_fit_grad]


def _optional_tol(args: dict) -> None:
    """tol is None (judge the slope against its own change) or a number > 0."""
    if args["tol"] is not None:
        positive("tol")(args)


@checked(functions("grad"), reals("w"), positive("h"), _optional_tol)
# --8<-- [start:classify_stationary_point]
def classify_stationary_point(
    grad: Callable[[float], float],
    w: float,
    *,
    h: float = 1e-3,
    tol: float | None = None,
) -> str:
    """What the point w of a 1-D loss is, from its slope there and a step
    s = h * max(1, |w|) to the left and right. "not stationary" if |grad(w)| is
    more than half the slope's change across the two probes (its zero, if any,
    is more than about a step away), or more than tol if you give one (an
    absolute tol misjudges shallow or steep losses). Else, by the signs of the
    two probes: down then up is a "minimum", up then down a "maximum", the
    same sign on both sides "neither" (a flat step)."""
    step = h * max(1.0, abs(w))
    slope, left, right = grad(w), grad(w - step), grad(w + step)
    if not np.all(np.isfinite([slope, left, right])):  # nan would read "neither"
        raise ValueError(f"grad must give finite slopes at and around w = {w}")
    if abs(slope) > (abs(right - left) / 2 if tol is None else tol):
        return "not stationary"
    left, right = np.sign(left), np.sign(right)
    if left < 0 < right:
        return "minimum"
    if left > 0 > right:
        return "maximum"
    return "neither"


# --8<-- [end:classify_stationary_point]


# Test problems for optimizers (issue #5). They take one point w of shape (2,),
# or many points at once, shape (..., 2), so a figure draws their contours
# with the function a run descends.


def _points_2d(args: dict) -> None:
    arrays("w")(args)
    if args["w"].shape[-1] != 2:
        raise ValueError(
            "w must have shape (2,), or (..., 2) for many points, got "
            f"{args['w'].shape}"
        )


def _tilted_bowl_args(args: dict) -> None:
    """w is a point (2,) or points (..., 2); curvatures are two numbers greater
    than 0, angle a finite real number and center a point of shape (2,)."""
    _points_2d(args)
    arrays("curvatures", ndim=1)(args)
    if args["curvatures"].shape != (2,) or np.any(args["curvatures"] <= 0):
        raise ValueError(
            "curvatures must be two numbers greater than 0, got "
            f"{args['curvatures'].tolist()}"
        )
    reals("angle")(args)
    arrays("center", shape=(2,))(args)


@checked(_tilted_bowl_args)
# --8<-- [start:tilted_bowl]
def tilted_bowl(
    w: np.ndarray,
    *,
    curvatures: np.ndarray,
    angle: float,
    center: np.ndarray = (0.0, 0.0),
) -> float | np.ndarray:
    """The 2-D bowl turned by `angle` (radians), its minimum 0 at `center`:
    L(w) = (a1 * u1**2 + a2 * u2**2) / 2 in the turned coordinates of d = w - center,
    u1 = c * d1 + s * d2, u2 = -s * d1 + c * d2 (c, s = cos, sin of angle). With a2
    much larger than a1 it is ill-conditioned: a long, narrow valley along neither
    axis. w: shape (2,), or (..., 2) for many points.
    """
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):  # a column (2, 1) would broadcast silently
        raise ValueError(f"w must have shape (2,) or (..., 2), got {w.shape}")
    d = w - np.asarray(center, dtype=float)
    c, s = np.cos(angle), np.sin(angle)
    u1, u2 = c * d[..., 0] + s * d[..., 1], -s * d[..., 0] + c * d[..., 1]
    return (curvatures[0] * u1**2 + curvatures[1] * u2**2) / 2


# --8<-- [end:tilted_bowl]


@checked(_tilted_bowl_args)
# --8<-- [start:tilted_bowl_grad]
def tilted_bowl_grad(
    w: np.ndarray,
    *,
    curvatures: np.ndarray,
    angle: float,
    center: np.ndarray = (0.0, 0.0),
) -> np.ndarray:
    """Its gradient, the turned-back [a1 * u1, a2 * u2]:
    [c * a1 * u1 - s * a2 * u2, s * a1 * u1 + c * a2 * u2], shaped like w."""
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):  # a column (2, 1) would broadcast silently
        raise ValueError(f"w must have shape (2,) or (..., 2), got {w.shape}")
    d = w - np.asarray(center, dtype=float)
    c, s = np.cos(angle), np.sin(angle)
    u1, u2 = c * d[..., 0] + s * d[..., 1], -s * d[..., 0] + c * d[..., 1]
    g1, g2 = curvatures[0] * u1, curvatures[1] * u2
    return np.stack([c * g1 - s * g2, s * g1 + c * g2], axis=-1)


# --8<-- [end:tilted_bowl_grad]


def _rosenbrock_args(args: dict) -> None:
    """w is a point (2,) or points (..., 2); a is a finite real number and b a
    number greater than 0."""
    _points_2d(args)
    reals("a")(args)
    positive("b")(args)


@checked(_rosenbrock_args)
# --8<-- [start:rosenbrock]
def rosenbrock(
    w: np.ndarray, *, a: float = 1.0, b: float = 100.0
) -> float | np.ndarray:
    """Rosenbrock's banana: L(x, y) = (a - x)**2 + b * (y - x**2)**2, with its
    minimum 0 at (a, a**2) at the bottom of a curved, flat-floored valley.
    w = [x, y]: shape (2,), or (..., 2) for many points."""
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):  # a column (2, 1) would broadcast silently
        raise ValueError(f"w must have shape (2,) or (..., 2), got {w.shape}")
    x, y = w[..., 0], w[..., 1]
    return (a - x) ** 2 + b * (y - x**2) ** 2


# --8<-- [end:rosenbrock]


@checked(_rosenbrock_args)
# --8<-- [start:rosenbrock_grad]
def rosenbrock_grad(w: np.ndarray, *, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    """Its gradient: [-2 (a - x) - 4 b x (y - x**2), 2 b (y - x**2)], shaped like w."""
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):  # a column (2, 1) would broadcast silently
        raise ValueError(f"w must have shape (2,) or (..., 2), got {w.shape}")
    x, y = w[..., 0], w[..., 1]
    return np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], -1)


# --8<-- [end:rosenbrock_grad]
