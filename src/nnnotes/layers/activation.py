r"""Activation layers, and the activations known by name.

Each layer applies a function of [`nnnotes.activations`][nnnotes.activations] elementwise and
backpropagates with that module's derivative of it, evaluated at the input it
kept: $\partial L/\partial X = G \odot f'(X)$ with $G = \partial L/\partial Y$,
both of shape (n, d). The derivative is defined once, there; the layers hold
no formula of their own. They have no parameters.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from .._validation import check_scalar
from ..activations import (
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from .base import Layer

__all__ = [
    "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ActivationSpec", "ACTIVATIONS", "get_activation",
]

# The layer's own checks have run (and, inside a container, the container's
# finiteness check), so the functions are called with check_finite=False.


class Sigmoid(Layer):
    r"""Elementwise $\sigma(x) = 1/(1+e^{-x})$.

    Backward: $G \odot \sigma'(X)$ with [`sigmoid_grad`][nnnotes.activations.sigmoid_grad].
    """

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._X = X
        return sigmoid(X, check_finite=False)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        r"""`dY` of shape (n, d) -> $dY \odot \sigma'(X)$ of shape (n, d)."""
        dX = sigmoid_grad(self._X, check_finite=False)
        dX *= dY
        return dX


class Tanh(Layer):
    r"""Elementwise $\tanh(x)$.

    Backward: $G \odot (1 - \tanh^2 X)$ with [`tanh_grad`][nnnotes.activations.tanh_grad].
    """

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._X = X
        return tanh(X, check_finite=False)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        r"""`dY` of shape (n, d) -> $dY \odot \tanh'(X)$ of shape (n, d)."""
        dX = tanh_grad(self._X, check_finite=False)
        dX *= dY
        return dX


class ReLU(Layer):
    r"""Elementwise $\max(x, 0)$.

    Backward: $G$ where $X > 0$, else 0 ([`relu_grad`][nnnotes.activations.relu_grad],
    so $\mathrm{relu}'(0) = 0$).
    """

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._X = X
        return relu(X, check_finite=False)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        r"""`dY` of shape (n, d) -> $dY \odot \mathbb{1}[X > 0]$ of shape (n, d)."""
        dX = relu_grad(self._X, check_finite=False)
        dX *= dY
        return dX


class LeakyReLU(Layer):
    r"""Elementwise $x$ for $x > 0$, $a x$ otherwise (slope $a \ge 0$; derivative $a$ at 0).

    Backward: $G \odot f'(X)$ with [`leaky_relu_grad`][nnnotes.activations.leaky_relu_grad].
    """

    def __init__(self, slope: float = 0.01) -> None:
        super().__init__()
        self.slope = check_scalar(slope, "slope", low=0.0)

    def __repr__(self) -> str:
        return f"LeakyReLU(slope={self.slope!r})"

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._X = X
        return leaky_relu(X, self.slope, check_finite=False)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        r"""`dY` of shape (n, d) -> $dY \odot f'(X)$ of shape (n, d)."""
        dX = leaky_relu_grad(self._X, self.slope, check_finite=False)
        dX *= dY
        return dX


# --- by name -------------------------------------------------------------------


class ActivationSpec(NamedTuple):
    r"""An activation known by name: its layer class and its derivative.

    Attributes
    ----------
    layer : type
        The [`Layer`][nnnotes.layers.Layer] subclass, built without arguments (``LeakyReLU``
        gets its default slope 0.01).
    grad : callable
        $f'(x)$ with respect to the input, elementwise: array of any shape ->
        array of the same shape; the function of [`nnnotes.activations`][nnnotes.activations]
        that the layer's backward pass uses.
    """

    layer: type
    grad: Callable[[np.ndarray], np.ndarray]


ACTIVATIONS: dict[str, ActivationSpec] = {
    "sigmoid": ActivationSpec(Sigmoid, sigmoid_grad),
    "tanh": ActivationSpec(Tanh, tanh_grad),
    "relu": ActivationSpec(ReLU, relu_grad),
    "leaky_relu": ActivationSpec(LeakyReLU, leaky_relu_grad),
}
"""Activation name -> [`ActivationSpec`][nnnotes.layers.ActivationSpec] (layer class and derivative)."""


def get_activation(name: str) -> ActivationSpec:
    r"""The layer class and the derivative of the activation called `name`.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "leaky_relu"}
        A key of [`ACTIVATIONS`][nnnotes.layers.ACTIVATIONS].

    Returns
    -------
    ActivationSpec
        ``(layer, grad)``; ``layer()`` builds the layer.

    Examples
    --------
    >>> get_activation("tanh").layer
    <class 'nnnotes.layers.activation.Tanh'>
    >>> get_activation("elu")
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'elu'; expected one of ['leaky_relu', 'relu', 'sigmoid', 'tanh']
    """
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]
