"""Tests for nnnotes.layers.dense: Dense."""

from __future__ import annotations

import numpy as np
import pytest
from _layers import BATCHES, check_nontrivial

from nnnotes import initializers
from nnnotes.layers import Dense


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("fan_in, fan_out", [(1, 1), (5, 3), (3, 8)])
@pytest.mark.parametrize("bias", [True, False])
def test_dense_gradients(n, fan_in, fan_out, bias, rng):
    layer = Dense(fan_in, fan_out, rng, bias=bias)
    errs = check_nontrivial(layer, rng.standard_normal((n, fan_in)), rng)
    assert set(errs) == ({"X", "W", "b"} if bias else {"X", "W"})


def test_dense_forward_and_params(rng):
    layer = Dense(3, 2, rng, init=initializers.constant(0.5))
    layer.params["b"][:] = [1.0, -1.0]
    X = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(layer.forward(X), X @ np.full((3, 2), 0.5) + [1.0, -1.0])
    assert set(layer.params) == set(layer.grads) == {"W", "b"}
    assert set(Dense(3, 2, rng, bias=False).params) == {"W"}


def test_grads_are_overwritten_in_place(rng):
    layer = Dense(3, 2, rng)
    gW = layer.grads["W"]
    X, dY = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    layer.forward(X)
    layer.backward(dY)
    first = gW.copy()
    layer.backward(dY)
    assert layer.grads["W"] is gW
    np.testing.assert_allclose(gW, X.T @ dY)
    np.testing.assert_array_equal(gW, first)  # not accumulated


def test_dense_bad_init(rng):
    with pytest.raises(ValueError, match=r"Dense\(3 -> 2\): init returned shape \(2, 3\)"):
        Dense(3, 2, rng, init=lambda i, o, r: np.zeros((o, i)))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        Dense(3, 2, rng=None)
