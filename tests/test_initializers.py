"""Tests for nnnotes.initializers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnnotes import initializers as I

# name -> (initializer, variance(fan_in, fan_out), excess kurtosis factor mu4/sigma^4)
RANDOM = {
    "lecun_normal": (I.lecun_normal, lambda i, o: 1 / i, 3.0),
    "xavier_normal": (I.xavier_normal, lambda i, o: 2 / (i + o), 3.0),
    "xavier_uniform": (I.xavier_uniform, lambda i, o: 2 / (i + o), 1.8),
    "he_normal": (I.he_normal, lambda i, o: 2 / i, 3.0),
    "he_uniform": (I.he_uniform, lambda i, o: 2 / i, 1.8),
    "normal(0.3)": (I.normal(0.3), lambda i, o: 0.09, 3.0),
}
MIN_SAMPLES = 40_000


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(sorted(RANDOM)),
    fan_in=st.integers(1, 300),
    fan_out=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_sample_variance_matches_documented(name, fan_in, fan_out, seed):
    init, var_fn, kurt = RANDOM[name]
    rng = np.random.default_rng(seed)
    reps = math.ceil(MIN_SAMPLES / (fan_in * fan_out))
    draws = [init(fan_in, fan_out, rng) for _ in range(reps)]
    assert all(w.shape == (fan_in, fan_out) and w.dtype == np.float64 for w in draws)
    w = np.concatenate([d.ravel() for d in draws])
    var = var_fn(fan_in, fan_out)
    # mean(w^2) estimates var (the mean is 0); its standard error is
    # sqrt((mu4 - var^2) / N) = var * sqrt((kurt - 1) / N).
    se = var * math.sqrt((kurt - 1) / w.size)
    assert abs(np.mean(w**2) - var) < 5 * se
    assert abs(np.mean(w)) < 5 * math.sqrt(var / w.size)


@pytest.mark.parametrize("init, std", [(I.he_normal, math.sqrt(2 / 100)), (I.lecun_normal, 0.1)])
def test_normal_initializers_are_not_truncated(init, std, rng):
    w = init(100, 1000, rng)
    # A 2-sigma truncated normal never exceeds 2 std; N(0, 1) does so ~4.6% of the time.
    frac = np.mean(np.abs(w) > 2 * std)
    assert 0.04 < frac < 0.052


@pytest.mark.parametrize(
    "init, bound", [(I.xavier_uniform, math.sqrt(6 / 30)), (I.he_uniform, math.sqrt(6 / 10))]
)
def test_uniform_bounds(init, bound, rng):
    w = init(10, 20, rng)
    assert np.all(np.abs(w) <= bound)
    assert np.max(np.abs(w)) > 0.9 * bound


def test_deterministic_given_rng():
    a = I.he_normal(5, 4, np.random.default_rng(3))
    b = I.he_normal(5, 4, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


def test_zeros_and_constant(rng):
    np.testing.assert_array_equal(I.zeros(3, 2, rng), np.zeros((3, 2)))
    np.testing.assert_array_equal(I.zeros(3, 2), np.zeros((3, 2)))
    c = I.constant(0.5)
    np.testing.assert_array_equal(c(2, 3, rng), np.full((2, 3), 0.5))
    assert c.__name__ == "constant(0.5)"
    assert I.normal(0.1).__name__ == "normal(std=0.1)"


@pytest.mark.parametrize("init", [I.zeros, I.constant(1.0), I.normal(1.0), I.he_uniform])
def test_bad_fans(init, rng):
    with pytest.raises(ValueError, match="fan_in must be >= 1, got 0"):
        init(0, 3, rng)
    with pytest.raises(ValueError, match="fan_out must be >= 1, got -2"):
        init(3, -2, rng)
    with pytest.raises(TypeError, match=r"fan_in must be an integer, got 2.5"):
        init(2.5, 3, rng)


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_rng_must_be_a_generator(name):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator.*got int"):
        RANDOM[name][0](3, 4, 0)


def test_bad_factory_arguments():
    with pytest.raises(ValueError, match=r"std must be >= 0.0, got -1.0"):
        I.normal(-1.0)
    with pytest.raises(ValueError, match="value must be finite, got nan"):
        I.constant(float("nan"))


# --- lookup by name ------------------------------------------------------------


def test_get_by_name_or_callable():
    assert set(I.INITIALIZERS) == {"zeros"} | set(RANDOM) - {"normal(0.3)"}
    for name, init in I.INITIALIZERS.items():
        assert I.get(name) is init is getattr(I, name)
    custom = I.normal(0.3)
    assert I.get(custom) is custom


def test_get_rejects_unknown_names_and_non_callables():
    with pytest.raises(ValueError, match="unknown initializer 'glorot'; expected a callable or one of"):
        I.get("glorot")
    with pytest.raises(TypeError, match="init must be a name or an initializer callable, got float"):
        I.get(0.1)
