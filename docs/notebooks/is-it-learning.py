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
# # Try it: is it learning?
#
# This is the experiment from issue #6 of Gradient Descent Weekly: a
# polynomial fitted to a few noisy points of a wave, `y = sin(pi * x)`, with
# the training and validation losses recorded after every epoch. Watch them
# drift apart, then rein the model in with an L2 penalty or early stopping.
# Make every choice on the validation loss; the test set has one cell of its
# own, before the exercises, for the very end.
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. Change the knobs in the next cell (below its
# imports), then run the cells again, all but the test cell.

# %%
from functools import partial

import matplotlib.pyplot as plt
import numpy as np

from gd_snippets import optimizers
from gd_snippets.models import logistic_regression_accuracy
from gd_snippets.problems import linear_mse, linear_mse_grad, make_blobs, make_wave_data
from gd_snippets.training import (
    fit,
    l2_penalty_grad,
    polynomial_features,
    train_val_test_split,
)

# The knobs.
N_POINTS = 36  # how many points in all; a third of them train
NOISE = 0.3  # the spread of the points around the wave
DEGREE = 9  # the polynomial's degree: its flexibility
OPTIMIZER = "momentum"  # sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw
LEARNING_RATE = 0.05
BATCH_SIZE = 4
EPOCHS = 1000
L2 = 0.0  # the strength of the L2 penalty (0: none)
PATIENCE = None  # stop after this many epochs without a better validation loss
SEED = 15  # the data; the split and the batches have their own seeds

# %% [markdown]
# ## The three sets
#
# A third of the points train the model, a third validate it (the choices:
# epochs, penalty, degree), a third test it once at the end.

# %%
x, y = make_wave_data(N_POINTS, noise=NOISE, seed=SEED)
data = train_val_test_split(x, y, val_fraction=1 / 3, test_fraction=1 / 3, seed=0)
train, val, test = (
    (polynomial_features(x_part, degree=DEGREE), y_part) for x_part, y_part in data
)
for name, (_, y_part) in zip(data._fields, data, strict=True):
    print(f"{name:5}: {len(y_part)} points")

# %% [markdown]
# ## Train
#
# Any optimizer of issue #5: its `init` and its `step`, with the learning
# rate bound. Momentum-based optimizers get a momentum of 0.9. `fit` adds the
# L2 penalty to the gradient; AdamW decouples it instead, so for AdamW the
# `L2` knob becomes its `weight_decay` (whose default, 0.01, would otherwise
# decay the weights even with `L2 = 0`).

# %%
init = getattr(optimizers, f"{OPTIMIZER}_init")
settings = {"lr": LEARNING_RATE}
if OPTIMIZER in ("momentum", "nesterov"):
    settings["momentum"] = 0.9
penalty = L2
if OPTIMIZER == "adamw":
    settings["weight_decay"], penalty = L2, 0.0
step = partial(getattr(optimizers, f"{OPTIMIZER}_step"), **settings)
run = fit(
    linear_mse,
    linear_mse_grad,
    np.zeros(DEGREE + 1),
    train,
    val,
    init=init,
    step=step,
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    seed=0,
    l2=penalty,
    patience=PATIENCE,
)
print(run.reason)
print(
    f"lowest validation MSE {run.val_loss[run.best_epoch]:.4f} at epoch {run.best_epoch}"
)
print(
    f"last epoch: training MSE {run.train_loss[-1]:.4f}, validation MSE {run.val_loss[-1]:.4f}"
)
beyond = (data.val[0] < data.train[0].min()) | (data.val[0] > data.train[0].max())
print(
    f"{beyond.sum()} of {len(beyond)} validation points lie outside the training "
    "range, where the polynomial extrapolates"
)
inside = (val[0][~beyond], val[1][~beyond])
print(
    "validation MSE of the returned parameters on the points inside the range: "
    f"{linear_mse(run.params, *inside):.4f}"
)

# %% alt="Two panels: left, the training and validation loss after every epoch on a logarithmic scale, with the lowest validation loss marked; right, the training and validation points around the dashed sine wave with the fitted polynomial."
fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 3.6), layout="constrained")
left.semilogy(run.train_loss, label="training")
left.semilogy(run.val_loss, label="validation")
left.plot(run.best_epoch, run.val_loss[run.best_epoch], "o", color="C1")
left.set(xlabel="epoch", ylabel="MSE")
left.legend()
grid = np.linspace(-1, 1, 200)
right.plot(grid, np.sin(np.pi * grid), "--", color="grey", label="the wave")
right.plot(*data.train, "o", label="training")
right.plot(*data.val, "s", label="validation")
right.plot(grid, polynomial_features(grid, degree=DEGREE) @ run.params, label="the fit")
right.set(xlabel="x", ylabel="y", ylim=(-2, 2))
right.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Things to try
#
# - **Less freedom.** `DEGREE = 3`: the validation loss hardly climbs after
#   its lowest point; a cubic has little room to chase the noise.
# - **More data.** `N_POINTS = 200` with `DEGREE = 9`: 66 training points
#   leave a degree-9 polynomial little room to chase each point's noise,
#   and the validation loss climbs far less.
# - **A penalty.** `L2 = 0.01`, then `0.1`: the fit calms down, and then
#   flattens too much.
# - **Early stopping.** `PATIENCE = 100`: the run stops 100 epochs after the
#   lowest validation loss and hands back that epoch's parameters.
# - **Another optimizer.** `OPTIMIZER = "sgd"` with `LEARNING_RATE = 0.1`:
#   without momentum the high powers move slowly, and the model overfits
#   later and less. `OPTIMIZER = "adam"` with `LEARNING_RATE = 0.02`
#   overfits even harder.
#
# Every one of these is a choice made on the **validation** loss: compare
# runs by it, as often as you like. Keep an eye on the points outside the
# training range: with few points, much of a climb can come from them alone
# (the training cell also prints the validation MSE without them). Do not
# run the test cell below between tries.

