r"""Data for the regularization chapter: biases, L1 sparsity, and input noise.

Three experiments, each a pure function of its arguments and an explicit
``numpy.random.Generator``:

* :func:`bias_penalty` (answer Q3.a-1): logistic regression on two classes
  whose boundary lies far from the origin, with an L2 penalty on the weights
  only, or on the weights *and* the bias;
* :func:`l1_sparsity`, :func:`l1_path` and :func:`l1_geometry` (Q3.a-2):
  proximal L1, subgradient L1 and L2 on one sparse regression problem; the
  lasso path; the constrained optimum on the L1 and L2 balls in 2-D;
* :func:`noise_vs_ridge` and :func:`expected_noisy_loss` (Q3.b): gradient
  descent on freshly noised inputs against the ridge solution with
  $\lambda = \sigma^2$.

Every model is trained with the library's own pieces: a
:class:`~nnnotes.layers.Dense` layer, a loss gradient from
:mod:`nnnotes.losses`, and :class:`~nnnotes.optim.SGD` (full batch).
The linear-regression objective follows :mod:`nnnotes.linear_regression`:

$$L(w) = \frac{1}{2n}\lVert y - Xw\rVert^2 + \frac{\lambda_2}{2}\lVert w\rVert^2 + \lambda_1\lVert w\rVert_1.$$
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.initializers import zeros
from nnnotes.layers import Dense
from nnnotes.linear_regression import fit_closed_form
from nnnotes.losses import binary_cross_entropy, binary_cross_entropy_grad, mse_grad
from nnnotes.optim import SGD, train

__all__ = [
    "LogisticFit",
    "BiasExperiment",
    "two_blobs",
    "fit_logistic",
    "bias_penalty",
    "SparseProblem",
    "SparsityExperiment",
    "METHODS",
    "SPARSITY_LAMBDA",
    "sparse_regression",
    "train_linear",
    "l1_sparsity",
    "lasso_lambda_max",
    "l1_path",
    "Geometry",
    "project_l1_ball",
    "project_l2_ball",
    "l1_geometry",
    "NoiseRidgeExperiment",
    "noise_vs_ridge",
    "expected_noisy_loss",
]


def _zero_dense(fan_in: int, bias: bool) -> Dense:
    """A ``Dense(fan_in -> 1)`` layer starting at zero (``zeros`` ignores the generator)."""
    return Dense(fan_in, 1, np.random.default_rng(0), init=zeros, bias=bias)


# --- Q3.a-1: penalising the bias ---------------------------------------------


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
    model = _zero_dense(X.shape[1], bias=True)
    opt = SGD(lr, l2=lam, penalize_bias=penalize_bias)
    train(model, binary_cross_entropy, binary_cross_entropy_grad, X, y[:, None], opt, steps)
    w, b = model.params["W"][:, 0].copy(), float(model.params["b"][0])
    accuracy = float(np.mean((X @ w + b > 0.0) == (y > 0.5)))
    return LogisticFit(w, b, accuracy, bool(penalize_bias))


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


# --- Q3.a-2: L1 sparsity -------------------------------------------------------


#: The three ways of regularising compared in :func:`l1_sparsity`.
METHODS: tuple[str, ...] = ("proximal", "subgradient", "l2")

#: The penalty weight of :func:`l1_sparsity` by default.
SPARSITY_LAMBDA = 0.2


@dataclass(frozen=True)
class SparseProblem:
    r"""Linear data $y = X w_\text{true} + \text{noise}\cdot\varepsilon$ whose $w_\text{true}$ has few non-zeros.

    Attributes
    ----------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,)
    w_true : ndarray, shape (d,)
        Non-zero exactly on the first ``n_informative`` features.
    """

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray

    @property
    def informative(self) -> np.ndarray:
        """Boolean mask, shape (d,), of the features that enter $y$."""
        return self.w_true != 0.0


@dataclass(frozen=True)
class SparsityExperiment:
    r"""Result of :func:`l1_sparsity`.

    Attributes
    ----------
    problem : SparseProblem
    lam, lr : float
        Penalty weight $\lambda$ (the same for L1 and L2) and step size $\eta$.
    trajectories : dict of str to ndarray, shape (n_steps + 1, d)
        The weights after each step, for each method of :data:`METHODS`.
    """

    problem: SparseProblem
    lam: float
    lr: float
    trajectories: dict[str, np.ndarray]

    @property
    def weights(self) -> dict[str, np.ndarray]:
        """Final weights of each method, shape (d,)."""
        return {m: traj[-1] for m, traj in self.trajectories.items()}

    @property
    def zero_counts(self) -> dict[str, int]:
        """Number of final weights that are exactly 0.0, for each method."""
        return {m: int(np.count_nonzero(w == 0.0)) for m, w in self.weights.items()}


def sparse_regression(
    rng: np.random.Generator, n: int = 200, d: int = 50, n_informative: int = 5, noise: float = 0.5
) -> SparseProblem:
    r"""A regression problem with many irrelevant features.

    $X$ has i.i.d. $\mathcal N(0, 1)$ entries; the first `n_informative`
    entries of $w_\text{true}$ have random signs and magnitudes in $[1, 3]$, the
    other $d - $ `n_informative` are zero; $y = X w_\text{true} + $ `noise` $\cdot\,\varepsilon$.
    """
    rng = check_rng(rng)
    n = check_int(n, "n", low=1)
    d = check_int(d, "d", low=1)
    k = check_int(n_informative, "n_informative", low=0)
    if k > d:
        raise ValueError(f"n_informative must be <= d = {d}, got {k}")
    sigma = check_scalar(noise, "noise", low=0.0)
    X = rng.standard_normal((n, d))
    w = np.zeros(d)
    w[:k] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(1.0, 3.0, size=k)
    y = X @ w + sigma * rng.standard_normal(n)
    return SparseProblem(X, y, w)


def train_linear(
    X: ArrayLike,
    y: ArrayLike,
    optimizer: SGD,
    n_steps: int,
    *,
    w0: ArrayLike | None = None,
    input_noise: float = 0.0,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""Full-batch steps of `optimizer` on $\frac{1}{2n}\lVert y - \tilde X w\rVert^2$; the weight trajectory.

    The model is a ``Dense(d -> 1)`` layer without bias; each step computes the
    gradient $-\frac1n \tilde X^\top (y - \tilde X w)$ (half of
    :func:`~nnnotes.losses.mse_grad`, so the scaling matches
    :mod:`nnnotes.linear_regression`) and lets `optimizer` add its penalties.
    With ``input_noise`` $= \sigma > 0$, $\tilde X = X + \sigma S$ with a fresh
    $S \sim \mathcal N(0, I)$ of shape (n, d) at every step; otherwise $\tilde X = X$.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    optimizer : SGD
    n_steps : int
    w0 : array_like, shape (d,), optional
        Starting weights (default zeros).
    input_noise : float, default 0
    rng : numpy.random.Generator
        Required when ``input_noise > 0``.

    Returns
    -------
    ndarray, shape (n_steps + 1, d)
        Row $t$ is $w$ after $t$ steps (row 0 is $w_0$).
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got {X.shape} and {y.shape}")
    if not isinstance(optimizer, SGD):
        raise TypeError(f"optimizer must be an nnnotes.optim.SGD, got {type(optimizer).__name__}")
    steps = check_int(n_steps, "n_steps", low=0)
    sigma = check_scalar(input_noise, "input_noise", low=0.0)
    if sigma > 0.0:
        rng = check_rng(rng)
    model = _zero_dense(X.shape[1], bias=False)
    W = model.params["W"]
    if w0 is not None:
        start = as_float_array(w0, "w0", ndim=1)
        if start.shape != (X.shape[1],):
            raise ValueError(f"w0 must have shape ({X.shape[1]},), got {start.shape}")
        W[:, 0] = start
    target = y[:, None]
    trajectory = np.empty((steps + 1, X.shape[1]))
    trajectory[0] = W[:, 0]
    for t in range(1, steps + 1):
        Xt = X + sigma * rng.standard_normal(X.shape) if sigma > 0.0 else X
        model.backward(0.5 * mse_grad(target, model.forward(Xt)))
        optimizer.step(model)
        trajectory[t] = W[:, 0]
    return trajectory


def _optimizer(method: str, lr: float, lam: float) -> SGD:
    if method == "l2":
        return SGD(lr, l2=lam)
    if method in ("proximal", "subgradient"):
        return SGD(lr, l1=lam, l1_method=method)
    raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")


def l1_sparsity(
    rng: np.random.Generator,
    lam: float = SPARSITY_LAMBDA,
    lr: float = 0.1,
    n_steps: int = 2000,
    n: int = 200,
    d: int = 50,
    n_informative: int = 5,
    noise: float = 0.5,
) -> SparsityExperiment:
    r"""Proximal L1, subgradient L1 and L2 on the same :func:`sparse_regression` problem.

    From $w = 0$, `n_steps` full-batch steps with $g = -\frac1n X^\top(y - Xw)$:

    * ``"proximal"`` (ISTA): $w \leftarrow S(w - \eta g,\ \eta\lambda)$,
      $S(z, t) = \mathrm{sign}(z)\max(|z| - t, 0)$;
    * ``"subgradient"``: $w \leftarrow w - \eta(g + \lambda\,\mathrm{sign}(w))$;
    * ``"l2"``: $w \leftarrow w - \eta(g + \lambda w)$.

    The proximal iterates reach exact zeros; the subgradient ones keep
    crossing zero, staying within about $\eta\lambda$ of it; the L2 ones are
    shrunk but not zero.
    """
    problem = sparse_regression(rng, n, d, n_informative, noise)
    lam = check_scalar(lam, "lam", low=0.0)
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    trajectories = {
        m: train_linear(problem.X, problem.y, _optimizer(m, lr, lam), n_steps) for m in METHODS
    }
    return SparsityExperiment(problem, lam, lr, trajectories)


def lasso_lambda_max(X: ArrayLike, y: ArrayLike) -> float:
    r"""The smallest $\lambda$ for which $w = 0$ minimises the lasso objective: $\lVert X^\top y\rVert_\infty / n$.

    At $w = 0$ the data gradient is $-X^\top y/n$; zero is optimal iff every
    entry lies in $[-\lambda, \lambda]$ (the subdifferential of $\lambda\lVert w\rVert_1$ at 0).
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    return float(np.abs(X.T @ y).max() / X.shape[0])


