"""Tests for nnnotes.layers.norm: BatchNorm1d and LayerNorm."""

from __future__ import annotations

import numpy as np
import pytest
from _layers import BATCHES, check_nontrivial
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnnotes.layers import BatchNorm1d, LayerNorm


def norm_eps(size):
    """Normalising over 2 values gives +-sqrt(var / (var + eps)) ~ +-1 whatever X is,
    so dL/dX is O(eps) and a relative check at eps=1e-5 measures round-off only;
    a large eps keeps the gradient O(1) and the closed-form check meaningful."""
    return 1.0 if size == 2 else 1e-5


@pytest.mark.parametrize("n", [2, 3, 7, 64])
@pytest.mark.parametrize("d", [1, 4])
def test_batchnorm_gradients_train(n, d, rng):
    bn = BatchNorm1d(d, eps=norm_eps(n))
    bn.params["gamma"][:] = rng.uniform(0.5, 2.0, d)
    bn.params["beta"][:] = rng.standard_normal(d)
    X = rng.standard_normal((n, d)) * 3 + 1
    assert set(check_nontrivial(bn, X, rng)) == {"X", "gamma", "beta"}


@pytest.mark.parametrize("n", BATCHES)
def test_batchnorm_gradients_eval(n, rng):
    bn = BatchNorm1d(4)
    bn.forward(rng.standard_normal((16, 4)) * 2 + 3)  # non-trivial running stats
    bn.eval()
    bn.params["gamma"][:] = rng.uniform(0.5, 2.0, 4)
    check_nontrivial(bn, rng.standard_normal((n, 4)), rng)


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("d", [2, 5])
def test_layernorm_gradients(n, d, rng):
    ln = LayerNorm(d, eps=norm_eps(d))
    ln.params["gamma"][:] = rng.uniform(0.5, 2.0, d)
    ln.params["beta"][:] = rng.standard_normal(d)
    assert set(check_nontrivial(ln, rng.standard_normal((n, d)) * 2, rng)) == {"X", "gamma", "beta"}


@settings(max_examples=40, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 32), st.integers(1, 5)),
        elements=st.floats(-100, 100, allow_nan=False),
    )
)
def test_batchnorm_train_output_is_standardised(X):
    var = X.var(axis=0)
    assume(np.all(var > 1e-2))
    bn = BatchNorm1d(X.shape[1])
    Y = bn.forward(X)
    np.testing.assert_allclose(Y.mean(axis=0), 0.0, atol=1e-9)
    expected = var / (var + bn.eps)  # ~1, exactly 1 only for eps = 0
    np.testing.assert_allclose(Y.var(axis=0), expected, rtol=1e-9)
    assert np.all(np.abs(Y.var(axis=0) - 1) < 1e-3)


def test_batchnorm_running_stats_update(rng):
    bn = BatchNorm1d(3, momentum=0.2)
    np.testing.assert_array_equal(bn.running_mean, 0.0)
    np.testing.assert_array_equal(bn.running_var, 1.0)
    rm, rv = np.zeros(3), np.ones(3)
    for _ in range(3):
        X = rng.standard_normal((8, 3)) * [1.0, 2.0, 3.0] + [0.0, 1.0, -2.0]
        bn.forward(X)
        rm = 0.8 * rm + 0.2 * X.mean(axis=0)
        rv = 0.8 * rv + 0.2 * X.var(axis=0, ddof=1)  # unbiased
        np.testing.assert_allclose(bn.running_mean, rm, rtol=1e-13)
        np.testing.assert_allclose(bn.running_var, rv, rtol=1e-13)


def test_batchnorm_train_uses_biased_variance(rng):
    X = rng.standard_normal((4, 2))
    bn = BatchNorm1d(2, eps=1e-5)
    expected = (X - X.mean(0)) / np.sqrt(X.var(0) + 1e-5)  # np.var is biased (ddof=0)
    np.testing.assert_allclose(bn.forward(X), expected, rtol=1e-12)


def test_batchnorm_eval_uses_running_stats(rng):
    bn = BatchNorm1d(2)
    bn.forward(rng.standard_normal((20, 2)) + 5)
    rm, rv = bn.running_mean.copy(), bn.running_var.copy()
    bn.params["gamma"][:] = [2.0, 0.5]
    bn.params["beta"][:] = [1.0, -1.0]
    bn.eval()
    X = rng.standard_normal((1, 2))
    expected = (X - rm) / np.sqrt(rv + bn.eps) * [2.0, 0.5] + [1.0, -1.0]
    np.testing.assert_allclose(bn.forward(X), expected, rtol=1e-13)
    np.testing.assert_array_equal(bn.running_mean, rm)  # not updated in eval mode
    np.testing.assert_array_equal(bn.running_var, rv)


def test_batchnorm_batch_of_one_in_train_mode(rng):
    bn = BatchNorm1d(3)
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3\): expected more than 1 sample.*\(1, 3\)"):
        bn.forward(rng.standard_normal((1, 3)))
    np.testing.assert_array_equal(bn.running_var, 1.0)  # untouched by the failed call


def test_batchnorm_argument_checks():
    with pytest.raises(ValueError, match=r"momentum must be <= 1.0, got 1.5"):
        BatchNorm1d(3, momentum=1.5)
    with pytest.raises(ValueError, match=r"eps must be > 0.0, got 0.0"):
        BatchNorm1d(3, eps=0.0)
    with pytest.raises(ValueError, match=r"num_features must be >= 1, got 0"):
        LayerNorm(0)


def test_layernorm_normalises_each_sample(rng):
    X = rng.standard_normal((5, 8)) * np.arange(1, 6)[:, None] + np.arange(5)[:, None]
    ln = LayerNorm(8, eps=1e-12)
    Y = ln.forward(X)
    np.testing.assert_allclose(Y.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Y.var(axis=1), 1.0, rtol=1e-9)
    # each row depends only on itself, so a batch of one gives the same row
    np.testing.assert_allclose(ln.forward(X[2:3]), Y[2:3], rtol=1e-14)
    np.testing.assert_array_equal(ln.eval().forward(X), Y)
