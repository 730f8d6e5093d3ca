r"""Data for the gradients chapter (answers Q1.b, Q2.a, Q3.d and Q4.a of the sheet).

Four groups of functions, one per page:

* linear regression, closed form against gradient descent: a realistic data
  set (:func:`housing_data`), the two solvers side by side
  (:func:`compare_solvers`), the accuracy lost by forming $(X^\top X)^{-1}$
  (:func:`ill_conditioned_problem`, :func:`solve_normal_equations`), the
  operation counts of both solvers (:func:`flop_curves`) and real timings for
  the lab (:func:`time_solvers`);
* gradient flow through a deep MLP (:func:`gradient_flow`, on a
  :func:`~nnnotes.layers.mlp`): the gradient norm reaching every layer, for
  any activation and initializer;
* the softmax cross-entropy gradient of a linear classifier
  (:func:`softmax_regression_loss`, :func:`softmax_regression_grad`);
* what an all-equal initialization does to a small MLP
  (:func:`two_moons`, :func:`first_step`, :func:`train_from_init`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from nnnotes import initializers
from nnnotes._validation import as_float_array, check_int, check_labels, check_rng, check_scalar
from nnnotes.activations import sigmoid
from nnnotes.layers import Dense, Sequential, get_activation, mlp
from nnnotes.linear_regression import (
    fit_closed_form,
    fit_gradient_descent,
    flops_closed_form,
    flops_gradient_descent,
)
from nnnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    mse_grad,
)
from nnnotes.optim import SGD, train

__all__ = [
    "RegressionData",
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
    "GradientFlow",
    "gradient_flow",
    "softmax_regression_loss",
    "softmax_regression_grad",
    "two_moons",
    "hidden_unit_spread",
    "first_step",
    "TrainingRun",
    "train_from_init",
    "SYMMETRY_INITS",
    "symmetry_runs",
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
    rng: np.random.Generator, n: int = 200, d: int = 10, cond: float = 1e6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A consistent least-squares problem $y = Xw$ whose $X$ has condition number `cond`.

    $X = U \operatorname{diag}(s) V^\top$ with random orthonormal $U$ (n, d) and
    $V$ (d, d) and singular values $s$ spaced logarithmically from 1 down to
    1/`cond`, so $\kappa(X) = $ `cond` and $\kappa(X^\top X) = $ `cond`$^2$.

    Parameters
    ----------
    rng : numpy.random.Generator
    n, d : int
        Shape of $X$, with $n \ge d \ge 2$.
    cond : float, default 1e6
        $\kappa(X) \ge 1$.

    Returns
    -------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n,)
        Exactly $Xw$ (no noise), so the true $w$ is the exact solution.
    w : ndarray, shape (d,)
    """
    rng = check_rng(rng)
    d = check_int(d, "d", low=2)
    n = check_int(n, "n", low=d)
    cond = check_scalar(cond, "cond", low=1.0)
    U, _ = np.linalg.qr(rng.standard_normal((n, d)))
    V, _ = np.linalg.qr(rng.standard_normal((d, d)))
    s = np.logspace(0.0, -np.log10(cond), d)
    X = (U * s) @ V.T
    w = rng.standard_normal(d)
    return X, X @ w, w


