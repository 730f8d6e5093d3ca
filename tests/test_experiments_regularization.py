"""Tests for nnnotes.experiments.regularization (the claims of the regularization pages)."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.experiments.regularization import (
    METHODS,
    bias_penalty,
    expected_noisy_loss,
    fit_logistic,
    l1_geometry,
    l1_path,
    l1_sparsity,
    lasso_lambda_max,
    noise_vs_ridge,
    project_l1_ball,
    project_l2_ball,
    sparse_regression,
    train_linear,
    two_blobs,
)
from nnnotes.linear_regression import fit_closed_form
from nnnotes.optim import SGD


@pytest.fixture(scope="module")
def bias_exp():
    return bias_penalty(np.random.default_rng(0))


@pytest.fixture(scope="module")
def sparsity():
    return l1_sparsity(np.random.default_rng(0))


@pytest.fixture(scope="module")
def noise():
    return noise_vs_ridge(np.random.default_rng(0))


# --- bias ------------------------------------------------------------------------


def test_penalising_the_bias_costs_accuracy(bias_exp):
    assert bias_exp.free.accuracy == 0.975
    assert bias_exp.penalized.accuracy == 0.775
    # The free bias is large (the boundary is far from the origin); the penalised one is shrunk.
    assert bias_exp.free.b < -7.0
    assert abs(bias_exp.penalized.b) < 1.0


def test_free_bias_fit_is_a_stationary_point(bias_exp):
    """Gradient of BCE + (l2/2)||w||^2 vanishes at the returned free-bias fit."""
    X, y, fit = bias_exp.X, bias_exp.y, bias_exp.free
    p = 1.0 / (1.0 + np.exp(-(X @ fit.w + fit.b)))
    grad_w = X.T @ (p - y) / len(y) + bias_exp.l2 * fit.w
    grad_b = np.mean(p - y)
    assert np.abs(grad_w).max() < 1e-3 and abs(grad_b) < 1e-3


def test_penalised_bias_fit_is_a_stationary_point(bias_exp):
    X, y, fit, lam = bias_exp.X, bias_exp.y, bias_exp.penalized, bias_exp.l2
    p = 1.0 / (1.0 + np.exp(-(X @ fit.w + fit.b)))
    assert np.abs(X.T @ (p - y) / len(y) + lam * fit.w).max() < 1e-8
    assert abs(np.mean(p - y) + lam * fit.b) < 1e-8


def test_a_free_bias_makes_the_weights_translation_invariant():
    """Shifting the data moves only the bias: the free fit's w does not change."""
    X, y = two_blobs(np.random.default_rng(3), n=100)
    shift = -X.mean(axis=0)
    a = fit_logistic(X, y, 0.3, penalize_bias=False)
    b = fit_logistic(X + shift, y, 0.3, penalize_bias=False)
    np.testing.assert_allclose(a.w, b.w, atol=1e-5)
    assert b.b == pytest.approx(a.b - a.w @ shift, abs=1e-4)
    # With the bias penalised, the same shift changes the weights.
    c = fit_logistic(X, y, 0.3, penalize_bias=True)
    d = fit_logistic(X + shift, y, 0.3, penalize_bias=True)
    assert np.abs(c.w - d.w).max() > 0.1


def test_boundary_lies_where_the_score_is_zero(bias_exp):
    x1 = np.linspace(-1.0, 7.0, 5)
    x2 = bias_exp.free.boundary(x1)
    np.testing.assert_allclose(bias_exp.free.w[0] * x1 + bias_exp.free.w[1] * x2 + bias_exp.free.b, 0.0, atol=1e-12)


def test_bias_experiment_is_deterministic(bias_exp):
    again = bias_penalty(np.random.default_rng(0), n_steps=4000)
    np.testing.assert_array_equal(again.free.w, bias_exp.free.w)
    assert again.penalized.b == bias_exp.penalized.b


def test_two_blobs_checks_its_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"\(3, 2\)"):
        two_blobs(rng, centers=[[0, 0], [1, 1], [2, 2]])
    with pytest.raises(ValueError, match="-1.0"):
        two_blobs(rng, spread=-1.0)
    with pytest.raises(TypeError, match="Generator"):
        two_blobs(0)


def test_fit_logistic_checks_its_arguments():
    X, y = two_blobs(np.random.default_rng(0), n=10)
    with pytest.raises(ValueError, match=r"\(9,\)"):
        fit_logistic(X, y[:9], 0.1, penalize_bias=False)
    with pytest.raises(ValueError, match="-0.5"):
        fit_logistic(X, y, -0.5, penalize_bias=False)


# --- L1 sparsity -------------------------------------------------------------------


def test_zero_counts_of_the_three_methods(sparsity):
    assert sparsity.zero_counts == {"proximal": 45, "subgradient": 0, "l2": 0}


