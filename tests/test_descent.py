"""Plain gradient descent: convergence, the path, divergence reported clearly."""

from functools import partial

import numpy as np
import pytest

from gd_snippets.descent import descend, gradient_descent
from gd_snippets.landscapes import quadratic, quadratic_grad, quartic, quartic_grad
from gd_snippets.models import least_squares_line, line_mse_grad
from gd_snippets.problems import make_line_data


def test_path_shape_and_start():
    path = gradient_descent(lambda w: 2 * w, np.array([1.0, -2.0]), lr=0.1, steps=5)
    assert path.shape == (6, 2)
    assert path[0].tolist() == [1.0, -2.0]
    assert np.allclose(path[1], 0.8 * path[0])


def test_converges_to_the_least_squares_line():
    x, y = make_line_data(30, seed=5)
    path = gradient_descent(
        lambda p: line_mse_grad(x, y, *p), np.zeros(2), lr=0.01, steps=5000
    )
    assert np.allclose(path[-1], least_squares_line(x, y), atol=1e-6)


def test_zero_steps_returns_the_start():
    assert gradient_descent(lambda w: w, np.ones(1), lr=0.1, steps=0).tolist() == [
        [1.0]
    ]


def test_start_is_not_mutated():
    w0 = np.array([3.0])
    gradient_descent(lambda w: 2 * w, w0, lr=0.1, steps=3)
    assert w0.tolist() == [3.0]


def test_exploding_steps_are_reported_long_before_overflow():
    x, y = make_line_data(12, seed=7)
    with pytest.raises(FloatingPointError, match=r"diverged at step (\d+)") as error:
        gradient_descent(
            lambda p: line_mse_grad(x, y, *p), np.zeros(2), lr=0.05, steps=1000
        )
    assert int(error.value.args[0].split("step ")[1].split(":")[0]) < 20


def test_max_norm_is_the_explosion_threshold():
    path = gradient_descent(lambda w: -w, np.ones(1), lr=1.0, steps=3, max_norm=8.0)
    assert path[-1].tolist() == [8.0]
    with pytest.raises(FloatingPointError, match="diverged at step 4"):
        gradient_descent(lambda w: -w, np.ones(1), lr=1.0, steps=4, max_norm=8.0)


def test_divergence_is_reported_not_returned_as_nan():
    with pytest.raises(
        FloatingPointError, match=r"diverged at step \d+: lr=1.5 is too large"
    ):
        gradient_descent(lambda w: 4 * w**3, np.array([2.0]), lr=1.5, steps=100)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0, "steps": 1}, ValueError, "lr must be greater than 0"),
        ({"lr": -0.1, "steps": 1}, ValueError, "lr must be greater than 0"),
        ({"lr": 0.1, "steps": -1}, ValueError, "steps must be at least 0"),
        ({"lr": 0.1, "steps": 2.5}, TypeError, "steps must be an int"),
        (
            {"lr": 0.1, "steps": 1, "max_norm": 0},
            ValueError,
            "max_norm must be greater",
        ),
    ],
)
def test_bad_hyperparameters_get_a_clear_error(kwargs, error, message):
    with pytest.raises(error, match=message):
        gradient_descent(lambda w: w, np.ones(1), **kwargs)


def test_bad_arguments_get_a_clear_error():
    with pytest.raises(TypeError, match="grad must be callable"):
        gradient_descent(None, np.ones(1), lr=0.1, steps=1)
    with pytest.raises(ValueError, match="w0 must contain only finite"):
        gradient_descent(lambda w: w, np.array([np.nan]), lr=0.1, steps=1)


# descend: the run a page draws and explains.


def _quartic_run(**kwargs):
    from gd_snippets.landscapes import quartic, quartic_grad

    return descend(quartic, quartic_grad, np.array([-1.5]), **kwargs)


def test_descend_records_the_path_and_the_loss_at_every_point():
    from gd_snippets.landscapes import quartic

    run = _quartic_run(lr=0.001, max_steps=50)
    assert run.path.shape == (51, 1) and run.losses.shape == (51,)
    assert run.path[1, 0] == pytest.approx(-1.46625)
    assert np.allclose(run.losses, quartic(run.path[:, 0]))
    assert run.stopped_by == "budget" and "50 steps" in run.reason


