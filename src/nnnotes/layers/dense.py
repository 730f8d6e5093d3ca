r"""The fully connected layer, $Y = XW + b$."""

from __future__ import annotations

import numpy as np

from .._validation import check_int, check_rng
from ..initializers import Initializer, xavier_uniform
from .base import Layer

__all__ = ["Dense"]


class Dense(Layer):
    r"""Fully connected layer, $Y = X W + b$.

    Parameters
    ----------
    fan_in, fan_out : int
        Input and output widths; $W$ has shape (fan_in, fan_out), $b$ shape (fan_out,).
    rng : numpy.random.Generator
        Passed to `init`.
    init : callable, default [`xavier_uniform`][nnnotes.initializers.xavier_uniform]
        ``init(fan_in, fan_out, rng) -> W``. The bias starts at zero.
    bias : bool, default True
        Without bias there is no ``"b"`` key in ``params`` / ``grads``.

    Notes
    -----
    With $G = \partial L/\partial Y$ of shape (n, fan_out):
    $\partial L/\partial W = X^\top G$, $\partial L/\partial b = \sum_i G_i$,
    $\partial L/\partial X = G W^\top$.

    Examples
    --------
    >>> layer = Dense(3, 2, np.random.default_rng(0))
    >>> layer.forward(np.ones((4, 3))).shape, sorted(layer.params)
    ((4, 2), ['W', 'b'])
    """

    def __init__(
        self,
        fan_in: int,
        fan_out: int,
        rng: np.random.Generator,
        init: Initializer = xavier_uniform,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.fan_in = check_int(fan_in, "fan_in", low=1)
        self.fan_out = check_int(fan_out, "fan_out", low=1)
        self.n_features = self.fan_in
        W = np.asarray(init(self.fan_in, self.fan_out, check_rng(rng)), dtype=np.float64)
        if W.shape != (self.fan_in, self.fan_out):
            raise ValueError(
                f"{self!r}: init returned shape {W.shape}, expected {(self.fan_in, self.fan_out)}"
            )
        self._add_param("W", W)
        if bias:
            self._add_param("b", np.zeros(self.fan_out))
        self._X: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense({self.fan_in} -> {self.fan_out})"

    def _forward(self, X: np.ndarray) -> np.ndarray:
        r"""$Y = XW + b$; `X` of shape (n, fan_in), returns shape (n, fan_out)."""
        self._X = X
        Y = X @ self.params["W"]
        if "b" in self.params:
            Y += self.params["b"]
        return Y

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        r"""Fill ``grads["W"]`` $= X^\top G$, ``grads["b"]`` $= \sum_i G_i$; return $G W^\top$."""
        np.matmul(self._X.T, dY, out=self.grads["W"])
        if "b" in self.grads:
            # The reduction np.sum runs, without its dispatch in Python (see norm.py).
            np.add.reduce(dY, axis=0, out=self.grads["b"])
        return dY @ self.params["W"].T
