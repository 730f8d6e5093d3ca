"""Drawing the softmax cross-entropy page (``gradients/softmax-cross-entropy``).

Figure: ``softmax-gradient-size`` (the size of the true-class entry of the
gradient with respect to the logits, against the true class's logit, for
cross-entropy and for the squared error on the softmax output).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.gradients.softmax_cross_entropy import LogitSweep, true_logit_sweep
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, ltr, new_figure

#: Legend labels of the two losses.
LOSS_LABELS = {
    "cross_entropy": ("cross-entropy", "آنتروپی متقاطع"),
    "squared_error": ("squared error", "مربع خطا"),
}


def plot_logit_sweep(ax: Axes, sweep: LogitSweep, t: Labels) -> Axes:
    """Draw |dL/du_m| of both losses against the true logit; return ``ax``."""
    for (name, label), color in zip(LOSS_LABELS.items(), PALETTE):
        ax.plot(sweep.true_logit, np.abs(getattr(sweep, name)), color=color, label=t(*label))
    ax.set_xlabel(t("logit of the true class, u_m (the others are 0)",
                    "لوجیت کلاس درست، " + ltr("u_m") + " (بقیه صفر)"))
    return ax


@figure("softmax-gradient-size")
def softmax_gradient_size(t: Labels) -> Figure:
    """Cross-entropy pushes hardest when confidently wrong; the squared error stalls there."""
    sweep = true_logit_sweep(np.linspace(-10.0, 10.0, 401), n_classes=3)
    fig, (left, right) = new_figure(t, ncols=2, figsize=(7.5, 3.4))
    plot_logit_sweep(left, sweep, t)
    plot_logit_sweep(right, sweep, t)
    right.set_yscale("log")
    left.set_ylim(0.0, 1.05)
    right.set_ylim(1e-9, 2.0)
    left.set_title(t("|∂L/∂u_m|, linear scale", ltr("|∂L/∂u_m|") + "، مقیاس خطی"))
    right.set_title(t("|∂L/∂u_m|, log scale", ltr("|∂L/∂u_m|") + "، مقیاس لگاریتمی"))
    legend(left, t, loc="center right")
    return fig
