"""Tests for nnnotes.experiments.gradients (the gradients chapter's data)."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.experiments import gradients as g
from nnnotes.gradcheck import numerical_gradient, relative_error
from nnnotes.initializers import constant, normal
from nnnotes.layers import mlp
from nnnotes.linear_regression import fit_closed_form

# --- linear regression ---------------------------------------------------------


def test_housing_data_is_deterministic_correlated_and_multiscale():
    a, b = g.housing_data(np.random.default_rng(3)), g.housing_data(np.random.default_rng(3))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert a.X.shape == (500, 5) and a.y.shape == (500,) and len(a.feature_names) == 5
    assert np.corrcoef(a.X[:, 0], a.X[:, 1])[0, 1] > 0.8
    scales = a.X.std(axis=0)
    assert scales.max() / scales.min() > 10
    # with no noise the closed form recovers the generating parameters exactly
    clean = g.housing_data(np.random.default_rng(3), n=50, noise=0.0)
    coef, intercept = fit_closed_form(clean.X, clean.y)
    np.testing.assert_allclose(coef, clean.coef, rtol=1e-9)
    assert intercept == pytest.approx(clean.intercept, rel=1e-9)


@pytest.mark.parametrize("bad, match", [({"n": 1}, "n must be >= 2"), ({"noise": -1.0}, "noise must be >= 0")])
def test_housing_data_rejects_bad_arguments(bad, match):
    with pytest.raises(ValueError, match=match):
        g.housing_data(np.random.default_rng(0), **bad)


def test_standardize_round_trip_and_constant_column():
    X = np.random.default_rng(0).normal(5.0, 3.0, (40, 3))
    Z, mean, scale = g.standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0)
    np.testing.assert_allclose(Z * scale + mean, X)
    with pytest.raises(ValueError, match=r"constant column\(s\) \[1\]"):
        g.standardize(np.column_stack([X[:, 0], np.ones(40)]))


def test_compare_solvers_agrees_on_the_page_data():
    data = g.housing_data(np.random.default_rng(0))
    result = g.compare_solvers(data.X, data.y, lr=0.5, n_steps=500)
    assert result.gap < 1e-10
    np.testing.assert_allclose(result.gd_coef, result.closed_coef, rtol=1e-9)
    assert result.gd_intercept == pytest.approx(result.closed_intercept, rel=1e-10)
    assert result.losses.shape == (501,) and np.all(np.diff(result.losses) <= 1e-12)
    # too few steps: the gap is real, so the check above can fail
    assert g.compare_solvers(data.X, data.y, lr=0.5, n_steps=50).gap > 1e-3


def test_ill_conditioned_problem_has_the_requested_condition_number():
    X, y, w = g.ill_conditioned_problem(np.random.default_rng(0), n=60, d=6, cond=1e4)
    assert X.shape == (60, 6) and y.shape == (60,) and w.shape == (6,)
    assert np.linalg.cond(X) == pytest.approx(1e4, rel=1e-6)
    np.testing.assert_allclose(X @ w, y)
    with pytest.raises(ValueError, match="cond must be >= 1.0, got 0.5"):
        g.ill_conditioned_problem(np.random.default_rng(0), cond=0.5)
    with pytest.raises(ValueError, match="n must be >= 10, got 5"):
        g.ill_conditioned_problem(np.random.default_rng(0), n=5, d=10)


def test_inverse_loses_digits_that_lstsq_keeps():
    X, y, w = g.ill_conditioned_problem(np.random.default_rng(0), cond=1e6)
    err = {m: np.linalg.norm(g.solve_normal_equations(X, y, m) - w) / np.linalg.norm(w)
           for m in g.NORMAL_EQUATION_METHODS}
    assert err["lstsq"] < 1e-10
    assert err["inverse"] > 1e5 * err["lstsq"] and err["solve"] > 1e5 * err["lstsq"]
    # on a well-conditioned problem all three agree
    X, y, w = g.ill_conditioned_problem(np.random.default_rng(1), cond=10.0)
    for method in g.NORMAL_EQUATION_METHODS:
        np.testing.assert_allclose(g.solve_normal_equations(X, y, method), w, rtol=1e-12)


def test_solve_normal_equations_checks_its_input():
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match="unknown method 'qr'"):
        g.solve_normal_equations(X, np.ones(4), "qr")
    with pytest.raises(ValueError, match=r"\(4, 2\) and \(3,\)"):
        g.solve_normal_equations(X, np.ones(3), "lstsq")


def test_loglog_slope_recovers_a_power_law():
    x = np.array([1.0, 10.0, 100.0, 1000.0])
    assert g.loglog_slope(x, 3.0 * x**2.5) == pytest.approx(2.5)
    with pytest.raises(ValueError, match="positive"):
        g.loglog_slope(x, -x)
    with pytest.raises(ValueError, match="at least 2 points"):
        g.loglog_slope([1.0], [1.0])


def test_flop_curves_follow_the_asymptotics():
    sizes = np.unique(np.logspace(1, 4, 25).astype(int))
    by_d = g.flop_curves("d", sizes, fixed=10_000, n_steps=(10, 100))
    assert by_d.gd.shape == (2, sizes.size) and by_d.closed.shape == (sizes.size,)
    assert 1.9 < by_d.slope_closed < 2.1 and by_d.slope_gd == pytest.approx(1.0)
    np.testing.assert_array_equal(by_d.gd[1], 10 * by_d.gd[0])   # linear in T
    by_n = g.flop_curves("n", np.array([1000, 10_000, 100_000]), fixed=100)
    assert by_n.slope_closed == pytest.approx(1.0, abs=0.01)
    # closed form cheaper than T steps for d well below 4T, dearer well above
    both = g.flop_curves("d", np.array([40, 4000]), fixed=10_000, n_steps=(100,))
    assert both.closed[0] < both.gd[0, 0] and both.closed[1] > both.gd[0, 1]


@pytest.mark.parametrize("vary, sizes, match", [
    ("T", [1, 2], "vary must be 'n' or 'd'"),
    ("d", [5], "at least 2 positive integers"),
    ("d", [0, 5], "at least 2 positive integers"),
    ("d", [1.5, 2.5], "at least 2 positive integers"),
])
def test_flop_curves_reject_bad_sizes(vary, sizes, match):
    with pytest.raises(ValueError, match=match):
        g.flop_curves(vary, sizes, fixed=10)


def test_time_solvers_returns_positive_times():
    t = g.time_solvers("n", [200, 400], fixed=5, rng=np.random.default_rng(0), n_steps=5, repeats=1)
    assert t.closed.shape == t.gd.shape == (2,)
    assert np.all(t.closed > 0) and np.all(t.gd > 0) and t.n_steps == 5


# --- gradient flow -------------------------------------------------------------


def test_gradient_flow_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        g.gradient_flow("elu", np.random.default_rng(0), depth=2, width=4, n=8)
    with pytest.raises(ValueError, match="unknown initializer 'glorot'"):
        g.gradient_flow("relu", np.random.default_rng(0), depth=2, width=4, n=8, init="glorot")


def test_gradient_flow_measures_leaky_relu_too():
    flow = g.gradient_flow("leaky_relu", np.random.default_rng(0), depth=4, width=8, n=16)
    assert flow.weight_grad.shape == (4,) and np.all(flow.mean_derivative > 0.01)


def test_gradient_flow_matches_the_page():
    flows = {name: g.gradient_flow(name, np.random.default_rng(0)) for name in ("sigmoid", "tanh", "relu")}
    for flow in flows.values():
        assert flow.weight_grad.shape == (20,) and flow.delta.shape == (20,)
        assert flow.mean_derivative.shape == (19,)
    assert flows["sigmoid"].ratio < 1e-10
    assert 0.1 < flows["tanh"].ratio < 10 and 0.1 < flows["relu"].ratio < 10
    shrink = (flows["sigmoid"].delta[-1] / flows["sigmoid"].delta[0]) ** (1 / 19)
    assert 3.5 < shrink < 5.0


def test_gradient_flow_is_deterministic_and_uses_the_same_weights_for_every_activation():
    a = g.gradient_flow("tanh", np.random.default_rng(5), depth=5, width=8, n=16)
    b = g.gradient_flow("tanh", np.random.default_rng(5), depth=5, width=8, n=16)
    np.testing.assert_array_equal(a.weight_grad, b.weight_grad)
    # the same generator state draws the same weights whatever the activation
    rng1, rng2 = np.random.default_rng(5), np.random.default_rng(5)
    for rng in (rng1, rng2):
        rng.standard_normal((16, 8)), rng.standard_normal((16, 1))
    m1 = mlp([8] * 5 + [1], "tanh", rng1)
    m2 = mlp([8] * 5 + [1], "relu", rng2)
    for key in m1.params:
        np.testing.assert_array_equal(m1.params[key], m2.params[key])


def test_gradient_flow_agrees_with_finite_differences():
    """The recorded weight-gradient norm of the first layer is the true gradient's norm."""
    rng = np.random.default_rng(2)
    flow = g.gradient_flow("tanh", np.random.default_rng(2), depth=3, width=4, n=5)
    X, y = rng.standard_normal((5, 4)), rng.standard_normal((5, 1))
    model = mlp([4, 4, 4, 1], "tanh", rng)
    W = model.layers[0].params["W"]

    def loss(_):
        return float(np.mean((model.forward(X) - y) ** 2))

    assert relative_error(np.linalg.norm(numerical_gradient(loss, W)), flow.weight_grad[0]) < 1e-7


