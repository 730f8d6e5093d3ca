"""Drawing the input-noise page (``regularization/input-noise``).

Figure: ``noise-ridge`` (gradient descent on noised inputs approaches the
ridge solution with lambda = sigma^2).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.regularization.input_noise import NoiseRidgeExperiment, noise_vs_ridge
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, new_figure, number

#: Seed of the figure (the page's snippets use the same one).
SEED = 0


def plot_distance(ax: Axes, distance: np.ndarray, label: str, **style) -> Axes:
    """A distance per step (shape (n_steps + 1,)) against the step number, log y axis."""
    ax.plot(np.arange(distance.size), distance, label=label, **style)
    ax.set_yscale("log")
    return ax


@figure("noise-ridge")
def noise_ridge(t: Labels) -> Figure:
    """Gradient descent on noised inputs approaches the ridge solution with lambda = sigma^2."""
    exp: NoiseRidgeExperiment = noise_vs_ridge(np.random.default_rng(SEED))
    fig, ax = new_figure(t)
    plot_distance(ax, exp.distance("ridge", averaged=False),
                  t("each iterate to ridge", "وزن‌های هر گام تا جواب ستیغی"), color=PALETTE[5], linewidth=1.0)
    plot_distance(ax, exp.distance("ridge"), t("averaged iterate to ridge", "میانگین وزن‌ها تا جواب ستیغی"),
                  color=PALETTE[0])
    plot_distance(ax, exp.distance("ols"), t("averaged iterate to least squares (no penalty)",
                                             "میانگین وزن‌ها تا کمترین مربعات (بدون جریمه)"),
                  color=PALETTE[1], linestyle="--")
    ax.axvline(exp.burn_in, color="0.5", linestyle=":", linewidth=1.0)
    ax.annotate(t("averaging starts", "شروع میانگین‌گیری"), xy=(exp.burn_in, 1.0), xytext=(4, 0),
                textcoords="offset points", fontsize=8, color="0.3")
    sigma, lam = number(t, exp.sigma, "g"), number(t, exp.sigma**2, "g")
    ax.set_title(t(f"input noise σ = {sigma}, ridge λ = σ² = {lam}",
                   f"نویز ورودی σ = {sigma}، رگرسیون ستیغی با λ = σ² = {lam}"))
    ax.set_xlabel(t("gradient step", "گام گرادیان"))
    ax.set_ylabel(t("Euclidean distance", "فاصله‌ی اقلیدسی"))
    legend(ax, t, loc="center right", bbox_to_anchor=(1.0, 0.64), fontsize=8)
    return fig
