"""Drawing for the normalisation and initialisation chapter, and its four site figures."""

from __future__ import annotations

from functools import cache
from typing import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter, NullLocator

from nnnotes.experiments.normalization import (
    SignalStats,
    batch_statistics_spread,
    bn_speed,
    init_comparison,
    mean_spread_law,
    variance_spread_law,
)
from nnnotes.figures import Labels, figure
from nnnotes.plotting._style import PALETTE, legend, new_figure, number

#: One colour per initialisation scheme, the same in every figure.
INIT_COLORS = {"small": PALETTE[0], "large": PALETTE[1], "lecun": PALETTE[4], "xavier": PALETTE[2], "he": PALETTE[3]}


def init_label(t: Labels, init: str) -> str:
    """The legend entry of an initialisation scheme in the figure's language."""
    return {
        "small": t("too small: std 0.01", f"خیلی کوچک: انحراف معیار {number(t, 0.01, 'g')}"),
        "large": t("too large: std 1", f"خیلی بزرگ: انحراف معیار {number(t, 1, 'g')}"),
        "lecun": t("LeCun: Var = 1/n_in", "LeCun: Var = 1/n_in"),
        "xavier": t("Xavier: Var = 2/(n_in + n_out)", "Xavier: Var = 2/(n_in + n_out)"),
        "he": t("He: Var = 2/n_in", "He: Var = 2/n_in"),
    }[init]


def plot_layer_spread(ax: Axes, runs: Iterable[SignalStats], t: Labels, which: str = "act",
                      ylim: tuple[float, float] = (1e-4, 1e4)) -> Axes:
    """Draw, per run, the standard deviation of the activations (`which="act"`) or gradients ("grad") per layer.

    The y axis is logarithmic and limited to `ylim`; a curve that leaves it is
    labelled at the edge with its value at the far end (the last layer for
    activations, the input for gradients). A grey band marks the zone
    [0.5, 2] where the signal is "preserved".
    """
    if which not in ("act", "grad"):
        raise ValueError(f"which must be 'act' or 'grad', got {which!r}")
    lo, hi = ylim
    ax.axhspan(0.5, 2.0, color="0.85", alpha=0.6, linewidth=0)
    for run in runs:
        values = run.act_std if which == "act" else run.grad_std
        layers = np.arange(values.size)
        color = INIT_COLORS.get(run.init)
        ax.plot(layers, values, marker="o", markersize=3, color=color, label=init_label(t, run.init))
        end = values.size - 1 if which == "act" else 0
        if not lo <= values[end] <= hi:
            edge = hi if values[end] > hi else lo
            exponent = int(np.floor(np.log10(values[end])))
            ax.annotate(f"$l = {end}$: ${values[end] / 10.0**exponent:.1f} \\times 10^{{{exponent}}}$",
                        xy=(layers.mean(), edge), xytext=(0, -12 if edge == hi else 4),
                        textcoords="offset points", ha="center", color=color, fontsize=9)
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ax.set_xlabel(t("layer l (0 = input)", "لایه‌ی l (صفر = ورودی)"))
    return ax


SPREAD_TICKS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)


def plot_spread(ax: Axes, batch_sizes: np.ndarray, measured: np.ndarray, law: np.ndarray,
                measured_label: str, law_label: str, color: str, marker: str = "o") -> Axes:
    """Measured spread (markers) and its law (line) against the batch size, log-log."""
    ax.plot(batch_sizes, law, color=color, linewidth=1.4, label=law_label)
    ax.plot(batch_sizes, measured, linestyle="none", marker=marker, color=color, label=measured_label)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(batch_sizes, [str(b) for b in batch_sizes])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_yticks(SPREAD_TICKS, [f"{v:g}" for v in SPREAD_TICKS])
    ax.yaxis.set_minor_formatter(NullFormatter())
    return ax


def plot_loss_curve(ax: Axes, losses: np.ndarray, steps: int | None, label: str, color: str,
                    t: Labels | None = None) -> Axes:
    """Training loss against the step (log y), with a dot where the target was first reached.

    The dot is labelled with the step count (in Persian digits when `t` is Persian).
    """
    ax.plot(np.arange(losses.size), losses, color=color, label=label)
    if steps is not None:
        ax.plot([steps], [losses[steps]], marker="o", color=color, markersize=7)
        ax.annotate(number(t, steps, "d") if t is not None else str(steps), xy=(steps, losses[steps]), xytext=(4, 6), textcoords="offset points",
                    color=color, fontsize=10)
    ax.set_yscale("log")
    return ax


