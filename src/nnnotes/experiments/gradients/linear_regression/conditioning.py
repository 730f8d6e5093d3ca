"""How many steps iterative solvers need as the condition number grows, and how ridge helps (page ``gradients/linear-regression``)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar


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
