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
# # Try it: the learning rate
#
# This is the experiment from issue #3 of Gradient Descent Weekly: gradient
# descent on the posts' worked example, the quartic
# `L(w) = w**4 - 3 * w**3 + 2`, at a learning rate of your choice, with or
# without a schedule, and a sweep over many rates. Its only minimum is at
# `w = 2.25`, where the curvature `L''(2.25) = 20.25` sets the stable range:
# a run can settle there only if the rate is below `2 / 20.25`. On the way,
# since `L'(w) = 4 w**2 (w - 2.25)`, each step multiplies the distance to the
# minimum by `1 - 4 * lr * w**2`: a step brings the run closer only while
# that factor is between -1 and 1.
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. Change the knobs in the next cell (below its
# imports), then run all cells again.

# %%
from functools import partial
from itertools import groupby

import matplotlib.pyplot as plt
import numpy as np

from gd_snippets.descent import descend
from gd_snippets.landscapes import (
    bowl,
    bowl_grad,
    quadratic_grad,
    quartic,
    quartic_grad,
    quartic_second_derivative,
)
from gd_snippets.schedules import (
    constant,
    cosine_decay,
    exponential_decay,
    inverse_time_decay,
    step_decay,
    warmup,
)
from gd_snippets.sweep import classify_run, sweep_learning_rates

# The knobs.
LEARNING_RATE = 0.12  # the starting rate of the schedule
W_START = -1.5  # where the walk starts
STEPS = 150  # the step budget
SCHEDULE = "constant"  # constant, step, exponential, inverse time, cosine, warm-up
WARMUP_START = 1 / 3  # the warm-up's first rate, as a fraction of LEARNING_RATE
SWEEP_RATES = np.geomspace(1e-3, 0.3, 41)  # the rates the sweep tries

# %% [markdown]
# ## The schedule
#
# A schedule gives the learning rate of each step `t = 0, 1, 2, ...`;
# `descend` takes one in place of a fixed `lr`.

# %%
schedules = {
    "constant": partial(constant, lr=LEARNING_RATE),
    "step": partial(step_decay, lr0=LEARNING_RATE, every=20, factor=0.5),
    "exponential": partial(exponential_decay, lr0=LEARNING_RATE, k=0.02),
    "inverse time": partial(inverse_time_decay, lr0=LEARNING_RATE, k=0.05),
    "cosine": partial(cosine_decay, lr0=LEARNING_RATE, total_steps=STEPS),
    "warm-up": partial(
        warmup,
        decay=partial(cosine_decay, lr0=LEARNING_RATE, total_steps=STEPS - 10),
        warmup_steps=10,
        start_factor=WARMUP_START,
    ),
}
schedule = schedules[SCHEDULE]
print("rates of the first steps:", [round(schedule(t), 4) for t in range(5)])
curvature = quartic_second_derivative(2.25)
print(f"can settle at the minimum only for lr < 2 / L''(2.25) = {2 / curvature:.4f}")
if W_START < 0:  # each step multiplies w by 1 - lr * L'(w) / w, which is > 0 ...
    trap = W_START / quartic_grad(W_START)  # ... for every later w if lr < this
    print(f"at a constant lr below {trap:.4f}, stuck behind the flat spot at w = 0")

# %% [markdown]
# ## Walk downhill
#
# The run stops when the gradient is tiny, when the budget runs out, or when
# it blows up; `classify_run` says which of converged, oscillated, unfinished
# or diverged it was.

# %%
run = descend(
    quartic,
    quartic_grad,
    np.array([W_START]),
    lr=schedule,
    max_steps=STEPS,
    grad_tol=1e-8,
)
print(f"{classify_run(run)}: {run.reason}")
print(f"last point w = {run.path[-1, 0]:.6g}, L = {run.losses[-1]:.6g}")
first = run.path[:5, 0]
factors = [1 - 4 * schedule(t) * w**2 for t, w in enumerate(first)]
print("first points w:      ", ", ".join(f"{w:.4g}" for w in first))
print("1 - 4 * lr(t) * w**2:", ", ".join(f"{f:.3g}" for f in factors))

# %% alt="Two panels: left, the curve of the quartic loss with the points the run visited joined by lines; right, the loss above its minimum at every step of the run, on a logarithmic scale."
fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 3.6), layout="constrained")
grid = np.linspace(-1.8, 3.8, 400)
left.plot(grid, quartic(grid), label="L(w)")
left.plot(run.path[:, 0], run.losses, ".-", color="C1", linewidth=0.8, label="the run")
left.set(xlabel="w", ylabel="L(w)", xlim=(-1.8, 3.8), ylim=(-9, 30))
left.legend()
right.semilogy(np.maximum(run.losses - quartic(2.25), 1e-12), color="C1")
right.set(xlabel="step", ylabel="L(w) - L(2.25)")
plt.show()