def test_gradient_descent_is_descend_without_a_loss():
    x, y = make_line_data(12, seed=7)
    grad = lambda p: line_mse_grad(x, y, *p)  # noqa: E731
    run = descend(lambda p: 0.0, grad, np.zeros(2), lr=0.002, max_steps=100)
    assert np.array_equal(
        run.path, gradient_descent(grad, np.zeros(2), lr=0.002, steps=100)
    )


def test_the_gradient_rule_stops_where_the_slope_is_small():
    run = _quartic_run(lr=0.05, max_steps=1000, grad_tol=1e-8)
    assert run.stopped_by == "gradient"
    assert run.path[-1, 0] == pytest.approx(2.25)
    assert len(run.path) < 100
    assert f"after {len(run.path) - 1} steps" in run.reason


def test_a_small_gradient_is_not_a_minimum():
    run = _quartic_run(lr=0.001, max_steps=100_000, grad_tol=1e-3)
    assert run.stopped_by == "gradient"
    assert -0.05 < run.path[-1, 0] < 0, "stalled at the flat step w = 0"


def test_the_loss_change_rule():
    run = descend(
        lambda w: float(np.sum(w**2)),
        lambda w: 2 * w,
        np.array([1.0]),
        lr=0.1,
        max_steps=1000,
        loss_tol=1e-6,
    )
    assert run.stopped_by == "loss change"
    assert abs(run.losses[-2] - run.losses[-1]) < 1e-6
    assert np.all(np.abs(np.diff(run.losses[:-1])) >= 1e-6)


def test_a_zero_gradient_at_the_start_stops_at_once():
    run = descend(
        lambda w: float(np.sum(w**2)),
        lambda w: 2 * w,
        np.zeros(2),
        lr=0.1,
        max_steps=10,
        grad_tol=1e-12,
    )
    assert run.stopped_by == "gradient" and run.path.shape == (1, 2)


def test_divergence_is_an_outcome_without_any_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = _quartic_run(lr=0.2, max_steps=100)
    assert run.stopped_by == "diverged"
    assert run.reason.startswith("diverged at step 4: |w| passed 1.5e+08")
    assert len(run.path) == 4 and np.all(np.isfinite(run.path))
    assert len(run.losses) == 4 and np.all(np.isfinite(run.losses))


def test_a_loss_that_overflows_is_divergence_too():
    run = descend(
        lambda w: float(np.exp(w[0])),
        lambda w: -np.ones(1),
        np.zeros(1),
        lr=100.0,
        max_steps=20,
    )
    assert run.stopped_by == "diverged" and "the loss became inf" in run.reason
    assert run.reason.startswith("diverged at step 8")


def test_descend_does_not_mutate_its_start():
    w0 = np.array([3.0, -1.0])
    descend(lambda w: float(np.sum(w**2)), lambda w: 2 * w, w0, lr=0.1, max_steps=5)
    assert w0.tolist() == [3.0, -1.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0, "max_steps": 1}, ValueError, "lr must be greater than 0"),
        ({"lr": 0.1, "max_steps": -1}, ValueError, "max_steps must be at least 0"),
        ({"lr": 0.1, "max_steps": 1.0}, TypeError, "max_steps must be an int"),
        ({"lr": 0.1, "max_steps": 1, "grad_tol": -1}, ValueError, "grad_tol must be"),
        ({"lr": 0.1, "max_steps": 1, "loss_tol": np.inf}, ValueError, "loss_tol must"),
        ({"lr": 0.1}, TypeError, "max_steps"),
    ],
)
def test_descend_rejects_bad_hyperparameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        descend(lambda w: 0.0, lambda w: w, np.ones(1), **kwargs)


def test_descend_rejects_bad_arguments():
    with pytest.raises(TypeError, match="loss must be callable"):
        descend(1.0, lambda w: w, np.ones(1), lr=0.1, max_steps=1)
    with pytest.raises(ValueError, match="w0 must contain only finite"):
        descend(lambda w: 0.0, lambda w: w, [np.inf], lr=0.1, max_steps=1)


# The reasons a run gives are the true ones.


def test_a_nan_gradient_at_a_finite_point_is_named():
    run = descend(
        lambda w: float(np.sum(w**2)),
        lambda w: np.array([np.nan]) if w[0] < 0.5 else 2 * w,
        np.array([1.0]),
        lr=0.1,
        max_steps=10,
    )
    assert run.stopped_by == "diverged"
    assert run.reason == "diverged: the gradient is not finite at step 5"
    assert len(run.path) == 5 and np.all(np.isfinite(run.path))


