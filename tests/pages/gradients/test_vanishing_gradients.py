"""Page gradients/vanishing-gradients: nnnotes.experiments.gradients.vanishing_gradients and its figures."""

from __future__ import annotations

import numpy as np
import pytest
from _figure_checks import check_gradients_figure

from nnnotes.experiments.gradients import vanishing_gradients as page
from nnnotes.gradcheck import numerical_gradient, relative_error
from nnnotes.initializers import normal
from nnnotes.layers import mlp

# --- experiment ----------------------------------------------------------------


def test_gradient_flow_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        page.gradient_flow("elu", np.random.default_rng(0), depth=2, width=4, n=8)
    with pytest.raises(ValueError, match="unknown initializer 'glorot'"):
        page.gradient_flow("relu", np.random.default_rng(0), depth=2, width=4, n=8, init="glorot")


def test_gradient_flow_measures_leaky_relu_too():
    flow = page.gradient_flow("leaky_relu", np.random.default_rng(0), depth=4, width=8, n=16)
    assert flow.weight_grad.shape == (4,) and np.all(flow.mean_derivative > 0.01)


def test_gradient_flow_matches_the_page():
    flows = {name: page.gradient_flow(name, np.random.default_rng(0)) for name in ("sigmoid", "tanh", "relu")}
    for flow in flows.values():
        assert flow.weight_grad.shape == (20,) and flow.delta.shape == (20,)
        assert flow.mean_derivative.shape == (19,)
    assert flows["sigmoid"].ratio < 1e-10
    assert 0.1 < flows["tanh"].ratio < 10 and 0.1 < flows["relu"].ratio < 10
    shrink = (flows["sigmoid"].delta[-1] / flows["sigmoid"].delta[0]) ** (1 / 19)
    assert 3.5 < shrink < 5.0


def test_gradient_flow_is_deterministic_and_uses_the_same_weights_for_every_activation():
    a = page.gradient_flow("tanh", np.random.default_rng(5), depth=5, width=8, n=16)
    b = page.gradient_flow("tanh", np.random.default_rng(5), depth=5, width=8, n=16)
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
    flow = page.gradient_flow("tanh", np.random.default_rng(2), depth=3, width=4, n=5)
    X, y = rng.standard_normal((5, 4)), rng.standard_normal((5, 1))
    model = mlp([4, 4, 4, 1], "tanh", rng)
    W = model.layers[0].params["W"]

    def loss(_):
        return float(np.mean((model.forward(X) - y) ** 2))

    assert relative_error(np.linalg.norm(numerical_gradient(loss, W)), flow.weight_grad[0]) < 1e-7


def test_large_weights_explode_and_he_preserves_relu():
    big = page.gradient_flow("relu", np.random.default_rng(0), init=normal(2 * np.sqrt(2 / 64)))
    assert big.delta[0] / big.delta[-1] > 1e5
    he = page.gradient_flow("relu", np.random.default_rng(0), init="he_normal")
    assert 0.2 < he.delta[0] / he.delta[-1] < 5


def test_gradient_flow_rejects_a_one_layer_net():
    with pytest.raises(ValueError, match="depth must be >= 2, got 1"):
        page.gradient_flow("relu", np.random.default_rng(0), depth=1)


# --- figures ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["vanishing-gradients", "activation-derivatives"])
def test_figures_draw_labelled_axes(name, lang):
    check_gradients_figure(name, lang)
