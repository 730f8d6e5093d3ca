r"""Batch normalisation: noisy statistics, running averages, faster training (answer Q3.c; page ``normalization/batch-norm``).

* the noise of batch statistics (:func:`batch_statistics_spread` and the laws
  :func:`mean_spread_law`, :func:`variance_spread_law`) and the running
  statistics of :class:`~nnnotes.layers.BatchNorm1d` (:func:`running_statistics`);
* training a deep MLP with and without it (:func:`regression_task`, :func:`train_mse`,
  :func:`steps_to_target`, :func:`bn_speed`, :func:`tune_learning_rate`) and the gap
  between training-mode and evaluation-mode outputs (:func:`train_eval_gap`, and over
  several runs, :func:`train_eval_gap_runs`).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from numpy.typing import ArrayLike

from nnnotes._validation import as_float_array, check_int, check_rng, check_scalar
from nnnotes.experiments.cache import cached
from nnnotes.layers import BatchNorm1d, Sequential, mlp
from nnnotes.losses import mse, mse_grad
from nnnotes.optim import SGD, train

__all__ = [
    "mean_spread_law", "variance_spread_law", "BatchNoise", "batch_statistics_spread",
    "RunningStats", "running_statistics", "regression_task", "train_mse", "steps_to_target",
    "LR_GRID", "BNSpeed", "bn_speed", "tune_learning_rate", "TrainEvalGap", "train_eval_gap",
    "GapRuns", "train_eval_gap_runs",
]


# --- noise of the batch statistics -------------------------------------------


def _batch_sizes(batch_sizes: ArrayLike, low: int) -> np.ndarray:
    B = np.asarray(batch_sizes)
    if B.ndim != 1 or B.size == 0 or B.dtype.kind not in "iu":
        raise ValueError(f"batch_sizes must be a non-empty 1-D array of integers, got {batch_sizes!r}")
    if B.min() < low:
        raise ValueError(f"batch sizes must be >= {low}, got {int(B.min())}")
    return B.astype(np.int64)


def mean_spread_law(batch_sizes: ArrayLike, sigma: float = 1.0) -> np.ndarray:
    r"""Standard error of the batch mean, $\sigma / \sqrt{B}$ (any distribution with std $\sigma$).

    `batch_sizes`: integers $\ge 1$, shape (k,); returns shape (k,).
    """
    B = _batch_sizes(batch_sizes, 1)
    sigma = check_scalar(sigma, "sigma", low=0.0)
    return sigma / np.sqrt(B)


def variance_spread_law(batch_sizes: ArrayLike, sigma: float = 1.0, unbiased: bool = False) -> np.ndarray:
    r"""Standard deviation of the batch variance for Gaussian data, $\mathcal N(\mu, \sigma^2)$.

    $(B-1)\,s^2/\sigma^2 \sim \chi^2_{B-1}$ for the unbiased estimate $s^2$, so

    $$\mathrm{std}(s^2) = \sigma^2\sqrt{\frac{2}{B-1}},\qquad
    \mathrm{std}\Bigl(\tfrac{B-1}{B}s^2\Bigr) = \sigma^2\,\frac{\sqrt{2(B-1)}}{B}$$

    for the biased estimate that batch normalisation divides by in training
    (`unbiased=True`: the first). `batch_sizes`: integers $\ge 2$, shape (k,);
    returns shape (k,).
    """
    B = _batch_sizes(batch_sizes, 2).astype(np.float64)
    sigma = check_scalar(sigma, "sigma", low=0.0)
    if unbiased:
        return sigma**2 * np.sqrt(2.0 / (B - 1.0))
    return sigma**2 * np.sqrt(2.0 * (B - 1.0)) / B


@dataclass(frozen=True)
class BatchNoise:
    r"""How much the batch statistics vary from batch to batch, per batch size.

    Attributes
    ----------
    batch_sizes : ndarray of int, shape (k,)
    sigma : float
        Population standard deviation of the data.
    mean_spread : ndarray, shape (k,)
        Standard deviation, across batches, of the batch mean.
    var_spread : ndarray, shape (k,)
        Same for the biased batch variance $\frac1B\sum_i (x_i-\bar x)^2$ (what
        batch normalisation divides by in training).
    unbiased_var_spread : ndarray, shape (k,)
        Same for the unbiased variance $\frac{1}{B-1}\sum_i (x_i-\bar x)^2$
        (what enters the running variance).
    """

    batch_sizes: np.ndarray
    sigma: float
    mean_spread: np.ndarray
    var_spread: np.ndarray
    unbiased_var_spread: np.ndarray


@cached
def batch_statistics_spread(
    rng: np.random.Generator, batch_sizes: ArrayLike = (2, 4, 8, 16, 32, 64, 128, 256),
    n_batches: int = 4000, sigma: float = 1.0, mu: float = 0.0,
) -> BatchNoise:
    r"""Draw `n_batches` batches of each size from $\mathcal N(\mu, \sigma^2)$ and measure the spread of their statistics.

    For each $B$, the batches form an array of shape (n_batches, B); its row
    means and row variances are the estimates batch normalisation would use for
    one feature, and their standard deviation across rows is the spread.
    `batch_sizes`: integers $\ge 2$; `sigma` $> 0$; the relative error of a
    spread is about $1/\sqrt{2\,n_{batches}}$.
    """
    rng = check_rng(rng)
    B = _batch_sizes(batch_sizes, 2)
    n_batches = check_int(n_batches, "n_batches", low=2)
    sigma = check_scalar(sigma, "sigma", low=0.0, low_inclusive=False)
    mu = check_scalar(mu, "mu")
    spreads = np.empty((3, B.size))
    for k, b in enumerate(B):
        x = rng.normal(mu, sigma, size=(n_batches, int(b)))
        var = x.var(axis=1)
        spreads[:, k] = x.mean(axis=1).std(), var.std(), (var * (b / (b - 1.0))).std()
    return BatchNoise(B, sigma, spreads[0], spreads[1], spreads[2])


@dataclass(frozen=True)
class RunningStats:
    r"""The running statistics of a batch-norm layer fed batches from a fixed distribution.

    Attributes
    ----------
    running_mean, running_var : ndarray, shape (steps + 1, d)
        Row $t$ holds the layer's ``running_mean`` / ``running_var`` after $t$
        training-mode forward passes (row 0: the initial 0 and 1).
    mean, var : ndarray, shape (d,)
        The population statistics of the data.
    """

    running_mean: np.ndarray
    running_var: np.ndarray
    mean: np.ndarray
    var: np.ndarray


@cached
def running_statistics(
    rng: np.random.Generator, mean: ArrayLike = (3.0, -1.0, 0.5), std: ArrayLike = (2.0, 0.5, 1.0),
    batch_size: int = 32, steps: int = 200, momentum: float = 0.1,
) -> RunningStats:
    r"""Feed a :class:`~nnnotes.layers.BatchNorm1d` `steps` batches of $\mathcal N(\mu_j, s_j^2)$ data.

    Each training-mode forward pass updates
    $r \leftarrow (1-m)\,r + m\,\hat s$ with the batch estimate $\hat s$, so
    after $t$ steps the initial value is weighted by $(1-m)^t$, and in the
    stationary regime the running mean fluctuates around $\mu$ with standard
    deviation $\frac{s}{\sqrt B}\sqrt{\frac{m}{2-m}}$ (an exponential average of
    independent estimates). `mean`, `std` ($> 0$): shape (d,), the population
    statistics of each feature; `batch_size` $\ge 2$ (training mode refuses a
    single sample); `momentum` $m \in [0, 1]$.
    """
    rng = check_rng(rng)
    mu = as_float_array(mean, "mean", ndim=1)
    s = as_float_array(std, "std", ndim=1)
    if mu.shape != s.shape or mu.size == 0:
        raise ValueError(f"mean and std must be non-empty and of the same shape, got {mu.shape} and {s.shape}")
    if s.min() <= 0:
        raise ValueError(f"std must be > 0, got {s.min()}")
    batch_size = check_int(batch_size, "batch_size", low=2)
    steps = check_int(steps, "steps", low=1)
    bn = BatchNorm1d(mu.size, momentum=momentum)
    trace_mean = np.empty((steps + 1, mu.size))
    trace_var = np.empty((steps + 1, mu.size))
    trace_mean[0], trace_var[0] = bn.running_mean, bn.running_var
    for t in range(1, steps + 1):
        bn.forward(mu + s * rng.standard_normal((batch_size, mu.size)))
        trace_mean[t], trace_var[t] = bn.running_mean, bn.running_var
    return RunningStats(trace_mean, trace_var, mu, s**2)


# --- training with and without batch normalisation ---------------------------


def regression_task(
    rng: np.random.Generator, n: int = 256, d: int = 8, hidden: int = 16,
) -> tuple[np.ndarray, np.ndarray]:
    r"""A smooth nonlinear regression problem made by a random "teacher" network.

    $X \sim \mathcal N(0, I_d)$, $y = \tanh(2 X U)\,v$ with $U_{ij} \sim
    \mathcal N(0, 1/d)$ and $v_k \sim \mathcal N(0, 1/16)$, then $y$ is
    standardised (mean 0, variance 1), so the mean squared error of the
    constant prediction 0 is exactly 1.

    Returns
    -------
    X : ndarray, shape (n, d)
    y : ndarray, shape (n, 1)
    """
    rng = check_rng(rng)
    n = check_int(n, "n", low=2)
    d = check_int(d, "d", low=1)
    hidden = check_int(hidden, "hidden", low=1)
    X = rng.standard_normal((n, d))
    U = rng.standard_normal((d, hidden)) / math.sqrt(d)
    v = rng.standard_normal(hidden) / 4.0
    y = np.tanh(2.0 * X @ U) @ v
    y = (y - y.mean()) / y.std()
    return X, y[:, None]


def train_mse(
    model: Sequential, X: np.ndarray, y: np.ndarray, lr: float, steps: int, *,
    batch_size: int | None = None, rng: np.random.Generator | None = None, target: float | None = None,
) -> np.ndarray:
    r"""Train `model` in place by SGD on the mean squared error; return the loss of every step.

    :func:`~nnnotes.optim.train` with :func:`~nnnotes.losses.mse`, ``SGD(lr)``
    ($\eta > 0$) and a divergence threshold of $10^6$. Step $t$ takes the whole
    set `X` (n, d), `y` (n, k), or `batch_size` distinct samples drawn by `rng`,
    computes $L_t = \frac1B\sum_i (\hat y_i - y_i)^2$ in training mode, and
    updates $\theta \leftarrow \theta - \eta\,\nabla L_t$; with the whole set,
    ``losses[t]`` is the training loss after $t$ updates. At most `steps`
    updates: training stops when a loss is $\le$ `target` (the last entry) or
    diverges (a non-finite or $> 10^6$ loss, recorded as ``inf``).
    """
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    reached = None if target is None else (lambda t, loss: loss <= target)
    return train(model, mse, mse_grad, X, y, SGD(lr=lr), steps, batch_size=batch_size, rng=rng,
                 callback=reached, max_loss=1e6)


def steps_to_target(losses: ArrayLike, target: float) -> int | None:
    r"""The number of updates after which the loss first is $\le$ `target` (None if never).

    ``losses[t]`` is the loss after $t$ updates (as returned by :func:`train_mse`).
    """
    L = as_float_array(losses, "losses", ndim=1, finite=False)
    hit = np.flatnonzero(L <= target)
    return int(hit[0]) if hit.size else None


#: Learning rates tried for each model by :func:`tune_learning_rate`.
LR_GRID: tuple[float, ...] = (0.01, 0.02, 0.05, 0.1, 0.2)


def _speed_model(
    batch_norm: bool, rng: np.random.Generator, depth: int, width: int, activation: str,
    momentum: float = 0.1,
) -> tuple[Sequential, np.ndarray, np.ndarray]:
    """The data of :func:`regression_task` and a fresh Xavier-normal MLP, both drawn from `rng`.

    `depth` hidden layers of `width` units and a linear output; with
    `batch_norm`, a ``BatchNorm1d`` before every activation.
    """
    depth = check_int(depth, "depth", low=1)
    X, y = regression_task(rng)
    model = mlp([X.shape[1]] + [width] * depth + [1], activation, rng, init="xavier_normal",
                norm="batch" if batch_norm else None, momentum=momentum)
    return model, X, y


@dataclass(frozen=True)
class BNSpeed:
    r"""Full-batch training of the same deep MLP without and with batch normalisation.

    Attributes
    ----------
    target : float
    lr_plain, lr_bn : float
        Learning rates of the two runs.
    losses_plain, losses_bn : ndarray, shape (steps + 1,)
        Training loss after $t$ updates (``inf`` from a divergence on).
    steps_plain, steps_bn : int or None
        Updates needed to reach the target (:func:`steps_to_target`).
    """

    target: float
    lr_plain: float
    lr_bn: float
    losses_plain: np.ndarray
    losses_bn: np.ndarray
    steps_plain: int | None
    steps_bn: int | None


@cached
def bn_speed(
    rng: np.random.Generator, lr_plain: float = 0.02, lr_bn: float = 0.02, target: float = 0.05,
    steps: int = 300, depth: int = 10, width: int = 32, activation: str = "tanh",
) -> BNSpeed:
    r"""Train a deep MLP on :func:`regression_task` with and without batch normalisation.

    Both runs draw the data and the weights from a copy of `rng` in its current
    state (Xavier normal; the same weight matrices in both models; `rng` itself
    is left as it was), full-batch
    gradient descent on the mean squared error for `steps` updates, and
    report when the training loss first reaches `target`. The default
    learning rate, 0.02 for both, gives smooth curves; the best rate of
    :data:`LR_GRID` for each model (see :func:`tune_learning_rate`) changes the
    step counts by less than 10%.
    """
    rng = check_rng(rng)
    target = check_scalar(target, "target", low=0.0, low_inclusive=False)
    runs = []
    for batch_norm, lr in ((False, lr_plain), (True, lr_bn)):
        model, X, y = _speed_model(batch_norm, copy.deepcopy(rng), depth, width, activation)
        losses = train_mse(model, X, y, lr, steps)
        pad = np.full(steps + 1 - losses.size, math.inf)
        runs.append(np.concatenate([losses, pad]))
    return BNSpeed(target, float(lr_plain), float(lr_bn), runs[0], runs[1],
                   steps_to_target(runs[0], target), steps_to_target(runs[1], target))


@cached
def tune_learning_rate(
    batch_norm: bool, rng: np.random.Generator, lrs: Iterable[float] = LR_GRID, target: float = 0.05,
    max_steps: int = 1000, depth: int = 10, width: int = 32, activation: str = "tanh",
) -> dict[float, int | None]:
    r"""Steps to `target` for each learning rate, for the model of :func:`bn_speed`.

    Every run starts from a copy of `rng` (the same data and weights for every
    rate; `rng` itself is left as it was) and stops as soon as the target is
    reached (or the loss diverges), so a grid costs little more than its fastest runs.

    Returns
    -------
    dict
        ``{lr: steps or None}``; None means not reached within `max_steps`
        (or diverged). The best rate is ``min(d, key=...)`` over the reached ones.
    """
    rng = check_rng(rng)
    result: dict[float, int | None] = {}
    for lr in lrs:
        model, X, y = _speed_model(bool(batch_norm), copy.deepcopy(rng), depth, width, activation)
        losses = train_mse(model, X, y, lr, max_steps, target=target)
        result[float(lr)] = steps_to_target(losses, target)
    return result


# --- training-mode versus evaluation-mode outputs ------------------------------


@dataclass(frozen=True)
class TrainEvalGap:
    r"""How differently a batch-normalised model behaves in training and evaluation mode.

    Attributes
    ----------
    batch_size : int
        The batch size used in training (and for the training-mode outputs).
    gap : float
        Mean over the samples of $|f_{train}(x) - f_{eval}(x)|$.
    train_loss : float
        Mean squared error of the training-mode outputs.
    eval_loss : float
        Mean squared error of the evaluation-mode outputs (running statistics).
    """

    batch_size: int
    gap: float
    train_loss: float
    eval_loss: float


@cached
def train_eval_gap(
    batch_size: int, rng: np.random.Generator, batch_rng: np.random.Generator, steps: int = 400,
    lr: float = 0.05, depth: int = 10, width: int = 32, activation: str = "tanh", momentum: float = 0.1,
) -> TrainEvalGap:
    r"""Train a batch-normalised MLP with mini-batches of `batch_size`, then compare its two modes.

    Data and weights are drawn from `rng` as in :func:`bn_speed` (256
    samples); training runs `steps` SGD updates on batches of `batch_size`
    distinct samples drawn from `batch_rng`. Afterwards, on the 256 training
    inputs: the evaluation-mode output $f_{eval}(x)$ uses the running
    statistics; the training-mode output $f_{train}(x)$ normalises each
    consecutive block of `batch_size` samples with its own statistics, as in
    training (computed on a copy, so the running statistics are not touched).

    Parameters
    ----------
    batch_size : int
        $B \ge 2$, dividing 256.
    rng, batch_rng : numpy.random.Generator
        The page uses ``np.random.default_rng(0)`` and ``np.random.default_rng(1)``.
    """
    batch_size = check_int(batch_size, "batch_size", low=2)
    model, X, y = _speed_model(True, check_rng(rng), depth, width, activation, momentum)
    if X.shape[0] % batch_size:
        raise ValueError(f"batch_size must divide the {X.shape[0]} samples, got {batch_size}")
    train_mse(model, X, y, lr, steps, batch_size=batch_size, rng=check_rng(batch_rng))
    twin = copy.deepcopy(model)
    blocks = X.reshape(-1, batch_size, X.shape[1])
    out_train = np.concatenate([twin.forward(block) for block in blocks])
    out_eval = model.eval().forward(X)
    return TrainEvalGap(
        batch_size,
        float(np.mean(np.abs(out_train - out_eval))),
        mse(y, out_train),
        mse(y, out_eval),
    )


@dataclass(frozen=True)
class GapRuns:
    r""":func:`train_eval_gap` over independent runs for one batch size; each field has shape (runs,)."""

    batch_size: int
    gap: np.ndarray
    train_loss: np.ndarray
    eval_loss: np.ndarray

    def median(self) -> TrainEvalGap:
        """The median over the runs of each field."""
        fields = (self.gap, self.train_loss, self.eval_loss)
        return TrainEvalGap(self.batch_size, *(float(np.median(a)) for a in fields))


@cached
def train_eval_gap_runs(
    batch_sizes: Iterable[int], rng: np.random.Generator, runs: int = 10, **kwargs,
) -> dict[int, GapRuns]:
    r"""Repeat :func:`train_eval_gap` for each batch size over `runs` independent runs.

    Small-batch training is chaotic (a run's numbers change with the batch
    order and with the rounding of the matrix library), so the page reports
    statistics over runs. Run $k$ takes the $k$-th of ``rng.spawn(runs)`` (this
    advances `rng`'s spawn counter) and splits it by ``spawn(2)`` into the
    generator of the task and initial weights and that of the batches; every
    batch size starts from copies of both, so within a run the sizes are
    compared on the same task from the same weights. `kwargs` go to
    :func:`train_eval_gap` (steps, lr, depth, width, activation, momentum).
    Returns ``{batch_size: GapRuns}`` in the order of `batch_sizes`.
    """
    sizes = [check_int(b, "batch_size", low=2) for b in batch_sizes]
    if not sizes:
        raise ValueError("batch_sizes must name at least one batch size, got none")
    runs = check_int(runs, "runs", low=1)
    values = np.empty((len(sizes), 3, runs))
    for k, child in enumerate(check_rng(rng).spawn(runs)):
        task_rng, batch_rng = child.spawn(2)
        for i, b in enumerate(sizes):
            r = train_eval_gap(b, copy.deepcopy(task_rng), copy.deepcopy(batch_rng), **kwargs)
            values[i, :, k] = r.gap, r.train_loss, r.eval_loss
    return {b: GapRuns(b, *values[i]) for i, b in enumerate(sizes)}
