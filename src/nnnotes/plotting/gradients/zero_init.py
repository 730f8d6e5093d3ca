"""Drawing the zero-initialization page (``gradients/zero-init``).

Figure: ``zero-init`` (training from an all-zero, an all-equal and a random
initialization: the loss and the largest difference between hidden units).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.gradients.zero_init import TrainingRun, symmetry_runs
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, new_figure


#: Legend labels of the three starting points of the zero-init figure.
INIT_LABELS = {
    "zeros": ("all zeros", "تماماً صفر"),
    "constant": ("all 0.5", "تماماً ۰٫۵"),
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
    left.set_title(t("training loss (cross-entropy)", "هزینه‌ی آموزش (آنتروپی متقاطع)"))
    right.set_title(t("largest difference between hidden units", "بیشترین اختلاف دو واحد پنهان"))
    for ax in (left, right):
        ax.set_xlabel(t("gradient-descent step", "گام گرادیان کاهشی"))
    legend(left, t, loc="center right")
    return fig