# %% [markdown]
# ## Sweep the learning rate
#
# The same problem at every rate in `SWEEP_RATES`, each with a constant rate,
# and the final loss of each run. Runs that blew up are drawn at the top.

# %%
results = sweep_learning_rates(
    quartic, quartic_grad, np.array([W_START]), lrs=SWEEP_RATES, max_steps=500
)
for status, band in groupby(results, key=lambda r: r.status):  # in rate order
    rates = [r.lr for r in band]
    span = f"{rates[0]:.4g}" + (f" to {rates[-1]:.4g}" if len(rates) > 1 else "")
    print(f"lr {span}: {status}")

# %% alt="The final loss of each run against its learning rate on a logarithmic axis, one colour per outcome, with diverged runs drawn at the top and the stable bound 2 / L'' as a dotted line."
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for status, marker in [
    ("unfinished", "v"),
    ("converged", "o"),
    ("oscillated", "s"),
    ("diverged", "x"),
]:
    chosen = [r for r in results if r.status == status]
    ax.semilogx(
        [r.lr for r in chosen],
        [min(r.final_loss, 4.0) for r in chosen],
        marker,
        label=status,
    )
ax.axvline(2 / curvature, color="grey", linestyle=":")
ax.set(xlabel="learning rate", ylabel="loss after 500 steps")
ax.legend()
plt.show()

# %% [markdown]
# ## Things to try
#
# - **The bound.** Set `W_START = 2.1` and `STEPS = 500`, and try
#   `LEARNING_RATE = 0.095`, then `0.105`: just below `2 / L''` the run
#   zig-zags into the minimum (slowly: with 150 steps it is still
#   "unfinished"), just above it bounces for good. Try `0.12`, `0.125`,
#   `0.13`: the bounce visits 2 points, then 4, then no pattern (look at the
#   path on the curve); at `0.145` a pattern of 3 points comes back.
# - **Below the bound is not safe everywhere.** `W_START = -2` or `3.5` with
#   `LEARNING_RATE = 0.09`: below `2 / L''`, and it blows up all the same.
#   From `-2` the first step even lands closer (factor `-0.44`), but far out
#   on the steep wall, where the factor is below `-5`: each step then throws
#   the run further than the last.
# - **Decay.** Keep `LEARNING_RATE = 0.12` (it bounces) and set `SCHEDULE`
#   to `"step"`, `"exponential"` or `"cosine"`: the run settles once the rate
#   falls below the bound.
# - **Warm-up.** Set `LEARNING_RATE = 0.15`: as a constant it blows up within
#   a few steps, with `SCHEDULE = "warm-up"` it settles. Then lower
#   `WARMUP_START` to `0.2`: the first rate is too small to clear the flat
#   spot, and the run is stuck behind it. Raise it to `0.95`: the first
#   step is as wild as the constant rate's, and the run flies off.
# - **Too small.** `LEARNING_RATE = 0.01`: the run is stuck behind the flat
#   spot at `w = 0` for good, as the first cell's threshold says; more
#   `STEPS` will not help.

