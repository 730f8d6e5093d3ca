"""Every registered figure, in each language, drawn once: what its chapter promises of it.

One parametrised test over the registry (it replaces a redraw test per page). Each
figure is drawn once per language through the renderer itself (`render_svg`, the
code the build runs), the chapter's checks run on that very Figure, and the SVG is
kept for the comparison with the built site (``test_render.py``, a site check), so
that a session draws each figure once.

The checks are the chapter's (``tests/_figure_checks.py``): labelled axes, Persian
text exactly in the Persian figure, and, in regularization, Persian labels that read
right to left. The figure of the shared module ``nnnotes.plotting.activations`` (the home
page's sigmoid) gets its own.
"""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from _figure_checks import (
    RENDERED,
    assert_activations_figure,
    assert_gradients_figure,
    assert_normalization_figure,
    assert_persian_labels_read_right_to_left,
    assert_regularization_figure,
)
from nnnotes.figures import LANGUAGES, load_registry
from nnnotes.figures.render import render_svg

REGISTRY = load_registry()
CHECKS = {
    "gradients": assert_gradients_figure,
    "normalization": assert_normalization_figure,
    "regularization": assert_regularization_figure,
    "activations": assert_activations_figure,  # the shared module nnnotes.plotting.activations
}


def chapter(module: str) -> str:
    """The chapter of ``nnnotes.plotting.<chapter>.<page>``; for a shared ``nnnotes.plotting.<module>``, the module."""
    parts = module.split(".")
    if parts[:2] != ["nnnotes", "plotting"] or len(parts) not in (3, 4):
        raise ValueError(f"figure module {module!r} is not nnnotes.plotting.<chapter>.<page> or a shared plotting module")
    return parts[2]


def test_every_chapter_has_its_checks() -> None:
    chapters = {chapter(spec.module) for spec in REGISTRY.values()}
    assert chapters and chapters <= set(CHECKS), f"figures of chapters without checks: {sorted(chapters - set(CHECKS))}"
    assert set(CHECKS) <= chapters, f"checks for chapters without figures: {sorted(set(CHECKS) - chapters)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_figure(name: str, lang: str) -> None:
    spec = REGISTRY[name]
    part = chapter(spec.module)
    seen: list[Figure] = []

    def inspect(fig: Figure) -> None:
        seen.append(fig)
        CHECKS[part](fig, name, lang)
        if part == "regularization" and lang == "fa":
            assert_persian_labels_read_right_to_left(fig, name)

    svg = render_svg(spec, lang, inspect=inspect)
    assert len(seen) == 1, f"{name}: the checks ran on {len(seen)} figures"
    assert svg.startswith(b"<?xml") and b"<svg" in svg[:1000], f"{name} ({lang}): not an SVG"
    RENDERED[name, lang] = svg
