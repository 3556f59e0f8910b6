"""Plain gradient descent."""

# --8<-- [start:imports]
from collections.abc import Callable

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked, functions, integers, positive


@checked(
    functions("grad"),
    arrays("w0"),
    positive("lr", "max_norm"),
    integers("steps", minimum=0),
)
# --8<-- [start:gradient_descent]
def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    w0: np.ndarray,
    *,
    lr: float,
    steps: int,
    max_norm: float = 1e8,
) -> np.ndarray:
    """Repeat w <- w - lr * grad(w); return the path, shape (steps + 1, *w0.shape).

    Raises FloatingPointError as soon as w explodes (its norm passes max_norm)
    or stops being finite: the learning rate is too large for this problem.
    """
    path = [np.array(w0, dtype=float)]
    for step in range(1, steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            w = path[-1] - lr * np.asarray(grad(path[-1]))
        if not (np.all(np.isfinite(w)) and np.linalg.norm(w) <= max_norm):
            raise FloatingPointError(
                f"gradient descent diverged at step {step}: lr={lr:g} is too large"
            )
        path.append(w)
    return np.stack(path)


# --8<-- [end:gradient_descent]
