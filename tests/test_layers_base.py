"""Tests for nnnotes.layers.base: the protocol checks, for every layer type."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnnotes.layers import BatchNorm1d, Dense, LayerNorm, LeakyReLU, ReLU, Sequential, Sigmoid, Tanh


def all_layers(rng):
    return [
        Dense(3, 4, rng), Sigmoid(), Tanh(), ReLU(), LeakyReLU(), BatchNorm1d(3), LayerNorm(3),
        Sequential([Dense(3, 4, rng), ReLU()]),
    ]


def test_backward_before_forward(rng):
    for layer in all_layers(rng):
        with pytest.raises(RuntimeError, match=rf"{re_name(layer)}.*backward called before forward"):
            layer.backward(np.zeros((2, 4)))


def re_name(layer):
    return re.escape(repr(layer).split("(")[0])


def test_wrong_input_shapes(rng):
    with pytest.raises(ValueError, match=r"Dense\(3 -> 4\): expected X with 3 features, got shape \(5, 2\)"):
        Dense(3, 4, rng).forward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3\): expected X with 3 features, got shape \(5, 2\)"):
        BatchNorm1d(3).forward(np.zeros((5, 2)))
    for layer in all_layers(rng):
        with pytest.raises(ValueError, match=r"X must be 2-D, got 1-D array of shape \(3,\)"):
            layer.forward(np.zeros(3))
        with pytest.raises(ValueError, match=r"X must be finite"):
            layer.forward(np.array([[0.0, np.nan, 1.0]] * 2))
        with pytest.raises(ValueError, match=r"at least one sample, got X of shape \(0, 3\)"):
            layer.forward(np.zeros((0, 3)))


def test_wrong_dY_shape(rng):
    for layer in all_layers(rng):
        Y = layer.forward(rng.standard_normal((5, 3)))
        with pytest.raises(ValueError, match=rf"expected dY of shape \(5, {Y.shape[1]}\).*got \(4, {Y.shape[1]}\)"):
            layer.backward(np.zeros((4, Y.shape[1])))
        with pytest.raises(ValueError, match="dY must be finite"):
            layer.backward(np.full(Y.shape, np.inf))


def test_unknown_mode(rng):
    for layer in all_layers(rng):
        with pytest.raises(ValueError, match=r"unknown mode 'test'; expected one of \('train', 'eval'\)"):
            layer.mode = "test"
        assert layer.mode == "train"
