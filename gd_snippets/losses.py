"""Loss functions and their gradients.

Every loss returns one number (the mean over examples); every ``*_grad``
returns the gradient of that number with respect to the predictions, an array
of the same shape.
"""

# --8<-- [start:imports]
import numpy as np

# --8<-- [end:imports]
from gd_snippets._checks import arrays, checked, class_labels, probabilities, same_shape


@checked(arrays("y_pred", "y_true"), same_shape("y_pred", "y_true"))
# --8<-- [start:mse]
def mse(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """Mean squared error: L = mean((y_pred - y_true) ** 2).

    The shapes must match: (4, 1) against (4,) would broadcast to (4, 4).
    Integer input is cast to float first (uint8 or int64 would wrap around).
    """
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if np.shape(y_pred) != np.shape(y_true):
        raise ValueError("y_pred and y_true must have the same shape")
    return float(np.mean((y_pred - y_true) ** 2))


# --8<-- [end:mse]


@checked(arrays("y_pred", "y_true"), same_shape("y_pred", "y_true"))
# --8<-- [start:mse_grad]
def mse_grad(y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
    """Gradient of the MSE with respect to y_pred: 2 * (y_pred - y_true) / n."""
    y_pred, y_true = np.asarray(y_pred, dtype=float), np.asarray(y_true, dtype=float)
    if np.shape(y_pred) != np.shape(y_true):
        raise ValueError("y_pred and y_true must have the same shape")
    return 2 * (y_pred - y_true) / y_pred.size


# --8<-- [end:mse_grad]


@checked(arrays("p", "y"), same_shape("p", "y"), probabilities("p", "y"))
# --8<-- [start:binary_cross_entropy]
def binary_cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy of probabilities p for labels y in [0, 1]:

    L = -mean(y * log(p) + (1 - y) * log(1 - p)).
    p is clipped to [eps, 1 - eps], eps the machine epsilon of float64, so that
    a confident mistake costs a large but finite loss instead of inf.
    """
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if np.shape(p) != np.shape(y):
        raise ValueError("p and y must have the same shape")
    if np.any((y < 0) | (y > 1)):  # -1/+1 labels would give a negative loss
        raise ValueError("y must hold labels in [0, 1], not -1 and +1")
    if np.any((p < 0) | (p > 1)):  # logits would be clipped to a loss near 0
        raise ValueError("p must hold probabilities in [0, 1], not logits")
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


# --8<-- [end:binary_cross_entropy]


@checked(arrays("p", "y"), same_shape("p", "y"), probabilities("p", "y"))
# --8<-- [start:binary_cross_entropy_grad]
def binary_cross_entropy_grad(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the binary cross-entropy with respect to p:

    dL/dp = (p - y) / (p * (1 - p)) / n, with p clipped as in the loss.
    """
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if np.shape(p) != np.shape(y):
        raise ValueError("p and y must have the same shape")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must hold labels in [0, 1], not -1 and +1")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p must hold probabilities in [0, 1], not logits")
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return (p - y) / (p * (1 - p)) / p.size


# --8<-- [end:binary_cross_entropy_grad]


@checked(arrays("z"))
# --8<-- [start:sigmoid]
def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-z)), written as exp(-log(1 + exp(-z)))
    so that no exp ever overflows."""
    z = np.asarray(z, dtype=float)  # -z of a uint8 1 would be 255
    return np.exp(-np.logaddexp(0, -z))


# --8<-- [end:sigmoid]


@checked(arrays("z", "y"), same_shape("z", "y"), probabilities("y"))
# --8<-- [start:binary_cross_entropy_with_logits]
def binary_cross_entropy_with_logits(z: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy of sigmoid(z), computed from the logits z directly:

    L = mean(log(1 + exp(z)) - y * z), with log(1 + exp(z)) = logaddexp(0, z).
    Same value as binary_cross_entropy(sigmoid(z), y), without its clipping.
    """
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if np.shape(z) != np.shape(y):
        raise ValueError("z and y must have the same shape")
    if np.any((y < 0) | (y > 1)):  # -1/+1 labels would give a negative loss
        raise ValueError("y must hold labels in [0, 1], not -1 and +1")
    return float(np.mean(np.logaddexp(0, z) - y * z))


# --8<-- [end:binary_cross_entropy_with_logits]


@checked(arrays("z", "y"), same_shape("z", "y"), probabilities("y"))
# --8<-- [start:binary_cross_entropy_with_logits_grad]
def binary_cross_entropy_with_logits_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the logit form with respect to z: (sigmoid(z) - y) / n."""
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if np.shape(z) != np.shape(y):
        raise ValueError("z and y must have the same shape")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must hold labels in [0, 1], not -1 and +1")
    return (sigmoid(z) - y) / z.size


# --8<-- [end:binary_cross_entropy_with_logits_grad]


@checked(arrays("z"))
# --8<-- [start:logsumexp]
def logsumexp(z: np.ndarray) -> np.ndarray:
    """log(sum(exp(z))) over the last axis, as m + log(sum(exp(z - m))) with
    m = max(z): the largest exponent is exp(0) = 1, so nothing overflows."""
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    return (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))[..., 0]


# --8<-- [end:logsumexp]


@checked(arrays("logits"))
# --8<-- [start:log_softmax]
def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities over the last axis: logits - logsumexp(logits)."""
    logits = np.asarray(logits, dtype=float)
    return logits - logsumexp(logits)[..., None]


# --8<-- [end:log_softmax]


@checked(arrays("logits"))
# --8<-- [start:softmax]
def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities over the last axis: exp(z_k) / sum_j exp(z_j)."""
    return np.exp(log_softmax(logits))


# --8<-- [end:softmax]


@checked(arrays("logits", ndim=2), class_labels("labels", scores="logits"))
# --8<-- [start:softmax_cross_entropy]
def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Cross-entropy of softmax(logits) (n, C) for integer labels (n,):

    L = -mean_i log softmax(logits_i)[labels_i].
    Labels outside [0, C) are refused: numpy would read -100 (PyTorch's
    ignore_index) as class C - 100.
    """
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    if np.shape(labels) != (len(logits),):
        raise ValueError("labels must be a 1-D array, one label per row of logits")
    if not np.issubdtype(labels.dtype, np.integer):  # bools would act as a mask
        raise TypeError(f"labels must hold integer class indices, not {labels.dtype}")
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError(f"labels must be class indices in [0, {logits.shape[1]})")
    rows = np.arange(len(labels))
    return float(-np.mean(log_softmax(logits)[rows, labels]))


# --8<-- [end:softmax_cross_entropy]


@checked(arrays("logits", ndim=2), class_labels("labels", scores="logits"))
# --8<-- [start:softmax_cross_entropy_grad]
def softmax_cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient with respect to the logits: (softmax(logits) - one_hot(labels)) / n.

    Subtracting 1 at each row's label gives the one-hot part without building
    a C x C identity matrix (20 GB for a 50,257-token vocabulary).
    """
    logits, labels = np.asarray(logits, dtype=float), np.asarray(labels)
    if np.shape(labels) != (len(logits),):
        raise ValueError("labels must be a 1-D array, one label per row of logits")
    if not np.issubdtype(labels.dtype, np.integer):  # bools would act as a mask
        raise TypeError(f"labels must hold integer class indices, not {labels.dtype}")
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError(f"labels must be class indices in [0, {logits.shape[1]})")
    grad = softmax(logits)
    grad[np.arange(len(labels)), labels] -= 1
    return grad / len(labels)


# --8<-- [end:softmax_cross_entropy_grad]
