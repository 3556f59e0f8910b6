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
# # Try it: backpropagation
#
# This is the experiment from issue #7 of Gradient Descent Weekly: a small
# neural network learns to separate two classes that no straight line can,
# with the gradient from a hand-written backward pass, checked against
# numerical differences, and trained with mini-batches, an optimizer of
# issue #5 and issue #6's early stopping. Then: how big is the gradient at
# each layer when the network starts?
#
# You need `numpy`, `matplotlib` and the `gd_snippets` package from the
# newsletter's repository. Change the knobs in the next cell (below its
# imports), then run the cells again.

# %%
from functools import partial

import matplotlib.pyplot as plt
import numpy as np

from gd_snippets import optimizers
from gd_snippets.autodiff import Tensor
from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.losses import softmax
from gd_snippets.models import line_mse_grad
from gd_snippets.networks import (
    gradient_norms_per_layer,
    mlp_forward,
    mlp_init,
    mlp_loss_and_grad,
    mlp_predict,
    mlp_vector_grad,
    mlp_vector_loss,
    params_to_vector,
    vector_to_params,
)
from gd_snippets.problems import make_circles, make_moons
from gd_snippets.training import fit, train_val_test_split

# The knobs.
DATASET = "moons"  # "moons" or "circles" (a circle inside a ring)
HIDDEN_WIDTH = 16  # units in each hidden layer
DEPTH = 1  # how many hidden layers
ACTIVATION = "tanh"  # "tanh", "relu" or "sigmoid"
SCALE = "pytorch"  # the initial scale: "pytorch", "xavier", "he" or a std like 0.1
OPTIMIZER = "adam"  # sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw
LEARNING_RATE = 0.05
EPOCHS = 200
BATCH_SIZE = 20
PATIENCE = 30  # stop after this many epochs without a better validation loss
SEED = 0  # the data and the initial weights; the split and batches have their own

# %% [markdown]
# ## The data
#
# 200 points, 60% to train, 20% to validate (the early stopping), 20% to
# test once at the end.

# %%
make_data = {"moons": make_moons, "circles": make_circles}[DATASET]
X, labels = make_data(200, noise=0.2 if DATASET == "moons" else 0.1, seed=SEED)
data = train_val_test_split(X, labels, val_fraction=0.2, test_fraction=0.2, seed=0)
sizes = [2] + [HIDDEN_WIDTH] * DEPTH + [2]
params = mlp_init(sizes, seed=SEED, scale=SCALE)
theta = params_to_vector(params)
print("points per set:", [len(y) for _, y in data])
print(f"layer sizes {sizes}: {theta.size} weights and biases")

# %% [markdown]
# ## Check the backward pass
#
# The gradient of `mlp_loss_and_grad` (backpropagation) against issue #2's
# numerical gradient, on the first 20 training points (the numerical one
# needs two forward passes per parameter, so a wide network takes a while).

# %%
X_few, y_few = data.train[0][:20], data.train[1][:20]
_, grads = mlp_loss_and_grad(params, X_few, y_few, activation=ACTIVATION)
numeric = numerical_gradient(
    lambda t: mlp_vector_loss(t, X_few, y_few, sizes=sizes, activation=ACTIVATION),
    theta,
)
print(f"relative error: {relative_error(params_to_vector(grads), numeric):.1e}")

# %% [markdown]
# ## Train
#
# Issue #6's `fit`: mini-batches, any optimizer of issue #5 (momentum-based
# ones get a momentum of 0.9), and early stopping on the validation loss.

# %%
settings = {"lr": LEARNING_RATE}
if OPTIMIZER in ("momentum", "nesterov"):
    settings["momentum"] = 0.9
network = {"sizes": sizes, "activation": ACTIVATION}


def accuracy(theta, X, y):
    return np.mean(
        mlp_predict(vector_to_params(theta, sizes), X, activation=ACTIVATION) == y
    )


run = fit(
    partial(mlp_vector_loss, **network),
    partial(mlp_vector_grad, **network),
    theta,
    data.train,
    data.val,
    init=getattr(optimizers, f"{OPTIMIZER}_init"),
    step=partial(getattr(optimizers, f"{OPTIMIZER}_step"), **settings),
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    seed=0,
    patience=PATIENCE,
    accuracy=accuracy,
)
print(run.reason)
best = run.best_epoch
print(
    f"epoch {best}: accuracy {run.train_accuracy[best]:.1%} training, "
    f"{run.val_accuracy[best]:.1%} validation"
)

# %% alt="Two panels: left, the training and validation loss after every epoch, with the epoch of the lowest validation loss marked; right, the training points of the two classes over the regions the trained network gives to each class, with the boundary between them."
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6), layout="constrained")
left.plot(run.train_loss, label="training")
left.plot(run.val_loss, label="validation")
left.plot(best, run.val_loss[best], "o", color="C1")
left.set(xlabel="epoch", ylabel="cross-entropy")
left.legend()
gx, gy = np.meshgrid(np.linspace(-1.6, 2.6, 120), np.linspace(-1.6, 1.7, 100))
grid = np.column_stack([gx.ravel(), gy.ravel()])
logits = mlp_forward(vector_to_params(run.params, sizes), grid, activation=ACTIVATION)
p = softmax(logits)[:, 1].reshape(gx.shape)
right.contourf(gx, gy, p, levels=[0, 0.5, 1], colors=["C0", "C1"], alpha=0.2)
right.contour(gx, gy, p, levels=[0.5], colors="black", linewidths=1)
X_train, y_train = data.train
right.scatter(*X_train.T, c=np.where(y_train == 1, "C1", "C0"), s=10)
right.set(aspect="equal", xticks=[], yticks=[])
plt.show()

