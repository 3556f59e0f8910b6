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
# # Try it: gradient descent
#
# This is the experiment from issue #2 of Gradient Descent Weekly: gradient
# descent on the posts' worked example, the quartic
# `L(w) = w**4 - 3 * w**3 + 2`, whose only minimum is at `w = 2.25` and which
# has a flat spot (neither a minimum nor a maximum) at `w = 0`.
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. Change the knobs in the next cell (below its
# imports), then run all cells again.

# %%
import matplotlib.pyplot as plt
import numpy as np

from gd_snippets.descent import descend
from gd_snippets.landscapes import (
    bowl,
    bowl_grad,
    classify_stationary_point,
    quartic,
    quartic_grad,
    two_valleys,
    two_valleys_grad,
)

# The knobs. Hyperparameters: we choose them, training does not change them.
LEARNING_RATE = 0.001  # how far to move per unit of gradient
W_START = -1.5  # where the walk starts
STEPS = 10_000  # the step budget
GRAD_TOL = 1e-8  # stop once |gradient| is below this (0: never)
LOSS_TOL = 0.0  # stop once a step changes the loss by less than this (0: never)

# %% [markdown]
# ## Walk downhill
#
# `descend` repeats `w <- w - lr * grad(w)` and returns the path, the loss at
# every step, and which rule stopped the run. A run that blows up is not an
# error: it stops and says at which step and why.

# %%
run = descend(
    quartic,
    quartic_grad,
    np.array([W_START]),
    lr=LEARNING_RATE,
    max_steps=STEPS,
    grad_tol=GRAD_TOL,
    loss_tol=LOSS_TOL,
)
steps_taken = len(run.path) - 1
for step in [s for s in (0, 1, 10, 100, 1000) if s < steps_taken] + [steps_taken]:
    print(f"step {step:6d}   w = {run.path[step, 0]:+.6g}   L = {run.losses[step]:.6g}")
print("stopped by:", run.stopped_by, "-", run.reason)

# %% [markdown]
# ## Where did it end?
#
# A run can stop at the minimum, on the flat spot at `w = 0`, or anywhere its
# budget ran out. `classify_stationary_point` probes the slope a small step
# (0.001, or 0.001 times |w| where |w| > 1) to each side of the last point.
# If the slope at the point is large compared with how much it changes over
# that step, the point is "not stationary": the run stopped before reaching
# a flat point. If not, the signs of the two probes tell a minimum, a maximum
# or a flat step ("neither"). A run that diverged has no end point to
# classify.

# %%
w_end = float(run.path[-1, 0])
print(f"last point w = {w_end:.6g}, L = {quartic(w_end):.6g}")
if run.stopped_by == "diverged":
    print("the run diverged: its last point is not a place it settled")
else:
    print(f"slope there: {quartic_grad(w_end):.3g}")
    print("what it is:", classify_stationary_point(quartic_grad, w_end))
print(f"the minimum: w = 2.25, L = {quartic(2.25):.6g}")

# %% alt="Two panels: left, the curve of the quartic loss with the points the run visited drawn as dots; right, the loss at every step of the run, on a logarithmic step axis."
fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 3.6), layout="constrained")
near = np.full(len(run.path), True)
if run.stopped_by == "diverged":  # its last points are far off the chart
    near = np.abs(run.path[:, 0]) <= max(5.0, 2 * abs(W_START))
ws, losses = run.path[near, 0], run.losses[near]
grid = np.linspace(min(-1.8, ws.min()), max(3.1, ws.max()), 400)
left.plot(grid, quartic(grid), label="L(w)")
left.plot(ws, losses, ".", color="C1", label="the run")
left.set(xlabel="w", ylabel="L(w)")
left.legend()
right.plot(np.arange(1, len(run.losses) + 1), run.losses, color="C1")
right.set(xscale="log", xlabel="step + 1", ylabel="loss")
plt.show()

