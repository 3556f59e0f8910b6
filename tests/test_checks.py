"""The ``checked`` decorator binds arguments as Python would, errors included."""

import inspect

import pytest

from gd_snippets._checks import arrays, checked, positive


def bare(w, x=2.0, *, lr, decay=0.0, **extra):
    return w, x, lr, decay, extra


seen = []


@checked(lambda args: seen.append(dict(args)), positive("lr"))
def wrapped(w, x=2.0, *, lr, decay=0.0, **extra):
    return w, x, lr, decay, extra


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1,), {"lr": 1}),
        ((1, 3), {"lr": 0.5, "decay": 0.1}),
        ((), {"w": 1, "x": 4, "lr": 2, "beta": 0.9}),
        ((1,), {"lr": 1, "momentum": 0.9, "nesterov": True}),
    ],
)
def test_a_call_binds_as_python_binds_it(args, kwargs):
    expected = inspect.signature(bare).bind(*args, **kwargs)
    expected.apply_defaults()
    seen.clear()
    w, x, lr, decay, extra = wrapped(*args, **kwargs)
    assert seen == [expected.arguments]
    assert (w, x, decay, extra) == (
        expected.arguments["w"],
        expected.arguments["x"],
        expected.arguments["decay"],
        expected.arguments["extra"],
    )
    assert lr == float(kwargs["lr"]) and isinstance(lr, float)  # the rule's value


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {"lr": 1}),  # w missing
        ((1,), {}),  # lr missing
        ((1, 2, 3), {"lr": 1}),  # too many positional
        ((1,), {"w": 2, "lr": 1}),  # w twice
    ],
)
def test_a_bad_call_raises_pythons_own_error(args, kwargs):
    with pytest.raises(TypeError) as python:
        inspect.signature(bare).bind(*args, **kwargs)
    with pytest.raises(TypeError, match=str(python.value)):
        wrapped(*args, **kwargs)


def test_an_unknown_keyword_without_kwargs_is_refused():
    @checked()
    def strict(w, *, lr):
        return w

    with pytest.raises(TypeError, match="unexpected keyword argument 'momentum'"):
        strict(1, lr=1, momentum=0.9)


def test_positional_only_and_star_args_are_refused_at_decoration():
    with pytest.raises(TypeError, match="no \\*args or positional-only"):
        checked()(lambda w, /: w)
    with pytest.raises(TypeError, match="no \\*args or positional-only"):
        checked()(lambda *ws: ws)


@checked(arrays("point", shape=(2,)), arrays("grid", ndim=2))
def shaped(point, grid):
    return point, grid


@pytest.mark.parametrize(
    ("point", "grid", "message"),
    [
        ([1, 2, 3], [[0.0]], r"point must have shape \(2,\), got \(3,\)"),
        ([[1, 2]], [[0.0]], r"point must have shape \(2,\), got \(1, 2\)"),
        ([1, 2], [0.0], r"grid must be a 2-D array, got shape \(1,\)"),
    ],
)
def test_shape_and_ndim_rules_name_the_argument(point, grid, message):
    with pytest.raises(ValueError, match=message):
        shaped(point, grid)


def test_a_checked_shape_passes_as_a_float_array():
    point, grid = shaped([1, 2], [[3]])
    assert point.dtype == float and point.shape == (2,) and grid.shape == (1, 1)
