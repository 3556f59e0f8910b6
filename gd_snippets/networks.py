"""A small neural network by hand (newsletter issue #7): a multilayer
perceptron's initialization, its forward pass, and its gradient by a
hand-written backward pass, layer by layer, on the whole batch.

A network is a list of ``(W, b)`` pairs, ``W`` of shape (fan_in, fan_out) and
``b`` of shape (fan_out,), so that a layer computes ``h @ W + b`` on a batch
``h`` of shape (B, fan_in) (PyTorch's ``nn.Linear`` stores ``W`` transposed,
(fan_out, fan_in), and computes ``h @ W.T + b``). Every hidden layer applies
the same activation; the last layer's outputs are the logits of the classes,
scored with issue #1's softmax cross-entropy (gd_snippets/losses.py: a page
embeds its sections before these). Float32 in gives float32 out.
"""

# --8<-- [start:imports]
import timeit
from itertools import pairwise

import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import Arguments, Rule, arrays, checked, integers, positive
from gd_snippets.gradcheck import numerical_gradient
from gd_snippets.losses import softmax_cross_entropy, softmax_cross_entropy_grad

# Issue #1's loss without its checks, which the rules below make already (they
# would double the time of a training step); a network that blew up to
# infinite logits then gets a nan loss, which fit() reads as "diverged".
softmax_cross_entropy = softmax_cross_entropy.__wrapped__
softmax_cross_entropy_grad = softmax_cross_entropy_grad.__wrapped__

SCHEMES = ("pytorch", "xavier", "glorot", "he")


def _float_array(name: str, value, ndim: int) -> np.ndarray:
    """``value`` as an array of finite numbers with ``ndim`` dimensions, its
    errors naming ``name``; a float array keeps its dtype (float32 stays)."""
    if (
        isinstance(value, np.ndarray)
        and value.dtype.kind == "f"
        and value.ndim == ndim
        and value.size
        and np.isfinite(value).all()
    ):
        return value  # the common case, checked fast: a training loop calls often
    probe = {name: value}
    arrays(name, ndim=ndim)(probe)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value
    return probe[name]


def _layer_sizes(args: Arguments) -> None:
    """sizes is a list of at least two ints of at least 1: the width of the
    input, of each hidden layer, and the number of classes."""
    sizes = args["sizes"]
    if not isinstance(sizes, list | tuple) or len(sizes) < 2:
        raise TypeError(
            f"sizes must be a list of at least two layer widths, got {sizes!r:.60}"
        )
    if not all(type(width) is int and width >= 1 for width in sizes):
        for i, width in enumerate(sizes):  # which one, and why
            integers(f"sizes[{i}]")({f"sizes[{i}]": width})
    args["sizes"] = [int(width) for width in sizes]


def _a_scale(args: Arguments) -> None:
    """scale is "pytorch", "xavier", "glorot" or "he", or a number greater than 0
    (the standard deviation of every weight)."""
    scale = args["scale"]
    if isinstance(scale, str):
        if scale not in SCHEMES:
            raise ValueError(
                f"scale must be one of {', '.join(map(repr, SCHEMES))} or a "
                f"number, got {scale!r}"
            )
    else:
        positive("scale")(args)


def _network(name: str) -> Rule:
    """``name`` is a list of (W, b) pairs of finite numbers, W (fan_in, fan_out)
    and b (fan_out,), each W's fan_in the previous fan_out (a float array keeps
    its dtype)."""

    def rule(args: Arguments) -> None:
        pairs = args[name]
        if not isinstance(pairs, list | tuple) or len(pairs) == 0:
            raise TypeError(
                f"{name} must be a non-empty list of (W, b) pairs, got {pairs!r:.60}"
            )
        checked_pairs = []
        for i, pair in enumerate(pairs):
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise TypeError(f"{name}[{i}] must be a pair (W, b), got {pair!r:.60}")
            W = _float_array(f"{name}[{i}][0]", pair[0], ndim=2)
            b = _float_array(f"{name}[{i}][1]", pair[1], ndim=1)
            if b.shape != (W.shape[1],):
                raise ValueError(
                    f"{name}[{i}][1] (b) must have shape ({W.shape[1]},) to match "
                    f"{name}[{i}][0] (W) of shape {W.shape}, got {b.shape}"
                )
            if i and W.shape[0] != checked_pairs[-1][0].shape[1]:
                fan_in = checked_pairs[-1][0].shape[1]
                raise ValueError(
                    f"{name}[{i}][0] (W) must take the {fan_in} outputs of layer "
                    f"{i - 1}: shape ({fan_in}, n), got {W.shape}"
                )
            checked_pairs.append((W, b))
        args[name] = checked_pairs

    return rule


