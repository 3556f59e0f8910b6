"""The figures of issue #7 show what their captions and alt text say, the
page runs the same experiments, and the timed figure keeps its size whatever
it measured."""

import re
from pathlib import Path

import numpy as np
import pytest

from gd_snippets.figures import backpropagation as fig
from gd_snippets.figures import catalog, render_svg
from gd_snippets.networks import mlp_forward, mlp_init

POST = Path(__file__).resolve().parents[1] / "docs/issues/posts/007-backpropagation.md"
NOTEBOOK = Path(__file__).resolve().parents[1] / "docs/notebooks/backpropagation.py"


def test_the_page_and_the_notebook_run_the_experiments_of_the_figures():
    page, notebook = POST.read_text(), NOTEBOOK.read_text()
    data = f"make_moons({fig.N_POINTS}, noise={fig.NOISE}, seed={fig.DATA_SEED})"
    split = "val_fraction=0.2, test_fraction=0.2, seed=0"
    assert fig.FRACTIONS == {"val_fraction": 0.2, "test_fraction": 0.2}
    assert data in page and split in page and split in notebook
    assert f"mlp_init({fig.SIZES}, seed={fig.INIT_SEED})" in page
    training = (
        f"step=partial(adam_step, lr={fig.LR}), epochs={fig.EPOCHS},\n"
        f"          batch_size={fig.BATCH_SIZE}, seed={fig.TRAIN_SEED}, "
        f"patience={fig.PATIENCE}"
    )
    assert training in page
    assert "deep = [2] + [32] * 6 + [2]" in page
    assert fig.DEEP_SIZES == [2] + [32] * 6 + [2]
    for knob in ("HIDDEN_WIDTH = 16", "DEPTH = 1", f"LEARNING_RATE = {fig.LR}"):
        assert knob in notebook, "the notebook starts from the page's settings"


def test_a_line_leaves_both_moons_tips_on_the_wrong_side_and_the_network_does_not():
    line, network = fig.line_run(), fig.network_run()
    X, labels = fig.moons().train
    wrong = (fig.with_ones(X) @ line.params > 0) != (labels == 1)
    assert set(labels[wrong]) == {0, 1}, "points of both moons on the wrong side"
    best = network.best_epoch
    assert network.train_accuracy[best] > line.train_accuracy[-1] + 0.05
    assert network.val_accuracy[best] > line.val_accuracy[-1] + 0.05
    assert "120 training points" in catalog()["backpropagation/line-vs-network"]
    assert len(labels) == 120


def test_the_graph_shows_the_shapes_the_forward_pass_makes():
    svg = render_svg("backpropagation/graph").decode()
    X, _ = fig.moons().train
    params = mlp_init(fig.SIZES, seed=fig.INIT_SEED)
    (W1, b1), (W2, b2) = params
    hidden = np.tanh(X @ W1 + b1)
    for array in (X, hidden, mlp_forward(params, X)):
        assert f"shape {array.shape}" in svg
    for array in (W1, b1, W2, b2):
        assert str(array.shape) in svg


def _size(svg: bytes) -> tuple[str, str]:
    head = svg[:2000].decode()
    return tuple(
        re.search(rf'{k}="([\d.]+)pt"', head).group(1) for k in ("width", "height")
    )


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3, 1e12])
def test_the_timed_figure_has_the_same_size_whatever_it_measured(monkeypatch, scale):
    """Its width and height go into the page's HTML, which must not change."""
    name = "backpropagation/cost"
    rows = ((22, 2e-4, 5e-3), (82, 2e-4, 2e-2), (322, 2e-4, 7e-2), (642, 3e-4, 0.2))
    monkeypatch.setattr(fig, "timings", lambda: rows)
    reference = _size(render_svg(name))
    scaled = tuple((n, b * scale, t * scale**2) for n, b, t in rows)
    monkeypatch.setattr(fig, "timings", lambda: scaled)
    svg = render_svg(name)
    assert _size(svg) == reference
    for _, backprop, numeric in scaled:
        assert f"{numeric / backprop:,.0f}\u00d7".encode() in svg, "ratio written"


def test_the_timing_is_measured_once_per_process_on_the_widths_named():
    assert fig.timings() is fig.timings()
    counts = [count for count, _, _ in fig.timings()]
    assert counts == [5 * width + 2 for width in fig.TIMED_WIDTHS]  # 2-w-2
    alt = catalog()["backpropagation/cost"]
    assert all(f"{width}" in alt for width in fig.TIMED_WIDTHS)
    _, backprop, numeric = fig.timings()[-1]
    assert numeric > 10 * backprop, "hundreds of forward passes against two"


def test_the_network_learns_as_the_snapshots_say():
    line, best = fig.line_run(), fig.network_run()
    start, *middle = (fig.network_run(k, None) for k in fig.SNAPSHOTS)
    assert start.train_accuracy[-1] < 0.7, "a random boundary at the start"
    five, fifteen = middle
    assert fig.SNAPSHOTS == (0, 5, 15)
    assert abs(five.train_accuracy[-1] - line.train_accuracy[-1]) <= 0.05, "a line"
    assert fifteen.train_accuracy[-1] >= five.train_accuracy[-1]
    assert best.val_accuracy[best.best_epoch] > 0.9
    assert best.best_epoch > max(fig.SNAPSHOTS)


def test_sigmoid_vanishes_and_the_initial_scale_sets_the_size():
    sigmoid, tanh, relu = (fig.layer_norms(a) for a in fig.ACTIVATIONS)
    assert np.all(np.diff(sigmoid) > 0), "shrinks at every layer back"
    assert np.all(sigmoid[1:] / sigmoid[:-1] > 3), "several-fold each layer"
    for other in (tanh, relu):
        assert other[0] / other[-1] > 1000 * sigmoid[0] / sigmoid[-1], "far more"
    tiny, pytorch, xavier, large = (fig.layer_norms("tanh", s) for s in fig.SCALES)
    assert fig.SCALES == (0.01, "pytorch", "xavier", 1.0)
    assert tiny.max() < 1e-6
    for level in (pytorch, xavier):  # the 32-by-32 layers
        assert level[1:-1].max() < 3 * level[1:-1].min(), "changes little"
    assert np.all(xavier > pytorch), "Xavier's larger at every layer"
    assert np.all(np.diff(large) < 0) and large.min() > xavier.max()
