r"""Gradient flow through a deep MLP (answer Q2.a; page ``gradients/vanishing-gradients``).

:func:`gradient_flow` backpropagates one batch through a fresh
:func:`~nnnotes.layers.mlp` and returns the gradient norm reaching every
layer, for any activation and initializer. The activation curves shown on the
same page come from :mod:`nnnotes.experiments.activations`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnnotes import initializers
from nnnotes._validation import check_int, check_rng
from nnnotes.layers import Dense, get_activation, mlp
from nnnotes.losses import mse_grad

__all__ = ["GradientFlow", "gradient_flow"]


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
