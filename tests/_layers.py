"""Helpers shared by the tests of nnnotes.layers (tests/test_layers_*.py)."""

from __future__ import annotations

import numpy as np

from nnnotes.gradcheck import assert_gradients_close

BATCHES = [1, 2, 7, 64]


def away_from_zero(x):
    """Push entries off the ReLU kink so central differences are exact there."""
    return np.sign(x) * (0.05 + np.abs(x))


def check_nontrivial(layer, X, rng):
    """check_layer returns 0 when everything is 0; make sure the check has content."""
    errs = assert_gradients_close(layer, X, rng, tol=1e-6)
    Y = layer.forward(X)
    dX = layer.backward(rng.standard_normal(Y.shape))
    assert np.any(dX != 0)
    for key, g in layer.grads.items():
        assert np.any(g != 0), key
    return errs
