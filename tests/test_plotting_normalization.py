"""Tests for nnnotes.plotting.normalization: the four figures in both languages, and the drawing helpers."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnnotes.experiments.normalization import SignalStats
from nnnotes.figures import Labels, load_registry
from nnnotes.plotting._style import figure_style
from nnnotes.plotting.normalization import plot_layer_spread, plot_loss_curve

FIGURES = ["init-variance", "init-gradient-variance", "bn-batch-noise", "bn-steps"]
PERSIAN = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", FIGURES)
def test_figure_has_labelled_axes_in_its_language(name, lang):
    with figure_style(lang):
        fig = load_registry()[name].draw(Labels(lang))
    try:
        axes = [ax for ax in fig.axes if ax.has_data()]
        assert axes, f"{name}: no axes with data"
        for ax in axes:
            assert ax.get_xlabel(), f"{name}: an axis without an x label"
        texts = [ax.get_xlabel() for ax in axes] + [ax.get_ylabel() for ax in axes]
        assert bool(PERSIAN.search(" ".join(texts))) == (lang == "fa")
    finally:
        plt.close(fig)


def test_persian_panels_read_right_to_left():
    """tanh is the first panel: on the left in English, on the right in Persian."""
    positions = {}
    for lang in ("en", "fa"):
        with figure_style(lang):
            fig = load_registry()["init-variance"].draw(Labels(lang))
        tanh = next(ax for ax in fig.axes if ax.get_title() == "tanh")
        positions[lang] = tanh.get_position().x0
        plt.close(fig)
    assert positions["en"] < 0.3 < 0.5 < positions["fa"]


def _stats(values):
    values = np.asarray(values, dtype=float)
    return SignalStats("relu", "large", values, values[::-1])


def test_layer_spread_labels_curves_that_leave_the_frame():
    fig, ax = plt.subplots()
    try:
        plot_layer_spread(ax, [_stats([1.0, 10.0, 1e8])], Labels("en"), "act", ylim=(1e-4, 1e4))
        assert ax.get_ylim() == pytest.approx((1e-4, 1e4))
        notes = [child.get_text() for child in ax.texts]
        assert notes == ["$l = 2$: $1.0 \\times 10^{8}$"]
    finally:
        plt.close(fig)


def test_layer_spread_rejects_an_unknown_quantity():
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="'weights'"):
            plot_layer_spread(ax, [_stats([1.0, 1.0])], Labels("en"), "weights")
    finally:
        plt.close(fig)


def test_loss_curve_marks_the_step_reached():
    fig, ax = plt.subplots()
    try:
        plot_loss_curve(ax, np.array([1.0, 0.5, 0.04, 0.01]), 2, "run", "C0")
        assert [t.get_text() for t in ax.texts] == ["2"]
        assert ax.get_yscale() == "log"
    finally:
        plt.close(fig)