# %% [markdown]
# ## The gradient at each layer
#
# At the start, before any step: the size of dL/dW at each layer, first
# layer first, for the three activations with your `SCALE`. With `DEPTH`
# of 1 there are only two layers; try 6.

# %% alt="On a log scale, the size of the gradient of the loss with respect to each layer's weights at the start of training, against the layer, one line per activation: sigmoid, tanh and ReLU."
fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
layers = np.arange(1, len(sizes))
for activation in ("sigmoid", "tanh", "relu"):
    _, grads = mlp_loss_and_grad(params, X_train, y_train, activation=activation)
    ax.semilogy(layers, gradient_norms_per_layer(grads), "o-", label=activation)
ax.set(xlabel="layer", ylabel="|dL/dW|", xticks=layers)
ax.legend()
plt.show()

# %% [markdown]
# ## Things to try
#
# - **Deeper.** `DEPTH = 6` with `ACTIVATION = "sigmoid"`: the first
#   layers' gradient is tiny, and the run stops early with a worse boundary
#   than one hidden layer's, even with Adam. Then `ACTIVATION = "relu"` with
#   `SCALE = "he"`.
# - **A bad start.** `SCALE = 0.01`: every gradient is tiny at first, and
#   early stopping gives up before the boundary bends.
# - **Narrower.** `HIDDEN_WIDTH = 2`: how far can two bends go?
# - **Another data set.** `DATASET = "circles"`: the boundary must close
#   around the inner circle, which no line can do. How few hidden units
#   still draw it?
# - **Another optimizer.** `OPTIMIZER = "sgd"` with `LEARNING_RATE = 0.5`:
#   plain steps need a larger rate, and more epochs.

# %% [markdown]
# ## The test set, once, at the very end

# %%
print(f"test accuracy: {accuracy(run.params, *data.test):.1%}")

# %% [markdown]
# ## Your turn
#
# The six exercises; the solutions are in the issue, under Your
# turn. Set the knobs back to their first values and run the cells above
# before these.

# %% [markdown]
# ### Exercise 1 (warm-up, 5 min): Count a numerical gradient's passes
#
# How many weights and biases has a network with 2 inputs, one hidden layer
# of 64 and 2 classes, and so how many forward passes does one numerical
# gradient of it take? Work it out, then check with `params_to_vector`.

# %%
wide = mlp_init([2, 64, 2], seed=0)
# your code here

# %% [markdown]
# ### Exercise 2 (warm-up, 5 min): Run issue #1's sanity check
#
# What loss does a model that gives both classes the same probability pay?
# Compare it with the trained run's training loss at epoch 0, before any
# step.

# %%
print(f"the network at epoch 0: {run.train_loss[0]:.4f}")
# your code here: the uniform guess's loss

# %% [markdown]
# ### Exercise 3 (practice, 10 min): Start from zero
#
# Set every weight and bias of the network to zero and compute its
# gradient on the training set. Which of dW1, db1, dW2, db2 are not zero?
# Use the table to explain why training could never move W1 or W2.

# %%
zeros = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
# your code here: mlp_loss_and_grad(zeros, X_train, y_train)

# %% [markdown]
# ### Exercise 4 (practice, 10 min): Swap the activation
#
# Train the same network with `activation="relu"` instead of tanh, with
# the page's seed and settings. Where does it stop, and how do its
# accuracies compare?

# %%
# your code here: set ACTIVATION = "relu" above, or call fit with
# partial(mlp_vector_loss, sizes=sizes, activation="relu")

# %% [markdown]
# ### Exercise 5 (practice, 10 min): Differentiate issue #1's line automatically
#
# Write issue #1's mean squared error of a line, mean((w x + b - y)^2),
# with `Tensor`s for w and b, call `backward()`, and compare with issue #1's
# `line_mse_grad`. Use the training points' two coordinates as x and y, at
# w = 0.5, b = -0.2.

# %%
x, y = X_train[:, 0], X_train[:, 1]
print("by hand:", line_mse_grad(x, y, 0.5, -0.2))
w, b = Tensor(0.5), Tensor(-0.2)
# your code here: the loss from w, b, x and y, then .backward(); read w.grad

# %% [markdown]
# ### Exercise 6 (challenge, 20 min): Write the backward pass yourself
#
# Write the backward pass of the 2-16-2 tanh network in plain numpy, one
# line per row of the table and no loop, and check your dW1 against
# `mlp_loss_and_grad`'s.

# %%
(W1, b1), (W2, b2) = mlp_init([2, 16, 2], seed=0)
A1 = np.tanh(X_train @ W1 + b1)  # forward, keeping A1
Z2 = A1 @ W2 + b2
# your code here: dZ2, dA1, dZ1, dW1
