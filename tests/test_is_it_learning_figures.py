"""The figures of issue #6 show what their captions and alt text say."""

import numpy as np
import pytest

from gd_snippets.figures import catalog
from gd_snippets.figures import is_it_learning as fig


def distance_from_the_wave(params: np.ndarray) -> float:
    return float(np.sqrt(np.mean((fig._curve(params) - np.sin(np.pi * fig.GRID)) ** 2)))


def test_twelve_points_a_set_and_ten_weights():
    split = fig.wave_split()
    assert [len(y) for _, y in split] == [12, 12, 12]
    assert (
        fig.DEGREE + 1 == 10
        and "12 points" in catalog()["is-it-learning/drifting-apart"]
    )


def test_the_losses_drift_apart_as_the_caption_and_alt_text_say():
    run = fig.wave_run()
    best = run.best_epoch
    alt = catalog()["is-it-learning/drifting-apart"]
    assert "together" not in alt, "they do not fall together at first"
    assert 50 < best < fig.EPOCHS / 4, "the validation loss turns early"
    assert max(run.val_loss[1:5]) > run.val_loss[0], "it jumps up in the first epochs"
    assert np.all(np.diff(run.train_loss[:5]) < 0), "while the training loss falls"
    assert run.val_loss[-1] > 10 * run.val_loss[best], "climbs tenfold, as the alt says"
    assert run.train_loss[-1] < 0.8 * run.train_loss[best], "training keeps falling"
    rises = np.sum(np.diff(run.train_loss) > 0)
    assert 0.3 * fig.EPOCHS < rises < 0.5 * fig.EPOCHS, "jagged: up in many epochs"


def test_most_of_the_validation_rise_is_beyond_the_training_range():
    split = fig.wave_split()
    beyond = split.val[0] > split.train[0].max()
    assert 0 < beyond.sum() < len(beyond) and split.val[0].min() > split.train[0].min()
    alt = catalog()["is-it-learning/fits-over-epochs"]
    assert "several validation points lie" in alt and beyond.sum() >= 3
    run, inside = fig.wave_run(), fig.wave_run_scored_inside()
    np.testing.assert_array_equal(inside.train_loss, run.train_loss)  # one path
    assert inside.val_loss[-1] < 3 * inside.val_loss[run.best_epoch], "far less"
    assert inside.val_loss[-1] < run.val_loss[-1] / 5


def test_the_late_fit_leaves_the_wave_and_the_best_one_follows_it():
    early = fig.wave_run(epochs=fig.EARLY_FIT).params
    best = fig.wave_run(patience=fig.PATIENCE).params
    last = fig.wave_run().params
    assert distance_from_the_wave(best) < distance_from_the_wave(early) / 2
    assert distance_from_the_wave(best) < distance_from_the_wave(last) / 2
    right_edge = fig.GRID > 0.9
    assert np.max(fig._curve(last)[right_edge]) > 1.5, "it swings away at the edge"


def test_l2_trades_training_loss_for_validation_loss():
    runs = [fig.wave_run(l2=l2) for l2 in fig.STRENGTHS]
    train = [r.train_loss[-1] for r in runs]
    val = [r.val_loss[-1] for r in runs]
    norms = [np.linalg.norm(r.params) for r in runs]
    assert train == sorted(train) and norms == sorted(norms, reverse=True)
    moderate = fig.STRENGTHS.index(0.01)
    assert val[moderate] == min(val) and val[0] > 5 * val[moderate]
    assert val[-1] > 2 * val[moderate], "too strong a penalty underfits"
    assert distance_from_the_wave(runs[moderate].params) < distance_from_the_wave(
        runs[-1].params
    )
    alt = catalog()["is-it-learning/l2-strengths"]
    assert all(f"{l2:g}" in alt for l2 in fig.STRENGTHS)


def test_early_stopping_stops_after_its_patience_and_restores_the_best_epoch():
    stopped = fig.wave_run(patience=fig.PATIENCE)
    assert stopped.stopped_by == "early stopping"
    assert len(stopped.val_loss) - 1 == stopped.best_epoch + fig.PATIENCE
    assert stopped.best_epoch == fig.wave_run().best_epoch
    at_best = fig.wave_run(epochs=stopped.best_epoch)
    np.testing.assert_array_equal(stopped.params, at_best.params)
    assert f"{fig.PATIENCE} epochs" in catalog()["is-it-learning/early-stopping"]


def test_the_classifier_settles_its_accuracy_while_its_loss_falls():
    run = fig.classifier_run()
    assert run.train_loss[0] == pytest.approx(np.log(2))
    settled = np.flatnonzero(np.diff(run.train_accuracy))[-1] + 1
    assert settled <= 20 < fig.CLF_EPOCHS
    assert run.train_loss[-1] < 0.8 * run.train_loss[settled]
    assert run.val_loss[-1] > run.val_loss.min(), "validation loss creeps up"
    assert len(set(run.val_accuracy[settled:])) == 1
