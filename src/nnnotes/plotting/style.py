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


def new_figure(t: Labels, ncols: int = 1, nrows: int = 1, **kwargs):
    """A figure and its axes, laid out right-to-left for Persian (first panel on the right)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, squeeze=False, **kwargs)
    if t.lang == "fa":
        axes = axes[:, ::-1]
    flat = axes.ravel().tolist()
    return fig, (flat[0] if len(flat) == 1 else flat)


def legend(ax, t: Labels, **kwargs):
    """``ax.legend`` that reads right to left in Persian (label first, then its line)."""
    kwargs.setdefault("frameon", False)
    kwargs.setdefault("markerfirst", t.lang != "fa")
    return ax.legend(**kwargs)
