"""Issue #7's tiny autodiff: every backward rule against numerical_gradient,
broadcasting summed back, the graph walked in reverse topological order, the
network's gradient equal to the hand-written backward pass, float32 kept."""

import numpy as np
import pytest

from gd_snippets.autodiff import (
    Tensor,
    cross_entropy,
    mlp_loss_and_grad_autodiff,
    unbroadcast,
)
from gd_snippets.gradcheck import numerical_gradient, relative_error
from gd_snippets.losses import softmax_cross_entropy, softmax_cross_entropy_grad
from gd_snippets.networks import mlp_init, mlp_loss_and_grad, params_to_vector

ACTIVATIONS = ["tanh", "relu", "sigmoid"]
RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((3, 4))
ROW = RNG.standard_normal(4)
COLUMN = RNG.standard_normal((3, 1))
M = RNG.standard_normal((4, 2))
CONSTANTS = tuple(a.copy() for a in (A, B, ROW, M))

# name: (the operation on Tensors (or arrays: the same code runs on both, for
# the numerical gradient), the input x that is differentiated)
OPERATIONS = {
    "add": (lambda x: x + B, A),
    "add a row (broadcast)": (lambda x: B + x, ROW),
    "add a column (broadcast)": (lambda x: x + B, COLUMN),
    "add a number": (lambda x: x + 2.5, A),
    "number plus": (lambda x: 2.5 + x, A),
    "sub": (lambda x: x - B, A),
    "sub from": (lambda x: B - x, ROW),
    "number minus": (lambda x: 1.0 - x, A),
    "neg": (lambda x: -x, A),
    "mul": (lambda x: x * B, A),
    "mul by a row (broadcast)": (lambda x: B * x, ROW),
    "mul by itself": (lambda x: x * x, A),
    "mul by a number": (lambda x: 3.0 * x, A),
    "matmul left": (lambda x: x @ M, A),
    "matmul right": (lambda x: A @ x, M),
    "sum": (lambda x: x.sum(), A),
    "sum axis 0": (lambda x: x.sum(axis=0), A),
    "sum axis 1": (lambda x: x.sum(axis=1), A),
    "mean": (lambda x: x.mean(), A),
    "mean axis 0": (lambda x: x.mean(axis=0), A),
    "mean axis -1": (lambda x: x.mean(axis=-1), A),
    "exp": (lambda x: x.exp(), A),
    "log": (lambda x: x.log(), np.abs(A) + 0.5),
    "tanh": (lambda x: x.tanh(), A),
    "sigmoid": (lambda x: x.sigmoid(), A * 3),
    "relu": (lambda x: x.relu(), A[np.abs(A) > 1e-3]),
    "log_softmax": (lambda x: x.log_softmax(), A * 2),
    "a tensor used twice": (lambda x: (x * x).tanh() + x.exp(), A),
}


class _Plain:
    """The same operations on a plain array, to run an operation without the
    graph for the numerical gradient."""

    __array_ufunc__ = None  # array + _Plain: numpy leaves it to __radd__

    def __init__(self, value):
        self.value = np.asarray(value, dtype=float)

    def _other(self, other):
        return other.value if isinstance(other, _Plain) else other

    def __add__(self, o):
        return _Plain(self.value + self._other(o))

    __radd__ = __add__

    def __sub__(self, o):
        return _Plain(self.value - self._other(o))

    def __rsub__(self, o):
        return _Plain(self._other(o) - self.value)

    def __mul__(self, o):
        return _Plain(self.value * self._other(o))

    __rmul__ = __mul__

    def __neg__(self):
        return _Plain(-self.value)

    def __matmul__(self, o):
        return _Plain(self.value @ self._other(o))

    def __rmatmul__(self, o):
        return _Plain(self._other(o) @ self.value)

    def sum(self, axis=None):
        return _Plain(self.value.sum(axis=axis))

    def mean(self, axis=None):
        return _Plain(self.value.mean(axis=axis))

    def exp(self):
        return _Plain(np.exp(self.value))

    def log(self):
        return _Plain(np.log(self.value))

    def tanh(self):
        return _Plain(np.tanh(self.value))

    def sigmoid(self):
        return _Plain(1 / (1 + np.exp(-self.value)))

    def relu(self):
        return _Plain(np.maximum(self.value, 0))

    def log_softmax(self):
        z = self.value
        return _Plain(z - np.log(np.exp(z).sum(axis=-1, keepdims=True)))


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_backward_rule_matches_numerical_gradient(name):
    operation, x0 = OPERATIONS[name]
    # a random weight per output entry, so that every entry's gradient counts
    weights = np.random.default_rng(1).standard_normal(
        np.shape(operation(_Plain(x0)).value)
    )
    x = Tensor(x0.copy())
    loss = (operation(x) * weights).sum()
    loss.backward()
    numeric = numerical_gradient(
        lambda v: float(np.sum(operation(_Plain(v)).value * weights)), x0
    )
    assert x.grad.shape == x0.shape
    assert relative_error(x.grad, numeric) < 1e-8, name
    assert loss.value == pytest.approx(np.sum(operation(_Plain(x0)).value * weights))


