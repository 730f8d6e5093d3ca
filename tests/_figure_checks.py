"""Checks that every figure of a chapter passes, shared by the page test files (tests/pages/).

Each function draws one registered figure in one language and asserts what
the chapter's figures promise: labelled axes, and Persian text exactly in the
Persian figure (with the chapter's own reading of "labelled").
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


def draw(name: str, lang: str) -> Figure:
    """The registered figure ``name`` drawn in ``lang`` under the site style."""
    with figure_style(lang):
        return load_registry()[name].draw(Labels(lang))


def check_gradients_figure(name: str, lang: str) -> None:
    """Every axis has an x label, the first a y label or every axis a title, one a legend."""
    fig = draw(name, lang)
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


def check_normalization_figure(name: str, lang: str) -> None:
    """Every axis with data has an x label; the axis labels are Persian exactly in Persian."""
    fig = draw(name, lang)
    try:
        axes = [ax for ax in fig.axes if ax.has_data()]
        assert axes, f"{name}: no axes with data"
        for ax in axes:
            assert ax.get_xlabel(), f"{name}: an axis without an x label"
        texts = [ax.get_xlabel() for ax in axes] + [ax.get_ylabel() for ax in axes]
        assert bool(PERSIAN.search(" ".join(texts))) == (lang == "fa")
    finally:
        plt.close(fig)


def texts(fig: Figure) -> list[str]:
    """Axis labels, titles and legend entries of every axis (non-empty ones)."""
    found = []
    for ax in fig.axes:
        found += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
        if ax.get_legend() is not None:
            found += [text.get_text() for text in ax.get_legend().get_texts()]
    return [text for text in found if text]


def check_regularization_figure(name: str, lang: str) -> None:
    """Every axis has an x label; some label is Persian in Persian, none in English."""
    fig = draw(name, lang)
    try:
        for ax in fig.axes:
            assert ax.get_xlabel(), f"{name} ({lang}): an axis without x label"
        persian = [text for text in texts(fig) if any("\u0600" <= ch <= "\u06ff" for ch in text)]
        if lang == "fa":
            assert persian, f"{name}: no Persian label in the Persian figure"
        else:
            assert not persian, f"{name}: Persian text in the English figure: {persian}"
    finally:
        plt.close(fig)


def first_strong_direction(text: str) -> str | None:
    """"R" or "L": the direction of the first strong character (a right-to-left mark counts as R)."""
    for ch in text:
        if ch == RLM:
            return "R"
        kind = unicodedata.bidirectional(ch)
        if kind in ("L", "R", "AL"):
            return "R" if kind in ("R", "AL") else "L"
    return None


def check_persian_labels_read_right_to_left(name: str) -> None:
    """A Persian label whose first strong character is Latin would be laid out left to right."""
    fig = draw(name, "fa")
    persian = [text for text in texts(fig) if any("\u0600" <= ch <= "\u06ff" for ch in text)]
    plt.close(fig)
    wrong = [text for text in persian if first_strong_direction(text) != "R"]
    assert not wrong, f"{name}: Persian labels that would read left to right: {wrong}"
