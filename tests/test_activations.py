"""Tests for nnnotes.activations."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from conftest import big_float_arrays
from hypothesis import given, settings
from hypothesis import strategies as st

from nnnotes import activations as A

PAIRS = [
    (A.sigmoid, A.sigmoid_grad),
    (A.tanh, A.tanh_grad),
    (A.relu, A.relu_grad),
    (A.leaky_relu, A.leaky_relu_grad),
    (partial(A.leaky_relu, slope=0.2), partial(A.leaky_relu_grad, slope=0.2)),
]
FUNCS = [f for pair in PAIRS for f in pair]


def central_diff(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("f, fgrad", PAIRS)
def test_derivative_matches_central_differences(f, fgrad, rng):
    x = rng.standard_normal((64, 7)) * 3
    x = np.where(np.abs(x) < 1e-3, 0.5, x)  # stay away from the kinks at 0
    num = central_diff(f, x)
    ana = fgrad(x)
    assert np.max(np.abs(num - ana)) / np.max(np.abs(ana)) < 1e-8


def test_known_values():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(A.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-15)
    np.testing.assert_allclose(A.sigmoid_grad(0.0), 0.25)
    np.testing.assert_allclose(A.tanh(x), np.tanh(x))
    np.testing.assert_allclose(A.tanh_grad(0.0), 1.0)
    np.testing.assert_array_equal(A.relu(x), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(A.leaky_relu(x, slope=0.1), [-0.2, 0.0, 3.0])


def test_kink_conventions():
    assert A.relu_grad(0.0) == 0.0
    assert A.relu_grad(1e-300) == 1.0
    assert A.leaky_relu_grad(0.0, slope=0.3) == 0.3
    np.testing.assert_array_equal(A.leaky_relu_grad([-1.0, 2.0], slope=0.3), [0.3, 1.0])


def test_sigmoid_tails_keep_relative_accuracy():
    # 1 - sigma(x) would cancel to 0 at x = 40; the stable forms do not.
    assert A.sigmoid(-40.0) == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-14)
    assert A.sigmoid_grad(40.0) == pytest.approx(np.exp(-40.0), rel=1e-12)
    assert A.sigmoid(1e4) == 1.0 and A.sigmoid(-1e4) == 0.0


@settings(max_examples=60, deadline=None)
@given(big_float_arrays)
def test_activations_finite_and_warning_free(x):
    # pyproject turns RuntimeWarning (overflow/invalid) into errors.
    for f in FUNCS:
        y = f(x)
        assert y.shape == x.shape and y.dtype == np.float64
        assert np.all(np.isfinite(y))


@settings(max_examples=100, deadline=None)
@given(big_float_arrays)
def test_sigmoid_range_and_grad_bound(x):
    s = A.sigmoid(x)
    assert np.all((s >= 0) & (s <= 1))
    g = A.sigmoid_grad(x)
    assert np.all((g >= 0) & (g <= 0.25))


@settings(max_examples=100, deadline=None)
@given(st.floats(-1.0, 1.0))
def test_sigmoid_grad_at_most_quarter_near_zero(x):
    assert A.sigmoid_grad(x) <= 0.25


def test_odd_even_symmetries(rng):
    x = rng.standard_normal(100) * 10
    np.testing.assert_allclose(A.sigmoid(x) + A.sigmoid(-x), 1.0, rtol=1e-15)
    np.testing.assert_array_equal(A.sigmoid_grad(x), A.sigmoid_grad(-x))


def test_does_not_mutate_input():
    x = np.array([-1.0, 2.0])
    for f in FUNCS:
        f(x)
    np.testing.assert_array_equal(x, [-1.0, 2.0])


@pytest.mark.parametrize("f", FUNCS)
def test_rejects_non_finite(f):
    with pytest.raises(ValueError, match=r"x must be finite.*nan.*shape \(3,\)"):
        f(np.array([0.0, np.nan, 1.0]))
    with pytest.raises(ValueError, match="inf"):
        f(np.array([np.inf]))


@pytest.mark.parametrize("f", FUNCS)
def test_rejects_non_numeric(f):
    with pytest.raises(TypeError, match="real numeric array, got dtype <U1"):
        f(np.array(["a"]))


@pytest.mark.parametrize("fn", [A.leaky_relu, A.leaky_relu_grad])
def test_rejects_bad_slope(fn):
    with pytest.raises(ValueError, match=r"slope must be >= 0.0, got -0.5"):
        fn(np.zeros(2), slope=-0.5)
    with pytest.raises(TypeError, match="slope must be a real number"):
        fn(np.zeros(2), slope="0.1")


def test_sigmoid_grad_never_rounds_above_one_quarter():
    # Found by hypothesis: the quotient rounded to 0.25000000000000006 here.
    x = np.array([4.90953089e-11, -4.90953089e-11, 1e-12, 0.0, 1e-300])
    assert np.all(A.sigmoid_grad(x) <= 0.25)
    assert A.sigmoid_grad(np.array([0.0]))[0] == 0.25


@pytest.mark.parametrize("f", FUNCS)
def test_check_finite_false_skips_only_the_finiteness_test(f):
    x = np.array([-1.0, 0.5, 2.0])
    np.testing.assert_array_equal(f(x, check_finite=False), f(x))
    y = f(np.array([np.nan, 1.0]), check_finite=False)  # no error: NaN stays NaN or is masked
    assert y.shape == (2,) and y[1] == f(np.array([1.0]))[0]
    with pytest.raises(TypeError, match="real numeric array, got dtype <U1"):
        f(np.array(["a"]), check_finite=False)