def test_a_nan_loss_is_not_called_an_overflow():
    run = descend(
        lambda w: float(np.sum(w**2)) if w[0] > 0.5 else np.nan,
        lambda w: 2 * w,
        np.array([1.0]),
        lr=0.1,
        max_steps=10,
    )
    assert run.stopped_by == "diverged"
    assert run.reason.startswith("diverged at step 4: the loss became nan")


def test_a_start_with_a_non_finite_loss_is_rejected():
    with pytest.raises(ValueError, match=r"loss\(w0\) must be finite, got inf"):
        descend(lambda w: np.inf, lambda w: w, np.ones(1), lr=0.1, max_steps=3)


def test_the_explosion_limit_is_relative_to_the_start():
    run = descend(
        lambda w: float((w[0] - 1e9) ** 2),
        lambda w: 2 * (w - 1e9),
        np.array([1e9 + 1]),
        lr=0.25,
        max_steps=60,
    )
    assert run.stopped_by == "gradient", run.reason
    assert run.path[-1, 0] == 1e9


def test_a_slow_divergence_is_reported_when_the_budget_runs_out():
    from gd_snippets.landscapes import quadratic, quadratic_grad

    run = descend(
        lambda w: quadratic(w[0], curvature=4.0),
        lambda w: quadratic_grad(w, curvature=4.0),
        np.array([1.0]),
        lr=0.51,
        max_steps=100,
    )
    assert run.stopped_by == "budget"
    assert run.reason == (
        "the budget of 100 steps ran out, and the loss rose from 2 to 5101: "
        "the learning rate is too large"
    )


def test_a_start_at_a_stationary_point_stops_at_once_with_the_defaults():
    run = descend(
        lambda w: float(np.sum(w**2)), lambda w: 2 * w, np.zeros(1), lr=0.1, max_steps=5
    )
    assert run.stopped_by == "gradient" and run.path.shape == (1, 1)
    assert run.reason == "|gradient| is exactly 0 after 0 steps"
    path = gradient_descent(lambda w: 2 * w, np.zeros(2), lr=0.1, steps=5)
    assert path.shape == (6, 2) and not path.any()


def test_the_loss_target_rule():
    run = descend(
        lambda w: float(np.sum(w**2)),
        lambda w: 2 * w,
        np.array([1.0]),
        lr=0.1,
        max_steps=1000,
        loss_target=0.01,
    )
    assert run.stopped_by == "loss target"
    assert run.losses[-1] <= 0.01 < run.losses[-2]
    assert run.reason == f"the loss reached 0.01 after {len(run.path) - 1} steps"
    with pytest.raises(ValueError, match="loss_target must be finite"):
        descend(
            lambda w: 0.0,
            lambda w: w,
            np.ones(1),
            lr=0.1,
            max_steps=1,
            loss_target=np.nan,
        )


def test_reasons_read_right_for_one_step_and_a_small_rise():
    one = descend(
        partial(quadratic, curvature=4.0),
        partial(quadratic_grad, curvature=4.0),
        np.array(1.0),
        lr=0.25,  # 1 / curvature: the minimum in one step
        max_steps=10,
    )
    assert one.reason == "|gradient| is exactly 0 after 1 step"
    # From L(3) = 2 the run bounces behind the flat spot and creeps back up,
    # ending a hair above where it started (the playground's readout).
    rise = descend(
        quartic, quartic_grad, np.array(3.0), lr=0.133, max_steps=50, grad_tol=1e-3
    )
    start, end = rise.losses[0], rise.losses[-1]
    assert 0 < end - start < 1e-4
    assert f"{start:.4g}" == f"{end:.4g}"  # so it shows more digits
    assert f"rose from {start:.10g} to {end:.10g}" in rise.reason


@pytest.mark.parametrize("max_steps", [10.0, -1, "10"])
def test_copied_descend_names_a_budget_that_is_not_a_count(max_steps):
    # 10.0 gave range()'s "'float' object cannot be interpreted as an integer",
    # -1 ran no step and said "the budget of -1 steps ran out"
    with pytest.raises(ValueError, match="max_steps must be a whole number"):
        descend.__wrapped__(
            quartic, quartic_grad, np.array([-1.5]), lr=0.01, max_steps=max_steps
        )