# --- site figures ------------------------------------------------------------------

ACTIVATION_TITLES = {"tanh": ("tanh", "tanh"), "relu": ("ReLU", "ReLU")}


@cache
def _init_runs() -> dict:
    # Both initialisation figures (and both languages) share one computation per process.
    return init_comparison(seed=0)


def _init_figure(t: Labels, which: str, ylabel: str) -> Figure:
    runs = _init_runs()
    fig, axes = new_figure(t, ncols=2, figsize=(7.5, 4.0), layout="constrained")
    for ax, act in zip(axes, ("tanh", "relu")):
        plot_layer_spread(ax, [r for (a, _), r in runs.items() if a == act], t, which)
        ax.set_title(t(*ACTIVATION_TITLES[act]))
    axes[0].set_ylabel(ylabel)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False,
               markerfirst=t.lang != "fa")
    return fig


@figure("init-variance")
def init_variance(t: Labels) -> Figure:
    """Activation std per layer of a 20-layer, 256-wide MLP for four initialisations, tanh and ReLU."""
    return _init_figure(t, "act", t("std of the activations", "انحراف معیار فعال‌سازی‌ها"))


@figure("init-gradient-variance")
def init_gradient_variance(t: Labels) -> Figure:
    """Std of the back-propagated gradient per layer, same networks as init-variance."""
    return _init_figure(t, "grad", t("std of the gradient ∂L/∂h_l", "انحراف معیار گرادیان در لایه‌ی l"))


@figure("bn-batch-noise")
def bn_batch_noise(t: Labels) -> Figure:
    """Spread of the batch mean and batch variance against the batch size, with their laws."""
    noise = batch_statistics_spread(np.random.default_rng(0))
    B = noise.batch_sizes
    fig, (ax_mean, ax_var) = new_figure(t, ncols=2, figsize=(7.5, 3.4))
    plot_spread(ax_mean, B, noise.mean_spread, mean_spread_law(B),
                t("measured", "اندازه‌گیری‌شده"), "σ/√B", PALETTE[0])
    ax_mean.set_title(t("batch mean", "میانگین دسته"))
    ax_mean.set_ylabel(t("std across 4000 batches", "انحراف معیار در ۴۰۰۰ دسته"))
    plot_spread(ax_var, B, noise.var_spread, variance_spread_law(B),
                t("measured, biased (normalises)", "اندازه‌گیری‌شده، اریب (برای نرمال‌سازی)"),
                "σ²√(2(B−1))/B", PALETTE[1])
    plot_spread(ax_var, B, noise.unbiased_var_spread, variance_spread_law(B, unbiased=True),
                t("measured, unbiased (running var)", "اندازه‌گیری‌شده، نااریب (میانگین متحرک)"),
                "σ²√(2/(B−1))", PALETTE[2], marker="s")
    ax_var.set_title(t("batch variance", "واریانس دسته"))
    for ax in (ax_mean, ax_var):
        ax.set_xlabel(t("batch size B", "اندازه‌ی دسته B"))
        legend(ax, t, loc="lower left", fontsize=7.5)
    return fig


@figure("bn-steps")
def bn_steps(t: Labels) -> Figure:
    """Training loss of a 10-layer tanh MLP with and without batch normalisation, and the steps to the target."""
    run = bn_speed()
    fig, ax = new_figure(t, figsize=(6.4, 3.6))
    plot_loss_curve(ax, run.losses_plain, run.steps_plain,
                    t(f"without batch norm (lr {run.lr_plain:g})",
                      f"بدون نرمال‌سازی دسته‌ای (نرخ یادگیری {number(t, run.lr_plain, 'g')})"),
                    PALETTE[1], t)
    plot_loss_curve(ax, run.losses_bn, run.steps_bn,
                    t(f"with batch norm (lr {run.lr_bn:g})",
                      f"با نرمال‌سازی دسته‌ای (نرخ یادگیری {number(t, run.lr_bn, 'g')})"),
                    PALETTE[0], t)
    ax.axhline(run.target, color="0.3", linestyle="--", linewidth=1.0,
               label=t(f"target loss {run.target:g}", f"تابع هزینه‌ی هدف {number(t, run.target, 'g')}"))
    ax.set_xlabel(t("gradient-descent step (full batch)", "گام گرادیان کاهشی (کل داده)"))
    ax.set_ylabel(t("training loss (MSE)", "تابع هزینه‌ی آموزش (MSE)"))
    legend(ax, t, loc="upper right")
    return fig
