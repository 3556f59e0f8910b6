"""Input validation shared by every public function of gd_snippets.

A function declares its rules with ``@checked(rule, ...)``. Each rule looks at
the bound arguments, replaces them with clean numpy arrays or numbers, and
raises ``TypeError`` or ``ValueError`` naming the argument when the input is
bad. The decorator sits above the ``# --8<-- [start:...]`` marker, so the code
a page embeds (and a reader copies) is the bare math, runnable with numpy alone.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

Arguments = dict[str, Any]
Rule = Callable[[Arguments], None]


def checked(*rules: Rule) -> Callable:
    """Validate a function's arguments with ``rules`` before every call."""

    def decorate(function: Callable) -> Callable:
        bind, call = _binding(function)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            arguments = bind(args, kwargs)
            for rule in rules:
                rule(arguments)
            return call(arguments)

        return wrapper

    return decorate


def _binding(function: Callable) -> tuple[Callable, Callable]:
    """What ``inspect.Signature.bind`` and ``apply_defaults`` do, and the call
    back, at a tenth of their cost (a training loop calls checked functions
    every step): ``bind(args, kwargs)`` gives each parameter's value by name,
    with ``**kwargs`` gathered under its own name; ``call(arguments)`` calls
    the function with them. A call that does not fit the signature goes to
    ``Signature.bind``, whose TypeError says why."""
    signature = inspect.signature(function)
    kind = inspect.Parameter
    params = signature.parameters.values()
    if any(p.kind in (kind.POSITIONAL_ONLY, kind.VAR_POSITIONAL) for p in params):
        raise TypeError(
            f"checked takes no *args or positional-only parameters: {function}"
        )
    positional = [p.name for p in params if p.kind is kind.POSITIONAL_OR_KEYWORD]
    named = [p.name for p in params if p.kind is not kind.VAR_KEYWORD]
    known = frozenset(named)
    defaults = {p.name: p.default for p in params if p.default is not p.empty}
    extra = next((p.name for p in params if p.kind is kind.VAR_KEYWORD), None)

    def bind(args: tuple, kwargs: dict) -> Arguments:
        given = dict(zip(positional, args, strict=False))  # too many: below
        others = {key: value for key, value in kwargs.items() if key not in known}
        if (
            len(args) > len(positional)
            or not given.keys().isdisjoint(kwargs)
            or (others and extra is None)
        ):
            signature.bind(*args, **kwargs)  # raises the TypeError
        given.update(kwargs)
        arguments = {}
        for name in named:
            if name in given:
                arguments[name] = given[name]
            elif name in defaults:
                arguments[name] = defaults[name]
            else:
                signature.bind(*args, **kwargs)  # raises: a missing argument
        if extra is not None:
            arguments[extra] = others
        return arguments

    def call(arguments: Arguments) -> Any:
        if extra is None:
            return function(**arguments)
        values = {name: arguments[name] for name in named}
        return function(**values, **arguments[extra])

    return bind, call


def _to_float_array(name: str, value: Any) -> np.ndarray:
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        )
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    return array


def arrays(
    *names: str, ndim: int | None = None, shape: tuple[int, ...] | None = None
) -> Rule:
    """Each named argument is a non-empty float array of finite numbers; with
    ``ndim``, of that many dimensions; with ``shape``, of exactly that shape."""

    def rule(args: Arguments) -> None:
        for name in names:
            array = _to_float_array(name, args[name])
            if ndim is not None and array.ndim != ndim:
                raise ValueError(
                    f"{name} must be a {ndim}-D array, got shape {array.shape}"
                )
            if shape is not None and array.shape != tuple(shape):
                raise ValueError(
                    f"{name} must have shape {tuple(shape)}, got {array.shape}"
                )
            if array.size == 0:
                raise ValueError(f"{name} must not be empty, got shape {array.shape}")
            if not np.isfinite(array).all():
                raise ValueError(
                    f"{name} must contain only finite numbers (no NaN or inf)"
                )
            args[name] = array

    return rule


