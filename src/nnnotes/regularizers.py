r"""Weight penalties, their (sub)gradients, and the L1 proximal map.

Conventions:

* $\ell_1(w) = \sum_k |w_k|$ with subgradient $\mathrm{sign}(w)$ (0 at 0);
* $\ell_2(w) = \tfrac12 \sum_k w_k^2$ with gradient $w$ (the $\tfrac12$ makes
  the gradient exactly $w$, so a penalty $\lambda\,\ell_2(w)$ adds $\lambda w$);
* ``soft_threshold(w, t)`` is $\mathrm{prox}_{t\lVert\cdot\rVert_1}(w)$, which
  sets entries with $|w_k| \le t$ exactly to zero.

All functions accept arrays of any shape.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, check_scalar

__all__ = ["l1", "l1_grad", "l2", "l2_grad", "soft_threshold"]


def l1(w: ArrayLike) -> float:
    r"""L1 norm, $\ell_1(w) = \sum_k |w_k|$.

    Parameters
    ----------
    w : array_like, any shape

    Returns
    -------
    float
    """
    return float(np.abs(as_float_array(w, "w")).sum())


def l1_grad(w: ArrayLike) -> np.ndarray:
    r"""A subgradient of $\ell_1$: $\mathrm{sign}(w)$, taking $0$ at $w_k = 0$.

    (Any value in $[-1, 1]$ is a valid subgradient at $0$; $0$ is the one of
    minimal norm.)

    Returns
    -------
    ndarray, same shape as `w`
    """
    return np.sign(as_float_array(w, "w"))


def l2(w: ArrayLike) -> float:
    r"""Half squared L2 norm, $\ell_2(w) = \tfrac12 \sum_k w_k^2$.

    Returns
    -------
    float
    """
    w = as_float_array(w, "w").ravel()
    return 0.5 * float(np.dot(w, w))


def l2_grad(w: ArrayLike) -> np.ndarray:
    r"""Gradient of :func:`l2`: $\nabla \ell_2(w) = w$ (returned as a new array).

    Returns
    -------
    ndarray, same shape as `w`
    """
    return np.array(as_float_array(w, "w"), copy=True)


def soft_threshold(w: ArrayLike, t: float) -> np.ndarray:
    r"""Soft thresholding, the proximal map of $t\lVert\cdot\rVert_1$.

    $$\mathrm{prox}_{t\lVert\cdot\rVert_1}(w) = \arg\min_u \tfrac12\lVert u - w\rVert^2 + t\lVert u\rVert_1
    = \mathrm{sign}(w)\,\max(|w| - t,\ 0).$$

    Entries with $|w_k| \le t$ become exactly $0$ (positive zero); the others
    shrink towards zero by $t$.

    Parameters
    ----------
    w : array_like, any shape
    t : float
        Threshold $t \ge 0$.

    Returns
    -------
    ndarray, same shape as `w`
    """
    t = check_scalar(t, "t", low=0.0)
    out = np.array(as_float_array(w, "w"), copy=True)
    _soft_threshold_(out, t)
    return out


def _soft_threshold_(w: np.ndarray, t: float) -> None:
    """In-place soft thresholding of a float64 array (no checks)."""
    a = np.abs(w)
    a -= t
    np.maximum(a, 0.0, out=a)
    np.copysign(a, w, out=w)
    w += 0.0  # turn the -0.0 of thresholded negative entries into +0.0
