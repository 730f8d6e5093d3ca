"""Tests for nnnotes.gradcheck."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.gradcheck import (
    assert_gradients_close,
    check_layer,
    numerical_gradient,
    relative_error,
)


class Scale:
    """y = x * w (elementwise, w of shape (d,)); optionally with a wrong backward."""

    def __init__(self, d: int, rng: np.random.Generator, bug: float = 0.0):
        self.params = {"w": rng.standard_normal(d)}
        self.grads = {"w": np.zeros(d)}
        self.bug = bug
        self.calls = 0

    def forward(self, X):
        self.calls += 1
        self.X = X
        return X * self.params["w"]

    def backward(self, dY):
        self.grads["w"][...] = (dY * self.X).sum(axis=0) * (1 + self.bug)
        return dY * self.params["w"]


def test_numerical_gradient_of_quadratic(rng):
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal(4)
    g = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(g, (A + A.T) @ x, rtol=1e-8, atol=1e-9)


def test_numerical_gradient_covers_every_entry_and_restores(rng):
    x = rng.standard_normal((3, 2, 2))
    x0 = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(g, 3 * x0**2, rtol=1e-8)
    np.testing.assert_array_equal(x, x0)


def test_numerical_gradient_restores_on_error():
    x = np.array([1.0, 2.0])

    def f(v):
        if v[1] != 2.0:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_bad_input():
    with pytest.raises(ValueError, match=r"eps must be > 0.0, got 0.0"):
        numerical_gradient(np.sum, np.ones(2), eps=0.0)
    with pytest.raises(ValueError, match=r"eps must be > 0.0, got -1e-06"):
        numerical_gradient(np.sum, np.ones(2), eps=-1e-6)
    with pytest.raises(TypeError, match="float64 ndarray.*got int64"):
        numerical_gradient(np.sum, np.ones(2, dtype=np.int64))
    with pytest.raises(TypeError, match="float64 ndarray.*got list"):
        numerical_gradient(np.sum, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"f must return a scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, np.ones(2))


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 0.0], [-1.0, 0.0]) == 1.0
    assert relative_error([2.0, 1.0], [2.0, 1.1]) == pytest.approx(0.1 / 4.0)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


def test_check_layer_passes_correct_and_catches_wrong_backward(rng):
    X = rng.standard_normal((5, 3))
    good = Scale(3, rng)
    errs = check_layer(good, X, rng)
    assert set(errs) == {"X", "w"}
    assert max(errs.values()) < 1e-8
    assert good.calls == 0  # a copy was checked
    bad = Scale(3, rng, bug=0.01)
    errs = check_layer(bad, X, rng)
    assert errs["X"] < 1e-8 and errs["w"] > 1e-3
    with pytest.raises(AssertionError, match=r"gradient check failed.*'w'"):
        assert_gradients_close(bad, X, rng)
    assert set(assert_gradients_close(good, X, rng)) == {"X", "w"}


def test_check_layer_bad_arguments(rng):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        check_layer(Scale(2, rng), np.ones((1, 2)), 42)
    with pytest.raises(ValueError, match="eps must be > 0.0"):
        check_layer(Scale(2, rng), np.ones((1, 2)), rng, eps=-1.0)
