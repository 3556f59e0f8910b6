"""Issue #6's code: the split, polynomial features, the L2 penalty, early
stopping, and the training loop on issue #4's batches and issue #5's optimizers."""

from functools import partial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gd_snippets import optimizers
from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.models import (
    logistic_regression_accuracy,
    logistic_regression_grad,
    logistic_regression_loss,
)
from gd_snippets.problems import linear_mse, linear_mse_grad, make_blobs, make_wave_data
from gd_snippets.training import (
    Best,
    fit,
    k_fold,
    keep_best,
    l2_penalty,
    l2_penalty_grad,
    patience_ran_out,
    polynomial_features,
    train_val_test_split,
)

# ------------------------------------------------------------------ the data


def test_wave_data_is_reproducible_and_scatters_around_the_sine():
    x, y = make_wave_data(500, noise=0.3, seed=5)
    again = make_wave_data(500, noise=0.3, seed=5)
    assert np.array_equal(x, again[0]) and np.array_equal(y, again[1])
    assert x.min() >= -1 and x.max() < 1
    residuals = y - np.sin(np.pi * x)
    assert abs(residuals.mean()) < 0.05 and 0.25 < residuals.std() < 0.35
    exact = make_wave_data(10, noise=0.0, seed=1)
    assert np.array_equal(exact[1], np.sin(np.pi * exact[0]))


# ------------------------------------------------------------------ the split


@given(
    st.integers(20, 200),
    st.floats(0.05, 0.4),
    st.floats(0.05, 0.4),
    st.integers(0, 2**32),
)
def test_split_deals_every_row_to_exactly_one_set(n, val_fraction, test_fraction, seed):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = X[:, 0] / 2  # row i holds (2i, 2i + 1) and label i
    split = train_val_test_split(
        X, y, val_fraction=val_fraction, test_fraction=test_fraction, seed=seed
    )
    labels = np.concatenate([part[1] for part in split])
    assert sorted(labels) == list(range(n)), "every row once, none twice"
    for X_part, y_part in split:
        assert np.array_equal(X_part[:, 0], 2 * y_part), "rows keep their label"
    assert len(split.test[1]) == round(n * test_fraction)
    assert len(split.val[1]) == round(n * val_fraction)


def test_the_same_seed_gives_the_same_split_and_another_seed_another():
    x, y = make_wave_data(40, seed=0)
    one = train_val_test_split(x, y, val_fraction=0.25, test_fraction=0.25, seed=1)
    again = train_val_test_split(x, y, val_fraction=0.25, test_fraction=0.25, seed=1)
    other = train_val_test_split(x, y, val_fraction=0.25, test_fraction=0.25, seed=2)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(one, again, strict=True))
    assert not np.array_equal(one.train[0], other.train[0])
    assert [len(part[1]) for part in one] == [20, 10, 10]


def test_split_keeps_dtypes_and_leaves_its_input_alone():
    X = np.linspace(0, 1, 20, dtype=np.float32).reshape(10, 2)
    labels = np.arange(10) % 3  # integer class labels stay integers
    before = X.copy()
    split = train_val_test_split(X, labels, val_fraction=0.2, test_fraction=0.2, seed=0)
    assert np.array_equal(X, before)
    assert split.train[0].shape == (6, 2) and split.train[0].dtype == np.float32
    assert split.test[1].dtype == labels.dtype


@pytest.mark.parametrize(
    ("val_fraction", "test_fraction", "message"),
    [
        (0.5, 0.5, "val_fraction \\+ test_fraction must leave examples to train on"),
        (0.7, 0.4, "val_fraction \\+ test_fraction must leave examples to train on"),
        (0.01, 0.2, "val_fraction=0.01 of 20 examples is no example at all"),
        (0.2, 0.0, "test_fraction must be greater than 0"),
        (-0.1, 0.2, "val_fraction must be greater than 0"),
    ],
)
def test_fractions_that_do_not_fit_are_named(val_fraction, test_fraction, message):
    x, y = make_wave_data(20, seed=0)
    with pytest.raises(ValueError, match=message):
        train_val_test_split(
            x, y, val_fraction=val_fraction, test_fraction=test_fraction, seed=0
        )


