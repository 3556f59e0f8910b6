# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Try it: SGD and mini-batches
#
# This is the experiment from issue #4 of Gradient Descent Weekly: linear
# regression on 2048 examples, trained by mini-batch SGD at the batch size,
# learning rate and number of epochs of your choice, next to full-batch
# gradient descent at the same rate. Then the linear scaling heuristic from
# your batch size up ("double the batch, double the rate"), and the noise of
# the gradient at your batch size.
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. Change the knobs in the next cell (below its
# imports), then run all cells again.

# %%
import matplotlib.pyplot as plt
import numpy as np

from gd_snippets.batching import gradient_variance, minibatch_sgd, sampling_variance
from gd_snippets.problems import (
    linear_mse,
    linear_mse_curvature,
    linear_mse_grad,
    make_regression_data,
)

# The knobs.
BATCH_SIZE = 32  # examples per step: 1 is plain SGD, 2048 the full batch
LEARNING_RATE = 0.05  # the rate at BATCH_SIZE
EPOCHS = 10  # passes over the data
SEED = 1  # the shuffling's seed: change it to see another run of the same setup

# %% [markdown]
# ## The data and its stable range
#
# The loss is a bowl whose steepest curvature `L` sets issue #3's bound: full
# gradient descent is stable for `lr < 2 / L`.

# %%
X, y = make_regression_data(2048, n_features=4, noise=0.5, seed=8)
w0 = np.zeros(X.shape[1])
best = linear_mse(np.linalg.lstsq(X, y, rcond=None)[0], X, y)
curvature = linear_mse_curvature(X)
print(f"{len(y)} examples, the lowest loss is {best:.4f}")
print(
    f"L = {curvature:.3f}, so the full batch is stable for lr < 2 / L = {2 / curvature:.3f}"
)
if 2 / curvature <= LEARNING_RATE:
    print("LEARNING_RATE is past that bound: the loss turns and climbs, slowly near it")
elif len(y) > BATCH_SIZE:
    print("(a bound for the full batch: smaller batches may blow up below it)")

# %% [markdown]
# ## Your batch size against the full batch
#
# Both at `LEARNING_RATE`, for `EPOCHS` epochs, with the loss on all the data
# recorded after every step.

# %%
runs = {
    f"B = {b}": minibatch_sgd(
        linear_mse,
        linear_mse_grad,
        w0,
        X,
        y,
        lr=LEARNING_RATE,
        batch_size=b,
        epochs=EPOCHS,
        seed=SEED,
    )
    for b in sorted({BATCH_SIZE, len(y)})
}
for name, run in runs.items():
    steps = len(run.losses) - 1
    above = ", ".join(f"{loss - best:.3g}" for loss in run.epoch_losses[1:])
    print(f"{name}: {steps} steps, {run.reason}")
    print(f"  loss above its minimum after each epoch: {above}")

# %% alt="Two panels: the loss above its minimum for your batch size and for the full batch, on a log scale, against epochs on the left and against steps on a log axis on the right."
fig, (by_epoch, by_step) = plt.subplots(
    1, 2, figsize=(6.4, 3.6), sharey=True, layout="constrained"
)
for name, run in runs.items():
    by_epoch.semilogy(run.examples / len(y), run.losses - best, label=name)
    by_step.loglog(np.arange(1, len(run.losses)), run.losses[1:] - best)
by_epoch.set(xlabel="epochs", ylabel="loss above its minimum")
by_step.set(xlabel="steps")
by_epoch.legend()
plt.show()

# %% [markdown]
# ## Double the batch, double the rate
#
# From your batch size and rate up to the whole data set, doubling both each
# time. The heuristic holds while the curves agree epoch for epoch, and breaks
# at the latest where the rate passes `2 / L`. Every run here uses `SEED`, so
# they all shuffle the examples in the same order (only the cuts differ), and
# one run's last loss is a noisy sample: the page averages 8 seeds and the
# whole last epoch before it compares where the runs level off.

# %%
batch, lr = BATCH_SIZE, LEARNING_RATE
scaled = {}
while batch <= len(y):
    scaled[batch] = minibatch_sgd(
        linear_mse,
        linear_mse_grad,
        w0,
        X,
        y,
        lr=lr,
        batch_size=batch,
        epochs=EPOCHS,
        seed=SEED,
    )
    run = scaled[batch]
    if run.stopped_by == "diverged":  # no loss of the last epoch to show
        result = run.reason
    else:
        result = f"{run.losses[-1] - best:9.3g} above the minimum ({run.reason})"
    print(
        f"B = {batch:4d}, lr = {lr:<8g} lr / (2 / L) = {lr * curvature / 2:5.2f}: {result}"
    )
    batch, lr = 2 * batch, 2 * lr

# %% alt="The loss above its minimum against epochs on a log scale, one curve per batch size with its scaled learning rate; curves that stop early diverged."
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for b, run in scaled.items():
    ax.semilogy(run.examples / len(y), run.losses - best, label=f"B = {b}")
ax.set(xlabel="epochs", ylabel="loss above its minimum", ylim=(1e-5, 1e2))
ax.legend(ncols=2)
plt.show()

# %% [markdown]
# ## The noise at your batch size
#
# The variance of the mini-batch gradient at the start, measured over 1000
# random batches, and as sampling without replacement predicts it.

# %%
per_example = np.stack(
    [linear_mse_grad(w0, X[i : i + 1], y[i : i + 1]) for i in range(len(y))]
)
measured = gradient_variance(
    linear_mse_grad, w0, X, y, batch_size=BATCH_SIZE, draws=1000, seed=SEED
)
print(
    f"measured {measured:.4g}, predicted {sampling_variance(per_example, BATCH_SIZE):.4g}"
)

# %% [markdown]
# ## Things to try
#
# - **Plain SGD.** `BATCH_SIZE = 1`: the loss drops within the first epoch,
#   then jitters above the minimum for good. Halve `LEARNING_RATE` and the
#   jitter shrinks, but the first few hundred steps go down more slowly.
# - **The bound.** `BATCH_SIZE = 2048` and a `LEARNING_RATE` just under and
#   just over `2 / L` (0.97 and 0.99): just over, the loss comes down for a
#   few epochs, then turns and climbs.
# - **Small batches, big rate.** `BATCH_SIZE = 1` and `LEARNING_RATE = 0.8`,
#   below `2 / L`: one example's own curvature can be far steeper than `L`.
# - **Another shuffle.** Change `SEED` and run the doubling again: the last
#   losses move a lot from seed to seed, while the first epoch hardly does.
# - **Scaling from elsewhere.** Start the doubling from `BATCH_SIZE = 4` and
#   `LEARNING_RATE = 0.0125` (the page's line, extended to smaller batches),
#   or from a rate that is already large: then the heuristic breaks sooner.

# %% [markdown]
# ## Your turn
#
# Five exercises on this notebook's data and functions. The solutions are in
# the issue, under Your turn. These cells use the data of the cells above
# (run them first) with the page's settings, not your knobs.

# %%
w_best = np.linalg.lstsq(X, y, rcond=None)[0]  # the bottom of the bowl
per_example = np.stack(  # each example's gradient at w0
    [linear_mse_grad(w0, X[i : i + 1], y[i : i + 1]) for i in range(len(y))]
)
print(f"the lowest loss is {best:.4f}, at w_best = {np.round(w_best, 3)}")

# %% [markdown]
# ### Exercise 1 (warm-up, 5 min): Count an epoch's steps
#
# In batches of 100, how many steps does one epoch over the 2048 examples
# take, and how big is its last batch? And with `drop_last=True`? Work it
# out, then check with `list(minibatches(...))`.

# %%
from gd_snippets.batching import minibatches  # noqa: E402

batches = list(minibatches(2048, 100, rng=np.random.default_rng(0)))
# your code here: count the batches, and the size of the last one

# %% [markdown]
# ### Exercise 2 (warm-up, 5 min): Halve the noise's size
#
# The square root of the variance is the typical size of a batch gradient's
# error. Which batch size about halves it from its size at B = 16? Predict,
# then check with `sampling_variance`.

# %%
print(f"B = 16: typical error {np.sqrt(sampling_variance(per_example, 16)):.3f}")
# your code here: the same for your predicted batch size

# %% [markdown]
# ### Exercise 3 (practice, 10 min): Train on sorted data without shuffling
#
# Sort the examples by `y`, as real data often comes sorted. Run the page's
# three-line loop (batches of 32, rate 0.05) for 10 epochs, once taking the
# batches in order, never shuffled, and once with `minibatches` (seed 1).
# Compare how far above the lowest loss each ends.

# %%
order = np.argsort(y)
X_sorted, y_sorted = X[order], y[order]
in_order = np.split(np.arange(2048), 64)  # the batches of 32, never shuffled
# your code here: the loop, once over in_order and once over minibatches(...)

# %% [markdown]
# ### Exercise 4 (practice, 15 min): Lower the floor two ways
#
# Start at the bottom, `w_best`, so that the loss above the minimum is pure
# noise. Average it over every step of 5 epochs and seeds 1 to 8 for batches
# of 32 at rate 0.05; then halve the rate, and instead double the batch. Which
# helps more, and by how much?

# %%
run = minibatch_sgd(
    linear_mse, linear_mse_grad, w_best, X, y, lr=0.05, batch_size=32, epochs=5, seed=1
)
print(f"seed 1: {np.mean(run.losses) - best:.2e} above the minimum on average")
# your code here: 8 seeds, then the other two settings

# %% [markdown]
# ### Exercise 5 (challenge, 25 min): Cure the hovering with a schedule
#
# Over seeds 1 to 8, batches of 32 at a constant 0.05 for 10 epochs end at
# very different heights above the minimum. Using a schedule from issue #3,
# make the worst seed end at least ten times lower (pass it as `lr`).

# %%
from functools import partial  # noqa: E402, F401

from gd_snippets.schedules import cosine_decay, exponential_decay  # noqa: E402, F401

schedule = 0.05  # your code here: e.g. partial(cosine_decay, lr0=..., total_steps=...)
# your code here: the last loss above the minimum for seeds 1 to 8, with
# lr=0.05 and with lr=schedule
