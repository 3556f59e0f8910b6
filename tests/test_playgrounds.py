"""The playgrounds' build-time data (gd_snippets.playgrounds) and the hook
that puts a playground on a page (overrides/hooks/playgrounds.py). The
browser tests (tests/test_browser.py) move its controls."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import load_hook
from mkdocs.exceptions import PluginError

from gd_snippets.descent import descend
from gd_snippets.landscapes import quartic_second_derivative
from gd_snippets.playgrounds import DIGITS, GRID, encode, to_grid, to_json
from gd_snippets.playgrounds.learning_rate import (
    BOWL,
    CURVATURES,
    DEFAULT_LR,
    GRAD_TOL,
    LRS,
    MAX_STEPS,
    QUARTIC,
    default_run,
)
from gd_snippets.sweep import classify_run

playgrounds_hook = load_hook("playgrounds")


def decode(text: str) -> list[int]:
    """What the playground script does with an encoded string."""
    return [
        DIGITS.index(text[i]) * len(DIGITS) + DIGITS.index(text[i + 1]) - GRID
        for i in range(0, len(text), 2)
    ]


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(to_json("learning-rate"))


def test_grid_positions_survive_the_encoding():
    positions = [-GRID, -1, 0, 1, 499, GRID, 2 * GRID]
    assert decode(encode(positions)) == positions
    assert len(encode(positions)) == 2 * len(positions)
    with pytest.raises(ValueError, match="positions must be in"):
        encode([2 * GRID + 1])


def test_grid_maps_the_view_and_pulls_far_points_in():
    assert to_grid([0.0, 0.5, 1.0], 0.0, 1.0) == [0, GRID // 2, GRID]
    assert to_grid([1e300, -np.inf, np.nan], 0.0, 1.0) == [2 * GRID, -GRID, 0]
    with pytest.raises(ValueError, match="high must be greater than low"):
        to_grid([1.0], 1.0, 1.0)


def test_rates_are_evenly_spaced_in_log_and_labelled(data):
    ratios = LRS[1:] / LRS[:-1]
    assert np.allclose(ratios, ratios[0]) and ratios[0] > 1
    assert data["lrs"] == [f"{lr:.3g}" for lr in LRS]


def test_every_run_is_the_one_descend_gives(data):
    for problem, spec in zip(data["problems"], (QUARTIC, BOWL), strict=True):
        assert len(problem["runs"]) == len(spec.starts)
        for start, lr in [(0, 0), (spec.default_start, DEFAULT_LR), (-1, -1)]:
            run = descend(
                spec.loss,
                spec.grad,
                spec.starts[start],
                lr=LRS[lr],
                max_steps=MAX_STEPS,
                grad_tol=GRAD_TOL,
            )
            shown = problem["runs"][start][lr]
            assert shown["status"] == classify_run(run)
            assert shown["why"] == run.reason
            assert len(decode(shown["losses"])) == len(run.losses)
            assert decode(shown["losses"]) == spec.loss_axis.grid(run.losses)


def test_rates_beyond_the_stable_range_read_diverged(data):
    """The quartic from -1.5 diverges from 0.137 up (issue #3's threshold); the
    bowl from every start off the flat axis diverges past 2 / 10, and not below."""
    quartic, bowl = data["problems"]
    from_w0 = quartic["runs"][QUARTIC.default_start]
    assert all(
        (run["status"] == "diverged") == (lr >= 0.137)
        for lr, run in zip(LRS, from_w0, strict=True)
    )
    assert LRS[-1] > 2 / quartic_second_derivative(9 / 4)
    bound = 2 / CURVATURES.max()
    for start, row in zip(BOWL.starts, bowl["runs"], strict=True):
        if abs(start[1]) > 1e-9:  # on the flat axis the steep one never moves
            assert all(
                (run["status"] == "diverged") == (lr > bound)
                for lr, run in zip(LRS, row, strict=True)
            )


def test_the_static_figure_shows_the_first_setting(data):
    quartic = data["problems"][0]
    shown = quartic["runs"][quartic["defaultStart"]][data["defaultLr"]]
    swept = default_run()
    assert swept.lr == LRS[DEFAULT_LR] and swept.status == shown["status"]
    assert decode(shown["path"]) == QUARTIC.x.grid(swept.run.path)


def test_the_data_is_the_same_on_every_run():
    assert to_json("learning-rate") == to_json("learning-rate")
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
