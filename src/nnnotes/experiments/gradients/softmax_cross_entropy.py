r"""The softmax cross-entropy gradient of a linear classifier (answer Q3.d; page ``gradients/softmax-cross-entropy``).

:func:`softmax_regression_loss` and its gradient :func:`softmax_regression_grad`,
$\frac1n X^\top(\hat Y - \mathrm{onehot}(m))$.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_labels
from nnnotes.losses import cross_entropy, cross_entropy_grad

__all__ = ["softmax_regression_loss", "softmax_regression_grad"]


def _classifier_inputs(W: ArrayLike, X: ArrayLike, labels: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W = as_float_array(W, "W", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X has {X.shape[1]} features but W has {W.shape[0]} rows (W must be (d, C))")
    return W, X, check_labels(labels, X.shape[0], W.shape[1])


def softmax_regression_loss(W: ArrayLike, X: ArrayLike, labels: ArrayLike) -> float:
    r"""Mean softmax cross-entropy of the linear classifier $u = XW$.

    $$\mathcal L(W) = -\frac1n \sum_{s=1}^{n} \log \hat y_{s, m_s},
    \qquad \hat y_s = \mathrm{softmax}(x_s W),$$

    with $m_s$ the true class of sample $s$.

    Parameters
    ----------
    W : array_like, shape (d, C)
    X : array_like, shape (n, d)
    labels : array_like of int, shape (n,)

    Returns
    -------
    float
    """
    W, X, labels = _classifier_inputs(W, X, labels)
    return cross_entropy(labels, X @ W)


def softmax_regression_grad(W: ArrayLike, X: ArrayLike, labels: ArrayLike) -> np.ndarray:
    r"""Gradient of :func:`softmax_regression_loss`: $\frac1n X^\top(\hat Y - \mathrm{onehot}(m))$.

    Entry by entry, $\partial\mathcal L/\partial W_{ij} = \frac1n\sum_s x_{si}
    (\hat y_{sj} - \mathbb 1\{j = m_s\})$; for one sample it is the outer
    product $x(\hat y - e_m)^\top$, so row $i$ is zero when $x_i = 0$.

    Parameters
    ----------
    W : array_like, shape (d, C)
    X : array_like, shape (n, d)
    labels : array_like of int, shape (n,)

    Returns
    -------
    ndarray, shape (d, C)
    """
    W, X, labels = _classifier_inputs(W, X, labels)
    return X.T @ cross_entropy_grad(labels, X @ W)
