"""Mini-batches, mini-batch SGD and the gradient's noise (gd_snippets/batching.py)."""

import numpy as np
import pytest

from gd_snippets.batching import (
    SGDRun,
    gradient_variance,
    minibatch_sgd,
    minibatches,
    sampling_variance,
    time_vectorization,
)
from gd_snippets.descent import descend
from gd_snippets.problems import linear_mse, linear_mse_grad, make_regression_data
from gd_snippets.schedules import constant

X, Y = make_regression_data(200, n_features=3, noise=0.5, seed=0)
W0 = np.zeros(3)


def _epochs(n, batch_size, epochs, *, seed=0, drop_last=False):
    rng = np.random.default_rng(seed)
    return [
        list(minibatches(n, batch_size, rng=rng, drop_last=drop_last))
        for _ in range(epochs)
    ]


def _sgd(**kwargs):
    settings = {"lr": 0.05, "batch_size": 10, "epochs": 3, "seed": 0} | kwargs
    return minibatch_sgd(linear_mse, linear_mse_grad, W0, X, Y, **settings)


# --- minibatches ------------------------------------------------------------


@pytest.mark.parametrize(("n", "batch_size"), [(10, 3), (12, 4), (7, 7), (5, 1)])
def test_an_epoch_uses_every_example_exactly_once(n, batch_size):
    (epoch,) = _epochs(n, batch_size, 1)
    assert sorted(np.concatenate(epoch).tolist()) == list(range(n))
    sizes = [len(b) for b in epoch]
    assert sizes[:-1] == [batch_size] * (len(sizes) - 1)
    assert sizes[-1] == (n % batch_size or batch_size), "the last batch is kept"
    assert all(b.dtype.kind == "i" for b in epoch)


def test_drop_last_leaves_out_the_smaller_last_batch():
    (epoch,) = _epochs(10, 3, 1, drop_last=True)
    assert [len(b) for b in epoch] == [3, 3, 3]
    assert len(set(np.concatenate(epoch).tolist())) == 9
    (whole,) = _epochs(12, 4, 1, drop_last=True)
    assert [len(b) for b in whole] == [4, 4, 4], "nothing dropped when B divides n"


def test_batches_are_reshuffled_every_epoch_and_reproducible_from_the_seed():
    first, second = _epochs(20, 5, 2, seed=3)
    order = np.concatenate(first)
    assert not np.array_equal(order, np.concatenate(second)), "a new order"
    assert not np.array_equal(order, np.arange(20)), "shuffled"
    again, _ = _epochs(20, 5, 2, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    other, _ = _epochs(20, 5, 2, seed=4)
    assert not np.array_equal(order, np.concatenate(other))


def test_a_full_batch_is_all_the_examples_at_once():
    (epoch,) = _epochs(6, 6, 1)
    assert len(epoch) == 1 and sorted(epoch[0].tolist()) == list(range(6))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda rng: minibatches(10, 0, rng=rng),
            ValueError,
            "batch_size must be at least 1",
        ),
        (
            lambda rng: minibatches(10, 11, rng=rng),
            ValueError,
            r"batch_size must be at most the number of examples \(10\), got 11",
        ),
        (
            lambda rng: minibatches(10, 2.0, rng=rng),
            TypeError,
            "batch_size must be an int",
        ),
        (lambda rng: minibatches(0, 1, rng=rng), ValueError, "n must be at least 1"),
        (
            lambda rng: minibatches(10, 2, rng=0),
            TypeError,
            "rng must be a numpy Generator",
        ),
        (
            lambda rng: minibatches(10, 2, rng=rng, drop_last="yes"),
            TypeError,
            "drop_last must be True or False",
        ),
    ],
)
def test_bad_batching_input_is_refused_at_the_call(call, error, message):
    with pytest.raises(error, match=message):
        call(np.random.default_rng(0))  # raised at the call, not at the first batch


@pytest.mark.parametrize(
    ("batch_size", "drop_last"), [(0, False), (-1, True), (11, False), (11, True)]
)
def test_the_bare_code_a_reader_copies_refuses_a_batch_size_out_of_range(
    batch_size, drop_last
):
    bare = minibatches.__wrapped__  # without the checks: no empty or silent epoch
    with pytest.raises(ValueError, match=r"batch_size must be from 1 to n = 10"):
        list(bare(10, batch_size, rng=np.random.default_rng(0), drop_last=drop_last))