def _widths(args: Arguments) -> list[int]:
    """The layer widths of the network in args: its params, or its sizes."""
    if "params" in args:
        params = args["params"]
        return [params[0][0].shape[0]] + [W.shape[1] for W, _ in params]
    return args["sizes"]


def _inputs(args: Arguments) -> None:
    """X is a 2-D array (B, d) of finite numbers, one example per row, d the
    network's input width (a float array keeps its dtype)."""
    X = _float_array("X", args["X"], ndim=2)
    width = _widths(args)[0]
    if X.shape[1] != width:
        raise ValueError(
            f"X must have one column per input of the network ({width}), "
            f"got shape {X.shape}"
        )
    args["X"] = X


def _class_labels(args: Arguments) -> None:
    """labels holds one class index per row of X, in [0, C) for C the
    network's last width: an integer array of any integer dtype, or floats
    holding whole numbers (as issue #6's fit passes them)."""
    labels, n_classes = np.asarray(args["labels"]), _widths(args)[-1]
    if labels.shape != (len(args["X"]),):
        raise ValueError(
            f"labels must be a 1-D array with one label per row of X "
            f"({len(args['X'])}), got shape {labels.shape}"
        )
    whole = labels.dtype.kind in "iu" or (
        labels.dtype.kind == "f" and np.array_equal(labels, np.round(labels))
    )
    if not whole:
        raise TypeError(
            f"labels must hold integer class indices, got dtype {labels.dtype}"
        )
    low, high = labels.min(), labels.max()
    if low < 0 or high >= n_classes:
        raise ValueError(
            f"labels must hold class indices in [0, {n_classes}), got values "
            f"from {low:g} to {high:g}"
        )
    args["labels"] = labels.astype(np.intp)


def _an_activation(args: Arguments) -> None:
    """activation is "tanh", "relu" or "sigmoid"."""
    if args["activation"] not in ("tanh", "relu", "sigmoid"):
        raise ValueError(
            f"activation must be 'tanh', 'relu' or 'sigmoid', "
            f"got {args['activation']!r:.40}"
        )


def _a_vector_for(args: Arguments) -> None:
    """theta is a 1-D array of finite numbers holding every weight and bias of
    a network of these sizes (a float array keeps its dtype)."""
    theta = _float_array("theta", args["theta"], ndim=1)
    sizes = args["sizes"]
    count = sum((m + 1) * n for m, n in pairwise(sizes))
    if theta.shape != (count,):
        raise ValueError(
            f"theta must hold the {count} weights and biases of a network of "
            f"sizes {sizes}, got shape {theta.shape}"
        )
    args["theta"] = theta


