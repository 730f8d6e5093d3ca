r"""Layers with explicit forward and backward passes.

Every layer maps ``X`` of shape (n, fan_in) to ``Y`` of shape (n, fan_out) and
follows one protocol:

* ``forward(X) -> Y`` keeps (by reference, without copying) exactly what the
  backward pass needs from this last call;
* ``backward(dY) -> dX`` takes $\partial L/\partial Y$ (same shape as the last
  ``Y``), returns $\partial L/\partial X$ and **overwrites** (does not
  accumulate) the arrays in ``grads`` in place;
* ``params`` and ``grads`` are dicts with the same keys (``"W"``, ``"b"`` for
  :class:`Dense`; ``"gamma"``, ``"beta"`` for the norms; empty for
  activations). The gradient arrays are allocated once, so references to them
  stay valid; optimizers update ``params`` in place;
* ``mode`` is ``"train"`` or ``"eval"`` (``train()`` / ``eval()`` set it and
  return the layer); only :class:`BatchNorm1d` behaves differently.

:class:`Sequential` follows the same protocol; its ``params`` / ``grads`` are
flat views keyed ``"<index>.<key>"`` (e.g. ``"0.W"``, ``"2.gamma"``) that share
the children's arrays.

Calling ``backward`` before any ``forward`` raises ``RuntimeError``; shape
errors raise ``ValueError`` naming the layer, e.g.
``Dense(3 -> 4): expected X with 3 features, got shape (5, 2)``. Do not modify
an input ``X`` in place between ``forward`` and ``backward``.

Input checks: a layer called directly rejects non-finite ``X`` / ``dY``. Inside a
:class:`Sequential`, the container checks its own ``X`` and ``dY`` once and its
children check shapes only (the finiteness test is an O(size) pass per array,
about 5% of a training step); a NaN produced inside the network is then caught
by the loss functions or the optimizer, which check their inputs.

Building networks: :func:`mlp` stacks dense layers, optional normalisation and
an activation picked by name from :data:`ACTIVATIONS` (:func:`get_activation`
also gives the activation's derivative).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, NamedTuple, Self, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_float_array, check_int, check_mode, check_rng, check_scalar
from .activations import leaky_relu_grad, relu_grad, sigmoid, sigmoid_grad, tanh_grad
from .initializers import Initializer, xavier_uniform
from .initializers import get as get_initializer

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


class Layer:
    r"""Base class: parameter dicts, train/eval mode, and the shared checks.

    Subclasses implement ``forward`` and ``backward``; ``n_features`` (``None``
    for "any") is the input width they accept.
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
    def forward(self, X: ArrayLike) -> np.ndarray:
        """Validate `X` (2-D, finite, right width) and return the layer output."""
        return self._checked_forward(X, finite=True)

    def backward(self, dY: ArrayLike) -> np.ndarray:
        """Validate `dY` against the last output and return the input gradient."""
        return self._checked_backward(dY, finite=True)

    def __call__(self, X: ArrayLike) -> np.ndarray:
        """Alias of :meth:`forward`."""
        return self.forward(X)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _forward(self, X: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _backward(self, dY: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    # --- shared checks -------------------------------------------------
    # `finite=False` is used by Sequential for arrays its own children produced:
    # shapes are still checked, the O(size) finiteness test is done once by the
    # container (and by the losses / optimizer downstream).
    def _checked_forward(self, X: ArrayLike, finite: bool) -> np.ndarray:
        X = as_float_array(X, f"{self!r}: X", ndim=2, finite=finite)
        n = self.n_features
        if n is not None and X.shape[1] != n:
            raise ValueError(f"{self!r}: expected X with {n} features, got shape {X.shape}")
        if X.shape[0] == 0:
            raise ValueError(f"{self!r}: expected at least one sample, got X of shape {X.shape}")
        Y = self._forward(X)
        self._out_shape = Y.shape
        return Y

    def _checked_backward(self, dY: ArrayLike, finite: bool) -> np.ndarray:
        if self._out_shape is None:
            raise RuntimeError(f"{self!r}: backward called before forward")
        dY = as_float_array(dY, f"{self!r}: dY", finite=finite)
        if dY.shape != self._out_shape:
            raise ValueError(
                f"{self!r}: expected dY of shape {self._out_shape} (the shape of the last "
                f"forward output), got {dY.shape}"
            )
        return self._backward(dY)

    def _add_param(self, name: str, value: np.ndarray) -> None:
        self.params[name] = value
        self.grads[name] = np.zeros_like(value)


# --- dense -------------------------------------------------------------------


class Dense(Layer):
    r"""Fully connected layer, $Y = X W + b$.

    Parameters
    ----------
    fan_in, fan_out : int
        Input and output widths; $W$ has shape (fan_in, fan_out), $b$ shape (fan_out,).
    rng : numpy.random.Generator
        Passed to `init`.
    init : callable, default :func:`~nnnotes.initializers.xavier_uniform`
        ``init(fan_in, fan_out, rng) -> W``. The bias starts at zero.
    bias : bool, default True
        Without bias there is no ``"b"`` key in ``params`` / ``grads``.

    Notes
    -----
    With $G = \partial L/\partial Y$ of shape (n, fan_out):
    $\partial L/\partial W = X^\top G$, $\partial L/\partial b = \sum_i G_i$,
    $\partial L/\partial X = G W^\top$.
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
            np.sum(dY, axis=0, out=self.grads["b"])
        return dY @ self.params["W"].T


# --- activations -------------------------------------------------------------


class Sigmoid(Layer):
    r"""Elementwise $\sigma(x) = 1/(1+e^{-x})$; backward uses $\sigma' = Y(1 - Y)$."""

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._Y = sigmoid(X, check_finite=False)
        return self._Y

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (n, d) -> `dX` of shape (n, d)."""
        Y = self._Y
        return dY * (Y * (1.0 - Y))


class Tanh(Layer):
    r"""Elementwise $\tanh(x)$; backward uses $\tanh' = 1 - Y^2$."""

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._Y = np.tanh(X)
        return self._Y

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (n, d) -> `dX` of shape (n, d)."""
        Y = self._Y
        return dY * (1.0 - Y * Y)


class ReLU(Layer):
    r"""Elementwise $\max(x, 0)$; backward passes $G$ where $x > 0$ (so $\mathrm{relu}'(0) = 0$)."""

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._mask = X > 0.0
        return np.maximum(X, 0.0)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (n, d) -> `dX` of shape (n, d)."""
        return dY * self._mask


class LeakyReLU(Layer):
    r"""Elementwise $x$ for $x > 0$, $a x$ otherwise (slope $a \ge 0$; derivative $a$ at 0)."""

    def __init__(self, slope: float = 0.01) -> None:
        super().__init__()
        self.slope = check_scalar(slope, "slope", low=0.0)

    def __repr__(self) -> str:
        return f"LeakyReLU(slope={self.slope!r})"

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, d) -> shape (n, d)."""
        self._mask = X > 0.0
        return np.where(self._mask, X, self.slope * X)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (n, d) -> `dX` of shape (n, d)."""
        return np.where(self._mask, dY, self.slope * dY)


# --- normalisation -------------------------------------------------------------


class _Norm(Layer):
    """Shared construction of the two normalisation layers (gamma = 1, beta = 0)."""

    def __init__(self, num_features: int, eps: float) -> None:
        super().__init__()
        self.num_features = check_int(num_features, "num_features", low=1)
        self.n_features = self.num_features
        self.eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
        self._add_param("gamma", np.ones(self.num_features))
        self._add_param("beta", np.zeros(self.num_features))

    def _affine(self, xhat: np.ndarray) -> np.ndarray:
        # Y = gamma * xhat + beta; also fills grads from dY later via the cache.
        self._xhat = xhat
        Y = xhat * self.params["gamma"]
        Y += self.params["beta"]
        return Y

    def _affine_grads(self, dY: np.ndarray) -> None:
        np.sum(dY * self._xhat, axis=0, out=self.grads["gamma"])
        np.sum(dY, axis=0, out=self.grads["beta"])


class BatchNorm1d(_Norm):
    r"""Batch normalisation over the samples of a batch, per feature.

    Training mode, with batch mean $\mu$ and **biased** batch variance
    $\sigma^2 = \frac1B\sum_i (x_i - \mu)^2$:

    $$\hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}, \qquad y = \gamma \hat x + \beta,$$

    and the running statistics (starting at mean 0, variance 1) update as
    $r \leftarrow (1 - m)\,r + m\,s$ with the batch mean and the **unbiased**
    batch variance $\frac{B}{B-1}\sigma^2$ (the PyTorch convention). A batch of
    one sample in training mode raises ``ValueError`` (its unbiased variance is
    undefined; PyTorch refuses it too). Evaluation mode normalises with the
    running statistics instead and works for any batch size.

    Backward (training mode), with $g = \partial L/\partial y$:

    $$\frac{\partial L}{\partial x} = \frac{\gamma}{B\sqrt{\sigma^2+\epsilon}}
    \Bigl(B g - \sum_i g_i - \hat x \sum_i g_i \hat x_i\Bigr),$$

    $\partial L/\partial\gamma = \sum_i g_i \hat x_i$,
    $\partial L/\partial\beta = \sum_i g_i$. In evaluation mode the layer is
    affine: $\partial L/\partial x = g\,\gamma/\sqrt{r_{var} + \epsilon}$.

    Parameters
    ----------
    num_features : int
        Width $d$; $X$ has shape (B, d); ``gamma``, ``beta``, ``running_mean``
        and ``running_var`` have shape (d,).
    momentum : float in [0, 1], default 0.1
    eps : float > 0, default 1e-5
    """

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5) -> None:
        super().__init__(num_features, eps)
        self.momentum = check_scalar(momentum, "momentum", low=0.0, high=1.0)
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)

    def __repr__(self) -> str:
        return f"BatchNorm1d({self.num_features})"

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (B, num_features) -> shape (B, num_features)."""
        B = X.shape[0]
        self._train_cache = self._mode == "train"
        if not self._train_cache:
            self._inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
            return self._affine((X - self.running_mean) * self._inv_std)
        if B < 2:
            raise ValueError(
                f"{self!r}: expected more than 1 sample per feature in training mode, "
                f"got X of shape {X.shape} (use eval mode or a larger batch)"
            )
        mean = X.mean(axis=0)
        xc = X - mean
        var = np.einsum("ij,ij->j", xc, xc) / B
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        xc *= self._inv_std
        m = self.momentum
        self.running_mean *= 1.0 - m
        self.running_mean += m * mean
        self.running_var *= 1.0 - m
        self.running_var += (m * B / (B - 1)) * var
        return self._affine(xc)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (B, num_features) -> `dX` of the same shape; fills gamma/beta grads."""
        self._affine_grads(dY)
        scale = self.params["gamma"] * self._inv_std
        if not self._train_cache:
            return dY * scale
        B = dY.shape[0]
        dX = dY * B
        dX -= self.grads["beta"]
        dX -= self._xhat * self.grads["gamma"]
        dX *= scale / B
        return dX


class LayerNorm(_Norm):
    r"""Layer normalisation: each sample is normalised over its own features.

    With per-sample mean $\mu_i$ and biased variance $\sigma_i^2$ over the $d$
    features,

    $$\hat x_{ij} = \frac{x_{ij} - \mu_i}{\sqrt{\sigma_i^2 + \epsilon}},\qquad y_{ij} = \gamma_j \hat x_{ij} + \beta_j.$$

    No batch statistics are involved, so it behaves the same in both modes and
    for any batch size (including 1) — the small-batch remedy for batch norm.

    Backward, with $h = g\gamma$ (row-wise sums over $j$):

    $$\frac{\partial L}{\partial x_i} = \frac{1}{d\sqrt{\sigma_i^2+\epsilon}}
    \Bigl(d\,h_i - \sum_j h_{ij} - \hat x_i \sum_j h_{ij}\hat x_{ij}\Bigr).$$

    Parameters
    ----------
    num_features : int
        Width $d$; $X$ has shape (n, d); ``gamma`` and ``beta`` have shape (d,).
    eps : float > 0, default 1e-5
    """

    def __init__(self, num_features: int, eps: float = 1e-5) -> None:
        super().__init__(num_features, eps)

    def __repr__(self) -> str:
        return f"LayerNorm({self.num_features})"

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, num_features) -> shape (n, num_features)."""
        d = X.shape[1]
        xc = X - X.mean(axis=1, keepdims=True)
        var = np.einsum("ij,ij->i", xc, xc)[:, None] / d
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        xc *= self._inv_std
        return self._affine(xc)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (n, num_features) -> `dX` of the same shape; fills gamma/beta grads."""
        self._affine_grads(dY)
        xhat = self._xhat
        d = xhat.shape[1]
        h = dY * self.params["gamma"]
        dX = h * d
        dX -= h.sum(axis=1, keepdims=True)
        dX -= xhat * np.einsum("ij,ij->i", h, xhat)[:, None]
        dX *= self._inv_std / d
        return dX


# --- containers ----------------------------------------------------------------


class Sequential(Layer):
    r"""A chain of layers, $Y = f_k(\dots f_2(f_1(X)))$.

    ``backward`` runs the children's backward passes in reverse order.
    ``params`` and ``grads`` are flat dicts rebuilt on each access, keyed
    ``"<index>.<key>"`` (``"0.W"``, ``"0.b"``, ``"2.gamma"``; nested containers
    give ``"1.0.W"``), whose values are the children's own arrays — so an
    optimizer updating ``model.params`` in place updates the children.
    ``train()`` / ``eval()`` and setting ``mode`` propagate to every child.

    Parameters
    ----------
    layers : iterable of layers
        At least one object with ``forward``, ``backward``, ``params``, ``grads``.
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
        """Flat dict of the children's gradients, same keys as :attr:`params`."""
        return self._flat("grads")

    def _mode_changed(self) -> None:
        for layer in self.layers:
            layer.mode = self._mode

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, fan_in of the first layer) -> the last layer's output."""
        # The container checked X (finiteness included); children check shapes only.
        for layer in self.layers:
            X = layer._checked_forward(X, False) if isinstance(layer, Layer) else layer.forward(X)
        return X

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of the last output's shape -> $\\partial L/\\partial X$ for the first layer's input."""
        for layer in reversed(self.layers):
            dY = layer._checked_backward(dY, False) if isinstance(layer, Layer) else layer.backward(dY)
        return dY



# --- building networks -----------------------------------------------------------


class ActivationSpec(NamedTuple):
    r"""An activation known by name: its layer class and its derivative.

    Attributes
    ----------
    layer : type
        The :class:`Layer` subclass, built without arguments (``LeakyReLU``
        gets its default slope 0.01).
    grad : callable
        $f'(x)$ with respect to the input, elementwise: array of any shape ->
        array of the same shape (from :mod:`nnnotes.activations`, with the
        layer's own convention at the kink).
    """

    layer: type
    grad: Callable[[np.ndarray], np.ndarray]


#: Activation name -> :class:`ActivationSpec` (layer class and derivative).
ACTIVATIONS: dict[str, ActivationSpec] = {
    "sigmoid": ActivationSpec(Sigmoid, sigmoid_grad),
    "tanh": ActivationSpec(Tanh, tanh_grad),
    "relu": ActivationSpec(ReLU, relu_grad),
    "leaky_relu": ActivationSpec(LeakyReLU, leaky_relu_grad),
}

#: The normalisations :func:`mlp` can insert before each activation.
NORMS: tuple[str, ...] = ("batch", "layer")


def get_activation(name: str) -> ActivationSpec:
    r"""The layer class and the derivative of the activation called `name`.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "leaky_relu"}
        A key of :data:`ACTIVATIONS`.

    Returns
    -------
    ActivationSpec
        ``(layer, grad)``; ``layer()`` builds the layer.

    Examples
    --------
    >>> get_activation("tanh").layer
    <class 'nnnotes.layers.Tanh'>
    >>> get_activation("elu")
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'elu'; expected one of ['leaky_relu', 'relu', 'sigmoid', 'tanh']
    """
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


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
        A key of :data:`ACTIVATIONS` (``"sigmoid"``, ``"tanh"``, ``"relu"``,
        ``"leaky_relu"``) or a layer class built without arguments.
    rng : numpy.random.Generator
        Passed to `init`.
    init : str or callable, default "xavier_uniform"
        A name of :data:`nnnotes.initializers.INITIALIZERS` or any
        ``init(fan_in, fan_out, rng)``, used for every weight matrix.
    norm : {None, "batch", "layer"}, default None
        :class:`BatchNorm1d` or :class:`LayerNorm` before every activation.
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
