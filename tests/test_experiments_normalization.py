"""Tests for nnnotes.experiments.normalization (the claims of the batch-norm and Xavier pages)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnnotes.experiments.normalization import (
    LR_GRID,
    batch_statistics_spread,
    bn_speed,
    init_comparison,
    layer_variance_gains,
    mean_spread_law,
    regression_task,
    running_statistics,
    signal_propagation,
    steps_to_target,
    train_eval_gap,
    train_mse,
    tune_learning_rate,
    variance_spread_law,
    weight_variance,
)
from nnnotes.layers import BatchNorm1d, Dense, LayerNorm, mlp


@pytest.fixture(scope="module")
def runs():
    return init_comparison(seed=0)


@pytest.fixture(scope="module")
def speed():
    return bn_speed()


# --- the model ---------------------------------------------------------------------


def test_speed_models_with_and_without_batch_norm():
    from nnnotes.experiments.normalization import _speed_model

    plain, X, _ = _speed_model(False, 0, 3, 5, "tanh")
    bn, X_bn, _ = _speed_model(True, 0, 3, 5, "tanh")
    np.testing.assert_array_equal(X, X_bn)
    assert [type(l).__name__ for l in plain] == ["Dense", "Tanh"] * 3 + ["Dense"]
    assert [type(l).__name__ for l in bn] == ["Dense", "BatchNorm1d", "Tanh"] * 3 + ["Dense"]
    # Same generator state -> the same weight matrices; BN replaces the hidden biases.
    dense_plain = [l for l in plain if isinstance(l, Dense)]
    dense_bn = [l for l in bn if isinstance(l, Dense)]
    for a, b in zip(dense_plain, dense_bn):
        np.testing.assert_array_equal(a.params["W"], b.params["W"])
    assert all("b" not in l.params for l in dense_bn[:-1]) and "b" in dense_bn[-1].params


@pytest.mark.parametrize(("kwargs", "bad"), [({"activation": "softsign"}, "'softsign'"), ({"init": "orthogonal"}, "'orthogonal'")])
def test_signal_propagation_rejects_unknown_names(kwargs, bad):
    args = {"activation": "tanh", "init": "he"} | kwargs
    with pytest.raises(ValueError, match=bad):
        signal_propagation(args["activation"], args["init"], np.random.default_rng(0), depth=2, width=4, batch=8)


# --- one layer (the Xavier page) ------------------------------------------------------


@pytest.mark.parametrize("init", ["small", "large", "lecun", "xavier", "he"])
def test_weight_variance_is_what_the_initializer_draws(init):
    from nnnotes.experiments.normalization import INIT_SCHEMES

    W = INIT_SCHEMES[init](300, 200, np.random.default_rng(0))
    assert W.var() == pytest.approx(weight_variance(init, 300, 200), rel=0.02)


@pytest.mark.parametrize("init", ["lecun", "xavier", "he"])
def test_one_layer_gains_follow_the_fan_formulas(init):
    gains = layer_variance_gains(512, 128, init, np.random.default_rng(0))
    assert gains.forward == pytest.approx(gains.forward_law, rel=0.02)
    assert gains.backward == pytest.approx(gains.backward_law, rel=0.02)
    # Forward and backward gains differ by fan_out / fan_in whatever the scheme.
    assert gains.backward_law / gains.forward_law == pytest.approx(128 / 512)


def test_xavier_is_the_compromise():
    lecun = layer_variance_gains(512, 128, "lecun", np.random.default_rng(0))
    xavier = layer_variance_gains(512, 128, "xavier", np.random.default_rng(0))
    assert (lecun.forward_law, lecun.backward_law) == (1.0, 0.25)
    assert (xavier.forward_law, xavier.backward_law) == pytest.approx((1.6, 0.4))
    with pytest.raises(ValueError, match="'glorot'"):
        weight_variance("glorot", 2, 2)


# --- signal propagation (the Xavier page) -----------------------------------------------


def test_signal_propagation_shapes_and_determinism():
    a = signal_propagation("relu", "he", np.random.default_rng(3), depth=4, width=16, batch=32)
    b = signal_propagation("relu", "he", np.random.default_rng(3), depth=4, width=16, batch=32)
    assert a.act_std.shape == a.grad_std.shape == (5,)
    np.testing.assert_array_equal(a.act_std, b.act_std)
    np.testing.assert_array_equal(a.grad_std, b.grad_std)


def test_signal_propagation_matches_the_variance_formula_for_one_linear_layer():
    """One ReLU layer with He weights: E[z^2] = n_in Var(w) E[x^2] = 2, so E[relu(z)^2] = 1."""
    run = signal_propagation("relu", "he", np.random.default_rng(0), depth=1, width=512, batch=2048)
    # relu(z) for z ~ N(0, 2) has mean 1/sqrt(pi) and second moment 1.
    mean = 1.0 / np.sqrt(np.pi)
    second_moment = run.act_std[1] ** 2 + mean**2
    assert second_moment == pytest.approx(1.0, rel=0.03)


def test_the_chosen_schemes_keep_the_signal(runs):
    he_relu = runs[("relu", "he")]
    assert 0.5 <= he_relu.act_ratio <= 2.0
    assert np.all((he_relu.act_std[1:] > 0.5) & (he_relu.act_std[1:] < 2.0))
    assert np.all((he_relu.grad_std > 0.5) & (he_relu.grad_std < 2.0))
    xavier_tanh = runs[("tanh", "xavier")]
    # tanh shrinks a little at every layer: a slow decay, roughly 1/sqrt(2 l), not an exponential one.
    assert 0.2 < xavier_tanh.act_ratio < 0.3
    layers = np.arange(5, 21)
    np.testing.assert_allclose(xavier_tanh.act_std[layers], 1.0 / np.sqrt(2.0 * layers), rtol=0.15)
    assert np.all(xavier_tanh.grad_std > 0.1)


def test_the_naive_schemes_lose_the_signal(runs):
    assert runs[("tanh", "small")].act_std[-1] < 1e-15
    assert runs[("relu", "small")].act_std[-1] < 1e-18
    assert runs[("relu", "large")].act_std[-1] > 1e20
    # tanh with std-1 weights saturates: activations near +-1 ...
    assert runs[("tanh", "large")].act_std[-1] > 0.95
    # ... and yet the gradient grows on its way down (the few unsaturated units see huge weights).
    assert runs[("tanh", "large")].grad_std[0] > 1e8
    # Xavier on ReLU halves the second moment per layer: about 2^(-19/2) from layer 1 to 20.
    assert runs[("relu", "xavier")].act_ratio == pytest.approx(2.0 ** -9.5, rel=0.3)


def test_the_gradient_enters_with_unit_spread(runs):
    for run in runs.values():
        assert run.grad_std[-1] == pytest.approx(1.0, abs=0.01)


def test_batch_norm_rescues_a_bad_initialisation():
    run = signal_propagation("relu", "small", np.random.default_rng(0), depth=8, width=64, batch=128, batch_norm=True)
    assert np.all(run.act_std[1:] > 0.5)


# --- batch statistics ---------------------------------------------------------------


def test_the_spread_laws():
    np.testing.assert_allclose(mean_spread_law([1, 4, 100], sigma=2.0), [2.0, 1.0, 0.2])
    np.testing.assert_allclose(variance_spread_law([2, 9]), [math.sqrt(2) / 2, 4 / 9])
    np.testing.assert_allclose(variance_spread_law([2, 9], unbiased=True), [math.sqrt(2), 0.5])


def test_measured_spreads_follow_the_laws():
    noise = batch_statistics_spread(np.random.default_rng(0), sigma=3.0)
    B = noise.batch_sizes
    np.testing.assert_allclose(noise.mean_spread, mean_spread_law(B, 3.0), rtol=0.06)
    np.testing.assert_allclose(noise.var_spread, variance_spread_law(B, 3.0), rtol=0.08)
    np.testing.assert_allclose(noise.unbiased_var_spread, variance_spread_law(B, 3.0, unbiased=True), rtol=0.08)
    # The two variance estimates differ by the factor B / (B - 1) exactly.
    np.testing.assert_allclose(noise.unbiased_var_spread, noise.var_spread * B / (B - 1))


@pytest.mark.parametrize("sizes", [[1, 4], [0]])
def test_batch_sizes_are_checked(sizes):
    with pytest.raises(ValueError, match=f"got {min(sizes)}"):
        batch_statistics_spread(np.random.default_rng(0), sizes)


def test_running_statistics_converge_to_the_population():
    rs = running_statistics(np.random.default_rng(0), batch_size=32, steps=200, momentum=0.1)
    np.testing.assert_array_equal(rs.running_mean[0], 0.0)
    np.testing.assert_array_equal(rs.running_var[0], 1.0)
    # Stationary spread of the running mean: s / sqrt(B) * sqrt(m / (2 - m)).
    spread = np.sqrt(rs.var / 32) * np.sqrt(0.1 / 1.9)
    assert np.all(np.abs(rs.running_mean[-1] - rs.mean) < 3 * spread)
    assert np.all(np.abs(rs.running_var[-1] / rs.var - 1) < 0.15)
    with pytest.raises(ValueError, match="std must be > 0, got -1"):
        running_statistics(np.random.default_rng(0), mean=[0.0], std=[-1.0])


def test_a_single_sample_is_refused_in_training_mode():
    bn = BatchNorm1d(3)
    with pytest.raises(ValueError, match=r"shape \(1, 3\)"):
        bn.forward(np.ones((1, 3)))
    # With B identical samples the batch variance is 0 and the output is beta.
    bn.params["beta"][:] = [0.5, -1.0, 2.0]
    np.testing.assert_allclose(bn.forward(np.tile([1.0, 2.0, 3.0], (4, 1))), np.tile([0.5, -1.0, 2.0], (4, 1)))


# --- training -------------------------------------------------------------------------


def test_regression_task_is_standardised():
    X, y = regression_task(np.random.default_rng(0))
    assert X.shape == (256, 8) and y.shape == (256, 1)
    assert y.mean() == pytest.approx(0.0, abs=1e-12) and y.var() == pytest.approx(1.0)


def test_train_mse_stops_at_the_target_and_on_divergence():
    X, y = regression_task(np.random.default_rng(0))
    model = mlp([8, 8, 8, 1], "tanh", np.random.default_rng(1), init="xavier_normal")
    losses = train_mse(model, X, y, 0.05, 500, target=0.5)
    assert losses[-1] <= 0.5 and np.all(losses[:-1] > 0.5)
    assert steps_to_target(losses, 0.5) == losses.size - 1
    huge = mlp([8, 8, 8, 1], "tanh", np.random.default_rng(1), init="xavier_normal")
    diverged = train_mse(huge, X, y, 50.0, 100)
    assert diverged[-1] == math.inf and diverged.size < 101
    with pytest.raises(ValueError, match="got 300"):
        train_mse(model, X, y, 0.1, 5, batch_size=300, rng=np.random.default_rng(0))


def test_steps_to_target():
    assert steps_to_target([3.0, 2.0, 0.5, 0.2], 0.5) == 2
    assert steps_to_target([3.0, 2.0], 0.5) is None


def test_batch_norm_needs_fewer_steps(speed):
    """The numbers on the batch-norm page (same lr 0.02 for both, same weights)."""
    assert (speed.steps_plain, speed.steps_bn) == (214, 34)
    assert speed.losses_plain.shape == speed.losses_bn.shape == (301,)
    assert speed.losses_plain[speed.steps_plain] <= 0.05 < speed.losses_plain[speed.steps_plain - 1]


def test_tuning_keeps_the_conclusion():
    plain, bn = tune_learning_rate(False), tune_learning_rate(True)
    assert list(plain) == list(LR_GRID)
    best = {name: min((s, lr) for lr, s in grid.items() if s is not None) for name, grid in (("plain", plain), ("bn", bn))}
    assert best == {"plain": (204, 0.05), "bn": (31, 0.05)}
    assert plain[0.2] is None and bn[0.2] is None  # both diverge at the largest rate


def test_small_batches_separate_training_and_evaluation_mode():
    small, large = train_eval_gap(4), train_eval_gap(64)
    assert small.gap > 2 * large.gap
    assert small.eval_loss > 10 * large.eval_loss
    with pytest.raises(ValueError, match="got 3"):
        train_eval_gap(3)


def test_layer_norm_ignores_the_batch():
    X = np.random.default_rng(0).normal(2.0, 3.0, (64, 8))
    ln = LayerNorm(8)
    np.testing.assert_allclose(ln.forward(X[:1]), ln.forward(X)[:1], rtol=0, atol=1e-15)