# %% [markdown]
# ## The test set, once, at the very end
#
# Only when every knob is set for good. A test score you look at and then
# act on (another degree, another penalty) has made a choice, and it is one
# more validation score: it no longer tells how the model does on new data.

# %%
print(f"test MSE of the returned parameters: {linear_mse(run.params, *test):.4f}")

# %% [markdown]
# ## Your turn
#
# Six exercises on the data and runs; the solutions are in the
# issue, under Your turn. Set the knobs back to their first values, and run
# the cells above (all but the test cell) before these.

# %% [markdown]
# ### Exercise 1 (warm-up, 5 min): Predict the losses at epoch 0
#
# Every run of the wave starts from zero weights. What does that model
# predict, and so what are its two MSEs at epoch 0? Answer in words, then
# check with one line.

# %%
print(
    f"epoch 0: training MSE {run.train_loss[0]:.4f}, validation MSE {run.val_loss[0]:.4f}"
)
# your code here: the same two numbers, from the data alone

# %% [markdown]
# ### Exercise 2 (warm-up, 5 min): Explain the classifier's first accuracy
#
# At epoch 0 the classifier's loss is log 2, a coin flip's, yet its
# accuracies are not 50%. What does w = 0 predict (class 1 needs a
# positive logit), and so what are they? Check with one line.

# %%
points, labels = make_blobs(60, centers=np.array([[-1.0, -0.5], [1.0, 0.5]]), seed=4)
X = np.column_stack([np.ones(len(points)), points])  # a column of ones: the bias
blobs = train_val_test_split(
    X, labels.astype(float), val_fraction=0.25, test_fraction=0.25, seed=0
)
print(
    f"accuracy of w = 0: training {logistic_regression_accuracy(np.zeros(3), *blobs.train):.1%}, "
    f"validation {logistic_regression_accuracy(np.zeros(3), *blobs.val):.1%}"
)
# your code here: the same two numbers, from the labels alone

# %% [markdown]
# ### Exercise 3 (practice, 10 min): Weaken the momentum behind the pull
#
# Predict w after the 200 steps of L2 pull with momentum 0.5
# instead of 0.9, from 1/(1 - momentum). Check it by changing the issue's
# loop (here with momentum 0.9).

# %%
prediction = ...  # your prediction for momentum 0.5, before you run the loop
w_l2, state = np.ones(1), optimizers.momentum_init(np.ones(1))
for _ in range(200):
    pull = l2_penalty_grad(w_l2, strength=0.01)
    w_l2, state = optimizers.momentum_step(w_l2, pull, state, lr=0.05, momentum=0.9)
print(f"momentum 0.9: w = {w_l2[0]:.3f}")

# %% [markdown]
# ### Exercise 4 (practice, 10 min): Give the model less freedom
#
# Train a degree-3 polynomial like the first run. Where is its validation
# loss lowest, and by what factor has it climbed by epoch 1000, against
# degree 9?

# %%
train3 = (polynomial_features(data.train[0], degree=3), data.train[1])
val3 = (polynomial_features(data.val[0], degree=3), data.val[1])
# your code here: fit from np.zeros(4) with init=init, step=step, as above

# %% [markdown]
# ### Exercise 5 (practice, 10 min): Find how much patience is enough
#
# Rerun early stopping with patience 10, 15, 20 and 25. Where does each
# stop, and which epoch does it hand back? Why does a small patience go so
# wrong?

# %%
for patience in (10, 15, 20, 25):
    print(f"patience {patience}:")  # your code here: fit with patience=patience

# %% [markdown]
# ### Exercise 6 (challenge, 25 min): Test early stopping as a penalty
#
# Test the rule lambda = 1/(lr * t) of "Going deeper" in the issue on the
# first run cut short at 50, 113 and 400 epochs (same seed): for each, find
# the ridge fit nearest its weights (smallest distance, over a log grid of
# strengths). Count steps, not epochs, and take the learning rate ten times
# larger for momentum 0.9.

# %%
X_train, y_train = train
strengths = np.logspace(-4, 0, 401)  # the ridge strengths to try
# your code here
