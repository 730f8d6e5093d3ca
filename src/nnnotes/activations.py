r"""Elementwise activation functions and their derivatives.

Each activation ``f`` sits next to ``f_grad``, its derivative $f'(x)$ with
respect to the input $x$ (not the output). All functions accept an array of any
shape, return a new float64 array of the same shape, and are finite and
warning-free for every finite input (in particular $|x| \le 10^4$).

Conventions at kinks: ``relu_grad(0) = 0`` and ``leaky_relu_grad(0) = slope``
(the left derivative).

Every function rejects NaN and infinities unless called with
``check_finite=False``, which skips that O(size) pass (the dtype is still
checked). The layers of [`nnnotes.layers`][nnnotes.layers] use it for arrays their own
checks, or their container's, have already covered; a non-finite value then
propagates as IEEE arithmetic makes it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, check_scalar

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "leaky_relu",
    "leaky_relu_grad",
]


def _check_slope(slope: float) -> float:
    return check_scalar(slope, "slope", low=0.0)


# --- sigmoid -----------------------------------------------------------------


def sigmoid(x: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
    r"""Logistic sigmoid $\sigma(x) = \dfrac{1}{1 + e^{-x}}$.

    Computed in the overflow-free form
    $\sigma(x) = 1/(1+e^{-|x|})$ for $x \ge 0$ and $e^{-|x|}/(1+e^{-|x|})$ for
    $x < 0$.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
        Values in $[0, 1]$.
    """
    x = as_float_array(x, "x", finite=check_finite)
    # e = exp(-|x|) lies in (0, 1], so nothing overflows; each branch divides by
    # 1 + e in [1, 2] and keeps full relative accuracy in both tails.
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0, e)
    out /= 1.0 + e
    return out


def sigmoid_grad(x: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
    r"""Derivative of the sigmoid, $\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$.

    Evaluated as $e^{-|x|} / (1 + e^{-|x|})^2$, which is symmetric in $x$,
    accurate in both tails and, with the last rounding clipped, never exceeds
    its maximum $\sigma'(0) = 1/4$.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input (the pre-activation, not $\sigma(x)$).
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
        Values in $[0, 1/4]$.
    """
    # sigma(x) * sigma(-x) = e / (1 + e)^2 with e = exp(-|x|): symmetric, exact
    # in the tails (no 1 - sigma cancellation) and <= 1/4 since (1+e)^2 >= 4e.
    # Near x = 0 the rounded quotient can land one ulp above 1/4 (e.g. at
    # x = 4.9e-11); the bound is exact, so the rounding error is clipped away.
    e = np.exp(-np.abs(as_float_array(x, "x", finite=check_finite)))
    d = 1.0 + e
    d *= d
    return np.minimum(e / d, 0.25)


# --- tanh --------------------------------------------------------------------


def tanh(x: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
    r"""Hyperbolic tangent $\tanh(x) = \dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
        Values in $[-1, 1]$.
    """
    return np.tanh(as_float_array(x, "x", finite=check_finite))


def tanh_grad(x: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
    r"""Derivative of tanh, $\tanh'(x) = 1 - \tanh^2(x)$.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
        Values in $[0, 1]$.
    """
    t = np.tanh(as_float_array(x, "x", finite=check_finite))
    return 1.0 - t * t


# --- ReLU --------------------------------------------------------------------


def relu(x: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
    r"""Rectified linear unit $\mathrm{relu}(x) = \max(x, 0)$.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
    """
    return np.maximum(as_float_array(x, "x", finite=check_finite), 0.0)


def relu_grad(x: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
    r"""Derivative of ReLU, $\mathrm{relu}'(x) = \mathbb{1}[x > 0]$.

    ReLU is not differentiable at $0$; by convention ``relu_grad(0) = 0``.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
        Zeros and ones (float64).
    """
    return (as_float_array(x, "x", finite=check_finite) > 0.0).astype(np.float64)


# --- leaky ReLU --------------------------------------------------------------


def leaky_relu(
    x: ArrayLike, slope: float = 0.01, *, check_finite: bool = True
) -> np.ndarray:
    r"""Leaky ReLU, $f(x) = x$ for $x > 0$ and $f(x) = a\,x$ otherwise.

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    slope : float, default 0.01
        The negative-side slope $a \ge 0$.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
    """
    a = _check_slope(slope)
    x = as_float_array(x, "x", finite=check_finite)
    return np.where(x > 0.0, x, a * x)


def leaky_relu_grad(
    x: ArrayLike, slope: float = 0.01, *, check_finite: bool = True
) -> np.ndarray:
    r"""Derivative of leaky ReLU, $f'(x) = 1$ for $x > 0$ and $a$ otherwise.

    At the kink the left derivative is used: ``leaky_relu_grad(0) = slope``
    (consistent with ``relu_grad(0) = 0``, the case $a = 0$).

    Parameters
    ----------
    x : array_like, any shape
        Finite real input.
    slope : float, default 0.01
        The negative-side slope $a \ge 0$.
    check_finite : bool, default True
        Reject NaN and infinities (see the module docstring).

    Returns
    -------
    ndarray, same shape as `x`
    """
    a = _check_slope(slope)
    x = as_float_array(x, "x", finite=check_finite)
    return np.where(x > 0.0, 1.0, a)