# %% [markdown]
# ## Things to try
#
# - **The flat spot.** With the defaults the run creeps towards `w = 0` and
#   never passes it: the slope there is zero, but it is not a minimum.
# - **Jump it.** Set `LEARNING_RATE = 0.05`: the first step lands right of
#   zero and the run reaches the minimum in a couple of dozen steps (the
#   "stopped by" line says how many).
# - **Start on the other side.** Keep `0.001` and set `W_START = 0.5`.
# - **Start far out.** Keep `0.001` and set `W_START = 20.0`: the slope out
#   there is so steep that the first step flies over the minimum and the flat
#   spot, and the run ends up creeping towards `w = 0` from the left again.
# - **Too big.** Try `LEARNING_RATE = 0.2`: the run diverges, and `descend`
#   reports the step at which it did instead of returning `nan`.
# - **Stopping rules.** Set `GRAD_TOL = 1e-3` and `STEPS = 20_000`: the run
#   is stopped by the gradient rule on its way to the flat spot and calls it
#   done (with the default 10,000 steps the budget runs out first), at a
#   point that is not even stationary. A small gradient is not a minimum.

# %% [markdown]
# ## Your turn
#
# Five exercises, from quick to deeper. The solutions are in the issue, under
# Your turn: try each here first. Each cell below sets up what it needs.

# %% [markdown]
# ### Exercise 1 (warm-up, 5 min): Predict one step from w = 1
#
# On the worked example, start at `w = 1` with learning rate 0.1. Work out by
# hand where one step lands and whether the loss goes down, then check with
# one line of code.

# %%
w1 = 1.0
# your code here: the step, and the loss before and after

# %% [markdown]
# ### Exercise 2 (warm-up, 10 min): Classify the two valleys' stationary points
#
# The two-valleys landscape is `L(w) = w**4 - 4 * w**2 + w + 6`, with slope
# `4 * w**3 - 8 * w + 1`. Guess how many stationary points it has and of which
# kinds, then find them with `np.roots` and `classify_stationary_point`, as
# the issue did for the quartic.

# %%
# check these against the formulas, by hand
print(f"L(1) = {two_valleys(1.0)}, slope at 1: {two_valleys_grad(1.0)}")
coefficients = ...  # of the slope, highest power first, for np.roots
# your code here

# %% [markdown]
# ### Exercise 3 (practice, 15 min): Find where the valleys split
#
# In the issue, gradient descent on the two valleys at learning rate 0.01
# from 0.1 and from 0.15 ends in different valleys. Find, to four decimals,
# the start where the outcome switches (same learning rate 0.01 and 300
# steps), and compare it with Exercise 2.

# %%
starts = np.linspace(0.1, 0.15, 501)  # steps of 0.0001
# your code here: where does a run from each start end?

# %% [markdown]
# ### Exercise 4 (practice, 10 min): Jump the flat spot
#
# Work out by hand the learning rate above which the first step from
# `w = -1.5` on the worked example lands right of 0. Then run `descend`
# (10,000 steps) with that rate rounded down and up to three decimals. Where
# does each end?

# %%
threshold_rate = ...  # by hand first
# your code here

# %% [markdown]
# ### Exercise 5 (challenge, 20 min): Find the bowl's learning-rate limit
#
# On the bowl with curvatures 1 and 10, starting at `(2, 1)` with a budget of
# 2,000 steps, find the learning rate from which on gradient descent no longer
# converges to the bottom. Explain the number: what does one step do to each
# coordinate?

# %%
curvatures = np.array([1.0, 10.0])


def bowl_loss(v):
    return bowl(v, curvatures=curvatures)


def bowl_gradient(v):
    return bowl_grad(v, curvatures=curvatures)


start = np.array([2.0, 1.0])
print(f"loss at the start: {bowl_loss(start)}")
# your code here, e.g. descend(bowl_loss, bowl_gradient, start, lr=..., max_steps=2000)
