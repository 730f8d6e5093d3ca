"""The base class [`Layer`][nnnotes.layers.Layer]: the protocol's checks, parameter dicts and mode.

The protocol itself (what ``forward``, ``backward``, ``params``, ``grads`` and
``mode`` promise) is described in [`nnnotes.layers`][nnnotes.layers].
"""

from __future__ import annotations

from typing import Self

import numpy as np
from numpy.typing import ArrayLike

from .._validation import LazyName, as_float_array, check_mode

__all__ = ["Layer"]


class Layer:
    r"""Base class: the checks of the protocol, parameter dicts and train/eval mode.

    ``forward`` and ``backward`` validate their argument and call the
    subclass's ``_forward(X)`` / ``_backward(dY)``, which compute the formulas
    on arrays already known to be 2-D float64 of the right shape. A subclass
    registers its parameters with ``_add_param`` and sets ``n_features``, the
    input width it accepts (``None`` for "any").

    Checks: ``X`` must be 2-D with at least one sample and ``n_features``
    columns, ``dY`` must have the shape of the last output (``ValueError``
    naming the layer otherwise, e.g. ``Dense(3 -> 4): expected X with 3
    features, got shape (5, 2)``); ``backward`` before any ``forward`` raises
    ``RuntimeError``. Both reject NaN and infinities unless called with
    ``check_finite=False``: a container that has checked its own input passes
    that to its children, so a network pays the O(size) finiteness test once
    per array it is given, and a NaN produced inside it propagates to the loss
    function or the optimizer, which check their inputs. The messages name the
    layer by its ``repr``, which is built only when one is raised: the checks
    run twice per layer and step, and a container's ``repr`` lists all its
    children.

    Do not modify an input ``X`` in place between ``forward`` and ``backward``.
    """

    n_features: int | None = None

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self._mode = "train"
        self._out_shape: tuple[int, ...] | None = None

    # --- mode ------------------------------------------------------------
    @property
    def mode(self) -> str:
        """``"train"`` or ``"eval"``; setting anything else raises ``ValueError``."""
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        self._mode = check_mode(value, repr(self))
        self._mode_changed()

    def _mode_changed(self) -> None:
        """Hook for containers (propagation to children); nothing by default."""

    def train(self) -> Self:
        """Switch to training mode; returns the layer."""
        self.mode = "train"
        return self

    def eval(self) -> Self:
        """Switch to evaluation mode; returns the layer."""
        self.mode = "eval"
        return self

    # --- protocol ----------------------------------------------------------
    def forward(self, X: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
        """Check `X` (2-D, right width, finite unless `check_finite` is false); return `Y`."""
        X = as_float_array(X, LazyName(self, "X"), ndim=2, finite=check_finite)
        n = self.n_features
        if n is not None and X.shape[1] != n:
            raise ValueError(f"{self!r}: expected X with {n} features, got shape {X.shape}")
        if X.shape[0] == 0:
            raise ValueError(f"{self!r}: expected at least one sample, got X of shape {X.shape}")
        Y = self._forward(X)
        self._out_shape = Y.shape
        return Y

    def backward(self, dY: ArrayLike, *, check_finite: bool = True) -> np.ndarray:
        """Check `dY` against the last output's shape; return the input gradient."""
        if self._out_shape is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        dY = as_float_array(dY, LazyName(self, "dY"), finite=check_finite)
        if dY.shape != self._out_shape:
            raise ValueError(
                f"{self!r}: expected dY of shape {self._out_shape} (the shape of the last "
                f"forward output), got {dY.shape}"
            )
        return self._backward(dY)

    def __call__(self, X: ArrayLike) -> np.ndarray:
        """Alias of [`forward`][nnnotes.layers.Layer.forward]."""
        return self.forward(X)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _forward(self, X: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _backward(self, dY: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _add_param(self, name: str, value: np.ndarray) -> None:
        """Register ``params[name] = value`` and a zero ``grads[name]`` of its shape."""
        self.params[name] = value
        self.grads[name] = np.zeros_like(value)
