"""Drawing the bias page (``regularization/bias``).

Figure: ``bias-boundary`` (the decision boundaries with the bias free and with
the bias penalised).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.regularization.bias import LogisticFit, bias_penalty
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, new_figure, number

#: Seed of the figure (the page's snippets use the same one).
SEED = 0


def plot_classes(ax: Axes, X: np.ndarray, y: np.ndarray, t: Labels) -> Axes:
    """Scatter the 2-D points ``X`` (n, 2) coloured by their 0/1 label ``y`` (n,)."""
    for label, color, marker in ((0, PALETTE[5], "o"), (1, PALETTE[4], "s")):
        pts = X[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=12, color=color, marker=marker, alpha=0.8,
                   linewidths=0, label=t(f"class {label}", f"کلاس {number(t, label, 'd')}"))
    return ax


def plot_boundary(ax: Axes, fit: LogisticFit, x1: np.ndarray, label: str, **style) -> Axes:
    """Draw the decision boundary of ``fit`` over the abscissae ``x1``."""
    ax.plot(x1, fit.boundary(x1), label=label, **style)
    return ax


def plot_origin(ax: Axes, t: Labels) -> Axes:
    """Mark the origin with a black cross."""
    ax.plot([0.0], [0.0], marker="x", color="black", markersize=8, linestyle="none",
            label=t("origin", "مبدأ"))
    return ax


@figure("bias-boundary")
def bias_boundary(t: Labels) -> Figure:
    """Decision boundaries with the bias free and with the bias penalised."""
    exp = bias_penalty(np.random.default_rng(SEED))
    fig, ax = new_figure(t, figsize=(6.4, 4.2))
    plot_classes(ax, exp.X, exp.y, t)
    x1 = np.linspace(-1.0, 7.0, 2)
    acc_free, acc_pen = (number(t, f.accuracy, ".3f") for f in (exp.free, exp.penalized))
    plot_boundary(ax, exp.free, x1, t(f"bias free (accuracy {acc_free})", f"بایاس آزاد (دقت {acc_free})"),
                  color=PALETTE[0])
    plot_boundary(ax, exp.penalized, x1,
                  t(f"bias penalized (accuracy {acc_pen})", f"بایاس جریمه‌شده (دقت {acc_pen})"),
                  color=PALETTE[1], linestyle="--")
    plot_origin(ax, t)
    ax.set_xlim(-1.0, 7.0)
    ax.set_ylim(-1.0, 8.5)
    ax.set_aspect("equal")
    ax.set_xticks(range(0, 8, 2))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(t(f"L2 penalty λ = {exp.l2:g} on the weights, with or without the bias",
                   f"جریمه‌ی L2 با λ = {number(t, exp.l2, 'g')} روی وزن‌ها، با بایاس یا بدون آن"))
    legend(ax, t, fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig
