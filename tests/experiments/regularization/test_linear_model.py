"""nnnotes.experiments.regularization.linear_model: the linear model the L1-sparsity and input-noise pages train."""

from __future__ import annotations

import numpy as np
import pytest

from nnnotes.experiments.regularization.l1_sparsity import sparse_regression
from nnnotes.experiments.regularization.linear_model import train_linear
from nnnotes.linear_regression import fit_closed_form
from nnnotes.optim import SGD


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
