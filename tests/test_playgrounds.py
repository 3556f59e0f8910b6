"""The playgrounds' build-time data (gd_snippets.playgrounds) and the hook
that puts a playground on a page (overrides/hooks/playgrounds.py). The
browser tests (tests/test_browser.py) move its controls."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import load_hook
from mkdocs.exceptions import PluginError

from gd_snippets.descent import descend
from gd_snippets.landscapes import quartic_second_derivative
from gd_snippets.playgrounds import DIGITS, GRID, encode, polyline, to_grid, to_json
from gd_snippets.playgrounds.learning_rate import (
    BOWL,
    CURVATURES,
    DEFAULT_LR,
    GRAD_TOL,
    LRS,
    MAX_STEPS,
    QUARTIC,
    STUCK,
    W_MIN,
    default_run,
    sweeps,
)
from gd_snippets.sweep import classify_run

playgrounds_hook = load_hook("playgrounds")
PROBLEMS = (QUARTIC, BOWL)


def decode(text: str) -> list[int]:
    """What the playground script does with an encoded string."""
    return [
        DIGITS.index(text[i]) * len(DIGITS) + DIGITS.index(text[i + 1]) - GRID
        for i in range(0, len(text), 2)
    ]


def pairs(text: str) -> np.ndarray:
    """An encoded polyline as the script draws it: points (x, y)."""
    return np.array(decode(text), dtype=float).reshape(-1, 2)


def visible(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment p -> q inside the view 0..GRID (the script
    clips its drawing to it), or None."""
    low, high = 0.0, 1.0
    for axis in range(2):
        d = q[axis] - p[axis]
        if d == 0:
            if not 0 <= p[axis] <= GRID:
                return None
            continue
        enter, leave = sorted([(0 - p[axis]) / d, (GRID - p[axis]) / d])
        low, high = max(low, enter), min(high, leave)
    if low > high:
        return None
    return p + low * (q - p), p + high * (q - p)


