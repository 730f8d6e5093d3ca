r"""What an all-equal initialization does to a small MLP (answer Q4.a; page ``gradients/zero-init``).

The data (:func:`two_moons`), the first gradient step from all zeros of a
single unit (:func:`single_unit_first_update`) and of an MLP
(:func:`first_step`), training from a given initialization
(:func:`train_from_init`, measuring :func:`hidden_unit_spread`) and the three
starting points the page compares (:func:`symmetry_runs`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnnotes import initializers
from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.activations import sigmoid
from nnnotes.experiments.cache import cached
from nnnotes.layers import Sequential, mlp
from nnnotes.losses import binary_cross_entropy, binary_cross_entropy_grad
from nnnotes.optim import SGD, train

__all__ = [
    "two_moons",
    "hidden_unit_spread",
    "single_unit_first_update",
    "first_step",
    "TrainingRun",
    "train_from_init",
    "SYMMETRY_INITS",
    "symmetry_runs",
]


def two_moons(
    rng: np.random.Generator, n: int = 200, noise: float = 0.1, positive_fraction: float = 0.4
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaved half circles in 2-D, a small data set no line separates.

    Class 0 lies on $(\cos t, \sin t)$, class 1 on $(1 - \cos t, \tfrac12 - \sin t)$,
    $t \sim U(0, \pi)$, plus Gaussian noise of standard deviation `noise`.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int, default 200
    noise : float, default 0.1
    positive_fraction : float in (0, 1), default 0.4
        Share of class 1 (rounded to a whole number of samples).

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,)
        0.0 or 1.0, class 0 first.
    """
    rng = check_rng(rng)
    n = check_int(n, "n", low=2)
    noise = check_scalar(noise, "noise", low=0.0)
    frac = check_scalar(positive_fraction, "positive_fraction", low=0.0, high=1.0,
                        low_inclusive=False, high_inclusive=False)
    n1 = min(max(int(round(n * frac)), 1), n - 1)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.arange(n) < n - n1
    X = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)], np.c_[1.0 - np.cos(t), 0.5 - np.sin(t)])
    X += noise * rng.standard_normal((n, 2))
    return X, (~upper).astype(np.float64)


def hidden_unit_spread(model: Sequential) -> float:
    r"""Largest difference between two hidden units of a one-hidden-layer MLP.

    Unit $j$ is described by everything that belongs to it: its incoming
    weights $W_1[:, j]$, its bias $b_1[j]$ and its outgoing weights
    $W_2[j, :]$. The spread is $\max_{\text{entries}} (\max_j - \min_j)$, which is
    exactly 0 if and only if all hidden units are identical.

    Parameters
    ----------
    model : Sequential
        ``Dense, activation, Dense``, as built by :func:`~nnnotes.layers.mlp`
        with three sizes.
    """
    first, last = model.layers[0], model.layers[-1]
    units = np.vstack([first.params["W"], first.params["b"][None, :], last.params["W"].T])
    return float(np.max(units.max(axis=1) - units.min(axis=1)))


def single_unit_first_update(X: ArrayLike, y: ArrayLike, lr: float = 1.0) -> tuple[np.ndarray, float]:
    r"""The first gradient-descent step of one sigmoid unit started at $w = 0$, $b = 0$.

    Loss: binary cross-entropy on the logit $x^\top w + b$, averaged over the
    $n$ samples. At zero every prediction is $\sigma(0) = \tfrac12$, so the step is

    $$\Delta w = \frac{\eta}{n} \sum_{i=1}^{n} \left(y_i - \tfrac12\right) x_i,
    \qquad \Delta b = \eta \left(\bar y - \tfrac12\right);$$

    with the squared error $\frac{1}{2n}\sum_i(\hat y_i - y_i)^2$ instead, both are
    multiplied by $\sigma'(0) = \tfrac14$. Split by class,
    $\sum_i (y_i - \tfrac12) x_i = \tfrac12 (n_1 \mu^{(1)} - n_0 \mu^{(0)})$; for
    centred features it equals $\frac{n_1 n_0}{n} (\mu^{(1)} - \mu^{(0)})$.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Targets in [0, 1].
    lr : float, default 1.0
        Learning rate $\eta \ge 0$.

    Returns
    -------
    dw : ndarray, shape (d,)
    db : float
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    lr = check_scalar(lr, "lr", low=0.0)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}")
    grad_logits = binary_cross_entropy_grad(y, np.zeros_like(y))  # (sigma(0) - y) / n
    return -lr * (X.T @ grad_logits), -lr * float(grad_logits.sum())


def first_step(
    X: ArrayLike, y: ArrayLike, activation: str = "tanh", hidden: int = 16
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    r"""Output and gradients of an all-zero one-hidden-layer MLP on its first step.

    Model: ``Dense(d -> hidden)``, activation $f$, ``Dense(hidden -> 1)``,
    sigmoid output, binary cross-entropy on the logits. With every weight and
    bias 0: the logit is 0, so $\hat y = \sigma(0) = 1/2$ for every sample;
    $\partial\mathcal L/\partial b_2 = \frac1n\sum_s(\tfrac12 - y_s)$;
    $\partial\mathcal L/\partial W_2 = f(0)\,\frac1n\sum_s(\tfrac12 - y_s)$ for every
    unit ($f(0) = 1/2$ for the sigmoid, 0 for tanh and ReLU); and the hidden
    layer gets exactly zero gradient because $W_2 = 0$ blocks the backward pass.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Targets in [0, 1].
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}, default "tanh"
    hidden : int, default 16

    Returns
    -------
    probabilities : ndarray, shape (n,)
        $\hat y = \sigma(\text{logit})$ before the step.
    grads : dict of str to ndarray
        Copies of the gradients, keys ``"0.W"`` (d, hidden), ``"0.b"``,
        ``"2.W"`` (hidden, 1), ``"2.b"``.
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)[:, None]
    model = mlp([X.shape[1], hidden, 1], activation, np.random.default_rng(0), init="zeros")
    logits = model.forward(X)
    model.backward(binary_cross_entropy_grad(y, logits))
    return sigmoid(logits[:, 0]), {key: g.copy() for key, g in model.grads.items()}