@pytest.mark.parametrize(
    ("n", "batch_size", "name"),
    [
        (10.0, 4, "n"),
        (10.5, 4, "n"),
        ("10", 4, "n"),
        (10, 4.0, "batch_size"),
        (True, 1, "n"),
        (10, True, "batch_size"),
    ],
)
def test_the_bare_code_a_reader_copies_names_an_argument_that_is_not_an_int(
    n, batch_size, name
):
    bare = minibatches.__wrapped__  # numpy's own error said "axis 0 is out of bounds"
    with pytest.raises(TypeError, match=rf"^{name} must be an integer, got "):
        list(bare(n, batch_size, rng=np.random.default_rng(0)))


def test_the_bare_code_takes_numpy_integers():
    bare = minibatches.__wrapped__
    batches = list(bare(np.int64(10), np.int32(4), rng=np.random.default_rng(0)))
    assert [len(batch) for batch in batches] == [4, 4, 2]


@pytest.mark.parametrize("drop_last", [False, True])
def test_a_batch_of_all_the_examples_is_one_step_with_or_without_drop_last(drop_last):
    for version in (minibatches, minibatches.__wrapped__):
        rng = np.random.default_rng(0)
        (batch,) = version(10, 10, rng=rng, drop_last=drop_last)
        assert sorted(batch.tolist()) == list(range(10))


# --- minibatch_sgd ----------------------------------------------------------


def test_full_batch_sgd_is_gradient_descent():
    run = _sgd(batch_size=len(Y), epochs=25, lr=0.1)
    gd = descend(
        lambda w: linear_mse(w, X, Y),
        lambda w: linear_mse_grad(w, X, Y),
        W0,
        lr=0.1,
        max_steps=25,
    )
    np.testing.assert_allclose(run.losses, gd.losses, rtol=1e-12)
    np.testing.assert_allclose(run.w, gd.path[-1], rtol=1e-12)
    np.testing.assert_allclose(run.epoch_losses, gd.losses, rtol=1e-12)


def test_one_step_is_a_step_on_the_first_batch():
    run = _sgd(epochs=1)
    (first, *_), _ = _epochs(len(Y), 10, 2, seed=0)  # the same seed: same batches
    w1 = W0 - 0.05 * linear_mse_grad(W0, X[first], Y[first])
    assert run.losses[1] == pytest.approx(linear_mse(w1, X, Y), rel=1e-12)


@pytest.mark.parametrize(
    ("batch_size", "drop_last", "steps", "per_epoch"),
    [
        (1, False, 200, 200),
        (30, False, 7, 200),
        (30, True, 6, 180),
        (200, False, 1, 200),
    ],
)
def test_records_count_steps_and_examples(batch_size, drop_last, steps, per_epoch):
    run = _sgd(batch_size=batch_size, drop_last=drop_last, epochs=2, lr=0.01)
    assert isinstance(run, SGDRun) and run.stopped_by == "epochs"
    assert len(run.examples) == len(run.losses) == 2 * steps + 1
    assert run.examples[0] == 0 and run.examples[-1] == 2 * per_epoch
    assert run.examples[steps] == per_epoch
    assert len(run.epoch_losses) == 3
    assert run.epoch_losses.tolist() == run.losses[[0, steps, 2 * steps]].tolist()
    assert run.losses[0] == pytest.approx(linear_mse(W0, X, Y))
    assert run.losses[-1] == pytest.approx(linear_mse(run.w, X, Y))


def test_sgd_learns_and_is_reproducible_from_its_seed():
    best = linear_mse(np.linalg.lstsq(X, Y, rcond=None)[0], X, Y)
    run = _sgd(batch_size=1, epochs=5, lr=0.01)
    assert run.losses[-1] - best < (run.losses[0] - best) / 10
    again, other = (
        _sgd(batch_size=1, epochs=5, lr=0.01),
        _sgd(batch_size=1, epochs=5, lr=0.01, seed=1),
    )
    assert np.array_equal(run.losses, again.losses)
    assert not np.array_equal(run.losses, other.losses)


def test_small_batches_are_noisier_than_the_full_batch():
    def bumps(run):  # how often the loss on all the data went up
        return np.mean(np.diff(run.losses) > 0)

    assert bumps(_sgd(batch_size=len(Y), lr=0.1, epochs=30)) == 0
    assert bumps(_sgd(batch_size=1, lr=0.05, epochs=3)) > 0.2