def test_x_and_y_must_hold_the_same_number_of_examples():
    x, y = make_wave_data(20, seed=0)
    with pytest.raises(ValueError, match="X and y must hold the same number"):
        train_val_test_split(x, y[:-1], val_fraction=0.2, test_fraction=0.2, seed=0)
    with pytest.raises(TypeError, match="X must be an array"):
        train_val_test_split(None, y, val_fraction=0.2, test_fraction=0.2, seed=0)


def test_the_bare_split_a_reader_copies_takes_lists():
    bare = train_val_test_split.__wrapped__  # the copied code, without @checked
    x, y = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [0, 1, 2, 3, 4, 5]
    split = bare(x, y, val_fraction=1 / 3, test_fraction=1 / 3, seed=0)
    assert all(isinstance(part, np.ndarray) for pair in split for part in pair)
    assert sorted(np.concatenate([pair[0] for pair in split])) == x
    for X_part, y_part in split:
        assert np.array_equal(X_part, y_part)
    with pytest.raises(ValueError, match="X and y must hold the same number"):
        bare(x, y[:-1], val_fraction=1 / 3, test_fraction=1 / 3, seed=0)


# ------------------------------------------------------ k-fold


@given(st.integers(2, 60), st.integers(2, 60), st.integers(0, 2**32))
def test_k_fold_validates_every_example_exactly_once(n, k, seed):
    k = min(k, n)
    pairs = k_fold(n, k=k, seed=seed)
    assert len(pairs) == k
    validated = np.concatenate([val for _, val in pairs])
    assert sorted(validated) == list(range(n))
    sizes = [len(val) for _, val in pairs]
    assert max(sizes) - min(sizes) <= 1
    for train, val in pairs:
        assert sorted(np.concatenate([train, val])) == list(range(n))


def test_k_fold_is_reproducible_from_its_seed():
    one, again = k_fold(10, k=5, seed=3), k_fold(10, k=5, seed=3)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(one, again, strict=True))
    assert not np.array_equal(one[0][1], k_fold(10, k=5, seed=4)[0][1])


@pytest.mark.parametrize("version", ["checked", "bare"])
@pytest.mark.parametrize("k", [1, 11, 0])
def test_k_fold_refuses_a_k_out_of_range_by_name(version, k):
    call = k_fold if version == "checked" else k_fold.__wrapped__
    with pytest.raises(ValueError, match="k must"):
        call(10, k=k, seed=0)


# ------------------------------------------------------ polynomial features


def test_polynomial_features_are_the_powers_of_x():
    x = np.array([-1.0, 0.5, 2.0])
    X = polynomial_features(x, degree=3)
    assert X.shape == (3, 4)
    assert np.array_equal(X, np.stack([x**0, x, x**2, x**3], axis=1))


def test_a_polynomial_model_is_a_polynomial_of_x():
    x, w = np.linspace(-1, 1, 7), np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(
        polynomial_features(x, degree=2) @ w, np.polyval(w[::-1], x)
    )


def test_polynomial_features_refuse_powers_that_overflow():
    with pytest.raises(ValueError, match="x \\*\\* 80 overflows: rescale x"):
        polynomial_features(np.array([0.5, 1e5], dtype=np.float32), degree=80)
    X = polynomial_features(np.linspace(-1, 1, 1_000_000, dtype=np.float32), degree=9)
    assert X.shape == (1_000_000, 10) and np.all(np.abs(X) <= 1)


def test_split_of_a_million_examples():
    X, y = np.arange(2_000_000.0).reshape(1_000_000, 2), np.arange(1_000_000)
    split = train_val_test_split(X, y, val_fraction=0.1, test_fraction=0.1, seed=0)
    assert [len(part[1]) for part in split] == [800_000, 100_000, 100_000]
    assert np.array_equal(split.val[0][:, 0], 2 * split.val[1])


