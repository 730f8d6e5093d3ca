"""Drawing the L1-sparsity page (``regularization/l1-sparsity``).

Figures: ``l1-sparsity`` (final weights of proximal L1, subgradient L1 and
L2), ``l1-path`` (the lasso path) and ``l1-geometry`` (the L1 and L2 balls
against the loss contours).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnnotes.experiments.regularization.l1_sparsity import (
    METHODS,
    SPARSITY_LAMBDA,
    Geometry,
    SparsityExperiment,
    l1_geometry,
    l1_path,
    l1_sparsity,
    sparse_regression,
)
from nnnotes.figures import Labels, figure
from nnnotes.plotting.style import PALETTE, RLM, legend, new_figure, number

#: Seed of the figure (the page's snippets use the same one).
SEED = 0


#: Colour of each method of :data:`~nnnotes.experiments.regularization.l1_sparsity.METHODS`.
METHOD_COLORS = dict(zip(METHODS, PALETTE))


def method_label(t: Labels, method: str) -> str:
    """The legend name of a method of :data:`METHODS`.

    The Persian names start with a right-to-left mark: they begin with a Latin
    word, which would otherwise make the whole label read left to right.
    """
    names = {
        "proximal": t("L1, proximal step", f"{RLM}L1، گام پروکسیمال"),
        "subgradient": t("L1, subgradient step", f"{RLM}L1، گام زیرگرادیان"),
        "l2": t("L2", f"{RLM}L2"),
    }
    return names[method]


def plot_sorted_magnitudes(ax: Axes, w: np.ndarray, label: str, **style) -> Axes:
    """Plot $|w|$ sorted in decreasing order against its rank (1 .. d).

    The y axis is symmetric-log (linear below 1e-3), so exact zeros show at 0
    and tiny non-zero weights stay visible above them.
    """
    mags = np.sort(np.abs(w))[::-1]
    ax.plot(np.arange(1, mags.size + 1), mags, label=label, marker="o", markersize=3, **style)
    ax.set_yscale("symlog", linthresh=1e-3)
    ax.set_ylim(-1e-4, max(10.0, 2.0 * float(mags[0])))
    return ax


def plot_weight_trace(ax: Axes, steps: np.ndarray, values: np.ndarray, label: str, **style) -> Axes:
    """Plot one weight's values against the step numbers (both shape (k,))."""
    ax.plot(steps, values, label=label, marker=".", markersize=4, **style)
    return ax


@figure("l1-sparsity")
def l1_sparsity_figure(t: Labels) -> Figure:
    """Final weights of proximal L1, subgradient L1 and L2, and one irrelevant weight's last steps."""
    exp: SparsityExperiment = l1_sparsity(np.random.default_rng(SEED))
    band = exp.lr * exp.lam
    fig, (ax_w, ax_trace) = new_figure(t, ncols=2, figsize=(7.5, 3.4))
    zeros = exp.zero_counts
    for m in METHODS:
        count = number(t, zeros[m], "d")
        plot_sorted_magnitudes(ax_w, exp.weights[m], t(f"{method_label(t, m)}: {zeros[m]} exact zeros",
                                                        f"{method_label(t, m)}: {count} صفر دقیق"),
                               color=METHOD_COLORS[m])
    ax_w.axhline(band, color="0.4", linestyle=":", linewidth=1.0)
    ax_w.annotate("ηλ", xy=(exp.problem.w_true.size, band), xytext=(0, 3), textcoords="offset points",
                  ha="right", va="bottom", fontsize=9, color="0.3")
    ax_w.set_xlabel(t("rank of the weight", "رتبه‌ی وزن"))
    ax_w.set_ylabel(t("|w|, largest first", f"{RLM}|w|، از بزرگ به کوچک"))
    d, k = exp.problem.w_true.size, int(exp.problem.informative.sum())
    ax_w.set_title(t(f"final weights (d = {d}, {k} informative)",
                     f"وزن‌های نهایی (d = {d}، {number(t, k, 'd')} ویژگی مؤثر)"))
    legend(ax_w, t, loc="upper right", fontsize=8)

    j = int(np.nonzero(~exp.problem.informative)[0][0])
    last = 30
    steps = np.arange(exp.trajectories[METHODS[0]].shape[0])[-last:]
    ax_trace.axhspan(-band, band, color="0.9", linewidth=0)
    for m in METHODS:
        plot_weight_trace(ax_trace, steps, exp.trajectories[m][-last:, j], method_label(t, m),
                          color=METHOD_COLORS[m])
    ax_trace.axhline(0.0, color="0.5", linewidth=0.8)
    ax_trace.set_xlabel(t("step", "گام"))
    ax_trace.set_ylabel(t(f"irrelevant weight w[{j}]", f"وزن بی‌اثر w[{j}]"))
    ax_trace.set_title(t("last steps: the grey band is ±ηλ", "گام‌های آخر: نوار خاکستری ±ηλ است"))
    legend(ax_trace, t, loc="center", bbox_to_anchor=(0.5, 0.4), fontsize=8)
    return fig


def plot_path(ax: Axes, lams: np.ndarray, coefs: np.ndarray, informative: np.ndarray) -> Axes:
    """Coefficients (L, d) against $\\lambda$ (L,), log x axis; informative ones in colour."""
    for k in np.nonzero(~informative)[0]:
        ax.plot(lams, coefs[:, k], color="0.6", linewidth=0.8)
    for i, k in enumerate(np.nonzero(informative)[0]):
        ax.plot(lams, coefs[:, k], color=PALETTE[i % len(PALETTE)], linewidth=1.8)
    ax.set_xscale("log")
    return ax