def distance_to(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """From each point to the nearest of the segments of a polyline."""
    points = points.reshape(-1, 1, 2)
    a, b = line[:-1], line[1:]
    if len(line) == 1:
        a, b = line, line
    d = b - a
    length = np.maximum(np.sum(d * d, axis=1), 1e-300)
    t = np.clip(np.sum((points - a) * d, axis=2) / length, 0, 1)
    return np.min(np.linalg.norm(a + t[..., None] * d - points, axis=2), axis=1)


def true_line(problem, run) -> np.ndarray:
    """A run's path on the landscape panel, in grid units, far points kept."""
    x, y = problem.x, problem.y
    if problem.dims == 1:
        return np.stack([x.scale(run.path.ravel()), y.scale(run.losses)], axis=1)
    return np.stack([x.scale(run.path[:, 0]), y.scale(run.path[:, 1])], axis=1)


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(to_json("learning-rate"))


@pytest.fixture(scope="module")
def swept() -> list[list[list]]:
    """Every run of the playground, as SweptRuns: [problem][start][rate]."""
    return [sweeps(problem) for problem in PROBLEMS]


def test_grid_positions_survive_the_encoding():
    positions = [-GRID, -1, 0, 1, 499, GRID, 2 * GRID]
    assert decode(encode(positions)) == positions
    assert len(encode(positions)) == 2 * len(positions)
    with pytest.raises(ValueError, match="positions must be in"):
        encode([2 * GRID + 1])


def test_grid_maps_the_view_and_pulls_far_points_in():
    assert to_grid([0.0, 0.5, 1.0], 0.0, 1.0) == [0, GRID // 2, GRID]
    assert to_grid([1e300, -np.inf, 3.0], 0.0, 1.0) == [2 * GRID, -GRID, 2 * GRID]
    with pytest.raises(ValueError, match="high must be greater than low"):
        to_grid([1.0], 1.0, 1.0)
    with pytest.raises(ValueError, match="must not be nan"):  # was drawn at 0
        to_grid([0.5, np.nan], 0.0, 1.0)


def test_polyline_cuts_far_segments_without_bending_them():
    # A point far off: the segment stops at the box's edge, on its own line,
    # 1500 * 1e-3 above its start (pulling (1e9, 1e6) in to (2000, 2000) would
    # aim it at the corner instead).
    assert polyline([500, 1e9], [500, 1e6]) == [500, 500, 2000, 501]
    # Out and back in: along the box's edge (outside the view) to the re-entry.
    drawn = polyline([500, 500, 500, 600], [500, 1e6, -1e6, 500])
    assert drawn == [500, 500, 500, 2000, 500, -1000, 600, -1000, 600, 500]
    # Around a corner of the box, never through the view.
    line = pairs(encode(polyline([500, 1e9, 500, 500], [500, 500, 1e9, 400])))
    assert line.tolist() == [
        [500, 500],
        [2000, 500],
        [2000, 2000],
        [500, 2000],
        [500, 400],
    ]
    assert polyline([500], [500]) == [500, 500]
    with pytest.raises(ValueError, match="finite"):
        polyline([0, np.inf], [0, 0])


def test_polyline_shows_of_every_segment_exactly_the_segment():
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = rng.integers(2, 6)
        points = rng.uniform(-1, 2, (n, 2)) * GRID * 10.0 ** rng.integers(0, 8, (n, 1))
        drawn = pairs(encode(polyline(points[:, 0], points[:, 1])))
        _same_in_view(drawn, points)


def _same_in_view(drawn: np.ndarray, true: np.ndarray, tolerance=1.5) -> None:
    """What the view (0..GRID, where the script clips) shows of the drawn line
    is what it would show of the true one, to ``tolerance`` grid units (1.5:
    rounding), and the reverse."""
    for line, other in ((true, drawn), (drawn, true)):
        parts = [part for p, q in itertools.pairwise(line) if (part := visible(p, q))]
        if parts:
            ends = np.array(parts)  # (segments, 2 ends, 2 coordinates)
            t = np.linspace(0, 1, 5)[:, None, None]
            points = ends[:, 0] + t * (ends[:, 1] - ends[:, 0])
            assert np.max(distance_to(points, other)) <= tolerance, (line, other)


def test_every_drawn_line_shows_the_run_it_stands_for(data, swept):
    """The path exactly: far points of diverged runs used to be pulled in one
    by one, which drew lines across the view 700 grid units off the run's
    own. The loss at each step to half a step: a loss far above the view is
    pulled down to just outside it (2 * GRID), which tilts the line up to it
    by at most (GRID - y) / (2 * GRID - y) <= 1/2 of a step."""
    half_a_step = GRID / MAX_STEPS / 2
    steps = np.array(data["stepPositions"])
    assert steps.tolist() == [round(k * GRID / MAX_STEPS) for k in range(MAX_STEPS + 1)]
    for problem, spec, runs in zip(data["problems"], PROBLEMS, swept, strict=True):
        for row, swept_row in zip(problem["runs"], runs, strict=True):
            for shown, run in zip(row, swept_row, strict=True):
                _same_in_view(pairs(shown["path"]), true_line(spec, run.run))
                drawn = decode(shown["losses"])
                assert drawn == spec.loss_axis.grid(run.run.losses)
                true = np.stack(
                    [steps[: len(drawn)], spec.loss_axis.scale(run.run.losses)], 1
                )
                drawn = np.stack([steps[: len(drawn)], drawn], 1).astype(float)
                _same_in_view(drawn, true, tolerance=half_a_step)


def test_rates_are_the_labels_evenly_spaced_in_log(data):
    assert [float(label) for label in data["lrs"]] == LRS.tolist()
    ratios = LRS[1:] / LRS[:-1]
    assert np.allclose(ratios, 10 ** (1 / 8), rtol=0.01)
    assert LRS[0] == 0.001 and LRS[DEFAULT_LR] == 0.0562


def test_every_run_is_the_one_descend_gives(data):
    for problem, spec in zip(data["problems"], PROBLEMS, strict=True):
        assert len(problem["runs"]) == len(spec.starts)
        for start, row in enumerate(problem["runs"]):
            assert len(row) == len(LRS)
            for lr, shown in zip(LRS, row, strict=True):
                run = descend(
                    spec.loss,
                    spec.grad,
                    spec.starts[start],
                    lr=lr,
                    max_steps=MAX_STEPS,
                    grad_tol=GRAD_TOL,
                )
                assert shown["status"] == classify_run(run)
                assert shown["why"] == run.reason.replace("-", "−")
                assert len(decode(shown["losses"])) == len(run.losses)
                if run.stopped_by != "diverged":
                    w = np.round(np.atleast_1d(run.path[-1]), 4) + 0.0
                    assert f"{w[-1]:.4g}".replace("-", "−") in shown["end"]


def test_readouts_use_true_minus_signs(data):
    texts = [*data["lrs"], *(text for _, text in data["stepAxis"]["ticks"])]
    for problem in data["problems"]:
        texts += [problem["label"], problem["bound"], *problem["starts"]]
        texts += [t for axis in problem["axes"] for _, t in axis["ticks"]]
        texts += [r[k] for row in problem["runs"] for r in row for k in ("end", "why")]
    assert not [t for t in texts if re.search(r"-[\d.]", t)]
    assert any("−" in t for t in texts)


def test_a_converged_run_off_the_minimum_says_what_it_found(data, swept):
    """The gradient test stops on the quartic's flat spot at w = 0 as gladly
    as at the minimum: the readout must not leave "converged" unexplained."""
    quartic, runs = data["problems"][0], swept[0]
    flat = 0
    for row, swept_row in zip(quartic["runs"], runs, strict=True):
        for shown, run in zip(row, swept_row, strict=True):
            if run.status != "converged":
                assert "minimum" not in shown["end"]
                continue
            at_min = abs(float(run.run.path[-1]) - W_MIN) < 1e-3
            assert ("a flat spot, not a minimum" in shown["end"]) == (not at_min)
            flat += not at_min
    assert flat > 0, "the data no longer has such a run: update the page's prose"


@pytest.mark.slow  # 5000 more steps for each stuck run: 13 s
def test_a_run_stuck_behind_the_flat_spot_says_so(data, swept):
    """Below lr = 1.5 / 33.75 a run from w0 = -1.5 never gets past w = 0: the
    readout says "stuck" (not only "unfinished"), and only where that holds:
    many more steps at the same rate keep w between its last point and 0."""
    quartic, runs = data["problems"][0], swept[0]
    stuck = 0
    for row, swept_row in zip(quartic["runs"], runs, strict=True):
        for shown, run in zip(row, swept_row, strict=True):
            w = float(np.ravel(run.run.path[-1])[0])
            if STUCK not in shown["end"]:
                continue
            stuck += 1
            assert run.status != "diverged" and w < 0
            later = descend(
                QUARTIC.loss, QUARTIC.grad, np.array([w]), lr=run.lr, max_steps=5000
            ).path[:, 0]
            assert np.all((later >= w) & (later < 0)), (run.lr, w)
    start = [float(w) for w in QUARTIC.starts].index(-1.5)
    row = quartic["runs"][start]
    for lr, shown in zip(LRS, row, strict=True):  # the threshold from w0 = -1.5
        if lr < 1.5 / 33.75:
            assert STUCK in shown["end"], lr
    assert stuck > 0
    assert not any(
        STUCK in shown["end"] for row in data["problems"][1]["runs"] for shown in row
    )


def test_steep_starts_blow_up_just_past_two_over_l(swept):
    """The page: from w0 = -2 or 3.5 the first rate past 2/L'' diverges,
    where from -1.5 it bounces."""
    bound = 2 / quartic_second_derivative(W_MIN)
    first_past = int(np.argmax(bound < LRS))
    starts = [float(w) for w in QUARTIC.starts]
    rows = zip(starts, swept[0], strict=True)
    status = {w: row[first_past].status for w, row in rows}
    assert status[-2.0] == status[3.5] == "diverged"
    assert status[-1.5] == "oscillated"


def test_the_stable_range_text_holds_in_the_data(swept):
    """The quartic: past 2/L'' no run settles at the minimum. The bowl: each
    step multiplies the distance along an axis of curvature a by 1 - lr a;
    off the flat axis a run diverges exactly past 2/10; on it (w2 exactly 0)
    never."""
    bound = 2 / quartic_second_derivative(W_MIN)
    assert LRS[-1] > bound > LRS[0]
    for row in swept[0]:
        for run in row:
            if run.lr > bound:
                assert not (
                    run.status == "converged"
                    and abs(float(run.run.path[-1]) - W_MIN) < 0.01
                )
    steep = 2 / CURVATURES.max()
    for start, row in zip(BOWL.starts, swept[1], strict=True):
        for run in row:
            expected = start * (1 - run.lr * CURVATURES) ** np.arange(4)[:, None]
            assert np.allclose(run.run.path[:4], expected[: len(run.run.path[:4])])
            if start[1] != 0:
                assert (run.status == "diverged") == (run.lr > steep)
            else:
                assert run.status != "diverged" and run.run.path[-1][1] == 0
    assert any(start[1] == 0 for start in BOWL.starts), "a start on the flat axis"


def test_the_default_settings_show_what_the_browser_tests_expect(data):
    for problem in data["problems"]:
        row = problem["runs"][problem["defaultStart"]]
        assert row[0]["status"] != "diverged" and row[-1]["status"] == "diverged"


def test_the_static_figure_shows_the_first_setting(data):
    quartic = data["problems"][0]
    shown = quartic["runs"][quartic["defaultStart"]][data["defaultLr"]]
    swept = default_run()
    assert swept.lr == LRS[DEFAULT_LR] and swept.status == shown["status"]
    line = true_line(QUARTIC, swept.run)
    assert decode(shown["path"]) == polyline(line[:, 0], line[:, 1])


def test_the_data_is_the_same_in_another_process():
    """What the build computes (in a process of its own, another hash seed)
    is what to_json gives here."""
    code = (
        "from gd_snippets.playgrounds import to_json; print(to_json('learning-rate'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONHASHSEED": "12345", "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    )
    assert done.stdout.rstrip("\n") == to_json("learning-rate")
    with pytest.raises(ValueError, match="name must be a registered playground"):
        to_json("learning-rates")


def test_the_hook_links_data_and_script_from_any_page(monkeypatch, data):
    monkeypatch.setitem(playgrounds_hook._data, "learning-rate", data)
    html = playgrounds_hook.playground_html(
        "learning-rate", "<figure/>", "issues/learning-rate/"
    )
    assert 'data-src="../../playgrounds/learning-rate.json"' in html
    assert 'src="../../assets/javascripts/learning-rate.js"' in html
    assert f'max="{len(LRS) - 1}"' in html and f'value="{DEFAULT_LR}"' in html
    assert html.count("<tr><td>") == sum(len(p["runs"][0]) for p in data["problems"])
    for problem in data["problems"]:  # the table follows the default start
        start = problem["starts"][problem["defaultStart"]]
        assert html.count(f"<td>{problem['key']}, {start}</td>") == len(LRS)
    top = playgrounds_hook.playground_html("learning-rate", "", "")
    assert 'data-src="playgrounds/learning-rate.json"' in top


def test_an_unknown_playground_fails_at_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(playgrounds_hook, "_data", {"learning-rate": {}})
    path = tmp_path / "page.md"
    path.write_text("# A page\n\n![[playground/learning-rates]]\n")
    file = SimpleNamespace(abs_src_path=str(path), src_uri="page.md")
    with pytest.raises(PluginError) as error:
        playgrounds_hook.on_page_markdown(
            path.read_text(), SimpleNamespace(file=file), {}, None
        )
    assert str(error.value).startswith(
        f"{path}:3: no playground named 'learning-rates'"
    )
    assert "did you mean learning-rate?" in str(error.value)
