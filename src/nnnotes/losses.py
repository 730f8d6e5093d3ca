r"""Loss functions, their gradients, and the softmax family.

Every loss is averaged over the $n$ samples (the first axis) and summed over
outputs; each ``loss`` sits next to ``loss_grad``, its gradient with respect to
the prediction / logits, so the gradients already carry the $1/n$ factor.

* ``mse``: $\frac{1}{n}\sum_i \lVert \hat y_i - y_i \rVert^2$ (no $\tfrac12$),
  gradient $\frac{2}{n}(\hat y - y)$.
* ``cross_entropy``: integer labels and raw logits, gradient
  $(\mathrm{softmax}(z) - \mathrm{onehot}(y)) / n$.
* ``binary_cross_entropy``: targets in $[0, 1]$ and raw logits, gradient
  $(\sigma(z) - y) / n$.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, check_labels, check_same_shape
from .activations import sigmoid

__all__ = [
    "mse",
    "mse_grad",
    "softmax",
    "log_softmax",
    "cross_entropy",
    "cross_entropy_grad",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
]


def _pair(y_true: ArrayLike, y_pred: ArrayLike, pred_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate a (target, prediction) pair of equal shape, 1-D or 2-D, n >= 1."""
    t = as_float_array(y_true, "y_true", ndim=(1, 2))
    p = as_float_array(y_pred, pred_name, ndim=(1, 2))
    check_same_shape(t, p, "y_true", pred_name)
    if t.shape[0] == 0:
        raise ValueError(f"need at least one sample, got {pred_name} of shape {p.shape}")
    return t, p