def test_polynomial_features_want_one_x_per_example_and_a_degree():
    with pytest.raises(ValueError, match="x must be a 1-D array"):
        polynomial_features(np.ones((4, 1)), degree=2)
    with pytest.raises(ValueError, match="degree must be at least 0, got -1"):
        polynomial_features(np.ones(4), degree=-1)
    copied = polynomial_features.__wrapped__  # the code on the page, unchecked
    with pytest.raises(ValueError, match="x must be a 1-D array, got shape \\(4, 1\\)"):
        copied(np.ones((4, 1)), degree=2)
    with pytest.raises(ValueError, match="degree must be at least 0, got -1"):
        copied(np.ones(4), degree=-1)


def test_degree_zero_is_the_constant_model():
    X = polynomial_features(np.array([-0.5, 0.0, 3.0]), degree=0)
    assert X.shape == (3, 1) and np.array_equal(X, np.ones((3, 1)))


def test_integer_x_gives_exact_float_powers_not_wrapped_integers():
    x = np.array([10, 20])  # 20 ** 20 does not fit in an int64
    for function in (polynomial_features, polynomial_features.__wrapped__):
        X = function(x, degree=20)
        assert X.dtype == np.float64 and np.all(X > 0)
        np.testing.assert_allclose(X[:, -1], [1e20, 20.0**20])


# ----------------------------------------------------------- the L2 penalty


def test_l2_penalty_is_half_the_strength_times_the_squared_norm():
    assert l2_penalty(np.array([3.0, 4.0]), strength=0.1) == pytest.approx(1.25)
    assert l2_penalty(np.array([3.0, 4.0]), strength=0.0) == 0.0


def test_l2_penalty_grad_matches_finite_differences():
    w = np.array([0.3, -1.2, 2.5, 0.0])
    numeric = numerical_gradient(lambda v: l2_penalty(v, strength=0.7), w)
    assert relative_error(l2_penalty_grad(w, strength=0.7), numeric) < 1e-8


def test_a_negative_penalty_is_refused_by_name():
    for function in (l2_penalty, l2_penalty_grad):
        with pytest.raises(ValueError, match=r"strength must be 0 or more, got -0\.1"):
            function(np.ones(3), strength=-0.1)


# ------------------------------------------------------------ early stopping


def run_early_stopping(val_losses, *, patience, min_delta=0.0):
    """Feed keep_best one epoch at a time; return (best, the epoch it stopped)."""
    best = None
    for epoch, loss in enumerate(val_losses):
        best = keep_best(
            best, epoch, loss, np.array([float(epoch)]), min_delta=min_delta
        )
        if patience_ran_out(best, epoch, patience=patience):
            return best, epoch
    return best, None


def test_early_stopping_stops_patience_epochs_after_the_best():
    losses = [5.0, 4.0, 3.0, 3.5, 2.9, 3.0, 3.1, 3.2, 2.0]
    best, stopped = run_early_stopping(losses, patience=3)
    assert (best.epoch, best.val_loss, stopped) == (4, 2.9, 7)
    assert best.params.tolist() == [4.0], "the parameters of the best epoch"
    best, stopped = run_early_stopping(losses, patience=4)
    assert (best.epoch, stopped) == (8, None), "more patience finds the later best"


def test_an_improvement_smaller_than_min_delta_does_not_count():
    losses = [1.0, 0.99, 0.98, 0.97]
    best, stopped = run_early_stopping(losses, patience=2, min_delta=0.05)
    assert (best.epoch, stopped) == (0, 2)


def test_keep_best_keeps_a_copy_of_the_parameters():
    params = np.array([1.0, 2.0])
    best = keep_best(None, 0, 1.0, params)
    params += 10  # training moves on, in place
    assert best.params.tolist() == [1.0, 2.0]


def test_patience_below_one_is_refused_by_name():
    best = Best(0, 1.0, np.zeros(1))
    with pytest.raises(ValueError, match="patience must be at least 1, got 0"):
        patience_ran_out(best, 3, patience=0)
    with pytest.raises(TypeError, match="best must be a Best"):
        patience_ran_out(None, 3, patience=2)


# --------------------------------------------------------- the training loop