def test_a_schedule_sets_each_steps_rate():
    frozen = _sgd(lr=lambda t: 0.0)
    assert np.all(frozen.losses == frozen.losses[0]) and np.array_equal(frozen.w, W0)
    steady = _sgd(lr=lambda t: constant(t, lr=0.05))
    np.testing.assert_array_equal(steady.losses, _sgd(lr=0.05).losses)


def test_a_diverging_run_stops_with_a_reason_and_finite_records():
    run = _sgd(batch_size=10, lr=5.0, epochs=50)
    assert run.stopped_by == "diverged"
    assert "lr=5 is too large for batches of 10" in run.reason
    assert np.all(np.isfinite(run.losses)) and np.all(np.isfinite(run.w))
    assert run.losses[-1] == pytest.approx(linear_mse(run.w, X, Y))
    done = (len(run.losses) - 1) // 20  # whole epochs of 20 steps before it blew up
    assert f"(epoch {done + 1})" in run.reason
    assert len(run.epoch_losses) == done + 1 < 51, "whole epochs only"


def test_a_run_whose_loss_rose_says_so():
    run = _sgd(batch_size=len(Y), lr=2.5, epochs=3)
    assert run.stopped_by == "epochs" and run.losses[-1] > run.losses[0]
    assert run.reason.startswith("3 epochs done, but the loss rose from ")
    assert run.reason.endswith("the learning rate is too large")
    assert _sgd(epochs=3).reason == "3 epochs done"


def test_float32_input_and_inputs_left_alone():
    X32, Y32, w0 = X.astype(np.float32), Y.astype(np.float32), W0.copy()
    before = X32.copy(), Y32.copy()
    run = minibatch_sgd(
        linear_mse,
        linear_mse_grad,
        w0,
        X32,
        Y32,
        lr=0.05,
        batch_size=8,
        epochs=2,
        seed=0,
    )
    best = linear_mse(np.linalg.lstsq(X, Y, rcond=None)[0], X, Y)
    assert run.losses[-1] - best < (run.losses[0] - best) / 2
    assert run.w.dtype == np.float64
    assert np.array_equal(X32, before[0]) and np.array_equal(Y32, before[1])
    assert np.array_equal(w0, W0)


def test_the_bare_code_a_reader_copies_works_with_integer_labels():
    labels = np.arange(10) % 2  # integers stay integers: X[b], y[b] index them
    seen = []

    def grad(w, X, y):
        seen.append(y.dtype.kind)
        return np.zeros_like(w)

    minibatch_sgd(
        lambda w, X, y: 0.0,
        grad,
        W0,
        np.ones((10, 3)),
        labels,
        lr=0.1,
        batch_size=4,
        epochs=1,
        seed=0,
    )
    assert seen == ["i", "i", "i"]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"batch_size": 201}, ValueError, r"at most the number of examples \(200\)"),
        ({"y": Y[:-1]}, ValueError, "X and y must hold the same number of examples"),
        ({"lr": 0.0}, ValueError, "lr must be greater than 0"),
        ({"lr": lambda t: -1.0}, ValueError, "lr must be finite and at least 0"),
        ({"epochs": -1}, ValueError, "epochs must be at least 0"),
        ({"seed": None}, TypeError, "seed must be an int"),
        ({"w0": np.zeros((3, 1))}, ValueError, "w must be a 1-D array"),
        ({"y": Y[:, None]}, ValueError, "y must be a 1-D array"),
        ({"X": X[:, :2]}, ValueError, "X must have one row per entry of y"),
        ({"X": "data"}, TypeError, "X must be an array"),
        ({"loss": None}, TypeError, "loss must be callable"),
        ({"max_norm": 0.0}, ValueError, "max_norm must be greater than 0"),
        ({"drop_last": 1}, TypeError, "drop_last must be True or False"),
    ],
)
def test_bad_training_input_names_the_argument(change, error, message):
    args = {
        "loss": linear_mse,
        "grad": linear_mse_grad,
        "w0": W0,
        "X": X,
        "y": Y,
        "lr": 0.05,
        "batch_size": 10,
        "epochs": 1,
        "seed": 0,
    } | change
    with pytest.raises(error, match=message):
        minibatch_sgd(**args)


@pytest.mark.parametrize(
    ("w0", "y"), [(W0, Y[:, None]), (W0[:, None], Y)], ids=["column y", "column w0"]
)
def test_the_bare_code_refuses_columns_instead_of_broadcasting(w0, y):
    with pytest.raises(ValueError, match=r"need w \(d,\), X \(B, d\), y \(B,\)"):
        minibatch_sgd.__wrapped__(
            linear_mse.__wrapped__,
            linear_mse_grad.__wrapped__,
            w0,
            X,
            y,
            lr=0.05,
            batch_size=10,
            epochs=1,
            seed=0,
        )


