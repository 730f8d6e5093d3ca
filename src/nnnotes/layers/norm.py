r"""The normalisation layers: [`BatchNorm1d`][nnnotes.layers.BatchNorm1d] and [`LayerNorm`][nnnotes.layers.LayerNorm].

Both standardise $x$ to $\hat x$ (over the samples of the batch, or over the
features of each sample) and then apply a learned per-feature affine map
$y = \gamma \hat x + \beta$, with $\gamma$ starting at 1 and $\beta$ at 0.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_int, check_scalar
from .base import Layer

__all__ = ["BatchNorm1d", "LayerNorm"]

# Column and row sums below call np.add.reduce, the ufunc reduction that np.sum,
# ndarray.sum and ndarray.mean run for a float64 array, without their dispatch in
# Python (about a microsecond a call, several calls per layer and step): the same
# sums, bit for bit. A mean is that sum divided by the count, as ndarray.mean does.


class _Norm(Layer):
    r"""What the two norms share: $\gamma$, $\beta$ and $y = \gamma \hat x + \beta$."""

    def __init__(self, num_features: int, eps: float) -> None:
        super().__init__()
        self.num_features = check_int(num_features, "num_features", low=1)
        self.n_features = self.num_features
        self.eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
        self._add_param("gamma", np.ones(self.num_features))
        self._add_param("beta", np.zeros(self.num_features))

    def _affine(self, xhat: np.ndarray) -> np.ndarray:
        r"""Keep $\hat x$ (shape (n, d)) for the backward pass; return $\gamma \hat x + \beta$."""
        self._xhat = xhat
        Y = xhat * self.params["gamma"]
        Y += self.params["beta"]
        return Y

    def _affine_grads(self, dY: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r"""Fill and return the parameter gradients, $\sum_i g_i \hat x_i$ and $\sum_i g_i$.

        ``grads["gamma"]`` and ``grads["beta"]``, of shape (d,), from ``dY`` = $g$
        of shape (n, d) (sums over the samples $i$).
        """
        dgamma, dbeta = self.grads["gamma"], self.grads["beta"]
        np.add.reduce(dY * self._xhat, axis=0, out=dgamma)
        np.add.reduce(dY, axis=0, out=dbeta)
        return dgamma, dbeta


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
    affine: $\partial L/\partial x = g\,\gamma/\sqrt{r_{\text{var}} + \epsilon}$.

    Parameters
    ----------
    num_features : int
        Width $d$; $X$ has shape (B, d); ``gamma``, ``beta``, ``running_mean``
        and ``running_var`` have shape (d,).
    momentum : float in [0, 1], default 0.1
    eps : float > 0, default 1e-5

    Examples
    --------
    >>> bn = BatchNorm1d(2)
    >>> Y = bn.forward(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> np.round(Y, 4)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> bn.running_mean, bn.running_var
    (array([0.2, 2. ]), array([ 1.1, 20.9]))
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
        mean = np.add.reduce(X, axis=0)
        mean /= B
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
        dgamma, dbeta = self._affine_grads(dY)
        scale = self.params["gamma"] * self._inv_std  # gamma / sigma, sigma = sqrt(var + eps)
        if not self._train_cache:
            # Evaluation: the statistics are constants, so y is affine in x.
            return dY * scale
        # Training: mu and sigma depend on every sample. With g = dY,
        #   dX = (gamma / (B*sigma)) * (B*g - sum_i g_i - xhat * sum_i g_i*xhat_i),
        # and the two column sums are the parameter gradients just computed:
        # sum_i g_i = dbeta, sum_i g_i*xhat_i = dgamma.
        B = dY.shape[0]
        dX = dY * B
        dX -= dbeta
        dX -= self._xhat * dgamma
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

    Examples
    --------
    >>> np.round(LayerNorm(3).forward(np.array([[1.0, 2.0, 3.0]])), 4)
    array([[-1.2247,  0.    ,  1.2247]])
    """

    def __init__(self, num_features: int, eps: float = 1e-5) -> None:
        super().__init__(num_features, eps)

    def __repr__(self) -> str:
        return f"LayerNorm({self.num_features})"

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """`X` of shape (n, num_features) -> shape (n, num_features)."""
        d = X.shape[1]
        mean = np.add.reduce(X, axis=1, keepdims=True)
        mean /= d
        xc = X - mean
        var = np.einsum("ij,ij->i", xc, xc)[:, None] / d
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        xc *= self._inv_std
        return self._affine(xc)

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        """`dY` of shape (n, num_features) -> `dX` of the same shape; fills gamma/beta grads."""
        self._affine_grads(dY)
        xhat = self._xhat
        d = xhat.shape[1]
        # Per sample i, over its features j, with h = g*gamma:
        #   dX_i = (1 / (d*sigma_i)) * (d*h_i - sum_j h_ij - xhat_i * sum_j h_ij*xhat_ij)
        h = dY * self.params["gamma"]
        dX = h * d
        dX -= np.add.reduce(h, axis=1, keepdims=True)
        dX -= xhat * np.einsum("ij,ij->i", h, xhat)[:, None]
        dX *= self._inv_std / d
        return dX
