"""The figures of issue #3 show what their titles and alt text say they show."""

import numpy as np
import pytest

from gd_snippets.figures import catalog
from gd_snippets.figures import learning_rate as fig
from gd_snippets.landscapes import quartic_grad
from gd_snippets.sweep import classify_run

STATUS_OF = {  # what each verdict in the four-rates figure must mean
    "too small": "unfinished",
    "about right": "converged",
    "too big": "oscillated",
    "far too big": "diverged",
}


def test_the_curvature_at_the_minimum_is_20_25():
    assert pytest.approx(20.25) == fig.CURVATURE
    assert pytest.approx(0.098765, abs=1e-6) == 2 / fig.CURVATURE


def test_each_of_the_four_rates_ends_as_its_title_says():
    alt = catalog()["learning-rate/four-rates"]
    for lr, verdict in fig.FOUR_RATES.items():
        assert classify_run(fig._run(fig.W_START, lr, 30)) == STATUS_OF[verdict]
        assert f"at {lr} " in alt


def test_the_sweep_turns_from_converged_to_oscillated_at_two_over_l():
    results = fig._sweep()
    converged = [r.lr for r in results if r.status == "converged"]
    oscillated = [r.lr for r in results if r.status == "oscillated"]
    diverged = [r.lr for r in results if r.status == "diverged"]
    assert converged and oscillated and diverged
    assert max(converged) < 2 / fig.CURVATURE < min(oscillated)
    assert max(oscillated) < min(diverged)
    assert all(r.final_loss > 1.99 for r in results if r.status == "unfinished")


def test_the_stable_range_runs_sit_either_side_of_each_bound():
    slow, zigzag, bounce = fig.NEAR_RATES
    assert slow < 1 / fig.CURVATURE < zigzag < 2 / fig.CURVATURE < bounce
    runs = [fig._run(fig.NEAR_START, lr, 40) for lr in fig.NEAR_RATES]
    deviations = [run.path[:, 0] - fig.W_MIN for run in runs]
    assert all(d <= 0 for d in deviations[0]), "below 1 / L'': never overshoots"
    assert abs(deviations[1][-1]) < abs(deviations[1][1]) / 5, "zig-zag shrinks"
    assert abs(deviations[2][-1]) > abs(deviations[2][0]), "swings grow"
    assert classify_run(runs[2]) == "oscillated"


def test_step_length_is_the_rate_times_the_gradient():
    run = fig._run(fig.STEP_START, fig.STEP_LR, 300)
    steps = np.abs(np.diff(run.path[:, 0]))
    assert np.allclose(steps, fig.STEP_LR * np.abs(quartic_grad(run.path[:-1, 0])))
    assert steps[-1] < steps[0] / 1e6 and run.stopped_by == "gradient"
    # the alt text: both grow for the first steps, then shrink steadily (it
    # said only "shrink steadily", while the step at k = 4 is longer than at 0)
    alt = catalog()["learning-rate/step-length"]
    assert "grow for the first steps" in alt and "then shrink steadily" in alt
    peak = int(np.argmax(steps))
    assert peak > 0 and np.all(np.diff(steps[: peak + 1]) > 0)
    assert np.all(np.diff(steps[peak:]) < 0)


def test_decay_settles_the_bouncing_rate_and_warm_up_tames_the_diverging_one():
    statuses = {
        label: classify_run(fig._run(fig.W_START, schedule, fig.RUN_STEPS))
        for label, schedule in fig.scheduled_runs().items()
    }
    assert statuses == {
        f"constant {fig.RUN_LR0}": "oscillated",
        "step decay, halve every 20": "converged",
        "exponential, k = 0.02": "converged",
        "cosine over 100 steps": "converged",
        f"constant {fig.RUN_PEAK}": "diverged",
        f"warm-up 0.05 to {fig.RUN_PEAK}, cosine": "converged",
    }


def test_the_four_loss_curves_end_as_the_alt_text_says():
    alt = catalog()["learning-rate/four-losses"]
    assert "first 40 steps" in alt
    small, right, big, far = (fig._run(fig.W_START, lr, 40) for lr in fig.FOUR_RATES)
    minimum = fig.quartic(fig.W_MIN)
    assert abs(small.losses[-1] - 2) < 0.05 and small.path[-1, 0] < 0, "flat spot"
    assert right.losses[-1] == pytest.approx(minimum)
    assert min(big.losses[-10:]) > minimum and max(big.losses[-10:]) > minimum + 1
    assert far.stopped_by == "diverged" and len(far.losses) <= 5


def test_the_warm_up_drawn_is_the_one_run():
    """The schedules figure and the runs use the same warm-up: a third of the
    peak at t = 0 (a warm-up from 0 would leave the worked example stuck
    behind its flat spot)."""
    warmed = fig.scheduled_runs()[f"warm-up 0.05 to {fig.RUN_PEAK}, cosine"]
    drawn = fig._schedules()["warm-up from 1/3 over 10, cosine"]
    assert warmed(0) == pytest.approx(fig.RUN_PEAK / 3)
    assert drawn[0] == pytest.approx(fig.LR0 / 3)
    assert "third" in catalog()["learning-rate/schedules"]
