"""Loss landscapes: values at known points, every gradient checked numerically."""

import numpy as np
import pytest

from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.landscapes import (
    bowl,
    bowl_grad,
    classify_stationary_point,
    line_fit_grad,
    line_fit_mse,
    quadratic,
    quadratic_grad,
    quartic,
    quartic_grad,
    quartic_second_derivative,
    rosenbrock,
    rosenbrock_grad,
    tilted_bowl,
    tilted_bowl_grad,
    two_valleys,
    two_valleys_grad,
)
from gd_snippets.losses import mse
from gd_snippets.models import least_squares_line, line_mse_grad, predict_line
from gd_snippets.problems import make_line_data

# Not at a stationary point: there the relative error compares two tiny numbers.
POINTS = [-2.3, -1.5, -0.4, 0.3, 1.1, 2.6, 3.7]


def _agrees(analytic, f, w):
    numeric = numerical_gradient(lambda v: float(np.sum(f(v))), np.array(w, float))
    return relative_error(np.atleast_1d(analytic), np.atleast_1d(numeric)) < 1e-7


@pytest.mark.parametrize("w", POINTS)
def test_one_dimensional_gradients_match_numerical_ones(w):
    assert _agrees(quartic_grad(w), quartic, [w])
    assert _agrees(two_valleys_grad(w), two_valleys, [w])
    assert _agrees(
        quadratic_grad(w, curvature=3.5), lambda v: quadratic(v, curvature=3.5), [w]
    )
    second = numerical_gradient(lambda v: float(quartic_grad(v[0])), np.array([w]))
    assert quartic_second_derivative(w) == pytest.approx(second[0], rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("w", [[0.5, -2.0], [-3.0, 1.5], [0.0, 0.7]])
def test_bowl_gradient_matches_the_numerical_one(w):
    c = np.array([1.0, 10.0])
    assert _agrees(
        bowl_grad(np.array(w), curvatures=c), lambda v: bowl(v, curvatures=c), w
    )


@pytest.mark.parametrize("params", [[0.0, 0.0], [1.5, -2.0], [2.2, 0.9]])
def test_line_fit_gradient_matches_numerical_and_the_models_module(params):
    x, y = make_line_data(12, seed=7)
    p = np.array(params)
    assert _agrees(line_fit_grad(p, x, y), lambda v: line_fit_mse(v, x, y), params)
    assert np.allclose(line_fit_grad(p, x, y), line_mse_grad(x, y, *params))
    assert line_fit_mse(p, x, y) == pytest.approx(mse(predict_line(x, *params), y))


def test_values_at_known_points():
    assert quartic(-1.5) == pytest.approx(17.1875)
    assert quartic_grad(-1.5) == pytest.approx(-33.75)
    assert quartic_grad(0.0) == 0 and quartic_grad(2.25) == 0
    assert quartic_second_derivative(2.25) == pytest.approx(20.25)
    assert quartic_second_derivative(0.0) == 0
    assert quadratic(2.0, curvature=3.0) == 6.0
    assert bowl(np.array([1.0, 2.0]), curvatures=np.array([2.0, 4.0])) == 9.0


def test_scalars_stay_floats_and_arrays_stay_arrays():
    assert isinstance(quartic(1.0), float)
    grid = np.linspace(-2, 3, 11)
    assert quartic(grid).shape == (11,)
    assert np.allclose(quartic(grid), [quartic(float(w)) for w in grid])


def test_two_valleys_have_different_depths_and_a_hill_between():
    roots = np.sort(np.roots([4, 0, -8, 1]).real)
    kinds = [classify_stationary_point(two_valleys_grad, r) for r in roots]
    assert kinds == ["minimum", "maximum", "minimum"]
    left, right = two_valleys(roots[0]), two_valleys(roots[2])
    assert left < right - 1, "the left valley is the deeper one"


def test_stationary_points_of_the_quartic_are_classified():
    assert classify_stationary_point(quartic_grad, 2.25) == "minimum"
    assert classify_stationary_point(quartic_grad, 0.0) == "neither"
    assert classify_stationary_point(lambda w: -2 * w, 0.0) == "maximum"


def test_the_least_squares_line_is_where_the_gradient_vanishes():
    x, y = make_line_data(30, seed=5)
    best = np.array(least_squares_line(x, y))
    assert np.allclose(line_fit_grad(best, x, y), 0, atol=1e-9)


def test_inputs_are_not_mutated():
    x, y = make_line_data(5, seed=1)
    p, w = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    line_fit_grad(p, x, y)
    bowl_grad(w, curvatures=np.array([1.0, 3.0]))
    assert p.tolist() == [1.0, 2.0] and w.tolist() == [0.5, -1.0]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: quartic("1"), TypeError, "w must be an array of numbers"),
        (lambda: quartic(np.nan), ValueError, "w must be finite"),
        (lambda: quartic(True), TypeError, "w must be a number or an array"),
        (lambda: two_valleys([True]), TypeError, "w must be a number or an array"),
        (lambda: quartic([]), ValueError, "w must not be empty"),
        (lambda: quadratic(1.0, curvature=0), ValueError, "curvature must be greater"),
        (
            lambda: bowl(np.ones(3), curvatures=np.ones(3)),
            ValueError,
            r"w must have shape \(2,\)",
        ),
        (
            lambda: bowl_grad(np.ones(2), curvatures=np.array([1.0, -1.0])),
            ValueError,
            "curvatures must be greater than 0",
        ),
        (
            lambda: line_fit_mse(np.ones(3), np.ones(2), np.ones(2)),
            ValueError,
            r"params must have shape \(2,\)",
        ),
        (
            lambda: line_fit_grad(np.ones(2), np.ones(2), np.ones(3)),
            ValueError,
            "x and y must have the same shape",
        ),
        (
            lambda: classify_stationary_point(quartic_grad, 0.0, h=0),
            ValueError,
            "h must be greater than 0",
        ),
        (
            lambda: classify_stationary_point(quartic_grad, 0.0, tol=0),
            ValueError,
            "tol must be greater than 0",
        ),
        (
            lambda: classify_stationary_point(None, 0.0),
            TypeError,
            "grad must be callable",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# The copied code (without the checks above its markers) must not give wrong
# numbers silently on common input.


def test_copied_line_fit_refuses_a_column_of_x():
    x, y = make_line_data(12, seed=7)
    params = np.array([2.0, 0.3])
    for f in (line_fit_mse.__wrapped__, line_fit_grad.__wrapped__):
        with pytest.raises(ValueError, match="x and y must be 1-D"):
            f(params, x[:, None], y)
        with pytest.raises(ValueError, match="x and y must be 1-D"):
            f(params, x, y[:5])


def test_copied_bowl_refuses_a_column_w():
    curvatures = np.array([1.0, 10.0])
    for f in (bowl.__wrapped__, bowl_grad.__wrapped__):
        with pytest.raises(ValueError, match=r"must both have shape \(2,\)"):
            f(np.array([[2.0], [1.0]]), curvatures=curvatures)


def test_copied_quartic_does_not_overflow_on_integers():
    w = np.array([-100_000])
    assert quartic.__wrapped__(w)[0] == pytest.approx(1e20 + 3e15 + 2)
    assert quartic_grad.__wrapped__(w)[0] == pytest.approx(-4e15 - 9e10)
    # its curvature too (issue #3 embeds it): 12 * 1e18 passes int64's 9.2e18
    big = np.array([10**9])
    assert quartic_second_derivative.__wrapped__(big)[0] == pytest.approx(1.2e19)


def test_copied_valleys_and_parabola_do_not_overflow_on_integers():
    w = np.array([10**6])  # w**4 = 1e24 passes int64's 9.2e18
    assert two_valleys.__wrapped__(w)[0] == pytest.approx(1e24)
    assert two_valleys_grad.__wrapped__(np.array([3 * 10**6]))[0] == pytest.approx(
        1.08e20
    )
    assert quadratic.__wrapped__(np.array([10**10]), curvature=2.0)[0] == (
        pytest.approx(1e20)
    )


def test_classify_says_not_stationary_where_the_slope_is_not_small():
    assert classify_stationary_point(quartic_grad, 187308.0) == "not stationary"
    assert classify_stationary_point(quartic_grad, -0.5) == "not stationary"
    # 0.0105 short of the flat step is ten probe steps short: not there yet;
    # with a probe step of 0.01 the flat step is within reach
    assert classify_stationary_point(quartic_grad, -0.0105) == "not stationary"
    assert classify_stationary_point(quartic_grad, -0.0105, h=0.01) == "neither"


def test_classify_scales_its_step_with_w():
    def grad(w):
        return 2 * (w - 1e14)

    assert classify_stationary_point(grad, 1e14) == "minimum"


# Issue #5's test problems for optimizers: the tilted bowl and Rosenbrock.

TILT = {"curvatures": np.array([1.0, 50.0]), "angle": 0.4}


@pytest.mark.parametrize("w", [[0.5, -2.0], [-3.0, 1.5], [1.2, 0.7], [-1.5, 2.0]])
def test_tilted_bowl_and_rosenbrock_gradients_match_numerical_ones(w):
    assert _agrees(
        tilted_bowl_grad(np.array(w), **TILT), lambda v: tilted_bowl(v, **TILT), w
    )
    moved = TILT | {"center": np.array([0.3, 2.0])}
    assert _agrees(
        tilted_bowl_grad(np.array(w), **moved), lambda v: tilted_bowl(v, **moved), w
    )
    assert _agrees(rosenbrock_grad(np.array(w)), rosenbrock, w)
    assert _agrees(
        rosenbrock_grad(np.array(w), a=2.0, b=5.0),
        lambda v: rosenbrock(v, a=2.0, b=5.0),
        w,
    )


def test_tilted_bowl_is_the_bowl_turned():
    c, s = np.cos(0.4), np.sin(0.4)
    along, across = np.array([c, s]), np.array([-s, c])  # its two axes
    assert tilted_bowl(3 * along, **TILT) == pytest.approx(1.0 * 9 / 2)
    assert tilted_bowl(3 * across, **TILT) == pytest.approx(50.0 * 9 / 2)
    assert np.allclose(tilted_bowl_grad(3 * across, **TILT), 50.0 * 3 * across)
    w = np.array([0.7, -1.3])
    flat = {"curvatures": np.array([2.0, 4.0]), "angle": 0.0}
    expected = bowl(w, curvatures=flat["curvatures"])
    assert tilted_bowl(w, **flat) == pytest.approx(expected)
    assert tilted_bowl(np.zeros(2), **TILT) == 0
    assert np.all(tilted_bowl_grad(np.zeros(2), **TILT) == 0)
    moved = TILT | {"center": np.array([1.0, -2.0])}
    assert tilted_bowl(np.array([1.0, -2.0]), **moved) == 0
    assert tilted_bowl(w + moved["center"], **moved) == pytest.approx(
        tilted_bowl(w, **TILT)
    )
    assert np.allclose(
        tilted_bowl_grad(w + moved["center"], **moved), tilted_bowl_grad(w, **TILT)
    )


def test_rosenbrock_at_known_points():
    assert rosenbrock(np.array([1.0, 1.0])) == 0
    assert np.all(rosenbrock_grad(np.array([1.0, 1.0])) == 0)
    assert rosenbrock(np.array([0.0, 0.0])) == 1.0
    assert rosenbrock(np.array([-1.0, 1.0])) == 4.0
    assert rosenbrock(np.array([2.0, 4.0]), a=2.0) == 0
    assert rosenbrock_grad(np.array([0.0, 0.0])).tolist() == [-2.0, 0.0]


def partial_bowl(w):
    return tilted_bowl(w, **TILT)


def partial_bowl_grad(w):
    return tilted_bowl_grad(w, **TILT)


def test_two_dimensional_problems_take_a_grid_of_points():
    grid = np.stack(np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)), -1)
    assert grid.shape == (4, 5, 2)
    for f, g in ((partial_bowl, partial_bowl_grad), (rosenbrock, rosenbrock_grad)):
        values, grads = f(grid), g(grid)
        assert values.shape == (4, 5) and grads.shape == (4, 5, 2)
        assert values[2, 3] == pytest.approx(f(grid[2, 3]))
        assert np.allclose(grads[2, 3], g(grid[2, 3]))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rosenbrock(np.array([[1.0], [2.0]])), r"w must have shape \(2,\)"),
        (lambda: rosenbrock_grad(np.ones(3)), r"w must have shape \(2,\)"),
        (lambda: rosenbrock(np.array([np.nan, 1.0])), "w must contain only finite"),
        (lambda: rosenbrock(np.ones(2), b=0.0), "b must be greater than 0"),
        (lambda: tilted_bowl(np.ones((2, 1)), **TILT), r"w must have shape \(2,\)"),
        (
            lambda: tilted_bowl(np.ones(2), curvatures=np.array([1.0, -1.0]), angle=0),
            "curvatures must be two numbers greater than 0",
        ),
        (
            lambda: tilted_bowl_grad(np.ones(2), curvatures=np.ones(3), angle=0),
            "curvatures must be two numbers greater than 0",
        ),
        (
            lambda: tilted_bowl(np.ones(2), curvatures=np.ones(2), angle=np.inf),
            "angle must be finite",
        ),
        (
            lambda: tilted_bowl(np.ones(2), **TILT, center=np.ones(3)),
            r"center must have shape \(2,\)",
        ),
    ],
)
def test_bad_input_to_the_optimizer_problems_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_copied_optimizer_problems_refuse_a_column_w():
    column = np.array([[2.0], [1.0]])
    for f in (rosenbrock.__wrapped__, rosenbrock_grad.__wrapped__):
        with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
            f(column)
    for f in (tilted_bowl.__wrapped__, tilted_bowl_grad.__wrapped__):
        with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
            f(column, **TILT)
    # integers do not overflow: 10**5 ** 4 passes int64 in rosenbrock's x**4
    big = np.array([10**5, 0])
    assert rosenbrock.__wrapped__(big) == pytest.approx(100 * 1e20, rel=1e-6)


