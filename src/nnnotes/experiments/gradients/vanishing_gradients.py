r"""Gradient flow through a deep MLP (answer Q2.a; page ``gradients/vanishing-gradients``).

:func:`gradient_flow` backpropagates one batch through a fresh
:func:`~nnnotes.layers.mlp` and returns the gradient norm reaching every
layer, for any activation and initializer; :func:`layer_gains` compares each
layer's measured backward factor with the norm bound and the rms estimate.
:func:`sign_agreement` shows what non-centered (sigmoid) outputs do to the
signs of the weight gradients. Two cures used in practice:
:func:`residual_gradient_flow` (residual blocks) and :func:`recurrent_memory`
(a plain recurrent network against an LSTM). The activation curves shown on
the same page come from :mod:`nnnotes.experiments.activations`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnnotes import initializers
from nnnotes._validation import check_int, check_rng, check_scalar
from nnnotes.activations import sigmoid
from nnnotes.layers import Dense, Sequential, get_activation, mlp
from nnnotes.losses import mse_grad

__all__ = [
    "GradientFlow",
    "gradient_flow",
    "LayerGains",
    "layer_gains",
    "sign_agreement",
    "ResidualFlow",
    "residual_gradient_flow",
    "RECURRENT_CELLS",
    "recurrent_memory",
]


def _network(
    activation: str, rng: np.random.Generator, depth: int, width: int, n: int, init: str | initializers.Initializer
) -> tuple[np.ndarray, np.ndarray, Sequential]:
    """The data (drawn first) and the MLP (drawn next) of :func:`gradient_flow`."""
    rng = check_rng(rng)
    depth = check_int(depth, "depth", low=2)
    width = check_int(width, "width", low=1)
    n = check_int(n, "n", low=1)
    get_activation(activation)  # a clear error for an unknown name
    X = rng.standard_normal((n, width))
    y = rng.standard_normal((n, 1))
    return X, y, mlp([width] * depth + [1], activation, rng, init=init)


def _forward_backward(X: np.ndarray, y: np.ndarray, model: Sequential) -> tuple[list[np.ndarray], list[np.ndarray]]:
    r"""Pre-activations $z_l$ and gradients $\delta_l$ of every dense layer, $l = 1..L$ (fills the grads)."""
    h, pre = X, []
    for layer in model.layers:
        h = layer.forward(h)
        if isinstance(layer, Dense):
            pre.append(h)
    g = mse_grad(y, h)
    delta = []
    for layer in reversed(model.layers):
        if isinstance(layer, Dense):
            delta.append(g)
        g = layer.backward(g)
    return pre, delta[::-1]


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
    X, y, model = _network(activation, rng, depth, width, n, init)
    derivative = get_activation(activation).grad
    pre, delta = _forward_backward(X, y, model)
    weight_grad = np.array([np.linalg.norm(layer.grads["W"]) for layer in model.layers[::2]])
    mean_derivative = np.array([derivative(z).mean() for z in pre[:-1]])
    return GradientFlow(activation, weight_grad, np.array([np.linalg.norm(g) for g in delta]), mean_derivative)


# --- the bound against the typical gain -----------------------------------------


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(a))))


@dataclass(frozen=True)
class LayerGains:
    r"""Three views of the backward factor of every layer, $\delta_{l+1} \to \delta_l$, for $l = 1..L-1$.

    Attributes
    ----------
    bound : ndarray, shape (L - 1,)
        $\lVert W_{l+1} \rVert_2 \max_k |f'(z_{l,k})|$, the factor of the norm bound
        $\lVert \delta_1 \rVert \le \lVert \delta_L \rVert \prod_l \lVert W_{l+1} \rVert_2 \max_k |f'(z_{l,k})|$.
    estimate : ndarray, shape (L - 1,)
        $\sqrt{n_{l+1} \operatorname{Var}(W_{l+1})\, \mathbb{E}[f'(z_l)^2]}$, the typical (rms) gain,
        with the empirical variance of the entries of $W_{l+1}$ and the mean over
        the batch and the units.
    measured : ndarray, shape (L - 1,)
        $\operatorname{rms}(\delta_l) / \operatorname{rms}(\delta_{l+1})$.
    """

    bound: np.ndarray
    estimate: np.ndarray
    measured: np.ndarray


def layer_gains(
    activation: str,
    rng: np.random.Generator,
    depth: int = 20,
    width: int = 64,
    n: int = 256,
    init: str | initializers.Initializer = "xavier_uniform",
) -> LayerGains:
    r"""The backward factor of every layer of the network of :func:`gradient_flow`: bound, estimate, measured.

    Same data, weights and loss as :func:`gradient_flow` with the same
    arguments (a generator in the same state gives the same network).

    Parameters
    ----------
    activation, rng, depth, width, n, init
        As in :func:`gradient_flow`.

    Returns
    -------
    LayerGains
    """
    X, y, model = _network(activation, rng, depth, width, n, init)
    derivative = get_activation(activation).grad
    pre, delta = _forward_backward(X, y, model)
    dense = model.layers[::2]
    bound, estimate, measured = [], [], []
    for l in range(len(dense) - 1):  # index l is layer l + 1 (0-based lists)
        W = dense[l + 1].params["W"]
        slope = derivative(pre[l])
        bound.append(np.linalg.norm(W, 2) * np.abs(slope).max())
        estimate.append(np.sqrt(W.shape[1] * W.var() * np.mean(slope**2)))
        measured.append(_rms(delta[l]) / _rms(delta[l + 1]))
    return LayerGains(np.array(bound), np.array(estimate), np.array(measured))


# --- non-centered outputs --------------------------------------------------------


def sign_agreement(
    activation: str,
    rng: np.random.Generator,
    depth: int = 5,
    width: int = 64,
    n: int = 256,
    init: str | initializers.Initializer = "xavier_uniform",
) -> np.ndarray:
    r"""For every hidden layer after the first, the fraction of units whose incoming weight gradients all share one sign.

    Unit $j$ of layer $l$ receives $\partial\mathcal L/\partial W_{l,ij} = \sum_s h_{l-1,si}\, \delta_{l,sj}$.
    For one sample and positive inputs $h_{l-1,i}$ (sigmoid outputs) every
    entry of column $j$ has the sign of $\delta_{l,j}$. Zero entries count as
    neither sign. Network and data as in :func:`gradient_flow`.

    Parameters
    ----------
    activation, rng, depth, width, n, init
        As in :func:`gradient_flow`; ``depth >= 3``.

    Returns
    -------
    ndarray, shape (depth - 2,)
        One fraction in $[0, 1]$ per layer $l = 2..L-1$.
    """
    depth = check_int(depth, "depth", low=3)
    X, y, model = _network(activation, rng, depth, width, n, init)
    _forward_backward(X, y, model)
    fractions = []
    for layer in model.layers[2:-1:2]:
        G = layer.grads["W"]
        fractions.append(np.mean(np.all(G > 0, axis=0) | np.all(G < 0, axis=0)))
    return np.array(fractions)


# --- residual connections --------------------------------------------------------


@dataclass(frozen=True)
class ResidualFlow:
    r"""Gradient sizes in a residual MLP $h_l = h_{l-1} + F_l(h_{l-1})$, $l = 1..L-1$, with a linear output layer.

    Attributes
    ----------
    activation : str
    stream : ndarray, shape (L,)
        $\lVert \partial\mathcal L/\partial h_l \rVert_F$ for $l = 0..L-1$ ($h_0$ is the input,
        $h_{L-1}$ feeds the output layer).
    weight_grad : ndarray, shape (L - 1,)
        For every block, the norm of the gradient of both its weight matrices,
        $\sqrt{\lVert \partial\mathcal L/\partial A_l \rVert_F^2 + \lVert \partial\mathcal L/\partial B_l \rVert_F^2}$.
    """

    activation: str
    stream: np.ndarray
    weight_grad: np.ndarray


def residual_gradient_flow(
    activation: str,
    rng: np.random.Generator,
    depth: int = 20,
    width: int = 64,
    n: int = 256,
    init: str | initializers.Initializer = "xavier_uniform",
) -> ResidualFlow:
    r"""Backpropagate one batch through a fresh residual MLP and measure the gradient along it.

    `depth` - 1 blocks $h_l = h_{l-1} + F_l(h_{l-1})$ with
    $F_l(h) = f(h A_l + a_l) B_l + b_l$ (dense, activation, dense, all of width
    `width`), then a linear output layer, mean squared error. Backpropagation
    through a block is
    $\partial\mathcal L/\partial h_{l-1} = \partial\mathcal L/\partial h_l \,(I + \partial F_l/\partial h_{l-1})$:
    the identity carries the gradient past the activation. The data are drawn
    first from `rng`, as in :func:`gradient_flow` (the same data for a generator
    in the same state), then the weights, block by block.

    Parameters
    ----------
    activation, rng, depth, width, n, init
        As in :func:`gradient_flow`.

    Returns
    -------
    ResidualFlow
    """
    rng = check_rng(rng)
    depth = check_int(depth, "depth", low=2)
    width = check_int(width, "width", low=1)
    n = check_int(n, "n", low=1)
    layer_class = get_activation(activation).layer
    init = initializers.get(init)
    X = rng.standard_normal((n, width))
    y = rng.standard_normal((n, 1))
    blocks = [
        (Dense(width, width, rng, init=init), layer_class(), Dense(width, width, rng, init=init))
        for _ in range(depth - 1)
    ]
    output = Dense(width, 1, rng, init=init)
    h = X
    for first, act, second in blocks:
        h = h + second.forward(act.forward(first.forward(h)))
    g = output.backward(mse_grad(y, output.forward(h)))
    stream, weight_grad = [np.linalg.norm(g)], []
    for first, act, second in reversed(blocks):
        g = g + first.backward(act.backward(second.backward(g)))
        stream.append(np.linalg.norm(g))
        weight_grad.append(np.hypot(np.linalg.norm(first.grads["W"]), np.linalg.norm(second.grads["W"])))
    return ResidualFlow(activation, np.array(stream[::-1]), np.array(weight_grad[::-1]))


# --- gates: a plain recurrent network against an LSTM ------------------------------

RECURRENT_CELLS = ("rnn", "lstm")


def recurrent_memory(
    cell: str, rng: np.random.Generator, steps: int = 50, width: int = 16, forget_bias: float = 1.0
) -> np.ndarray:
    r"""How much of the initial state's gradient survives $t$ steps of a recurrent network, $t = 1..$`steps`.

    Inputs $x_t \sim \mathcal N(0, I)$ (drawn first from `rng`), initial state 0,
    Xavier-uniform weights (drawn next), zero biases except the forget gate's.

    * ``"rnn"``: $h_t = \tanh(h_{t-1} W + x_t U)$; returns $\lVert \partial h_t/\partial h_0 \rVert_2$.
    * ``"lstm"``: gates $i, f, o = \sigma(\cdot)$ and candidate $g = \tanh(\cdot)$ of
      $h_{t-1} W_h + x_t W_x + b$ (four blocks of `width` columns; $b$ is
      `forget_bias` on the forget gate, 0 elsewhere), $c_t = f \odot c_{t-1} + i \odot g$,
      $h_t = o \odot \tanh(c_t)$; returns $\lVert \partial c_t/\partial c_0 \rVert_2$ with
      $h_0$ held fixed.

    The Jacobians are exact: they are carried forward step by step (every
    path, including those through the gates, is included).

    Parameters
    ----------
    cell : {"rnn", "lstm"}
    rng : numpy.random.Generator
    steps : int, default 50
    width : int, default 16
    forget_bias : float, default 1.0
        Only used by the LSTM; $\sigma(b)$ is the forget gate's value at a zero input.

    Returns
    -------
    ndarray, shape (steps,)
    """
    if cell not in RECURRENT_CELLS:
        raise ValueError(f"unknown cell {cell!r}; expected one of {RECURRENT_CELLS}")
    rng = check_rng(rng)
    steps = check_int(steps, "steps", low=1)
    width = check_int(width, "width", low=1)
    forget_bias = check_scalar(forget_bias, "forget_bias")
    x = rng.standard_normal((steps, width))
    norms = np.empty(steps)
    if cell == "rnn":
        W = initializers.xavier_uniform(width, width, rng)
        U = initializers.xavier_uniform(width, width, rng)
        h, J = np.zeros(width), np.eye(width)  # J[k] = d h_t / d h_0[k]
        for t in range(steps):
            h = np.tanh(h @ W + x[t] @ U)
            J = (J @ W) * (1.0 - h**2)
            norms[t] = np.linalg.norm(J, 2)
        return norms
    Wh = initializers.xavier_uniform(width, 4 * width, rng)
    Wx = initializers.xavier_uniform(width, 4 * width, rng)
    b = np.zeros(4 * width)
    b[width : 2 * width] = forget_bias
    h, c = np.zeros(width), np.zeros(width)
    Jh, Jc = np.zeros((width, width)), np.eye(width)  # rows: d h_t / d c_0[k], d c_t / d c_0[k]
    for t in range(steps):
        a = h @ Wh + x[t] @ Wx + b
        i, f, o = (sigmoid(a[k * width : (k + 1) * width]) for k in range(3))
        g = np.tanh(a[3 * width :])
        da = Jh @ Wh
        di, df, do = (da[:, k * width : (k + 1) * width] * s * (1.0 - s) for k, s in enumerate((i, f, o)))
        dg = da[:, 3 * width :] * (1.0 - g**2)
        Jc = df * c + f * Jc + di * g + i * dg
        c = f * c + i * g
        tanh_c = np.tanh(c)
        Jh = do * tanh_c + o * (1.0 - tanh_c**2) * Jc
        h = o * tanh_c
        norms[t] = np.linalg.norm(Jc, 2)
    return norms