def same_shape(first: str, second: str) -> Rule:
    """``first`` and ``second`` (arrays, already checked) have the same shape."""

    def rule(args: Arguments) -> None:
        a, b = np.shape(args[first]), np.shape(args[second])
        if a != b:
            raise ValueError(
                f"{first} and {second} must have the same shape, got {a} and {b}"
            )

    return rule


def probabilities(*names: str) -> Rule:
    """Each named (already checked) array lies in [0, 1]."""

    def rule(args: Arguments) -> None:
        for name in names:
            array = args[name]
            if np.any(array < 0) or np.any(array > 1):
                raise ValueError(
                    f"{name} must hold probabilities in [0, 1], got values from "
                    f"{array.min():g} to {array.max():g}"
                )

    return rule


def class_labels(name: str, *, scores: str) -> Rule:
    """``name`` holds one integer class index in [0, C) per row of ``scores`` (n, C)."""

    def rule(args: Arguments) -> None:
        n_rows, n_classes = np.shape(args[scores])
        labels = np.asarray(args[name])
        if labels.ndim != 1 or len(labels) != n_rows:
            raise ValueError(
                f"{name} must be a 1-D array with one label per row of {scores} "
                f"({n_rows}), got shape {labels.shape}"
            )
        if not np.issubdtype(labels.dtype, np.integer):
            raise TypeError(
                f"{name} must hold integer class indices, got dtype {labels.dtype}"
            )
        if np.any(labels < 0) or np.any(labels >= n_classes):
            raise ValueError(
                f"{name} must hold class indices in [0, {n_classes}), got values from "
                f"{labels.min()} to {labels.max()}"
            )
        args[name] = labels.astype(np.intp)

    return rule


def _real_number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:  # an int past 1.8e308
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value}")
    return number


def reals(*names: str) -> Rule:
    """Each named argument is a finite real number."""

    def rule(args: Arguments) -> None:
        for name in names:
            args[name] = _real_number(name, args[name])

    return rule


def positive(*names: str) -> Rule:
    """Each named argument is a finite real number greater than zero."""

    def rule(args: Arguments) -> None:
        for name in names:
            value = _real_number(name, args[name])
            if value <= 0:
                raise ValueError(f"{name} must be greater than 0, got {value:g}")
            args[name] = value

    return rule


def non_negative(*names: str) -> Rule:
    """Each named argument is a finite real number, zero or more."""

    def rule(args: Arguments) -> None:
        for name in names:
            value = _real_number(name, args[name])
            if value < 0:
                raise ValueError(f"{name} must be 0 or more, got {value:g}")
            args[name] = value

    return rule


def integers(*names: str, minimum: int = 1) -> Rule:
    """Each named argument is an int of at least ``minimum``."""

    def rule(args: Arguments) -> None:
        for name in names:
            value = args[name]
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
            if value < minimum:
                raise ValueError(f"{name} must be at least {minimum}, got {value}")
            args[name] = int(value)

    return rule


def functions(*names: str) -> Rule:
    """Each named argument is callable."""

    def rule(args: Arguments) -> None:
        for name in names:
            if not callable(args[name]):
                raise TypeError(
                    f"{name} must be callable, got {type(args[name]).__name__}"
                )

    return rule


def _dtype_kind(value: Any) -> str | None:
    try:
        return np.asarray(value).dtype.kind
    except (TypeError, ValueError):
        return None  # ragged or odd input: the arrays rule says what is wrong


def reals_or_arrays(*names: str) -> Rule:
    """Each named argument is a finite real number (kept a float) or a non-empty
    array of finite numbers (made a float array): for a function of one point
    that also works on a whole grid of points."""

    def rule(args: Arguments) -> None:
        for name in names:
            value = args[name]
            if isinstance(value, bool) or _dtype_kind(value) == "b":
                raise TypeError(f"{name} must be a number or an array of numbers")
            if isinstance(value, numbers.Real):
                args[name] = _real_number(name, value)
            else:
                arrays(name)(args)

    return rule
