"""The figures of issue #4 show what their captions and alt text say, and the one
that measures a time keeps its size whatever it measured."""

import re
from pathlib import Path

import numpy as np
import pytest

from gd_snippets.figures import catalog, render_svg
from gd_snippets.figures import sgd_and_mini_batches as fig

POST = (
    Path(__file__).resolve().parents[1]
    / "docs/issues/posts/004-sgd-and-mini-batches.md"
)


def _size(svg: bytes) -> tuple[str, str]:
    head = svg[:2000].decode()
    return tuple(
        re.search(rf'{k}="([\d.]+)pt"', head).group(1) for k in ("width", "height")
    )


@pytest.mark.parametrize(
    "times",
    [(1e-7, 1e-1), (2e-6, 3e-5), (1e-4, 2e-4), (5e-6, 9.99e-1)],
)
def test_the_timed_figure_has_the_same_size_whatever_it_measured(monkeypatch, times):
    """Its width and height go into the page's HTML, which must not change."""
    name = "sgd-and-mini-batches/vectorization"
    monkeypatch.setattr(fig, "timings", lambda: (2e-6, 4e-4))
    reference = {p: _size(render_svg(name, p)) for p in ("light", "dark")}
    monkeypatch.setattr(fig, "timings", lambda: times)
    for palette, size in reference.items():
        svg = render_svg(name, palette)
        assert _size(svg) == size
        ratio = f"{times[1] / times[0]:,.0f}\u00d7"
        assert ratio.encode() in svg, "the measured ratio is written in the figure"


def test_the_timing_is_measured_once_per_process():
    assert fig.timings() is fig.timings()
    at_once, one_by_one = fig.timings()
    assert at_once > 0 and one_by_one > 0  # no claim about which is faster


def test_the_page_runs_the_experiments_of_the_figures():
    page = POST.read_text()
    data = (
        f"make_regression_data({fig.N_EXAMPLES}, n_features={fig.N_FEATURES}, "
        f"noise={fig.NOISE}, seed={fig.DATA_SEED})"
    )
    assert data in page
    assert (
        f"lr={fig.THREE_LR}, batch_size=B, epochs={fig.THREE_EPOCHS}, seed={fig.SEED}"
        in page
    )
    assert f"for B in {fig.SCALED_BATCHES}:" in page
    assert f"lr = {fig.BASE_LR} * B / {fig.BASE_BATCH}" in page
    assert f"warmup_steps={fig.WARMUP_EPOCHS} * steps_per_epoch" in page
    assert f"draws={fig.NOISE_DRAWS}" in page
    seeds = fig.SCALING_SEEDS
    assert f"for seed in range({seeds.start}, {seeds.stop})" in page


def test_per_epoch_small_batches_win_and_single_examples_are_noisy():
    full, mini, single = (
        fig.train(b, fig.THREE_LR, fig.THREE_EPOCHS) for b in fig.THREE_WAYS.values()
    )
    assert [len(r.epoch_losses) for r in (full, mini, single)] == [
        fig.THREE_EPOCHS + 1
    ] * 3
    assert single.epoch_losses[1] < mini.epoch_losses[1] < full.epoch_losses[1] / 5
    assert np.all(np.diff(full.losses) < 0), "the full batch goes down every step"
    assert np.mean(np.diff(single.losses) > 0) > 0.3, "SGD's loss rises often"
    last = single.losses[-fig.N_EXAMPLES :] - fig.BEST_LOSS
    assert last.max() > 10 * last.min(), "it jitters above the minimum"


def test_the_measured_noise_follows_the_corrected_one_over_b_line():
    measured, predicted = fig.noise()
    np.testing.assert_allclose(measured, predicted, rtol=0.1)
    s2 = predicted[0]
    n = fig.N_EXAMPLES
    b = fig.NOISE_BATCHES
    np.testing.assert_allclose(predicted, s2 / b * (n - b) / (n - 1))
    assert measured[-1] < 0.6 * s2 / b[-1], "at B = N / 2 the correction halves it"


def test_linear_scaling_holds_below_the_bound_and_breaks_past_it():
    rates = [fig.scaled_lr(b) for b in fig.SCALED_BATCHES]
    assert rates[-2] < 2 / fig.CURVATURE < rates[-1]
    assert fig.SCALED_BATCHES[-2] < fig.critical_batch() < fig.SCALED_BATCHES[-1]
    runs = [
        fig.train(b, fig.scaled_lr(b), fig.SCALING_EPOCHS) for b in fig.SCALED_BATCHES
    ]
    base = runs[0].epoch_losses[1:3] - fig.BEST_LOSS
    for run in runs[1:-1]:  # epoch for epoch, as good as batches of 16
        np.testing.assert_allclose(
            run.epoch_losses[1:3] - fig.BEST_LOSS, base, rtol=0.25
        )
    assert runs[-1].losses[-1] > 1e6 * runs[-1].losses[0], "512: it blows up"
    warm = fig.train(
        512, fig.scaled_lr(512), fig.SCALING_EPOCHS, warmup_epochs=fig.WARMUP_EPOCHS
    )
    assert warm.losses.min() < runs[0].losses[0] / 10, "the warm-up helps at first"
    assert warm.losses[-1] > warm.losses[0], "and then it blows up too"


def test_averaged_over_the_seeds_each_doubling_levels_off_higher():
    """The page's claim, on the figure's runs: the mean over the seeds of the
    loss over the last epoch rises with every doubling, and at 256 is several
    times that of 16 (one seed's last step could say otherwise)."""
    floors = []
    for b in fig.SCALED_BATCHES[:-1]:
        runs = [
            fig.train(b, fig.scaled_lr(b), fig.SCALING_EPOCHS, seed=seed)
            for seed in fig.SCALING_SEEDS
        ]
        last = [run.losses[-(fig.N_EXAMPLES // b) :] for run in runs]
        floors.append(np.mean(last) - fig.BEST_LOSS)
    assert np.all(np.diff(floors) > 0)
    assert floors[-1] > 4 * floors[0]


def test_single_examples_blow_up_below_the_full_batchs_bound():
    lr = 0.8  # the page's rate: below 2 / L, the rate batches of 256 scaled to
    assert lr == fig.scaled_lr(256) < 2 / fig.CURVATURE
    assert fig.train(1, lr, fig.SCALING_EPOCHS).stopped_by == "diverged"
    full = fig.train(fig.N_EXAMPLES, lr, fig.SCALING_EPOCHS)
    assert full.stopped_by == "epochs" and np.all(np.diff(full.losses) < 0)


def test_alt_texts_state_the_settings_drawn():
    alts = catalog()
    assert f"learning rate {fig.THREE_LR}" in alts["sgd-and-mini-batches/three-ways"]
    assert f"{fig.N_EXAMPLES} examples" in alts["sgd-and-mini-batches/three-ways"]
    assert "batch sizes 16 to 512" in alts["sgd-and-mini-batches/linear-scaling"]
    assert f"{fig.N_EXAMPLES} examples" in alts["sgd-and-mini-batches/gradient-noise"]
