r"""The softmax cross-entropy gradient of a linear classifier (answer Q3.d; page ``gradients/softmax-cross-entropy``).

:func:`softmax_regression_loss` and its gradient :func:`softmax_regression_grad`,
$\frac1n X^\top(\hat Y - \mathrm{onehot}(m))$; the Jacobian of softmax
(:func:`softmax_jacobian`); and the gradient with respect to the true class's
logit under cross-entropy and under the squared error, as that logit is swept
(:func:`true_logit_sweep`, the data of the figure ``softmax-gradient-size``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_labels
from nnnotes.losses import cross_entropy, cross_entropy_grad, softmax

__all__ = ["softmax_regression_loss", "softmax_regression_grad", "softmax_jacobian", "LogitSweep", "true_logit_sweep"]


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


def softmax_jacobian(u: ArrayLike) -> np.ndarray:
    r"""Jacobian of softmax at the logits `u`: $J = \operatorname{diag}(\hat y) - \hat y \hat y^\top$.

    Entry $J_{ij} = \partial \hat y_i / \partial u_j = \hat y_i(\mathbb 1\{i = j\} - \hat y_j)$
    with $\hat y = \mathrm{softmax}(u)$. $J$ is symmetric, its rows sum to 0 and
    its diagonal is at most $\tfrac14$; it tends to 0 as $\hat y$ tends to a
    one-hot vector (saturation).

    Parameters
    ----------
    u : array_like, shape (..., C), C >= 1
        Finite logits; leading axes are a batch.

    Returns
    -------
    ndarray, shape (..., C, C)
    """
    p = softmax(as_float_array(u, "u", min_ndim=1))
    J = -p[..., :, None] * p[..., None, :]
    diagonal = np.arange(p.shape[-1])
    J[..., diagonal, diagonal] += p
    return J


@dataclass(frozen=True)
class LogitSweep:
    r"""True-class entries of the gradient with respect to the logits, as the true logit varies.

    The true class is class 0 with logit $u_m$; the other ``n_classes - 1``
    logits are 0. For one sample:

    * cross-entropy $-\log \hat y_m$: $\partial\mathcal L/\partial u_m = \hat y_m - 1$;
    * squared error $\lVert \hat y - e_m \rVert^2$ (as :func:`nnnotes.losses.mse`
      for one sample): $\nabla_u \mathcal L = 2 J (\hat y - e_m)$, whose
      entry $m$ is $2 \hat y_m (2 \hat y_m - 1 - \sum_k \hat y_k^2)$.

    Attributes
    ----------
    true_logit : ndarray, shape (k,)
        The values of $u_m$.
    probability : ndarray, shape (k,)
        $\hat y_m$.
    cross_entropy : ndarray, shape (k,)
        $\partial\mathcal L/\partial u_m$ for cross-entropy (negative).
    squared_error : ndarray, shape (k,)
        $\partial\mathcal L/\partial u_m$ for the squared error (at most 0).
    n_classes : int
    """

    true_logit: np.ndarray
    probability: np.ndarray
    cross_entropy: np.ndarray
    squared_error: np.ndarray
    n_classes: int


def true_logit_sweep(true_logits: ArrayLike, n_classes: int = 3) -> LogitSweep:
    r"""Gradients of cross-entropy and of the squared error at each true-class logit.

    Computed from the definitions: $\hat y = \mathrm{softmax}(u)$ with
    $u = (u_m, 0, \dots, 0)$, then $\hat y - e_m$ for cross-entropy and
    $J^\top\, 2(\hat y - e_m)$ with $J$ from :func:`softmax_jacobian` for the
    squared error. See :class:`LogitSweep`.

    Parameters
    ----------
    true_logits : array_like, shape (k,)
        Finite values of the true class's logit.
    n_classes : int, default 3
        $C \ge 2$.

    Returns
    -------
    LogitSweep
    """
    z = as_float_array(true_logits, "true_logits", ndim=1)
    C = check_int(n_classes, "n_classes", low=2)
    U = np.zeros((z.shape[0], C))
    U[:, 0] = z
    p = softmax(U)
    error = p - np.eye(C)[0]
    squared_error = np.einsum("kij,ki->kj", softmax_jacobian(U), 2.0 * error)
    return LogitSweep(z, p[:, 0], error[:, 0], squared_error[:, 0], C)
