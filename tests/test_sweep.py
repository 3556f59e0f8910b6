"""The learning-rate sweep: each run is descend's, and each ends in a status."""

import warnings

import numpy as np
import pytest

from gd_snippets.descent import Descent, descend
from gd_snippets.landscapes import (
    bowl,
    bowl_grad,
    quadratic,
    quadratic_grad,
    quartic,
    quartic_grad,
)
from gd_snippets.sweep import STATUSES, SweptRun, classify_run, sweep_learning_rates

A = 4.0  # a parabola's curvature: gradient descent on it is stable for lr < 2 / A


def _parabola(lrs, **kwargs):
    return sweep_learning_rates(
        lambda w: quadratic(w[0], curvature=A),
        lambda w: quadratic_grad(w, curvature=A),
        np.array([1.0]),
        lrs=np.array(lrs),
        **kwargs,
    )


def test_the_four_outcomes_on_a_parabola_either_side_of_two_over_a():
    results = _parabola([0.001, 0.2, 0.45, 2 / A, 0.55], max_steps=200)
    assert [r.status for r in results] == [
        "unfinished",  # too small: still creeping downhill when the budget ran out
        "converged",
        "converged",  # lr > 1 / A: every step overshoots, but less and less
        "oscillated",  # lr = 2 / A exactly: w -> -w forever
        "diverged",
    ]
    assert results[1].final_loss < 1e-15 and results[2].final_loss < 1e-15
    assert results[3].final_loss == pytest.approx(quadratic(1.0, curvature=A))
    assert results[4].final_loss == np.inf and results[4].run.stopped_by == "diverged"
    assert [r.lr for r in results] == [0.001, 0.2, 0.45, 0.5, 0.55]


def test_the_worked_example_of_issue_2_in_each_regime():
    results = sweep_learning_rates(
        quartic,
        quartic_grad,
        np.array([-1.5]),
        lrs=np.array([0.001, 0.06, 0.12, 0.15]),
        max_steps=2000,
    )
    too_small, right, too_big, far_too_big = results
    assert too_small.status == "unfinished" and too_small.final_loss > 2
    assert right.status == "converged" and right.run.path[-1, 0] == pytest.approx(2.25)
    assert too_big.status == "oscillated"
    assert too_big.final_loss > right.final_loss + 1
    ends = too_big.run.path[-4:, 0]
    assert ends[0] == pytest.approx(ends[2]) and ends[1] == pytest.approx(ends[3])
    assert (ends[0] - 2.25) * (ends[1] - 2.25) < 0, "a 2-cycle around the minimum"
    assert far_too_big.status == "diverged" and far_too_big.final_loss == np.inf


def test_each_run_is_exactly_what_descend_returns():
    (result,) = _parabola([0.3], max_steps=50, grad_tol=1e-6, loss_tol=1e-12)
    run = descend(
        lambda w: quadratic(w[0], curvature=A),
        lambda w: quadratic_grad(w, curvature=A),
        np.array([1.0]),
        lr=0.3,
        max_steps=50,
        grad_tol=1e-6,
        loss_tol=1e-12,
    )
    assert isinstance(result, SweptRun) and isinstance(result.run, Descent)
    assert np.array_equal(result.run.path, run.path)
    assert result.run.stopped_by == run.stopped_by
    assert result.final_loss == run.losses[-1]


def test_a_diverged_run_is_a_result_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (result,) = _parabola([10.0], max_steps=1000)
    assert result.status == "diverged"
    assert np.all(np.isfinite(result.run.path))
    assert "diverged at step" in result.run.reason


def test_oscillation_in_two_dimensions_is_along_the_steep_axis():
    curvatures = np.array([1.0, 10.0])
    results = sweep_learning_rates(
        lambda w: bowl(w, curvatures=curvatures),
        lambda w: bowl_grad(w, curvatures=curvatures),
        np.array([2.0, 1.0]),
        lrs=np.array([0.1, 0.2, 0.21]),  # 2 / 10 = 0.2
        max_steps=1000,
    )
    assert [r.status for r in results] == ["converged", "oscillated", "diverged"]


def test_inputs_are_not_mutated():
    w0, lrs = np.array([1.0]), np.array([0.1, 0.2])
    sweep_learning_rates(
        lambda w: quadratic(w[0], curvature=A),
        lambda w: quadratic_grad(w, curvature=A),
        w0,
        lrs=lrs,
        max_steps=5,
    )
    assert w0.tolist() == [1.0] and lrs.tolist() == [0.1, 0.2]


def _run(path, stopped_by="budget", losses=None):
    path = np.array(path, dtype=float).reshape(len(path), -1)
    losses = np.zeros(len(path)) if losses is None else np.array(losses, float)
    return Descent(path, losses, stopped_by, "")


@pytest.mark.parametrize(
    ("path", "stopped_by", "status"),
    [
        ([0.0, 1.0, 2.0], "diverged", "diverged"),
        ([0.0, 1.0, 0.0], "gradient", "converged"),
        ([0.0, 1.0, 0.0], "loss change", "converged"),
        ([0.0, 1.0, 0.0], "loss target", "converged"),
        ([3.0, 2.0, 1.5, 1.25], "budget", "unfinished"),
        ([3.0, -2.0, 1.5, -1.25], "budget", "oscillated"),
        ([3.0], "budget", "unfinished"),
        # only the last `window` steps count: an early zig-zag does not
        ([1, -1, 1, -1, 1, -1, *range(2, 12)], "budget", "unfinished"),
        ([*range(10, 0, -1), 1, -1, 1, -1, 1, -1, 1], "budget", "oscillated"),
    ],
)
def test_classify_run(path, stopped_by, status):
    assert classify_run(_run(path, stopped_by)) == status
    assert status in STATUSES