@checked(_layer_sizes, integers("seed", minimum=0), _a_scale)
# --8<-- [start:mlp_init]
def mlp_init(
    sizes: list[int], *, seed: int, scale: str | float = "pytorch"
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random (W, b) pairs, float64, for layers of widths sizes (input, hidden
    layers, classes), drawn from a seed. For a layer of fan_in inputs and
    fan_out outputs, scale picks the distribution:

    "pytorch": W and b ~ U(-1 / sqrt(fan_in), 1 / sqrt(fan_in)), the default
    of PyTorch's nn.Linear (<https://pytorch.org/docs/stable/generated/torch.nn.Linear.html>);
    "xavier" or "glorot": W ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)), b = 0,
    which keeps the variance of the signal about the same from layer to layer,
    forward and backward, for tanh (Glorot and Bengio, 2010,
    <https://proceedings.mlr.press/v9/glorot10a.html>);
    "he": W ~ N(0, 2 / fan_in), b = 0, the same for ReLU, which zeroes about
    half its inputs (He et al., 2015, <https://arxiv.org/abs/1502.01852>);
    a number s: W ~ N(0, s**2), b = 0, one scale for every layer (try one too
    small and one too large).
    """
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in pairwise(sizes):
        shape, zeros = (fan_in, fan_out), np.zeros(fan_out)
        if scale == "pytorch":
            bound = 1 / np.sqrt(fan_in)
            W = rng.uniform(-bound, bound, shape)
            b = rng.uniform(-bound, bound, fan_out)
        elif scale in ("xavier", "glorot"):
            bound = np.sqrt(6 / (fan_in + fan_out))
            W, b = rng.uniform(-bound, bound, shape), zeros
        elif scale == "he":
            W, b = rng.normal(0, np.sqrt(2 / fan_in), shape), zeros
        elif isinstance(scale, int | float | np.number) and scale > 0:
            W, b = rng.normal(0, scale, shape), zeros
        else:
            raise ValueError(f"scale must be a scheme's name or a number: {scale!r}")
        params.append((W, b))
    return params


# --8<-- [end:mlp_init]


# --8<-- [start:activations]
# name: (f(z), f'(z) written with h = f(z), the output the forward pass kept)
ACTIVATIONS = {
    "tanh": (np.tanh, lambda h: 1 - h**2),
    "sigmoid": (lambda z: 0.5 + 0.5 * np.tanh(0.5 * z), lambda h: h * (1 - h)),
    "relu": (lambda z: np.maximum(z, 0), lambda h: h > 0),
}
# --8<-- [end:activations]


@checked(_network("params"), _inputs, _an_activation)
# --8<-- [start:mlp_forward]
def mlp_forward(
    params: list[tuple[np.ndarray, np.ndarray]],
    X: np.ndarray,
    *,
    activation: str = "tanh",
) -> np.ndarray:
    """The logits (B, C) of the batch X (B, d): h = f(h @ W + b) through every
    hidden layer, from h = X, f the activation; then h @ W + b for the last."""
    f, _ = ACTIVATIONS[activation]
    h = X
    for W, b in params[:-1]:
        h = f(h @ W + b)
    W, b = params[-1]
    return h @ W + b


# --8<-- [end:mlp_forward]


@checked(_network("params"), _inputs, _class_labels, _an_activation)
# --8<-- [start:mlp_loss_and_grad]
def mlp_loss_and_grad(
    params: list[tuple[np.ndarray, np.ndarray]],
    X: np.ndarray,
    labels: np.ndarray,
    *,
    activation: str = "tanh",
) -> tuple[float, list[tuple[np.ndarray, np.ndarray]]]:
    """The mean softmax cross-entropy of the network on (X, labels) and its
    gradient, a (dL/dW, dL/db) pair per layer, by backpropagation. Forward,
    keep every layer's input h; backward, from dL/dz = (softmax(z) - one_hot)
    / B at the logits z, for each layer from the last:

    dL/dW = h.T @ dL/dz;  dL/db = dL/dz summed over the batch;
    dL/dh = dL/dz @ W.T, then dL/dz of the layer below = dL/dh * f'(z),
    f' computed from h = f(z) (tanh: 1 - h**2; sigmoid: h * (1 - h); relu: h > 0).
    """
    f, slope = ACTIVATIONS[activation]
    hs = [np.asarray(X)]  # every layer's input: X, then each hidden output
    for W, b in params[:-1]:
        hs.append(f(hs[-1] @ W + b))
    W, b = params[-1]
    logits = hs[-1] @ W + b
    loss = softmax_cross_entropy(logits, labels)
    dz = softmax_cross_entropy_grad(logits, labels).astype(logits.dtype)
    grads = []
    for i in reversed(range(len(params))):
        W, h = params[i][0], hs[i]
        grads.append((h.T @ dz, dz.sum(axis=0)))
        if i > 0:  # the gradient flows on to the layer below
            dz = (dz @ W.T) * slope(h)
    return loss, grads[::-1]


# --8<-- [end:mlp_loss_and_grad]


@checked(_network("params"), _inputs, _an_activation)
# --8<-- [start:mlp_predict]
def mlp_predict(
    params: list[tuple[np.ndarray, np.ndarray]],
    X: np.ndarray,
    *,
    activation: str = "tanh",
) -> np.ndarray:
    """The predicted class of each row of X: the index of its largest logit."""
    return np.argmax(mlp_forward(params, X, activation=activation), axis=1)


# --8<-- [end:mlp_predict]


@checked(_network("grads"))
# --8<-- [start:gradient_norms_per_layer]
def gradient_norms_per_layer(
    grads: list[tuple[np.ndarray, np.ndarray]],
) -> np.ndarray:
    """The size of the gradient at each layer, first to last: the Euclidean
    (Frobenius) norm of its dL/dW. Falling towards the first layer, the
    gradient vanishes; growing, it explodes."""
    return np.array([np.linalg.norm(dW) for dW, _ in grads])


# --8<-- [end:gradient_norms_per_layer]


@checked(_network("params"))
# --8<-- [start:params_to_vector]
def params_to_vector(params: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Every W and b in one 1-D vector, layer by layer (W row by row, then b),
    the form that numerical_gradient and the optimizers' steps take (PyTorch:
    torch.nn.utils.parameters_to_vector)."""
    return np.concatenate([array.ravel() for pair in params for array in pair])


# --8<-- [end:params_to_vector]


@checked(_layer_sizes, _a_vector_for)
# --8<-- [start:vector_to_params]
def vector_to_params(
    theta: np.ndarray, sizes: list[int]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (W, b) pairs of a network of these layer sizes, read back from the
    vector theta that params_to_vector made."""
    params, start = [], 0
    for fan_in, fan_out in pairwise(sizes):
        W = theta[start : start + fan_in * fan_out].reshape(fan_in, fan_out)
        start += fan_in * fan_out
        params.append((W, theta[start : start + fan_out]))
        start += fan_out
    if start != len(theta):
        raise ValueError(f"theta must hold {start} numbers, got {len(theta)}")
    return params


# --8<-- [end:vector_to_params]


# --8<-- [start:class_indices]
def class_indices(labels: np.ndarray) -> np.ndarray:
    """labels as integer class indices. Issue #6's fit passes them as floats:
    they must hold whole numbers (astype(int) alone would turn 0.5 into 0)."""
    labels = np.asarray(labels)
    indices = labels.astype(np.intp)
    if not np.array_equal(indices, labels):
        raise ValueError(f"labels must hold whole numbers, got {labels!r:.60}")
    return indices


# --8<-- [end:class_indices]


@checked(_layer_sizes, _a_vector_for, _inputs, _class_labels, _an_activation)
# --8<-- [start:mlp_vector_loss]
def mlp_vector_loss(
    theta: np.ndarray,
    X: np.ndarray,
    labels: np.ndarray,
    *,
    sizes: list[int],
    activation: str = "tanh",
) -> float:
    """The loss of the network whose params theta packs (vector_to_params):
    loss(theta, X, y), the form issue #6's fit takes (bind sizes and
    activation with functools.partial). Float labels must be whole numbers."""
    params = vector_to_params(theta, sizes)
    logits = mlp_forward(params, X, activation=activation)
    return softmax_cross_entropy(logits, class_indices(labels))


# --8<-- [end:mlp_vector_loss]


@checked(_layer_sizes, _a_vector_for, _inputs, _class_labels, _an_activation)
# --8<-- [start:mlp_vector_grad]
def mlp_vector_grad(
    theta: np.ndarray,
    X: np.ndarray,
    labels: np.ndarray,
    *,
    sizes: list[int],
    activation: str = "tanh",
) -> np.ndarray:
    """Its gradient as one vector, as params_to_vector packs it: grad(theta, X, y)
    for issue #6's fit."""
    params = vector_to_params(theta, sizes)
    labels = class_indices(labels)
    _, grads = mlp_loss_and_grad(params, X, labels, activation=activation)
    return params_to_vector(grads)


# --8<-- [end:mlp_vector_grad]


@checked(
    _network("params"),
    _inputs,
    _class_labels,
    _an_activation,
    integers("repeats"),
)
# --8<-- [start:time_gradients]
def time_gradients(
    params: list[tuple[np.ndarray, np.ndarray]],
    X: np.ndarray,
    labels: np.ndarray,
    *,
    activation: str = "tanh",
    repeats: int = 5,
) -> tuple[float, float]:
    """Seconds to compute the gradient of the network's loss on (X, labels)
    with respect to all its P parameters, (1) by backpropagation,
    mlp_loss_and_grad: one forward and one backward pass, and (2) by
    numerical_gradient of the loss: two forward passes per parameter, 2 P in
    all. The same gradient, two ways; each time is the fastest of `repeats`.
    """
    sizes = [len(params[0][0])] + [len(b) for _, b in params]
    theta = params_to_vector(params)

    def loss(theta: np.ndarray) -> float:
        return mlp_vector_loss(theta, X, labels, sizes=sizes, activation=activation)

    def backpropagation() -> tuple:
        return mlp_loss_and_grad(params, X, labels, activation=activation)

    def numerical() -> np.ndarray:
        return numerical_gradient(loss, theta)

    return tuple(
        min(timeit.repeat(way, number=1, repeat=repeats))
        for way in (backpropagation, numerical)
    )


# --8<-- [end:time_gradients]