def test_copied_parabola_gradient_takes_a_list_and_large_integers():
    # a list times an integer repeats the list: [1.0, 2.0] * 3 has six entries
    assert quadratic_grad.__wrapped__([1.0, 2.0], curvature=3).tolist() == [3.0, 6.0]
    # 4 * 2**62 = 2**64 wraps around int64 to 0
    big = quadratic_grad.__wrapped__(np.array([2**62]), curvature=4)
    assert big[0] == pytest.approx(2.0**64)


def test_copied_bowl_does_not_overflow_on_integers():
    w, curvatures = np.array([2**40, 1]), np.array([1, 10])
    # (2**40)**2 = 2**80 wraps around int64 to 0: the loss read 5.0
    assert bowl.__wrapped__(w, curvatures=curvatures) == pytest.approx(2.0**80 / 2)
    big = bowl_grad.__wrapped__(np.array([2**62, 1]), curvatures=np.array([4, 1]))
    assert big.tolist() == [pytest.approx(2.0**64), 1.0]


def test_copied_line_fit_does_not_overflow_on_integers():
    x, y, params = np.array([2**32, 1]), np.array([0, 0]), np.array([1, 0])
    # (2**32)**2 = 2**64 wraps around int64 to 0
    assert line_fit_mse.__wrapped__(params, x, y) == pytest.approx(2.0**64 / 2)
    grad = line_fit_grad.__wrapped__(params, x, y)
    assert grad[0] == pytest.approx(2.0**64)  # 2 * mean(r * x) = (2**64 + 1)
    assert grad[1] == pytest.approx(2.0**32 + 1)


