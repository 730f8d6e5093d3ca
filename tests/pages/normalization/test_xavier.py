"""Page normalization/xavier: nnnotes.experiments.normalization.xavier and its two figures."""

from __future__ import annotations


import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import check_normalization_figure  # noqa: E402

from nnnotes.experiments.normalization.xavier import (  # noqa: E402
    INIT_SCHEMES,
    SignalStats,
    init_comparison,
    layer_variance_gains,
    signal_propagation,
    tanh_fixed_point,
    weight_variance,
)
from nnnotes.figures import Labels, load_registry  # noqa: E402
from nnnotes.plotting.normalization.xavier import plot_layer_spread  # noqa: E402
from nnnotes.plotting.style import figure_style  # noqa: E402


@pytest.fixture(scope="module")
def runs():
    return init_comparison(np.random.default_rng(0))


# --- experiment ----------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "bad"), [({"activation": "softsign"}, "'softsign'"), ({"init": "orthogonal"}, "'orthogonal'")])
def test_signal_propagation_rejects_unknown_names(kwargs, bad):
    args = {"activation": "tanh", "init": "he"} | kwargs
    with pytest.raises(ValueError, match=bad):
        signal_propagation(args["activation"], args["init"], np.random.default_rng(0), depth=2, width=4, batch=8)


@pytest.mark.parametrize("init", ["small", "large", "lecun", "xavier", "he"])
def test_weight_variance_is_what_the_initializer_draws(init):
    W = INIT_SCHEMES[init](300, 200, np.random.default_rng(0))
    assert W.var() == pytest.approx(weight_variance(init, 300, 200), rel=0.02)


@pytest.mark.parametrize("init", ["lecun", "xavier", "he"])
def test_one_layer_gains_follow_the_fan_formulas(init):
    gains = layer_variance_gains(512, 128, init, np.random.default_rng(0))
    assert gains.forward == pytest.approx(gains.forward_law, rel=0.02)
    assert gains.backward == pytest.approx(gains.backward_law, rel=0.02)
    # Forward and backward gains differ by fan_out / fan_in whatever the scheme.
    assert gains.backward_law / gains.forward_law == pytest.approx(128 / 512)


def test_xavier_is_the_compromise():
    lecun = layer_variance_gains(512, 128, "lecun", np.random.default_rng(0))
    xavier = layer_variance_gains(512, 128, "xavier", np.random.default_rng(0))
    assert (lecun.forward_law, lecun.backward_law) == (1.0, 0.25)
    assert (xavier.forward_law, xavier.backward_law) == pytest.approx((1.6, 0.4))
    with pytest.raises(ValueError, match="'glorot'"):
        weight_variance("glorot", 2, 2)


def test_signal_propagation_shapes_and_determinism():
    a = signal_propagation("relu", "he", np.random.default_rng(3), depth=4, width=16, batch=32)
    b = signal_propagation("relu", "he", np.random.default_rng(3), depth=4, width=16, batch=32)
    assert a.act_std.shape == a.grad_std.shape == (5,)
    np.testing.assert_array_equal(a.act_std, b.act_std)
    np.testing.assert_array_equal(a.grad_std, b.grad_std)


def test_signal_propagation_matches_the_variance_formula_for_one_linear_layer():
    """One ReLU layer with He weights: E[z^2] = n_in Var(w) E[x^2] = 2, so E[relu(z)^2] = 1."""
    run = signal_propagation("relu", "he", np.random.default_rng(0), depth=1, width=512, batch=2048)
    # relu(z) for z ~ N(0, 2) has mean 1/sqrt(pi) and second moment 1.
    mean = 1.0 / np.sqrt(np.pi)
    second_moment = run.act_std[1] ** 2 + mean**2
    assert second_moment == pytest.approx(1.0, rel=0.03)


def test_the_chosen_schemes_keep_the_signal(runs):
    he_relu = runs[("relu", "he")]
    assert 0.5 <= he_relu.act_ratio <= 2.0
    assert np.all((he_relu.act_std[1:] > 0.5) & (he_relu.act_std[1:] < 2.0))
    assert np.all((he_relu.grad_std > 0.5) & (he_relu.grad_std < 2.0))
    xavier_tanh = runs[("tanh", "xavier")]
    # tanh shrinks a little at every layer: a slow decay, roughly 1/sqrt(2 l), not an exponential one.
    assert 0.2 < xavier_tanh.act_ratio < 0.3
    layers = np.arange(5, 21)
    np.testing.assert_allclose(xavier_tanh.act_std[layers], 1.0 / np.sqrt(2.0 * layers), rtol=0.15)
    assert np.all(xavier_tanh.grad_std > 0.1)


