"""Issue #5's optimizer race (gd_snippets/race.py), its animation's data
(gd_snippets/playgrounds/optimizers.py) and how the hook puts it on the page."""

import json
from functools import partial

import numpy as np
import pytest
from conftest import load_hook

from gd_snippets.descent import Descent
from gd_snippets.landscapes import tilted_bowl, tilted_bowl_grad
from gd_snippets.optimizers import OPTIMIZERS, optimize
from gd_snippets.playgrounds import DIGITS, GRID, to_json
from gd_snippets.playgrounds.optimizers import FRAMES
from gd_snippets.race import (
    BOWL,
    NAMES,
    PROBLEMS,
    SENSITIVITY_LAST,
    SENSITIVITY_LRS,
    SENSITIVITY_STEPS,
    SETTINGS,
    STEPS,
    best_rates,
    race,
    sensitivity,
)

playgrounds_hook = load_hook("playgrounds")


def decode(text: str) -> list[int]:
    """What the animation's script does with an encoded string."""
    return [
        DIGITS.index(text[i]) * len(DIGITS) + DIGITS.index(text[i + 1]) - GRID
        for i in range(0, len(text), 2)
    ]


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(to_json("optimizers"))


def test_every_optimizer_races_on_every_problem_from_its_start():
    assert set(NAMES) == set(OPTIMIZERS)
    for problem in PROBLEMS:
        runs = race(problem)
        assert list(runs) == list(OPTIMIZERS) == list(SETTINGS[problem])
        for run in runs.values():
            assert isinstance(run, Descent) and run.stopped_by == "budget"
            assert len(run.losses) == STEPS[problem] + 1
            assert np.array_equal(run.path[0], PROBLEMS[problem].start)
            assert run.losses[-1] < run.losses[0]


def test_the_minimum_of_each_problem_is_where_its_loss_is_zero():
    for problem in PROBLEMS.values():
        assert problem.loss(problem.minimum) == 0
        assert np.all(problem.grad(problem.minimum) == 0)


@pytest.fixture(scope="module")
def scores() -> dict:
    return sensitivity("bowl", lrs=SENSITIVITY_LRS, steps=SENSITIVITY_STEPS)


@pytest.fixture(scope="module")
def best(scores) -> dict:
    return best_rates(
        "bowl", lrs=SENSITIVITY_LRS, steps=SENSITIVITY_STEPS, scores=scores
    )


def test_race_rates_on_the_bowl_are_close_to_each_ones_best(best):
    """The page says so: within a factor of 10 of the fine sweep's best score."""
    runs = race("bowl", steps=SENSITIVITY_STEPS)
    for name, run in runs.items():
        score = run.losses[-SENSITIVITY_LAST:].max()
        assert score <= 10 * best[name][1], name


def test_the_fine_sweep_finds_sgds_best_near_the_theorys(scores, best):
    # the best fixed rate on a quadratic is about 2 / (L + mu) = 2 / 51
    rate, score = best["sgd"]
    assert rate == pytest.approx(2 / 51, rel=0.02)
    assert score < scores["sgd"].min()
    for name, (rate, score) in best.items():
        assert score <= scores[name].min(), name  # refining never loses
        assert SENSITIVITY_LRS[0] <= rate <= SENSITIVITY_LRS[-1]


def test_a_swinging_run_is_scored_by_its_last_steps_not_its_last_step():
    finals = sensitivity("bowl", lrs=np.array([0.01, 0.0105]), steps=100)
    runs = race("bowl", steps=100, settings={"momentum": {"lr": 0.01, "momentum": 0.9}})
    assert finals["momentum"][0] == runs["momentum"].losses[-10:].max()
    assert finals["momentum"][0] > runs["momentum"].losses[-1]