@pytest.mark.parametrize(
    ("grad", "w"),
    [
        (lambda w: 0.1 * w, 0.009),  # a shallow parabola, 9 probe steps from 0
        (lambda w: 4 * w**3, 0.05),  # w**4, whose slope there is 5e-4
        (lambda w: 0.1 * w, -0.009),
    ],
)
def test_classify_does_not_call_a_point_near_a_shallow_minimum_a_flat_step(grad, w):
    # an absolute tolerance of 1e-3 called both "neither"
    assert classify_stationary_point.__wrapped__(grad, w) == "not stationary"
    assert classify_stationary_point(grad, w) == "not stationary"


@pytest.mark.parametrize("scale", [1e-6, 1e-3, 1.0, 1e3])
def test_classify_is_the_same_for_a_loss_scaled_up_or_down(scale):
    def g(w):
        return scale * quartic_grad(w)

    assert classify_stationary_point(g, 2.25) == "minimum"
    assert classify_stationary_point(g, 2.2504) == "minimum"
    assert classify_stationary_point(g, 0.0) == "neither"
    assert classify_stationary_point(g, -0.0015) == "neither"
    assert classify_stationary_point(g, -0.5) == "not stationary"
    assert classify_stationary_point(lambda w: -scale * w, 1e-4) == "maximum"