def test_large_weights_explode_and_he_preserves_relu():
    big = g.gradient_flow("relu", np.random.default_rng(0), init=normal(2 * np.sqrt(2 / 64)))
    assert big.delta[0] / big.delta[-1] > 1e5
    he = g.gradient_flow("relu", np.random.default_rng(0), init="he_normal")
    assert 0.2 < he.delta[0] / he.delta[-1] < 5


def test_gradient_flow_rejects_a_one_layer_net():
    with pytest.raises(ValueError, match="depth must be >= 2, got 1"):
        g.gradient_flow("relu", np.random.default_rng(0), depth=1)


# --- softmax cross-entropy -------------------------------------------------------


def test_softmax_regression_grad_is_the_outer_product_and_checks_numerically():
    rng = np.random.default_rng(0)
    X, W = rng.standard_normal((6, 4)), rng.standard_normal((4, 3))
    X[:, 1] = 0.0
    labels = rng.integers(0, 3, 6)
    G = g.softmax_regression_grad(W, X, labels)
    assert np.all(G[1] == 0.0)
    numeric = numerical_gradient(lambda _: g.softmax_regression_loss(W, X, labels), W)
    assert relative_error(G, numeric) < 1e-8
    e = np.exp(X @ W)
    p = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(G, X.T @ (p - np.eye(3)[labels]) / 6)