def test_a_race_of_your_own_settings_and_steps():
    runs = race("rosenbrock", steps=3, settings={"adam": {"lr": 0.1}})
    assert list(runs) == ["adam"] and len(runs["adam"].losses) == 4
    # Adam's first step is lr times the sign of the gradient
    step = runs["adam"].path[1] - runs["adam"].path[0]
    gradient = PROBLEMS["rosenbrock"].grad(PROBLEMS["rosenbrock"].start)
    assert np.allclose(step, -0.1 * np.sign(gradient))


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_the_sweep_scores_each_rate_as_the_rates_run_alone_would(problem):
    """sensitivity runs its rates side by side: each row must be that run."""
    lrs = np.geomspace(1e-5, 100.0, 36)  # from barely moving to blowing up
    for start in (PROBLEMS[problem].start, np.array([2.0, -1.5])):
        swept = sensitivity(problem, lrs=lrs, steps=60, start=start)
        for name, hyper in SETTINGS[problem].items():
            init, step = OPTIMIZERS[name]
            alone = []
            for lr in lrs:
                run = optimize(
                    PROBLEMS[problem].loss,
                    PROBLEMS[problem].grad,
                    start,
                    init=init,
                    step=step,
                    steps=60,
                    **hyper | {"lr": lr},
                )
                diverged = run.stopped_by == "diverged"
                alone.append(np.inf if diverged else run.losses[-10:].max())
            assert np.array_equal(np.isinf(swept[name]), np.isinf(alone)), name
            assert np.allclose(swept[name], alone, rtol=1e-12), name
    assert np.isinf(swept["sgd"]).any() and np.isfinite(swept["sgd"]).any()


def test_the_sweep_takes_a_problem_and_settings_of_your_own():
    lrs = np.geomspace(0.01, 0.1, 5)
    named = sensitivity("bowl", lrs=lrs, steps=50)
    mine = sensitivity(PROBLEMS["bowl"], lrs=lrs, steps=50, settings={"sgd": {}})
    assert list(mine) == ["sgd"] and np.array_equal(mine["sgd"], named["sgd"])
    level = BOWL | {"angle": 0.0}
    turned = PROBLEMS["bowl"]._replace(
        loss=partial(tilted_bowl, **level), grad=partial(tilted_bowl_grad, **level)
    )
    at_zero = sensitivity(turned, lrs=lrs, steps=50, settings={"sgd": {}})
    assert not np.allclose(at_zero["sgd"], named["sgd"])
    best = best_rates(turned, lrs=lrs, steps=50, settings={"adam": {}})
    assert list(best) == ["adam"] and lrs[0] <= best["adam"][0] <= lrs[-1]


def test_sensitivity_reports_a_diverged_run_as_inf():
    finals = sensitivity("bowl", lrs=np.array([0.01, 1.0]), steps=50)
    assert np.isinf(finals["sgd"][1]) and np.isfinite(finals["sgd"][0])
    assert all(len(losses) == 2 for losses in finals.values())


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: race("saddle"), ValueError, "problem must be one of"),
        (lambda: race("bowl", steps=-1), ValueError, "steps must be at least 0"),
        (
            lambda: race("bowl", settings={"lion": {"lr": 0.1}}),
            ValueError,
            "settings must name optimizers",
        ),
        (
            lambda: race("bowl", settings={"adam": {"lr": -1.0}}),
            ValueError,
            "lr must be greater than 0",
        ),
        (
            lambda: sensitivity("bowl", lrs=np.array([0.1, 0.0]), steps=5),
            ValueError,
            "lrs must all be greater than 0",
        ),
        (
            lambda: sensitivity(PROBLEMS["bowl"], lrs=np.array([0.1]), steps=5),
            ValueError,
            "settings must be given for a problem of your own",
        ),
        (
            lambda: best_rates(
                "bowl",
                lrs=np.array([0.1, 0.2]),
                steps=5,
                settings={"momentum": {"momentum": -0.5}},
            ),
            ValueError,
            "momentum must be in",
        ),
    ],
)
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_animation_draws_the_race_runs(data):
    assert data["kind"] == "race" and data["frames"] == FRAMES
    assert data["optimizers"] == list(NAMES.values())
    for problem, key in zip(data["problems"], PROBLEMS, strict=True):
        runs = race(key)
        (x0, x1), (y0, y1) = PROBLEMS[key].view
        assert problem["steps"] == STEPS[key]
        for drawn, run in zip(problem["runs"], runs.values(), strict=True):
            points = np.array(decode(drawn["path"])).reshape(-1, 2)
            assert len(points) == len(run.path), "a point for every step"
            inside = np.all((run.path >= [x0, y0]) & (run.path <= [x1, y1]), axis=1)
            expected = (run.path - [x0, y0]) / [x1 - x0, y1 - y0] * GRID
            assert np.allclose(points[inside], expected[inside], atol=0.5)
            assert len(decode(drawn["losses"])) == FRAMES + 1, "a loss a frame"
            assert drawn["final"] == f"{run.losses[-1]:.2g}".replace("-", "−")
        assert problem["backdrop"], "contour lines to draw the runs over"
        labels = [text for axis in problem["axes"] for _, text in axis["ticks"]]
        assert "0" in labels and "−0" not in labels and "-0" not in labels


