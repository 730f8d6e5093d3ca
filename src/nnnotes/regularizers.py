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
    r"""Gradient of [`l2`][nnnotes.regularizers.l2]: $\nabla \ell_2(w) = w$ (returned as a new array).

    Returns
    -------
    ndarray, same shape as `w`
    """
    return np.array(as_float_array(w, "w"), copy=True)


def soft_threshold(w: ArrayLike, t: float, *, out: np.ndarray | None = None) -> np.ndarray:
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
    out : ndarray, optional
        A float64 array of the shape of `w` to write the result to; it may be
        `w` itself, which thresholds `w` in place (the proximal step of
        [`SGD`][nnnotes.optim.SGD]). By default a new array.

    Returns
    -------
    ndarray, same shape as `w`
        `out` if given.

    Examples
    --------
    >>> w = np.array([-2.0, -0.5, 0.25, 3.0])
    >>> soft_threshold(w, 1.0)
    array([-1.,  0.,  0.,  2.])
    >>> _ = soft_threshold(w, 0.5, out=w); w
    array([-1.5,  0. ,  0. ,  2.5])
    >>> soft_threshold(-0.3, 0.1)  # a plain number gives a 0-d array
    array(-0.2)
    """
    t = check_scalar(t, "t", low=0.0)
    w = as_float_array(w, "w")
    if out is None:
        out = np.empty_like(w)
    elif not isinstance(out, np.ndarray) or out.dtype != np.float64:
        raise TypeError(f"out must be a float64 ndarray, got {type(out).__name__} "
                        f"of dtype {getattr(out, 'dtype', None)}")
    elif out.shape != w.shape:
        raise ValueError(f"out must have the shape of w {w.shape}, got {out.shape}")
    a = np.abs(w, out=np.empty_like(w))  # an array even for a 0-d w (np.abs of one gives a scalar)
    a -= t
    np.maximum(a, 0.0, out=a)
    np.copysign(a, w, out=out)
    out += 0.0  # turn the -0.0 of thresholded negative entries into +0.0
    return out
