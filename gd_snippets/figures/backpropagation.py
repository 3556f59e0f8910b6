"""Figures of newsletter issue #7, "Backpropagation: where the gradient comes
from".

The cost figure measures times as it is drawn, as issue #4's vectorization
figure does: its files differ from build to build, and its layout never
depends on the measured numbers, so the page that shows it stays the same.
"""

import functools

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, NullLocator

from gd_snippets.figures import figure
from gd_snippets.losses import sigmoid, softmax
from gd_snippets.models import (
    logistic_regression_accuracy,
    logistic_regression_grad,
    logistic_regression_loss,
)
from gd_snippets.networks import (
    gradient_norms_per_layer,
    mlp_forward,
    mlp_init,
    mlp_loss_and_grad,
    mlp_predict,
    mlp_vector_grad,
    mlp_vector_loss,
    params_to_vector,
    time_gradients,
    vector_to_params,
)
from gd_snippets.optimizers import adam_init, adam_step
from gd_snippets.problems import make_moons
from gd_snippets.training import Split, Training, fit, train_val_test_split

# The settings of the page (it runs the same experiments with the same numbers).
N_POINTS, NOISE, DATA_SEED = 200, 0.2, 0  # two moons
FRACTIONS = {"val_fraction": 0.2, "test_fraction": 0.2}  # 120 / 40 / 40 points
SPLIT_SEED = 0
SIZES = [2, 16, 2]  # two inputs, one hidden layer of 16, two classes
INIT_SEED = 0
LR, BATCH_SIZE, EPOCHS, PATIENCE, TRAIN_SEED = 0.05, 20, 200, 30, 0
LINE_EPOCHS = 100  # logistic regression, the line, with the same Adam
SNAPSHOTS = (0, 5, 15)  # epochs drawn as the network learns, then its best
TIMED_WIDTHS = (4, 16, 64)  # one hidden layer of each width, timed
TIMED_REPEATS = 3  # each time the fastest of this many
DEEP_SIZES = [2] + [32] * 6 + [2]  # six hidden layers, for vanishing gradients
ACTIVATIONS = ("sigmoid", "tanh", "relu")
SCALES = (0.01, "pytorch", "xavier", 1.0)  # tanh's initial scales compared
NARROW = 6.1  # constrained layout: a little narrower keeps phone text readable

# fit checks its input once; the checked functions would check it again at
# every step (``@checked`` keeps the function it wraps as __wrapped__).
_vector_loss, _vector_grad = mlp_vector_loss.__wrapped__, mlp_vector_grad.__wrapped__
_adam_step = adam_step.__wrapped__


@functools.cache
def moons() -> Split:
    X, labels = make_moons(N_POINTS, noise=NOISE, seed=DATA_SEED)
    return train_val_test_split(X, labels, **FRACTIONS, seed=SPLIT_SEED)


def with_ones(X: np.ndarray) -> np.ndarray:
    """A column of ones before X: logistic regression's bias (issue #6)."""
    return np.column_stack([np.ones(len(X)), X])


@functools.cache
def line_run() -> Training:
    """Issue #6's logistic regression on the moons: a straight boundary."""
    split = moons()
    return fit(
        logistic_regression_loss.__wrapped__,
        logistic_regression_grad.__wrapped__,
        np.zeros(3),
        (with_ones(split.train[0]), split.train[1]),
        (with_ones(split.val[0]), split.val[1]),
        init=adam_init,
        step=functools.partial(_adam_step, lr=LR),
        epochs=LINE_EPOCHS,
        batch_size=BATCH_SIZE,
        seed=TRAIN_SEED,
        accuracy=logistic_regression_accuracy.__wrapped__,
    )


def vector_accuracy(theta: np.ndarray, X: np.ndarray, labels: np.ndarray) -> float:
    """The share of rows the network packed in theta classifies right."""
    params = vector_to_params.__wrapped__(theta, SIZES)
    return float(np.mean(mlp_predict.__wrapped__(params, X) == labels))


