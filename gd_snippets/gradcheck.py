"""Checking an analytic gradient against finite differences."""

# --8<-- [start:imports]
from collections.abc import Callable

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked, functions, positive, reals, same_shape


@checked(functions("f"), arrays("x"), positive("h"))
# --8<-- [start:numerical_gradient]
def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, *, h: float = 1e-5
) -> np.ndarray:
    """Centered differences, one coordinate at a time:

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h),  error O(h**2),
    in float64. h is absolute: for |x| far above 1, use h ~ 1e-5 * max(|x|).
    """
    x = np.asarray(x, dtype=float)  # float32 or integers would spoil the step
    if np.any(x + h == x):
        raise ValueError(f"h={h:g} is lost in x (x + h == x): scale h with |x|")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


# --8<-- [end:numerical_gradient]


@checked(arrays("a", "b"), same_shape("a", "b"))
# --8<-- [start:relative_error]
def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """|a - b| / max(|a|, |b|) with Euclidean norms; 0 when both are zero,
    inf when either holds a NaN or an inf. a and b must have the same shape.

    Rule of thumb (float64, h near 1e-5, smooth f): below about 1e-7 the two
    agree, above 1e-2 one is wrong; near a zero gradient it says nothing.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape: {a.shape}, {b.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


# --8<-- [end:relative_error]


@checked(functions("f"), reals("x"), positive("h"))
# --8<-- [start:forward_difference]
def forward_difference(f: Callable[[float], float], x: float, *, h: float) -> float:
    """f'(x) ~ (f(x + h) - f(x)) / h: one-sided, error O(h), in float64.

    Error ~ h |f''| / 2 + eps |f| / h, least at h ~ sqrt(2 eps |f| / |f''|);
    sqrt(eps) * max(1, |x|) when f, f'' are of order 1. h is absolute.
    """
    x = float(x)
    if x + h == x:
        raise ValueError(f"h={h:g} is lost in x={x:g} (x + h == x): scale h with |x|")
    return (f(x + h) - f(x)) / h


# --8<-- [end:forward_difference]


@checked(functions("f"), reals("x"), positive("h"))
# --8<-- [start:centered_difference]
def centered_difference(f: Callable[[float], float], x: float, *, h: float) -> float:
    """f'(x) ~ (f(x + h) - f(x - h)) / (2 h): symmetric, error O(h**2), in float64.

    Error ~ h**2 |f'''| / 6 + eps |f| / h, least at h ~ cbrt(3 eps |f| / |f'''|);
    cbrt(eps) * max(1, |x|) when f, f''' are of order 1. h is absolute.
    """
    x = float(x)
    if x + h == x:
        raise ValueError(f"h={h:g} is lost in x={x:g} (x + h == x): scale h with |x|")
    return (f(x + h) - f(x - h)) / (2 * h)


# --8<-- [end:centered_difference]
