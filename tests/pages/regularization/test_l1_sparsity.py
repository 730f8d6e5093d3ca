"""Page regularization/l1-sparsity: nnnotes.experiments.regularization.l1_sparsity and its three figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import check_persian_labels_read_right_to_left, check_regularization_figure  # noqa: E402

from nnnotes.figures import Labels, load_registry  # noqa: E402
from nnnotes.plotting.style import figure_style, new_figure  # noqa: E402

from nnnotes.experiments.regularization.l1_sparsity import (  # noqa: E402
    METHODS,
    l1_geometry,
    l1_path,
    l1_sparsity,
    lasso_lambda_max,
    project_l1_ball,
    project_l2_ball,
    sparse_regression,
)
from nnnotes.linear_regression import fit_closed_form  # noqa: E402
from nnnotes.plotting.regularization.l1_sparsity import plot_nonzero_count, plot_sorted_magnitudes  # noqa: E402

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def sparsity():
    return l1_sparsity(np.random.default_rng(0))


# --- experiment ----------------------------------------------------------------


def test_zero_counts_of_the_three_methods(sparsity):
    assert sparsity.zero_counts == {"proximal": 45, "subgradient": 0, "l2": 0}


def test_proximal_l1_recovers_exactly_the_informative_features(sparsity):
    w = sparsity.weights["proximal"]
    np.testing.assert_array_equal(w != 0.0, sparsity.problem.informative)


def test_subgradient_weights_jitter_within_two_eta_lambda(sparsity):
    irrelevant = ~sparsity.problem.informative
    band = sparsity.lr * sparsity.lam
    w = sparsity.weights["subgradient"][irrelevant]
    assert np.all(w != 0.0)
    assert np.abs(w).max() < 2 * band
    # They keep changing sign: most irrelevant weights flip at least 50 times in the last 100 steps.
    last = sparsity.trajectories["subgradient"][-101:, irrelevant]
    flips = np.count_nonzero(np.sign(last[1:]) != np.sign(last[:-1]), axis=0)
    assert np.all(flips >= 50)


def test_l2_shrinks_without_zeroing_and_matches_ridge(sparsity):
    p = sparsity.problem
    ridge = fit_closed_form(p.X, p.y, fit_intercept=False, l2=sparsity.lam).coef
    np.testing.assert_allclose(sparsity.weights["l2"], ridge, atol=1e-8)
    assert np.abs(sparsity.weights["l2"][~p.informative]).min() > 1e-4


def test_proximal_l1_iterates_stay_at_zero_once_converged(sparsity):
    traj = sparsity.trajectories["proximal"]
    np.testing.assert_array_equal(traj[-200:, ~sparsity.problem.informative], 0.0)


def test_sparse_regression_checks_its_arguments():
    with pytest.raises(ValueError, match="n_informative must be <= d = 3, got 4"):
        sparse_regression(np.random.default_rng(0), d=3, n_informative=4)


def test_l1_sparsity_rejects_unknown_settings():
    with pytest.raises(ValueError, match="-0.1"):
        l1_sparsity(np.random.default_rng(0), lam=-0.1, n_steps=1)


def test_lasso_path_satisfies_the_optimality_conditions(sparsity):
    """At each lambda: |X^T r / n| <= lambda where w = 0, and = lambda * sign(w) elsewhere."""
    X, y = sparsity.problem.X, sparsity.problem.y
    lams, coefs = l1_path(X, y)
    assert np.all(np.diff(lams) < 0)
    for lam, w in zip(lams, coefs):
        g = X.T @ (y - X @ w) / len(y)
        nz = w != 0.0
        np.testing.assert_allclose(g[nz], lam * np.sign(w[nz]), atol=1e-6)
        assert np.all(np.abs(g[~nz]) <= lam + 1e-9)
    # Above lambda_max every weight is zero; at the smallest lambda all informative ones are in.
    top = lasso_lambda_max(X, y)
    assert np.all(coefs[lams >= top] == 0.0)
    assert np.all(coefs[-1][sparsity.problem.informative] != 0.0)


def test_l1_path_rejects_non_positive_lambdas(sparsity):
    with pytest.raises(ValueError, match="positive"):
        l1_path(sparsity.problem.X, sparsity.problem.y, lams=[0.1, 0.0])


def test_projection_onto_the_l1_ball():
    v = np.array([3.0, -1.0, 0.5])
    w = project_l1_ball(v, 2.0)
    assert np.abs(w).sum() == pytest.approx(2.0)
    np.testing.assert_allclose(w, [2.0, 0.0, 0.0])          # theta = 1 zeroes the two small ones
    np.testing.assert_array_equal(project_l1_ball([0.2, -0.3], 1.0), [0.2, -0.3])  # inside: unchanged


def test_l1_projection_is_the_closest_point_of_the_ball():
    rng = np.random.default_rng(5)
    for _ in range(20):
        v = 3 * rng.standard_normal(4)
        w = project_l1_ball(v, 1.0)
        # Any other point of the ball (random, then projected radially) is farther from v.
        others = rng.standard_normal((200, 4))
        others /= np.maximum(np.abs(others).sum(axis=1, keepdims=True), 1.0)
        assert np.linalg.norm(v - w) <= np.linalg.norm(v - others, axis=1).min() + 1e-12


def test_projection_onto_the_l2_ball():
    np.testing.assert_allclose(project_l2_ball([3.0, 4.0], 1.0), [0.6, 0.8])
    with pytest.raises(ValueError, match="radius must be > 0.0, got 0.0"):
        project_l2_ball([1.0], 0.0)


def test_l1_minimum_is_a_corner_and_l2_minimum_is_not():
    geo = l1_geometry()
    np.testing.assert_array_equal(geo.w_l1, [0.0, 1.0])     # exactly on the w2 axis
    assert np.linalg.norm(geo.w_l2) == pytest.approx(1.0)
    assert np.all(np.abs(geo.w_l2) > 0.3)
    # Honest optimum: no point of the ball's boundary has a lower loss.
    theta = np.linspace(0, 2 * np.pi, 20001)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    diamond = circle / np.abs(circle).sum(axis=1, keepdims=True)
    assert geo.loss(geo.w_l1) <= geo.loss(diamond).min() + 1e-12
    assert geo.loss(geo.w_l2) <= geo.loss(circle).min() + 1e-12


def test_l1_geometry_rejects_an_indefinite_curvature():
    with pytest.raises(ValueError, match="positive definite"):
        l1_geometry(A=[[1.0, 2.0], [2.0, 1.0]])


def test_methods_are_the_three_compared():
    assert METHODS == ("proximal", "subgradient", "l2")


# --- figures ---------------------------------------------------------------------

FIGURES = ('l1-sparsity', 'l1-path', 'l1-geometry')


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_registered_from_this_page(name: str) -> None:
    assert REGISTRY[name].module == "nnnotes.plotting.regularization.l1_sparsity"


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", FIGURES)
def test_figure_has_labelled_axes_in_its_language(name: str, lang: str) -> None:
    check_regularization_figure(name, lang)


@pytest.mark.parametrize("name", FIGURES)
def test_persian_labels_read_right_to_left(name: str) -> None:
    check_persian_labels_read_right_to_left(name)


def test_sparsity_legend_states_the_zero_counts() -> None:
    with figure_style("en"):
        fig = REGISTRY["l1-sparsity"].draw(Labels("en"))
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
    assert legend == [
        "L1, proximal step: 45 exact zeros",
        "L1, subgradient step: 0 exact zeros",
        "L2: 0 exact zeros",
    ]


def test_persian_figures_put_the_first_panel_on_the_right() -> None:
    with figure_style("fa"):
        fig = REGISTRY["l1-sparsity"].draw(Labels("fa"))
    weights_panel = next(ax for ax in fig.axes if ax.get_yscale() == "symlog")
    trace_panel = next(ax for ax in fig.axes if ax is not weights_panel)
    assert weights_panel.get_position().x0 > trace_panel.get_position().x0
    plt.close(fig)


def test_plot_helpers_draw_on_the_given_axes() -> None:
    t = Labels("en")
    with figure_style("en"):
        fig, ax = new_figure(t)
        assert plot_sorted_magnitudes(ax, np.array([0.0, -2.0, 0.5]), "w") is ax
        x, y = ax.lines[0].get_data()
        np.testing.assert_array_equal(y, [2.0, 0.5, 0.0])
        np.testing.assert_array_equal(x, [1, 2, 3])
        fig2, ax2 = new_figure(t)
        plot_nonzero_count(ax2, np.array([1.0, 0.1]), np.array([[0.0, 0.0], [1.0, 0.0]]))
        np.testing.assert_array_equal(ax2.lines[0].get_ydata(), [0, 1])
    plt.close(fig)
    plt.close(fig2)
