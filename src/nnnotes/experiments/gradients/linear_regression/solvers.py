"""The data set and the two solvers side by side; the accuracy lost by forming the inverse (page ``gradients/linear-regression``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.linear_regression import (
    fit_closed_form,
    fit_gradient_descent,
)


# --- linear regression: data and the two solvers -----------------------------


@dataclass(frozen=True)
class RegressionData:
    r"""A regression data set $y = Xw + b + \varepsilon$ with its true parameters.

    Attributes
    ----------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,)
    coef : ndarray, shape (d,)
        The $w$ the data were generated with.
    intercept : float
        The $b$ the data were generated with.
    feature_names : tuple of str, length d
    """

    X: np.ndarray
    y: np.ndarray
    coef: np.ndarray
    intercept: float
    feature_names: tuple[str, ...]


HOUSING_FEATURES = ("area_m2", "rooms", "age_years", "distance_km", "floor")
_HOUSING_COEF = np.array([2.1, 15.0, -0.8, -6.0, 3.0])
_HOUSING_INTERCEPT = 50.0


def housing_data(rng: np.random.Generator, n: int = 500, noise: float = 25.0) -> RegressionData:
    r"""A small synthetic housing-price data set with correlated features on different scales.

    Five features per flat: area in m² ($\mathcal N(110, 35^2)$), number of
    rooms (about area/30, so correlated with the area, $\rho \approx 0.85$),
    age in years ($U(0, 60)$), distance to the centre in km
    ($\mathrm{Gamma}(2, 4)$) and floor ($0..10$). The price (in thousands) is

    $$y = 2.1\,\mathrm{area} + 15\,\mathrm{rooms} - 0.8\,\mathrm{age}
    - 6\,\mathrm{distance} + 3\,\mathrm{floor} + 50 + \varepsilon,
    \qquad \varepsilon \sim \mathcal N(0, \mathrm{noise}^2).$$

    The feature scales differ by two orders of magnitude, which is what makes
    plain gradient descent on the raw features slow (see :func:`compare_solvers`).

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int, default 500
        Number of flats, at least 2.
    noise : float, default 25
        Standard deviation of $\varepsilon$, $\ge 0$.

    Returns
    -------
    RegressionData
        `X` of shape (n, 5), `y` of shape (n,).
    """
    rng = check_rng(rng)
    n = check_int(n, "n", low=2)
    noise = check_scalar(noise, "noise", low=0.0)
    area = rng.normal(110.0, 35.0, n)
    rooms = np.round(np.clip(area / 30.0 + rng.normal(0.0, 0.6, n), 1.0, None))
    age = rng.uniform(0.0, 60.0, n)
    distance = rng.gamma(2.0, 4.0, n)
    floor = rng.integers(0, 11, n).astype(np.float64)
    X = np.column_stack([area, rooms, age, distance, floor])
    y = X @ _HOUSING_COEF + _HOUSING_INTERCEPT + noise * rng.standard_normal(n)
    return RegressionData(X, y, _HOUSING_COEF.copy(), _HOUSING_INTERCEPT, HOUSING_FEATURES)


def standardize(X: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Centre and scale every column: $Z = (X - \mu) / s$.

    Parameters
    ----------
    X : array_like, shape (n, d)
        No constant column (its scale would be 0).

    Returns
    -------
    Z : ndarray, shape (n, d)
        Columns with mean 0 and standard deviation 1.
    mean, scale : ndarray, shape (d,)
        $\mu$ and $s$, to map coefficients back: $w = w_Z / s$,
        $b = b_Z - \mu^\top w$.
    """
    X = as_float_array(X, "X", ndim=2)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    if np.any(scale == 0.0):
        raise ValueError(f"X has constant column(s) {np.flatnonzero(scale == 0.0).tolist()}; cannot standardize")
    return (X - mean) / scale, mean, scale


@dataclass(frozen=True)
class SolverComparison:
    r"""The closed-form and gradient-descent fits of one data set, on the original scale.

    Attributes
    ----------
    closed_coef, gd_coef : ndarray, shape (d,)
    closed_intercept, gd_intercept : float
    losses : ndarray, shape (n_steps + 1,)
        Gradient descent's loss $\frac{1}{2n}\lVert y - Zw - b\rVert^2$ per step
        (the same on the standardized and the original scale).
    gap : float
        $\max_k |w^{GD}_k - w^{CF}_k| / \max_k |w^{CF}_k|$, the largest
        coefficient difference relative to the largest coefficient.
    """

    closed_coef: np.ndarray
    closed_intercept: float
    gd_coef: np.ndarray
    gd_intercept: float
    losses: np.ndarray
    gap: float