def wave_sets(n=40, degree=5, seed=0):
    x, y = make_wave_data(n, seed=seed)
    data = train_val_test_split(x, y, val_fraction=0.25, test_fraction=0.25, seed=0)
    return [(polynomial_features(xs, degree=degree), ys) for xs, ys in data]


def fit_wave(train, val, *, optimizer="sgd", lr=0.1, **settings):
    init = getattr(optimizers, f"{optimizer}_init")
    step = partial(getattr(optimizers, f"{optimizer}_step"), lr=lr)
    options = {"epochs": 50, "batch_size": 5, "seed": 0} | settings
    params0 = np.zeros(train[0].shape[1])
    return fit(
        linear_mse,
        linear_mse_grad,
        params0,
        train,
        val,
        init=init,
        step=step,
        **options,
    )


def test_full_batch_sgd_reaches_the_least_squares_fit():
    train, val, _ = wave_sets(degree=3)
    run = fit_wave(train, val, lr=0.3, epochs=3000, batch_size=len(train[1]))
    best = np.linalg.lstsq(*train, rcond=None)[0]
    np.testing.assert_allclose(run.params, best, atol=1e-6)
    assert run.stopped_by == "epochs" and run.reason == "3000 epochs done"


def test_with_l2_it_reaches_the_ridge_fit():
    train, val, _ = wave_sets(degree=3)
    X, y = train
    l2 = 0.05
    run = fit_wave(train, val, lr=0.3, epochs=3000, batch_size=len(y), l2=l2)
    # The gradient 2/n X.T (X w - y) + l2 w is zero at the ridge solution:
    ridge = np.linalg.solve(2 / len(y) * X.T @ X + l2 * np.eye(4), 2 / len(y) * X.T @ y)
    np.testing.assert_allclose(run.params, ridge, atol=1e-6)
    assert np.linalg.norm(ridge) < np.linalg.norm(np.linalg.lstsq(X, y, rcond=None)[0])


def test_every_epoch_records_both_losses_from_the_starting_point():
    train, val, _ = wave_sets()
    run = fit_wave(train, val, epochs=30)
    assert run.train_loss.shape == run.val_loss.shape == (31,)
    assert run.train_loss[0] == pytest.approx(np.mean(train[1] ** 2))
    assert run.val_loss[0] == pytest.approx(np.mean(val[1] ** 2))
    assert run.val_loss[-1] == pytest.approx(linear_mse(run.params, *val))
    assert run.best_epoch == int(np.argmin(run.val_loss))
    assert run.train_accuracy.size == run.val_accuracy.size == 0


def test_a_shorter_run_is_the_start_of_a_longer_one():
    train, val, _ = wave_sets()
    long, short = fit_wave(train, val, epochs=40), fit_wave(train, val, epochs=15)
    np.testing.assert_array_equal(long.val_loss[:16], short.val_loss)


def test_batches_are_reshuffled_every_epoch_from_the_seed():
    train, val, _ = wave_sets()
    one, again = fit_wave(train, val, seed=1), fit_wave(train, val, seed=1)
    other = fit_wave(train, val, seed=2)
    np.testing.assert_array_equal(one.params, again.params)
    assert not np.array_equal(one.params, other.params)


def test_early_stopping_restores_the_best_epoch():
    train, val, _ = wave_sets(n=30, degree=9)
    free = fit_wave(train, val, optimizer="adam", lr=0.05, epochs=600)
    assert free.best_epoch < 500, "this run overfits: its best epoch is early"
    stopped = fit_wave(train, val, optimizer="adam", lr=0.05, epochs=600, patience=20)
    best = stopped.best_epoch
    assert stopped.stopped_by == "early stopping"
    assert len(stopped.val_loss) - 1 == best + 20
    assert stopped.val_loss[best] == stopped.val_loss.min()
    assert f"epoch {best} are back" in stopped.reason
    at_best = fit_wave(train, val, optimizer="adam", lr=0.05, epochs=best)
    np.testing.assert_array_equal(stopped.params, at_best.params)


