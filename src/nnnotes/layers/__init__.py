r"""Layers with explicit forward and backward passes.

One module per idea, every name importable from ``nnnotes.layers``:

* ``nnnotes.layers.base``: ``Layer``, the protocol every layer follows
  (below) and its input checks;
* ``nnnotes.layers.dense``: ``Dense``, $Y = XW + b$;
* ``nnnotes.layers.activation``: ``Sigmoid``, ``Tanh``, ``ReLU``,
  ``LeakyReLU``, which backpropagate with the derivatives of
  ``nnnotes.activations``, and the activations by name (``ACTIVATIONS``,
  ``get_activation``);
* ``nnnotes.layers.norm``: ``BatchNorm1d`` and ``LayerNorm``;
* ``nnnotes.layers.sequential``: the container ``Sequential``;
* ``nnnotes.layers.builder``: ``mlp``, which stacks dense layers, optional
  normalisation (``NORMS``) and an activation picked by name.

The protocol. Every layer maps ``X`` of shape (n, fan_in) to ``Y`` of shape
(n, fan_out):

* ``forward(X) -> Y`` keeps (by reference, without copying) exactly what the
  backward pass needs from this last call;
* ``backward(dY) -> dX`` takes $\partial L/\partial Y$ (same shape as the last
  ``Y``), returns $\partial L/\partial X$ and **overwrites** (does not
  accumulate) the arrays in ``grads`` in place;
* ``params`` and ``grads`` are dicts with the same keys (``"W"``, ``"b"`` for
  [`Dense`][nnnotes.layers.Dense]; ``"gamma"``, ``"beta"`` for the norms; empty for
  activations). The gradient arrays are allocated once, so references to them
  stay valid; optimizers update ``params`` in place;
* ``mode`` is ``"train"`` or ``"eval"`` (``train()`` / ``eval()`` set it and
  return the layer); only [`BatchNorm1d`][nnnotes.layers.BatchNorm1d] behaves differently.

[`Sequential`][nnnotes.layers.Sequential] follows the same protocol; its ``params`` / ``grads`` are
flat views keyed ``"<index>.<key>"`` (e.g. ``"0.W"``, ``"2.gamma"``) that share
the children's arrays.

Calling ``backward`` before any ``forward`` raises ``RuntimeError``; shape
errors raise ``ValueError`` naming the layer, e.g.
``Dense(3 -> 4): expected X with 3 features, got shape (5, 2)``. Do not modify
an input ``X`` in place between ``forward`` and ``backward``.

Input checks: a layer called directly rejects non-finite ``X`` / ``dY``. Inside a
[`Sequential`][nnnotes.layers.Sequential], the container checks its own ``X`` and ``dY`` once and
calls its children with ``check_finite=False``, so they check shapes only (the
finiteness test is an O(size) pass over each array); a NaN produced inside the
network is then caught by the loss functions or the optimizer, which check
their inputs.
"""

from __future__ import annotations

# In the order of the API reference (mkdocstrings lists the classes, then the
# functions, in the order they are imported here).
from .base import Layer
from .dense import Dense
from .activation import Sigmoid, Tanh, ReLU, LeakyReLU
from .norm import BatchNorm1d, LayerNorm
from .sequential import Sequential
from .activation import ACTIVATIONS, ActivationSpec, get_activation
from .builder import NORMS, mlp

__all__ = [
    "Layer",
    "Dense",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "BatchNorm1d",
    "LayerNorm",
    "Sequential",
    "ActivationSpec",
    "ACTIVATIONS",
    "get_activation",
    "NORMS",
    "mlp",
]