# --- mean squared error ------------------------------------------------------


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""Mean squared error, averaged over samples and summed over outputs.

    $$L = \frac{1}{n}\sum_{i=1}^{n}\sum_{j} (\hat y_{ij} - y_{ij})^2$$

    (no factor $\tfrac12$; for a single output this is the usual mean of squares).

    Parameters
    ----------
    y_true, y_pred : array_like, shape (n,) or (n, k)
        Targets and predictions, same shape.

    Returns
    -------
    float
    """
    t, p = _pair(y_true, y_pred, "y_pred")
    r = p - t
    return float(np.vdot(r, r) / t.shape[0])


def mse_grad(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    r"""Gradient of [`mse`][nnnotes.losses.mse] with respect to `y_pred`: $\frac{2}{n}(\hat y - y)$.

    Parameters
    ----------
    y_true, y_pred : array_like, shape (n,) or (n, k)

    Returns
    -------
    ndarray, same shape as `y_pred`
    """
    t, p = _pair(y_true, y_pred, "y_pred")
    return (2.0 / t.shape[0]) * (p - t)


# --- softmax -----------------------------------------------------------------


def _log_softmax(z: np.ndarray) -> np.ndarray:
    s = z - z.max(axis=-1, keepdims=True)
    s -= np.log(np.exp(s).sum(axis=-1, keepdims=True))
    return s


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax(z: ArrayLike) -> np.ndarray:
    r"""Softmax over the last axis, $\mathrm{softmax}(z)_c = e^{z_c} / \sum_k e^{z_k}$.

    Computed after shifting by $\max_k z_k$ (which leaves the result unchanged),
    so no exponential overflows.

    Parameters
    ----------
    z : array_like, shape (..., C), C >= 1
        Finite logits.

    Returns
    -------
    ndarray, same shape as `z`
        Non-negative, summing to 1 along the last axis.
    """
    return _softmax(as_float_array(z, "z", min_ndim=1))


def log_softmax(z: ArrayLike) -> np.ndarray:
    r"""Log of the softmax over the last axis, stable for large logits.

    $$\log \mathrm{softmax}(z)_c = (z_c - m) - \log \sum_k e^{z_k - m},
    \qquad m = \max_k z_k.$$

    The sum is at least 1, so the result is finite for all finite `z`.

    Parameters
    ----------
    z : array_like, shape (..., C), C >= 1

    Returns
    -------
    ndarray, same shape as `z`
        Non-positive values.
    """
    return _log_softmax(as_float_array(z, "z", min_ndim=1))


# --- cross-entropy on integer labels ----------------------------------------


def _labels_logits(labels: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(logits, "logits", ndim=2)
    n, c = z.shape
    if n == 0 or c == 0:
        raise ValueError(f"logits must have at least one sample and one class, got shape {z.shape}")
    return check_labels(labels, n, c), z


def cross_entropy(labels: ArrayLike, logits: ArrayLike) -> float:
    r"""Softmax cross-entropy for integer class labels, averaged over samples.

    $$L = -\frac{1}{n}\sum_{i=1}^{n} \log \mathrm{softmax}(z_i)_{y_i}$$

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        Class indices in $[0, C)$.
    logits : array_like, shape (n, C)
        Raw scores $z$ (before softmax).

    Returns
    -------
    float
    """
    y, z = _labels_logits(labels, logits)
    logp = _log_softmax(z)
    return float(-logp[np.arange(y.shape[0]), y].mean())


def cross_entropy_grad(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    r"""Gradient of [`cross_entropy`][nnnotes.losses.cross_entropy] with respect to the logits.

    $$\frac{\partial L}{\partial z} = \frac{1}{n}\bigl(\mathrm{softmax}(z) - \mathrm{onehot}(y)\bigr)$$

    Parameters
    ----------
    labels : array_like of int, shape (n,)
    logits : array_like, shape (n, C)

    Returns
    -------
    ndarray, shape (n, C)
    """
    y, z = _labels_logits(labels, logits)
    return _cross_entropy_grad(y, z)


def _cross_entropy_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    g = _softmax(z)
    n = y.shape[0]
    g[np.arange(n), y] -= 1.0
    g *= 1.0 / n
    return g


# --- binary cross-entropy on logits -----------------------------------------


def binary_cross_entropy(y_true: ArrayLike, logits: ArrayLike) -> float:
    r"""Binary cross-entropy on logits, averaged over samples, summed over outputs.

    With $\sigma$ the sigmoid and the identity
    $-y\log\sigma(z) - (1-y)\log(1-\sigma(z)) = \log(1 + e^{z}) - y z$,

    $$L = \frac{1}{n}\sum_{i,j} \bigl(\mathrm{softplus}(z_{ij}) - y_{ij} z_{ij}\bigr),$$

    where $\mathrm{softplus}(z) = \log(1+e^z)$ is evaluated with
    ``np.logaddexp(0, z)`` (no overflow).

    Parameters
    ----------
    y_true : array_like, shape (n,) or (n, k)
        Targets in $[0, 1]$ (hard 0/1 labels or probabilities).
    logits : array_like, same shape as `y_true`
        Raw scores $z$.

    Returns
    -------
    float
    """
    t, z = _binary_pair(y_true, logits)
    return float((np.logaddexp(0.0, z) - t * z).sum() / t.shape[0])


def binary_cross_entropy_grad(y_true: ArrayLike, logits: ArrayLike) -> np.ndarray:
    r"""Gradient of [`binary_cross_entropy`][nnnotes.losses.binary_cross_entropy] w.r.t. the logits: $(\sigma(z) - y)/n$.

    Parameters
    ----------
    y_true : array_like, shape (n,) or (n, k)
    logits : array_like, same shape

    Returns
    -------
    ndarray, same shape as `logits`
    """
    t, z = _binary_pair(y_true, logits)
    g = sigmoid(z, check_finite=False)  # z was checked by _binary_pair
    g -= t
    g *= 1.0 / t.shape[0]
    return g


def _binary_pair(y_true: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t, z = _pair(y_true, logits, "logits")
    if t.min() < 0.0 or t.max() > 1.0:
        bad = t.min() if t.min() < 0.0 else t.max()
        raise ValueError(f"y_true must lie in [0, 1] for binary cross-entropy, got {bad}")
    return t, z
