"""Drawing the vanishing-gradients page (``gradients/vanishing-gradients``).

Figures: ``activation-derivatives`` (the derivatives of sigmoid, tanh and
ReLU) and ``vanishing-gradients`` (gradient norm per layer of a deep MLP for
three activations). The page also shows ``sigmoid-derivative``, which the home
page shares, from :mod:`nnnotes.plotting.activations`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.activations import activation_curve
from nnnotes.experiments.gradients.vanishing_gradients import GradientFlow, gradient_flow
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, RLM, legend, ltr, new_figure


@figure("activation-derivatives")
def activation_derivatives(t: Labels) -> Figure:
    """The derivatives of sigmoid, tanh and ReLU: at most 1/4, at most 1, and 0 or 1."""
    names = (("sigmoid", "σ′(x)", "σ′(x)"), ("tanh", "tanh′(x)", "tanh′(x)"), ("relu", "ReLU′(x)", "ReLU′(x)"))
    fig, ax = new_figure(t, figsize=(6.4, 3.4))
    for (name, en, fa), color in zip(names, PALETTE):
        curve = activation_curve(name)
        style = {"drawstyle": "steps-mid"} if name == "relu" else {}
        ax.plot(curve.x, curve.dy, color=color, label=t(en, fa), **style)
    for level, color in ((0.25, PALETTE[0]), (1.0, PALETTE[1])):
        ax.axhline(level, color=color, linestyle="--", linewidth=0.9)
    ax.annotate(t("1/4", "۱/۴"), xy=(-6.0, 0.25), xytext=(0, 3), textcoords="offset points", color=PALETTE[0])
    ax.set_xlabel(t("input x", "ورودی x"))
    ax.set_ylabel(t("derivative", "مشتق"))
    ax.set_ylim(-0.05, 1.15)
    legend(ax, t, loc="center left")
    return fig


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