def compare_solvers(X: ArrayLike, y: ArrayLike, lr: float = 0.5, n_steps: int = 500) -> SolverComparison:
    r"""Fit $y \approx Xw + b$ by the closed form and by gradient descent, and compare.

    The closed form (:func:`~nnnotes.linear_regression.fit_closed_form`) works
    on `X` as it is. Gradient descent
    (:func:`~nnnotes.linear_regression.fit_gradient_descent`) runs on the
    standardized features $Z = (X - \mu)/s$, whose loss is far better
    conditioned, and its coefficients are mapped back, $w = w_Z / s$,
    $b = b_Z - \mu^\top w$. Both minimise the same loss, so they agree once
    gradient descent has converged.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    lr : float, default 0.5
        Step size for the standardized problem.
    n_steps : int, default 500

    Returns
    -------
    SolverComparison
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    closed = fit_closed_form(X, y)
    Z, mean, scale = standardize(X)
    gd = fit_gradient_descent(Z, y, lr=lr, n_steps=n_steps)
    coef = gd.coef / scale
    intercept = float(gd.intercept - mean @ coef)
    gap = float(np.max(np.abs(coef - closed.coef)) / np.max(np.abs(closed.coef)))
    return SolverComparison(closed.coef, float(closed.intercept), coef, intercept, gd.losses, gap)


# --- conditioning: why the inverse is never formed --------------------------------

NORMAL_EQUATION_METHODS = ("inverse", "solve", "lstsq")


def ill_conditioned_problem(
    rng: np.random.Generator, n: int = 200, d: int = 10, cond: float = 1e6, tan_theta: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A least-squares problem $y \approx Xw$ whose $X$ has condition number `cond` and whose answer is known.

    $X = U \operatorname{diag}(s) V^\top$ with random orthonormal $U$ (n, d) and
    $V$ (d, d) and singular values $s$ spaced logarithmically from 1 down to
    1/`cond`, so $\kappa(X) = $ `cond` and $\kappa(X^\top X) = $ `cond`$^2$.
    $y = Xw + r$ with $r$ orthogonal to the columns of $X$ and
    $\lVert r \rVert = \tan\theta \, \lVert Xw \rVert$, so $w$ is exactly the least-squares
    solution and $\theta$ is the angle between $y$ and the column space of $X$
    (Trefethen and Bau, Lecture 18). With ``tan_theta=0`` (the default) the
    data are fitted exactly and no extra random numbers are drawn.

    Parameters
    ----------
    rng : numpy.random.Generator
    n, d : int
        Shape of $X$, with $n \ge d \ge 2$ ($n > d$ when ``tan_theta > 0``).
    cond : float, default 1e6
        $\kappa(X) \ge 1$.
    tan_theta : float, default 0
        Size of the residual relative to the fit, $\ge 0$.

    Returns
    -------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,)
    w : ndarray, shape (d,)
        The exact least-squares solution of $(X, y)$.
    """
    rng = check_rng(rng)
    d = check_int(d, "d", low=2)
    n = check_int(n, "n", low=d)
    cond = check_scalar(cond, "cond", low=1.0)
    tan_theta = check_scalar(tan_theta, "tan_theta", low=0.0)
    if tan_theta > 0.0 and n == d:
        raise ValueError(f"a residual orthogonal to the columns of X needs n > d, got n = d = {d}")
    U, _ = np.linalg.qr(rng.standard_normal((n, d)))
    V, _ = np.linalg.qr(rng.standard_normal((d, d)))
    s = np.logspace(0.0, -np.log10(cond), d)
    X = (U * s) @ V.T
    w = rng.standard_normal(d)
    y = X @ w
    if tan_theta > 0.0:
        g = rng.standard_normal(n)
        r = g - U @ (U.T @ g)
        y = y + r * (tan_theta * np.linalg.norm(y) / np.linalg.norm(r))
    return X, y, w


def solve_normal_equations(X: ArrayLike, y: ArrayLike, method: str) -> np.ndarray:
    r"""The least-squares $w$ of $y \approx Xw$ (no intercept), computed three ways.

    * ``"inverse"``: $w = (X^\top X)^{-1} X^\top y$ with an explicit inverse
      (what the formula says, and what one should not compute);
    * ``"solve"``: solve $X^\top X\, w = X^\top y$ by a factorization
      (``np.linalg.solve``, LU); backward stable, so its residual is small, but
      $X^\top X$ has condition number $\kappa(X)^2$ and the forward error can be
      about $\kappa(X)^2$ times the unit roundoff, like the inverse's;
    * ``"lstsq"``: ``np.linalg.lstsq`` on $X$ itself (SVD), which never forms
      $X^\top X$ and is backward stable for the least-squares problem: its
      error grows like $\kappa(X)$ when the data are fitted exactly, and like
      $\kappa(X)^2 \tan\theta$ when the residual is not small; it returns the
      minimum-norm solution when $X$ is rank-deficient.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    method : {"inverse", "solve", "lstsq"}

    Returns
    -------
    ndarray, shape (d,)
    """
    if method not in NORMAL_EQUATION_METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {NORMAL_EQUATION_METHODS}")
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got {X.shape} and {y.shape}")
    if method == "lstsq":
        return np.linalg.lstsq(X, y, rcond=None)[0]
    gram, rhs = X.T @ X, X.T @ y
    if method == "inverse":
        return np.linalg.inv(gram) @ rhs
    return np.linalg.solve(gram, rhs)
