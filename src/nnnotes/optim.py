r"""Stochastic gradient descent with optional L2 and L1 penalties.

The objective is $L(\theta) + \lambda_2\,\tfrac12\lVert w\rVert^2 + \lambda_1 \lVert w\rVert_1$
(the conventions of :mod:`nnnotes.regularizers`), where the penalties apply to
the *penalised* parameters $w$ only. One step with learning rate $\eta$, in place:

* ``l1_method="proximal"`` (default), proximal gradient / ISTA:
  $w \leftarrow \mathrm{soft\_threshold}\bigl(w - \eta(g + \lambda_2 w),\ \eta\lambda_1\bigr)$,
  which produces exact zeros;
* ``l1_method="subgradient"``:
  $w \leftarrow w - \eta\,(g + \lambda_2 w + \lambda_1 \mathrm{sign}(w))$,
  whose iterates oscillate around zero instead of reaching it.

**Which parameters are penalised.** With ``penalize_bias=False`` (default)
only parameters with two or more dimensions — weight matrices such as
``Dense``'s ``"W"`` — are penalised; every 1-D parameter (``Dense``'s ``"b"``,
the norms' ``"gamma"`` and ``"beta"``) gets the plain step $w \leftarrow w - \eta g$.
``penalize_bias=True`` penalises everything.

**Walking a model.** :meth:`SGD.step` accepts any object with ``params`` and
``grads`` dicts (a layer, or a :class:`~nnnotes.layers.Sequential`, whose flat
``"0.W"``-style dicts share its children's arrays), or an iterable of such
objects. :func:`sgd_step` works on one pair of dicts directly.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np

from ._validation import check_finite, check_scalar
from .regularizers import _soft_threshold_

__all__ = ["SGD", "sgd_step", "L1_METHODS"]

L1_METHODS: tuple[str, ...] = ("proximal", "subgradient")


def _hyper(lr: float, l2: float, l1: float, l1_method: str) -> tuple[float, float, float]:
    if l1_method not in L1_METHODS:
        raise ValueError(f"unknown l1_method {l1_method!r}; expected one of {L1_METHODS}")
    return (
        check_scalar(lr, "lr", low=0.0),
        check_scalar(l2, "l2", low=0.0),
        check_scalar(l1, "l1", low=0.0),
    )


def sgd_step(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    lr: float,
    *,
    l2: float = 0.0,
    l1: float = 0.0,
    l1_method: str = "proximal",
    penalize_bias: bool = False,
) -> None:
    r"""One in-place SGD step on every array of `params`.

    Parameters
    ----------
    params, grads : mapping of str to ndarray
        Same keys and shapes; the parameter arrays (float64, writeable) are
        updated in place, the gradients are only read.
    lr : float
        Learning rate $\eta \ge 0$.
    l2, l1 : float, default 0
        Penalty weights $\lambda_2, \lambda_1 \ge 0$ (see the module docstring).
    l1_method : {"proximal", "subgradient"}
        How the L1 term is applied.
    penalize_bias : bool, default False
        Penalise 1-D parameters too (biases, ``gamma``, ``beta``).
    """
    lr, l2, l1 = _hyper(lr, l2, l1, l1_method)
    _step(params, grads, lr, l2, l1, l1_method, penalize_bias)


def _check_pair(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
    if params.keys() != grads.keys():
        raise ValueError(
            f"params and grads must have the same keys, got {sorted(params)} and {sorted(grads)}"
        )
    for key, w in params.items():
        g = grads[key]
        if not isinstance(w, np.ndarray) or w.dtype != np.float64:
            got = w.dtype if isinstance(w, np.ndarray) else type(w).__name__
            raise TypeError(f"params[{key!r}] must be a float64 ndarray (updated in place), got {got}")
        if np.shape(g) != w.shape:
            raise ValueError(
                f"grads[{key!r}] has shape {np.shape(g)} but params[{key!r}] has shape {w.shape}"
            )
        check_finite(np.asarray(g, dtype=np.float64), f"grads[{key!r}]")


def _step(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    lr: float,
    l2: float,
    l1: float,
    l1_method: str,
    penalize_bias: bool,
) -> None:
    _check_pair(params, grads)
    proximal = l1_method == "proximal"
    for key, w in params.items():
        g = grads[key]
        penalised = penalize_bias or w.ndim >= 2
        if penalised and (l2 or (l1 and not proximal)):
            d = w * l2
            d += g
            if l1 and not proximal:
                d += l1 * np.sign(w)
            d *= lr
            w -= d
        else:
            w -= lr * g
        if penalised and l1 and proximal:
            _soft_threshold_(w, lr * l1)


class SGD:
    r"""Stochastic gradient descent with optional L2 / L1 penalties.

    Parameters
    ----------
    lr : float
        Learning rate $\eta \ge 0$.
    l2, l1 : float, default 0
        Penalty weights $\lambda_2, \lambda_1 \ge 0$.
    l1_method : {"proximal", "subgradient"}, default "proximal"
    penalize_bias : bool, default False
        Whether 1-D parameters (biases, ``gamma``, ``beta``) are penalised.

    Examples
    --------
    >>> import numpy as np
    >>> from nnnotes.layers import Dense
    >>> layer = Dense(2, 1, np.random.default_rng(0))
    >>> _ = layer.forward(np.ones((4, 2))); _ = layer.backward(np.ones((4, 1)))
    >>> SGD(lr=0.1, l2=1e-2).step(layer)
    """

    def __init__(
        self,
        lr: float,
        l2: float = 0.0,
        l1: float = 0.0,
        l1_method: str = "proximal",
        penalize_bias: bool = False,
    ) -> None:
        self.lr, self.l2, self.l1 = _hyper(lr, l2, l1, l1_method)
        self.l1_method = l1_method
        self.penalize_bias = bool(penalize_bias)

    def __repr__(self) -> str:
        return (
            f"SGD(lr={self.lr}, l2={self.l2}, l1={self.l1}, l1_method={self.l1_method!r}, "
            f"penalize_bias={self.penalize_bias})"
        )

    def step(self, model: Any) -> None:
        r"""Update in place every parameter of `model` from its current ``grads``.

        Parameters
        ----------
        model : layer, Sequential, or iterable of them
            Anything with ``params`` and ``grads`` dicts, or an iterable of such.
        """
        for owner in _owners(model):
            _step(owner.params, owner.grads, self.lr, self.l2, self.l1, self.l1_method,
                  self.penalize_bias)


def _owners(model: Any) -> Iterable[Any]:
    if hasattr(model, "params") and hasattr(model, "grads"):
        return (model,)
    try:
        owners = list(model)
    except TypeError:
        raise TypeError(
            f"SGD.step needs an object with params and grads (or an iterable of them), "
            f"got {type(model).__name__}"
        ) from None
    for i, o in enumerate(owners):
        if not (hasattr(o, "params") and hasattr(o, "grads")):
            raise TypeError(f"SGD.step: item {i} ({type(o).__name__}) has no params/grads")
    return owners