@pytest.mark.parametrize("epochs", [2.0, "2", -1])
def test_the_bare_minibatch_sgd_names_epochs_that_are_not_a_count(epochs):
    bare = minibatch_sgd.__wrapped__  # 2.0 gave "'float' object cannot be ..."
    with pytest.raises((TypeError, ValueError), match=r"^epochs must be an integer"):
        bare(
            linear_mse.__wrapped__,
            linear_mse_grad.__wrapped__,
            W0,
            X,
            Y,
            lr=0.05,
            batch_size=10,
            epochs=epochs,
            seed=0,
        )


def test_a_gradient_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match=r"must have the shape of w0, \(3,\)"):
        minibatch_sgd(
            linear_mse,
            lambda w, X, y: np.zeros(1),
            W0,
            X,
            Y,
            lr=0.1,
            batch_size=10,
            epochs=1,
            seed=0,
        )


# --- the gradient's noise ---------------------------------------------------


def _per_example(w):
    return np.stack(
        [linear_mse_grad(w, X[i : i + 1], Y[i : i + 1]) for i in range(len(Y))]
    )


def test_per_example_gradients_average_to_the_full_gradient():
    w = np.array([0.3, -1.0, 2.0])
    np.testing.assert_allclose(_per_example(w).mean(axis=0), linear_mse_grad(w, X, Y))


@pytest.mark.parametrize("batch_size", [1, 5, 40, 150])
def test_measured_noise_matches_sampling_without_replacement(batch_size):
    measured = gradient_variance(
        linear_mse_grad, W0, X, Y, batch_size=batch_size, draws=3000, seed=1
    )
    predicted = sampling_variance(_per_example(W0), batch_size)
    assert measured == pytest.approx(predicted, rel=0.1)


def test_the_noise_falls_like_one_over_b_and_vanishes_for_the_whole_data():
    per_example = _per_example(W0)
    s2 = np.mean(np.sum((per_example - per_example.mean(axis=0)) ** 2, axis=1))
    assert sampling_variance(per_example, 1) == pytest.approx(s2)
    n = len(Y)
    assert sampling_variance(per_example, 10) == pytest.approx(
        s2 / 10 * (n - 10) / (n - 1)
    )
    assert sampling_variance(per_example, n) == 0.0
    assert gradient_variance(
        linear_mse_grad, W0, X, Y, batch_size=n, draws=5, seed=0
    ) == pytest.approx(0.0, abs=1e-25)


def test_noise_input_is_checked():
    with pytest.raises(ValueError, match="batch_size must be at most"):
        sampling_variance(np.ones((4, 2)), 5)
    with pytest.raises(ValueError, match="per_example must be a 2-D array"):
        sampling_variance(np.ones(4), 2)
    with pytest.raises(ValueError, match="gradients of at least 2 examples, got 1"):
        sampling_variance(np.ones((1, 2)), 1)  # (N - B) / (N - 1) = 0 / 0
    with pytest.raises(ValueError, match="draws must be at least 1"):
        gradient_variance(linear_mse_grad, W0, X, Y, batch_size=2, draws=0, seed=0)


@pytest.mark.parametrize(
    ("rows", "batch_size", "message"),
    [
        (4, 0, r"batch_size must be from 1 to N = 4, got 0"),
        (4, 5, r"batch_size must be from 1 to N = 4, got 5"),
        (1, 1, r"per_example must hold the gradients of at least 2 examples"),
    ],
)
def test_the_bare_sampling_variance_refuses_what_has_no_variance(
    rows, batch_size, message
):
    bare = sampling_variance.__wrapped__  # gave nan, or -0.0 for B > N
    with pytest.raises(ValueError, match=message):
        bare(np.ones((rows, 2)), batch_size)


@pytest.mark.parametrize(
    ("batch_size", "draws", "message"),
    [
        (2, 0, r"draws must be at least 1, got 0"),  # was a ZeroDivisionError
        (0, 5, r"batch_size must be from 1 to N = 200, got 0"),
        (201, 5, r"batch_size must be from 1 to N = 200, got 201"),
    ],
)
def test_the_bare_gradient_variance_names_a_bad_argument(batch_size, draws, message):
    bare = gradient_variance.__wrapped__
    with pytest.raises(ValueError, match=message):
        bare(linear_mse_grad, W0, X, Y, batch_size=batch_size, draws=draws, seed=0)


