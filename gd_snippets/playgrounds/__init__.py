"""The data of the site's playgrounds: every run a reader can ask for, computed
at build time by the package's own functions, so that the page does no math.

A playground module registers a function returning a JSON-ready dict under a
name; ``overrides/hooks/playgrounds.py`` writes it to
``playgrounds/<name>.json`` in the built site and draws the controls, and a
small script (``overrides/assets/javascripts/<name>.js``) only draws. The
playground's static stand-in, for readers without JavaScript, is a figure of
``gd_snippets.figures`` drawn from the same runs.
"""

from __future__ import annotations

import importlib
import itertools
import json
import pkgutil
from collections.abc import Callable

import numpy as np

PLAYGROUNDS: dict[str, Callable[[], dict]] = {}
GRID = 1000  # a drawn coordinate is an integer 0..GRID across its axis
# Each coordinate is sent as two characters of this alphabet: a number 0..4095
# that is the grid position plus GRID (positions -GRID..2 * GRID fit).
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def playground(name: str) -> Callable[[Callable[[], dict]], Callable[[], dict]]:
    """Register the decorated function as the data of playground ``name``."""
    if name in PLAYGROUNDS:
        raise ValueError(f"name {name!r} is already registered")

    def register(data: Callable[[], dict]) -> Callable[[], dict]:
        PLAYGROUNDS[name] = data
        return data

    return register


def scale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """``values`` in grid units (low -> 0, high -> GRID), as floats that may lie
    far outside the view 0..GRID. A nan has no place in a drawing: an error."""
    if not high > low:
        raise ValueError(f"high must be greater than low, got {low} and {high}")
    values = np.asarray(values, dtype=float)
    if np.any(np.isnan(values)):
        raise ValueError(f"values must not be nan, got {np.isnan(values).sum()}")
    with np.errstate(over="ignore"):
        return (values - low) / (high - low) * GRID


def to_grid(values: np.ndarray, low: float, high: float) -> list[int]:
    """``values`` as integers on a grid of ``GRID`` steps from low to high: all a
    drawing of single points (ticks) needs, in a third of the bytes of the
    floats. Points far outside the view are pulled to just outside it, where
    the drawing clips them. Lines between points need ``polyline`` instead:
    pulling their ends in one by one would bend them."""
    scaled = np.clip(scale(values, low, high), -GRID, 2 * GRID)
    return np.rint(scaled).astype(int).tolist()


_LOW, _HIGH = -GRID, 2 * GRID  # the box a polyline keeps to: what encode takes
_SIDE = _HIGH - _LOW
_CORNERS = np.array([[_LOW, _LOW], [_HIGH, _LOW], [_HIGH, _HIGH], [_LOW, _HIGH]])


def _cut(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment p -> q inside the box (Liang-Barsky), or None."""
    t0, t1, d = 0.0, 1.0, q - p
    for axis in range(2):
        for sign, bound in ((-1.0, _LOW), (1.0, _HIGH)):  # sign * (p + t d) <= ...
            along, room = sign * d[axis], sign * (bound - p[axis])
            if along == 0 and room < 0:
                return None
            if along > 0:
                t1 = min(t1, room / along)
            elif along < 0:
                t0 = max(t0, room / along)
    if t0 > t1:
        return None
    start = p if t0 == 0 else np.clip(p + t0 * d, _LOW, _HIGH)
    end = q if t1 == 1 else np.clip(p + t1 * d, _LOW, _HIGH)
    return start, end


def _along(point: np.ndarray) -> float:
    """How far along the box's edge a point on it is, counterclockwise from
    the corner (LOW, LOW)."""
    x, y = point
    gaps = [abs(y - _LOW), abs(x - _HIGH), abs(y - _HIGH), abs(x - _LOW)]
    side = int(np.argmin(gaps))
    return side * _SIDE + [x - _LOW, y - _LOW, _HIGH - x, _HIGH - y][side]


def _around(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """The corners passed going the short way along the box's edge from a to
    b, two points on the edge."""
    perimeter, start = 4 * _SIDE, _along(a)
    ahead = (_along(b) - start) % perimeter
    sign, distance = (1, ahead) if ahead <= perimeter / 2 else (-1, perimeter - ahead)
    offsets = [(sign * (k * _SIDE - start)) % perimeter for k in range(4)]
    return [_CORNERS[k] for k in np.argsort(offsets) if 0 < offsets[k] < distance]


def polyline(xs: np.ndarray, ys: np.ndarray) -> list[int]:
    """The line through the points (xs[i], ys[i]), given in grid units (the
    view is 0..GRID; see scale), as [x0, y0, x1, y1, ...] integer positions
    that encode takes. Points inside the box -GRID..2 * GRID stay put. A
    segment that leaves the box is cut at its edge, and the line follows the
    edge to where the path comes back in: far outside the view, which the
    drawing clips, so what shows of each segment is exactly the segment.
    (Pulling a far point in on its own would bend the segments to it, and
    draw across the view lines the run never took.)"""
    points = np.stack([np.asarray(xs, float), np.asarray(ys, float)], axis=-1)
    if points.ndim != 2 or not np.all(np.isfinite(points)):
        raise ValueError("xs and ys must be 1-D, of the same length and finite")
    inside = np.all((points >= _LOW) & (points <= _HIGH), axis=1)
    line = [points[0]] if inside[0] else []
    for p, q in itertools.pairwise(points):
        part = _cut(p, q)
        if part is None:
            continue
        start, end = part
        if line and not np.array_equal(line[-1], start):  # back in from the edge
            line += [*_around(line[-1], start), start]
        elif not line:
            line.append(start)
        line.append(end)
    return np.rint(np.ravel(line)).astype(int).tolist()


def encode(positions: list[int]) -> str:
    """Grid positions as text, two characters each (see DIGITS): half the bytes
    of a JSON list of numbers. The playground script decodes it."""
    text = []
    for position in positions:
        if not -GRID <= position <= 2 * GRID:
            raise ValueError(
                f"positions must be in [-{GRID}, {2 * GRID}], got {position}"
            )
        high, low = divmod(position + GRID, len(DIGITS))
        text += [DIGITS[high], DIGITS[low]]
    return "".join(text)


def to_json(name: str) -> str:
    """Playground ``name``'s data as compact JSON, the same on every run."""
    if name not in PLAYGROUNDS:
        raise ValueError(f"name must be a registered playground, got {name!r}")
    return json.dumps(PLAYGROUNDS[name](), separators=(",", ":"), allow_nan=False)


def _import_playgrounds() -> None:
    for module in pkgutil.iter_modules(__path__):
        if module.name != "__main__":
            importlib.import_module(f"{__name__}.{module.name}")


_import_playgrounds()