def test_the_naive_schemes_lose_the_signal(runs):
    assert runs[("tanh", "small")].act_std[-1] < 1e-15
    assert runs[("relu", "small")].act_std[-1] < 1e-18
    assert runs[("relu", "large")].act_std[-1] > 1e20
    # tanh with std-1 weights saturates: activations near +-1 ...
    assert runs[("tanh", "large")].act_std[-1] > 0.95
    # ... and yet the gradient grows on its way down (the few unsaturated units see huge weights).
    assert runs[("tanh", "large")].grad_std[0] > 1e8
    # Xavier on ReLU halves the second moment per layer: about 2^(-19/2) from layer 1 to 20.
    assert runs[("relu", "xavier")].act_ratio == pytest.approx(2.0 ** -9.5, rel=0.3)


def test_the_gradient_enters_with_unit_spread(runs):
    for run in runs.values():
        assert run.grad_std[-1] == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("gain", [0.25, 1.0])
def test_tanh_fixed_point_is_zero_up_to_the_critical_gain(gain):
    point = tanh_fixed_point(gain)
    assert (point.q_star, point.chi) == (0.0, gain)


def test_tanh_fixed_point_above_the_critical_gain():
    # Just above 1: q = g (q - 2 q^2 + ...) gives q* ~ (g - 1) / (2 g), and chi ~ 1 + (4/3) q*^2 > 1.
    near = tanh_fixed_point(1.001)
    assert near.q_star == pytest.approx(0.001 / 2.002, rel=0.01)
    assert 0 < near.chi - 1 < 1e-5
    # He's gain: q* solves the fixed-point equation (checked by Monte Carlo) and chi > 1.
    he = tanh_fixed_point(2.0)
    u = np.random.default_rng(0).standard_normal(2_000_000)
    assert 2.0 * np.mean(np.tanh(np.sqrt(he.q_star) * u) ** 2) == pytest.approx(he.q_star, rel=2e-3)
    assert 2.0 * np.mean((1 - np.tanh(np.sqrt(he.q_star) * u) ** 2) ** 2) == pytest.approx(he.chi, rel=2e-3)
    assert he.chi > 1.1
    # The saturated network of the page: sqrt(chi) is the per-layer gradient growth, about 2.9.
    assert np.sqrt(tanh_fixed_point(256.0).chi) == pytest.approx(2.95, abs=0.05)
    with pytest.raises(ValueError, match="gain"):
        tanh_fixed_point(0.0)


def test_he_with_tanh_explodes_as_the_theory_predicts():
    growth = {}
    for depth in (20, 50):
        run = signal_propagation("tanh", "he", np.random.default_rng(0), depth=depth, width=256, batch=256)
        growth[depth] = run.grad_std[0] / run.grad_std[-1]
    per_layer = (growth[50] / growth[20]) ** (1 / 30)
    assert per_layer == pytest.approx(np.sqrt(tanh_fixed_point(2.0).chi), rel=0.01)


def test_batch_norm_rescues_a_bad_initialisation():
    run = signal_propagation("relu", "small", np.random.default_rng(0), depth=8, width=64, batch=128, batch_norm=True)
    assert np.all(run.act_std[1:] > 0.5)


# --- figures ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["init-variance", "init-gradient-variance", "tanh-depth"])
def test_figure_has_labelled_axes_in_its_language(name, lang):
    check_normalization_figure(name, lang)


def test_persian_panels_read_right_to_left():
    """tanh is the first panel: on the left in English, on the right in Persian."""
    positions = {}
    for lang in ("en", "fa"):
        with figure_style(lang):
            fig = load_registry()["init-variance"].draw(Labels(lang))
        tanh = next(ax for ax in fig.axes if ax.get_title() == "tanh")
        positions[lang] = tanh.get_position().x0
        plt.close(fig)
    assert positions["en"] < 0.3 < 0.5 < positions["fa"]


def _stats(values):
    values = np.asarray(values, dtype=float)
    return SignalStats("relu", "large", values, values[::-1])


def test_layer_spread_labels_curves_that_leave_the_frame():
    fig, ax = plt.subplots()
    try:
        plot_layer_spread(ax, [_stats([1.0, 10.0, 1e8])], Labels("en"), "act", ylim=(1e-4, 1e4))
        assert ax.get_ylim() == pytest.approx((1e-4, 1e4))
        notes = [child.get_text() for child in ax.texts]
        assert notes == ["$l = 2$: $1.0 \\times 10^{8}$"]
    finally:
        plt.close(fig)


def test_layer_spread_rejects_an_unknown_quantity():
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="'weights'"):
            plot_layer_spread(ax, [_stats([1.0, 1.0])], Labels("en"), "weights")
    finally:
        plt.close(fig)
