"""Drawing the linear-regression page (``gradients/linear-regression``): operation counts and timings.

Figure: ``regression-cost`` (operation counts of the closed form and of
gradient descent); :func:`plot_timings` draws the lab's measured times.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from nnnotes.experiments.gradients.linear_regression import FlopCurves, Timings, flop_curves, loglog_slope
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, legend, new_figure, number


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