def test_softmax_regression_checks_shapes_and_labels():
    with pytest.raises(ValueError, match="X has 3 features but W has 4 rows"):
        g.softmax_regression_grad(np.ones((4, 2)), np.ones((5, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="got label 2"):
        g.softmax_regression_loss(np.ones((3, 2)), np.ones((2, 3)), np.array([0, 2]))


# --- zero initialization -------------------------------------------------------------


def test_two_moons_shape_and_balance():
    X, y = g.two_moons(np.random.default_rng(0), n=50, positive_fraction=0.4)
    assert X.shape == (50, 2) and y.mean() == 0.4 and set(np.unique(y)) == {0.0, 1.0}
    with pytest.raises(ValueError, match="positive_fraction must be < 1.0, got 1.0"):
        g.two_moons(np.random.default_rng(0), positive_fraction=1.0)


@pytest.mark.parametrize("activation, f0", [("tanh", 0.0), ("relu", 0.0), ("sigmoid", 0.5)])
def test_first_step_from_zero(activation, f0):
    X, y = g.two_moons(np.random.default_rng(1), n=30, positive_fraction=0.3)
    y_hat, grads = g.first_step(X, y, activation=activation, hidden=5)
    assert np.all(y_hat == 0.5)
    assert grads["2.b"][0] == pytest.approx(0.5 - y.mean())
    np.testing.assert_allclose(grads["2.W"], f0 * (0.5 - y.mean()))
    assert np.all(grads["0.W"] == 0.0) and np.all(grads["0.b"] == 0.0)


def test_hidden_unit_spread_detects_one_different_unit():
    model = mlp([2, 4, 1], "tanh", np.random.default_rng(0), init=constant(0.3))
    assert g.hidden_unit_spread(model) == 0.0
    model.layers[2].params["W"][3, 0] += 1e-12          # only one outgoing weight differs
    assert g.hidden_unit_spread(model) > 0.0


def test_symmetry_runs_match_the_page():
    runs = g.symmetry_runs(np.random.default_rng(0), epochs=1000)
    zeros, const, rand = runs["zeros"], runs["constant"], runs["random"]
    assert zeros.spread.max() == 0.0 and const.spread.max() == 0.0
    assert np.all(zeros.model.layers[0].params["W"] == 0.0)
    assert zeros.losses[-1] == pytest.approx(-(0.4 * np.log(0.4) + 0.6 * np.log(0.6)))
    assert rand.spread[-1] > 1.0 and rand.losses[-1] < 0.05 and rand.accuracy > 0.95
    assert const.losses[-1] > 5 * rand.losses[-1]
    assert zeros.losses.shape == (1001,)


def test_train_from_init_is_deterministic_and_validates():
    X, y = g.two_moons(np.random.default_rng(0), n=40)
    a = g.train_from_init(X, y, "xavier_uniform", np.random.default_rng(3), epochs=20)
    b = g.train_from_init(X, y, "xavier_uniform", np.random.default_rng(3), epochs=20)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert a.losses[-1] < a.losses[0]
    with pytest.raises(ValueError, match="epochs must be >= 0, got -1"):
        g.train_from_init(X, y, "zeros", np.random.default_rng(0), epochs=-1)
    with pytest.raises(ValueError, match="lr must be >= 0.0, got -0.1"):
        g.train_from_init(X, y, "zeros", np.random.default_rng(0), lr=-0.1)
