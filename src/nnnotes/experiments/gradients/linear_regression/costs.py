"""The operation counts of both solvers and real timings for the lab (page ``gradients/linear-regression``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng
from nnnotes.linear_regression import (
    fit_closed_form,
    fit_gradient_descent,
    flops_closed_form,
    flops_gradient_descent,
)



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
    $\eta = 0.5 / (1 + d/n)$, stable for such data ($\lambda_{\text{max}} \approx (1 + \sqrt{d/n})^2$).

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
