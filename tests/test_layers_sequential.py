"""Tests for nnnotes.layers.sequential: Sequential."""

from __future__ import annotations

import numpy as np
import pytest
from _layers import BATCHES, check_nontrivial

from nnnotes import initializers
from nnnotes.gradcheck import check_layer
from nnnotes.layers import BatchNorm1d, Dense, LayerNorm, LeakyReLU, ReLU, Sequential, Sigmoid, Tanh


@pytest.mark.parametrize("n", BATCHES)
def test_sequential_gradients(n, rng):
    model = Sequential(
        [Dense(4, 6, rng), Tanh(), Dense(6, 5, rng), LayerNorm(5), Sigmoid(),
         Dense(5, 3, rng, init=initializers.he_normal), LeakyReLU(0.2), Dense(3, 2, rng)]
    )
    errs = check_nontrivial(model, rng.standard_normal((n, 4)), rng)
    assert set(errs) == {"X", "0.W", "0.b", "2.W", "2.b", "3.gamma", "3.beta",
                         "5.W", "5.b", "7.W", "7.b"}


def test_sequential_with_batchnorm_gradients(rng):
    model = Sequential([Dense(3, 4, rng), BatchNorm1d(4), ReLU(), Dense(4, 2, rng)])
    X = rng.standard_normal((10, 3))
    errs = check_layer(model, X, rng)
    # The bias before a training-mode batch norm has a zero true gradient:
    # the relative error is round-off over round-off, so check it absolutely.
    assert max(v for k, v in errs.items() if k != "0.b") < 1e-6
    model.forward(X)
    model.backward(rng.standard_normal((10, 2)))
    assert np.max(np.abs(model.grads["0.b"])) < 1e-12


def test_sequential_matches_manual_chain(rng):
    d1, act, d2 = Dense(3, 4, rng), Tanh(), Dense(4, 2, rng)
    model = Sequential([d1, act, d2])
    X = rng.standard_normal((5, 3))
    H = np.tanh(X @ d1.params["W"] + d1.params["b"])
    np.testing.assert_allclose(model.forward(X), H @ d2.params["W"] + d2.params["b"])
    dY = rng.standard_normal((5, 2))
    dX = model.backward(dY)
    dH = (dY @ d2.params["W"].T) * (1 - H**2)
    np.testing.assert_allclose(dX, dH @ d1.params["W"].T)
    np.testing.assert_allclose(model.grads["0.W"], X.T @ dH)
    assert model.params["2.W"] is d2.params["W"]
    assert len(model) == 3 and model[1] is act and list(model) == [d1, act, d2]


def test_sequential_mode_propagates(rng):
    bn = BatchNorm1d(2)
    model = Sequential([Dense(2, 2, rng), Sequential([bn, ReLU()])])
    assert model.eval() is model
    assert model.mode == "eval" and bn.mode == "eval"
    model.train()
    assert bn.mode == "train"
    assert set(model.params) == {"0.W", "0.b", "1.0.gamma", "1.0.beta"}


def test_sequential_rejects_bad_layers():
    with pytest.raises(ValueError, match="at least one layer"):
        Sequential([])
    with pytest.raises(TypeError, match=r"layer 1 \(int\) lacks forward, backward, params, grads"):
        Sequential([ReLU(), 3])


def test_sequential_checks_finiteness_once_and_lets_inner_nans_through(rng):
    """The container rejects a non-finite X or dY; its children do not re-check what it
    passes them, so a NaN made inside the network reaches the output (where the losses
    reject it) instead of stopping at the next layer."""
    dense, tanh = Dense(2, 3, rng), Tanh()
    model = Sequential([dense, tanh])
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match=r"Sequential\(Dense\(2 -> 3\), Tanh\(\)\): X must be finite"):
        model.forward(np.full((4, 2), np.nan))
    dense.params["W"][0, 0] = np.nan
    Y = model.forward(X)
    assert np.isnan(Y[:, 0]).all() and np.isfinite(Y[:, 1:]).all()
    with pytest.raises(ValueError, match=r"Tanh\(\): X must be finite"):
        Tanh().forward(dense.forward(X))  # called directly, the child does check
    with pytest.raises(ValueError, match=r"dY must be finite"):
        model.backward(np.full(Y.shape, np.inf))
    dX = model.backward(np.ones(Y.shape))  # no child raises on the NaN either
    assert np.isnan(dX).all()  # tanh'(NaN) is NaN, and every input feeds unit 0
