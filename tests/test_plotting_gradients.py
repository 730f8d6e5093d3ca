"""Tests for nnnotes.plotting.gradients and the activation-derivatives figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnnotes.experiments.gradients import flop_curves
from nnnotes.figures import Labels, load_registry
from nnnotes.plotting import gradients as pg
from nnnotes.plotting._style import figure_style

FIGURES = ["regression-cost", "vanishing-gradients", "zero-init", "activation-derivatives"]


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", FIGURES)
def test_figures_draw_labelled_axes(name, lang):
    spec = load_registry()[name]
    with figure_style(lang):
        fig = spec.draw(Labels(lang))
    try:
        assert isinstance(fig, Figure)
        assert all(ax.get_xlabel() for ax in fig.axes)
        assert fig.axes[0].get_ylabel() or all(ax.get_title() for ax in fig.axes)
        assert any(ax.get_legend() is not None for ax in fig.axes)
        text = " ".join([ax.get_xlabel() + ax.get_title() for ax in fig.axes])
        has_persian = any("\u0600" <= ch <= "\u06ff" for ch in text)
        assert has_persian == (lang == "fa")
    finally:
        plt.close(fig)


def test_persian_panels_run_right_to_left():
    """The first panel (vs d) is on the left in English and on the right in Persian."""
    for lang, first in (("en", 0), ("fa", 1)):
        with figure_style(lang):
            fig = load_registry()["regression-cost"].draw(Labels(lang))
        assert "d" in fig.axes[first].get_xlabel()
        plt.close(fig)


def test_number_uses_persian_digits_only_in_persian():
    assert pg.number(Labels("en"), 2.04) == "2.0"
    assert pg.number(Labels("fa"), 2.04) == "۲٫۰"
    assert pg.ltr("‖x‖").startswith("\u2066") and pg.ltr("‖x‖").endswith("\u2069")


def test_plot_flop_curves_draws_one_line_per_solver_and_step_count():
    curves = flop_curves("n", np.array([10, 100, 1000]), fixed=5, n_steps=(1, 10))
    fig, ax = plt.subplots()
    try:
        assert pg.plot_flop_curves(ax, curves, Labels("en")) is ax
        assert len(ax.get_lines()) == 3 and ax.get_xscale() == "log"
    finally:
        plt.close(fig)
