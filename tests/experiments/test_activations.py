"""nnnotes.experiments.activations: activation curves on a grid (home and vanishing-gradients pages)."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.experiments.activations import activation_curve


@pytest.mark.parametrize("name, peak", [("sigmoid", 0.25), ("tanh", 1.0), ("relu", 1.0)])
def test_curves_hold_the_function_and_its_derivative(name, peak):
    curve = activation_curve(name, lo=-2.0, hi=2.0, num=81)
    assert curve.name == name and curve.x.shape == curve.y.shape == curve.dy.shape == (81,)
    assert curve.x[0] == -2.0 and curve.x[-1] == 2.0
    assert curve.dy.max() == pytest.approx(peak)
    # the derivative is the slope of the function (central differences, inside the grid)
    slope = (curve.y[2:] - curve.y[:-2]) / (curve.x[2:] - curve.x[:-2])
    mask = np.abs(curve.x[1:-1]) > 0.1  # away from ReLU's kink
    np.testing.assert_allclose(slope[mask], curve.dy[1:-1][mask], atol=2e-3)


@pytest.mark.parametrize("kwargs, match", [({"name": "softsign"}, "'softsign'"),
                                           ({"name": "relu", "lo": 1.0, "hi": 0.0}, "lo < hi"),
                                           ({"name": "relu", "num": 1}, "num >= 2")])
def test_bad_arguments_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        activation_curve(**kwargs)
