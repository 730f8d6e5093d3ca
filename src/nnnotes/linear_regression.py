r"""Linear least squares (optionally ridge): closed form, gradient descent, and their costs.

The model is $\hat y = X w + b$ with $X$ of shape (n, d). Both solvers minimise

$$L(w, b) = \frac{1}{2n}\lVert y - Xw - b\rVert^2 + \frac{\lambda}{2}\lVert w\rVert^2,$$

with ``l2`` $= \lambda \ge 0$; the intercept $b$ is never penalised. Its gradient
is $\nabla_w L = -\frac1n X^\top r + \lambda w$, $\nabla_b L = -\frac1n \sum_i r_i$
with residual $r = y - Xw - b$. Targets may be a vector (n,) or a matrix (n, k)
(k independent problems sharing $X$).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, check_int, check_scalar

__all__ = [
    "LinearFit",
    "GDFit",
    "fit_closed_form",
    "fit_gradient_descent",
    "flops_closed_form",
    "flops_gradient_descent",
]


class LinearFit(NamedTuple):
    r"""Result of [`fit_closed_form`][nnnotes.linear_regression.fit_closed_form]; unpacks as ``coef, intercept = fit``.

    Attributes
    ----------
    coef : ndarray, shape (d,) or (d, k)
        $w$, matching ``y`` of shape (n,) or (n, k).
    intercept : float or ndarray of shape (k,)
        $b$ (0 when ``fit_intercept=False``).
    """

    coef: np.ndarray
    intercept: float | np.ndarray


class GDFit(NamedTuple):
    r"""Result of [`fit_gradient_descent`][nnnotes.linear_regression.fit_gradient_descent]; unpacks as ``coef, intercept, losses``.

    Attributes
    ----------
    coef : ndarray, shape (d,) or (d, k)
    intercept : float or ndarray of shape (k,)
    losses : ndarray, shape (n_steps + 1,)
        $L$ at the start and after each step (``losses[t]`` is the loss of the
        iterate after $t$ steps).
    """

    coef: np.ndarray
    intercept: float | np.ndarray
    losses: np.ndarray


def _data(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=(1, 2))
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y must have the same number of samples, got X of shape {X.shape} "
            f"and y of shape {y.shape}"
        )
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X needs at least one sample and one feature, got shape {X.shape}")
    return X, y


def _intercept(b: np.ndarray) -> float | np.ndarray:
    return float(b) if b.ndim == 0 else b


def fit_closed_form(
    X: ArrayLike, y: ArrayLike, fit_intercept: bool = True, l2: float = 0.0
) -> LinearFit:
    r"""Exact minimiser of $L(w, b)$ by a matrix factorisation (no explicit inverse).

    With ``fit_intercept``, $X$ and $y$ are centred first ($b$ is unpenalised,
    so $b = \bar y - \bar x^\top w$ and $w$ solves the centred problem).

    * ``l2 == 0``: ``np.linalg.lstsq`` (SVD based). For rank-deficient $X$
      (collinear or more features than samples) it returns the minimum-norm
      least-squares solution.
    * ``l2 > 0``: the ridge normal equations
      $(X^\top X + n\lambda I)\,w = X^\top y$, solved with ``np.linalg.solve``
      (the matrix is symmetric positive definite, so always solvable).

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,) or (n, k)
    fit_intercept : bool, default True
    l2 : float, default 0
        Ridge weight $\lambda \ge 0$ in the $\frac{1}{2n}$-scaled loss above.

    Returns
    -------
    LinearFit
        ``(coef, intercept)``; see [`LinearFit`][nnnotes.linear_regression.LinearFit] for shapes.
    """
    X, y = _data(X, y)
    lam = check_scalar(l2, "l2", low=0.0)
    n, d = X.shape
    if fit_intercept:
        x_mean, y_mean = X.mean(axis=0), y.mean(axis=0)
        Xc, yc = X - x_mean, y - y_mean
    else:
        Xc, yc = X, y
    if lam == 0.0:
        coef = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    else:
        A = Xc.T @ Xc
        A[np.diag_indices(d)] += n * lam
        coef = np.linalg.solve(A, Xc.T @ yc)
    b = y_mean - x_mean @ coef if fit_intercept else np.zeros(y.shape[1:])
    return LinearFit(coef, _intercept(np.asarray(b)))


def fit_gradient_descent(
    X: ArrayLike,
    y: ArrayLike,
    lr: float,
    n_steps: int,
    fit_intercept: bool = True,
    l2: float = 0.0,
    w0: ArrayLike | None = None,
) -> GDFit:
    r"""Full-batch gradient descent on $L(w, b)$.

    Starting from $w = w_0$ (zeros by default) and $b = 0$, each step is

    $$w \leftarrow w - \eta\Bigl(-\tfrac1n X^\top r + \lambda w\Bigr),\qquad
    b \leftarrow b + \eta\,\tfrac1n \textstyle\sum_i r_i,\qquad r = y - Xw - b.$$

    It converges for $0 < \eta < 2/\Lambda$ with $\Lambda$ the largest
    eigenvalue of $\frac1n \tilde X^\top \tilde X + \lambda I$
    ($\tilde X$ is $X$ with a column of ones when fitting the intercept).

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,) or (n, k)
    lr : float
        Step size $\eta > 0$.
    n_steps : int
        Number of steps, $\ge 0$.
    fit_intercept : bool, default True
    l2 : float, default 0
        Ridge weight $\lambda \ge 0$.
    w0 : array_like, shape (d,) or (d, k), optional
        Initial coefficients (copied; the default is zeros).

    Returns
    -------
    GDFit
        ``(coef, intercept, losses)`` with ``losses`` of length ``n_steps + 1``.

    Raises
    ------
    FloatingPointError
        If the iterates overflow (the step size is too large); the message
        gives the step and the stability bound $2/\Lambda$.
    """
    X, y = _data(X, y)
    eta = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    steps = check_int(n_steps, "n_steps", low=0)
    lam = check_scalar(l2, "l2", low=0.0)
    n, d = X.shape
    coef_shape = (d,) + y.shape[1:]
    if w0 is None:
        w = np.zeros(coef_shape)
    else:
        w = np.array(as_float_array(w0, "w0"), copy=True)
        if w.shape != coef_shape:
            raise ValueError(f"w0 must have shape {coef_shape} for X {X.shape} and y {y.shape}, got {w.shape}")
    b = np.zeros(y.shape[1:])
    losses = np.empty(steps + 1)

    def residual_and_loss() -> tuple[np.ndarray, float]:
        r = y - X @ w
        r -= b
        return r, (np.vdot(r, r) / (2 * n) + 0.5 * lam * np.vdot(w, w))

    t = 0
    try:
        with np.errstate(over="raise", invalid="raise"):
            for t in range(steps):
                r, losses[t] = residual_and_loss()
                grad = X.T @ r
                grad *= -1.0 / n
                if lam:
                    grad += lam * w
                w -= eta * grad
                if fit_intercept:
                    b += (eta / n) * r.sum(axis=0)
            _, losses[steps] = residual_and_loss()
            if not np.isfinite(losses[steps]):
                raise FloatingPointError("non-finite loss")
    except FloatingPointError as exc:
        bound = 2.0 / hessian_eigenvalues(X, lam, fit_intercept)[-1]
        raise FloatingPointError(
            f"gradient descent diverged at step {t} with lr={eta}; it is stable only for "
            f"lr < {bound:.6g} (2 / largest eigenvalue of the loss Hessian)"
        ) from exc
    return GDFit(w, _intercept(b), losses)


def hessian_eigenvalues(X: ArrayLike, l2: float = 0.0, fit_intercept: bool = True) -> np.ndarray:
    r"""Eigenvalues of the Hessian of the least-squares loss, smallest first.

    For $L(w, b) = \frac{1}{2n}\lVert y - Xw - b\rVert^2 + \frac{\lambda}{2}\lVert w\rVert^2$
    the Hessian is constant: $H = \frac1n \tilde X^\top \tilde X + \lambda I_w$ with
    $\tilde X = [X, \mathbf{1}]$ when the intercept is fitted (the intercept is not
    penalised). Gradient descent is stable for $\eta < 2/\lambda_{\max}(H)$, and its
    slowest direction shrinks by $1 - \eta\lambda_{\min}(H)$ per step, so the
    condition number $\lambda_{\max}/\lambda_{\min}$ sets how many steps it needs.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    l2 : float >= 0, default 0.0
    fit_intercept : bool, default True

    Returns
    -------
    ndarray, shape (n_features + 1,) with an intercept, else (n_features,)
    """
    X = as_float_array(X, "X", ndim=2)
    lam = check_scalar(l2, "l2", low=0.0)
    Xt = np.hstack([X, np.ones((X.shape[0], 1))]) if fit_intercept else X
    H = Xt.T @ Xt / X.shape[0]
    H[np.diag_indices(X.shape[1])] += lam
    return np.linalg.eigvalsh(H)


def flops_closed_form(n: int, d: int) -> float:
    r"""Approximate floating-point operations of the normal-equations solve.

    Counts multiplications and additions separately, leading order per stage:

    * Gram matrix $X^\top X$ (symmetric, only half computed): $n d^2$;
    * right-hand side $X^\top y$: $2 n d$;
    * Cholesky factorisation: $d^3/3$;
    * two triangular solves: $2 d^2$.

    Total $n d^2 + 2nd + d^3/3 + 2d^2$. (The SVD used by
    [`fit_closed_form`][nnnotes.linear_regression.fit_closed_form] when ``l2 == 0`` costs a constant factor more, with the
    same $O(nd^2 + d^3)$ order.)
    """
    n = check_int(n, "n", low=1)
    d = check_int(d, "d", low=1)
    return float(n * d * d + 2 * n * d + d**3 / 3 + 2 * d * d)


def flops_gradient_descent(n: int, d: int, n_steps: int) -> float:
    r"""Approximate floating-point operations of [`fit_gradient_descent`][nnnotes.linear_regression.fit_gradient_descent].

    Per step, two matrix-vector products dominate: $Xw$ ($2nd$) and
    $X^\top r$ ($2nd$), so the count is $4nd$ per step and $4nd\,T$ in total
    for $T$ = `n_steps` (lower-order $O(n + d)$ terms ignored). Gradient descent
    is cheaper than the closed form when $T < d/4 + d^2/(12n)$ roughly.
    """
    n = check_int(n, "n", low=1)
    d = check_int(d, "d", low=1)
    steps = check_int(n_steps, "n_steps", low=0)
    return float(4 * n * d * steps)