def test_the_animation_data_is_small_and_the_same_every_time():
    text = to_json("optimizers")
    assert text == to_json("optimizers")
    assert len(text.encode()) < 40_000  # the page's first load includes it


def test_the_hook_gives_the_race_its_controls_legend_and_table(data):
    playgrounds_hook._data["optimizers"] = data
    html = playgrounds_hook.playground_html(
        "optimizers", '<figure class="gd-figure">still</figure>', "issues/optimizers/"
    )
    assert html.startswith('<div class="gd-playground gd-playground--race"')
    assert '<button type="button" name="play">Play</button>' in html
    assert 'name="step"' in html and f'max="{FRAMES}"' in html
    assert 'data-src="../../playgrounds/optimizers.json"' in html
    assert "../../assets/javascripts/optimizers.js" in html
    for i, name in enumerate(NAMES.values()):
        assert f'<li class="gd-race--{i}">{name}</li>' in html
    table = html[html.index("<noscript>") :]
    assert table.count("<tr>") == 1 + 7 * len(PROBLEMS)
    assert data["problems"][0]["runs"][0]["final"] in table
    assert "still" in html, "the figure stays, for print and without JavaScript"


def test_the_script_honours_reduced_motion_before_and_during_the_race():
    from pathlib import Path

    script = (
        Path(__file__).parents[1] / "overrides/assets/javascripts/optimizers.js"
    ).read_text()
    assert 'matchMedia("(prefers-reduced-motion: reduce)")' in script
    assert "if (still.matches) draw(data.frames, true)" in script  # the finish
    # a reader who asks for reduced motion while it plays gets it stopped
    listener = 'still.addEventListener("change", () => { if (still.matches && timer)'
    assert listener + " pause() })" in script


def test_momentum_ends_worse_than_its_start_just_past_its_stability_bound(scores):
    """The page: the cliff of momentum 0.9 is the first rate past 2 (1 + mu) / L."""
    bowl = PROBLEMS["bowl"]
    start = bowl.loss(bowl.start)
    momentum = SETTINGS["bowl"]["momentum"]["momentum"]
    bound = 2 * (1 + momentum) / BOWL["curvatures"].max()
    worse = SENSITIVITY_LRS[~(scores["momentum"] < start)]
    assert bound < worse.min() == SENSITIVITY_LRS[bound < SENSITIVITY_LRS][0]
    for name in ("adagrad", "rmsprop", "adam", "adamw"):
        assert np.all(scores[name] < start), f"{name} never ends worse here"


def test_adam_beats_sgds_best_over_one_band_about_a_decade_wide(scores, best):
    """The page's Correction: 'only over about a decade of rates'."""
    beats = np.flatnonzero(scores["adam"] < best["sgd"][1])
    assert beats.size and np.all(np.diff(beats) == 1), "one band, no gaps"
    width = np.log10(SENSITIVITY_LRS[beats[-1]] / SENSITIVITY_LRS[beats[0]])
    assert 0.8 <= width <= 1.2


def test_adagrad_leaves_the_top_of_rosenbrocks_map_for_its_first_step_only():
    path = race("rosenbrock")["adagrad"].path
    top = PROBLEMS["rosenbrock"].view[1][1]
    assert path[1, 1] > top and np.all(path[2:, 1] <= top)


def test_the_sweep_can_start_elsewhere():
    lrs = np.array([0.01, 0.1])
    here = sensitivity("bowl", lrs=lrs, steps=20)
    same = sensitivity("bowl", lrs=lrs, steps=20, start=PROBLEMS["bowl"].start)
    assert all(np.array_equal(here[name], same[name]) for name in here)
    # from the minimum, only AdamW's weight decay moves: every other score is 0
    still = best_rates("bowl", lrs=lrs, steps=20, start=[1, 1])
    assert [name for name, (_, score) in still.items() if score > 0] == ["adamw"]
    with pytest.raises(ValueError, match=r"start must have shape \(2,\), got \(3,\)"):
        sensitivity("bowl", lrs=lrs, steps=20, start=[0.0, 1.0, 2.0])
