"""The look shared by every site figure, applied only inside :func:`figure_style`.

Public: the plotting modules, the labs and the tests draw with these helpers
(:func:`new_figure`, :func:`legend`, :func:`number`, :func:`ltr`, :data:`PALETTE`),
and :mod:`nnnotes.figures.render` renders every figure inside :func:`figure_style`.
It imports the registry (:mod:`nnnotes.figures`) for ``Labels`` and the font,
never the renderer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
from matplotlib import font_manager

from nnnotes.figures import FONT_PATH, Labels

#: Colour-blind-safe palette (Okabe and Ito), in the order series are drawn.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

_FA_DIGITS = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")
#: Bidi controls: a left-to-right isolate keeps a formula intact inside Persian text,
#: and a right-to-left mark makes a Persian label that starts with a Latin word read right to left.
LRI, PDI, RLM = "\u2066", "\u2069", "\u200f"

_registered = False


def ltr(text: str) -> str:
    """`text` (a formula) isolated left to right, for use inside a Persian label."""
    return f"{LRI}{text}{PDI}"


def number(t: Labels, value: float, fmt: str = ".1f") -> str:
    """``value`` formatted with `fmt`, in Persian digits for the Persian figure."""
    text = format(value, fmt)
    return text.translate(_FA_DIGITS) if t.lang == "fa" else text


def _register_font() -> None:
    global _registered
    if not _registered:
        font_manager.fontManager.addfont(str(FONT_PATH))
        _registered = True


def rc_params(lang: str) -> dict[str, object]:
    """matplotlib settings of the site figures for ``lang`` ("fa" or "en")."""
    Labels(lang)  # validates the language
    family = ["Vazirmatn", "DejaVu Sans"] if lang == "fa" else ["DejaVu Sans"]
    return {
        "font.family": family,
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "lines.linewidth": 1.8,
        # An opaque white background keeps figures legible on the dark palette.
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.figsize": (6.4, 3.6),
        "figure.constrained_layout.use": True,
        # Determinism: fixed ids in the SVG, text as paths (no font needed by the reader).
        "svg.hashsalt": "nnnotes",
        "svg.fonttype": "path",
        "path.simplify": True,
    }


@contextmanager
def figure_style(lang: str) -> Iterator[None]:
    """Apply the site style for ``lang`` for the duration of the block."""
    _register_font()
    with matplotlib.rc_context(rc_params(lang)):
        yield


#: Width of the narrow (phone) rendering, in inches: 259 pt, 346 CSS px, shown unscaled
#: in the 358 px content column of a 390 px wide phone.
NARROW_WIDTH = 3.6
#: Height of one panel in the narrow rendering (inches), whatever its wide shape.
NARROW_PANEL_HEIGHT = (2.6, 3.2)
#: Smallest glyph of the narrow rendering, in points: 8 pt on a 346 px wide figure
#: is 10.7 CSS px at full size, still 10 px on a 360 px wide phone.
NARROW_MIN_TEXT = 8.0
#: matplotlib draws sub- and superscripts (``10^{-5}`` on log axes) at 0.7 of the text size.
_SCRIPT_SHRINK = 0.7


def new_figure(t: Labels, ncols: int = 1, nrows: int = 1, **kwargs):
    """A figure and its axes, laid out right-to-left for Persian (first panel on the right).

    For the narrow rendering (``t.narrow``) the panels are stacked top to bottom, in
    reading order, in a figure :data:`NARROW_WIDTH` inches wide (``figsize`` gives only
    the wide figure's size).
    """
    import matplotlib.pyplot as plt

    if getattr(t, "narrow", False):
        width, height = kwargs.pop("figsize", matplotlib.rcParams["figure.figsize"])
        panel = height / nrows * NARROW_WIDTH / (width / ncols)
        low, high = NARROW_PANEL_HEIGHT
        count = nrows * ncols
        fig, axes = plt.subplots(count, 1, squeeze=False, figsize=(NARROW_WIDTH, count * min(max(panel, low), high)), **kwargs)
        flat = axes.ravel().tolist()
        return fig, (flat[0] if count == 1 else flat)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False, **kwargs)
    if t.lang == "fa":
        axes = axes[:, ::-1]
    flat = axes.ravel().tolist()
    return fig, (flat[0] if len(flat) == 1 else flat)


def _smallest_size(content: str) -> float:
    if "$" in content and ("^" in content or "_" in content):
        return NARROW_MIN_TEXT / _SCRIPT_SHRINK
    return NARROW_MIN_TEXT


def readable_on_a_phone(fig, t: Labels) -> None:
    """Fit the narrow rendering of ``fig`` to a phone's column, with readable text.

    Every text is raised to :data:`NARROW_MIN_TEXT` (a text with a sub- or superscript,
    such as the ``10^{-5}`` of log-axis ticks, enough for its scripts to reach it);
    figure legends get one column; a legend placed beside its axes moves under the
    figure; titles wrap. The renderer calls it on the narrow rendering, after the
    figure function and before saving.
    """
    from matplotlib.text import Text

    def one_column(box, loc: str) -> None:
        # A legend's layout is made when it is created: make it again, one entry per line.
        texts = box.get_texts()
        fig.legend(box.legend_handles, [text.get_text() for text in texts], loc=loc, ncols=1,
                   frameon=box.get_frame_on(), fontsize=texts[0].get_fontsize() if texts else None,
                   markerfirst=t.lang != "fa")
        box.remove()
        # Room for the lines the legend gains below the axes.
        fig.set_figheight(fig.get_figheight() + 1.5 * len(texts) * max(texts[0].get_fontsize(), NARROW_MIN_TEXT) / 72)

    for ax in fig.axes:
        box = ax.get_legend()
        anchor = box.get_bbox_to_anchor().transformed(ax.transAxes.inverted()) if box is not None else None
        if anchor is not None and (anchor.x0 >= 1 or anchor.x1 <= 0):  # beside the axes: under the figure
            one_column(box, "outside lower center")
        ax.title.set_wrap(True)
    for box in list(fig.legends):
        if getattr(box, "_ncols", 1) > 1:
            one_column(box, "outside upper center" if getattr(box, "_outside_loc", None) == "upper" else "outside lower center")
    if fig._suptitle is not None:
        fig._suptitle.set_wrap(True)
    fig.canvas.draw()  # makes the tick labels
    ticks = set()
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = [label for label in axis.get_ticklabels(which="both") if label.get_text().strip()]
            ticks.update(map(id, axis.get_ticklabels(which="both")))
            if labels:
                needed = max(_smallest_size(label.get_text()) for label in labels)
                if min(label.get_fontsize() for label in labels) < needed:
                    ax.tick_params(axis=name, which="both", labelsize=needed)
    for text in fig.findobj(Text):
        if id(text) in ticks or not text.get_text().strip():
            continue
        needed = _smallest_size(text.get_text())
        if text.get_fontsize() < needed:
            text.set_fontsize(needed)


def legend(ax, t: Labels, **kwargs):
    """``ax.legend`` that reads right to left in Persian (label first, then its line)."""
    kwargs.setdefault("frameon", False)
    kwargs.setdefault("markerfirst", t.lang != "fa")
    return ax.legend(**kwargs)
