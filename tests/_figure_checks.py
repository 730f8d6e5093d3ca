"""Checks that every figure of a chapter passes.

``assert_<chapter>_figure(fig, name, lang)`` asserts, on a drawn Figure, what the
chapter's figures promise: labelled axes, and Persian text exactly in the Persian
figure (with the chapter's own reading of "labelled"). ``tests/test_figures.py``
runs them once per registered figure and language, on the very Figure it renders
to SVG; the ``check_*`` wrappers (draw, assert, close) are for a single figure.
"""

from __future__ import annotations

import re
import unicodedata

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnnotes.figures import Labels, load_registry  # noqa: E402
from nnnotes.plotting.style import RLM, figure_style  # noqa: E402

PERSIAN = re.compile("[\u0600-\u06ff]")
#: (name, lang) -> the SVG that tests/figures/test_figures.py rendered (and checked) in this session;
#: the comparison with the built site (tests/figures/test_render.py) takes it instead of drawing again.
RENDERED: dict[tuple[str, str], bytes] = {}


def draw(name: str, lang: str) -> Figure:
    """The registered figure ``name`` drawn in ``lang`` under the site style."""
    with figure_style(lang):
        return load_registry()[name].draw(Labels(lang))


def assert_gradients_figure(fig: Figure, name: str, lang: str) -> None:
    """Every axis has an x label, the first a y label or every axis a title, one a legend."""
    assert isinstance(fig, Figure), f"{name}: draw returned {type(fig).__name__}, not a Figure"
    assert all(ax.get_xlabel() for ax in fig.axes), f"{name} ({lang}): an axis without an x label"
    assert fig.axes[0].get_ylabel() or all(ax.get_title() for ax in fig.axes), f"{name} ({lang}): no y label, untitled axes"
    assert any(ax.get_legend() is not None for ax in fig.axes), f"{name} ({lang}): no legend"
    text = " ".join([ax.get_xlabel() + ax.get_title() for ax in fig.axes])
    has_persian = any("\u0600" <= ch <= "\u06ff" for ch in text)
    assert has_persian == (lang == "fa"), f"{name} ({lang}): Persian in labels and titles: {has_persian}"


def check_gradients_figure(name: str, lang: str) -> None:
    _check(assert_gradients_figure, name, lang)


def _check(check, name: str, lang: str) -> None:
    fig = draw(name, lang)
    try:
        check(fig, name, lang)
    finally:
        plt.close(fig)


def assert_normalization_figure(fig: Figure, name: str, lang: str) -> None:
    """Every axis with data has an x label; the axis labels are Persian exactly in Persian."""
    axes = [ax for ax in fig.axes if ax.has_data()]
    assert axes, f"{name}: no axes with data"
    for ax in axes:
        assert ax.get_xlabel(), f"{name}: an axis without an x label"
    texts = [ax.get_xlabel() for ax in axes] + [ax.get_ylabel() for ax in axes]
    assert bool(PERSIAN.search(" ".join(texts))) == (lang == "fa"), f"{name} ({lang}): axis labels {texts}"


def check_normalization_figure(name: str, lang: str) -> None:
    _check(assert_normalization_figure, name, lang)


def texts(fig: Figure) -> list[str]:
    """Axis labels, titles and legend entries of every axis (non-empty ones)."""
    found = []
    for ax in fig.axes:
        found += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
        if ax.get_legend() is not None:
            found += [text.get_text() for text in ax.get_legend().get_texts()]
    return [text for text in found if text]


def assert_regularization_figure(fig: Figure, name: str, lang: str) -> None:
    """Every axis has an x label; some label is Persian in Persian, none in English."""
    for ax in fig.axes:
        assert ax.get_xlabel(), f"{name} ({lang}): an axis without x label"
    persian = [text for text in texts(fig) if any("\u0600" <= ch <= "\u06ff" for ch in text)]
    if lang == "fa":
        assert persian, f"{name}: no Persian label in the Persian figure"
    else:
        assert not persian, f"{name}: Persian text in the English figure: {persian}"


def check_regularization_figure(name: str, lang: str) -> None:
    _check(assert_regularization_figure, name, lang)


def first_strong_direction(text: str) -> str | None:
    """"R" or "L": the direction of the first strong character (a right-to-left mark counts as R)."""
    for ch in text:
        if ch == RLM:
            return "R"
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL"):
            return "R" if kind in ("R", "AL") else "L"
    return None


def assert_persian_labels_read_right_to_left(fig: Figure, name: str) -> None:
    """A Persian label whose first strong character is Latin would be laid out left to right."""
    persian = [text for text in texts(fig) if any("\u0600" <= ch <= "\u06ff" for ch in text)]
    wrong = [text for text in persian if first_strong_direction(text) != "R"]
    assert not wrong, f"{name}: Persian labels that would read left to right: {wrong}"


def check_persian_labels_read_right_to_left(name: str) -> None:
    _check(lambda fig, name, lang: assert_persian_labels_read_right_to_left(fig, name), name, "fa")


def assert_activations_figure(fig: Figure, name: str, lang: str) -> None:
    """The shared sigmoid figure (home and vanishing gradients): one labelled axis with a legend,
    Persian exactly in Persian, and the dashed line at the derivative's maximum, 1/4."""
    (ax,) = fig.axes
    assert ax.get_xlabel() and ax.get_legend() is not None, f"{name} ({lang}): no x label or no legend"
    labels = [ax.get_xlabel()] + [text.get_text() for text in ax.get_legend().get_texts()]
    assert bool(PERSIAN.search(" ".join(labels))) == (lang == "fa"), f"{name} ({lang}): labels {labels}"
    assert any(list(line.get_ydata()) == [0.25, 0.25] for line in ax.get_lines()), f"{name}: no line at 1/4"