def test_classify_with_an_absolute_tolerance_keeps_the_old_rule():
    # the playground stops runs at |gradient| < 1e-3 and asks with tol=1e-3
    assert classify_stationary_point(quartic_grad, -0.0105, tol=1e-3) == "neither"
    assert classify_stationary_point(quartic_grad, -0.5, tol=1e-3) == "not stationary"


@pytest.mark.parametrize(
    "grad",
    [lambda w: np.nan, lambda w: np.log(w) if w > 0 else np.nan, lambda w: np.inf],
)
def test_classify_refuses_a_slope_that_is_not_finite(grad):
    # a NaN slope compared False with everything and read "neither", a flat step
    for f in (classify_stationary_point.__wrapped__, classify_stationary_point):
        with pytest.raises(ValueError, match="grad must give finite slopes"):
            f(grad, 1e-4)
    # w of one element, as a run's last point (its :g format raised TypeError)
    bare = classify_stationary_point.__wrapped__
    with pytest.raises(ValueError, match="grad must give finite slopes"):
        bare(lambda v: np.nan * v, np.array([1.0]))


def test_copied_line_fit_refuses_empty_data():
    # np.mean of nothing gave nan (and a RuntimeWarning), not an error
    empty = np.array([])
    for f in (line_fit_mse.__wrapped__, line_fit_grad.__wrapped__):
        with pytest.raises(ValueError, match="x and y must be 1-D"):
            f(np.array([2.0, 0.3]), empty, empty)