def test_patience_one_stops_at_the_first_epoch_without_a_new_best():
    train, val, _ = wave_sets(n=30, degree=9)
    free = fit_wave(train, val, optimizer="adam", lr=0.05, epochs=300)
    worse = np.flatnonzero(np.diff(np.minimum.accumulate(free.val_loss)) == 0)[0] + 1
    stopped = fit_wave(train, val, optimizer="adam", lr=0.05, epochs=300, patience=1)
    assert stopped.stopped_by == "early stopping"
    assert len(stopped.val_loss) - 1 == worse and stopped.best_epoch == worse - 1
    np.testing.assert_array_equal(stopped.val_loss, free.val_loss[: worse + 1])


def test_a_classifier_records_its_accuracy():
    X, labels = make_blobs(40, centers=np.array([[-2.0, 0.0], [2.0, 0.0]]), seed=0)
    X = np.column_stack([np.ones(len(X)), X])
    data = train_val_test_split(
        X, labels.astype(float), val_fraction=0.25, test_fraction=0.25, seed=0
    )
    run = fit(
        logistic_regression_loss,
        logistic_regression_grad,
        np.zeros(3),
        data.train,
        data.val,
        init=optimizers.sgd_init,
        step=partial(optimizers.sgd_step, lr=0.5),
        epochs=20,
        batch_size=8,
        seed=0,
        accuracy=logistic_regression_accuracy,
    )
    assert run.train_loss[0] == pytest.approx(np.log(2))
    assert run.train_accuracy.shape == run.val_accuracy.shape == (21,)
    assert run.train_accuracy[-1] > 0.9 and run.val_accuracy[-1] > 0.9
    assert run.val_accuracy[-1] == logistic_regression_accuracy(run.params, *data.val)


def test_a_run_that_blows_up_stops_and_keeps_its_best_finite_params():
    train, val, _ = wave_sets(degree=9)
    run = fit_wave(train, val, lr=50.0, epochs=100)
    assert run.stopped_by == "diverged"
    last = len(run.val_loss) - 1
    assert run.reason.startswith(f"diverged in epoch {last + 1}: the step is too")
    assert last < 5 and run.reason.endswith("the params of epoch 0 are back")
    assert np.all(np.isfinite(run.params)) and np.all(np.isfinite(run.val_loss))
    np.testing.assert_array_equal(run.params, np.zeros(10))


def test_fit_takes_float32_and_leaves_its_input_alone():
    train, val, _ = wave_sets()
    params0 = np.zeros(6, dtype=np.float32)
    X32 = train[0].astype(np.float32)
    before = X32.copy()
    run = fit(
        linear_mse,
        linear_mse_grad,
        params0,
        (X32, train[1]),
        val,
        init=optimizers.adam_init,
        step=partial(optimizers.adam_step, lr=0.01),
        epochs=5,
        batch_size=5,
        seed=0,
    )
    assert np.all(np.isfinite(run.params)) and not params0.any()
    np.testing.assert_array_equal(X32, before)


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"patience": 0}, ValueError, "patience must be at least 1, got 0"),
        ({"l2": -0.01}, ValueError, "l2 must be 0 or more, got -0.01"),
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"epochs": -1}, ValueError, "epochs must be at least 0"),
        ({"patience": 2.5}, TypeError, "patience must be an int"),
    ],
)
def test_bad_settings_are_refused_by_name(settings, error, message):
    train, val, _ = wave_sets()
    with pytest.raises(error, match=message):
        fit_wave(train, val, **settings)


def test_a_batch_larger_than_the_training_set_is_refused_by_name():
    train, val, _ = wave_sets()
    with pytest.raises(ValueError, match="batch_size must be at most"):
        fit_wave(train, val, batch_size=len(train[1]) + 1)


def test_sets_must_be_pairs_of_matching_length():
    train, val, _ = wave_sets()
    with pytest.raises(TypeError, match="val must be a pair \\(X, y\\)"):
        fit_wave(train, val[0])
    with pytest.raises(ValueError, match="train must be \\(X, y\\) with one row"):
        fit_wave((train[0], train[1][:-1]), val)
    with pytest.raises(ValueError, match="val must be \\(X, y\\) with one row"):
        fit_wave(train, (val[0], val[1][:, None]))


# ------------------------------------------- the copied code (no @checked)


