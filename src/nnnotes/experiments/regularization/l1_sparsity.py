r"""Why L1 gives exact zeros (answer Q3.a-2; page ``regularization/l1-sparsity``).

:func:`l1_sparsity` runs proximal L1, subgradient L1 and L2 on one sparse
regression problem (:func:`sparse_regression`); :func:`l1_path` computes the
lasso path; :func:`l1_geometry` finds the constrained optimum on the L1 and L2
balls in 2-D. The objective follows :mod:`nnnotes.linear_regression`:

$$L(w) = \frac{1}{2n}\lVert y - Xw\rVert^2 + \frac{\lambda_2}{2}\lVert w\rVert^2 + \lambda_1\lVert w\rVert_1.$$
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.experiments.cache import cached
from nnnotes.experiments.regularization.linear_model import train_linear
from nnnotes.optim import SGD

__all__ = [
    "SparseProblem",
    "SparsityExperiment",
    "METHODS",
    "SPARSITY_LAMBDA",
    "sparse_regression",
    "l1_sparsity",
    "lasso_lambda_max",
    "l1_path",
    "Geometry",
    "project_l1_ball",
    "project_l2_ball",
    "l1_geometry",
]


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


def _optimizer(method: str, lr: float, lam: float) -> SGD:
    if method == "l2":
        return SGD(lr, l2=lam)
    if method in ("proximal", "subgradient"):
        return SGD(lr, l1=lam, l1_method=method)
    raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")


@cached
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


@cached
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