def test_the_plain_operations_are_the_tensors():
    for name, (operation, x0) in OPERATIONS.items():
        assert np.allclose(operation(Tensor(x0)).value, operation(_Plain(x0)).value), (
            name
        )


def test_unbroadcast_sums_over_the_stretched_axes():
    g = np.ones((2, 3, 4))
    assert unbroadcast(g, (2, 3, 4)) is g
    assert unbroadcast(g, (4,)).tolist() == [6.0] * 4
    assert unbroadcast(g, (3, 1)).tolist() == [[8.0]] * 3
    assert unbroadcast(g, (1, 1, 4)).shape == (1, 1, 4)
    assert unbroadcast(g, ()) == 24.0


def test_both_operands_get_their_gradient_and_constants_are_left_alone():
    a, b = Tensor(A), Tensor(B)
    ((a * b) + a).sum().backward()
    assert np.allclose(a.grad, B + 1) and np.allclose(b.grad, A)


def test_a_graph_with_two_paths_to_a_tensor_adds_both():
    # y = tanh(x) feeds both w1 * y and exp(y): dL/dy is complete only after
    # both uses, which the reverse topological order guarantees
    x = Tensor(np.array([0.3, -1.2]))
    y = x.tanh()
    loss = (y * 2.0 + y.exp() + (y * y).sum()).sum()
    loss.backward()
    t = np.tanh(x.value)
    expected = (2 + np.exp(t) + 2 * 2 * t) * (
        1 - t**2
    )  # the (y*y).sum() is added twice
    assert np.allclose(x.grad, expected)


def test_backward_starts_afresh_each_time():
    x = Tensor(A)
    loss = (x * x).sum()
    loss.backward()
    first = x.grad.copy()
    loss.backward()
    assert np.array_equal(x.grad, first)
    assert np.array_equal(first, 2 * A)


def test_a_long_chain_of_operations_does_not_overflow_the_stack():
    x = Tensor(np.array([1.0, 2.0]))
    y = x
    for _ in range(5000):
        y = y + x * 0.001
    y.sum().backward()
    assert np.allclose(x.grad, 1 + 5000 * 0.001)


def test_cross_entropy_is_issue_1s_and_its_gradient_too():
    logits = RNG.standard_normal((6, 3)) * 3
    labels = np.array([0, 2, 1, 1, 0, 2])
    z = Tensor(logits)
    loss = cross_entropy(z, labels)
    loss.backward()
    assert float(loss.value) == pytest.approx(
        softmax_cross_entropy(logits, labels), rel=1e-14
    )
    assert np.allclose(
        z.grad, softmax_cross_entropy_grad(logits, labels), rtol=1e-12, atol=1e-15
    )


def test_cross_entropy_of_huge_logits_stays_finite():
    z = Tensor(np.array([[1000.0, -1000.0], [0.0, 800.0]]))
    loss = cross_entropy(z, np.array([1, 1]))
    loss.backward()
    assert float(loss.value) == pytest.approx(1000.0)
    assert np.all(np.isfinite(z.grad))


# ------------------------------------------------- the network, both ways


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", [[3, 3], [3, 6, 3], [3, 5, 4, 3], [3, 8, 8, 8, 2]])
def test_autodiff_equals_the_hand_written_backward_pass(activation, sizes):
    rng = np.random.default_rng(2)
    X, labels = rng.standard_normal((9, 3)), rng.integers(0, sizes[-1], 9)
    params = mlp_init(sizes, seed=3)
    loss, grads = mlp_loss_and_grad_autodiff(params, X, labels, activation=activation)
    expected, expected_grads = mlp_loss_and_grad(
        params, X, labels, activation=activation
    )
    assert loss == pytest.approx(expected, rel=1e-14)
    assert (
        relative_error(params_to_vector(grads), params_to_vector(expected_grads))
        < 1e-13
    )
    assert [(dW.shape, db.shape) for dW, db in grads] == [
        (W.shape, b.shape) for W, b in params
    ]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_float32_stays_float32(activation):
    rng = np.random.default_rng(4)
    X, labels = rng.standard_normal((9, 3)).astype(np.float32), rng.integers(0, 3, 9)
    params = [
        (W.astype(np.float32), b.astype(np.float32))
        for W, b in mlp_init([3, 5, 3], seed=4)
    ]
    _, grads = mlp_loss_and_grad_autodiff(params, X, labels, activation=activation)
    assert all(dW.dtype == db.dtype == np.float32 for dW, db in grads)
    expected = mlp_loss_and_grad(params, X, labels, activation=activation)[1]
    assert (
        relative_error(
            params_to_vector(grads).astype(float),
            params_to_vector(expected).astype(float),
        )
        < 1e-5
    )
    # every operation, numbers included, keeps float32
    for name, (operation, x0) in OPERATIONS.items():
        x = Tensor(x0.astype(np.float32))
        out = operation(x)
        out.sum().backward()
        assert out.value.dtype == np.float32 and x.grad.dtype == np.float32, name


