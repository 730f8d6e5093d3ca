"""Page regularization/bias: nnnotes.experiments.regularization.bias and its figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import check_persian_labels_read_right_to_left, check_regularization_figure  # noqa: E402

from nnnotes.figures import load_registry  # noqa: E402

from nnnotes.experiments.regularization.bias import bias_penalty, fit_logistic, two_blobs  # noqa: E402

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def bias_exp():
    return bias_penalty(np.random.default_rng(0))


# --- experiment ----------------------------------------------------------------


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


# --- figure ----------------------------------------------------------------------

FIGURES = ('bias-boundary',)


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_registered_from_this_page(name: str) -> None:
    assert REGISTRY[name].module == "nnnotes.plotting.regularization.bias"


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", FIGURES)
def test_figure_has_labelled_axes_in_its_language(name: str, lang: str) -> None:
    check_regularization_figure(name, lang)


@pytest.mark.parametrize("name", FIGURES)
def test_persian_labels_read_right_to_left(name: str) -> None:
    check_persian_labels_read_right_to_left(name)
