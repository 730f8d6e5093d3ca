"""Page gradients/zero-init: nnnotes.experiments.gradients.zero_init and its figure."""

from __future__ import annotations

import numpy as np
import pytest
from _figure_checks import check_gradients_figure

from nnnotes.experiments.gradients import zero_init as page
from nnnotes.initializers import constant
from nnnotes.layers import mlp
from nnnotes.losses import binary_cross_entropy_grad

# --- experiment ----------------------------------------------------------------


def test_two_moons_shape_and_balance():
    X, y = page.two_moons(np.random.default_rng(0), n=50, positive_fraction=0.4)
    assert X.shape == (50, 2) and y.mean() == 0.4 and set(np.unique(y)) == {0.0, 1.0}
    with pytest.raises(ValueError, match="positive_fraction must be < 1.0, got 1.0"):
        page.two_moons(np.random.default_rng(0), positive_fraction=1.0)


@pytest.mark.parametrize("activation, f0", [("tanh", 0.0), ("relu", 0.0), ("sigmoid", 0.5)])
def test_first_step_from_zero(activation, f0):
    X, y = page.two_moons(np.random.default_rng(1), n=30, positive_fraction=0.3)
    y_hat, grads = page.first_step(X, y, activation=activation, hidden=5)
    assert np.all(y_hat == 0.5)
    assert grads["2.b"][0] == pytest.approx(0.5 - y.mean())
    np.testing.assert_allclose(grads["2.W"], f0 * (0.5 - y.mean()))
    assert np.all(grads["0.W"] == 0.0) and np.all(grads["0.b"] == 0.0)


def test_single_unit_first_update_is_set_by_class_sums():
    X, y = page.two_moons(np.random.default_rng(2), n=50, positive_fraction=0.3)
    dw, db = page.single_unit_first_update(X + 2.0, y, lr=0.1)
    n1, n0 = y.sum(), (1 - y).sum()
    sums = 0.5 * ((X + 2.0)[y == 1].sum(axis=0) - (X + 2.0)[y == 0].sum(axis=0))
    np.testing.assert_allclose(dw, 0.1 * sums / 50)
    assert db == pytest.approx(0.1 * (y.mean() - 0.5))
    centred = X - X.mean(axis=0)
    gap = X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0)
    np.testing.assert_allclose(page.single_unit_first_update(centred, y)[0], n1 * n0 / 50**2 * gap)
    # the same step as a model trained one step from zero
    model = mlp([2, 1], "tanh", np.random.default_rng(0), init="zeros")
    logits = model.forward(centred)
    model.backward(binary_cross_entropy_grad(y[:, None], logits))
    np.testing.assert_allclose(-model.grads["0.W"][:, 0], page.single_unit_first_update(centred, y)[0])


def test_single_unit_first_update_validates():
    with pytest.raises(ValueError, match="X has 3 samples but y has 2"):
        page.single_unit_first_update(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="lr must be >= 0.0, got -1.0"):
        page.single_unit_first_update(np.zeros((2, 2)), np.zeros(2), lr=-1.0)


def test_hidden_unit_spread_detects_one_different_unit():
    model = mlp([2, 4, 1], "tanh", np.random.default_rng(0), init=constant(0.3))
    assert page.hidden_unit_spread(model) == 0.0
    model.layers[2].params["W"][3, 0] += 1e-12          # only one outgoing weight differs
    assert page.hidden_unit_spread(model) > 0.0


def test_symmetry_runs_match_the_page():
    runs = page.symmetry_runs(np.random.default_rng(0), epochs=1000)
    zeros, const, rand = runs["zeros"], runs["constant"], runs["random"]
    assert zeros.spread.max() == 0.0 and const.spread.max() == 0.0
    assert np.all(zeros.model.layers[0].params["W"] == 0.0)
    assert zeros.losses[-1] == pytest.approx(-(0.4 * np.log(0.4) + 0.6 * np.log(0.6)))
    assert rand.spread[-1] > 1.0 and rand.losses[-1] < 0.05 and rand.accuracy > 0.95
    assert const.losses[-1] > 5 * rand.losses[-1]
    assert zeros.losses.shape == (1001,)


def test_train_from_init_is_deterministic_and_validates():
    X, y = page.two_moons(np.random.default_rng(0), n=40)
    a = page.train_from_init(X, y, "xavier_uniform", np.random.default_rng(3), epochs=20)
    b = page.train_from_init(X, y, "xavier_uniform", np.random.default_rng(3), epochs=20)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert a.losses[-1] < a.losses[0]
    with pytest.raises(ValueError, match="epochs must be >= 0, got -1"):
        page.train_from_init(X, y, "zeros", np.random.default_rng(0), epochs=-1)
    with pytest.raises(ValueError, match="lr must be >= 0.0, got -0.1"):
        page.train_from_init(X, y, "zeros", np.random.default_rng(0), lr=-0.1)


# --- figure ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_figure_draws_labelled_axes(lang):
    check_gradients_figure("zero-init", lang)