# --- vectorization ----------------------------------------------------------


def test_time_vectorization_times_both_ways_and_asserts_no_speed():
    calls = []

    def grad(w, X, y):
        calls.append(len(y))
        return linear_mse_grad(w, X, y)

    times = time_vectorization(grad, W0, X[:10], Y[:10], repeats=3)
    assert len(times) == 2 and all(np.isfinite(t) and t > 0 for t in times)
    assert sorted(set(calls)) == [1, 10] and calls.count(10) == 3
    assert calls.count(1) == 3 * 10


def test_the_two_ways_compute_the_same_gradient():
    one_at_a_time = sum(
        linear_mse_grad(W0, X[i : i + 1], Y[i : i + 1]) for i in range(100)
    )
    np.testing.assert_allclose(
        one_at_a_time / 100, linear_mse_grad(W0, X[:100], Y[:100])
    )


def test_time_vectorization_checks_its_input():
    with pytest.raises(ValueError, match="repeats must be at least 1"):
        time_vectorization(linear_mse_grad, W0, X, Y, repeats=0)
    with pytest.raises(ValueError, match="X and y must hold the same number"):
        time_vectorization(linear_mse_grad, W0, X, Y[:5])


# --- the bare code a reader copies, on lists and other input ----------------


def test_the_bare_minibatch_sgd_and_gradient_variance_take_lists():
    """Bare, lists raised numpy's 'only integer scalar arrays can be converted'
    (X[batch] on a list)."""
    settings = {"lr": 0.05, "batch_size": 10, "epochs": 2, "seed": 0}
    bare = minibatch_sgd.__wrapped__(
        linear_mse.__wrapped__,
        linear_mse_grad.__wrapped__,
        W0.tolist(),
        X.tolist(),
        Y.tolist(),
        **settings,
    )
    np.testing.assert_allclose(bare.losses, _sgd(**settings).losses)
    noise = gradient_variance.__wrapped__(
        linear_mse_grad.__wrapped__,
        W0,
        X.tolist(),
        Y.tolist(),
        batch_size=5,
        draws=20,
        seed=0,
    )
    assert noise == pytest.approx(
        gradient_variance(linear_mse_grad, W0, X, Y, batch_size=5, draws=20, seed=0)
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 2.0}, r"^draws must be an integer, got 2.0"),
        ({"batch_size": 4.0}, r"^batch_size must be an integer, got 4.0"),
        ({"draws": True}, r"^draws must be an integer, got True"),
    ],
)
def test_the_bare_gradient_variance_names_a_count_that_is_not_an_int(kwargs, message):
    """Bare, 2.0 draws gave "'float' object cannot be interpreted as an integer"
    and a batch of 4.0 "expected a sequence of integers or a single integer"."""
    bare = gradient_variance.__wrapped__
    settings = {"batch_size": 4, "draws": 2, "seed": 0} | kwargs
    with pytest.raises(TypeError, match=message):
        bare(linear_mse_grad, W0, X, Y, **settings)


@pytest.mark.parametrize(
    "per_example", [np.arange(5.0), [1.0, 2.0, 3.0]], ids=["1-D array", "list"]
)
def test_the_bare_sampling_variance_names_per_example_when_not_a_table(per_example):
    """Bare, a 1-D array gave numpy's 'axis 1 is out of bounds', a list
    "'list' object has no attribute 'mean'"."""
    with pytest.raises(ValueError, match=r"^per_example must be \(N, d\)"):
        sampling_variance.__wrapped__(per_example, 1)
    table = [[1.0, 2.0], [3.0, 5.0], [0.0, 1.0]]
    assert sampling_variance.__wrapped__(table, 2) == pytest.approx(
        sampling_variance(np.array(table), 2)
    )


def test_the_bare_minibatches_explains_a_seed_given_for_rng():
    """Bare, numpy said "'int' object has no attribute 'permutation'"."""
    with pytest.raises(TypeError, match=r"^rng must be a numpy Generator"):
        list(minibatches.__wrapped__(10, 4, rng=1))


def test_the_bare_time_vectorization_names_repeats_below_one():
    """Bare, repeats=0 gave 'min() arg is an empty sequence'."""
    with pytest.raises(ValueError, match=r"^repeats must be at least 1, got 0"):
        time_vectorization.__wrapped__(linear_mse_grad, W0, X[:5], Y[:5], repeats=0)
