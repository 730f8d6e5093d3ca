"""Tests for nnnotes.plotting.regularization: the chapter's figures in both languages."""

from __future__ import annotations

import unicodedata

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnnotes.figures import Labels, load_registry  # noqa: E402
from nnnotes.plotting._style import RLM, figure_style, new_figure  # noqa: E402
from nnnotes.plotting.regularization import plot_nonzero_count, plot_sorted_magnitudes  # noqa: E402

FIGURES = ("bias-boundary", "l1-sparsity", "l1-path", "l1-geometry", "noise-ridge")
REGISTRY = load_registry()


def _texts(fig) -> list[str]:
    found = []
    for ax in fig.axes:
        found += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
        if ax.get_legend() is not None:
            found += [text.get_text() for text in ax.get_legend().get_texts()]
    return [text for text in found if text]


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_registered_from_this_chapter(name: str) -> None:
    assert REGISTRY[name].module == "nnnotes.plotting.regularization"


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", FIGURES)
def test_figure_has_labelled_axes_in_its_language(name: str, lang: str) -> None:
    with figure_style(lang):
        fig = REGISTRY[name].draw(Labels(lang))
    try:
        for ax in fig.axes:
            assert ax.get_xlabel(), f"{name} ({lang}): an axis without x label"
        texts = _texts(fig)
        persian = [text for text in texts if any("\u0600" <= ch <= "\u06ff" for ch in text)]
        if lang == "fa":
            assert persian, f"{name}: no Persian label in the Persian figure"
        else:
            assert not persian, f"{name}: Persian text in the English figure: {persian}"
    finally:
        plt.close(fig)


def test_sparsity_legend_states_the_zero_counts() -> None:
    with figure_style("en"):
        fig = REGISTRY["l1-sparsity"].draw(Labels("en"))
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
    assert legend == [
        "L1, proximal step: 45 exact zeros",
        "L1, subgradient step: 0 exact zeros",
        "L2: 0 exact zeros",
    ]


def test_persian_figures_put_the_first_panel_on_the_right() -> None:
    with figure_style("fa"):
        fig = REGISTRY["l1-sparsity"].draw(Labels("fa"))
    weights_panel = next(ax for ax in fig.axes if ax.get_yscale() == "symlog")
    trace_panel = next(ax for ax in fig.axes if ax is not weights_panel)
    assert weights_panel.get_position().x0 > trace_panel.get_position().x0
    plt.close(fig)


def _first_strong_direction(text: str) -> str | None:
    for ch in text:
        if ch == RLM:
            return "R"
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL"):
            return "R" if kind in ("R", "AL") else "L"
    return None


@pytest.mark.parametrize("name", FIGURES)
def test_persian_labels_read_right_to_left(name: str) -> None:
    """A Persian label whose first strong character is Latin would be laid out left to right."""
    with figure_style("fa"):
        fig = REGISTRY[name].draw(Labels("fa"))
    persian = [text for text in _texts(fig) if any("\u0600" <= ch <= "\u06ff" for ch in text)]
    plt.close(fig)
    wrong = [text for text in persian if _first_strong_direction(text) != "R"]
    assert not wrong, f"{name}: Persian labels that would read left to right: {wrong}"


def test_plot_helpers_draw_on_the_given_axes() -> None:
    t = Labels("en")
    with figure_style("en"):
        fig, ax = new_figure(t)
        assert plot_sorted_magnitudes(ax, np.array([0.0, -2.0, 0.5]), "w") is ax
        x, y = ax.lines[0].get_data()
        np.testing.assert_array_equal(y, [2.0, 0.5, 0.0])
        np.testing.assert_array_equal(x, [1, 2, 3])
        fig2, ax2 = new_figure(t)
        plot_nonzero_count(ax2, np.array([1.0, 0.1]), np.array([[0.0, 0.0], [1.0, 0.0]]))
        np.testing.assert_array_equal(ax2.lines[0].get_ydata(), [0, 1])
    plt.close(fig)
    plt.close(fig2)