@functools.cache
def network_run(epochs: int = EPOCHS, patience: int | None = PATIENCE) -> Training:
    """The 2-16-2 tanh network, Adam on mini-batches, early stopping on the
    validation loss; epochs=k without patience gives the params after k
    epochs (the same seed walks the same path)."""
    split = moons()
    theta0 = params_to_vector(mlp_init(SIZES, seed=INIT_SEED))
    return fit(
        functools.partial(_vector_loss, sizes=SIZES),
        functools.partial(_vector_grad, sizes=SIZES),
        theta0,
        split.train,
        split.val,
        init=adam_init,
        step=functools.partial(_adam_step, lr=LR),
        epochs=epochs,
        batch_size=BATCH_SIZE,
        seed=TRAIN_SEED,
        patience=patience,
        accuracy=vector_accuracy,
    )


def _text() -> str:
    """The palette's text colour (the figure is drawn in either palette)."""
    return matplotlib.rcParams["text.color"]


def _grey() -> str:
    """The palette's grey, its axes' colour."""
    return matplotlib.rcParams["axes.edgecolor"]


@functools.cache
def timings() -> tuple[tuple[int, float, float], ...]:
    """For each of TIMED_WIDTHS: (number of parameters, seconds for the
    gradient by backpropagation, seconds for the numerical gradient), on the
    training set, by time_gradients. Measured once per process, so both
    palettes and every test see the same numbers."""
    X, labels = moons().train
    rows = []
    for width in TIMED_WIDTHS:
        params = mlp_init([SIZES[0], width, SIZES[-1]], seed=INIT_SEED)
        seconds = time_gradients(params, X, labels, repeats=TIMED_REPEATS)
        rows.append((params_to_vector(params).size, *seconds))
    return tuple(rows)


@functools.cache
def layer_norms(activation: str, scale: str | float = "pytorch") -> np.ndarray:
    """The gradient's size at each layer of the deep network, at its start,
    on the training set."""
    X, labels = moons().train
    params = mlp_init(DEEP_SIZES, seed=INIT_SEED, scale=scale)
    _, grads = mlp_loss_and_grad(params, X, labels.astype(int), activation=activation)
    return gradient_norms_per_layer(grads)


