r"""The linear model trained step by step, shared by the L1-sparsity and input-noise pages.

:func:`train_linear` runs full-batch steps of an :class:`~nnnotes.optim.SGD`
on $\frac{1}{2n}\lVert y - Xw\rVert^2$ with a ``Dense(d -> 1)`` layer, so that
the optimizer's penalties (L1 by a proximal or a subgradient step, L2) and
input noise can be compared on the same objective as
:mod:`nnnotes.linear_regression`. Its only callers are
:mod:`~nnnotes.experiments.regularization.l1_sparsity` and
:mod:`~nnnotes.experiments.regularization.input_noise`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.initializers import zeros
from nnnotes.layers import Dense
from nnnotes.losses import mse_grad
from nnnotes.optim import SGD

__all__ = ["train_linear"]


def train_linear(
    X: ArrayLike,
    y: ArrayLike,
    optimizer: SGD,
    n_steps: int,
    *,
    w0: ArrayLike | None = None,
    input_noise: float = 0.0,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""Full-batch steps of `optimizer` on $\frac{1}{2n}\lVert y - \tilde X w\rVert^2$; the weight trajectory.

    The model is a ``Dense(d -> 1)`` layer without bias; each step computes the
    gradient $-\frac1n \tilde X^\top (y - \tilde X w)$ (half of
    :func:`~nnnotes.losses.mse_grad`, so the scaling matches
    :mod:`nnnotes.linear_regression`) and lets `optimizer` add its penalties.
    With ``input_noise`` $= \sigma > 0$, $\tilde X = X + \sigma S$ with a fresh
    $S \sim \mathcal N(0, I)$ of shape (n, d) at every step; otherwise $\tilde X = X$.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    optimizer : SGD
    n_steps : int
    w0 : array_like, shape (d,), optional
        Starting weights (default zeros).
    input_noise : float, default 0
    rng : numpy.random.Generator
        Required when ``input_noise > 0``.

    Returns
    -------
    ndarray, shape (n_steps + 1, d)
        Row $t$ is $w$ after $t$ steps (row 0 is $w_0$).
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got {X.shape} and {y.shape}")
    if not isinstance(optimizer, SGD):
        raise TypeError(f"optimizer must be an nnnotes.optim.SGD, got {type(optimizer).__name__}")
    steps = check_int(n_steps, "n_steps", low=0)
    sigma = check_scalar(input_noise, "input_noise", low=0.0)
    if sigma > 0.0:
        rng = check_rng(rng)
    model = Dense(X.shape[1], 1, np.random.default_rng(0), init=zeros, bias=False)  # starts at 0: `zeros` draws nothing
    W = model.params["W"]
    if w0 is not None:
        start = as_float_array(w0, "w0", ndim=1)
        if start.shape != (X.shape[1],):
            raise ValueError(f"w0 must have shape ({X.shape[1]},), got {start.shape}")
        W[:, 0] = start
    target = y[:, None]
    trajectory = np.empty((steps + 1, X.shape[1]))
    trajectory[0] = W[:, 0]
    for t in range(1, steps + 1):
        Xt = X + sigma * rng.standard_normal(X.shape) if sigma > 0.0 else X
        model.backward(0.5 * mse_grad(target, model.forward(Xt)))
        optimizer.step(model)
        trajectory[t] = W[:, 0]
    return trajectory