# %% [markdown]
# ## Your turn
#
# Six exercises from the issue, from quick to deeper. The solutions are in the
# issue, under Your turn: try each here first.
#
# ### Exercise 1 (warm-up, 5 min): Predict three steps on a parabola
#
# On the parabola of curvature 4, from `w = 1` at a rate of 0.3, where is `w`
# after each of the first three steps? Work it out with the factor
# `1 - lr * a`, then check with a three-line loop.

# %%
w = 1.0
print(f"slope at w = {w}: {quadratic_grad(w, curvature=4.0)}")
# your loop here: w = w - 0.3 * quadratic_grad(w, curvature=4.0), three times

# %% [markdown]
# ### Exercise 2 (warm-up, 5 min): Find the trap from another start
#
# Start the worked example at `w = -1` instead of `-1.5`. Below which rate is
# the run trapped behind the flat spot? Compute it by hand from `L'(-1)`, then
# run one rate just below it and one just above.

# %%
print(f"L'(-1) = {quartic_grad(-1.0)}")
trap = ...  # your threshold here
# your two runs here: descend(quartic, quartic_grad, np.array([-1.0]), lr=...,
#                             max_steps=20_000, grad_tol=1e-8)

# %% [markdown]
# ### Exercise 3 (practice, 10 min): Find the longest step
#
# Along the run from `w = 1` at a fixed rate of 0.02, which step is
# the longest, and where does it start? First predict where
# `|L'(w)| = 4 w**2 (9/4 - w)` peaks between 1 and 9/4.

# %%
steady = descend(
    quartic, quartic_grad, np.array([1.0]), lr=0.02, max_steps=300, grad_tol=1e-8
)
step_lengths = np.abs(np.diff(steady.path[:, 0]))
# your code here: which step is the longest, and from which w?

# %% [markdown]
# ### Exercise 4 (practice, 10 min): Find the largest rate from w = 3
#
# Sweep the constant rates from 0.090 to 0.099 in steps of 0.001, from
# `w = 3`, with 3000 steps each. Which is the largest that converges? Is it
# set by `L''` at the start or at the minimum?

# %%
grid_rates = np.round(np.arange(0.090, 0.0995, 0.001), 3)
# your sweep here: sweep_learning_rates(quartic, quartic_grad, np.array([3.0]),
#                                       lrs=grid_rates, max_steps=3000)

# %% [markdown]
# ### Exercise 5 (practice, 10 min): Decay 0.12 by inverse time
#
# The issue decays 0.12 three ways from `w = -1.5`; try inverse-time decay
# with `k = 0.01` and `k = 0.1`. Predict from its formula at which step each
# rate drops below `2 / L''`, then run each for 150 steps with
# `grad_tol=1e-8`, as the schedule runs do.

# %%
for k in (0.01, 0.1):
    decay = partial(inverse_time_decay, lr0=0.12, k=k)
    print(f"k = {k}: first rates {[round(decay(t), 4) for t in range(4)]}")
    # your code here: the first step below 2 / curvature, and the run

# %% [markdown]
# ### Exercise 6 (challenge, 20 min): Pick the best rate for a 2-D bowl
#
# On issue #2's bowl (`bowl` and `bowl_grad` in `gd_snippets.landscapes`)
# with curvatures 1 and 10, from `w = (1, 1)`: which rates converge, and which
# one brings the run closest to the minimum (in distance) after 50 steps?
# Predict both from the factor `1 - lr * a` of each axis, then sweep the rates
# from 0.150 to 0.210 in steps of 0.001.

# %%
axes = np.array([1.0, 10.0])
start = np.array([1.0, 1.0])
bowl_rates = np.round(np.arange(0.150, 0.2105, 0.001), 3)
print(
    f"loss {bowl(start, curvatures=axes)}, gradient {bowl_grad(start, curvatures=axes)}"
)
# your code here: descend(lambda w: bowl(w, curvatures=axes),
#                         lambda w: bowl_grad(w, curvatures=axes),
#                         np.array([1.0, 1.0]), lr=..., max_steps=50)
