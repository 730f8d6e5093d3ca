"""Tests for nnnotes.regularizers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnnotes import regularizers as R
from nnnotes.gradcheck import numerical_gradient, relative_error

weights = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, max_side=10),
    elements=st.floats(-10, 10, allow_nan=False),
)


def test_values():
    w = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert R.l1(w) == 6.0
    assert R.l2(w) == 7.0
    np.testing.assert_array_equal(R.l1_grad(w), [[1.0, -1.0], [0.0, 1.0]])
    g = R.l2_grad(w)
    np.testing.assert_array_equal(g, w)
    assert g is not w and not np.shares_memory(g, w)


def test_gradients_match_central_differences(rng):
    w = rng.standard_normal((6, 5))
    w[np.abs(w) < 1e-3] = 0.5  # away from the kink of |w|
    assert relative_error(R.l1_grad(w), numerical_gradient(R.l1, w)) < 1e-6
    assert relative_error(R.l2_grad(w), numerical_gradient(R.l2, w)) < 1e-6


@settings(max_examples=200, deadline=None)
@given(w=weights, t=st.floats(0, 10, allow_nan=False))
def test_soft_threshold_zeros_exactly_where_small(w, t):
    out = R.soft_threshold(w, t)
    small = np.abs(w) <= t
    assert np.all(out[small] == 0.0)
    assert not np.any(np.signbit(out[small]))  # +0.0, not -0.0
    assert np.all(out[~small] != 0.0)
    assert np.all(np.sign(out[~small]) == np.sign(w[~small]))
    np.testing.assert_allclose(np.abs(out[~small]), np.abs(w[~small]) - t, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(w=weights, t=st.floats(0, 5, allow_nan=False))
def test_soft_threshold_is_the_prox(w, t):
    # prox minimises 1/2 (u - w)^2 + t |u| entrywise: no perturbation does better.
    u = R.soft_threshold(w, t)

    def obj(v):
        return 0.5 * (v - w) ** 2 + t * np.abs(v)

    for d in (1e-3, -1e-3):
        assert np.all(obj(u) <= obj(u + d) + 1e-12)


def test_soft_threshold_does_not_mutate():
    w = np.array([-1.0, 0.5])
    R.soft_threshold(w, 0.7)
    np.testing.assert_array_equal(w, [-1.0, 0.5])


def test_bad_threshold():
    with pytest.raises(ValueError, match=r"t must be >= 0.0, got -0.1"):
        R.soft_threshold(np.ones(2), -0.1)
    with pytest.raises(ValueError, match="t must be finite"):
        R.soft_threshold(np.ones(2), float("inf"))


@pytest.mark.parametrize("fn", [R.l1, R.l1_grad, R.l2, R.l2_grad])
def test_non_finite_weights(fn):
    with pytest.raises(ValueError, match=r"w must be finite.*shape \(2,\)"):
        fn(np.array([1.0, np.inf]))


@settings(max_examples=50, deadline=None)
@given(weights, st.floats(0, 5))
def test_soft_threshold_in_place_equals_the_copy(w, t):
    expected = R.soft_threshold(w, t)
    buf = np.full_like(w, 7.0)
    assert R.soft_threshold(w, t, out=buf) is buf
    np.testing.assert_array_equal(buf, expected)
    assert not np.signbit(buf[buf == 0]).any()  # +0.0, as without out
    assert R.soft_threshold(w, t, out=w) is w
    np.testing.assert_array_equal(w, expected)


def test_soft_threshold_bad_out():
    w = np.ones(3)
    with pytest.raises(ValueError, match=r"out must have the shape of w \(3,\), got \(2,\)"):
        R.soft_threshold(w, 0.1, out=np.ones(2))
    with pytest.raises(TypeError, match="out must be a float64 ndarray, got ndarray of dtype float32"):
        R.soft_threshold(w, 0.1, out=np.ones(3, dtype=np.float32))
    with pytest.raises(TypeError, match="out must be a float64 ndarray, got list"):
        R.soft_threshold(w, 0.1, out=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="w must be finite"):
        R.soft_threshold(np.array([1.0, np.nan]), 0.1, out=np.ones(2))