def l1_path(
    X: ArrayLike,
    y: ArrayLike,
    lams: ArrayLike | None = None,
    lr: float | None = None,
    n_steps: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The lasso regularisation path by proximal gradient descent with warm starts.

    For each $\lambda$ in decreasing order, `n_steps` ISTA steps starting from
    the solution of the previous (larger) $\lambda$.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    lams : array_like, shape (L,), optional
        Positive penalty weights; default: 40 values log-spaced from 1.5 times
        :func:`lasso_lambda_max` (where every weight is 0) down to 1/100 of it.
    lr : float, optional
        Default $1/\lambda_{\max}(X^\top X/n)$ (ISTA converges for $\eta \le 1/\text{curvature}$).
    n_steps : int, default 100
        Steps per $\lambda$; with warm starts, enough for the optimality
        conditions to hold to rounding error on the chapter's problem.

    Returns
    -------
    lams : ndarray, shape (L,)
        Sorted in decreasing order.
    coefs : ndarray, shape (L, d)
        ``coefs[i]`` is the weight vector at ``lams[i]``.
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if lams is None:
        top = lasso_lambda_max(X, y)
        lams = np.geomspace(1.5 * top, top / 100.0, 40)
    lams = np.sort(as_float_array(lams, "lams", ndim=1))[::-1]
    if lams.size == 0 or lams[-1] <= 0.0:
        raise ValueError(f"lams must be a non-empty array of positive values, got {lams}")
    if lr is None:
        lr = 1.0 / np.linalg.eigvalsh(X.T @ X / X.shape[0])[-1]
    coefs = np.empty((lams.size, X.shape[1]))
    w = np.zeros(X.shape[1])
    for i, lam in enumerate(lams):
        w = train_linear(X, y, SGD(lr, l1=float(lam)), n_steps, w0=w)[-1]
        coefs[i] = w
    return lams, coefs


@dataclass(frozen=True)
class Geometry:
    r"""The 2-D picture of :func:`l1_geometry`.

    Attributes
    ----------
    A : ndarray, shape (2, 2)
        Curvature of the loss $L(w) = \frac12 (w - w_\star)^\top A (w - w_\star)$.
    w_star : ndarray, shape (2,)
        Unconstrained minimiser.
    radius : float
        The balls are $\lVert w\rVert_1 \le r$ and $\lVert w\rVert_2 \le r$.
    w_l1, w_l2 : ndarray, shape (2,)
        The constrained minimisers.
    grid : tuple of ndarray
        ``(W1, W2, L)``, each of shape (m, m): the loss on a square grid, for contours.
    """

    A: np.ndarray
    w_star: np.ndarray
    radius: float
    w_l1: np.ndarray
    w_l2: np.ndarray
    grid: tuple[np.ndarray, np.ndarray, np.ndarray]

    def loss(self, w: ArrayLike) -> np.ndarray:
        r"""$L(w)$ for `w` of shape (..., 2); returns shape (...)."""
        return _quadratic(self.A, self.w_star, np.asarray(w, dtype=float))


def _quadratic(A: np.ndarray, w_star: np.ndarray, w: np.ndarray) -> np.ndarray:
    e = w - w_star
    return 0.5 * np.einsum("...i,ij,...j->...", e, A, e)


def project_l1_ball(v: ArrayLike, radius: float) -> np.ndarray:
    r"""Euclidean projection onto $\{w : \lVert w\rVert_1 \le r\}$ (Duchi et al., 2008).

    Outside the ball the projection is a soft threshold $S(v, \theta)$ with the
    $\theta > 0$ that makes $\lVert S(v, \theta)\rVert_1 = r$, found from the sorted
    magnitudes; coordinates with $|v_k| \le \theta$ become exactly 0.

    Parameters
    ----------
    v : array_like, shape (d,)
    radius : float, > 0

    Returns
    -------
    ndarray, shape (d,)
    """
    v = as_float_array(v, "v", ndim=1)
    r = check_scalar(radius, "radius", low=0.0, low_inclusive=False)
    a = np.abs(v)
    if a.sum() <= r:
        return v.copy()
    u = np.sort(a)[::-1]
    excess = (np.cumsum(u) - r) / np.arange(1, u.size + 1)
    k = np.nonzero(u > excess)[0][-1]
    return np.sign(v) * np.maximum(a - excess[k], 0.0)


def project_l2_ball(v: ArrayLike, radius: float) -> np.ndarray:
    r"""Euclidean projection onto $\{w : \lVert w\rVert_2 \le r\}$: $v \min(1, r/\lVert v\rVert)$."""
    v = as_float_array(v, "v", ndim=1)
    r = check_scalar(radius, "radius", low=0.0, low_inclusive=False)
    norm = float(np.linalg.norm(v))
    return v.copy() if norm <= r else v * (r / norm)


def _projected_gradient(A: np.ndarray, w_star: np.ndarray, project, radius: float, n_steps: int) -> np.ndarray:
    lr = 1.0 / np.linalg.eigvalsh(A)[-1]
    w = np.zeros_like(w_star)
    for _ in range(n_steps):
        w = project(w - lr * (A @ (w - w_star)), radius)
    return w


def l1_geometry(
    w_star: ArrayLike = (0.9, 1.9),
    A: ArrayLike = ((0.5, 0.3), (0.3, 1.5)),
    radius: float = 1.0,
    n_steps: int = 500,
    grid_size: int = 201,
) -> Geometry:
    r"""Minimise a quadratic loss on the L1 ball and on the L2 ball, by projected gradient descent.

    $w \leftarrow P(w - \eta A (w - w_\star))$ with $\eta = 1/\lambda_{\max}(A)$ and
    $P$ the projection (:func:`project_l1_ball`, :func:`project_l2_ball`).
    With the defaults the L1 minimiser is the corner $(0, 1)$ exactly and the
    L2 minimiser has both coordinates non-zero.
    """
    w_star = as_float_array(w_star, "w_star", ndim=1)
    A = as_float_array(A, "A", ndim=2)
    if w_star.shape != (2,) or A.shape != (2, 2):
        raise ValueError(f"need w_star of shape (2,) and A of shape (2, 2), got {w_star.shape} and {A.shape}")
    if not np.allclose(A, A.T) or np.linalg.eigvalsh(A)[0] <= 0.0:
        raise ValueError(f"A must be symmetric positive definite, got {A.tolist()}")
    r = check_scalar(radius, "radius", low=0.0, low_inclusive=False)
    steps = check_int(n_steps, "n_steps", low=1)
    m = check_int(grid_size, "grid_size", low=2)
    w_l1 = _projected_gradient(A, w_star, project_l1_ball, r, steps)
    w_l2 = _projected_gradient(A, w_star, project_l2_ball, r, steps)
    span = 1.25 * max(r, float(np.abs(w_star).max()))
    W1, W2 = np.meshgrid(np.linspace(-span, span, m), np.linspace(-span, span, m))
    grid = (W1, W2, _quadratic(A, w_star, np.stack([W1, W2], axis=-1)))
    return Geometry(A, w_star, r, w_l1, w_l2, grid)


# --- Q3.b: input noise is ridge ------------------------------------------------


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
    $y = X w_\text{true} + 0.5\,\varepsilon$. Training: :func:`train_linear`
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
