r"""Variance at initialisation, layer by layer (answer "Xavier"; page ``normalization/xavier``).

* one layer's variance gains (:func:`weight_variance`, :func:`layer_variance_gains`);
* signal propagation through a deep MLP at initialisation
  (:func:`signal_propagation`, :func:`init_comparison`): the standard
  deviation of the activations, and of the back-propagated gradient, at every
  layer for a given activation and initialisation scheme;
* the mean-field picture of a deep tanh network (:func:`tanh_fixed_point`): the
  variance the signal settles at, and the factor the gradient's variance gets
  per layer, for a given $n_{\text{in}}\operatorname{Var}(w)$.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from nnnotes import initializers
from nnnotes._validation import check_int, check_rng, check_scalar
from nnnotes.experiments.cache import cached
from nnnotes.layers import Dense, get_activation, mlp

__all__ = [
    "INIT_SCHEMES",
    "weight_variance",
    "LayerGains",
    "layer_variance_gains",
    "SignalStats",
    "signal_propagation",
    "init_comparison",
    "TanhFixedPoint",
    "tanh_fixed_point",
]


#: Initialisation scheme name -> initializer ``init(fan_in, fan_out, rng)``.
#: "small" and "large" are the two naive recipes (a fixed standard deviation
#: of 0.01 or 1, whatever the width); the others scale with the fans.
INIT_SCHEMES: dict[str, initializers.Initializer] = {
    "small": initializers.normal(0.01),
    "large": initializers.normal(1.0),
    "lecun": initializers.lecun_normal,
    "xavier": initializers.xavier_normal,
    "he": initializers.he_normal,
}


def _choice(value: str, options: dict, name: str) -> str:
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value


def _scheme(init: str) -> initializers.Initializer:
    """The initializer of the scheme named `init` in :data:`INIT_SCHEMES`."""
    return INIT_SCHEMES[_choice(init, INIT_SCHEMES, "init")]


# --- one layer: the variance formula ---------------------------------------------


def weight_variance(init: str, fan_in: int, fan_out: int) -> float:
    r"""The variance $\mathrm{Var}(w)$ that scheme `init` draws the weights of a (fan_in, fan_out) layer with.

    small: $10^{-4}$; large: $1$; lecun: $1/n_{\text{in}}$; xavier: $2/(n_{\text{in}}+n_{\text{out}})$; he: $2/n_{\text{in}}$.
    """
    _choice(init, INIT_SCHEMES, "init")
    fan_in = check_int(fan_in, "fan_in", low=1)
    fan_out = check_int(fan_out, "fan_out", low=1)
    return {"small": 1e-4, "large": 1.0, "lecun": 1.0 / fan_in,
            "xavier": 2.0 / (fan_in + fan_out), "he": 2.0 / fan_in}[init]


@dataclass(frozen=True)
class LayerGains:
    r"""How one dense layer $z = xW$ scales the variance, forward and backward.

    Attributes
    ----------
    forward : float
        Measured $\mathrm{Var}(z) / \mathrm{Var}(x)$.
    backward : float
        Measured $\mathrm{Var}(\partial L/\partial x) / \mathrm{Var}(\partial L/\partial z)$.
    forward_law, backward_law : float
        $n_{\text{in}}\,\mathrm{Var}(w)$ and $n_{\text{out}}\,\mathrm{Var}(w)$.
    """

    forward: float
    backward: float
    forward_law: float
    backward_law: float


@cached
def layer_variance_gains(
    fan_in: int, fan_out: int, init: str, rng: np.random.Generator, batch: int = 4096
) -> LayerGains:
    r"""Measure the forward and backward variance gains of one ``Dense(fan_in -> fan_out)`` layer.

    With $x \sim \mathcal N(0, I)$ of shape (batch, fan_in), weights from
    `init`, no bias, and an incoming gradient $G \sim \mathcal N(0, I)$ of
    shape (batch, fan_out):

    $$\mathrm{Var}(z_j) = n_{\text{in}}\,\mathrm{Var}(w)\,\mathrm{Var}(x),\qquad
    \mathrm{Var}\Bigl(\frac{\partial L}{\partial x_i}\Bigr) = n_{\text{out}}\,\mathrm{Var}(w)\,
    \mathrm{Var}\Bigl(\frac{\partial L}{\partial z_j}\Bigr),$$

    since $z_j = \sum_{i=1}^{n_{\text{in}}} x_i w_{ij}$ and
    $\partial L/\partial x_i = \sum_{j=1}^{n_{\text{out}}} w_{ij}\,\partial L/\partial z_j$.

    Returns
    -------
    LayerGains
    """
    rng = check_rng(rng)
    batch = check_int(batch, "batch", low=2)
    v = weight_variance(init, fan_in, fan_out)
    layer = Dense(fan_in, fan_out, rng, init=_scheme(init), bias=False)
    X = rng.standard_normal((batch, fan_in))
    Z = layer.forward(X)
    G = rng.standard_normal(Z.shape)
    dX = layer.backward(G)
    return LayerGains(float(Z.var() / X.var()), float(dX.var() / G.var()), fan_in * v, fan_out * v)


# --- signal propagation at initialisation -------------------------------------


@dataclass(frozen=True)
class SignalStats:
    r"""Spread of the signal through a freshly initialised deep MLP, layer by layer.

    Attributes
    ----------
    activation, init : str
    act_std : ndarray, shape (depth + 1,)
        ``act_std[l]`` is the standard deviation of $h_l$ over the batch and
        the units; ``act_std[0]`` is the input's.
    grad_std : ndarray, shape (depth + 1,)
        ``grad_std[l]`` is the standard deviation of $\partial L/\partial h_l$
        when a gradient of standard normal entries enters at the top
        (``grad_std[depth]`` $\approx 1$); ``grad_std[0]`` is the input's.
    """

    activation: str
    init: str
    act_std: np.ndarray
    grad_std: np.ndarray

    @property
    def act_ratio(self) -> float:
        r"""``act_std[-1] / act_std[1]``: the last hidden layer's spread over the first's."""
        return float(self.act_std[-1] / self.act_std[1])


@cached
def signal_propagation(
    activation: str,
    init: str,
    rng: np.random.Generator,
    depth: int = 20,
    width: int = 256,
    batch: int = 512,
    batch_norm: bool = False,
) -> SignalStats:
    r"""Measure the standard deviation of activations and gradients at every layer.

    Draws $X \sim \mathcal N(0, 1)$ of shape (batch, width) first, then the
    weights of `depth` hidden layers, ``mlp([width] * (depth + 1), activation,
    rng, init=INIT_SCHEMES[init], final_activation=True)``
    (:func:`~nnnotes.layers.mlp`, no output layer), then
    $R \sim \mathcal N(0, 1)$ of shape (batch, width). The forward pass
    records $\mathrm{std}(h_l)$ after every activation; the backward pass of the
    loss $L = \sum_{ij} (h_{\mathrm{depth}})_{ij} R_{ij}$ (so
    $\partial L/\partial h_{\mathrm{depth}} = R$) records
    $\mathrm{std}(\partial L/\partial h_{l})$ below every dense layer.

    For a layer $z = h W$ with i.i.d. zero-mean weights independent of $h$,
    $\mathrm{Var}(z_j) = n_{\text{in}}\,\mathrm{Var}(w)\,\mathbb E[h_i^2]$ and, going
    back, $\mathrm{Var}(\partial L/\partial h_i) = n_{\text{out}}\,\mathrm{Var}(w)\,
    \mathbb E[(\partial L/\partial z_j)^2]$: this function measures how those
    factors compound over `depth` layers.

    Parameters
    ----------
    activation : {"tanh", "relu", "sigmoid", "leaky_relu"}
    init : {"small", "large", "lecun", "xavier", "he"}
        A key of :data:`INIT_SCHEMES`.
    rng : numpy.random.Generator
    depth : int, default 20
    width : int, default 256
    batch : int, default 512
    batch_norm : bool, default False
        Insert batch normalisation before every activation (train mode).

    Returns
    -------
    SignalStats
        ``act_std`` and ``grad_std`` of shape (depth + 1,).
    """
    rng = check_rng(rng)
    batch = check_int(batch, "batch", low=2)
    width = check_int(width, "width", low=1)
    depth = check_int(depth, "depth", low=1)
    act_type = get_activation(activation).layer
    w_init = _scheme(init)
    X = rng.standard_normal((batch, width))
    model = mlp([width] * (depth + 1), act_type, rng, init=w_init,
                norm="batch" if batch_norm else None, final_activation=True)
    h = X
    act_std = [X.std()]
    for layer in model:
        h = layer.forward(h)
        if isinstance(layer, act_type):
            act_std.append(h.std())
    g = rng.standard_normal(h.shape)
    grad_std = [g.std()]
    for layer in reversed(model.layers):
        g = layer.backward(g)
        if isinstance(layer, Dense):
            grad_std.append(g.std())
    return SignalStats(activation, init, np.array(act_std), np.array(grad_std[::-1]))


@cached
def init_comparison(
    rng: np.random.Generator,
    activations: Sequence[str] = ("tanh", "relu"),
    inits: Sequence[str] = ("small", "large", "xavier", "he"),
    depth: int = 20,
    width: int = 256,
    batch: int = 512,
) -> dict[tuple[str, str], SignalStats]:
    r"""Run :func:`signal_propagation` for every (activation, init) pair.

    Every pair starts from a copy of `rng` in its current state, so all of
    them see the same input batch and the same standard normal draws behind
    the weights (only the scale and the activation change); `rng` itself is
    left as it was. ``init_comparison(np.random.default_rng(0))`` is the
    comparison of the page.

    Returns
    -------
    dict
        ``{(activation, init): SignalStats}`` in the order of the arguments.
    """
    rng = check_rng(rng)
    return {
        (act, init): signal_propagation(act, init, copy.deepcopy(rng), depth, width, batch)
        for act in activations
        for init in inits
    }


# --- mean-field theory of a deep tanh network ---------------------------------


@dataclass(frozen=True)
class TanhFixedPoint:
    r"""Where the signal of a deep tanh network settles, and what a layer does to the gradient there.

    Attributes
    ----------
    gain : float
        $\sigma_w^2 = n_{\text{in}}\operatorname{Var}(w)$ (square layers, zero biases).
    q_star : float
        The fixed point of $q \mapsto \sigma_w^2\,\mathbb E[\tanh(\sqrt q\,u)^2]$,
        $u \sim \mathcal N(0, 1)$: the pre-activation variance deep layers settle at.
    chi : float
        $\chi = \sigma_w^2\,\mathbb E[\tanh'(\sqrt{q^*}\,u)^2]$, the factor of the gradient's
        variance per layer there: $< 1$ ordered, $= 1$ critical, $> 1$ chaotic.
    """

    gain: float
    q_star: float
    chi: float


def tanh_fixed_point(gain: float) -> TanhFixedPoint:
    r"""The mean-field fixed point of a deep tanh network with $n_{\text{in}}\operatorname{Var}(w) = $ `gain`.

    Layer $l + 1$ sees $q_{l+1} = \sigma_w^2\,\mathbb E[\tanh(z_l)^2]$ with
    $z_l \sim \mathcal N(0, q_l)$ (Poole et al., 2016). For $\sigma_w^2 \le 1$ the only
    fixed point is $q^* = 0$, where $\chi = \sigma_w^2$; above 1 a nonzero one
    appears and $\chi > 1$ (the chaotic phase; Schoenholz et al., 2017). The
    Gaussian expectations are sums over a fine grid of $u \in [-12, 12]$; $q^*$
    is the root of the decreasing $\sigma_w^2\,\mathbb E[\tanh(\sqrt q\,u)^2]/q - 1$,
    found by bisection on $\log q$.
    """
    gain = check_scalar(gain, "gain", low=0.0, low_inclusive=False)
    if gain <= 1.0:
        return TanhFixedPoint(gain, 0.0, gain)
    u = np.linspace(-12.0, 12.0, 24_001)
    w = np.exp(-0.5 * u**2)
    w /= w.sum()

    def excess(q: float) -> float:  # > 0 below the fixed point, < 0 above it
        return gain * float(w @ np.tanh(np.sqrt(q) * u) ** 2) / q - 1.0

    lo, hi = 1e-12 * (gain - 1.0), gain
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if excess(mid) > 0 else (lo, mid)
    q = math.sqrt(lo * hi)
    chi = gain * float(w @ (1.0 - np.tanh(np.sqrt(q) * u) ** 2) ** 2)
    return TanhFixedPoint(gain, q, chi)
