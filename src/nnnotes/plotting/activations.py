"""Drawing activation curves, and the ``sigmoid-derivative`` figure shared by two pages.

Shared on purpose: the home page and the vanishing-gradients page both show
``sigmoid-derivative``; the vanishing-gradients page's own figures are in
:mod:`nnnotes.plotting.gradients.vanishing_gradients`.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.activations import Curve, activation_curve
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, new_figure


def plot_curve(ax: Axes, curve: Curve, value_label: str, derivative_label: str) -> Axes:
    """Draw ``curve.y`` and ``curve.dy`` against ``curve.x`` on ``ax``; return ``ax``."""
    ax.plot(curve.x, curve.y, color=PALETTE[0], label=value_label)
    ax.plot(curve.x, curve.dy, color=PALETTE[1], label=derivative_label)
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    return ax


@figure("sigmoid-derivative")
def sigmoid_derivative(t: Labels) -> Figure:
    """The sigmoid and its derivative, whose maximum is 1/4 at x = 0."""
    curve = activation_curve("sigmoid")
    fig, ax = new_figure(t, figsize=(6.4, 3.4))
    plot_curve(ax, curve, t("sigmoid σ(x)", "سیگموید σ(x)"), t("derivative σ′(x)", "مشتق σ′(x)"))
    ax.axhline(0.25, color=PALETTE[1], linestyle="--", linewidth=1.0)
    ax.annotate(t("maximum 1/4 at x = 0", "بیشینه‌ی ۱/۴ در x = 0"), xy=(0.0, 0.25), xytext=(1.2, 0.4),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.set_xlabel(t("input x", "ورودی x"))
    ax.set_ylim(-0.05, 1.05)
    legend(ax, t, loc="upper left")
    return fig
