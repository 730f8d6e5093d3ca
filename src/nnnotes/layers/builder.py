r"""Building networks: [`mlp`][nnnotes.layers.mlp], a multilayer perceptron from its widths and names."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .._validation import check_int, check_rng
from ..initializers import Initializer
from ..initializers import get as get_initializer
from .activation import get_activation
from .base import Layer
from .dense import Dense
from .norm import BatchNorm1d, LayerNorm
from .sequential import Sequential

__all__ = ["NORMS", "mlp"]

NORMS: tuple[str, ...] = ("batch", "layer")
"""The normalisations [`mlp`][nnnotes.layers.mlp] can insert before each activation (its `norm` argument)."""


def mlp(
    sizes: Sequence[int],
    activation: str | type,
    rng: np.random.Generator,
    init: str | Initializer = "xavier_uniform",
    *,
    norm: str | None = None,
    final_activation: bool = False,
    momentum: float = 0.1,
) -> Sequential:
    r"""A multilayer perceptron with the layer widths `sizes`.

    With `sizes` $= (n_0, n_1, \dots, n_L)$, layer $l = 1..L$ computes

    $$z_l = h_{l-1} W_l + b_l, \qquad h_l = f\bigl(N(z_l)\bigr),$$

    with $h_0 = X$ of shape (n, $n_0$), $W_l$ of shape $(n_{l-1}, n_l)$, $f$
    the activation and $N$ the optional normalisation (the identity by
    default). The last layer is linear, $h_L = z_L$, unless
    `final_activation`. So the layers are ``Dense(n_0 -> n_1)``, [norm], $f$,
    ..., ``Dense(n_{L-1} -> n_L)`` [, norm, $f$].

    A dense layer followed by ``BatchNorm1d`` has no bias: the batch mean
    would cancel it, and $\beta$ takes its place. With ``LayerNorm`` (which
    subtracts a mean over the features, not the samples) the biases stay.

    The weight matrices are drawn from `rng` layer by layer, one
    ``init(fan_in, fan_out, rng)`` call each and nothing else, so the same
    generator state gives the same weights whatever the activation and the
    normalisation. Biases start at 0, ``gamma`` at 1, ``beta`` at 0.

    Parameters
    ----------
    sizes : sequence of int
        $n_0, \dots, n_L$: the input width, the hidden widths and the output
        width; at least two entries, each $\ge 1$.
    activation : str or Layer subclass
        A key of [`ACTIVATIONS`][nnnotes.layers.ACTIVATIONS] (``"sigmoid"``, ``"tanh"``, ``"relu"``,
        ``"leaky_relu"``) or a layer class built without arguments.
    rng : numpy.random.Generator
        Passed to `init`.
    init : str or callable, default "xavier_uniform"
        A name of [`nnnotes.initializers.INITIALIZERS`][nnnotes.initializers.INITIALIZERS] or any
        ``init(fan_in, fan_out, rng)``, used for every weight matrix.
    norm : {None, "batch", "layer"}, default None
        [`BatchNorm1d`][nnnotes.layers.BatchNorm1d] or [`LayerNorm`][nnnotes.layers.LayerNorm] before every activation.
    final_activation : bool, default False
        End with norm and activation after the last dense layer too.
    momentum : float, default 0.1
        Momentum of the running statistics, with ``norm="batch"``.

    Returns
    -------
    Sequential
        Input (n, $n_0$) -> output (n, $n_L$).

    Raises
    ------
    ValueError
        For fewer than two sizes, a size below 1, an unknown activation,
        initializer or norm name.

    Examples
    --------
    >>> model = mlp([2, 16, 16, 1], "tanh", np.random.default_rng(0))
    >>> model
    Sequential(Dense(2 -> 16), Tanh(), Dense(16 -> 16), Tanh(), Dense(16 -> 1))
    >>> model.forward(np.ones((5, 2))).shape
    (5, 1)
    >>> mlp([3, 4], "relu", np.random.default_rng(0), norm="batch", final_activation=True)
    Sequential(Dense(3 -> 4), BatchNorm1d(4), ReLU())
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of integers, got {type(sizes).__name__}")
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must hold at least 2 widths (inputs and outputs), got {list(sizes)}"
        )
    widths = [check_int(n, f"sizes[{i}]", low=1) for i, n in enumerate(sizes)]
    if isinstance(activation, type) and issubclass(activation, Layer):
        act = activation
    else:
        act = get_activation(activation).layer
    w_init = get_initializer(init)
    if norm is not None and norm not in NORMS:
        raise ValueError(f"unknown norm {norm!r}; expected None or one of {NORMS}")
    rng = check_rng(rng)
    layers: list[Layer] = []
    n_dense = len(widths) - 1
    for l in range(n_dense):
        fan_in, fan_out = widths[l], widths[l + 1]
        block = l < n_dense - 1 or final_activation
        layers.append(Dense(fan_in, fan_out, rng, init=w_init, bias=not (block and norm == "batch")))
        if not block:
            continue
        if norm == "batch":
            layers.append(BatchNorm1d(fan_out, momentum=momentum))
        elif norm == "layer":
            layers.append(LayerNorm(fan_out))
        layers.append(act())
    return Sequential(layers)
