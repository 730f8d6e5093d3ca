"""Page gradients/softmax-cross-entropy: nnnotes.experiments.gradients.softmax_cross_entropy (no figure)."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.experiments.gradients import softmax_cross_entropy as page
from nnnotes.gradcheck import numerical_gradient, relative_error


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
