"""Tests for nnnotes.layers.activation: the activation layers and the registry by name."""

from __future__ import annotations

import re

import numpy as np
import pytest
from _layers import BATCHES, away_from_zero, check_nontrivial

from nnnotes.activations import leaky_relu_grad, relu_grad, sigmoid_grad, tanh_grad
from nnnotes.layers import ACTIVATIONS, LeakyReLU, ReLU, Sigmoid, Tanh, get_activation


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("make", [Sigmoid, Tanh, ReLU, LeakyReLU, lambda: LeakyReLU(0.3)])
def test_activation_layer_gradients(n, make, rng):
    X = away_from_zero(rng.standard_normal((n, 6)) * 2)
    errs = check_nontrivial(make(), X, rng)
    assert set(errs) == {"X"}


def test_activation_registry_pairs_each_layer_with_its_derivative(rng):
    assert get_activation("sigmoid") == (Sigmoid, sigmoid_grad)
    assert get_activation("tanh") == (Tanh, tanh_grad)
    assert get_activation("relu") == (ReLU, relu_grad)
    assert get_activation("leaky_relu") == (LeakyReLU, leaky_relu_grad)
    # The derivative is the one the layer backpropagates, bit for bit (the layer calls it;
    # kinks included: 0 is a test point), and dY multiplies it elementwise.
    X = np.concatenate([away_from_zero(rng.standard_normal((4, 3))), np.zeros((1, 3))])
    dY = rng.standard_normal(X.shape)
    for name, (layer_class, grad) in ACTIVATIONS.items():
        layer = layer_class()
        layer.forward(X)
        np.testing.assert_array_equal(layer.backward(np.ones_like(X)), grad(X), err_msg=name)
        np.testing.assert_array_equal(layer.backward(dY), dY * grad(X), err_msg=name)
    for bad in ("elu", "ReLU", None):
        with pytest.raises(ValueError, match=re.escape(f"unknown activation {bad!r}")):
            get_activation(bad)


def test_tails_of_sigmoid_layer_gradient_keep_relative_accuracy():
    # sigma'(x) = sigma(x) * (1 - sigma(x)) would cancel to 0 at x = 40; the layer uses
    # sigmoid_grad, which does not.
    layer = Sigmoid()
    X = np.array([[40.0, -40.0, 0.0]])
    layer.forward(X)
    dX = layer.backward(np.ones_like(X))
    np.testing.assert_allclose(dX[0, :2], np.exp(-40.0), rtol=1e-12)
    assert dX[0, 2] == 0.25


def test_leaky_relu_layer_uses_its_own_slope(rng):
    X = np.array([[-2.0, 0.0, 3.0]])
    layer = LeakyReLU(0.3)
    np.testing.assert_array_equal(layer.forward(X), [[-0.6, 0.0, 3.0]])
    np.testing.assert_array_equal(layer.backward(np.full((1, 3), 2.0)), [[0.6, 0.6, 2.0]])