def test_proximal_l1_recovers_exactly_the_informative_features(sparsity):
    w = sparsity.weights["proximal"]
    np.testing.assert_array_equal(w != 0.0, sparsity.problem.informative)


def test_subgradient_weights_jitter_within_two_eta_lambda(sparsity):
    irrelevant = ~sparsity.problem.informative
    band = sparsity.lr * sparsity.lam
    w = sparsity.weights["subgradient"][irrelevant]
    assert np.all(w != 0.0)
    assert np.abs(w).max() < 2 * band
    # They keep changing sign: most irrelevant weights flip at least 50 times in the last 100 steps.
    last = sparsity.trajectories["subgradient"][-101:, irrelevant]
    flips = np.count_nonzero(np.sign(last[1:]) != np.sign(last[:-1]), axis=0)
    assert np.all(flips >= 50)


def test_l2_shrinks_without_zeroing_and_matches_ridge(sparsity):
    p = sparsity.problem
    ridge = fit_closed_form(p.X, p.y, fit_intercept=False, l2=sparsity.lam).coef
    np.testing.assert_allclose(sparsity.weights["l2"], ridge, atol=1e-8)
    assert np.abs(sparsity.weights["l2"][~p.informative]).min() > 1e-4


def test_proximal_l1_iterates_stay_at_zero_once_converged(sparsity):
    traj = sparsity.trajectories["proximal"]
    np.testing.assert_array_equal(traj[-200:, ~sparsity.problem.informative], 0.0)


def test_train_linear_without_penalty_reaches_least_squares():
    p = sparse_regression(np.random.default_rng(1), n=60, d=4, n_informative=2)
    traj = train_linear(p.X, p.y, SGD(0.3), 500)
    assert traj.shape == (501, 4)
    np.testing.assert_array_equal(traj[0], 0.0)
    np.testing.assert_allclose(traj[-1], fit_closed_form(p.X, p.y, fit_intercept=False).coef, atol=1e-10)


def test_train_linear_checks_its_arguments():
    p = sparse_regression(np.random.default_rng(1), n=10, d=3, n_informative=1)
    with pytest.raises(TypeError, match="SGD"):
        train_linear(p.X, p.y, "sgd", 10)
    with pytest.raises(TypeError, match="Generator"):
        train_linear(p.X, p.y, SGD(0.1), 10, input_noise=0.1)
    with pytest.raises(ValueError, match=r"\(2,\)"):
        train_linear(p.X, p.y, SGD(0.1), 10, w0=np.zeros(2))


def test_sparse_regression_checks_its_arguments():
    with pytest.raises(ValueError, match="n_informative must be <= d = 3, got 4"):
        sparse_regression(np.random.default_rng(0), d=3, n_informative=4)


def test_l1_sparsity_rejects_unknown_settings():
    with pytest.raises(ValueError, match="-0.1"):
        l1_sparsity(np.random.default_rng(0), lam=-0.1, n_steps=1)


def test_lasso_path_satisfies_the_optimality_conditions(sparsity):
    """At each lambda: |X^T r / n| <= lambda where w = 0, and = lambda * sign(w) elsewhere."""
    X, y = sparsity.problem.X, sparsity.problem.y
    lams, coefs = l1_path(X, y)
    assert np.all(np.diff(lams) < 0)
    for lam, w in zip(lams, coefs):
        g = X.T @ (y - X @ w) / len(y)
        nz = w != 0.0
        np.testing.assert_allclose(g[nz], lam * np.sign(w[nz]), atol=1e-6)
        assert np.all(np.abs(g[~nz]) <= lam + 1e-9)
    # Above lambda_max every weight is zero; at the smallest lambda all informative ones are in.
    top = lasso_lambda_max(X, y)
    assert np.all(coefs[lams >= top] == 0.0)
    assert np.all(coefs[-1][sparsity.problem.informative] != 0.0)


def test_l1_path_rejects_non_positive_lambdas(sparsity):
    with pytest.raises(ValueError, match="positive"):
        l1_path(sparsity.problem.X, sparsity.problem.y, lams=[0.1, 0.0])


# --- geometry ---------------------------------------------------------------------


def test_projection_onto_the_l1_ball():
    v = np.array([3.0, -1.0, 0.5])
    w = project_l1_ball(v, 2.0)
    assert np.abs(w).sum() == pytest.approx(2.0)
    np.testing.assert_allclose(w, [2.0, 0.0, 0.0])          # theta = 1 zeroes the two small ones
    np.testing.assert_array_equal(project_l1_ball([0.2, -0.3], 1.0), [0.2, -0.3])  # inside: unchanged


