r"""Training on noisy inputs is ridge regression (answer Q3.b; page ``regularization/input-noise``).

:func:`noise_vs_ridge`: gradient descent on freshly noised inputs against the
ridge solution with $\lambda = \sigma^2$; :func:`expected_noisy_loss`: the
expected loss under input (or weight) noise, by Monte Carlo.
:func:`dropout_penalty`, :func:`dropout_ridge` and :func:`expected_dropout_loss`:
dropout on the inputs of a linear model is ridge with one strength per weight,
$\frac{p}{1-p}\cdot\frac1n\sum_i x_{ij}^2$ (Wager, Wang and Liang, 2013).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.experiments.cache import cached
from nnnotes.experiments.regularization.linear_model import train_linear
from nnnotes.linear_regression import fit_closed_form
from nnnotes.optim import SGD

__all__ = [
    "NoiseRidgeExperiment",
    "noise_vs_ridge",
    "expected_noisy_loss",
    "dropout_penalty",
    "dropout_ridge",
    "expected_dropout_loss",
]


@dataclass(frozen=True)
class NoiseRidgeExperiment:
    r"""Result of :func:`noise_vs_ridge`.

    Attributes
    ----------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,)
        The clean training data.
    sigma : float
        Input-noise standard deviation; the matching ridge weight is $\lambda = \sigma^2$.
    w_ridge, w_ols : ndarray, shape (d,)
        Closed-form ridge ($\lambda = \sigma^2$) and unregularised solutions.
    trajectory : ndarray, shape (n_steps + 1, d)
        Iterates of gradient descent on noised inputs.
    averaged : ndarray, shape (n_steps + 1, d)
        Polyak (tail) averages: row $t$ is the mean of the iterates
        ``burn_in .. t`` for $t \ge$ ``burn_in``, the iterate itself before.
    burn_in : int
    """

    X: np.ndarray
    y: np.ndarray
    sigma: float
    w_ridge: np.ndarray
    w_ols: np.ndarray
    trajectory: np.ndarray
    averaged: np.ndarray
    burn_in: int

    def distance(self, to: str = "ridge", averaged: bool = True) -> np.ndarray:
        r"""$\lVert w_t - w_\text{to}\rVert_2$ for every step $t$, shape (n_steps + 1,); `to` is "ridge" or "ols"."""
        if to not in ("ridge", "ols"):
            raise ValueError(f"to must be 'ridge' or 'ols', got {to!r}")
        target = self.w_ridge if to == "ridge" else self.w_ols
        path = self.averaged if averaged else self.trajectory
        return np.linalg.norm(path - target, axis=1)

    @property
    def relative_distance(self) -> float:
        r"""$\lVert \bar w - w_\text{ridge}\rVert / \lVert w_\text{ridge}\rVert$ for the final averaged iterate $\bar w$."""
        return float(self.distance()[-1] / np.linalg.norm(self.w_ridge))


@cached
def noise_vs_ridge(
    rng: np.random.Generator,
    sigma: float = 0.5,
    n: int = 100,
    d: int = 5,
    lr: float = 0.05,
    n_steps: int = 2000,
    burn_in: int | None = None,
) -> NoiseRidgeExperiment:
    r"""Gradient descent on freshly noised inputs converges to ridge with $\lambda = \sigma^2$.

    Data: $X$ (n, d) with $\mathcal N(0, 1)$ entries, $w_\text{true} \sim \mathcal N(0, I)$,
    $y = X w_\text{true} + 0.5\,\varepsilon$. Training: :func:`~nnnotes.experiments.regularization.linear_model.train_linear`
    with ``input_noise=sigma`` and plain ``SGD(lr)`` (no penalty). Since
    $\mathbb E[\tilde X^\top \tilde X]/n = X^\top X/n + \sigma^2 I$ and
    $\mathbb E[\tilde X^\top y] = X^\top y$, the expected gradient is exactly the
    ridge gradient $-\frac1n X^\top(y - Xw) + \sigma^2 w$. Constant-step
    iterates fluctuate around $w_\text{ridge}$; their tail average converges to it.

    Parameters
    ----------
    burn_in : int, optional
        First step included in the average (default ``n_steps // 5``).
    """
    rng = check_rng(rng)
    sigma = check_scalar(sigma, "sigma", low=0.0)
    n = check_int(n, "n", low=1)
    d = check_int(d, "d", low=1)
    steps = check_int(n_steps, "n_steps", low=1)
    start = steps // 5 if burn_in is None else check_int(burn_in, "burn_in", low=0)
    if start > steps:
        raise ValueError(f"burn_in must be <= n_steps = {steps}, got {start}")
    X = rng.standard_normal((n, d))
    y = X @ rng.standard_normal(d) + 0.5 * rng.standard_normal(n)
    w_ridge = fit_closed_form(X, y, fit_intercept=False, l2=sigma**2).coef
    w_ols = fit_closed_form(X, y, fit_intercept=False).coef
    trajectory = train_linear(X, y, SGD(lr), steps, input_noise=sigma, rng=rng)
    averaged = trajectory.copy()
    averaged[start:] = np.cumsum(trajectory[start:], axis=0) / np.arange(1, steps - start + 2)[:, None]
    return NoiseRidgeExperiment(X, y, sigma, w_ridge, w_ols, trajectory, averaged, start)


def expected_noisy_loss(
    X: ArrayLike,
    y: ArrayLike,
    w: ArrayLike,
    sigma: float,
    rng: np.random.Generator,
    n_draws: int = 2000,
    on: str = "inputs",
) -> float:
    r"""Monte Carlo estimate of the expected squared loss when Gaussian noise is added.

    With ``on="inputs"``: the mean over `n_draws` of
    $\frac{1}{2n}\lVert y - (X + \sigma S) w\rVert^2$, which should equal
    $\frac{1}{2n}\lVert y - Xw\rVert^2 + \frac{\sigma^2}{2}\lVert w\rVert^2$.
    With ``on="weights"``: the mean of $\frac{1}{2n}\lVert y - X(w + \sigma s)\rVert^2$,
    which should equal $\frac{1}{2n}\lVert y - Xw\rVert^2 + \frac{\sigma^2}{2n}\lVert X\rVert_F^2$
    (a constant that does not depend on $w$).

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    w : array_like, shape (d,)
    sigma : float
    rng : numpy.random.Generator
    n_draws : int, default 2000
    on : {"inputs", "weights"}

    Returns
    -------
    float
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    if y.shape[0] != X.shape[0] or w.shape[0] != X.shape[1]:
        raise ValueError(f"need X (n, d), y (n,), w (d,), got {X.shape}, {y.shape}, {w.shape}")
    sigma = check_scalar(sigma, "sigma", low=0.0)
    rng = check_rng(rng)
    draws = check_int(n_draws, "n_draws", low=1)
    n, d = X.shape
    if on == "inputs":
        # (X + sigma S) w = X w + sigma (S w), with S w ~ N(0, ||w||^2 I_n) for each draw.
        noise = sigma * (rng.standard_normal((draws, n, d)) @ w)
        pred = X @ w + noise
    elif on == "weights":
        pred = (w + sigma * rng.standard_normal((draws, d))) @ X.T
    else:
        raise ValueError(f"on must be 'inputs' or 'weights', got {on!r}")
    return float(np.mean(np.sum((y - pred) ** 2, axis=1)) / (2 * n))


# --- dropout: an L2 penalty that adapts to each feature ----------------------------


def _dropout_rate(p: float) -> float:
    return check_scalar(p, "p", low=0.0, high=1.0, high_inclusive=False)


def _check_xy(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got {X.shape} and {y.shape}")
    return X, y


def dropout_penalty(X: ArrayLike, p: float) -> np.ndarray:
    r"""Per-weight ridge strengths equivalent to dropout on the inputs.

    Inverted dropout keeps each input with probability $1 - p$ and scales the
    kept ones by $1/(1 - p)$: $\tilde x_{ij} = x_{ij}\,\delta_{ij}/(1 - p)$ with
    independent $\delta_{ij} \sim \mathrm{Bernoulli}(1 - p)$. Its expected squared
    loss is
    $\frac{1}{2n}\lVert y - Xw\rVert^2 + \frac12 \sum_j \lambda_j w_j^2$ with

    $$\lambda_j = \frac{p}{1 - p}\cdot\frac1n\sum_i x_{ij}^2 .$$

    Parameters
    ----------
    X : array_like, shape (n, d)
    p : float
        Drop probability, $0 \le p < 1$.

    Returns
    -------
    ndarray, shape (d,)
        The strengths $\lambda_j$.
    """
    X = as_float_array(X, "X", ndim=2)
    p = _dropout_rate(p)
    return p / (1.0 - p) * np.mean(X**2, axis=0)


def dropout_ridge(X: ArrayLike, y: ArrayLike, p: float) -> np.ndarray:
    r"""Minimizer of the expected dropout loss of a linear model (no intercept).

    Solves $\left(X^\top X + \frac{p}{1-p}\operatorname{diag}(X^\top X)\right) w = X^\top y$, the
    normal equations of ridge with the strengths of :func:`dropout_penalty`.
    Rescaling a column of `X` by $c \neq 0$ divides its weight by $c$ and leaves
    the predictions $Xw$ unchanged.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    p : float
        Drop probability, $0 \le p < 1$.

    Returns
    -------
    ndarray, shape (d,)
    """
    X, y = _check_xy(X, y)
    n = X.shape[0]
    A = X.T @ X + n * np.diag(dropout_penalty(X, p))
    return np.linalg.solve(A, X.T @ y)


def expected_dropout_loss(
    X: ArrayLike,
    y: ArrayLike,
    w: ArrayLike,
    p: float,
    rng: np.random.Generator,
    n_draws: int = 2000,
) -> float:
    r"""Monte Carlo estimate of the squared loss under inverted dropout on the inputs.

    The mean over `n_draws` masks of $\frac{1}{2n}\lVert y - \tilde X w\rVert^2$ with
    $\tilde X = X \odot M / (1 - p)$, each entry of $M$ an independent
    Bernoulli($1 - p$). It should equal
    $\frac{1}{2n}\lVert y - Xw\rVert^2 + \frac12\sum_j \lambda_j w_j^2$ with the
    $\lambda_j$ of :func:`dropout_penalty`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    w : array_like, shape (d,)
    p : float
        Drop probability, $0 \le p < 1$.
    rng : numpy.random.Generator
    n_draws : int, default 2000

    Returns
    -------
    float
    """
    X, y = _check_xy(X, y)
    w = as_float_array(w, "w", ndim=1)
    if w.shape[0] != X.shape[1]:
        raise ValueError(f"w must have shape ({X.shape[1]},) to match X {X.shape}, got {w.shape}")
    p = _dropout_rate(p)
    rng = check_rng(rng)
    draws = check_int(n_draws, "n_draws", low=1)
    n = X.shape[0]
    keep = rng.random((draws,) + X.shape) >= p
    pred = np.einsum("knd,d->kn", keep * X, w) / (1.0 - p)
    return float(np.mean(np.sum((y - pred) ** 2, axis=1)) / (2 * n))
