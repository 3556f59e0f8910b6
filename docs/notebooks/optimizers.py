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
# # Try it: the optimizer race
#
# This is the race from issue #5 of Gradient Descent Weekly: plain SGD,
# momentum, Nesterov, AdaGrad, RMSprop, Adam and AdamW, each with PyTorch's
# update rule, on the same problem from the same start. Pick the runners,
# their learning rates and the problem, then run all cells again.
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. The knobs are in the next cell, below its imports.

# %%
from functools import partial

import matplotlib.pyplot as plt
import numpy as np

from gd_snippets.landscapes import tilted_bowl, tilted_bowl_grad
from gd_snippets.optimizers import OPTIMIZERS, optimize
from gd_snippets.race import (
    BOWL,
    NAMES,
    PROBLEMS,
    SETTINGS,
    best_rates,
    sensitivity,
)
from gd_snippets.race import STEPS as RACE_STEPS

# The knobs.
PROBLEM = "bowl"  # "bowl" (the narrow valley) or "rosenbrock" (the banana)
ANGLE = 30  # how far the bowl's valley is turned, in degrees (the issue: 30)
START = None  # None: the start; or a point such as (2, -1.5) on the bowl
STEPS = RACE_STEPS[PROBLEM]  # every runner's budget: the 100 or 500 steps
# Who races, with which settings: the rates for the chosen problem (a
# rate that suits the bowl can blow up on Rosenbrock), PyTorch's defaults for
# the rest. Edit them, e.g. RUNNERS["adam"] = {"lr": 0.001}, PyTorch's default.
RUNNERS = {
    name: dict(SETTINGS[PROBLEM][name])
    for name in ("sgd", "momentum", "adagrad", "rmsprop", "adam")
}
# To race all seven, uncomment:
# RUNNERS = {name: dict(settings) for name, settings in SETTINGS[PROBLEM].items()}
SWEEP_RATES = np.geomspace(1e-4, 10, 51)  # the rates the sweep tries, ten a decade

# %% [markdown]
# ## The race
#
# `optimize` runs one optimizer, an `*_init` and `*_step` pair, for `STEPS`
# steps and keeps the whole path; a run that blows up stops early and says so.

# %%
print(f"the issue's settings on {PROBLEM}: {SETTINGS[PROBLEM]}")
problem = PROBLEMS[PROBLEM]
if PROBLEM == "bowl":  # the bowl at your angle
    shape = BOWL | {"angle": np.radians(ANGLE)}
    problem = problem._replace(
        loss=partial(tilted_bowl, **shape), grad=partial(tilted_bowl_grad, **shape)
    )
if START is not None:
    problem = problem._replace(start=np.array(START, dtype=float))


def race(name, hyperparameters):
    """One runner on the problem, from its start, for STEPS steps."""
    init, step = OPTIMIZERS[name]
    return optimize(
        problem.loss,
        problem.grad,
        problem.start,
        init=init,
        step=step,
        steps=STEPS,
        **hyperparameters,
    )


runs = {}
for name, hyperparameters in RUNNERS.items():
    run = runs[name] = race(name, hyperparameters)
    distance = np.linalg.norm(run.path[-1] - problem.minimum)
    print(
        f"{NAMES[name]:9} {run.reason:35} final loss {run.losses[-1]:9.3g}, "
        f"distance to the minimum {distance:.3g}"
    )

# %% alt="Two panels: left, the contour lines of the chosen problem with the path of each optimizer in the race; right, each optimizer's loss at every step on a logarithmic scale."
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
(x0, x1), (y0, y1) = problem.view
grid = np.stack(np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200)), -1)
losses = problem.loss(grid)
left.contour(
    grid[..., 0],
    grid[..., 1],
    losses,
    levels=np.geomspace(max(losses.min(), 1e-2), losses.max(), 12),
    colors="grey",
    linewidths=0.6,
)
for name, run in runs.items():
    left.plot(run.path[:, 0], run.path[:, 1], label=NAMES[name])
    right.semilogy(run.losses, label=NAMES[name])
left.plot(*problem.minimum, "k*", markersize=10)
left.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w1", ylabel="w2", aspect="equal")
right.set(xlabel="step", ylabel="loss")
right.legend()
plt.show()

# %% [markdown]
# ## How much care does the learning rate need?
#
# Each runner again at every rate in `SWEEP_RATES`, its other settings kept,
# scored as in the issue by `sensitivity`: its highest loss over its last 10
# steps (a run that swings can happen to be low at its last step), inf if it
# blew up. Then `best_rates` tries 41 more rates between the two neighbours of
# its best one, as in the issue: a best rate can sit between two rates of the
# sweep (plain SGD's, just below 2 / (L + l), does). Both run all the rates
# at once, side by side, so the sweep takes a second. For each: its best
# score and rate, the band of rates that score within 10 times its best, and
# how many rates inside that band score worse (gaps). Runs that blew up are
# left out of the plot.


