r"""Stochastic gradient descent with optional L2 and L1 penalties.

The objective is $L(\theta) + \lambda_2\,\tfrac12\lVert w\rVert^2 + \lambda_1 \lVert w\rVert_1$
(the conventions of [`nnnotes.regularizers`][nnnotes.regularizers]), where the penalties apply to
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

**Walking a model.** [`SGD.step`][nnnotes.optim.SGD.step] accepts any object with ``params`` and
``grads`` dicts (a layer, or a [`Sequential`][nnnotes.layers.Sequential], whose flat
``"0.W"``-style dicts share its children's arrays), or an iterable of such
objects. [`sgd_step`][nnnotes.optim.sgd_step] works on one pair of dicts directly.

**Training loop.** [`train`][nnnotes.optim.train] repeats forward pass, loss, backward pass and
optimizer step, and returns the loss of every step.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    FLOAT64, all_finite, as_float_array, check_finite, check_int, check_rng, check_scalar,
)
from .regularizers import soft_threshold

__all__ = ["SGD", "sgd_step", "L1_METHODS", "train"]

L1_METHODS: tuple[str, ...] = ("proximal", "subgradient")
"""The values ``l1_method`` takes: the proximal (soft-threshold) step, or the subgradient step."""


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
    """Raise unless `params` and `grads` pair float64 arrays with finite gradients of their shapes.

    This runs for every parameter on every step, so the pairs layers hold
    (exact ``ndarray`` objects of dtype float64) are accepted in a few attribute
    tests and one finiteness count; any other pair goes through
    `_check_param`, the full checks, which accept what they can or raise
    the message that names the problem.
    """
    if params.keys() != grads.keys():
        raise ValueError(
            f"params and grads must have the same keys, got {sorted(params)} and {sorted(grads)}"
        )
    for key, w in params.items():
        g = grads[key]
        if (
            type(w) is np.ndarray and type(g) is np.ndarray
            and w.dtype is FLOAT64 and g.dtype is FLOAT64 and g.shape == w.shape
            and all_finite(g)
        ):
            continue
        _check_param(key, w, g)


def _check_param(key: str, w: Any, g: Any) -> None:
    """Raise the error of one (parameter, gradient) pair, if it has one."""
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
            soft_threshold(w, lr * l1, out=w)


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
        for params, grads in _pairs(model):
            _step(params, grads, self.lr, self.l2, self.l1, self.l1_method, self.penalize_bias)


def _dicts(owner: Any) -> tuple[Any, Any] | None:
    """``(owner.params, owner.grads)``, or None if either is missing.

    Read once: a [`Sequential`][nnnotes.layers.Sequential] builds its flat dicts on
    each access, so testing for them with ``hasattr`` and then reading them
    built each twice per step.
    """
    try:
        return owner.params, owner.grads
    except AttributeError:  # what hasattr treats as missing
        return None


def _pairs(model: Any) -> list[tuple[Any, Any]]:
    """The ``(params, grads)`` of `model`, or of each item of it, all checked before any step."""
    pair = _dicts(model)
    if pair is not None:
        return [pair]
    try:
        owners = list(model)
    except TypeError:
        raise TypeError(
            f"SGD.step needs an object with params and grads (or an iterable of them), "
            f"got {type(model).__name__}"
        ) from None
    pairs = []
    for i, o in enumerate(owners):
        pair = _dicts(o)
        if pair is None:
            raise TypeError(f"SGD.step: item {i} ({type(o).__name__}) has no params/grads")
        pairs.append(pair)
    return pairs


def train(
    model: Any,
    loss: Callable[[np.ndarray, np.ndarray], float],
    loss_grad: Callable[[np.ndarray, np.ndarray], np.ndarray],
    X: ArrayLike,
    y: ArrayLike,
    optimizer: Any,
    n_steps: int,
    *,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    callback: Callable[[int, float], Any] | None = None,
    max_loss: float | None = None,
) -> np.ndarray:
    r"""Train `model` in place for `n_steps` updates; return the loss of every step.

    Step $t = 0, 1, \dots$ takes a batch $(X_t, y_t)$ (the whole set, or
    `batch_size` distinct rows drawn by ``rng.choice``), computes
    $\hat y = f(X_t)$ with ``model.forward`` and records
    the loss $L_t$, that is ``loss(y_t, y_hat)``; then, unless it was the last step, it runs
    ``model.backward(loss_grad(y_t, y_hat))`` and ``optimizer.step(model)``,
    i.e. $\theta \leftarrow \theta - \eta\,\nabla_\theta L_t$ for SGD. So
    ``losses[t]`` is the loss after $t$ updates (on the whole set, the
    training loss), measured before update $t + 1$. Penalties that the
    optimizer adds are not part of the recorded loss.

    Training stops early when ``callback(t, losses[t])`` returns a true value
    (no update follows), or, with `max_loss`, when the run diverges: an output
    that is not finite, or a loss above `max_loss`, is recorded as ``inf`` and
    ends the run (overflow in that forward pass is then expected and not
    warned about). Without `max_loss`, a non-finite output reaches `loss`,
    whose input check raises ``ValueError``.

    Parameters
    ----------
    model : Layer or Sequential
        Anything with ``train()``, ``forward``, ``backward``, ``params`` and
        ``grads``; put in training mode.
    loss, loss_grad : callable
        ``loss(y_true, y_pred) -> float`` and its gradient
        ``loss_grad(y_true, y_pred) -> ndarray`` shaped like `y_pred` (the
        functions of [`nnnotes.losses`][nnnotes.losses]).
    X : array_like, shape (n, d)
    y : array_like, shape (n, ...)
        Targets, in whatever shape `loss` expects.
    optimizer : SGD
        Anything with ``step(model)``.
    n_steps : int
        Number of updates, $\ge 0$.
    batch_size : int, optional
        Rows per step, $1 \le$ `batch_size` $\le n$ (default: all, in order).
    rng : numpy.random.Generator, optional
        Draws the batches; needed with `batch_size`.
    callback : callable, optional
        ``callback(t, loss_t)``, called after every recorded finite loss,
        the last one included.
    max_loss : float, optional
        Divergence threshold (see above).

    Returns
    -------
    ndarray, shape (t,) with t <= n_steps + 1

    Examples
    --------
    >>> from nnnotes.layers import Dense
    >>> from nnnotes.losses import mse, mse_grad
    >>> X = np.arange(8.0).reshape(4, 2); y = X @ np.array([[1.0], [-1.0]])
    >>> layer = Dense(2, 1, np.random.default_rng(0))
    >>> losses = train(layer, mse, mse_grad, X, y, SGD(lr=0.02), 200)
    >>> losses.shape, bool(losses[-1] < 1e-3 * losses[0])
    ((201,), True)
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", min_ndim=1)
    n = X.shape[0]
    if y.shape[0] != n:
        raise ValueError(f"X and y must have the same number of samples, got {X.shape} and {y.shape}")
    steps = check_int(n_steps, "n_steps", low=0)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", low=1)
        if batch_size > n:
            raise ValueError(f"batch_size must be <= the number of samples {n}, got {batch_size}")
        rng = check_rng(rng)
    if max_loss is not None:
        max_loss = check_scalar(max_loss, "max_loss")
    model.train()
    losses: list[float] = []
    for t in range(steps + 1):
        if batch_size is None:
            Xb, yb = X, y
        else:
            idx = rng.choice(n, size=batch_size, replace=False)
            Xb, yb = X[idx], y[idx]
        if max_loss is None:
            out = model.forward(Xb)
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                out = model.forward(Xb)
            if not np.all(np.isfinite(out)):
                losses.append(math.inf)
                break
        value = loss(yb, out)
        if max_loss is not None and value > max_loss:
            losses.append(math.inf)
            break
        losses.append(value)
        stop = callback is not None and callback(t, value)
        if stop or t == steps:
            break
        model.backward(loss_grad(yb, out))
        optimizer.step(model)
    return np.array(losses)
