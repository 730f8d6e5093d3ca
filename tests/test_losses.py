"""Tests for nnnotes.losses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnnotes import losses as L
from nnnotes.gradcheck import numerical_gradient, relative_error

BATCHES = [1, 2, 7, 64]


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("k", [None, 1, 3])
def test_mse_value_and_grad(n, k, rng):
    shape = (n,) if k is None else (n, k)
    t, p = rng.standard_normal(shape), rng.standard_normal(shape)
    assert L.mse(t, p) == pytest.approx(np.sum((p - t) ** 2) / n, rel=1e-13)
    num = numerical_gradient(lambda q: L.mse(t, q), p)
    assert relative_error(L.mse_grad(t, p), num) < 1e-6


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("c", [1, 2, 10])
def test_cross_entropy_value_and_grad(n, c, rng):
    z = rng.standard_normal((n, c)) * 3
    y = rng.integers(0, c, size=n)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert L.cross_entropy(y, z) == pytest.approx(-np.mean(np.log(p[np.arange(n), y])), rel=1e-12)
    num = numerical_gradient(lambda q: L.cross_entropy(y, q), z)
    assert relative_error(L.cross_entropy_grad(y, z), num) < 1e-6


def test_cross_entropy_grad_formula(rng):
    z = rng.standard_normal((5, 4))
    y = np.array([0, 3, 1, 1, 2])
    onehot = np.eye(4)[y]
    np.testing.assert_allclose(L.cross_entropy_grad(y, z), (L.softmax(z) - onehot) / 5, atol=1e-16)


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("k", [None, 3])
def test_binary_cross_entropy_value_and_grad(n, k, rng):
    shape = (n,) if k is None else (n, k)
    z = rng.standard_normal(shape) * 3
    t = rng.uniform(0, 1, size=shape)
    s = 1 / (1 + np.exp(-z))
    ref = -np.sum(t * np.log(s) + (1 - t) * np.log(1 - s)) / n
    assert L.binary_cross_entropy(t, z) == pytest.approx(ref, rel=1e-12)
    num = numerical_gradient(lambda q: L.binary_cross_entropy(t, q), z)
    assert relative_error(L.binary_cross_entropy_grad(t, z), num) < 1e-6
    np.testing.assert_allclose(L.binary_cross_entropy_grad(t, z), (s - t) / n, rtol=1e-13)


def test_losses_stable_at_huge_logits():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]])
    assert L.cross_entropy(np.array([0, 2]), z) == pytest.approx(np.log(3) / 2)
    assert L.cross_entropy(np.array([1, 0]), z) == pytest.approx((2e4 + np.log(3)) / 2)
    zb = np.array([1e4, -1e4])
    assert L.binary_cross_entropy(np.array([1.0, 0.0]), zb) == 0.0
    assert L.binary_cross_entropy(np.array([0.0, 1.0]), zb) == pytest.approx(1e4)
    assert np.all(np.isfinite(L.binary_cross_entropy_grad(np.array([0.0, 1.0]), zb)))


logit_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@settings(max_examples=100, deadline=None)
@given(logit_arrays)
def test_softmax_rows_sum_to_one_and_log_softmax_finite(z):
    p = L.softmax(z)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    lp = L.log_softmax(z)
    assert np.all(np.isfinite(lp)) and np.all(lp <= 0)
    np.testing.assert_allclose(np.exp(lp), p, atol=1e-15)


def test_log_softmax_at_extreme_logits():
    z = np.array([1e4, -1e4])
    np.testing.assert_array_equal(L.log_softmax(z), [0.0, -2e4])
    np.testing.assert_array_equal(L.softmax(z), [1.0, 0.0])


def test_softmax_shift_invariance(rng):
    z = rng.standard_normal((4, 5))
    np.testing.assert_allclose(L.softmax(z + 1000.0), L.softmax(z), rtol=1e-12)


# --- bad input ----------------------------------------------------------------


def test_mse_shape_mismatch():
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(3, 1\)"):
        L.mse(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"1-D or 2-D, got 3-D array of shape \(1, 1, 1\)"):
        L.mse_grad(np.zeros((1, 1, 1)), np.zeros((1, 1, 1)))
    with pytest.raises(ValueError, match=r"at least one sample"):
        L.mse(np.zeros(0), np.zeros(0))


def test_non_finite_inputs():
    with pytest.raises(ValueError, match="y_pred must be finite"):
        L.mse(np.zeros(2), np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="logits must be finite"):
        L.cross_entropy(np.array([0]), np.array([[np.inf, 0.0]]))
    with pytest.raises(ValueError, match="z must be finite"):
        L.softmax(np.array([np.nan]))


def test_cross_entropy_label_checks():
    z = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 4\) for 4 classes, got label 4"):
        L.cross_entropy(np.array([0, 1, 4]), z)
    with pytest.raises(ValueError, match=r"got label -1"):
        L.cross_entropy_grad(np.array([0, -1, 2]), z)
    with pytest.raises(TypeError, match="integer dtype, got float64"):
        L.cross_entropy(np.array([0.0, 1.0, 2.0]), z)
    with pytest.raises(TypeError, match="integer dtype, got bool"):
        L.cross_entropy(np.array([True, False, True]), z)
    with pytest.raises(ValueError, match=r"labels must have shape \(3,\).*got \(2,\)"):
        L.cross_entropy(np.array([0, 1]), z)
    with pytest.raises(ValueError, match=r"logits must be 2-D, got 1-D array of shape \(4,\)"):
        L.cross_entropy(np.array([0]), np.zeros(4))


def test_binary_cross_entropy_target_range():
    with pytest.raises(ValueError, match=r"y_true must lie in \[0, 1\].*got 1.5"):
        L.binary_cross_entropy(np.array([0.0, 1.5]), np.zeros(2))
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(2, 1\)"):
        L.binary_cross_entropy_grad(np.zeros(2), np.zeros((2, 1)))


def test_softmax_needs_an_axis():
    with pytest.raises(ValueError, match=r"at least 1 dimension\(s\), got shape \(\)"):
        L.softmax(1.0)