def _grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A grid over the moons: its x and y coordinates and its points (n, 2)."""
    x, y = np.meshgrid(np.linspace(-1.6, 2.6, 85), np.linspace(-1.2, 1.7, 60))
    return x, y, np.column_stack([x.ravel(), y.ravel()])


def _boundary(ax, probability: np.ndarray, title: str) -> None:
    """The training points over a map of the probability of class 1 (orange
    above one half, blue below) and the boundary where it is one half."""
    x, y, _ = _grid()
    p = probability.reshape(x.shape)
    ax.contourf(x, y, p, levels=[0, 0.5, 1], colors=["C0", "C1"], alpha=0.18)
    ax.contour(x, y, p, levels=[0.5], colors=[_text()], linewidths=1.2)
    X, labels = moons().train
    for label, marker in ((0, "o"), (1, "s")):
        rows = labels == label
        ax.plot(*X[rows].T, marker, color=f"C{label}", markersize=3.5)
    ax.set(title=title, xticks=[], yticks=[], aspect="equal")
    ax.grid(False)


def _network_probability(theta: np.ndarray) -> np.ndarray:
    logits = mlp_forward(vector_to_params(theta, SIZES), _grid()[2])
    return softmax(logits)[:, 1]


@figure(
    "backpropagation/line-vs-network",
    alt="Two panels of the same 120 training points in two interleaved moon "
    "shapes, blue circles and orange squares, over the regions each model "
    "gives to each class. Left, logistic regression: its boundary is a "
    "straight line, and the tips of both moons fall on the wrong side. "
    "Right, a network with one hidden layer of 16 tanh units: its boundary "
    "bends between the moons and leaves few points on the wrong side.",
)
def line_vs_network() -> Figure:
    w = line_run().params
    line = sigmoid(with_ones(_grid()[2]) @ w)
    fig = Figure(figsize=(NARROW, 2.9), layout="constrained")
    left, right = fig.subplots(1, 2)
    _boundary(left, line, "a line (issue #6)")
    _boundary(right, _network_probability(network_run().params), "one hidden layer")
    return fig


@figure(
    "backpropagation/graph",
    alt="The computational graph of the network, drawn top to bottom: the "
    "inputs X, then Z1 = X W1 + b1, A1 = tanh(Z1), Z2 = A1 W2 + b2 and the "
    "loss L, each node with the shape of its array beside it and the "
    "parameters W1, b1, W2, b2 and the labels y entering from the left. On "
    "the right, arrows going back up carry the gradient, each labelled with "
    "the line that computes it, from dZ2 at the loss up to dW1.",
)
def graph() -> Figure:
    B = len(moons().train[1])
    (W1, b1), (W2, b2) = mlp_init(SIZES, seed=INIT_SEED)
    (d, H), C = W1.shape, W2.shape[1]
    nodes = [  # top to bottom: the node, its shape, what enters it from the left
        ("X", (B, d), ""),
        ("Z₁ = X W₁ + b₁", (B, H), f"W₁ {W1.shape}\nb₁ {b1.shape}"),
        ("A₁ = tanh(Z₁)", (B, H), ""),
        ("Z₂ = A₁ W₂ + b₂", (B, C), f"W₂ {W2.shape}\nb₂ {b2.shape}"),
        ("L = cross-entropy(Z₂, y)", None, f"y ({B},)"),
    ]
    backward = [  # from the loss up: the gradient each backward step computes
        "dZ₂ = (softmax(Z₂) − Y) / B",
        "dW₂ = A₁ᵀ dZ₂, db₂ = Σ dZ₂\ndA₁ = dZ₂ W₂ᵀ",
        "dZ₁ = dA₁ ⊙ (1 − A₁²)",
        "dW₁ = Xᵀ dZ₁, db₁ = Σ dZ₁",
    ]
    fig = Figure(figsize=(NARROW, 4.6))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(0, 10), ylim=(0, 10))
    ax.axis("off")
    ys = np.linspace(9.3, 1.2, len(nodes))
    x_node, x_back = 3.3, 6.0
    for i, ((label, shape, inputs), y) in enumerate(zip(nodes, ys, strict=True)):
        box = {"boxstyle": "round,pad=0.35", "facecolor": "none", "edgecolor": "C0"}
        ax.text(x_node, y, label, ha="center", va="center", bbox=box)
        size = f"shape {shape}" if shape else "one number"
        ax.text(x_node, y - 0.65, size, ha="center", va="center", color=_grey())
        if inputs:
            ax.text(0.05, y, inputs, va="center", color=_grey())
        if i:
            ax.annotate(
                "",
                (x_node, y + 0.4),
                (x_node, ys[i - 1] - 0.95),
                arrowprops={"arrowstyle": "->", "color": "C0"},
            )
    ax.text(x_node, 9.95, "forward", ha="center", color="C0")
    ax.text(x_back + 0.1, 9.95, "backward", ha="left", color="C1")
    for k, text in enumerate(backward):
        low, high = ys[len(nodes) - 1 - k], ys[len(nodes) - 2 - k]
        ax.annotate(
            "",
            (x_back - 0.25, high),
            (x_back - 0.25, low),
            arrowprops={"arrowstyle": "->", "color": "C1"},
        )
        ax.text(x_back, (low + high) / 2, text, va="center", color="C1")
    return fig


@figure(
    "backpropagation/cost",
    alt="Measured on the machine that built this page: on log-log axes, the "
    "time to compute the gradient of networks with one hidden layer of "
    f"{', '.join(map(str, TIMED_WIDTHS[:-1]))} and {TIMED_WIDTHS[-1]} units "
    "against their number of parameters, by backpropagation and by numerical "
    "differences. The numerical gradient's time grows with the number of "
    "parameters while backpropagation's barely moves, and the ratio of the "
    "two is written above each network.",
)
def cost() -> Figure:
    rows = timings()
    counts = np.array([count for count, _, _ in rows])
    fig = Figure(figsize=(NARROW, 3.4), layout="constrained")
    ax = fig.subplots()
    measured = [
        *ax.loglog(counts, [b for _, b, _ in rows], "o-", label="backpropagation"),
        *ax.loglog(counts, [n for _, _, n in rows], "s-", label="numerical gradient"),
    ]
    top = ax.get_xaxis_transform()
    for count, backprop, numeric in rows:
        measured.append(
            ax.text(
                count, 0.93, f"{numeric / backprop:,.0f}×", ha="center", transform=top
            )
        )
    ax.set(
        xlim=(counts[0] / 2, counts[-1] * 2),
        ylim=(1e-5, 10),
        xlabel="parameters of the network",
        ylabel="seconds, measured at build",
    )
    ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticks(counts, [str(count) for count in counts])
    ax.legend(loc="center right")
    for artist in measured:  # the layout must not depend on the numbers
        artist.set_in_layout(False)
        artist.set_clip_on(True)
    return fig


@figure(
    "backpropagation/learning",
    alt="Four panels of the 120 training moons over the regions the network "
    "gives to each class, as it learns: at its random start the boundary "
    "cuts across both moons; after 5 epochs it is nearly a straight line, "
    "like logistic regression's; after 15 epochs it starts to bend; at the "
    "epoch of lowest validation loss it curves between the moons.",
)
def learning() -> Figure:
    best = network_run()
    fig = Figure(figsize=(NARROW, 4.8), layout="constrained")
    axes = fig.subplots(2, 2).ravel()
    snapshots = [(f"epoch {k}", network_run(k, None).params) for k in SNAPSHOTS]
    snapshots.append((f"epoch {best.best_epoch} (best)", best.params))
    for ax, (title, theta) in zip(axes, snapshots, strict=True):
        _boundary(ax, _network_probability(theta), title)
    return fig


@figure(
    "backpropagation/vanishing",
    alt="Two panels, on a log scale, of the size of the gradient at each of "
    f"the {len(DEEP_SIZES) - 1} layers of a network with {len(DEEP_SIZES) - 2} "
    f"hidden layers of {DEEP_SIZES[1]} units, at its start, first layer on the "
    "left. Left, three activations with PyTorch's default initial scale: with "
    "sigmoid the gradient shrinks several-fold at every layer back towards the "
    "input, far more in all than with tanh or ReLU. Right, tanh with four "
    f"initial scales: with weights of standard deviation {SCALES[0]} the "
    "gradient is tiny at every layer; with PyTorch's and Xavier's scales it "
    "changes little across the middle layers, Xavier's larger at every layer; "
    f"with {SCALES[-1]} it is large and grows towards the input.",
)
def vanishing() -> Figure:
    layers = np.arange(1, len(DEEP_SIZES))
    fig = Figure(figsize=(NARROW, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True)
    for activation, color in zip(ACTIVATIONS, ("C0", "C1", "C2"), strict=True):
        norms = layer_norms(activation)
        left.semilogy(layers, norms, "o-", color=color, label=activation)
    for scale, color in zip(SCALES, ("C3", "C1", "C4", _text()), strict=True):
        label = {"pytorch": "PyTorch", "xavier": "Xavier"}.get(scale, f"std {scale}")
        right.semilogy(
            layers, layer_norms("tanh", scale), "o-", color=color, label=label
        )
    left.set(title="PyTorch's initial scale", xlabel="layer", ylabel="|dL/dW|")
    right.set(title="tanh", xlabel="layer")
    for ax, place in ((left, "lower right"), (right, "center right")):
        ax.set_xticks(layers)
        ax.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.legend(loc=place)
    return fig
