"""A tiny reverse-mode automatic differentiation on numpy arrays (newsletter
issue #7): what PyTorch's ``loss.backward()`` does, in one class.

A ``Tensor`` wraps an array and remembers how it was made: the tensors it was
computed from (its parents) and, for each, a backward rule that turns the
gradient of the final result with respect to this tensor into the gradient
with respect to that parent. ``backward()`` visits the graph from the result
back to the inputs, in reverse topological order, so that each tensor's
gradient is complete before it is passed on. Karpathy's micrograd does the
same for single numbers; these are arrays, so where an operation broadcast an
operand, its gradient is summed back to the operand's shape. A float32 input
stays float32: Python numbers are cast to the dtype of the tensor they meet.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import Arguments, checked, class_labels
from gd_snippets.networks import (
    _an_activation,
    _class_labels,
    _float_array,
    _inputs,
    _network,
)


def _grad_and_shape(args: Arguments) -> None:
    """grad is an array (numpy scalars too) and shape a tuple of ints that
    broadcasts to grad's shape."""
    grad = args["grad"]
    if isinstance(grad, str | bytes) or np.asarray(grad).dtype.kind not in "biuf":
        raise TypeError(f"grad must be an array of numbers, got {grad!r:.40}")
    args["grad"] = np.asarray(grad)
    shape, target = args["shape"], args["grad"].shape
    try:
        fits = np.broadcast_shapes(tuple(shape), target) == target
    except (TypeError, ValueError):
        fits = False
    if not fits:
        raise ValueError(
            f"shape must broadcast to grad's shape {target}, got {shape!r}"
        )
    args["shape"] = tuple(shape)


@checked(_grad_and_shape)
# --8<-- [start:unbroadcast]
def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The gradient of an operand of this shape that broadcasting stretched
    into grad's shape: summed over the axes broadcasting added (in front) or
    stretched (from size 1), since the operand was used once along each."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


# --8<-- [end:unbroadcast]