@dataclass(frozen=True)
class TrainingRun:
    r"""Full-batch training of a one-hidden-layer MLP from one initialization.

    Attributes
    ----------
    losses : ndarray, shape (epochs + 1,)
        Binary cross-entropy before training and after each step.
    spread : ndarray, shape (epochs + 1,)
        :func:`hidden_unit_spread` at the same moments.
    accuracy : float
        Training accuracy at the end.
    model : Sequential
        The trained model.
    """

    losses: np.ndarray
    spread: np.ndarray
    accuracy: float
    model: Sequential


@cached
def train_from_init(
    X: ArrayLike,
    y: ArrayLike,
    init: str | initializers.Initializer,
    rng: np.random.Generator,
    activation: str = "tanh",
    hidden: int = 16,
    lr: float = 0.5,
    epochs: int = 500,
) -> TrainingRun:
    r"""Train ``Dense(d -> hidden), f, Dense(hidden -> 1)`` by full-batch gradient descent.

    Loss: binary cross-entropy on the logit; update
    $\theta \leftarrow \theta - \eta\,\nabla_\theta \mathcal L$ for every
    weight and bias (:class:`~nnnotes.optim.SGD` on the whole batch, by
    :func:`~nnnotes.optim.train`). Both weight
    matrices are drawn with `init` (biases start at 0), so ``init="zeros"``
    is the all-zero network and ``initializers.constant(c)`` an all-equal one.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Targets 0 or 1.
    init : str or callable
        A name of :data:`nnnotes.initializers.INITIALIZERS` or any
        ``init(fan_in, fan_out, rng)``.
    rng : numpy.random.Generator
        Passed to `init`.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}, default "tanh"
    hidden : int, default 16
    lr : float, default 0.5
    epochs : int, default 500

    Returns
    -------
    TrainingRun
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)[:, None]
    epochs = check_int(epochs, "epochs", low=0)
    optimizer = SGD(lr)
    model = mlp([X.shape[1], hidden, 1], activation, rng, init=init)
    spread: list[float] = []

    def record_spread(step: int, loss: float) -> None:
        spread.append(hidden_unit_spread(model))

    losses = train(model, binary_cross_entropy, binary_cross_entropy_grad, X, y, optimizer, epochs,
                   callback=record_spread)
    accuracy = float(np.mean((model.forward(X) > 0.0) == (y > 0.5)))
    return TrainingRun(losses, np.array(spread), accuracy, model)


#: The three starting points compared on the zero-initialization page.
SYMMETRY_INITS: dict[str, str | initializers.Initializer] = {
    "zeros": "zeros",
    "constant": initializers.constant(0.5),
    "random": "xavier_uniform",
}


@cached
def symmetry_runs(
    rng: np.random.Generator, activation: str = "tanh", hidden: int = 16, lr: float = 0.5, epochs: int = 1000
) -> dict[str, TrainingRun]:
    r"""Train the same MLP on the same two-moons data from each of :data:`SYMMETRY_INITS`.

    The data (:func:`two_moons` with its defaults: 200 points, 40% in class 1)
    are drawn from `rng` first, then the random initialization; the all-zero
    and all-0.5 networks use no randomness.

    Parameters
    ----------
    rng : numpy.random.Generator
    activation, hidden, lr, epochs
        As in :func:`train_from_init`.

    Returns
    -------
    dict of str to TrainingRun
        Keys ``"zeros"``, ``"constant"``, ``"random"``.
    """
    rng = check_rng(rng)
    X, y = two_moons(rng)
    return {
        name: train_from_init(X, y, init, rng, activation=activation, hidden=hidden, lr=lr, epochs=epochs)
        for name, init in SYMMETRY_INITS.items()
    }
