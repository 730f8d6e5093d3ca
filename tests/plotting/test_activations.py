"""nnnotes.plotting.activations: the activation curves and the sigmoid-derivative figure (home and vanishing-gradients pages)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import PERSIAN, draw  # noqa: E402

from nnnotes.experiments.activations import activation_curve  # noqa: E402
from nnnotes.figures import load_registry  # noqa: E402
from nnnotes.plotting.activations import plot_curve  # noqa: E402


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_sigmoid_derivative_draws_labelled_axes(lang):
    assert load_registry()["sigmoid-derivative"].module == "nnnotes.plotting.activations"
    fig = draw("sigmoid-derivative", lang)
    try:
        (ax,) = fig.axes
        assert ax.get_xlabel() and ax.get_legend() is not None
        labels = [ax.get_xlabel()] + [text.get_text() for text in ax.get_legend().get_texts()]
        assert bool(PERSIAN.search(" ".join(labels))) == (lang == "fa")
        # the dashed line marks the derivative's maximum, 1/4
        assert any(list(line.get_ydata()) == [0.25, 0.25] for line in ax.get_lines())
    finally:
        plt.close(fig)


def test_plot_curve_draws_the_function_and_its_derivative():
    curve = activation_curve("tanh", num=11)
    fig, ax = plt.subplots()
    try:
        assert plot_curve(ax, curve, "f", "f'") is ax
        (x, y), (_, dy) = (line.get_data() for line in ax.get_lines()[:2])
        np.testing.assert_array_equal(x, curve.x)
        np.testing.assert_array_equal(y, curve.y)
        np.testing.assert_array_equal(dy, curve.dy)
    finally:
        plt.close(fig)
