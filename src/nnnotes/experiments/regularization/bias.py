r"""Penalising the bias (answer Q3.a-1; page ``regularization/bias``).

:func:`bias_penalty`: logistic regression on two classes whose boundary lies
far from the origin (:func:`two_blobs`), with an L2 penalty on the weights
only, or on the weights *and* the bias (:func:`fit_logistic`). The model is a
:class:`~nnnotes.layers.Dense` layer trained by :class:`~nnnotes.optim.SGD`
(full batch) on :func:`~nnnotes.losses.binary_cross_entropy`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.experiments.cache import cached
from nnnotes.initializers import zeros
from nnnotes.layers import Dense
from nnnotes.losses import binary_cross_entropy, binary_cross_entropy_grad
from nnnotes.optim import SGD, train

__all__ = ["LogisticFit", "BiasExperiment", "two_blobs", "fit_logistic", "bias_penalty"]


@dataclass(frozen=True)
class LogisticFit:
    r"""A trained logistic regression $p(y=1 \mid x) = \sigma(x^\top w + b)$.

    Attributes
    ----------
    w : ndarray, shape (d,)
    b : float
    accuracy : float
        Fraction of training points on the right side of $x^\top w + b = 0$.
    penalize_bias : bool
        Whether the L2 penalty included $b$.
    """

    w: np.ndarray
    b: float
    accuracy: float
    penalize_bias: bool

    def boundary(self, x1: ArrayLike) -> np.ndarray:
        r"""The decision boundary in 2-D: $x_2 = -(w_1 x_1 + b)/w_2$ at the given $x_1$."""
        if self.w.shape != (2,) or self.w[1] == 0.0:
            raise ValueError(f"boundary needs 2 features and w[1] != 0, got w = {self.w}")
        return -(self.w[0] * np.asarray(x1, dtype=float) + self.b) / self.w[1]


@dataclass(frozen=True)
class BiasExperiment:
    """Both fits of :func:`bias_penalty` on the same data ``X`` (n, 2), ``y`` (n,) in {0, 1}."""

    X: np.ndarray
    y: np.ndarray
    l2: float
    free: LogisticFit
    penalized: LogisticFit


def two_blobs(
    rng: np.random.Generator,
    n: int = 200,
    centers: ArrayLike = ((2.0, 4.0), (4.0, 6.0)),
    spread: float = 0.7,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two Gaussian classes in 2-D: $x = c_y + \text{spread}\cdot\varepsilon$, $\varepsilon \sim \mathcal N(0, I)$.

    The first ``n // 2`` points have label 0 (around ``centers[0]``), the rest
    label 1. With the default centers the best boundary is about
    $x_1 + x_2 = 8$, at distance $\approx 5.7$ from the origin.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,), values 0.0 and 1.0
    """
    rng = check_rng(rng)
    n = check_int(n, "n", low=2)
    c = as_float_array(centers, "centers", ndim=2)
    if c.shape != (2, 2):
        raise ValueError(f"centers must have shape (2, 2), got {c.shape}")
    s = check_scalar(spread, "spread", low=0.0, low_inclusive=False)
    y = (np.arange(n) >= n // 2).astype(float)
    X = c[y.astype(int)] + s * rng.standard_normal((n, 2))
    return X, y


@cached
def fit_logistic(
    X: ArrayLike,
    y: ArrayLike,
    l2: float,
    penalize_bias: bool,
    n_steps: int = 4000,
    lr: float | None = None,
) -> LogisticFit:
    r"""Full-batch gradient descent on L2-penalised logistic regression.

    Minimises $\frac1n\sum_i \mathrm{BCE}(y_i, x_i^\top w + b) + \frac{\lambda}{2}\lVert w\rVert^2$
    (plus $\frac{\lambda}{2} b^2$ when `penalize_bias`), with a ``Dense(d -> 1)``
    layer starting at zero, :func:`~nnnotes.losses.binary_cross_entropy_grad`
    and ``SGD(lr, l2=l2, penalize_bias=penalize_bias)``, run by
    :func:`~nnnotes.optim.train`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,), values in [0, 1]
    l2 : float
        $\lambda \ge 0$.
    penalize_bias : bool
    n_steps : int, default 4000
    lr : float, optional
        Step size. The default is $1.9/M$ with
        $M = \lambda + \lambda_{\max}(\tilde X^\top \tilde X)/(4n)$, a bound on
        the curvature of the objective ($\tilde X$ is $X$ with a column of
        ones), so the iteration is stable (it needs $\eta < 2/M$).

    Returns
    -------
    LogisticFit
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got {X.shape} and {y.shape}")
    lam = check_scalar(l2, "l2", low=0.0)
    steps = check_int(n_steps, "n_steps", low=1)
    if lr is None:
        Xt = np.hstack([X, np.ones((X.shape[0], 1))])
        lr = 1.9 / (lam + np.linalg.eigvalsh(Xt.T @ Xt)[-1] / (4 * X.shape[0]))
    model = Dense(X.shape[1], 1, np.random.default_rng(0), init=zeros)  # starts at 0: `zeros` draws nothing
    opt = SGD(lr, l2=lam, penalize_bias=penalize_bias)
    train(model, binary_cross_entropy, binary_cross_entropy_grad, X, y[:, None], opt, steps)
    w, b = model.params["W"][:, 0].copy(), float(model.params["b"][0])
    accuracy = float(np.mean((X @ w + b > 0.0) == (y > 0.5)))
    return LogisticFit(w, b, accuracy, bool(penalize_bias))


@cached
def bias_penalty(
    rng: np.random.Generator, l2: float = 0.1, n: int = 200, n_steps: int = 4000, **blobs
) -> BiasExperiment:
    r"""Logistic regression on :func:`two_blobs`, with and without a penalty on the bias.

    Same data, same $\lambda$ = `l2` on the weights; only ``penalize_bias``
    differs. Extra keyword arguments (``centers``, ``spread``) go to
    :func:`two_blobs`.

    >>> exp = bias_penalty(np.random.default_rng(0))
    >>> exp.free.accuracy, exp.penalized.accuracy
    (0.975, 0.775)
    """
    X, y = two_blobs(rng, n, **blobs)
    return BiasExperiment(
        X, y, check_scalar(l2, "l2", low=0.0),
        free=fit_logistic(X, y, l2, penalize_bias=False, n_steps=n_steps),
        penalized=fit_logistic(X, y, l2, penalize_bias=True, n_steps=n_steps),
    )
