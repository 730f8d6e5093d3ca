"""Page gradients/softmax-cross-entropy: nnnotes.experiments.gradients.softmax_cross_entropy and its figure."""

from __future__ import annotations

import numpy as np
import pytest
from _figure_checks import check_gradients_figure, draw

from nnnotes.experiments.gradients import softmax_cross_entropy as page
from nnnotes.gradcheck import numerical_gradient, relative_error
from nnnotes.losses import softmax


def test_softmax_regression_grad_is_the_outer_product_and_checks_numerically():
    rng = np.random.default_rng(0)
    X, W = rng.standard_normal((6, 4)), rng.standard_normal((4, 3))
    X[:, 1] = 0.0
    labels = rng.integers(0, 3, 6)
    G = page.softmax_regression_grad(W, X, labels)
    assert np.all(G[1] == 0.0)
    numeric = numerical_gradient(lambda _: page.softmax_regression_loss(W, X, labels), W)
    assert relative_error(G, numeric) < 1e-8
    e = np.exp(X @ W)
    p = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(G, X.T @ (p - np.eye(3)[labels]) / 6)


def test_softmax_regression_checks_shapes_and_labels():
    with pytest.raises(ValueError, match="X has 3 features but W has 4 rows"):
        page.softmax_regression_grad(np.ones((4, 2)), np.ones((5, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="got label 2"):
        page.softmax_regression_loss(np.ones((3, 2)), np.ones((2, 3)), np.array([0, 2]))


def test_softmax_jacobian_matches_central_differences_and_its_properties():
    u = np.random.default_rng(4).standard_normal(5)
    J = page.softmax_jacobian(u)
    numeric = np.array([numerical_gradient(lambda _: softmax(u)[i], u) for i in range(5)])
    assert relative_error(J, numeric) < 1e-8
    np.testing.assert_allclose(J, J.T)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-15)
    assert np.all(np.linalg.eigvalsh(J) > -1e-15)             # positive semidefinite
    assert np.linalg.matrix_rank(J) == 4                         # rank C - 1: the direction (1, ..., 1) is lost


def test_softmax_jacobian_batches_and_saturates():
    U = np.random.default_rng(5).standard_normal((2, 3, 4))
    J = page.softmax_jacobian(U)
    assert J.shape == (2, 3, 4, 4)
    np.testing.assert_allclose(J[1, 2], page.softmax_jacobian(U[1, 2]))
    assert np.abs(page.softmax_jacobian([30.0, 0.0, 0.0])).max() < 1e-12
    assert page.softmax_jacobian([0.7]).tolist() == [[0.0]]     # one class: softmax is constant
    with pytest.raises(ValueError, match=r"u must have at least 1 dimension\(s\), got shape \(\)"):
        page.softmax_jacobian(1.0)


def test_true_logit_sweep_has_the_closed_forms():
    z = np.linspace(-12.0, 12.0, 97)
    sweep = page.true_logit_sweep(z, n_classes=3)
    p = sweep.probability
    np.testing.assert_allclose(p, np.exp(z) / (np.exp(z) + 2.0))
    np.testing.assert_allclose(sweep.cross_entropy, p - 1.0)
    np.testing.assert_allclose(sweep.squared_error, -3.0 * p * (1.0 - p) ** 2, atol=1e-16)   # C = 3
    assert np.all(sweep.cross_entropy < 0.0) and np.all(sweep.squared_error <= 0.0)
    # the squared-error gradient agrees with central differences of ||softmax(u) - e_0||^2
    u = np.array([-4.0, 0.0, 0.0])
    numeric = numerical_gradient(lambda _: np.sum((softmax(u) - np.eye(3)[0]) ** 2), u)
    assert page.true_logit_sweep([-4.0]).squared_error[0] == pytest.approx(numeric[0], rel=1e-7)


def test_true_logit_sweep_confidently_wrong_and_many_classes():
    for C in (2, 3, 10):
        sweep = page.true_logit_sweep([-15.0, 0.0], n_classes=C)
        assert abs(sweep.cross_entropy[0]) > 0.9999 and abs(sweep.squared_error[0]) < 1e-5
        assert sweep.cross_entropy[1] / sweep.squared_error[1] == pytest.approx(C / 2)


def test_true_logit_sweep_validates():
    with pytest.raises(ValueError, match="n_classes must be >= 2, got 1"):
        page.true_logit_sweep([0.0], n_classes=1)
    with pytest.raises(ValueError, match="true_logits must be 1-D"):
        page.true_logit_sweep(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="n_classes must be an integer"):
        page.true_logit_sweep([0.0], n_classes=3.0)


# --- figure ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_figure_draws_labelled_axes(lang):
    check_gradients_figure("softmax-gradient-size", lang)


def test_figure_shows_both_losses_on_linear_and_log_scales():
    import matplotlib.pyplot as plt

    fig = draw("softmax-gradient-size", "en")
    try:
        scales = sorted(ax.get_yscale() for ax in fig.axes)
        assert scales == ["linear", "log"]
        for ax in fig.axes:
            ce, se = (line.get_ydata() for line in ax.get_lines())
            assert ce[0] > 0.9999 and se[0] < 1e-4 and max(se) == pytest.approx(4 / 9)
    finally:
        plt.close(fig)