def solve_normal_equations(X: ArrayLike, y: ArrayLike, method: str) -> np.ndarray:
    r"""The least-squares $w$ of $y \approx Xw$ (no intercept), computed three ways.

    * ``"inverse"``: $w = (X^\top X)^{-1} X^\top y$ with an explicit inverse
      (what the formula says, and what one should not compute);
    * ``"solve"``: solve $X^\top X\, w = X^\top y$ by a factorization
      (``np.linalg.solve``, LU); backward stable, but $X^\top X$ has condition
      number $\kappa(X)^2$;
    * ``"lstsq"``: ``np.linalg.lstsq`` on $X$ itself (SVD), which never forms
      $X^\top X$, so its error grows with $\kappa(X)$ only, and which returns
      the minimum-norm solution when $X$ is rank-deficient.

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


# --- gradient flow through a deep MLP ------------------------------------------


@dataclass(frozen=True)
class GradientFlow:
    r"""How large the gradient is at every layer of a deep MLP, for one batch.

    Layer $l = 1..L$ computes $z_l = h_{l-1} W_l + b_l$ and $h_l = f(z_l)$
    (the output layer $L$ is linear); backpropagation gives
    $\delta_l = \partial \mathcal L/\partial z_l$ by

    $$\delta_l = \bigl(\delta_{l+1} W_{l+1}^\top\bigr) \odot f'(z_l),
    \qquad \frac{\partial \mathcal L}{\partial W_l} = h_{l-1}^\top \delta_l.$$

    Attributes
    ----------
    activation : str
    weight_grad : ndarray, shape (L,)
        $\lVert \partial\mathcal L/\partial W_l \rVert_F$ for $l = 1..L$.
    delta : ndarray, shape (L,)
        $\lVert \delta_l \rVert_F$, the gradient reaching layer $l$.
    mean_derivative : ndarray, shape (L - 1,)
        Mean of $f'(z_l)$ over samples and units, for the hidden layers.
    """

    activation: str
    weight_grad: np.ndarray
    delta: np.ndarray
    mean_derivative: np.ndarray

    @property
    def ratio(self) -> float:
        r"""$\lVert \partial\mathcal L/\partial W_1\rVert / \lVert \partial\mathcal L/\partial W_L\rVert$, first over last layer."""
        return float(self.weight_grad[0] / self.weight_grad[-1])


def gradient_flow(
    activation: str,
    rng: np.random.Generator,
    depth: int = 20,
    width: int = 64,
    n: int = 256,
    init: str | initializers.Initializer = "xavier_uniform",
) -> GradientFlow:
    r"""Backpropagate one batch through a fresh deep MLP and measure every layer's gradient.

    Data: $X \sim \mathcal N(0, 1)$ of shape (n, width) and targets
    $y \sim \mathcal N(0, 1)$ of shape (n, 1), drawn first from `rng`; then
    the weights of ``mlp([width] * depth + [1], activation, rng, init=init)``
    (:func:`~nnnotes.layers.mlp`: `depth` - 1 hidden layers and a linear
    output) are drawn from the same `rng`. Two
    generators in the same state therefore give the same data and the same
    weights whatever the activation, so activations can be compared
    fairly. Loss: mean squared error of the linear output.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}
        A name of :data:`nnnotes.layers.ACTIVATIONS`.
    rng : numpy.random.Generator
    depth : int, default 20
        Number of dense layers $L$ (so $L - 1$ hidden layers), $\ge 2$.
    width : int, default 64
    n : int, default 256
        Batch size.
    init : str or callable, default "xavier_uniform"
        A name of :data:`nnnotes.initializers.INITIALIZERS` or any
        ``init(fan_in, fan_out, rng)``.

    Returns
    -------
    GradientFlow
    """
    rng = check_rng(rng)
    depth = check_int(depth, "depth", low=2)
    width = check_int(width, "width", low=1)
    n = check_int(n, "n", low=1)
    derivative = get_activation(activation).grad
    X = rng.standard_normal((n, width))
    y = rng.standard_normal((n, 1))
    model = mlp([width] * depth + [1], activation, rng, init=init)
    dense = model.layers[::2]
    h, pre = X, []
    for layer in model.layers:
        h = layer.forward(h)
        if isinstance(layer, Dense):
            pre.append(h)
    g = mse_grad(y, h)
    delta = []
    for layer in reversed(model.layers):
        if isinstance(layer, Dense):
            delta.append(np.linalg.norm(g))
        g = layer.backward(g)
    weight_grad = np.array([np.linalg.norm(layer.grads["W"]) for layer in dense])
    mean_derivative = np.array([derivative(z).mean() for z in pre[:-1]])
    return GradientFlow(activation, weight_grad, np.array(delta[::-1]), mean_derivative)


# --- softmax cross-entropy of a linear classifier -------------------------------


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


# --- all-equal initialization of a small MLP ---------------------------------------


def two_moons(
    rng: np.random.Generator, n: int = 200, noise: float = 0.1, positive_fraction: float = 0.4
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaved half circles in 2-D, a small data set no line separates.

    Class 0 lies on $(\cos t, \sin t)$, class 1 on $(1 - \cos t, \tfrac12 - \sin t)$,
    $t \sim U(0, \pi)$, plus Gaussian noise of standard deviation `noise`.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int, default 200
    noise : float, default 0.1
    positive_fraction : float in (0, 1), default 0.4
        Share of class 1 (rounded to a whole number of samples).

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)
        0.0 or 1.0, class 0 first.
    """
    rng = check_rng(rng)
    n = check_int(n, "n", low=2)
    noise = check_scalar(noise, "noise", low=0.0)
    frac = check_scalar(positive_fraction, "positive_fraction", low=0.0, high=1.0,
                        low_inclusive=False, high_inclusive=False)
    n1 = min(max(int(round(n * frac)), 1), n - 1)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.arange(n) < n - n1
    X = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)], np.c_[1.0 - np.cos(t), 0.5 - np.sin(t)])
    X += noise * rng.standard_normal((n, 2))
    return X, (~upper).astype(np.float64)


