"""The narrow (phone) rendering of the figures: stacked panels, readable text."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from _figure_text import text_sizes  # noqa: E402
from nnnotes.figures import FigureSpec, Labels  # noqa: E402
from nnnotes.figures.render import cache_key, render_svg  # noqa: E402
from nnnotes.plotting.style import (  # noqa: E402
    NARROW_MIN_TEXT,
    NARROW_WIDTH,
    figure_style,
    legend,
    new_figure,
    readable_on_a_phone,
)


def test_labels_take_a_narrow_flag() -> None:
    assert Labels("en").narrow is False and Labels("fa", narrow=True).narrow is True
    with pytest.raises(TypeError, match="narrow must be a bool"):
        Labels("en", narrow="yes")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_narrow_figures_stack_their_panels_in_reading_order(lang: str) -> None:
    with figure_style(lang):
        fig, (first, second, third) = new_figure(Labels(lang, narrow=True), ncols=3, figsize=(9.0, 3.0))
    try:
        fig.canvas.draw()
        boxes = [ax.get_position() for ax in (first, second, third)]
        assert fig.get_figwidth() == NARROW_WIDTH
        assert boxes[0].y0 > boxes[1].y0 > boxes[2].y0, "panels are not stacked top to bottom in order"
        assert max(abs(b.x0 - boxes[0].x0) for b in boxes) < 1e-9, "stacked panels do not share one column"
    finally:
        plt.close(fig)
    # The wide figure keeps its size and its side-by-side panels.
    fig, (first, second) = new_figure(Labels(lang), ncols=2, figsize=(7.5, 3.4))
    try:
        assert tuple(fig.get_size_inches()) == (7.5, 3.4)
        assert first.get_position().y0 == second.get_position().y0
    finally:
        plt.close(fig)


def _crowded(t: Labels):
    fig, (left, right) = new_figure(t, ncols=2, figsize=(7.5, 3.4))
    x = np.geomspace(1e-3, 1e3, 20)
    left.loglog(x, x, label=t("line", "خط"))
    left.annotate(t("small note", "یادداشت کوچک"), (1, 1), fontsize=6)
    right.plot(x, -x, label=t("other", "دیگری"))
    legend(right, t, fontsize=6, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=6)
    return fig


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_readable_on_a_phone_raises_small_text_and_unfolds_legends(lang: str) -> None:
    t = Labels(lang, narrow=True)
    with figure_style(lang):
        fig = _crowded(t)
        readable_on_a_phone(fig, t)
        fig.canvas.draw()
    try:
        left, right = fig.axes
        assert right.get_legend() is None, "the legend beside the axes was not moved under the figure"
        assert len(fig.legends) == 2 and all(box._ncols == 1 for box in fig.legends)
        texts = [text for text in fig.findobj(matplotlib.text.Text) if text.get_text().strip()]
        assert min(text.get_fontsize() for text in texts) >= NARROW_MIN_TEXT
        log_ticks = [label for label in left.yaxis.get_ticklabels() if "^" in label.get_text()]
        assert log_ticks and min(label.get_fontsize() for label in log_ticks) >= NARROW_MIN_TEXT / 0.7
    finally:
        plt.close(fig)


def test_the_narrow_svg_has_no_glyph_below_the_minimum_and_its_own_cache_key() -> None:
    spec = FigureSpec("crowded", _crowded)
    wide_width, wide = text_sizes(render_svg(spec, "en"))
    narrow_width, narrow = text_sizes(render_svg(spec, "en", narrow=True))
    assert min(wide) <= 6 + 1e-6, "the wide rendering lost its small text (the check would be vacuous)"
    assert min(narrow) >= NARROW_MIN_TEXT - 1e-6, f"smallest glyph {min(narrow):.2f} pt"
    assert narrow_width == pytest.approx(NARROW_WIDTH * 72, abs=0.75) and wide_width == pytest.approx(7.5 * 72)
    # Sizes in whole CSS pixels (0.75 pt), so that <img width height> give the exact shape.
    for svg in (render_svg(spec, "en"), render_svg(spec, "en", narrow=True)):
        height = float(svg.split(b'height="')[1].split(b"pt")[0])
        assert (height / 0.75) == pytest.approx(round(height / 0.75), abs=1e-3)
    assert cache_key(spec, "en") != cache_key(spec, "en", narrow=True)
