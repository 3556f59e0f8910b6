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
# # Try it: how models learn
#
# This is the experiment from issue #1 of Gradient Descent Weekly: fit a line
# `y_hat = w * x + b` to a handful of noisy points by repeating
# guess, check, adjust. The model guesses with its current `w` and `b`,
# the mean squared error checks how wrong the guess is, and gradient descent
# nudges `w` and `b` downhill.
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. Change the knobs in the next cell, then run all
# cells again.

# %%
import matplotlib.pyplot as plt
import numpy as np

from gd_snippets.descent import descend
from gd_snippets.losses import (
    binary_cross_entropy_with_logits_grad,
    mse,
    sigmoid,
    softmax_cross_entropy,
)
from gd_snippets.models import least_squares_line, line_mse_grad, predict_line
from gd_snippets.problems import make_line_data

# %% [markdown]
# ## The knobs
#
# Everything you might want to change lives in this one cell.

# %%
# The knobs. Hyperparameters: we choose them, training does not change them.
LEARNING_RATE = 0.01  # how far to move per unit of gradient (step = lr * gradient)
STEPS = 500  # how many guess-check-adjust rounds
W_START, B_START = 0.0, 0.0  # the first guess: a flat line through 0
# The data: N_POINTS points around y = 2x + 1, with Gaussian noise.
N_POINTS = 12
NOISE = 1.0
SEED = 7

# %% [markdown]
# ## Train
#
# `descend` (from issue #2) repeats `params <- params - lr * grad(params)` and
# returns every point it visited with its loss, so we can print the loss along
# the way, and why it stopped. If the parameters blow up, the run stops there
# and `reason` says at which step.

# %%
x, y = make_line_data(N_POINTS, noise=NOISE, seed=SEED)


def line_loss(params):
    return mse(predict_line(x, params[0], params[1]), y)


def line_grad(params):
    return line_mse_grad(x, y, params[0], params[1])


run = descend(
    line_loss,
    line_grad,
    np.array([W_START, B_START]),
    lr=LEARNING_RATE,
    max_steps=STEPS,
)
path = run.path

