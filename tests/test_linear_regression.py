"""Tests for nnnotes.linear_regression."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.linear_regression import (
    LinearFit,
    fit_closed_form,
    fit_gradient_descent,
    flops_closed_form,
    flops_gradient_descent,
)


@pytest.fixture
def data(rng):
    X = rng.standard_normal((50, 3)) + [1.0, -2.0, 0.5]
    w, b = np.array([1.5, -0.7, 2.0]), 0.3
    y = X @ w + b + 0.1 * rng.standard_normal(50)
    return X, y, w, b


def test_closed_form_recovers_noiseless_coefficients(rng):
    X = rng.standard_normal((20, 4))
    w = rng.standard_normal(4)
    fit = fit_closed_form(X, X @ w - 1.25)
    assert isinstance(fit, LinearFit)
    coef, intercept = fit  # unpackable
    np.testing.assert_allclose(coef, w, rtol=1e-12)
    assert intercept == pytest.approx(-1.25, rel=1e-12)
    assert isinstance(intercept, float)


def test_closed_form_solves_normal_equations(data):
    X, y, _, _ = data
    coef, b = fit_closed_form(X, y)
    r = y - X @ coef - b
    np.testing.assert_allclose(X.T @ r, 0.0, atol=1e-10)
    assert abs(r.sum()) < 1e-10
    coef0, b0 = fit_closed_form(X, y, fit_intercept=False)
    assert b0 == 0.0
    np.testing.assert_allclose(X.T @ (y - X @ coef0), 0.0, atol=1e-10)


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_descent_agrees_with_closed_form(data, l2):
    X, y, _, _ = data
    coef, b = fit_closed_form(X, y, l2=l2)
    gd = fit_gradient_descent(X, y, lr=0.1, n_steps=3000, l2=l2)
    np.testing.assert_allclose(gd.coef, coef, rtol=1e-7, atol=1e-9)
    assert gd.intercept == pytest.approx(b, rel=1e-7, abs=1e-9)
    assert gd.losses.shape == (3001,)
    assert np.all(np.diff(gd.losses) <= 1e-15)  # monotone for a stable step
    r = y - X @ coef - b
    best = r @ r / (2 * len(y)) + 0.5 * l2 * coef @ coef
    assert gd.losses[-1] == pytest.approx(best, rel=1e-10)


def test_gradient_descent_first_loss_and_w0(data):
    X, y, w, _ = data
    gd = fit_gradient_descent(X, y, lr=0.1, n_steps=0)
    assert gd.losses.shape == (1,)
    assert gd.losses[0] == pytest.approx(y @ y / (2 * len(y)))
    np.testing.assert_array_equal(gd.coef, 0.0)
    w0 = w.copy()
    gd = fit_gradient_descent(X, y, lr=0.1, n_steps=1, w0=w0, fit_intercept=False)
    r = y - X @ w
    np.testing.assert_allclose(gd.coef, w + 0.1 * X.T @ r / len(y))
    np.testing.assert_array_equal(w0, w)  # w0 copied, not mutated
    assert gd.intercept == 0.0


def test_ridge_satisfies_its_normal_equations(data):
    X, y, _, _ = data
    n, lam = len(y), 0.7
    coef, b = fit_closed_form(X, y, l2=lam)
    r = y - X @ coef - b
    # gradient of 1/(2n)||r||^2 + lam/2 ||w||^2 vanishes; b unpenalised
    np.testing.assert_allclose(-X.T @ r / n + lam * coef, 0.0, atol=1e-12)
    assert abs(r.sum()) < 1e-10
    assert np.linalg.norm(coef) < np.linalg.norm(fit_closed_form(X, y).coef)


def test_rank_deficient_gives_min_norm_solution(rng):
    a = rng.standard_normal((30, 1))
    X = np.hstack([a, a, 2 * a])  # rank 1
    y = 3.0 * a[:, 0] + 1.0
    coef, b = fit_closed_form(X, y)
    np.testing.assert_allclose(X @ coef + b, y, atol=1e-10)
    # minimum-norm coef lies in the row space, direction (1, 1, 2)
    np.testing.assert_allclose(coef, 3.0 * np.array([1, 1, 2]) / 6, rtol=1e-10)
    wide = rng.standard_normal((5, 10))  # more features than samples
    coef_w, _ = fit_closed_form(wide, rng.standard_normal(5), fit_intercept=False)
    assert np.all(np.isfinite(coef_w))
    ridge, _ = fit_closed_form(X, y, l2=1e-3)
    assert np.all(np.isfinite(ridge))


def test_matrix_targets(rng):
    X = rng.standard_normal((40, 3))
    W = rng.standard_normal((3, 2))
    Y = X @ W + [1.0, -1.0]
    coef, b = fit_closed_form(X, Y)
    np.testing.assert_allclose(coef, W, rtol=1e-10)
    np.testing.assert_allclose(b, [1.0, -1.0], rtol=1e-10)
    gd = fit_gradient_descent(X, Y, lr=0.2, n_steps=2000)
    assert gd.coef.shape == (3, 2) and gd.intercept.shape == (2,)
    np.testing.assert_allclose(gd.coef, W, rtol=1e-6)


def test_divergence_is_reported(data):
    X, y, _, _ = data
    with pytest.raises(FloatingPointError, match=r"diverged at step \d+ with lr=10.0.*stable only for lr < "):
        fit_gradient_descent(X, y, lr=10.0, n_steps=5000)


def test_flop_counts():
    assert flops_closed_form(100, 10) == 100 * 100 + 2 * 1000 + 1000 / 3 + 200
    assert flops_gradient_descent(100, 10, 50) == 4 * 100 * 10 * 50
    assert flops_gradient_descent(100, 10, 0) == 0.0
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        flops_closed_form(0, 3)
    with pytest.raises(ValueError, match="n_steps must be >= 0, got -1"):
        flops_gradient_descent(3, 3, -1)


def test_bad_input(data):
    X, y, _, _ = data
    with pytest.raises(ValueError, match=r"same number of samples, got X of shape \(50, 3\) and y of shape \(49,\)"):
        fit_closed_form(X, y[:-1])
    with pytest.raises(ValueError, match=r"X must be 2-D, got 1-D"):
        fit_closed_form(X[:, 0], y)
    with pytest.raises(ValueError, match=r"y must be 1-D or 2-D, got 3-D"):
        fit_closed_form(X, y.reshape(50, 1, 1))
    with pytest.raises(ValueError, match="X must be finite"):
        fit_closed_form(np.where(X > 2, np.nan, X), y)
    with pytest.raises(ValueError, match=r"l2 must be >= 0.0, got -1.0"):
        fit_closed_form(X, y, l2=-1.0)
    with pytest.raises(ValueError, match=r"lr must be > 0.0, got -0.1"):
        fit_gradient_descent(X, y, lr=-0.1, n_steps=3)
    with pytest.raises(TypeError, match="n_steps must be an integer, got 2.5"):
        fit_gradient_descent(X, y, lr=0.1, n_steps=2.5)
    with pytest.raises(ValueError, match=r"w0 must have shape \(3,\).*got \(2,\)"):
        fit_gradient_descent(X, y, lr=0.1, n_steps=3, w0=np.zeros(2))


def test_hessian_eigenvalues_match_the_explicit_hessian() -> None:
    from nnnotes.linear_regression import hessian_eigenvalues

    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 3)) * np.array([1.0, 10.0, 0.1])
    Xt = np.column_stack([X, np.ones(40)])
    H = Xt.T @ Xt / 40
    H[:3, :3] += 0.5 * np.eye(3)  # the ridge term; the intercept is not penalised
    assert np.allclose(hessian_eigenvalues(X, l2=0.5), np.linalg.eigvalsh(H))
    assert hessian_eigenvalues(X, fit_intercept=False).shape == (3,)
    eig = hessian_eigenvalues(X)
    assert np.all(np.diff(eig) >= 0) and eig[0] > 0
    with pytest.raises(ValueError, match="l2"):
        hessian_eigenvalues(X, l2=-1.0)
