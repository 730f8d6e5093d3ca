"""Tests for nnnotes.layers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnnotes import initializers
from nnnotes.gradcheck import assert_gradients_close, check_layer
from nnnotes.activations import leaky_relu_grad, relu_grad, sigmoid_grad, tanh_grad
from nnnotes.layers import (
    ACTIVATIONS,
    BatchNorm1d,
    Dense,
    LayerNorm,
    LeakyReLU,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
    get_activation,
    mlp,
)

BATCHES = [1, 2, 7, 64]


def away_from_zero(x):
    """Push entries off the ReLU kink so central differences are exact there."""
    return np.sign(x) * (0.05 + np.abs(x))


def check_nontrivial(layer, X, rng):
    """check_layer returns 0 when everything is 0; make sure the check has content."""
    errs = assert_gradients_close(layer, X, rng, tol=1e-6)
    Y = layer.forward(X)
    dX = layer.backward(rng.standard_normal(Y.shape))
    assert np.any(dX != 0)
    for key, g in layer.grads.items():
        assert np.any(g != 0), key
    return errs


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("fan_in, fan_out", [(1, 1), (5, 3), (3, 8)])
@pytest.mark.parametrize("bias", [True, False])
def test_dense_gradients(n, fan_in, fan_out, bias, rng):
    layer = Dense(fan_in, fan_out, rng, bias=bias)
    errs = check_nontrivial(layer, rng.standard_normal((n, fan_in)), rng)
    assert set(errs) == ({"X", "W", "b"} if bias else {"X", "W"})


@pytest.mark.parametrize("n", BATCHES)
@pytest.mark.parametrize("make", [Sigmoid, Tanh, ReLU, LeakyReLU, lambda: LeakyReLU(0.3)])
def test_activation_layer_gradients(n, make, rng):
    X = away_from_zero(rng.standard_normal((n, 6)) * 2)
    errs = check_nontrivial(make(), X, rng)
    assert set(errs) == {"X"}


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


# --- batch norm semantics ---------------------------------------------------


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


# --- layer norm semantics -----------------------------------------------------


def test_layernorm_normalises_each_sample(rng):
    X = rng.standard_normal((5, 8)) * np.arange(1, 6)[:, None] + np.arange(5)[:, None]
    ln = LayerNorm(8, eps=1e-12)
    Y = ln.forward(X)
    np.testing.assert_allclose(Y.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Y.var(axis=1), 1.0, rtol=1e-9)
    # each row depends only on itself, so a batch of one gives the same row
    np.testing.assert_allclose(ln.forward(X[2:3]), Y[2:3], rtol=1e-14)
    np.testing.assert_array_equal(ln.eval().forward(X), Y)


# --- dense / sequential semantics --------------------------------------------


def test_dense_forward_and_params(rng):
    layer = Dense(3, 2, rng, init=initializers.constant(0.5))
    layer.params["b"][:] = [1.0, -1.0]
    X = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(layer.forward(X), X @ np.full((3, 2), 0.5) + [1.0, -1.0])
    assert set(layer.params) == set(layer.grads) == {"W", "b"}
    assert set(Dense(3, 2, rng, bias=False).params) == {"W"}


def test_grads_are_overwritten_in_place(rng):
    layer = Dense(3, 2, rng)
    gW = layer.grads["W"]
    X, dY = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    layer.forward(X)
    layer.backward(dY)
    first = gW.copy()
    layer.backward(dY)
    assert layer.grads["W"] is gW
    np.testing.assert_allclose(gW, X.T @ dY)
    np.testing.assert_array_equal(gW, first)  # not accumulated


def test_dense_bad_init(rng):
    with pytest.raises(ValueError, match=r"Dense\(3 -> 2\): init returned shape \(2, 3\)"):
        Dense(3, 2, rng, init=lambda i, o, r: np.zeros((o, i)))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        Dense(3, 2, rng=None)


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


# --- bad input, for every layer type -----------------------------------------


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


# --- building networks ------------------------------------------------------------------


def test_activation_registry_pairs_each_layer_with_its_derivative(rng):
    assert get_activation("sigmoid") == (Sigmoid, sigmoid_grad)
    assert get_activation("tanh") == (Tanh, tanh_grad)
    assert get_activation("relu") == (ReLU, relu_grad)
    assert get_activation("leaky_relu") == (LeakyReLU, leaky_relu_grad)
    # The derivative is the one the layer backpropagates (kinks included: 0 is a test point).
    X = np.concatenate([away_from_zero(rng.standard_normal((4, 3))), np.zeros((1, 3))])
    for name, (layer_class, grad) in ACTIVATIONS.items():
        layer = layer_class()
        layer.forward(X)
        np.testing.assert_allclose(layer.backward(np.ones_like(X)), grad(X), rtol=1e-15, err_msg=name)
    for bad in ("elu", "ReLU", None):
        with pytest.raises(ValueError, match=re.escape(f"unknown activation {bad!r}")):
            get_activation(bad)


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
