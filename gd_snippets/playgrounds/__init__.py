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


def to_grid(values: np.ndarray, low: float, high: float) -> list[int]:
    """``values`` as integers on a grid of ``GRID`` steps from low to high: all a
    drawing needs, in a third of the bytes of the floats. Points far outside
    the view are pulled to just outside it, where the drawing clips them."""
    if not high > low:
        raise ValueError(f"high must be greater than low, got {low} and {high}")
    scaled = (np.asarray(values, dtype=float) - low) / (high - low) * GRID
    return np.rint(np.clip(np.nan_to_num(scaled), -GRID, 2 * GRID)).astype(int).tolist()


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
