"""Page gradients/linear-regression: nnnotes.experiments.gradients.linear_regression and its figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import check_gradients_figure  # noqa: E402

from nnnotes.experiments.gradients import linear_regression as page  # noqa: E402
from nnnotes.experiments.gradients.linear_regression import flop_curves  # noqa: E402
from nnnotes.figures import Labels, load_registry  # noqa: E402
from nnnotes.linear_regression import fit_closed_form  # noqa: E402
from nnnotes.plotting.gradients import linear_regression as pg  # noqa: E402
from nnnotes.plotting.style import figure_style  # noqa: E402

# --- experiment ----------------------------------------------------------------


def test_housing_data_is_deterministic_correlated_and_multiscale():
    a, b = page.housing_data(np.random.default_rng(3)), page.housing_data(np.random.default_rng(3))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert a.X.shape == (500, 5) and a.y.shape == (500,) and len(a.feature_names) == 5
    assert np.corrcoef(a.X[:, 0], a.X[:, 1])[0, 1] > 0.8
    scales = a.X.std(axis=0)
    assert scales.max() / scales.min() > 10
    # with no noise the closed form recovers the generating parameters exactly
    clean = page.housing_data(np.random.default_rng(3), n=50, noise=0.0)
    coef, intercept = fit_closed_form(clean.X, clean.y)
    np.testing.assert_allclose(coef, clean.coef, rtol=1e-9)
    assert intercept == pytest.approx(clean.intercept, rel=1e-9)


@pytest.mark.parametrize("bad, match", [({"n": 1}, "n must be >= 2"), ({"noise": -1.0}, "noise must be >= 0")])
def test_housing_data_rejects_bad_arguments(bad, match):
    with pytest.raises(ValueError, match=match):
        page.housing_data(np.random.default_rng(0), **bad)


def test_standardize_round_trip_and_constant_column():
    X = np.random.default_rng(0).normal(5.0, 3.0, (40, 3))
    Z, mean, scale = page.standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0)
    np.testing.assert_allclose(Z * scale + mean, X)
    with pytest.raises(ValueError, match=r"constant column\(s\) \[1\]"):
        page.standardize(np.column_stack([X[:, 0], np.ones(40)]))


def test_compare_solvers_agrees_on_the_page_data():
    data = page.housing_data(np.random.default_rng(0))
    result = page.compare_solvers(data.X, data.y, lr=0.5, n_steps=500)
    assert result.gap < 1e-10
    np.testing.assert_allclose(result.gd_coef, result.closed_coef, rtol=1e-9)
    assert result.gd_intercept == pytest.approx(result.closed_intercept, rel=1e-10)
    assert result.losses.shape == (501,) and np.all(np.diff(result.losses) <= 1e-12)
    # too few steps: the gap is real, so the check above can fail
    assert page.compare_solvers(data.X, data.y, lr=0.5, n_steps=50).gap > 1e-3


def test_ill_conditioned_problem_has_the_requested_condition_number():
    X, y, w = page.ill_conditioned_problem(np.random.default_rng(0), n=60, d=6, cond=1e4)
    assert X.shape == (60, 6) and y.shape == (60,) and w.shape == (6,)
    assert np.linalg.cond(X) == pytest.approx(1e4, rel=1e-6)
    np.testing.assert_allclose(X @ w, y)
    with pytest.raises(ValueError, match="cond must be >= 1.0, got 0.5"):
        page.ill_conditioned_problem(np.random.default_rng(0), cond=0.5)
    with pytest.raises(ValueError, match="n must be >= 10, got 5"):
        page.ill_conditioned_problem(np.random.default_rng(0), n=5, d=10)


def test_inverse_loses_digits_that_lstsq_keeps():
    X, y, w = page.ill_conditioned_problem(np.random.default_rng(0), cond=1e6)
    err = {m: np.linalg.norm(page.solve_normal_equations(X, y, m) - w) / np.linalg.norm(w)
           for m in page.NORMAL_EQUATION_METHODS}
    assert err["lstsq"] < 1e-10
    assert err["inverse"] > 1e5 * err["lstsq"] and err["solve"] > 1e5 * err["lstsq"]
    # on a well-conditioned problem all three agree
    X, y, w = page.ill_conditioned_problem(np.random.default_rng(1), cond=10.0)
    for method in page.NORMAL_EQUATION_METHODS:
        np.testing.assert_allclose(page.solve_normal_equations(X, y, method), w, rtol=1e-12)


def test_ill_conditioned_problem_with_a_residual_keeps_the_answer():
    exact = page.ill_conditioned_problem(np.random.default_rng(0), n=60, d=6, cond=1e3)
    X, y, w = page.ill_conditioned_problem(np.random.default_rng(0), n=60, d=6, cond=1e3, tan_theta=0.5)
    # the residual is drawn after everything else: X and w are those of the exact problem
    np.testing.assert_array_equal(X, exact[0])
    np.testing.assert_array_equal(w, exact[2])
    r = y - X @ w
    assert np.linalg.norm(r) == pytest.approx(0.5 * np.linalg.norm(X @ w))
    np.testing.assert_allclose(X.T @ r, 0.0, atol=1e-12)  # orthogonal: w is still the minimizer
    np.testing.assert_allclose(np.linalg.lstsq(X, y, rcond=None)[0], w, rtol=1e-10)
    with pytest.raises(ValueError, match="needs n > d"):
        page.ill_conditioned_problem(np.random.default_rng(0), n=6, d=6, tan_theta=0.1)
    with pytest.raises(ValueError, match="tan_theta must be >= 0.0"):
        page.ill_conditioned_problem(np.random.default_rng(0), tan_theta=-1.0)


def test_lstsq_error_grows_like_kappa_squared_with_a_residual():
    conds = [1e4, 1e5, 1e6, 1e7]
    slopes = {}
    for tan_theta in (0.0, 0.01):
        medians = []
        for cond in conds:
            errors = []
            for seed in range(5):
                X, y, w = page.ill_conditioned_problem(np.random.default_rng(seed), cond=cond, tan_theta=tan_theta)
                errors.append(np.linalg.norm(page.solve_normal_equations(X, y, "lstsq") - w) / np.linalg.norm(w))
            medians.append(np.median(errors))
        slopes[tan_theta] = page.loglog_slope(conds, medians)
    assert 0.6 < slopes[0.0] < 1.4 and 1.6 < slopes[0.01] < 2.4


def test_conditioned_least_squares_has_the_requested_hessian():
    X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=50.0, n=40, d=5)
    eigenvalues = np.linalg.eigvalsh(X.T @ X / 40)
    np.testing.assert_allclose(eigenvalues, np.logspace(0, -np.log10(50.0), 5)[::-1], rtol=1e-10)
    np.testing.assert_allclose(X @ w, y)
    with pytest.raises(ValueError, match="kappa must be >= 1.0"):
        page.conditioned_least_squares(np.random.default_rng(0), kappa=0.5)


def test_gradient_descent_steps_grow_linearly_with_kappa_and_obey_the_bound():
    steps = {}
    for kappa in (10, 100, 1000):
        X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=kappa)
        steps[kappa] = page.gd_steps_to_tolerance(X, y, w, tol=1e-6)
        assert steps[kappa] <= kappa * np.log(1e6)
    assert 9 < steps[100] / steps[10] < 11 and 9 < steps[1000] / steps[100] < 11
    # the best fixed step halves the count
    X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=100)
    assert 0.45 < page.gd_steps_to_tolerance(X, y, w, lr=2 / (1 + 1 / 100)) / steps[100] < 0.55


def test_gd_steps_to_tolerance_checks_its_input_and_gives_up_loudly():
    X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=10, n=20, d=3)
    with pytest.raises(ValueError, match="lr must be below 2 / lambda_max = 2 for"):
        page.gd_steps_to_tolerance(X, y, w, lr=2.5)
    with pytest.raises(ValueError, match=r"\(20, 3\), \(20,\) and \(4,\)"):
        page.gd_steps_to_tolerance(X, y, np.ones(4))
    with pytest.raises(RuntimeError, match="did not reach tol=1e-06 in 5 steps"):
        page.gd_steps_to_tolerance(X, y, w, max_steps=5)
    with pytest.raises(RuntimeError, match="conjugate gradients did not reach"):
        page.cg_steps_to_tolerance(X, y, w + 1.0)  # not the minimizer: never reached


def test_conjugate_gradients_need_about_sqrt_kappa_steps():
    gd, cg = {}, {}
    for kappa in (10, 100, 1000):
        X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=kappa, n=400, d=200)
        gd[kappa] = page.gd_steps_to_tolerance(X, y, w, tol=1e-6)
        cg[kappa] = page.cg_steps_to_tolerance(X, y, w, tol=1e-6)
    assert 9 < (gd[1000] / gd[10]) ** 0.5 < 11
    assert 2 < (cg[1000] / cg[10]) ** 0.5 < 4.5
    assert cg[1000] < gd[1000] / 50
    # at most d steps (up to rounding) on a small problem
    X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=1e4, n=50, d=6)
    assert page.cg_steps_to_tolerance(X, y, w, tol=1e-6) <= 8


def test_ridge_lowers_the_condition_number_and_shrinks_the_small_directions():
    from nnnotes.linear_regression import hessian_eigenvalues

    X, y, w = page.conditioned_least_squares(np.random.default_rng(0), kappa=1000)
    lam = 0.01
    ridge = hessian_eigenvalues(X, l2=lam, fit_intercept=False)
    assert ridge[-1] / ridge[0] == pytest.approx((1 + lam) / (1e-3 + lam))
    w_ridge = fit_closed_form(X, y, l2=lam, fit_intercept=False).coef
    assert page.gd_steps_to_tolerance(X, y, w_ridge, l2=lam) < page.gd_steps_to_tolerance(X, y, w) / 10
    eigenvalues, V = np.linalg.eigh(X.T @ X / len(X))
    np.testing.assert_allclose(V.T @ w_ridge, eigenvalues / (eigenvalues + lam) * (V.T @ w), atol=1e-12)


def test_solve_normal_equations_checks_its_input():
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match="unknown method 'qr'"):
        page.solve_normal_equations(X, np.ones(4), "qr")
    with pytest.raises(ValueError, match=r"\(4, 2\) and \(3,\)"):
        page.solve_normal_equations(X, np.ones(3), "lstsq")


def test_loglog_slope_recovers_a_power_law():
    x = np.array([1.0, 10.0, 100.0, 1000.0])
    assert page.loglog_slope(x, 3.0 * x**2.5) == pytest.approx(2.5)
    with pytest.raises(ValueError, match="positive"):
        page.loglog_slope(x, -x)
    with pytest.raises(ValueError, match="at least 2 points"):
        page.loglog_slope([1.0], [1.0])


def test_flop_curves_follow_the_asymptotics():
    sizes = np.unique(np.logspace(1, 4, 25).astype(int))
    by_d = page.flop_curves("d", sizes, fixed=10_000, n_steps=(10, 100))
    assert by_d.gd.shape == (2, sizes.size) and by_d.closed.shape == (sizes.size,)
    assert 1.9 < by_d.slope_closed < 2.1 and by_d.slope_gd == pytest.approx(1.0)
    np.testing.assert_array_equal(by_d.gd[1], 10 * by_d.gd[0])   # linear in T
    by_n = page.flop_curves("n", np.array([1000, 10_000, 100_000]), fixed=100)
    assert by_n.slope_closed == pytest.approx(1.0, abs=0.01)
    # closed form cheaper than T steps for d well below 4T, dearer well above
    both = page.flop_curves("d", np.array([40, 4000]), fixed=10_000, n_steps=(100,))
    assert both.closed[0] < both.gd[0, 0] and both.closed[1] > both.gd[0, 1]


@pytest.mark.parametrize("vary, sizes, match", [
    ("T", [1, 2], "vary must be 'n' or 'd'"),
    ("d", [5], "at least 2 positive integers"),
    ("d", [0, 5], "at least 2 positive integers"),
    ("d", [1.5, 2.5], "at least 2 positive integers"),
])
def test_flop_curves_reject_bad_sizes(vary, sizes, match):
    with pytest.raises(ValueError, match=match):
        page.flop_curves(vary, sizes, fixed=10)


def test_time_solvers_returns_positive_times():
    t = page.time_solvers("n", [200, 400], fixed=5, rng=np.random.default_rng(0), n_steps=5, repeats=1)
    assert t.closed.shape == t.gd.shape == (2,)
    assert np.all(t.closed > 0) and np.all(t.gd > 0) and t.n_steps == 5


# --- figure ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_figure_draws_labelled_axes(lang):
    check_gradients_figure("regression-cost", lang)


def test_persian_panels_run_right_to_left():
    """The first panel (vs d) is on the left in English and on the right in Persian."""
    for lang, first in (("en", 0), ("fa", 1)):
        with figure_style(lang):
            fig = load_registry()["regression-cost"].draw(Labels(lang))
        assert "d" in fig.axes[first].get_xlabel()
        plt.close(fig)


def test_plot_flop_curves_draws_one_line_per_solver_and_step_count():
    curves = flop_curves("n", np.array([10, 100, 1000]), fixed=5, n_steps=(1, 10))
    fig, ax = plt.subplots()
    try:
        assert pg.plot_flop_curves(ax, curves, Labels("en")) is ax
        assert len(ax.get_lines()) == 3 and ax.get_xscale() == "log"
    finally:
        plt.close(fig)
