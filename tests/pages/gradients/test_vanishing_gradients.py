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


def test_layer_gains_compare_the_bound_the_estimate_and_the_measurement():
    gains = {name: page.layer_gains(name, np.random.default_rng(0)) for name in ("sigmoid", "tanh", "relu")}
    for g in gains.values():
        assert g.bound.shape == g.estimate.shape == g.measured.shape == (19,)
        # the rms estimate predicts every layer, the last (64 -> 1) one included
        assert np.all(np.abs(g.estimate / g.measured - 1) < 0.25)
    # a sigmoid layer's bound is at most ||W|| / 4, about 0.5: vanishing is proved
    assert gains["sigmoid"].bound.max() < 0.55
    # for ReLU the bound is about 2 per layer while the gradient shrinks
    assert gains["relu"].bound.min() > 1.4 and gains["relu"].measured.max() < 0.8


def test_layer_gains_measure_the_same_network_as_gradient_flow():
    flow = page.gradient_flow("tanh", np.random.default_rng(4), depth=6, width=8, n=16)
    gains = page.layer_gains("tanh", np.random.default_rng(4), depth=6, width=8, n=16)
    # rms ratios of square layers are norm ratios
    np.testing.assert_allclose(gains.measured[:-1], flow.delta[:-2] / flow.delta[1:-1], rtol=1e-12)


def test_sign_agreement_of_sigmoid_and_tanh():
    one = page.sign_agreement("sigmoid", np.random.default_rng(0), n=1)
    assert one.shape == (3,) and np.all(one == 1.0)  # exact: positive inputs, one delta_j per column
    assert np.all(page.sign_agreement("sigmoid", np.random.default_rng(0), n=256) > 0.9)
    assert np.all(page.sign_agreement("tanh", np.random.default_rng(0), n=1) == 0.0)
    assert np.all(page.sign_agreement("tanh", np.random.default_rng(0), n=256) < 0.1)
    with pytest.raises(ValueError, match="depth must be >= 3, got 2"):
        page.sign_agreement("sigmoid", np.random.default_rng(0), depth=2)


def test_residual_blocks_keep_the_gradient_where_the_plain_network_loses_it():
    plain = page.gradient_flow("sigmoid", np.random.default_rng(0))
    residual = page.residual_gradient_flow("sigmoid", np.random.default_rng(0))
    assert residual.stream.shape == (20,) and residual.weight_grad.shape == (19,)
    assert plain.delta[0] / plain.delta[-1] < 1e-10
    assert 0.5 < residual.stream[0] / residual.stream[-1] < 2
    assert residual.weight_grad.max() / residual.weight_grad.min() < 2


def test_residual_gradient_flow_agrees_with_finite_differences():
    """The gradient with respect to the input equals a numerical one (a 2-block tanh net)."""
    flow = page.residual_gradient_flow("tanh", np.random.default_rng(1), depth=3, width=3, n=2)
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((2, 3)), rng.standard_normal((2, 1))
    from nnnotes.initializers import xavier_uniform

    blocks = [(xavier_uniform(3, 3, rng), xavier_uniform(3, 3, rng)) for _ in range(2)]
    out = xavier_uniform(3, 1, rng)

    def loss(X):
        h = X
        for A, B in blocks:
            h = h + np.tanh(h @ A) @ B
        return float(np.mean((h @ out - y) ** 2))

    assert relative_error(np.linalg.norm(numerical_gradient(loss, X.copy())), flow.stream[0]) < 1e-7


def test_recurrent_memory_vanishes_without_gates_and_survives_open_ones():
    rnn = page.recurrent_memory("rnn", np.random.default_rng(0))
    assert rnn.shape == (50,) and rnn[-1] < 1e-8
    assert page.recurrent_memory("lstm", np.random.default_rng(0), forget_bias=0.0)[-1] < 1e-8
    assert 0.1 < page.recurrent_memory("lstm", np.random.default_rng(0), forget_bias=3.0)[-1] < 100
    with pytest.raises(ValueError, match="unknown cell 'gru'"):
        page.recurrent_memory("gru", np.random.default_rng(0))


def test_recurrent_memory_jacobians_agree_with_finite_differences():
    """The LSTM's carried Jacobian d c_t / d c_0 is the numerical one (c_0 perturbed, h_0 = 0)."""
    from nnnotes.activations import sigmoid
    from nnnotes.initializers import xavier_uniform

    width, steps = 3, 6
    norms = page.recurrent_memory("lstm", np.random.default_rng(3), steps=steps, width=width, forget_bias=1.0)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((steps, width))
    Wh, Wx = xavier_uniform(width, 4 * width, rng), xavier_uniform(width, 4 * width, rng)
    b = np.zeros(4 * width)
    b[width : 2 * width] = 1.0

    def final_cell(c0):
        h, c = np.zeros(width), c0
        for t in range(steps):
            a = h @ Wh + x[t] @ Wx + b
            i, f, o = (sigmoid(a[k * width : (k + 1) * width]) for k in range(3))
            c = f * c + i * np.tanh(a[3 * width :])
            h = o * np.tanh(c)
        return c

    eps = 1e-6
    J = np.array([(final_cell(e * eps) - final_cell(-e * eps)) / (2 * eps) for e in np.eye(width)])
    assert relative_error(np.linalg.norm(J, 2), norms[-1]) < 1e-7


# --- figures ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["vanishing-gradients", "activation-derivatives"])
def test_figures_draw_labelled_axes(name, lang):
    check_gradients_figure(name, lang)
