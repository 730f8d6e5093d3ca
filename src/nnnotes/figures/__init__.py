"""The site's figures: the registry that the plotting modules fill.

A figure is a function of one argument, a `Labels` object that picks the
English or the Persian label, returning a matplotlib ``Figure``. It gets its
data from `nnnotes.experiments` and draws it with `nnnotes.plotting`.
Registering it with `figure` is all the site needs:

    @figure("sigmoid-derivative")
    def sigmoid_derivative(t: Labels) -> Figure:
        fig, ax = new_figure(t)
        ...
        ax.set_xlabel(t("input x", "ورودی x"))
        return fig

This module holds only the registry and imports no matplotlib, so that the
plotting modules (and `nnnotes.plotting.style`) can import it while the
renderer, [`nnnotes.figures.render`][nnnotes.figures.render], imports them. The command
``python -m nnnotes.figures OUT`` (`nnnotes.figures.__main__`) renders
every figure as ``OUT/<lang>/<name>.svg``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is an optional dependency (the ``plot`` extra)
    from matplotlib.figure import Figure

__all__ = ["LANGUAGES", "FONT_PATH", "Labels", "FigureSpec", "REGISTRY", "figure", "load_registry"]

LANGUAGES = ("fa", "en")
"""The languages every figure is drawn in: the site's two, Persian (the default) first; [`Labels`][nnnotes.figures.Labels] accepts only these."""
FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "Vazirmatn-Regular.ttf"
"""The font of the Persian labels (drawn as paths, so readers need no font)."""
#: The package whose ``plotting`` subpackage defines the figures.
_PLOTTING = f"{__name__.rpartition('.')[0]}.plotting"


class Labels:
    """Pick the label of the figure's language: ``t("loss", "تابع هزینه")``.

    ``narrow=True`` asks for the phone rendering of the figure (``<name>.narrow.svg``):
    `nnnotes.plotting.style.new_figure` then stacks the panels in one narrow
    column. A figure function needs to do nothing else for it.
    """

    def __init__(self, lang: str, narrow: bool = False) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        if not isinstance(narrow, bool):
            raise TypeError(f"narrow must be a bool, got {type(narrow).__name__}")
        self.lang = lang
        self.narrow = narrow

    def __call__(self, en: str, fa: str) -> str:
        return fa if self.lang == "fa" else en


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its stable name and the function that draws it."""

    name: str
    draw: Callable[[Labels], Figure]

    @property
    def module(self) -> str:
        return self.draw.__module__


REGISTRY: dict[str, FigureSpec] = {}
"""Every figure registered so far, by name: [`figure`][nnnotes.figures.figure] adds each one as its plotting
module is imported; [`load_registry`][nnnotes.figures.load_registry] imports them all and returns a sorted copy."""


def figure(name: str) -> Callable[[Callable[[Labels], Figure]], Callable[[Labels], Figure]]:
    """Register ``draw`` as the site figure ``name`` (lowercase words and hyphens)."""
    if not name or not all(part.isalnum() and part.islower() or part.isdigit() for part in name.split("-")):
        raise ValueError(f"figure name {name!r} must be lowercase words joined by hyphens")

    def register(draw: Callable[[Labels], Figure]) -> Callable[[Labels], Figure]:
        existing = REGISTRY.get(name)
        if existing is not None and existing.module != draw.__module__:
            raise ValueError(f"figure {name!r} is registered twice ({existing.module}, {draw.__module__})")
        REGISTRY[name] = FigureSpec(name, draw)
        return draw

    return register


def load_registry() -> dict[str, FigureSpec]:
    """Import every plotting module (which registers its figures) and return the registry, sorted by name."""
    importlib.import_module(_PLOTTING)
    return dict(sorted(REGISTRY.items()))