every = max(1, STEPS // 10)
last = len(path) - 1  # STEPS, unless the run diverged earlier
tail = range(max(0, last - 3), last + 1) if run.stopped_by == "diverged" else [last]
shown = sorted({*range(0, last + 1, every), *tail})
for step in shown:
    w, b = path[step]
    print(
        f"step {step:5d}   w = {w:9.4g}   b = {b:9.4g}   MSE = {run.losses[step]:.4g}"
    )
print("stopped:", run.reason)

# %% alt="The mean squared error on a log scale against the step: with the default knobs it falls steeply at first, then levels off just above the dashed line of the lowest MSE any line can reach."
w_ls, b_ls = least_squares_line(x, y)
lowest = mse(predict_line(x, w_ls, b_ls), y)
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(run.losses, label=f"learning rate {LEARNING_RATE}")
ax.axhline(lowest, color="grey", linestyle="--", label="lowest possible MSE")
ax.set(xlabel="step", ylabel="MSE (log scale)", yscale="log")
ax.legend()
plt.show()

# %% [markdown]
# ## Compare with the exact answer
#
# For a line, the lowest possible MSE has a closed form (least squares).
# Gradient descent should land close to it when the learning rate is sensible
# and it has enough steps. (After a diverged run, "gradient descent" shows the
# last point it reached, and the plot below leaves its line out.)

# %%
w_gd, b_gd = path[-1]
diverged = run.stopped_by == "diverged"
for name, (w, b) in [
    ("gradient descent", (w_gd, b_gd)),
    ("least squares", (w_ls, b_ls)),
]:
    loss = mse(predict_line(x, w, b), y)
    print(f"{name:16s}  w = {w:.4g}, b = {b:.4g}, MSE = {loss:.4g}")

# %% alt="The twelve noisy points rise from left to right; the flat dotted first guess misses them all, and the lines found by gradient descent and by least squares lie on top of each other through the middle of the points."
grid = np.linspace(x.min() - 0.5, x.max() + 0.5, 2)
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.scatter(x, y, label="data", zorder=3)
ax.plot(
    grid,
    predict_line(grid, W_START, B_START),
    color="grey",
    linestyle=":",
    label="first guess",
)
if diverged:  # its line would be off the chart: say so instead of drawing it
    ax.set_title(f"gradient descent {run.reason.split(':')[0]}: line not drawn")
else:
    ax.plot(
        grid,
        predict_line(grid, w_gd, b_gd),
        label=f"after {last} steps of gradient descent",
    )
ax.plot(grid, predict_line(grid, w_ls, b_ls), linestyle="--", label="least squares")
margin = 0.1 * np.ptp(y) + 1  # the axes follow the data, not a runaway line
ax.set(xlabel="x", ylabel="y", ylim=(min(y.min(), 0) - margin, y.max() + margin))
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## Things to try
#
# - **A smaller step.** Set `LEARNING_RATE = 0.002` (the rate used in the
#   issue's figure). The loss still falls, but after 500 steps the bias `b`
#   still lags behind the least-squares value: the slope `w` settles within a
#   few dozen steps, the bias needs far more. The two parameters do not learn
#   at the same speed.
# - **A bigger step.** Try `0.02`: fewer steps are needed. Then try `0.03`:
#   the printed loss grows instead of shrinking, and the run stops early
#   with `stopped: diverged at step ...` once the parameters explode.
#   Somewhere between 0.02 and 0.03 lies the edge of stability, 2/L, which
#   the "Going deeper" box computes; issue #3 is about finding it.
# - **No noise.** Set `NOISE = 0.0`: now the best line passes through every
#   point and the least-squares MSE is 0. Gradient descent gets close, but
#   not all the way there in 500 steps (the slow bias again).
# - **A different start.** Change `W_START` and `B_START`: for this loss (a
#   bowl with a single bottom) every start heads for the same bottom, though
#   a start far away needs more steps to get there.
#
# ## Watch it diverge
#
# With a learning rate that is far too large, each step overshoots the bottom
# of the bowl by more than the last one. The loss grows from the very first
# step. As soon as the parameters explode (their size passes `max_norm`, 1e8
# unless you say otherwise, times the start's size when that is above 1) or
# stop being finite numbers, `descend` stops the run and says so, instead of
# handing back a path full of `nan`.

# %%
too_big = 0.05
blown = descend(
    line_loss, line_grad, np.array([W_START, B_START]), lr=too_big, max_steps=1000
)
for step, value in enumerate(blown.losses[:6]):
    print(f"lr = {too_big}: step {step}   MSE = {value:.4g}")
print("stopped:", blown.reason)

# %% [markdown]
# ## Your turn
#
# Five exercises from the issue, from quick to deeper. Each cell below sets
# things up and runs as it is; replace `# your code here` with your answer.
# The solutions are in the issue, under Your turn. The cells use the data of
# the knobs cell: keep its default values for answers that match the issue's.

# %% [markdown]
# ### Exercise 1 (warm-up, 3 min): Predict the first loss of a big classifier
#
# A classifier for 1,000 classes starts with every logit at zero. What
# cross-entropy should it show before training? Predict it, then check with
# one call to `softmax_cross_entropy`.

# %%
my_prediction = ...  # your prediction, before you run anything
logits = np.zeros((1, 1000))  # one example, 1,000 classes, every logit zero
labels = np.array([0])  # its true class
print("softmax_cross_entropy gives", softmax_cross_entropy(logits, labels))

# %% [markdown]
# ### Exercise 2 (warm-up, 5 min): Predict what a second typo does
#
# Add a second reading of 100 to `with_typo`. Where do the best constant for
# the MSE (the mean) and for the MAE (the median) go now? Work both out by
# hand, then check.

# %%
readings = np.array([9.8, 10.1, 10.0, 9.9, 10.2])
with_typo = np.append(readings, 100.0)  # someone typed 100 for 10.0
# your code here

# %% [markdown]
# ### Exercise 3 (practice, 15 min): Count the steps until both knobs settle
#
# After 100 steps the loop (at `lr = 0.002`) has `b` still off. Run
# `descend` on `line_loss` and `line_grad` from (0, 0) for 5,000 steps at
# `lr = 0.002`, then 0.02. From which step on does `w` stay within 0.01 of
# the best line's `w_ls`, and `b` of `b_ls`? The run's `.path[k]` holds
# `(w, b)` after step `k`.

# %%
for rate in (0.002, 0.02):
    path = descend(line_loss, line_grad, np.zeros(2), lr=rate, max_steps=5000).path
    # your code here: path[:, 0] is w and path[:, 1] is b at each step
    # (w_ls and b_ls come from "Compare with the exact answer")

# %% [markdown]
# ### Exercise 4 (practice, 10 min): Move a typo along the line
#
# Add 20 to the `y` of the point with the largest `x` and refit with
# `least_squares_line`. Then undo it and do the same to the point nearest the
# average `x`. Does the line mostly tilt (`w` changes) or shift (`w` barely
# moves, `b` does) each time?

# %%
y_typo = y.copy()
y_typo[np.argmax(x)] += 20  # a typo at the largest x
# your code here

# %% [markdown]
# ### Exercise 5 (challenge, 20 min): Race the two losses out of a bad start
#
# One example of label 1, a logit `z` with `p = sigmoid(z) = 0.01`. Run
# gradient descent on `z` alone with each loss's gradient in `z` (the issue
# gives both) and count the steps until `p` passes 0.5, at rates 0.1 and 1.

# %%
one = np.array([1.0])  # the label
z_start = np.array([np.log(0.01 / 0.99)])  # the logit that gives p = 0.01


def ce_grad(z):  # the cross-entropy's gradient in z
    return binary_cross_entropy_with_logits_grad(z, one)


def se_grad(z):  # the squared error's, by the chain rule through p = sigmoid(z)
    p = sigmoid(z)
    slope_in_p = ...  # your code here: the slope of (p - 1)**2 in p
    return slope_in_p * p * (1 - p)


# your code here: for each rate and each gradient, step z from z_start
# until sigmoid(z) passes 0.5, counting the steps