def test_inputs_are_never_changed():
    rng = np.random.default_rng(5)
    X, labels = rng.standard_normal((9, 3)), rng.integers(0, 3, 9)
    params = mlp_init([3, 5, 3], seed=5)
    before = [a.copy() for pair in params for a in pair] + [X.copy(), labels.copy()]
    for activation in ACTIVATIONS:
        mlp_loss_and_grad_autodiff(params, X, labels, activation=activation)
    after = [a for pair in params for a in pair] + [X, labels]
    assert all(np.array_equal(u, v) for u, v in zip(before, after, strict=True))
    for operation, x0 in OPERATIONS.values():
        kept = x0.copy()
        operation(Tensor(x0)).sum().backward()
        assert np.array_equal(x0, kept)
    assert all(
        np.array_equal(u, v) for u, v in zip(CONSTANTS, (A, B, ROW, M), strict=True)
    )


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.uint64, np.int64])
def test_labels_of_any_integer_dtype(dtype):
    rng = np.random.default_rng(6)
    X, labels = rng.standard_normal((9, 3)), rng.integers(0, 3, 9)
    params = mlp_init([3, 4, 3], seed=6)
    loss, grads = mlp_loss_and_grad_autodiff(params, X, labels.astype(dtype))
    expected, expected_grads = mlp_loss_and_grad_autodiff(params, X, labels)
    assert loss == expected
    assert np.array_equal(params_to_vector(grads), params_to_vector(expected_grads))


def test_a_batch_of_a_hundred_thousand_rows():
    rng = np.random.default_rng(7)
    X, labels = rng.standard_normal((100_000, 2)), rng.integers(0, 2, 100_000)
    params = mlp_init([2, 16, 2], seed=7)
    _, grads = mlp_loss_and_grad_autodiff(params, X, labels)
    _, expected = mlp_loss_and_grad(params, X, labels)
    assert relative_error(params_to_vector(grads), params_to_vector(expected)) < 1e-12


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: mlp_loss_and_grad_autodiff(
                mlp_init([3, 2], seed=0), np.ones((4, 2)), np.zeros(4, int)
            ),
            ValueError,
            r"X must have one column per input of the network \(3\)",
        ),
        (
            lambda: mlp_loss_and_grad_autodiff(
                mlp_init([3, 2], seed=0), np.ones((4, 3)), np.full(4, 2)
            ),
            ValueError,
            r"labels must hold class indices in \[0, 2\)",
        ),
        (
            lambda: mlp_loss_and_grad_autodiff(
                mlp_init([3, 2], seed=0),
                np.ones((4, 3)),
                np.zeros(4, int),
                activation="gelu",
            ),
            ValueError,
            "activation must be",
        ),
        (
            lambda: mlp_loss_and_grad_autodiff(
                [np.ones((3, 2))], np.ones((4, 3)), np.zeros(4, int)
            ),
            TypeError,
            r"params\[0\] must be a pair",
        ),
        (
            lambda: unbroadcast(np.ones((2, 3)), (2,)),
            ValueError,
            r"shape must broadcast to grad's shape \(2, 3\)",
        ),
        (lambda: unbroadcast(np.ones((2, 3)), "3"), ValueError, "shape must broadcast"),
        (lambda: unbroadcast("g", (1,)), TypeError, "grad must be an array of numbers"),
        (
            lambda: cross_entropy(np.ones((2, 3)), np.zeros(2, int)),
            TypeError,
            "logits must be a Tensor",
        ),
        (
            lambda: cross_entropy(Tensor(np.ones(3)), np.zeros(3, int)),
            ValueError,
            "logits must be a 2-D array",
        ),
        (
            lambda: cross_entropy(Tensor(np.ones((2, 3))), np.array([0, 3])),
            ValueError,
            r"labels must hold class indices in \[0, 3\)",
        ),
        (
            lambda: cross_entropy(Tensor(np.ones((2, 3))), np.array([0.0, 1.0])),
            TypeError,
            "labels must hold integer class indices",
        ),
        (
            lambda: cross_entropy(Tensor(np.ones((2, 3))), np.array([0])),
            ValueError,
            r"labels must be a 1-D array with one label per row of logits \(2\)",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
