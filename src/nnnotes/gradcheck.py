r"""Numerical gradient checking by central differences.

``numerical_gradient`` perturbs every entry of an array in place (and restores
it); ``relative_error`` compares two gradients; ``check_layer`` compares a
layer's ``backward`` (input gradient and every parameter gradient) against
numerical gradients of the random projection loss
$L(X) = \sum_{ij} \mathrm{forward}(X)_{ij} R_{ij}$, whose gradient with respect
to the output is exactly $R$.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, check_rng, check_scalar

__all__ = ["numerical_gradient", "relative_error", "check_layer", "assert_gradients_close"]


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    r"""Central-difference gradient of a scalar function at `x`.

    $$\frac{\partial f}{\partial x_k} \approx \frac{f(x + \varepsilon e_k) - f(x - \varepsilon e_k)}{2\varepsilon}$$

    for **every** entry $k$ (truncation error $O(\varepsilon^2)$). `x` is
    perturbed in place, so `f` may ignore its argument and read the same array
    through other references (e.g. a layer's parameter); each entry is restored
    exactly afterwards, even if `f` raises.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray of float64, any shape
        The point; must be a writeable float64 array.
    eps : float, default 1e-6
        Step $\varepsilon > 0$.

    Returns
    -------
    ndarray, same shape as `x`
    """
    h = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(f"x must be a float64 ndarray (it is perturbed in place), got {got}")
    grad = np.empty(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            fp = _scalar(f(x))
            x[idx] = old - h
            fm = _scalar(f(x))
        finally:
            x[idx] = old
        grad[idx] = (fp - fm) / (2.0 * h)
    return grad


def _scalar(value: Any) -> float:
    arr = np.asarray(value)
    if arr.shape != ():
        raise ValueError(f"f must return a scalar, got an array of shape {arr.shape}")
    return float(arr)


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Norm-wise relative error between two arrays of the same shape.

    $$\mathrm{err}(a, b) = \frac{\max_k |a_k - b_k|}{\max\bigl(\max_k |a_k| + \max_k |b_k|,\ \mathrm{tiny}\bigr)}$$

    with tiny the smallest normal float64, so two zero arrays give 0. The
    max-norm scaling (rather than entry by entry) keeps tiny entries, where
    finite differences are all round-off, from dominating.

    Parameters
    ----------
    a, b : array_like, same shape

    Returns
    -------
    float in $[0, 1]$
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    scale = np.max(np.abs(a)) + np.max(np.abs(b))
    return float(np.max(np.abs(a - b)) / max(scale, np.finfo(np.float64).tiny))


def check_layer(
    layer: Any, X: ArrayLike, rng: np.random.Generator, eps: float = 1e-6
) -> dict[str, float]:
    r"""Compare a layer's backward pass with central differences.

    A deep copy of `layer` is checked (the caller's layer, including running
    statistics and its mode, is left untouched). With a random
    $R \sim \mathcal N(0, 1)$ of the output's shape, the loss
    $L = \sum_{ij} \mathrm{forward}(X)_{ij} R_{ij}$ has
    $\partial L / \partial Y = R$, so ``backward(R)`` must return
    $\partial L/\partial X$ and fill ``grads`` with $\partial L/\partial \theta$.

    Parameters
    ----------
    layer : object with ``forward``, ``backward``, ``params`` and ``grads``
        Any layer of [`nnnotes.layers`][nnnotes.layers], including ``Sequential``.
    X : array_like, shape (n, fan_in)
        Input at which to check.
    rng : numpy.random.Generator
        Source of $R$.
    eps : float, default 1e-6
        Central-difference step.

    Returns
    -------
    dict[str, float]
        ``relative_error`` per key: ``"X"`` for the input gradient, then one
        entry per parameter key (e.g. ``"W"``, ``"b"``, or ``"0.W"`` for a
        ``Sequential``).

    Notes
    -----
    A relative error is meaningless for a gradient that is exactly zero in
    exact arithmetic: e.g. the bias of a [`Dense`][nnnotes.layers.Dense] layer
    feeding a training-mode [`BatchNorm1d`][nnnotes.layers.BatchNorm1d] (the batch mean
    removes any shift), where both sides are round-off and the error is about 1.
    Compare absolute values in such cases.
    """
    check_rng(rng)
    check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    layer = copy.deepcopy(layer)
    X = np.array(as_float_array(X, "X"), dtype=np.float64, copy=True)
    R = rng.standard_normal(np.shape(layer.forward(X)))
    dX = layer.backward(R)
    analytic = {"X": np.array(dX, copy=True)}
    analytic.update({k: np.array(g, copy=True) for k, g in layer.grads.items()})

    def loss(_: np.ndarray) -> float:
        return float(np.vdot(layer.forward(X), R))

    errors = {"X": relative_error(analytic["X"], numerical_gradient(loss, X, eps))}
    for key, p in layer.params.items():
        errors[key] = relative_error(analytic[key], numerical_gradient(loss, p, eps))
    return errors


def assert_gradients_close(
    layer: Any, X: ArrayLike, rng: np.random.Generator, tol: float = 1e-6, eps: float = 1e-6
) -> dict[str, float]:
    r"""Run [`check_layer`][nnnotes.gradcheck.check_layer] and raise ``AssertionError`` if any error exceeds `tol`.

    Returns the dictionary of relative errors when all are below `tol`.
    """
    errors = check_layer(layer, X, rng, eps=eps)
    bad = {k: v for k, v in errors.items() if not v < tol}
    if bad:
        raise AssertionError(f"{layer!r}: gradient check failed (tol={tol}): {bad}")
    return errors