def hidden_unit_spread(model: Sequential) -> float:
    r"""Largest difference between two hidden units of a one-hidden-layer MLP.

    Unit $j$ is described by everything that belongs to it: its incoming
    weights $W_1[:, j]$, its bias $b_1[j]$ and its outgoing weights
    $W_2[j, :]$. The spread is $\max_{\text{entries}} (\max_j - \min_j)$, which is
    exactly 0 if and only if all hidden units are identical.

    Parameters
    ----------
    model : Sequential
        ``Dense, activation, Dense``, as built by :func:`~nnnotes.layers.mlp`
        with three sizes.
    """
    first, last = model.layers[0], model.layers[-1]
    units = np.vstack([first.params["W"], first.params["b"][None, :], last.params["W"].T])
    return float(np.max(units.max(axis=1) - units.min(axis=1)))


def first_step(
    X: ArrayLike, y: ArrayLike, activation: str = "tanh", hidden: int = 16
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    r"""Output and gradients of an all-zero one-hidden-layer MLP on its first step.

    Model: ``Dense(d -> hidden)``, activation $f$, ``Dense(hidden -> 1)``,
    sigmoid output, binary cross-entropy on the logits. With every weight and
    bias 0: the logit is 0, so $\hat y = \sigma(0) = 1/2$ for every sample;
    $\partial\mathcal L/\partial b_2 = \frac1n\sum_s(\tfrac12 - y_s)$;
    $\partial\mathcal L/\partial W_2 = f(0)\,\frac1n\sum_s(\tfrac12 - y_s)$ for every
    unit ($f(0) = 1/2$ for the sigmoid, 0 for tanh and ReLU); and the hidden
    layer gets exactly zero gradient because $W_2 = 0$ blocks the backward pass.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Targets in [0, 1].
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}, default "tanh"
    hidden : int, default 16

    Returns
    -------
    probabilities : ndarray, shape (n,)
        $\hat y = \sigma(\text{logit})$ before the step.
    grads : dict of str to ndarray
        Copies of the gradients, keys ``"0.W"`` (d, hidden), ``"0.b"``,
        ``"2.W"`` (hidden, 1), ``"2.b"``.
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)[:, None]
    model = mlp([X.shape[1], hidden, 1], activation, np.random.default_rng(0), init="zeros")
    logits = model.forward(X)
    model.backward(binary_cross_entropy_grad(y, logits))
    return sigmoid(logits[:, 0]), {key: g.copy() for key, g in model.grads.items()}


@dataclass(frozen=True)
class TrainingRun:
    r"""Full-batch training of a one-hidden-layer MLP from one initialization.

    Attributes
    ----------
    losses : ndarray, shape (epochs + 1,)
        Binary cross-entropy before training and after each step.
    spread : ndarray, shape (epochs + 1,)
        :func:`hidden_unit_spread` at the same moments.
    accuracy : float
        Training accuracy at the end.
    model : Sequential
        The trained model.
    """

    losses: np.ndarray
    spread: np.ndarray
    accuracy: float
    model: Sequential


def train_from_init(
    X: ArrayLike,
    y: ArrayLike,
    init: str | initializers.Initializer,
    rng: np.random.Generator,
    activation: str = "tanh",
    hidden: int = 16,
    lr: float = 0.5,
    epochs: int = 500,
) -> TrainingRun:
    r"""Train ``Dense(d -> hidden), f, Dense(hidden -> 1)`` by full-batch gradient descent.

    Loss: binary cross-entropy on the logit; update
    $\theta \leftarrow \theta - \eta\,\nabla_\theta \mathcal L$ for every
    weight and bias (:class:`~nnnotes.optim.SGD` on the whole batch, by
    :func:`~nnnotes.optim.train`). Both weight
    matrices are drawn with `init` (biases start at 0), so ``init="zeros"``
    is the all-zero network and ``initializers.constant(c)`` an all-equal one.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Targets 0 or 1.
    init : str or callable
        A name of :data:`nnnotes.initializers.INITIALIZERS` or any
        ``init(fan_in, fan_out, rng)``.
    rng : numpy.random.Generator
        Passed to `init`.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}, default "tanh"
    hidden : int, default 16
    lr : float, default 0.5
    epochs : int, default 500

    Returns
    -------
    TrainingRun
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)[:, None]
    epochs = check_int(epochs, "epochs", low=0)
    optimizer = SGD(lr)
    model = mlp([X.shape[1], hidden, 1], activation, rng, init=init)
    spread: list[float] = []

    def record_spread(step: int, loss: float) -> None:
        spread.append(hidden_unit_spread(model))

    losses = train(model, binary_cross_entropy, binary_cross_entropy_grad, X, y, optimizer, epochs,
                   callback=record_spread)
    accuracy = float(np.mean((model.forward(X) > 0.0) == (y > 0.5)))
    return TrainingRun(losses, np.array(spread), accuracy, model)


#: The three starting points compared on the zero-initialization page.
SYMMETRY_INITS: dict[str, str | initializers.Initializer] = {
    "zeros": "zeros",
    "constant": initializers.constant(0.5),
    "random": "xavier_uniform",
}


def symmetry_runs(
    rng: np.random.Generator, activation: str = "tanh", hidden: int = 16, lr: float = 0.5, epochs: int = 1000
) -> dict[str, TrainingRun]:
    r"""Train the same MLP on the same two-moons data from each of :data:`SYMMETRY_INITS`.

    The data (:func:`two_moons` with its defaults: 200 points, 40% in class 1)
    are drawn from `rng` first, then the random initialization; the all-zero
    and all-0.5 networks use no randomness.

    Parameters
    ----------
    rng : numpy.random.Generator
    activation, hidden, lr, epochs
        As in :func:`train_from_init`.

    Returns
    -------
    dict of str to TrainingRun
        Keys ``"zeros"``, ``"constant"``, ``"random"``.
    """
    rng = check_rng(rng)
    X, y = two_moons(rng)
    return {
        name: train_from_init(X, y, init, rng, activation=activation, hidden=hidden, lr=lr, epochs=epochs)
        for name, init in SYMMETRY_INITS.items()
    }
