r"""The container [`Sequential`][nnnotes.layers.Sequential]: a chain of layers that is itself a layer."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import numpy as np

from .base import Layer

__all__ = ["Sequential"]


class Sequential(Layer):
    r"""A chain of layers, $Y = f_k(\dots f_2(f_1(X)))$.

    ``forward`` runs the children in order and ``backward`` runs their
    backward passes in reverse order. ``params`` and ``grads`` are flat dicts
    rebuilt on each access, keyed ``"<index>.<key>"`` (``"0.W"``, ``"0.b"``,
    ``"2.gamma"``; nested containers give ``"1.0.W"``), whose values are the
    children's own arrays — so an optimizer updating ``model.params`` in place
    updates the children. ``train()`` / ``eval()`` and setting ``mode``
    propagate to every child.

    The container checks its own ``X`` and ``dY`` like any layer (finiteness
    included); its children check the shapes of what they receive but not its
    finiteness again (see [`Layer`][nnnotes.layers.Layer]).

    Parameters
    ----------
    layers : iterable of layers
        At least one object with ``forward``, ``backward``, ``params`` and
        ``grads``, whose ``forward`` and ``backward`` take the keyword
        ``check_finite`` as [`Layer`][nnnotes.layers.Layer]'s do.

    Examples
    --------
    >>> from nnnotes.layers import Dense, ReLU
    >>> rng = np.random.default_rng(0)
    >>> model = Sequential([Dense(3, 4, rng), ReLU(), Dense(4, 1, rng)])
    >>> sorted(model.params)
    ['0.W', '0.b', '2.W', '2.b']
    >>> model.params["2.W"] is model[2].params["W"]
    True
    """

    def __init__(self, layers: Iterable[Any]) -> None:
        # No Layer.__init__: params / grads are read-only properties here.
        self._mode = "train"
        self._out_shape = None
        self.layers = list(layers)
        if not self.layers:
            raise ValueError("Sequential needs at least one layer, got none")
        for i, layer in enumerate(self.layers):
            missing = [a for a in ("forward", "backward", "params", "grads") if not hasattr(layer, a)]
            if missing:
                raise TypeError(
                    f"Sequential: layer {i} ({type(layer).__name__}) lacks {', '.join(missing)}"
                )

    def __repr__(self) -> str:
        return f"Sequential({', '.join(map(repr, self.layers))})"

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, i: int) -> Any:
        return self.layers[i]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.layers)

    def _flat(self, attr: str) -> dict[str, np.ndarray]:
        return {
            f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in getattr(layer, attr).items()
        }

    @property
    def params(self) -> dict[str, np.ndarray]:  # type: ignore[override]
        """Flat dict ``{"<index>.<key>": array}`` of the children's parameters."""
        return self._flat("params")

    @property
    def grads(self) -> dict[str, np.ndarray]:  # type: ignore[override]
        """Flat dict of the children's gradients, same keys as [`params`][nnnotes.layers.Sequential.params]."""
        return self._flat("grads")

    def _mode_changed(self) -> None:
        for layer in self.layers:
            layer.mode = self._mode

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, fan_in of the first layer) -> the last layer's output."""
        for layer in self.layers:
            X = layer.forward(X, check_finite=False)
        return X

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        r"""`dY` of the last output's shape -> $\partial L/\partial X$ for the first layer's input."""
        for layer in reversed(self.layers):
            dY = layer.backward(dY, check_finite=False)
        return dY
