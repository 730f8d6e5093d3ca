"""Activation functions and their derivatives on a grid, for the figures of two pages.

Shared on purpose: the home page and the vanishing-gradients page
(``gradients/vanishing-gradients``) both show these curves, so neither page's
module owns them; :mod:`nnnotes.plotting.activations` and
:mod:`nnnotes.plotting.gradients.vanishing_gradients` draw them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnnotes import activations


@dataclass(frozen=True)
class Curve:
    """An activation on a grid: ``x``, its values ``y`` and its derivative ``dy`` (all shape (n,))."""

    name: str
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray


_FUNCTIONS = {
    "sigmoid": (activations.sigmoid, activations.sigmoid_grad),
    "tanh": (activations.tanh, activations.tanh_grad),
    "relu": (activations.relu, activations.relu_grad),
}


def activation_curve(name: str, lo: float = -6.0, hi: float = 6.0, num: int = 241) -> Curve:
    """Evaluate activation ``name`` ("sigmoid", "tanh" or "relu") and its derivative on a grid.

    >>> curve = activation_curve("sigmoid")
    >>> float(curve.dy.max())   # the derivative peaks at x = 0
    0.25
    """
    if name not in _FUNCTIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(_FUNCTIONS)}")
    if not lo < hi or num < 2:
        raise ValueError(f"need lo < hi and num >= 2, got lo={lo}, hi={hi}, num={num}")
    f, df = _FUNCTIONS[name]
    x = np.linspace(lo, hi, num)
    return Curve(name, x, f(x), df(x))
