"""Drawing the Xavier page (``normalization/xavier``).

Figures: ``init-variance`` and ``init-gradient-variance`` (the standard
deviation of the activations and of the back-propagated gradient, layer by
layer, for four initialisations, tanh and ReLU), and ``tanh-depth`` (Xavier
against He through 100 tanh layers, with the mean-field growth of He's gradient).
"""

from __future__ import annotations

from functools import cache
from typing import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.normalization.xavier import (
    SignalStats, init_comparison, signal_propagation, tanh_fixed_point,
)
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, new_figure, number


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


ACTIVATION_TITLES = {"tanh": ("tanh", "tanh"), "relu": ("ReLU", "ReLU")}


@cache
def _init_runs() -> dict:
    # Both initialisation figures (and both languages) share one computation per process.
    return init_comparison(np.random.default_rng(0))


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


@cache
def _tanh_depth_runs(depth: int = 100) -> tuple[SignalStats, SignalStats]:
    return tuple(signal_propagation("tanh", init, np.random.default_rng(0), depth=depth)
                 for init in ("xavier", "he"))


@figure("tanh-depth")
def tanh_depth(t: Labels) -> Figure:
    """Xavier against He through 100 tanh layers: activation and gradient std per layer, and He's predicted growth."""
    runs = _tanh_depth_runs()
    fig, (act_ax, grad_ax) = new_figure(t, ncols=2, figsize=(7.5, 3.8), layout="constrained")
    plot_layer_spread(act_ax, runs, t, "act", ylim=(1e-2, 1e3))
    plot_layer_spread(grad_ax, runs, t, "grad", ylim=(1e-2, 1e3))
    he = runs[1]
    layers = np.arange(he.grad_std.size)
    growth = np.sqrt(tanh_fixed_point(2.0).chi)          # per layer, in the chaotic phase
    grad_ax.plot(layers, he.grad_std[-1] * growth ** (layers[-1] - layers), color=INIT_COLORS["he"],
                 linestyle="--", linewidth=1.0,
                 label=t("He, mean-field theory: ×√χ per layer", "پیش‌بینی نظریه برای He"))
    act_ax.set_title(t("activations", "فعال‌سازی‌ها"))
    grad_ax.set_title(t("gradients", "گرادیان‌ها"))
    act_ax.set_ylabel(t("standard deviation", "انحراف معیار"))
    fig.legend(*grad_ax.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False,
               markerfirst=t.lang != "fa")
    return fig