def test_a_loss_rising_at_every_step_to_the_end_is_diverging():
    growing = _run([1, -1.1, 1.21, -1.331], losses=[1, 1.21, 1.4641, 1.771561])
    assert classify_run(growing) == "diverged"
    wobbling = _run([1, -1.1, 1.05, -1.1], losses=[1, 1.21, 1.1025, 1.21])
    assert classify_run(wobbling) == "oscillated"
    rising_then_falling = [*range(20), 18.5]
    assert classify_run(_run(range(21), losses=rising_then_falling)) == "unfinished"
    one_step = _run([0, 1], losses=[0, 1])
    assert classify_run(one_step) == "unfinished"


def test_just_past_two_over_a_is_diverged_long_before_w_blows_up():
    (result,) = _parabola([0.51], max_steps=100)  # |1 - lr * A| = 1.04 per step
    assert result.run.stopped_by == "budget" and abs(result.run.path[-1, 0]) < 100
    assert result.status == "diverged"
    assert result.final_loss == result.run.losses[-1] > 1


def test_classify_run_window():
    wiggle_then_steady = _run([1, -1, 1, -1, 1, -1, 1, 2, 3])
    assert classify_run(wiggle_then_steady, window=8) == "oscillated"
    assert classify_run(wiggle_then_steady, window=3) == "unfinished"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lrs": np.array([0.1, 0.0])}, ValueError, "lrs must all be greater than 0"),
        ({"lrs": np.array([])}, ValueError, "lrs must not be empty"),
        ({"lrs": np.ones((2, 2))}, ValueError, "lrs must be a 1-D array"),
        ({"lrs": [0.1, np.nan]}, ValueError, "lrs must contain only finite"),
        ({"lrs": [0.1], "max_steps": 0}, ValueError, "max_steps must be at least 1"),
        ({"lrs": [0.1], "grad_tol": -1.0}, ValueError, "grad_tol must be 0 or more"),
    ],
)
def test_bad_sweep_arguments_get_an_error_naming_them(kwargs, error, message):
    with pytest.raises(error, match=message):
        _parabola(**{"max_steps": 10} | kwargs)


def test_bad_classify_arguments_get_an_error_naming_them():
    with pytest.raises(TypeError, match="run must be a Descent"):
        classify_run(np.zeros((3, 1)))
    with pytest.raises(ValueError, match="window must be at least 2"):
        classify_run(_run([0.0, 1.0]), window=1)


def test_a_zig_zag_that_is_dying_out_is_unfinished_not_oscillated():
    # lr = 0.45 on curvature 4: w <- -0.8 w, so the loss falls at every step,
    # but 20 steps are not enough for the gradient to fall below 1e-8
    (result,) = _parabola([0.45], max_steps=20)
    assert result.run.stopped_by == "budget"
    assert np.all(np.diff(result.run.losses) < 0)
    assert result.status == "unfinished"
    # the worked example from w = 2.1 just below 2 / L'': the notebook's case
    (near,) = sweep_learning_rates(
        quartic, quartic_grad, np.array([2.1]), lrs=np.array([0.095]), max_steps=150
    )
    assert near.status == "unfinished" and near.run.path[-1, 0] == pytest.approx(2.25)


def test_a_gradient_of_the_wrong_shape_is_refused_not_broadcast():
    # grad gives one number for two weights: broadcast, it moved both weights
    # alike, and here its 0 stopped the run at (1, -1), far from the minimum
    def bad_grad(w):
        return np.array([2 * w.sum()])

    with pytest.raises(ValueError, match=r"grad\(w\) must have the shape of w0"):
        sweep_learning_rates(
            lambda w: float(np.sum(w**2)),
            bad_grad,
            np.array([1.0, -1.0]),
            lrs=np.array([0.1]),
            max_steps=5,
        )


def test_a_bounded_run_whose_loss_rises_for_a_while_is_not_diverged():
    # From w = -1 at 0.1405 the run bounces irregularly between about 0.9 and
    # 2.6 for good; after 300 steps its last 10 losses happen to rise at every
    # step as it swings out from the minimum, up to -6.33, far below its
    # start (6) and below losses it had already been at. It read "diverged".
    run = descend(quartic, quartic_grad, np.array([-1.0]), lr=0.1405, max_steps=300)
    assert run.stopped_by == "budget" and np.max(np.abs(run.path[-50:])) < 3
    assert np.all(np.diff(run.losses[-11:]) > 0)
    assert run.losses[-1] < run.losses[:-1].max()
    assert classify_run.__wrapped__(run) == "oscillated"
    assert classify_run(run) == "oscillated"
    # a run whose loss keeps rising to its highest yet is still diverging
    (past,) = _parabola([0.51], max_steps=100)
    assert classify_run.__wrapped__(past.run) == "diverged"