# --8<-- [start:Tensor]
class Tensor:
    """An array (value), its gradient (grad, after backward()), and how it was
    made: its parents, and one backward rule per parent, g -> that parent's
    share of g. The operations: a + b, a - b, a * b, -a (b a Tensor or a
    number), a @ b (2-D), a.sum(axis) and a.mean(axis) (all entries, or one
    axis), and a.exp(), a.log(), a.tanh(), a.sigmoid(), a.relu(),
    a.log_softmax() (over the last axis); then loss.backward()."""

    def __init__(self, value, parents=(), rules=()):
        self.value = np.asarray(value)
        self.grad = None  # dL/d(self), same shape as value, after L.backward()
        self.parents, self.rules = parents, rules

    def _lift(self, other):  # a number becomes a constant of our float dtype
        if isinstance(other, Tensor):
            return other
        dtype = self.value.dtype if self.value.dtype.kind == "f" else float
        return Tensor(np.asarray(other, dtype=dtype))

    # --8<-- [start:Tensor_ops]
    def __add__(self, other):
        other = self._lift(other)
        return Tensor(self.value + other.value, (self, other), (lambda g: g,) * 2)

    def __mul__(self, other):
        other = self._lift(other)
        a, b = self.value, other.value
        return Tensor(a * b, (self, other), (lambda g: g * b, lambda g: g * a))

    def __matmul__(self, other):  # (n, k) @ (k, m)
        other = self._lift(other)
        a, b = self.value, other.value
        return Tensor(a @ b, (self, other), (lambda g: g @ b.T, lambda g: a.T @ g))

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-self._lift(other))

    __radd__, __rmul__ = __add__, __mul__
    __array_ufunc__ = None  # array + Tensor: numpy leaves it to Tensor.__radd__

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rmatmul__(self, other):
        return self._lift(other) @ self

    def sum(self, axis=None):
        shape = self.value.shape

        def rule(g):  # every summed entry gets the sum's gradient
            kept = g if axis is None else np.expand_dims(g, axis)
            return np.broadcast_to(kept, shape)

        return Tensor(self.value.sum(axis=axis), (self,), (rule,))

    def mean(self, axis=None):
        count = self.value.size if axis is None else self.value.shape[axis]
        return self.sum(axis=axis) * (1 / count)

    # --8<-- [end:Tensor_ops]
    # --8<-- [start:Tensor_functions]
    def exp(self):
        e = np.exp(self.value)
        return Tensor(e, (self,), (lambda g: g * e,))

    def log(self):
        x = self.value
        return Tensor(np.log(x), (self,), (lambda g: g / x,))

    def tanh(self):
        t = np.tanh(self.value)
        return Tensor(t, (self,), (lambda g: g * (1 - t**2),))

    def sigmoid(self):
        s = 0.5 + 0.5 * np.tanh(0.5 * self.value)  # 1 / (1 + exp(-z)), no overflow
        return Tensor(s, (self,), (lambda g: g * s * (1 - s),))

    def relu(self):
        z = self.value
        return Tensor(np.maximum(z, 0), (self,), (lambda g: g * (z > 0),))

    def log_softmax(self):  # over the last axis, as z - logsumexp(z)
        z = self.value - self.value.max(axis=-1, keepdims=True)
        out = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        p = np.exp(out)  # softmax(z): each row sums to 1

        def rule(g):  # g - softmax * (sum of g over the row)
            return g - p * g.sum(axis=-1, keepdims=True)

        return Tensor(out, (self,), (rule,))

    # --8<-- [end:Tensor_functions]
    # --8<-- [start:Tensor_backward]
    def backward(self):
        """Fill .grad of every tensor this one was computed from with
        d(self)/d(that tensor), self being a single number, a loss (for an
        array, the sum of its entries). Each call starts the grads afresh
        (PyTorch adds to them until zero_grad())."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # depth first: a tensor goes in order after its parents
            t, parents_done = stack.pop()
            if parents_done:
                order.append(t)
            elif id(t) not in seen:
                seen.add(id(t))
                stack.append((t, True))
                stack.extend((parent, False) for parent in t.parents)
        for t in order:
            t.grad = np.zeros_like(t.value)
        self.grad = np.ones_like(self.value)  # dL/dL = 1
        for t in reversed(order):  # from the loss back to the inputs
            for parent, rule in zip(t.parents, t.rules, strict=True):
                share = unbroadcast(rule(t.grad), parent.value.shape)
                parent.grad = parent.grad + share

    # --8<-- [end:Tensor_backward]


# --8<-- [end:Tensor]


def _logits_and_labels(args: Arguments) -> None:
    """logits is a Tensor of finite numbers (B, C), and labels holds one integer
    class index in [0, C) per row of it."""
    logits = args["logits"]
    if not isinstance(logits, Tensor):
        raise TypeError(f"logits must be a Tensor, got {type(logits).__name__}")
    pair = {"labels": args["labels"], "logits": _float_array("logits", logits.value, 2)}
    class_labels("labels", scores="logits")(pair)
    args["labels"] = pair["labels"]


@checked(_logits_and_labels)
# --8<-- [start:cross_entropy]
def cross_entropy(logits: Tensor, labels: np.ndarray) -> Tensor:
    """The mean softmax cross-entropy of logits (B, C) for integer labels (B,):
    -mean over rows of log_softmax(logits) at each row's label, picked by
    multiplying with the one-hot rows (a constant)."""
    one_hot = np.zeros_like(logits.value)
    one_hot[np.arange(len(labels)), labels] = 1
    return -(logits.log_softmax() * one_hot).sum(axis=1).mean()


# --8<-- [end:cross_entropy]


@checked(_network("params"), _inputs, _class_labels, _an_activation)
# --8<-- [start:mlp_loss_and_grad_autodiff]
def mlp_loss_and_grad_autodiff(
    params: list[tuple[np.ndarray, np.ndarray]],
    X: np.ndarray,
    labels: np.ndarray,
    *,
    activation: str = "tanh",
) -> tuple[float, list[tuple[np.ndarray, np.ndarray]]]:
    """What networks.mlp_loss_and_grad returns, the network's loss and its
    (dL/dW, dL/db) per layer, computed by running the forward pass on Tensors
    and calling backward(): no derivative written by hand for the network."""
    tensors = [(Tensor(W), Tensor(b)) for W, b in params]
    h = Tensor(X)
    for W, b in tensors[:-1]:
        h = getattr(h @ W + b, activation)()  # h.tanh(), h.relu(), h.sigmoid()
    W, b = tensors[-1]
    loss = cross_entropy(h @ W + b, labels)
    loss.backward()
    return float(loss.value), [(W.grad, b.grad) for W, b in tensors]


# --8<-- [end:mlp_loss_and_grad_autodiff]
