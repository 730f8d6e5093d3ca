"""Page regularization/input-noise: nnnotes.experiments.regularization.input_noise and its figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import check_persian_labels_read_right_to_left, check_regularization_figure  # noqa: E402

from nnnotes.figures import load_registry  # noqa: E402

from nnnotes.experiments.regularization.input_noise import (  # noqa: E402
    dropout_penalty,
    dropout_ridge,
    expected_dropout_loss,
    expected_noisy_loss,
    noise_vs_ridge,
)

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def noise():
    return noise_vs_ridge(np.random.default_rng(0))


# --- experiment ----------------------------------------------------------------


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


# --- dropout ---------------------------------------------------------------------


def _scaled_data(seed: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((60, 4)) * np.array([1.0, 4.0, 0.3, 1.0])
    return X, X @ rng.standard_normal(4) + 0.3 * rng.standard_normal(60)


def test_dropout_penalty_is_p_over_1_minus_p_times_mean_square():
    X = np.array([[1.0, 2.0], [3.0, 0.0]])
    np.testing.assert_allclose(dropout_penalty(X, 0.5), [5.0, 2.0])
    np.testing.assert_allclose(dropout_penalty(X, 0.2), [1.25, 0.5])
    np.testing.assert_array_equal(dropout_penalty(X, 0.0), [0.0, 0.0])


def test_expected_dropout_loss_is_loss_plus_weighted_penalty():
    X, y = _scaled_data()
    n = len(y)
    for w in (np.zeros(4), np.array([1.0, -0.5, 2.0, 0.3])):
        clean = np.sum((y - X @ w) ** 2) / (2 * n)
        formula = clean + 0.5 * np.sum(dropout_penalty(X, 0.4) * w**2)
        mc = expected_dropout_loss(X, y, w, 0.4, np.random.default_rng(0), n_draws=4000)
        assert mc == pytest.approx(formula, rel=0.01)
    # p = 0 keeps every input: the loss is the clean loss exactly.
    w = np.array([1.0, -0.5, 2.0, 0.3])
    assert expected_dropout_loss(X, y, w, 0.0, np.random.default_rng(0), n_draws=3) == pytest.approx(
        np.sum((y - X @ w) ** 2) / (2 * n), rel=1e-12
    )


def test_dropout_ridge_solves_its_normal_equations():
    X, y = _scaled_data()
    n = len(y)
    w = dropout_ridge(X, y, 0.3)
    # Gradient of the expected loss vanishes: -(1/n) X^T (y - X w) + lambda_j w_j = 0.
    np.testing.assert_allclose(-X.T @ (y - X @ w) / n + dropout_penalty(X, 0.3) * w, 0.0, atol=1e-12)
    # p = 0 is least squares.
    np.testing.assert_allclose(dropout_ridge(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-10)


def test_dropout_ridge_predictions_do_not_depend_on_feature_scale():
    X, y = _scaled_data()
    scale = np.array([10.0, 0.1, 3.0, -2.0])
    w, w_scaled = dropout_ridge(X, y, 0.3), dropout_ridge(X * scale, y, 0.3)
    np.testing.assert_allclose(w_scaled * scale, w, rtol=1e-10)
    np.testing.assert_allclose((X * scale) @ w_scaled, X @ w, rtol=1e-10, atol=1e-12)


def test_dropout_functions_reject_bad_input():
    X, y = np.ones((3, 2)), np.ones(3)
    with pytest.raises(ValueError, match="p must be < 1.0, got 1.0"):
        dropout_penalty(X, 1.0)
    with pytest.raises(ValueError, match="p must be >= 0.0, got -0.1"):
        dropout_ridge(X, y, -0.1)
    with pytest.raises(ValueError, match=r"same number of samples, got \(3, 2\) and \(4,\)"):
        dropout_ridge(X, np.ones(4), 0.5)
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        expected_dropout_loss(X, y, np.ones(3), 0.5, np.random.default_rng(0))
    with pytest.raises(TypeError):
        expected_dropout_loss(X, y, np.ones(2), 0.5, rng=0)


# --- figure ----------------------------------------------------------------------

FIGURES = ('noise-ridge',)


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_registered_from_this_page(name: str) -> None:
    assert REGISTRY[name].module == "nnnotes.plotting.regularization.input_noise"


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", FIGURES)
def test_figure_has_labelled_axes_in_its_language(name: str, lang: str) -> None:
    check_regularization_figure(name, lang)


@pytest.mark.parametrize("name", FIGURES)
def test_persian_labels_read_right_to_left(name: str) -> None:
    check_persian_labels_read_right_to_left(name)
