"""Learning-rate schedules: values at known steps, warm-up, bad input."""

import functools
import math

import numpy as np
import pytest

from gd_snippets.schedules import (
    constant,
    cosine_decay,
    exponential_decay,
    inverse_time_decay,
    step_decay,
    warmup,
)


def test_constant_is_the_same_at_every_step():
    assert [constant(t, lr=0.05) for t in (0, 1, 1000)] == [0.05, 0.05, 0.05]


def test_step_decay_halves_every_ten_steps():
    values = [step_decay(t, lr0=0.8, every=10, factor=0.5) for t in (0, 9, 10, 19, 20)]
    assert values == [0.8, 0.8, 0.4, 0.4, 0.2]


def test_step_decay_default_factor_is_pytorchs_tenth():
    assert step_decay(30, lr0=1.0, every=10) == pytest.approx(1e-3)


def test_exponential_decay_at_known_points():
    assert exponential_decay(0, lr0=0.1, k=0.5) == 0.1
    assert exponential_decay(2, lr0=0.1, k=0.5) == pytest.approx(0.1 / math.e)
    # the half-life is ln(2) / k steps
    assert exponential_decay(7, lr0=0.1, k=math.log(2) / 7) == pytest.approx(0.05)
    assert exponential_decay(100, lr0=0.1, k=0.0) == 0.1


def test_inverse_time_decay_at_known_points():
    values = [inverse_time_decay(t, lr0=0.6, k=0.5) for t in (0, 2, 4, 10)]
    assert values == pytest.approx([0.6, 0.3, 0.2, 0.1])


def test_inverse_time_decays_more_slowly_than_exponential_in_the_end():
    slow = inverse_time_decay(100, lr0=1.0, k=0.1)
    fast = exponential_decay(100, lr0=1.0, k=0.1)
    assert slow == pytest.approx(1 / 11) and fast < slow / 1000


def test_cosine_decay_at_start_middle_end_and_after():
    lr = functools.partial(cosine_decay, lr0=0.1, total_steps=100, lr_min=0.02)
    assert lr(0) == 0.1
    assert lr(50) == pytest.approx(0.06)  # half way: the middle of the range
    assert lr(25) == pytest.approx(0.02 + 0.08 * (1 + math.sqrt(0.5)) / 2)
    assert lr(100) == pytest.approx(0.02)
    assert lr(1000) == lr(100)


def test_cosine_decay_only_goes_down():
    values = [cosine_decay(t, lr0=1.0, total_steps=40) for t in range(60)]
    assert np.all(np.diff(values) <= 0) and values[-1] == 0.0


def test_warmup_ramps_linearly_then_hands_over_to_the_decay():
    decay = functools.partial(step_decay, lr0=0.3, every=5, factor=0.5)
    lr = functools.partial(warmup, decay=decay, warmup_steps=3)
    assert [lr(t) for t in range(3)] == pytest.approx([0.1, 0.3 * 5 / 9, 0.3 * 7 / 9])
    # after the ramp the decay starts from its own step 0
    assert [lr(t) for t in (3, 7, 8, 13)] == pytest.approx([0.3, 0.3, 0.15, 0.075])


def test_warmup_from_zero_before_cosine():
    decay = functools.partial(cosine_decay, lr0=0.1, total_steps=10)
    lr = functools.partial(warmup, decay=decay, warmup_steps=4, start_factor=0.0)
    assert [lr(t) for t in range(5)] == pytest.approx([0, 0.025, 0.05, 0.075, 0.1])
    assert lr(4 + 5) == pytest.approx(0.05) and lr(4 + 10) == pytest.approx(0.0)


def test_zero_warmup_steps_is_the_decay_itself():
    decay = functools.partial(exponential_decay, lr0=0.1, k=0.2)
    assert [warmup(t, decay=decay, warmup_steps=0) for t in range(5)] == [
        decay(t) for t in range(5)
    ]


