"""The figures of issue #5 show what their alt text says they show."""

import numpy as np
import pytest

from gd_snippets.figures import catalog
from gd_snippets.figures import optimizers as fig
from gd_snippets.optimizers import adam_init, adam_step, adamw_init, adamw_step
from gd_snippets.race import BOWL, PROBLEMS, SENSITIVITY_LRS, SETTINGS

ALONG = np.array([np.cos(BOWL["angle"]), np.sin(BOWL["angle"])])  # the floor
ACROSS = np.array([-ALONG[1], ALONG[0]])  # the steep direction
STEPS = fig.IDEA_STEPS


def _first_steps(name: str) -> np.ndarray:
    """The first IDEA_STEPS steps of the bowl's race, relative to the minimum."""
    return fig._race("bowl")[name].path[: STEPS + 1] - BOWL["center"]


def _distance(name: str) -> float:
    return float(np.linalg.norm(_first_steps(name)[-1]))


def test_every_figure_of_the_issue_is_registered_with_its_alt_text():
    names = [n for n in catalog() if n.startswith("optimizers/")]
    ideas = {f"optimizers/idea-{n}" for n in SETTINGS["bowl"]}
    assert ideas | {"optimizers/sensitivity", "optimizers/playground"} == set(names)


def test_plain_sgd_zig_zags_across_and_creeps_along():
    path = _first_steps("sgd")
    across, along = path @ ACROSS, path @ ALONG
    assert np.all(across[1:] * across[:-1] < 0), "it crosses at every step"
    assert np.all(np.diff(np.abs(across)) < 0), "each zig-zag a little smaller"
    assert np.all(np.diff(np.abs(along)) < 0), "it creeps along, never back"


def test_momentum_overshoots_the_minimum_and_leaves_sgd_behind():
    along = _first_steps("momentum") @ ALONG
    assert along[0] < 0 < along.max(), "it passes the minimum along the floor"
    assert _distance("momentum") < _distance("sgd")


def test_nesterov_swings_less_widely_than_momentum():
    nesterov, momentum = _first_steps("nesterov"), _first_steps("momentum")
    assert (nesterov @ ALONG).max() < (momentum @ ALONG).max()
    assert np.abs(nesterov @ ACROSS)[3:].max() < np.abs(momentum @ ACROSS)[3:].max()


@pytest.mark.parametrize(("name", "factor"), [("adagrad", 1), ("adam", 1)])
def test_adaptive_first_step_is_the_same_along_each_axis(name, factor):
    first = np.abs(np.diff(_first_steps(name)[:2], axis=0))[0]
    assert first == pytest.approx([factor * SETTINGS["bowl"][name]["lr"]] * 2)


def test_rmsprop_jumps_ten_rates_first_and_outruns_adagrad():
    first = np.abs(np.diff(_first_steps("rmsprop")[:2], axis=0))[0]
    assert first == pytest.approx([10 * SETTINGS["bowl"]["rmsprop"]["lr"]] * 2)
    adagrad_steps = np.linalg.norm(np.diff(_first_steps("adagrad"), axis=0), axis=1)
    assert adagrad_steps[-1] < adagrad_steps[5] / 2, "AdaGrad's steps shrink"
    assert _distance("rmsprop") < _distance("adagrad")


def test_adam_ends_ahead_of_rmsprop():
    assert _distance("adam") < _distance("rmsprop")


def test_adam_l2_ignores_its_strength_adamw_decays_by_a_fraction():
    strong = fig.decay_alone(adam_step, adam_init, 0.1)
    weak = fig.decay_alone(adam_step, adam_init, 0.001)
    assert np.allclose(strong, weak, atol=1e-4), "one curve (but for eps)"
    assert abs(strong[250]) < 0.01
    for decay in (0.1, 1.0):
        curve = fig.decay_alone(adamw_step, adamw_init, decay)
        assert curve[-1] == pytest.approx((1 - fig.DECAY_LR * decay) ** 300)


def test_the_race_finish_is_as_its_alt_text_says():
    bowl, rosenbrock = fig._race("bowl"), fig._race("rosenbrock")
    bowl_order = sorted(bowl, key=lambda n: bowl[n].losses[-1])
    assert bowl_order[-2:] == ["sgd", "adagrad"]
    assert set(bowl_order[:4]) == {"momentum", "nesterov", "adam", "adamw"}
    assert rosenbrock["sgd"].path[-1, 0] < 0, "SGD is still on the left arm"
    ends = sorted(rosenbrock, key=lambda n: rosenbrock[n].losses[-1])
    assert set(ends[:3]) == {"momentum", "nesterov", "adam"}
    assert all(PROBLEMS[p].view for p in PROBLEMS)


def test_momentum_nesterov_and_adam_are_jagged_the_others_smooth():
    finals = fig.sensitivity_runs()
    for name in ("momentum", "nesterov", "adam"):
        jumps = np.diff(np.log10(finals[name][np.isfinite(finals[name])]))
        assert np.sum(np.diff(np.sign(jumps)) != 0) >= 3, name
    for name in ("adagrad", "rmsprop"):
        jumps = np.diff(np.log10(finals[name]))
        assert np.sum(np.diff(np.sign(jumps)) != 0) == 1, name  # down, then up


def test_the_sensitivity_figure_marks_each_fine_best_at_or_below_its_line():
    finals, best = fig.sensitivity_runs(), fig.best_sensitivity_rates()
    assert set(best) == set(finals)
    for name, (rate, score) in best.items():
        assert score <= finals[name].min()
        assert SENSITIVITY_LRS[0] <= rate <= SENSITIVITY_LRS[-1]
    assert best["sgd"][1] < finals["sgd"].min() / 1.5, "the grid missed SGD's best"


def test_the_sensitivity_figure_shows_cliffs_and_no_cliffs():
    finals = fig.sensitivity_runs()
    for name in ("sgd", "momentum", "nesterov"):
        assert np.isinf(finals[name][-1]) and np.isfinite(finals[name][0])
    for name in ("adagrad", "rmsprop", "adam", "adamw"):
        losses = finals[name]
        assert np.all(np.isfinite(losses)), f"{name} never diverges"
        good = SENSITIVITY_LRS[losses <= 10 * losses.min()]
        assert np.log10(good.max() / good.min()) < 2.5, "but the rate matters"
        # a rate a decade too small costs more than one a decade too large
        best, decade = losses.argmin(), 10  # ten rates a decade
        assert losses[best - decade] > losses[min(best + decade, len(losses) - 1)]
    assert len(finals["sgd"]) == len(SENSITIVITY_LRS)