# %%
finals = sensitivity(problem, lrs=SWEEP_RATES, steps=STEPS, settings=RUNNERS)
best = best_rates(
    problem, lrs=SWEEP_RATES, steps=STEPS, scores=finals, settings=RUNNERS
)
for name, scores in finals.items():
    best_lr, best_score = best[name]
    if not np.isfinite(best_score):
        print(f"{NAMES[name]:9} blew up at every rate")
        continue
    good = scores <= 10 * best_score
    rates = np.append(SWEEP_RATES[good], best_lr)
    inside = (rates.min() < SWEEP_RATES) & (rates.max() > SWEEP_RATES)
    gaps = np.sum(inside & ~good)  # worse rates inside the band
    print(
        f"{NAMES[name]:9} best {best_score:.1e} at lr {best_lr:.3g}; good for lr "
        f"{rates.min():.2g} to {rates.max():.2g}, gaps: {gaps}"
    )

# %% alt="Each run's highest loss over its last 10 steps against the learning rate, both on logarithmic axes, one line per optimizer in the race."
fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
for name, values in finals.items():
    ax.loglog(
        SWEEP_RATES, np.where(np.isfinite(values), values, np.nan), label=NAMES[name]
    )
ax.set(xlabel="learning rate", ylabel="highest loss, last 10 steps")
ax.legend()
plt.show()

# %% [markdown]
# ## Your turn
#
# Five exercises, from quick to deeper. Their solutions are in the issue,
# under Your turn: try each here first. Each cell below sets you up.
#
# ### Exercise 1 (warm-up, 5 min): Add up a steady push
#
# Start momentum 0.9 at w = 0 with lr 0.1, and give it a gradient of 1 at
# every step. Where is w after each of the first three steps? Work out the
# buffer by hand, then check with `momentum_step`.

# %%
momentum_init, momentum_step = OPTIMIZERS["momentum"]
w, state = np.array([0.0]), momentum_init(np.array([0.0]))
# your code here: three steps of momentum_step(w, np.array([1.0]), state,
# lr=0.1, momentum=0.9), printing w after each

# %% [markdown]
# ### Exercise 2 (warm-up, 5 min): Take away Adam's hats
#
# Without its bias correction, would Adam's first step at lr 0.1 be smaller
# or larger than the rate? Predict from the formulas for m1 and v1, then
# compute it for the gradient [2, 0.02].

# %%
g = np.array([2.0, 0.02])
m, v = ..., ...  # your code here: the first averages, before the hats
# your code here: the first step, 0.1 * m / (sqrt(v) + 1e-8)

# %% [markdown]
# ### Exercise 3 (practice, 10 min): Tell Adam's L2 from AdamW's decay
#
# Redo the first-step block for Adam and AdamW only, each with
# `weight_decay` 0 and then 0.1. Which of the two does the weight decay
# change, and why?

# %%
adam_init, adam_step = OPTIMIZERS["adam"]
adamw_init, adamw_step = OPTIMIZERS["adamw"]
w, g = np.array([1.0, 1.0]), np.array([2.0, 0.02])
# your code here: one step of each from w, e.g.
# new_w, _ = adam_step(w, g, adam_init(w), lr=0.1, weight_decay=0.1); print(w - new_w)

# %% [markdown]
# ### Exercise 4 (practice, 15 min): Find momentum's largest stable rate
#
# The issue says momentum 0.9 is stable on the bowl for lr below
# 2(1 + momentum) / L. Find, to three decimals, the largest rate at which a
# 300-step run from the race's start ends below its starting loss, and compare.

# %%
bowl = PROBLEMS["bowl"]  # the bowl at 30 degrees, whatever the knobs say
print(f"starting loss {bowl.loss(bowl.start):.1f}")
rates = ...  # your code here: the rates to try
# your code here: for each rate, run = optimize(bowl.loss, bowl.grad, bowl.start,
# init=momentum_init, step=momentum_step, steps=300, lr=rate, momentum=0.9)
# (in the issue, race("bowl", steps=300, settings=...) does the same)

# %% [markdown]
# ### Exercise 5 (challenge, 20 min): Turn the bowl to 0°
#
# Run plain SGD, AdaGrad and RMSprop for 100 steps at their race settings on
# the bowl at 30° and at 0° (the first cell shows how to turn it). Why does
# the angle matter to two of them?

# %%
shape = BOWL | {"angle": np.radians(0)}
loss, grad = partial(tilted_bowl, **shape), partial(tilted_bowl_grad, **shape)
# your code here: for name in ("sgd", "adagrad", "rmsprop"), optimize with
# OPTIMIZERS[name], SETTINGS["bowl"][name] and steps=100 from PROBLEMS["bowl"].start,
# then the same at 30 degrees
