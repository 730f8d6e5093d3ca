r"""Linear regression, closed form against gradient descent (answer Q1.b; page ``gradients/linear-regression``).

* a realistic data set (:func:`housing_data`) and the two solvers side by side
  (:func:`compare_solvers`);
* the accuracy lost by forming $(X^\top X)^{-1}$ (:func:`ill_conditioned_problem`,
  :func:`solve_normal_equations`);
* the operation counts of both solvers (:func:`flop_curves`) and real timings
  for the lab (:func:`time_solvers`);
* how many steps iterative solvers need as the condition number grows
  (:func:`conditioned_least_squares`, :func:`gd_steps_to_tolerance`,
  :func:`cg_steps_to_tolerance`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.linear_regression import (
    fit_closed_form,
    fit_gradient_descent,
    flops_closed_form,
    flops_gradient_descent,
)

__all__ = [
    "RegressionData",
    "HOUSING_FEATURES",
    "housing_data",
    "standardize",
    "SolverComparison",
    "compare_solvers",
    "ill_conditioned_problem",
    "NORMAL_EQUATION_METHODS",
    "solve_normal_equations",
    "loglog_slope",
    "FlopCurves",
    "flop_curves",
    "Timings",
    "time_solvers",
    "conditioned_least_squares",
    "gd_steps_to_tolerance",
    "cg_steps_to_tolerance",
]


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


# --- costs: counted operations and measured times ------------------------------


def loglog_slope(x: ArrayLike, y: ArrayLike) -> float:
    r"""Least-squares slope of $\log y$ against $\log x$: the exponent $p$ in $y \approx c\,x^p$.

    Parameters
    ----------
    x, y : array_like, shape (m,), m >= 2, positive

    Returns
    -------
    float
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if x.shape != y.shape or x.shape[0] < 2:
        raise ValueError(f"x and y need the same shape with at least 2 points, got {x.shape} and {y.shape}")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError(f"x and y must be positive for a log-log slope, got min(x)={x.min()}, min(y)={y.min()}")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def _sizes_and_shapes(vary: str, sizes: ArrayLike, fixed: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    if vary not in ("n", "d"):
        raise ValueError(f"vary must be 'n' or 'd', got {vary!r}")
    fixed = check_int(fixed, "fixed", low=1)
    sizes = np.asarray(sizes)
    if sizes.ndim != 1 or sizes.size < 2 or sizes.dtype.kind not in "iu" or sizes.min() < 1:
        raise ValueError(f"sizes must be at least 2 positive integers, got {sizes!r}")
    shapes = [(int(s), fixed) if vary == "n" else (fixed, int(s)) for s in sizes]
    return sizes, shapes


@dataclass(frozen=True)
class FlopCurves:
    r"""Operation counts of both solvers as one size varies.

    Attributes
    ----------
    vary : {"n", "d"}
        Which size varies; the other is `fixed`.
    fixed : int
    sizes : ndarray of int, shape (m,)
    n_steps : tuple of int, length k
        Numbers of gradient-descent steps $T$.
    closed : ndarray, shape (m,)
        $nd^2 + 2nd + d^3/3 + 2d^2$ (normal equations by Cholesky).
    gd : ndarray, shape (k, m)
        $4ndT$ for each $T$ in `n_steps`.
    """

    vary: str
    fixed: int
    sizes: np.ndarray
    n_steps: tuple[int, ...]
    closed: np.ndarray
    gd: np.ndarray

    @property
    def slope_closed(self) -> float:
        """Log-log slope of the closed form's count over `sizes`."""
        return loglog_slope(self.sizes, self.closed)

    @property
    def slope_gd(self) -> float:
        """Log-log slope of gradient descent's count (the same for every $T$)."""
        return loglog_slope(self.sizes, self.gd[0])


def flop_curves(vary: str, sizes: ArrayLike, fixed: int, n_steps: tuple[int, ...] = (10, 100, 1000)) -> FlopCurves:
    r"""Count the operations of both solvers with :mod:`nnnotes.linear_regression`.

    Closed form: $nd^2 + 2nd + d^3/3 + 2d^2 = O(nd^2 + d^3)$
    (:func:`~nnnotes.linear_regression.flops_closed_form`); $T$ steps of
    full-batch gradient descent: $4ndT = O(ndT)$
    (:func:`~nnnotes.linear_regression.flops_gradient_descent`). Counts, not
    timings, so the result is exact and the same on every machine.

    Parameters
    ----------
    vary : {"n", "d"}
        The size on the x-axis.
    sizes : array_like of int, shape (m,)
        Its values.
    fixed : int
        The other size.
    n_steps : tuple of int
        The numbers of steps $T$ to count for gradient descent.

    Returns
    -------
    FlopCurves
    """
    sizes, shapes = _sizes_and_shapes(vary, sizes, fixed)
    steps = tuple(check_int(t, "n_steps", low=1) for t in n_steps)
    closed = np.array([flops_closed_form(n, d) for n, d in shapes])
    gd = np.array([[flops_gradient_descent(n, d, t) for n, d in shapes] for t in steps])
    return FlopCurves(vary, int(fixed), sizes, steps, closed, gd)


@dataclass(frozen=True)
class Timings:
    r"""Measured wall-clock seconds of both solvers (best of `repeats`).

    Attributes
    ----------
    vary : {"n", "d"}
    fixed : int
    sizes : ndarray of int, shape (m,)
    n_steps : int
    closed, gd : ndarray, shape (m,)
        Seconds for :func:`~nnnotes.linear_regression.fit_closed_form` and for
        `n_steps` steps of :func:`~nnnotes.linear_regression.fit_gradient_descent`.
    """

    vary: str
    fixed: int
    sizes: np.ndarray
    n_steps: int
    closed: np.ndarray
    gd: np.ndarray


def time_solvers(
    vary: str,
    sizes: ArrayLike,
    fixed: int,
    rng: np.random.Generator,
    n_steps: int = 50,
    repeats: int = 3,
) -> Timings:
    r"""Time both solvers on random data of growing size (for the lab; not deterministic).

    For each size, $X \sim \mathcal N(0, 1)$ of shape (n, d) and
    $y = X w + \varepsilon$ are drawn, then each solver is timed with
    ``time.perf_counter`` and the best of `repeats` runs is kept (the least
    disturbed by the rest of the machine). Gradient descent uses the step
    $\eta = 0.5 / (1 + d/n)$, stable for such data ($\lambda_{max} \approx (1 + \sqrt{d/n})^2$).

    Parameters
    ----------
    vary : {"n", "d"}
    sizes : array_like of int, shape (m,)
    fixed : int
    rng : numpy.random.Generator
    n_steps : int, default 50
    repeats : int, default 3

    Returns
    -------
    Timings
    """
    rng = check_rng(rng)
    sizes, shapes = _sizes_and_shapes(vary, sizes, fixed)
    steps = check_int(n_steps, "n_steps", low=1)
    repeats = check_int(repeats, "repeats", low=1)
    closed, gd = np.empty(len(shapes)), np.empty(len(shapes))
    for i, (n, d) in enumerate(shapes):
        X = rng.standard_normal((n, d))
        y = X @ rng.standard_normal(d) + rng.standard_normal(n)
        lr = 0.5 / (1.0 + d / n)
        closed[i] = _best_time(lambda: fit_closed_form(X, y), repeats)
        gd[i] = _best_time(lambda: fit_gradient_descent(X, y, lr=lr, n_steps=steps), repeats)
    return Timings(vary, int(fixed), sizes, steps, closed, gd)


def _best_time(run: Callable[[], object], repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


# --- steps to a tolerance: gradient descent, conjugate gradients, ridge --------


def conditioned_least_squares(
    rng: np.random.Generator, kappa: float = 100.0, n: int = 200, d: int = 10
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A consistent least-squares problem whose loss Hessian has condition number `kappa`.

    $X = U \operatorname{diag}(\sqrt{n \lambda})\, V^\top$ with random orthonormal
    $U$ (n, d) and $V$ (d, d), and $\lambda$ spaced logarithmically from 1 down to
    1/`kappa`: the Hessian $H = \frac1n X^\top X$ of
    $L(w) = \frac{1}{2n}\lVert y - Xw \rVert^2$ has exactly these eigenvalues, so
    $\lambda_{\max} = 1$, $\lambda_{\min} = 1/\kappa$. The targets are $y = Xw$ with
    $w \sim \mathcal N(0, I)$, so $w$ is the exact minimizer.

    Parameters
    ----------
    rng : numpy.random.Generator
    kappa : float, default 100
        Condition number of $H$, $\ge 1$.
    n, d : int
        Shape of $X$, with $n \ge d \ge 2$.

    Returns
    -------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,)
    w : ndarray, shape (d,)
    """
    rng = check_rng(rng)
    d = check_int(d, "d", low=2)
    n = check_int(n, "n", low=d)
    kappa = check_scalar(kappa, "kappa", low=1.0)
    U, _ = np.linalg.qr(rng.standard_normal((n, d)))
    V, _ = np.linalg.qr(rng.standard_normal((d, d)))
    eigenvalues = np.logspace(0.0, -np.log10(kappa), d)
    X = (U * np.sqrt(n * eigenvalues)) @ V.T
    w = rng.standard_normal(d)
    return X, X @ w, w


def _target(X: ArrayLike, y: ArrayLike, w_star: ArrayLike, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    w_star = as_float_array(w_star, "w_star", ndim=1)
    if y.shape[0] != X.shape[0] or w_star.shape[0] != X.shape[1]:
        raise ValueError(f"need X (n, d), y (n,) and w_star (d,), got {X.shape}, {y.shape} and {w_star.shape}")
    tol = check_scalar(tol, "tol", low=0.0, low_inclusive=False)
    return X, y, w_star, tol * float(np.linalg.norm(w_star))


def gd_steps_to_tolerance(
    X: ArrayLike,
    y: ArrayLike,
    w_star: ArrayLike,
    tol: float = 1e-6,
    lr: float | None = None,
    l2: float = 0.0,
    max_steps: int = 1_000_000,
) -> int:
    r"""Steps of full-batch gradient descent from $w = 0$ until $\lVert w_k - w^* \rVert \le$ `tol` $\lVert w^* \rVert$.

    Each step is $w \leftarrow w - \eta\bigl(-\frac1n X^\top (y - Xw) + \lambda w\bigr)$, gradient
    descent on $\frac{1}{2n}\lVert y - Xw \rVert^2 + \frac\lambda2 \lVert w \rVert^2$ (no intercept).
    The error obeys $e_{k+1} = (I - \eta H) e_k$ with $H = \frac1n X^\top X + \lambda I$, so
    with $\eta = 1/\lambda_{\max}(H)$ the count is at most about
    $\kappa(H) \ln(1/\mathrm{tol})$.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    w_star : array_like, shape (d,)
        The minimizer to reach (for ``l2 > 0``, the ridge solution).
    tol : float, default 1e-6
        Relative tolerance, $> 0$.
    lr : float, optional
        Step size $\eta$, in $(0, 2/\lambda_{\max}(H))$; default $1/\lambda_{\max}(H)$.
    l2 : float, default 0
        Ridge weight $\lambda \ge 0$.
    max_steps : int, default 1_000_000

    Returns
    -------
    int
        The number of steps taken when the tolerance is first met.

    Raises
    ------
    RuntimeError
        If the tolerance is not met within `max_steps` (for example because
        `w_star` is not the minimizer).
    """
    X, y, w_star, target = _target(X, y, w_star, tol)
    lam = check_scalar(l2, "l2", low=0.0)
    max_steps = check_int(max_steps, "max_steps", low=0)
    n, d = X.shape
    top = float(np.linalg.eigvalsh(X.T @ X / n)[-1]) + lam
    if lr is None:
        eta = 1.0 / top
    else:
        eta = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
        if eta >= 2.0 / top:
            raise ValueError(
                f"lr must be below 2 / lambda_max = {2.0 / top:.6g} for gradient descent to converge, got {eta}"
            )
    w = np.zeros(d)
    for k in range(max_steps + 1):
        if np.linalg.norm(w - w_star) <= target:
            return k
        grad = X.T @ (X @ w - y) / n
        if lam:
            grad += lam * w
        w -= eta * grad
    raise RuntimeError(
        f"gradient descent did not reach tol={tol} in {max_steps} steps "
        f"(relative error {np.linalg.norm(w - w_star) / np.linalg.norm(w_star):.3g})"
    )


def cg_steps_to_tolerance(
    X: ArrayLike, y: ArrayLike, w_star: ArrayLike, tol: float = 1e-6, max_steps: int | None = None
) -> int:
    r"""Steps of conjugate gradients on the normal equations (CGLS) from $w = 0$ until $\lVert w_k - w^* \rVert \le$ `tol` $\lVert w^* \rVert$.

    CGLS runs the conjugate gradient method on $X^\top X w = X^\top y$ using only
    products with $X$ and $X^\top$, so $X^\top X$ is never formed:

    $$\alpha_k = \frac{\lVert s_k \rVert^2}{\lVert X p_k \rVert^2},\quad
    w_{k+1} = w_k + \alpha_k p_k,\quad r_{k+1} = r_k - \alpha_k X p_k,\quad
    s_{k+1} = X^\top r_{k+1},\quad p_{k+1} = s_{k+1} + \frac{\lVert s_{k+1} \rVert^2}{\lVert s_k \rVert^2} p_k,$$

    from $r_0 = y$, $s_0 = p_0 = X^\top y$. It needs $O(\sqrt{\kappa} \ln(1/\mathrm{tol}))$
    steps for $\kappa = \kappa(X^\top X)$, and at most $d$ in exact arithmetic. LSQR
    (Paige and Saunders, 1982) computes the same iterates more stably.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    w_star : array_like, shape (d,)
        The least-squares solution.
    tol : float, default 1e-6
    max_steps : int, optional
        Default ``10 * d``.

    Returns
    -------
    int

    Raises
    ------
    RuntimeError
        If the tolerance is not met within `max_steps`.
    """
    X, y, w_star, target = _target(X, y, w_star, tol)
    max_steps = check_int(10 * X.shape[1] if max_steps is None else max_steps, "max_steps", low=0)
    w = np.zeros(X.shape[1])
    r = y.copy()
    s = X.T @ r
    p = s.copy()
    gamma = float(s @ s)
    for k in range(max_steps + 1):
        if np.linalg.norm(w - w_star) <= target:
            return k
        q = X @ p
        alpha = gamma / float(q @ q)
        w += alpha * p
        r -= alpha * q
        s = X.T @ r
        gamma, previous = float(s @ s), gamma
        p = s + (gamma / previous) * p
    raise RuntimeError(
        f"conjugate gradients did not reach tol={tol} in {max_steps} steps "
        f"(relative error {np.linalg.norm(w - w_star) / np.linalg.norm(w_star):.3g})"
    )