def test_the_copied_l2_penalty_squares_integer_weights_without_wrapping():
    bare = l2_penalty.__wrapped__  # int8 100 ** 2 wrapped around to 16
    assert bare(np.array([100, 100], dtype=np.int8), strength=1.0) == 10_000.0
    assert bare([3, 4], strength=0.1) == pytest.approx(1.25)  # a list too


@pytest.mark.parametrize(
    "function",
    [logistic_regression_loss, logistic_regression_grad, logistic_regression_accuracy],
)
def test_the_copied_logistic_regression_takes_integers_and_lists(function):
    bare = function.__wrapped__
    w, X, y = np.array([1, 1]), np.array([[2**62, 2**62]]), np.array([1])
    in_floats = function(w.astype(float), X.astype(float), y.astype(float))
    # the int64 logit 2 ** 63 wrapped around to -2 ** 63: "sure it is 0"
    np.testing.assert_allclose(bare(w, X, y), in_floats)
    lists = bare([0.5, -1.0], [[1.0, 2.0], [1.0, -1.0]], [1.0, 0.0])
    np.testing.assert_allclose(
        lists, function(np.array([0.5, -1.0]), np.array([[1, 2.0], [1, -1]]), [1, 0.0])
    )


def test_the_copied_accuracy_refuses_an_empty_batch():
    with pytest.raises(ValueError, match="need at least one example"):
        logistic_regression_accuracy.__wrapped__(
            np.ones(2), np.zeros((0, 2)), np.zeros(0)
        )


def test_the_copied_fit_takes_lists():
    bare = fit.__wrapped__
    X, y = [[1.0, -1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 2.0, 3.0, 4.0]
    settings = {"init": optimizers.sgd_init, "epochs": 3, "batch_size": 2, "seed": 0}
    step = partial(optimizers.sgd_step.__wrapped__, lr=0.1)
    run = bare(
        linear_mse, linear_mse_grad, [0.0, 0.0], (X, y), (X, y), step=step, **settings
    )
    again = fit(
        linear_mse,
        linear_mse_grad,
        np.zeros(2),
        (np.array(X), np.array(y)),
        (np.array(X), np.array(y)),
        step=step,
        **settings,
    )
    np.testing.assert_array_equal(run.val_loss, again.val_loss)


def test_the_copied_polynomial_features_refuse_a_fractional_degree():
    with pytest.raises(ValueError, match=r"degree must be a whole number, got 2\.5"):
        polynomial_features.__wrapped__(np.ones(3), degree=2.5)  # gave 4 columns
    assert polynomial_features.__wrapped__(np.ones(3), degree=2.0).shape == (3, 3)


def test_the_copied_k_fold_names_a_count_that_is_not_whole():
    with pytest.raises(ValueError, match=r"n must be a whole number, got 10\.5"):
        k_fold.__wrapped__(10.5, k=2, seed=0)  # numpy's 'axis 0 is out of bounds'
    with pytest.raises(ValueError, match=r"k must be a whole number, got 2\.5"):
        k_fold.__wrapped__(10, k=2.5, seed=0)
    assert len(k_fold.__wrapped__(10.0, k=2.0, seed=0)) == 2


@pytest.mark.parametrize("n", [0, 10.0, -1, True])
def test_the_copied_wave_data_names_n_when_not_a_count_of_points(n):
    # 0 gave empty arrays silently, 10.0 numpy's 'expected a sequence of integers'
    with pytest.raises(ValueError, match="n must be a whole number of points"):
        make_wave_data.__wrapped__(n, seed=0)


def test_the_copied_wave_data_refuses_a_negative_noise_by_name():
    with pytest.raises(ValueError, match="noise must be 0 or more, got -1"):
        make_wave_data.__wrapped__(5, noise=-1, seed=0)


def test_the_copied_split_names_a_fraction_that_is_not_a_fraction():
    bare = train_val_test_split.__wrapped__  # nan gave 'cannot convert float NaN'
    x = np.arange(10.0)
    with pytest.raises(ValueError, match="must be between 0 and 1, got nan"):
        bare(x, x, val_fraction=float("nan"), test_fraction=0.2, seed=0)
