"""Tests for nnnotes.optim."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.layers import BatchNorm1d, Dense, ReLU, Sequential
from nnnotes.losses import cross_entropy, cross_entropy_grad, mse, mse_grad
from nnnotes.optim import SGD, sgd_step, train
from nnnotes.regularizers import soft_threshold


@pytest.fixture
def pair(rng):
    params = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal(3)}
    grads = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal(3)}
    return params, grads


def snapshot(d):
    return {k: v.copy() for k, v in d.items()}


def test_plain_step_in_place(pair):
    params, grads = pair
    W_obj, before = params["W"], snapshot(params)
    sgd_step(params, grads, lr=0.1)
    assert params["W"] is W_obj
    for k in params:
        np.testing.assert_allclose(params[k], before[k] - 0.1 * grads[k], rtol=1e-15)


def test_l2_penalises_weights_not_biases_by_default(pair):
    params, grads = pair
    before = snapshot(params)
    sgd_step(params, grads, lr=0.1, l2=0.5)
    np.testing.assert_allclose(params["W"], before["W"] - 0.1 * (grads["W"] + 0.5 * before["W"]))
    np.testing.assert_allclose(params["b"], before["b"] - 0.1 * grads["b"])


def test_penalize_bias_switch(pair):
    params, grads = pair
    before = snapshot(params)
    sgd_step(params, grads, lr=0.1, l2=0.5, penalize_bias=True)
    np.testing.assert_allclose(params["b"], before["b"] - 0.1 * (grads["b"] + 0.5 * before["b"]))


def test_l1_subgradient(pair):
    params, grads = pair
    params["W"][0, 0] = 0.0
    before = snapshot(params)
    sgd_step(params, grads, lr=0.1, l1=0.3, l2=0.2, l1_method="subgradient")
    expected = before["W"] - 0.1 * (grads["W"] + 0.2 * before["W"] + 0.3 * np.sign(before["W"]))
    np.testing.assert_allclose(params["W"], expected)
    assert params["W"][0, 0] == pytest.approx(-0.1 * grads["W"][0, 0])  # sign(0) = 0
    np.testing.assert_allclose(params["b"], before["b"] - 0.1 * grads["b"])


def test_l1_proximal_matches_formula_and_gives_exact_zeros(pair):
    params, grads = pair
    before = snapshot(params)
    sgd_step(params, grads, lr=0.5, l1=1.0, l2=0.1)
    expected = soft_threshold(before["W"] - 0.5 * (grads["W"] + 0.1 * before["W"]), 0.5)
    np.testing.assert_array_equal(params["W"], expected)
    assert np.count_nonzero(params["W"] == 0.0) > 0
    np.testing.assert_allclose(params["b"], before["b"] - 0.5 * grads["b"])  # not thresholded


def test_proximal_step_solves_separable_lasso(rng):
    # min_w 1/2 ||w - a||^2 + lam ||w||_1 has solution soft_threshold(a, lam);
    # one proximal step with lr = 1 from any w reaches it.
    a, lam = rng.standard_normal((5, 5)), 0.7
    w = rng.standard_normal((5, 5))
    sgd_step({"W": w}, {"W": w - a}, lr=1.0, l1=lam)
    np.testing.assert_allclose(w, soft_threshold(a, lam), atol=1e-15)
    assert np.sum(w == 0) == np.sum(np.abs(a) <= lam)


def test_sgd_class_walks_sequential_and_lists(rng):
    model = Sequential([Dense(3, 4, rng), BatchNorm1d(4), ReLU(), Dense(4, 2, rng)])
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 2, 8)
    model.backward(cross_entropy_grad(y, model.forward(X)))
    before, grads = snapshot(model.params), snapshot(model.grads)
    SGD(lr=0.1, l2=0.5).step(model)
    for k, w in model.params.items():
        pen = 0.5 * before[k] if w.ndim >= 2 else 0.0  # W penalised; b, gamma, beta not
        np.testing.assert_allclose(w, before[k] - 0.1 * (grads[k] + pen), err_msg=k)
    assert model[0].params["W"] is model.params["0.W"]
    # a list of layers works the same way
    layers = [Dense(2, 2, rng), Dense(2, 1, rng)]
    for layer in layers:
        layer.grads["W"][:] = 1.0
    w0 = [layer.params["W"].copy() for layer in layers]
    SGD(lr=0.25).step(layers)
    for layer, w in zip(layers, w0):
        np.testing.assert_allclose(layer.params["W"], w - 0.25)


def test_training_reduces_loss(rng):
    X = rng.standard_normal((64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)  # XOR-like, needs the hidden layer
    model = Sequential([Dense(2, 16, rng), ReLU(), Dense(16, 2, rng)])
    opt = SGD(lr=0.5, l2=1e-4)
    first = cross_entropy(y, model.forward(X))
    for _ in range(300):
        model.backward(cross_entropy_grad(y, model.forward(X)))
        opt.step(model)
    last = cross_entropy(y, model.forward(X))
    assert last < 0.5 * first


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lr": -0.1}, r"lr must be >= 0.0, got -0.1"),
        ({"lr": 0.1, "l2": -1.0}, r"l2 must be >= 0.0, got -1.0"),
        ({"lr": 0.1, "l1": -2.0}, r"l1 must be >= 0.0, got -2.0"),
        ({"lr": 0.1, "l1_method": "ista"}, r"unknown l1_method 'ista'; expected one of"),
        ({"lr": float("nan")}, r"lr must be finite, got nan"),
    ],
)
def test_bad_hyperparameters(kwargs, match, pair):
    with pytest.raises(ValueError, match=match):
        SGD(**kwargs)
    with pytest.raises(ValueError, match=match):
        sgd_step(*pair, **kwargs)


def test_bad_params_and_grads(pair, rng):
    params, grads = pair
    with pytest.raises(ValueError, match=r"same keys, got \['W', 'b'\] and \['W'\]"):
        sgd_step(params, {"W": grads["W"]}, lr=0.1)
    with pytest.raises(ValueError, match=r"grads\['b'\] has shape \(2,\) but params\['b'\] has shape \(3,\)"):
        sgd_step(params, {"W": grads["W"], "b": np.zeros(2)}, lr=0.1)
    with pytest.raises(ValueError, match=r"grads\['W'\] must be finite"):
        sgd_step(params, {"W": np.full((4, 3), np.nan), "b": grads["b"]}, lr=0.1)
    with pytest.raises(TypeError, match=r"params\['W'\] must be a float64 ndarray.*got list"):
        sgd_step({"W": [1.0]}, {"W": np.zeros(1)}, lr=0.1)
    with pytest.raises(TypeError, match="needs an object with params and grads.*got int"):
        SGD(lr=0.1).step(3)
    with pytest.raises(TypeError, match=r"item 1 \(str\) has no params/grads"):
        SGD(lr=0.1).step([Dense(2, 2, rng), "x"])


# --- the training loop -------------------------------------------------------------


def manual_loop(model, X, y, lr, n_steps):
    """The loop train() stands for, written out: forward, loss, backward, step."""
    opt, losses = SGD(lr), []
    for t in range(n_steps + 1):
        out = model.forward(X)
        losses.append(mse(y, out))
        if t < n_steps:
            model.backward(mse_grad(y, out))
            opt.step(model)
    return np.array(losses)


def small_net(seed):
    rng = np.random.default_rng(seed)
    return Sequential([Dense(3, 4, rng), ReLU(), Dense(4, 1, rng)])


def test_train_is_the_written_out_loop(rng):
    X, y = rng.standard_normal((10, 3)), rng.standard_normal((10, 1))
    a, b = small_net(1), small_net(1)
    losses = train(a, mse, mse_grad, X, y, SGD(0.05), 30)
    np.testing.assert_array_equal(losses, manual_loop(b, X, y, 0.05, 30))
    for key in a.params:
        np.testing.assert_array_equal(a.params[key], b.params[key])
    assert losses.shape == (31,) and losses[-1] < losses[0]
    assert train(small_net(1), mse, mse_grad, X, y, SGD(0.05), 0).shape == (1,)


def test_train_callback_sees_every_loss_and_can_stop(rng):
    X, y = rng.standard_normal((10, 3)), rng.standard_normal((10, 1))
    seen = []
    losses = train(small_net(2), mse, mse_grad, X, y, SGD(0.05), 5,
                   callback=lambda t, loss: seen.append((t, loss)))
    assert seen == list(enumerate(losses)) and len(seen) == 6
    target = losses[3]
    stopped = train(small_net(2), mse, mse_grad, X, y, SGD(0.05), 50, callback=lambda t, loss: loss <= target)
    np.testing.assert_array_equal(stopped, losses[:4])


def test_train_mini_batches_come_from_the_generator(rng):
    X, y = rng.standard_normal((12, 3)), rng.standard_normal((12, 1))
    a = train(small_net(3), mse, mse_grad, X, y, SGD(0.05), 8, batch_size=4, rng=np.random.default_rng(9))
    b = train(small_net(3), mse, mse_grad, X, y, SGD(0.05), 8, batch_size=4, rng=np.random.default_rng(9))
    np.testing.assert_array_equal(a, b)
    # step t uses rows rng.choice(n, 4, replace=False) of the t-th draw
    draws = np.random.default_rng(9)
    idx = [draws.choice(12, size=4, replace=False) for _ in range(9)]
    assert a[0] == mse(y[idx[0]], small_net(3).forward(X[idx[0]]))


def test_train_divergence_is_recorded_as_inf_only_with_max_loss(rng):
    X, y = 10 * rng.standard_normal((10, 3)), rng.standard_normal((10, 1))
    diverged = train(small_net(4), mse, mse_grad, X, y, SGD(5.0), 200, max_loss=1e6)
    assert diverged[-1] == np.inf and diverged.size < 201 and np.all(np.isfinite(diverged[:-1]))
    # without max_loss, a growing loss is recorded as it is
    growing = train(Dense(3, 1, np.random.default_rng(4)), mse, mse_grad, X, y, SGD(1.0), 3)
    assert np.all(np.isfinite(growing)) and np.all(np.diff(growing) > 0) and growing[-1] > 1e6


def test_train_validates(rng):
    X, y = rng.standard_normal((10, 3)), rng.standard_normal((10, 1))
    net = small_net(5)
    with pytest.raises(ValueError, match=r"same number of samples, got \(10, 3\) and \(9, 1\)"):
        train(net, mse, mse_grad, X, y[:9], SGD(0.1), 3)
    with pytest.raises(ValueError, match="n_steps must be >= 0, got -1"):
        train(net, mse, mse_grad, X, y, SGD(0.1), -1)
    with pytest.raises(ValueError, match="batch_size must be <= the number of samples 10, got 11"):
        train(net, mse, mse_grad, X, y, SGD(0.1), 3, batch_size=11, rng=rng)
    with pytest.raises(TypeError):
        train(net, mse, mse_grad, X, y, SGD(0.1), 3, batch_size=2)