def test_l1_projection_is_the_closest_point_of_the_ball():
    rng = np.random.default_rng(5)
    for _ in range(20):
        v = 3 * rng.standard_normal(4)
        w = project_l1_ball(v, 1.0)
        # Any other point of the ball (random, then projected radially) is farther from v.
        others = rng.standard_normal((200, 4))
        others /= np.maximum(np.abs(others).sum(axis=1, keepdims=True), 1.0)
        assert np.linalg.norm(v - w) <= np.linalg.norm(v - others, axis=1).min() + 1e-12


def test_projection_onto_the_l2_ball():
    np.testing.assert_allclose(project_l2_ball([3.0, 4.0], 1.0), [0.6, 0.8])
    with pytest.raises(ValueError, match="radius must be > 0.0, got 0.0"):
        project_l2_ball([1.0], 0.0)


def test_l1_minimum_is_a_corner_and_l2_minimum_is_not():
    geo = l1_geometry()
    np.testing.assert_array_equal(geo.w_l1, [0.0, 1.0])     # exactly on the w2 axis
    assert np.linalg.norm(geo.w_l2) == pytest.approx(1.0)
    assert np.all(np.abs(geo.w_l2) > 0.3)
    # Honest optimum: no point of the ball's boundary has a lower loss.
    theta = np.linspace(0, 2 * np.pi, 20001)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    diamond = circle / np.abs(circle).sum(axis=1, keepdims=True)
    assert geo.loss(geo.w_l1) <= geo.loss(diamond).min() + 1e-12
    assert geo.loss(geo.w_l2) <= geo.loss(circle).min() + 1e-12


def test_l1_geometry_rejects_an_indefinite_curvature():
    with pytest.raises(ValueError, match="positive definite"):
        l1_geometry(A=[[1.0, 2.0], [2.0, 1.0]])


# --- input noise ------------------------------------------------------------------


def test_noise_trained_weights_reach_ridge_with_lambda_sigma_squared(noise):
    assert noise.relative_distance < 0.005
    assert noise.distance()[-1] < 0.005
    # ... and stay far from the unpenalised solution.
    assert noise.distance("ols")[-1] > 0.5
    # w_ridge solves the ridge normal equations with lambda = sigma^2 (1/(2n) scaling).
    X, y = noise.X, noise.y
    np.testing.assert_allclose(X.T @ (y - X @ noise.w_ridge) / len(y), noise.sigma**2 * noise.w_ridge, atol=1e-12)


def test_averaging_beats_the_last_iterate(noise):
    assert noise.distance(averaged=True)[-1] < noise.distance(averaged=False)[-1] / 3
    np.testing.assert_array_equal(noise.averaged[: noise.burn_in], noise.trajectory[: noise.burn_in])
    np.testing.assert_allclose(noise.averaged[-1], noise.trajectory[noise.burn_in:].mean(axis=0))


def test_noise_with_sigma_zero_is_plain_least_squares():
    exp = noise_vs_ridge(np.random.default_rng(2), sigma=0.0, lr=0.3, n_steps=400)
    np.testing.assert_allclose(exp.w_ridge, exp.w_ols)
    np.testing.assert_allclose(exp.trajectory[-1], exp.w_ols, atol=1e-8)


def test_noise_vs_ridge_checks_burn_in():
    with pytest.raises(ValueError, match="burn_in must be <= n_steps = 10, got 11"):
        noise_vs_ridge(np.random.default_rng(0), n_steps=10, burn_in=11)


def test_expected_input_noise_loss_is_loss_plus_half_sigma2_norm2():
    rng = np.random.default_rng(4)
    X, w, y = rng.standard_normal((50, 3)), rng.standard_normal(3), rng.standard_normal(50)
    clean = np.sum((y - X @ w) ** 2) / 100
    mc = expected_noisy_loss(X, y, w, 0.7, np.random.default_rng(0), n_draws=4000)
    assert mc == pytest.approx(clean + 0.5 * 0.49 * w @ w, rel=0.01)


def test_expected_weight_noise_penalty_does_not_depend_on_w():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((50, 3)), rng.standard_normal(50)
    extra = [
        expected_noisy_loss(X, y, w, 0.5, np.random.default_rng(1), n_draws=4000, on="weights")
        - np.sum((y - X @ w) ** 2) / 100
        for w in (np.zeros(3), np.array([3.0, -2.0, 1.0]))
    ]
    expected = 0.25 * np.sum(X**2) / 100
    assert extra == pytest.approx([expected, expected], rel=0.05)


def test_expected_noisy_loss_rejects_unknown_target():
    X = np.ones((2, 2))
    with pytest.raises(ValueError, match="'bias'"):
        expected_noisy_loss(X, [1.0, 2.0], [0.0, 0.0], 0.1, np.random.default_rng(0), on="bias")


def test_methods_are_the_three_compared():
    assert METHODS == ("proximal", "subgradient", "l2")
