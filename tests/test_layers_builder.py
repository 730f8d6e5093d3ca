"""Tests for nnnotes.layers.builder: mlp."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nnnotes import initializers
from nnnotes.gradcheck import assert_gradients_close
from nnnotes.layers import ACTIVATIONS, BatchNorm1d, Dense, LayerNorm, LeakyReLU, ReLU, Tanh, mlp


def test_mlp_layers_shapes_and_linear_output(rng):
    model = mlp([3, 8, 8, 2], "relu", rng)
    assert [type(layer) for layer in model] == [Dense, ReLU, Dense, ReLU, Dense]
    assert [model[i].params["W"].shape for i in (0, 2, 4)] == [(3, 8), (8, 8), (8, 2)]
    assert all("b" in model[i].params for i in (0, 2, 4))
    assert model.forward(rng.standard_normal((5, 3))).shape == (5, 2)
    assert [type(layer) for layer in mlp([3, 2], Tanh, rng)] == [Dense]
    ends = mlp([3, 4, 2], LeakyReLU, rng, final_activation=True)
    assert [type(layer) for layer in ends] == [Dense, LeakyReLU, Dense, LeakyReLU]


def test_mlp_draws_weights_in_layer_order_whatever_the_activation_and_norm():
    """One init(fan_in, fan_out, rng) call per dense layer, in order, and nothing else."""
    sizes = [4, 6, 5, 1]
    expected = np.random.default_rng(7)
    Ws = [initializers.he_normal(i, o, expected) for i, o in zip(sizes, sizes[1:])]
    for activation in ACTIVATIONS:
        for norm in (None, "batch", "layer"):
            model = mlp(sizes, activation, np.random.default_rng(7), init="he_normal", norm=norm)
            dense = [layer for layer in model if isinstance(layer, Dense)]
            for layer, W in zip(dense, Ws, strict=True):
                np.testing.assert_array_equal(layer.params["W"], W)


def test_mlp_norms_and_the_biases_they_replace(rng):
    bn = mlp([2, 5, 5, 1], "tanh", rng, norm="batch", momentum=0.3)
    assert [type(layer) for layer in bn] == [Dense, BatchNorm1d, Tanh] * 2 + [Dense]
    assert "b" not in bn[0].params and "b" not in bn[3].params and "b" in bn[6].params
    assert bn[1].momentum == 0.3
    ln = mlp([2, 5, 1], "tanh", rng, norm="layer")
    assert [type(layer) for layer in ln] == [Dense, LayerNorm, Tanh, Dense]
    assert "b" in ln[0].params
    last = mlp([2, 5], "relu", rng, norm="batch", final_activation=True)
    assert [type(layer) for layer in last] == [Dense, BatchNorm1d, ReLU] and "b" not in last[0].params
    assert_gradients_close(mlp([3, 4, 2], "tanh", rng, norm="layer"), rng.standard_normal((6, 3)), rng, tol=1e-6)


def test_mlp_takes_an_initializer_by_name_or_callable(rng):
    zeros = mlp([2, 3, 1], "sigmoid", rng, init="zeros")
    assert all(np.all(w == 0.0) for w in zeros.params.values())
    const = mlp([2, 3, 1], "sigmoid", rng, init=initializers.constant(0.5))
    assert np.all(const[0].params["W"] == 0.5)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sizes": [4]}, ValueError, "sizes must hold at least 2 widths (inputs and outputs), got [4]"),
        ({"sizes": []}, ValueError, "got []"),
        ({"sizes": [4, 0, 1]}, ValueError, "sizes[1] must be >= 1, got 0"),
        ({"sizes": [4, -3]}, ValueError, "sizes[1] must be >= 1, got -3"),
        ({"sizes": [4, 2.5]}, TypeError, "sizes[1] must be an integer, got 2.5"),
        ({"sizes": 4}, TypeError, "sizes must be a sequence of integers, got int"),
        ({"activation": "softsign"}, ValueError, "unknown activation 'softsign'"),
        ({"activation": np.tanh}, ValueError, "unknown activation <ufunc 'tanh'>"),
        ({"init": "glorot"}, ValueError, "unknown initializer 'glorot'"),
        ({"norm": "group"}, ValueError, "unknown norm 'group'; expected None or one of ('batch', 'layer')"),
    ],
)
def test_mlp_rejects_bad_arguments(rng, kwargs, error, message):
    args = {"sizes": [4, 3, 1], "activation": "tanh"} | kwargs
    with pytest.raises(error, match=re.escape(message)):
        mlp(args.pop("sizes"), args.pop("activation"), rng, **args)
