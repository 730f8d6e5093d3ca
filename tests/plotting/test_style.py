"""nnnotes.plotting.style: the look of every figure, public to the plotting modules, the labs and the tests."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnnotes.figures import Labels  # noqa: E402
from nnnotes.plotting import style  # noqa: E402
from nnnotes.plotting.style import PALETTE, figure_style, legend, ltr, new_figure, number, rc_params  # noqa: E402


def test_number_uses_persian_digits_only_in_persian():
    assert number(Labels("en"), 2.04) == "2.0"
    assert number(Labels("fa"), 2.04) == "۲٫۰"
    assert ltr("‖x‖").startswith("\u2066") and ltr("‖x‖").endswith("\u2069")


def test_rc_params_pick_the_font_of_the_language_and_fix_the_svg_ids():
    assert rc_params("fa")["font.family"][0] == "Vazirmatn"
    assert rc_params("en")["font.family"] == ["DejaVu Sans"]
    assert rc_params("en")["svg.hashsalt"] == "nnnotes"
    with pytest.raises(ValueError, match="'de'"):
        rc_params("de")


def test_figure_style_applies_only_inside_the_block():
    before = matplotlib.rcParams["svg.hashsalt"]
    with figure_style("fa"):
        assert matplotlib.rcParams["svg.hashsalt"] == "nnnotes"
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == list(PALETTE)
    assert matplotlib.rcParams["svg.hashsalt"] == before


def test_new_figure_puts_the_first_panel_on_the_right_in_persian():
    for lang, first_is_left in (("en", True), ("fa", False)):
        fig, (first, second) = new_figure(Labels(lang), ncols=2)
        try:
            assert (first.get_position().x0 < second.get_position().x0) == first_is_left
        finally:
            plt.close(fig)
    fig, ax = new_figure(Labels("en"))
    assert not isinstance(ax, list)
    plt.close(fig)


def test_legend_puts_the_marker_after_the_label_in_persian():
    for lang, marker_first in (("en", True), ("fa", False)):
        fig, ax = new_figure(Labels(lang))
        ax.plot([0, 1], [0, 1], label="x")
        box = legend(ax, Labels(lang))
        try:
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            text = box.get_texts()[0].get_window_extent(renderer)
            marker = box.get_lines()[0].get_window_extent(renderer)
            assert (marker.x0 < text.x0) == marker_first
            assert box.get_frame_on() is False
        finally:
            plt.close(fig)


def test_the_style_does_not_import_the_renderer():
    """No import circle: the style imports the registry, the renderer imports the style."""
    source = open(style.__file__, encoding="utf-8").read()
    assert "nnnotes.figures.render" not in source.replace("`nnnotes.figures.render`", "")
    assert "from nnnotes.figures import" in source
