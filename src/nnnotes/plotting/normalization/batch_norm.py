"""Drawing the batch-norm page (``normalization/batch-norm``).

Figures: ``bn-batch-noise`` (the spread of the batch statistics against the
batch size, with their laws) and ``bn-steps`` (training with and without
batch normalisation).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter, NullLocator

from nnnotes.experiments.normalization.batch_norm import (
    batch_statistics_spread,
    bn_speed,
    mean_spread_law,
    variance_spread_law,
)
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, new_figure, number


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
    run = bn_speed(np.random.default_rng(0))
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