@pytest.mark.parametrize(
    ("schedule", "kwargs", "error", "message"),
    [
        (constant, {"t": -1, "lr": 0.1}, ValueError, "t must be at least 0"),
        (constant, {"t": 1.5, "lr": 0.1}, TypeError, "t must be an int"),
        (constant, {"t": True, "lr": 0.1}, TypeError, "t must be an int"),
        (constant, {"t": 0, "lr": 0.0}, ValueError, "lr must be greater than 0"),
        (constant, {"t": 0, "lr": math.inf}, ValueError, "lr must be finite"),
        (
            step_decay,
            {"t": 0, "lr0": 0.1, "every": 0},
            ValueError,
            "every must be at least 1",
        ),
        (
            step_decay,
            {"t": 0, "lr0": 0.1, "every": 5, "factor": 2.0},
            ValueError,
            r"factor must be in \(0, 1\], got 2",
        ),
        (
            step_decay,
            {"t": 0, "lr0": 0.1, "every": 5, "factor": 0.0},
            ValueError,
            "factor must be greater than 0",
        ),
        (
            exponential_decay,
            {"t": 0, "lr0": -0.1, "k": 0.1},
            ValueError,
            "lr0 must be greater than 0",
        ),
        (
            exponential_decay,
            {"t": 0, "lr0": 0.1, "k": -0.1},
            ValueError,
            "k must be 0 or more",
        ),
        (
            inverse_time_decay,
            {"t": 0, "lr0": 0.1, "k": "fast"},
            TypeError,
            "k must be a real number",
        ),
        (
            cosine_decay,
            {"t": 0, "lr0": 0.1, "total_steps": 0},
            ValueError,
            "total_steps must be at least 1",
        ),
        (
            cosine_decay,
            {"t": 0, "lr0": 0.1, "total_steps": 10, "lr_min": 0.2},
            ValueError,
            r"lr_min must be at most lr0 \(0.1\), got 0.2",
        ),
        (
            warmup,
            {"t": 0, "decay": 0.1, "warmup_steps": 5},
            TypeError,
            "decay must be callable",
        ),
        (
            warmup,
            {"t": 0, "decay": math.exp, "warmup_steps": -1},
            ValueError,
            "warmup_steps must be at least 0",
        ),
        (
            warmup,
            {"t": 0, "decay": math.exp, "warmup_steps": 5, "start_factor": 1.5},
            ValueError,
            r"start_factor must be in \[0, 1\], got 1.5",
        ),
    ],
)
def test_bad_input_gets_an_error_naming_the_argument(schedule, kwargs, error, message):
    with pytest.raises(error, match=message):
        schedule(**kwargs)


def test_hyperparameters_are_keyword_only():
    with pytest.raises(TypeError):
        step_decay(0, 0.1, 5)


# A schedule drives a run: descend takes one as its lr.


def _parabola_run(lr, steps=40):
    from gd_snippets.descent import descend

    return descend(
        lambda w: float(np.sum(2 * w**2)),
        lambda w: 4 * w,  # curvature 4: stable for lr < 0.5
        np.array([1.0]),
        lr=lr,
        max_steps=steps,
    )


def test_a_constant_schedule_is_the_same_run_as_a_fixed_rate():
    scheduled = _parabola_run(functools.partial(constant, lr=0.3))
    assert np.array_equal(scheduled.path, _parabola_run(0.3).path)


def test_each_step_uses_the_rate_of_its_own_step_number():
    run = _parabola_run(functools.partial(step_decay, lr0=0.4, every=2, factor=0.5))
    # w <- (1 - 4 * lr(t)) * w with lr(t) = 0.4, 0.4, 0.2, 0.2, 0.1, ...
    factors = run.path[1:7, 0] / run.path[:6, 0]
    assert factors == pytest.approx([-0.6, -0.6, 0.2, 0.2, 0.6, 0.6])


def test_a_decaying_rate_settles_a_run_that_a_fixed_one_cannot():
    fixed = _parabola_run(0.5, steps=200)  # exactly 2 / curvature: w -> -w forever
    decayed = _parabola_run(
        functools.partial(exponential_decay, lr0=0.5, k=0.05), steps=200
    )
    assert abs(fixed.path[-1, 0]) == 1.0
    assert abs(decayed.path[-1, 0]) < 1e-12


def test_a_diverged_scheduled_run_names_the_rate_of_that_step():
    run = _parabola_run(functools.partial(warmup, decay=lambda t: 2.0, warmup_steps=2))
    assert run.stopped_by == "diverged"
    assert "lr=2 is too large" in run.reason


def test_a_bad_rate_is_still_refused():
    with pytest.raises(ValueError, match="lr must be greater than 0"):
        _parabola_run(-0.1)
    with pytest.raises(TypeError, match="lr must be a real number"):
        _parabola_run("0.1")


@pytest.mark.parametrize("rate", [-0.01, math.nan, math.inf])
def test_a_schedule_giving_a_bad_rate_is_an_error_not_a_divergence(rate):
    # a negative rate walks uphill and nan or inf blow w up: descend would call
    # either "diverged ... lr is too large", blaming the size of a bad value
    with pytest.raises(ValueError, match="lr must be finite and at least 0"):
        _parabola_run(lambda t: 0.1 if t < 3 else rate)


def test_a_schedule_may_give_zero():
    run = _parabola_run(
        functools.partial(
            warmup, decay=lambda t: 0.1, warmup_steps=2, start_factor=0.0
        ),
        steps=3,
    )
    assert run.path[1, 0] == run.path[0, 0] == 1.0 and run.path[2, 0] < 1.0
