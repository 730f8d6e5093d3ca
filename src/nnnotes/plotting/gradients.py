"""Drawing the gradients chapter, and its site figures.

Figures: ``regression-cost`` (operation counts of the closed form and of
gradient descent), ``vanishing-gradients`` (gradient norm per layer of a deep
MLP for three activations) and ``zero-init`` (training from an all-zero, an
all-equal and a random initialization).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from nnnotes.experiments.gradients import (
    FlopCurves,
    GradientFlow,
    Timings,
    TrainingRun,
    flop_curves,
    gradient_flow,
    loglog_slope,
    symmetry_runs,
)
from nnnotes.figures import Labels, figure
from nnnotes.plotting._style import PALETTE, RLM, legend, ltr, new_figure, number

# --- linear regression: cost ---------------------------------------------------


def plot_flop_curves(ax: Axes, curves: FlopCurves, t: Labels) -> Axes:
    """Draw the closed form's count (solid) and gradient descent's, one dashed line per T, log-log."""
    ax.loglog(curves.sizes, curves.closed, color=PALETTE[0], label=t("closed form", "فرم بسته"))
    shades = (PALETTE[5], PALETTE[1], PALETTE[3])
    for steps, counts, color in zip(curves.n_steps, curves.gd, shades):
        ax.loglog(curves.sizes, counts, color=color, linestyle="--",
                  label=t(f"gradient descent, T = {steps}", f"گرادیان کاهشی، T = {steps}"))
    x_end = curves.sizes[-1]
    ax.annotate(t(f"slope {curves.slope_closed:.1f}", f"شیب {number(t, curves.slope_closed)}"),
                xy=(x_end, curves.closed[-1]), xytext=(4, 0), textcoords="offset points",
                va="center", color=PALETTE[0], fontsize=9)
    ax.annotate(t(f"slope {curves.slope_gd:.1f}", f"شیب {number(t, curves.slope_gd)}"),
                xy=(x_end, curves.gd[-1][-1]), xytext=(4, 0), textcoords="offset points",
                va="center", color=shades[len(curves.n_steps) - 1], fontsize=9)
    ax.set_xlabel(t(f"number of {'features d' if curves.vary == 'd' else 'samples n'}",
                    "تعداد ویژگی‌ها d" if curves.vary == "d" else "تعداد نمونه‌ها n"))
    ax.set_title(t(f"{'n' if curves.vary == 'd' else 'd'} = {curves.fixed:,}",
                   f"{'n' if curves.vary == 'd' else 'd'} = {curves.fixed}"))
    ax.margins(x=0.02)
    ax.grid(True, which="minor", alpha=0.1)
    return ax


def plot_timings(ax: Axes, timings: Timings, t: Labels) -> Axes:
    """Draw measured seconds of both solvers against the varying size, log-log, with fitted slopes."""
    for seconds, color, (en, fa) in ((timings.closed, PALETTE[0], ("closed form", "فرم بسته")),
                                     (timings.gd, PALETTE[1], (f"gradient descent, T = {timings.n_steps}",
                                                               f"گرادیان کاهشی، T = {timings.n_steps}"))):
        slope = loglog_slope(timings.sizes, seconds)
        ax.loglog(timings.sizes, seconds, marker="o", color=color,
                  label=t(f"{en} (slope {slope:.2f})", f"{fa} (شیب {number(t, slope, '.2f')})"))
    ax.set_xlabel(t(f"number of {'features d' if timings.vary == 'd' else 'samples n'}",
                    "تعداد ویژگی‌ها d" if timings.vary == "d" else "تعداد نمونه‌ها n"))
    ax.set_xticks(timings.sizes, [str(size) for size in timings.sizes])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_ylabel(t("seconds (best of the repeats)", "ثانیه (بهترین تکرار)"))
    legend(ax, t, loc="upper left", fontsize=8)
    return ax


@figure("regression-cost")
def regression_cost(t: Labels) -> Figure:
    """Counted operations of the closed form and of T steps of gradient descent, vs d and vs n."""
    by_d = flop_curves("d", np.unique(np.logspace(1, 4, 25).astype(int)), fixed=10_000)
    by_n = flop_curves("n", np.unique(np.logspace(3, 6, 25).astype(int)), fixed=100)
    fig, (left, right) = new_figure(t, ncols=2, figsize=(7.5, 3.6), sharey=True)
    plot_flop_curves(left, by_d, t)
    plot_flop_curves(right, by_n, t)
    fig.axes[0].set_ylabel(t("floating-point operations", "تعداد عملیات ممیز شناور"))  # the leftmost panel
    for ax in (left, right):
        ax.set_xlim(right=ax.get_xlim()[1] * 2.2)
    legend(left, t, loc="upper left", fontsize=8)
    return fig


# --- vanishing gradients --------------------------------------------------------

ACTIVATION_LABELS = {
    "sigmoid": ("sigmoid", "سیگموید"),
    "tanh": ("tanh", "tanh"),
    "relu": ("ReLU", "ReLU"),
    "leaky_relu": ("leaky ReLU", RLM + "ReLU نشتی"),
}


def plot_layer_norms(ax: Axes, values: np.ndarray, label: str, **style) -> Axes:
    """Draw one value per layer (layer 1 first) on a log scale; return ``ax``."""
    layers = np.arange(1, len(values) + 1)
    ax.semilogy(layers, values, marker="o", markersize=3, label=label, **style)
    ax.set_xticks(layers[::2] if len(layers) > 12 else layers)
    return ax


def plot_gradient_flows(ax: Axes, flows: list[GradientFlow], t: Labels, quantity: str = "weight_grad",
                        styles: list[dict] | None = None, labels: list[str] | None = None) -> Axes:
    """Draw ``getattr(flow, quantity)`` per layer for each flow (one line each)."""
    styles = styles or [{"color": c} for c in PALETTE]
    for i, flow in enumerate(flows):
        label = labels[i] if labels else t(*ACTIVATION_LABELS[flow.activation])
        plot_layer_norms(ax, getattr(flow, quantity), label, **styles[i])
    ax.set_xlabel(t("layer l (1 = next to the input)", "لایه‌ی l (لایه‌ی ۱ کنار ورودی است)"))
    return ax


@figure("vanishing-gradients")
def vanishing_gradients(t: Labels) -> Figure:
    """Gradient norms per layer of a 20-layer MLP, width 64, sigmoid / tanh / ReLU, Xavier init."""
    flows = [gradient_flow(name, np.random.default_rng(0)) for name in ("sigmoid", "tanh", "relu")]
    flows.append(gradient_flow("relu", np.random.default_rng(0), init="he_normal"))
    styles = [{"color": PALETTE[i]} for i in range(3)] + [{"color": PALETTE[2], "linestyle": ":"}]
    labels = [t(*ACTIVATION_LABELS[f.activation]) for f in flows[:3]] + [t("ReLU, He init", RLM + "ReLU، مقداردهی He")]
    fig, (left, right) = new_figure(t, ncols=2, figsize=(7.5, 3.6), sharey=True)
    plot_gradient_flows(left, flows, t, "weight_grad", styles, labels)
    plot_gradient_flows(right, flows, t, "delta", styles, labels)
    left.set_title(t("weight gradient ‖∂L/∂W_l‖", "گرادیان وزن‌ها " + ltr("‖∂L/∂W_l‖")))
    right.set_title(t("backpropagated gradient ‖∂L/∂z_l‖", "گرادیان پس‌انتشاریافته " + ltr("‖∂L/∂z_l‖")))
    fig.axes[0].set_ylabel(t("norm (log scale)", "نُرم (مقیاس لگاریتمی)"))  # the leftmost panel
    legend(left, t, loc="lower right", fontsize=8)
    return fig


# --- all-equal initialization ---------------------------------------------------

#: Legend labels of the three starting points of the zero-init figure.
INIT_LABELS = {
    "zeros": ("all zeros", "همه صفر"),
    "constant": ("all 0.5", "همه ۰٫۵"),
    "random": ("random (Xavier)", "تصادفی (Xavier)"),
}


#: Line styles of the three runs: the two symmetric runs overlap at 0 in the spread panel.
RUN_STYLES = ({"linewidth": 3.0}, {"linestyle": "--"}, {})


def plot_runs(ax: Axes, runs: list[TrainingRun], labels: list[str], quantity: str = "losses") -> Axes:
    """Draw ``getattr(run, quantity)`` against the epoch for each run; return ``ax``."""
    for run, label, color, style in zip(runs, labels, PALETTE, RUN_STYLES):
        values = getattr(run, quantity)
        ax.plot(np.arange(len(values)), values, color=color, label=label, **style)
    return ax


@figure("zero-init")
def zero_init(t: Labels) -> Figure:
    """Loss and hidden-unit spread while training from zero, constant and random weights."""
    named = symmetry_runs(np.random.default_rng(0))
    runs = list(named.values())
    labels = [t(*INIT_LABELS[name]) for name in named]
    fig, (left, right) = new_figure(t, ncols=2, figsize=(7.5, 3.4))
    plot_runs(left, runs, labels, "losses")
    plot_runs(right, runs, labels, "spread")
    left.set_ylim(0.0, 0.9)
    left.set_title(t("training loss (cross-entropy)", "تابع هزینه‌ی آموزش (آنتروپی متقاطع)"))
    right.set_title(t("largest difference between hidden units", "بیشترین اختلاف دو واحد پنهان"))
    for ax in (left, right):
        ax.set_xlabel(t("gradient-descent step", "گام گرادیان کاهشی"))
    legend(left, t, loc="center right")
    return fig