def plot_nonzero_count(ax: Axes, lams: np.ndarray, coefs: np.ndarray, **style) -> Axes:
    """Number of non-zero coefficients against $\\lambda$, as a step plot."""
    ax.step(lams, np.count_nonzero(coefs, axis=1), where="mid", **style)
    ax.set_xscale("log")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return ax


@figure("l1-path")
def l1_path_figure(t: Labels) -> Figure:
    """The lasso path of the l1-sparsity problem: coefficients and their count vs lambda."""
    problem = sparse_regression(np.random.default_rng(SEED))
    lams, coefs = l1_path(problem.X, problem.y)
    fig, (ax_c, ax_n) = new_figure(t, ncols=2, figsize=(7.5, 3.4))
    plot_path(ax_c, lams, coefs, problem.informative)
    ax_c.set_xlabel(t("penalty λ (log scale)", "ضریب جریمه‌ی λ (مقیاس لگاریتمی)"))
    ax_c.set_ylabel(t("weight", "وزن"))
    k = int(problem.informative.sum())
    irrelevant = problem.informative.size - k
    ax_c.set_title(t(f"coloured: {k} informative, grey: {irrelevant} irrelevant",
                     f"رنگی: {number(t, k, 'd')} وزن مؤثر، خاکستری: {number(t, irrelevant, 'd')} وزن بی‌اثر"))
    plot_nonzero_count(ax_n, lams, coefs, color=PALETTE[0])
    ax_n.axhline(problem.informative.sum(), color="0.5", linestyle=":", linewidth=1.0)
    lam = number(t, SPARSITY_LAMBDA, "g")
    for ax in (ax_c, ax_n):
        ax.axvline(SPARSITY_LAMBDA, color="0.3", linestyle="--", linewidth=1.0,
                   label=t(f"λ = {SPARSITY_LAMBDA:g} of the sparsity figure", f"{RLM}λ = {lam} در نمودار تنک‌بودن"))
    legend(ax_n, t, loc="upper right", fontsize=8)
    ax_n.set_xlabel(t("penalty λ (log scale)", "ضریب جریمه‌ی λ (مقیاس لگاریتمی)"))
    ax_n.set_ylabel(t("non-zero weights", "وزن‌های ناصفر"))
    ax_n.set_title(t("how many weights survive", "چند وزن ناصفر می‌ماند"))
    return fig


def _ball(kind: str, radius: float) -> tuple[np.ndarray, np.ndarray]:
    theta = np.linspace(0.0, 2.0 * np.pi, 401)
    if kind == "l1":
        c, s = np.cos(theta), np.sin(theta)
        scale = radius / (np.abs(c) + np.abs(s))
        return c * scale, s * scale
    return radius * np.cos(theta), radius * np.sin(theta)


def plot_constrained(ax: Axes, geo: Geometry, kind: str, t: Labels) -> Axes:
    """The ball of ``kind`` ("l1" or "l2"), loss contours, and the constrained minimiser."""
    w_opt = geo.w_l1 if kind == "l1" else geo.w_l2
    W1, W2, L = geo.grid
    level = float(geo.loss(w_opt))
    ax.contour(W1, W2, L, levels=level * np.array([0.25, 0.5, 2.0, 3.0]), colors="0.7", linewidths=0.8)
    ax.contour(W1, W2, L, levels=[level], colors=[PALETTE[1]], linewidths=1.6)
    bx, by = _ball(kind, geo.radius)
    ax.fill(bx, by, color=PALETTE[0], alpha=0.15, linewidth=0)
    ax.plot(bx, by, color=PALETTE[0])
    ax.axhline(0.0, color="0.5", linewidth=0.6)
    ax.axvline(0.0, color="0.5", linewidth=0.6)
    ax.plot(*geo.w_star, marker="*", markersize=10, color="black", linestyle="none",
            label=t("unconstrained minimum", "کمینه‌ی بدون قید"))
    ax.plot(*w_opt, marker="o", markersize=7, color=PALETTE[1], linestyle="none",
            label=t("constrained minimum", "کمینه‌ی مقید"))
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return ax


@figure("l1-geometry")
def l1_geometry_figure(t: Labels) -> Figure:
    """Loss contours first touch the L1 ball at a corner (w1 = 0) and the L2 ball off the axes."""
    geo = l1_geometry()
    fig, (ax1, ax2) = new_figure(t, ncols=2, figsize=(7.0, 3.6))
    for ax, kind, w_opt in ((ax1, "l1", geo.w_l1), (ax2, "l2", geo.w_l2)):
        plot_constrained(ax, geo, kind, t)
        ax.annotate(f"w₁ = {w_opt[0]:.2f}", xy=tuple(w_opt), xytext=(-8, 2 if kind == "l1" else -16),
                    textcoords="offset points", ha="right", fontsize=9, color=PALETTE[1],
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        ax.set_xlim(-1.4, 1.6)
        ax.set_ylim(-1.2, 2.3)
    ax1.set_title(t("L1 ball ‖w‖₁ ≤ 1", "گوی L1: ‖w‖₁ ≤ 1"))
    ax2.set_title(t("L2 ball ‖w‖₂ ≤ 1", "گوی L2: ‖w‖₂ ≤ 1"))
    legend(ax1, t, loc="lower left", fontsize=8)
    return fig
