"""Page normalization/batch-norm: nnnotes.experiments.normalization.batch_norm and its two figures."""

from __future__ import annotations

import copy
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from _figure_checks import check_normalization_figure  # noqa: E402

from nnnotes.experiments.normalization.batch_norm import (  # noqa: E402
    LR_GRID,
    _speed_model,
    batch_statistics_spread,
    bn_speed,
    mean_spread_law,
    regression_task,
    running_statistics,
    steps_to_target,
    train_eval_gap,
    train_eval_gap_runs,
    train_mse,
    tune_learning_rate,
    variance_spread_law,
)
from nnnotes.layers import BatchNorm1d, Dense, LayerNorm, mlp  # noqa: E402
from nnnotes.plotting.normalization.batch_norm import plot_loss_curve  # noqa: E402


@pytest.fixture(scope="module")
def speed():
    return bn_speed(np.random.default_rng(0))


# --- experiment ----------------------------------------------------------------


def test_speed_models_with_and_without_batch_norm():
    plain, X, _ = _speed_model(False, np.random.default_rng(0), 3, 5, "tanh")
    bn, X_bn, _ = _speed_model(True, np.random.default_rng(0), 3, 5, "tanh")
    np.testing.assert_array_equal(X, X_bn)
    assert [type(l).__name__ for l in plain] == ["Dense", "Tanh"] * 3 + ["Dense"]
    assert [type(l).__name__ for l in bn] == ["Dense", "BatchNorm1d", "Tanh"] * 3 + ["Dense"]
    # Same generator state -> the same weight matrices; BN replaces the hidden biases.
    dense_plain = [l for l in plain if isinstance(l, Dense)]
    dense_bn = [l for l in bn if isinstance(l, Dense)]
    for a, b in zip(dense_plain, dense_bn):
        np.testing.assert_array_equal(a.params["W"], b.params["W"])
    assert all("b" not in l.params for l in dense_bn[:-1]) and "b" in dense_bn[-1].params


def test_the_spread_laws():
    np.testing.assert_allclose(mean_spread_law([1, 4, 100], sigma=2.0), [2.0, 1.0, 0.2])
    np.testing.assert_allclose(variance_spread_law([2, 9]), [math.sqrt(2) / 2, 4 / 9])
    np.testing.assert_allclose(variance_spread_law([2, 9], unbiased=True), [math.sqrt(2), 0.5])


def test_measured_spreads_follow_the_laws():
    noise = batch_statistics_spread(np.random.default_rng(0), sigma=3.0)
    B = noise.batch_sizes
    np.testing.assert_allclose(noise.mean_spread, mean_spread_law(B, 3.0), rtol=0.06)
    np.testing.assert_allclose(noise.var_spread, variance_spread_law(B, 3.0), rtol=0.08)
    np.testing.assert_allclose(noise.unbiased_var_spread, variance_spread_law(B, 3.0, unbiased=True), rtol=0.08)
    # The two variance estimates differ by the factor B / (B - 1) exactly.
    np.testing.assert_allclose(noise.unbiased_var_spread, noise.var_spread * B / (B - 1))


@pytest.mark.parametrize("sizes", [[1, 4], [0]])
def test_batch_sizes_are_checked(sizes):
    with pytest.raises(ValueError, match=f"got {min(sizes)}"):
        batch_statistics_spread(np.random.default_rng(0), sizes)


def test_running_statistics_converge_to_the_population():
    rs = running_statistics(np.random.default_rng(0), batch_size=32, steps=200, momentum=0.1)
    np.testing.assert_array_equal(rs.running_mean[0], 0.0)
    np.testing.assert_array_equal(rs.running_var[0], 1.0)
    # Stationary spread of the running mean: s / sqrt(B) * sqrt(m / (2 - m)).
    spread = np.sqrt(rs.var / 32) * np.sqrt(0.1 / 1.9)
    assert np.all(np.abs(rs.running_mean[-1] - rs.mean) < 3 * spread)
    assert np.all(np.abs(rs.running_var[-1] / rs.var - 1) < 0.15)
    with pytest.raises(ValueError, match="std must be > 0, got -1"):
        running_statistics(np.random.default_rng(0), mean=[0.0], std=[-1.0])


def test_a_single_sample_is_refused_in_training_mode():
    bn = BatchNorm1d(3)
    with pytest.raises(ValueError, match=r"shape \(1, 3\)"):
        bn.forward(np.ones((1, 3)))
    # With B identical samples the batch variance is 0 and the output is beta.
    bn.params["beta"][:] = [0.5, -1.0, 2.0]
    np.testing.assert_allclose(bn.forward(np.tile([1.0, 2.0, 3.0], (4, 1))), np.tile([0.5, -1.0, 2.0], (4, 1)))


def test_regression_task_is_standardised():
    X, y = regression_task(np.random.default_rng(0))
    assert X.shape == (256, 8) and y.shape == (256, 1)
    assert y.mean() == pytest.approx(0.0, abs=1e-12) and y.var() == pytest.approx(1.0)


def test_train_mse_stops_at_the_target_and_on_divergence():
    X, y = regression_task(np.random.default_rng(0))
    model = mlp([8, 8, 8, 1], "tanh", np.random.default_rng(1), init="xavier_normal")
    losses = train_mse(model, X, y, 0.05, 500, target=0.5)
    assert losses[-1] <= 0.5 and np.all(losses[:-1] > 0.5)
    assert steps_to_target(losses, 0.5) == losses.size - 1
    huge = mlp([8, 8, 8, 1], "tanh", np.random.default_rng(1), init="xavier_normal")
    diverged = train_mse(huge, X, y, 50.0, 100)
    assert diverged[-1] == math.inf and diverged.size < 101
    with pytest.raises(ValueError, match="got 300"):
        train_mse(model, X, y, 0.1, 5, batch_size=300, rng=np.random.default_rng(0))


def test_steps_to_target():
    assert steps_to_target([3.0, 2.0, 0.5, 0.2], 0.5) == 2
    assert steps_to_target([3.0, 2.0], 0.5) is None


def test_batch_norm_needs_fewer_steps(speed):
    """The numbers on the batch-norm page (same lr 0.02 for both, same weights)."""
    assert (speed.steps_plain, speed.steps_bn) == (214, 34)
    assert speed.losses_plain.shape == speed.losses_bn.shape == (301,)
    assert speed.losses_plain[speed.steps_plain] <= 0.05 < speed.losses_plain[speed.steps_plain - 1]


def test_tuning_keeps_the_conclusion():
    plain, bn = tune_learning_rate(False, np.random.default_rng(0)), tune_learning_rate(True, np.random.default_rng(0))
    assert list(plain) == list(LR_GRID)
    best = {name: min((s, lr) for lr, s in grid.items() if s is not None) for name, grid in (("plain", plain), ("bn", bn))}
    assert best == {"plain": (204, 0.05), "bn": (31, 0.05)}
    assert plain[0.2] is None and bn[0.2] is None  # both diverge at the largest rate


def test_train_eval_gap_checks_its_batch_size():
    with pytest.raises(ValueError, match="got 3"):
        train_eval_gap(3, np.random.default_rng(0), np.random.default_rng(1))


def test_runs_are_paired_and_reproducible():
    """Run k uses the k-th spawned generator, split in two; every batch size starts from copies."""
    runs = train_eval_gap_runs([16, 8], np.random.default_rng(5), runs=2, steps=20)
    assert list(runs) == [16, 8]
    for r in runs.values():
        assert r.gap.shape == r.train_loss.shape == r.eval_loss.shape == (2,)
    for k, child in enumerate(np.random.default_rng(5).spawn(2)):
        task_rng, batch_rng = child.spawn(2)
        for b in (16, 8):
            one = train_eval_gap(b, copy.deepcopy(task_rng), copy.deepcopy(batch_rng), steps=20)
            assert (runs[b].gap[k], runs[b].train_loss[k], runs[b].eval_loss[k]) == (one.gap, one.train_loss, one.eval_loss)
    again = train_eval_gap_runs([16, 8], np.random.default_rng(5), runs=2, steps=20)
    np.testing.assert_array_equal(again[8].eval_loss, runs[8].eval_loss)
    # The median is taken field by field.
    m = runs[8].median()
    assert (m.batch_size, m.gap, m.eval_loss) == (8, np.median(runs[8].gap), np.median(runs[8].eval_loss))


@pytest.mark.parametrize(("args", "message"), [(([], 2), "got none"), (([4], 0), "runs"), (([3], 1), "got 3")])
def test_runs_check_their_arguments(args, message):
    sizes, runs = args
    with pytest.raises(ValueError, match=message):
        train_eval_gap_runs(sizes, np.random.default_rng(0), runs=runs, steps=5)


def test_small_batches_train_a_worse_model():
    """The page's lesson on fewer runs: B = 4 is worse in every run, and its two modes disagree more."""
    runs = train_eval_gap_runs((4, 64), np.random.default_rng(0), runs=4)
    small, large = runs[4], runs[64]
    assert np.all(small.eval_loss > 10 * large.eval_loss)
    assert small.median().gap > 2 * large.median().gap
    assert np.all(large.eval_loss < large.train_loss)


def test_layer_norm_ignores_the_batch():
    X = np.random.default_rng(0).normal(2.0, 3.0, (64, 8))
    ln = LayerNorm(8)
    np.testing.assert_allclose(ln.forward(X[:1]), ln.forward(X)[:1], rtol=0, atol=1e-15)


# --- figures ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", ["bn-batch-noise", "bn-steps"])
def test_figure_has_labelled_axes_in_its_language(name, lang):
    check_normalization_figure(name, lang)


def test_loss_curve_marks_the_step_reached():
    fig, ax = plt.subplots()
    try:
        plot_loss_curve(ax, np.array([1.0, 0.5, 0.04, 0.01]), 2, "run", "C0")
        assert [t.get_text() for t in ax.texts] == ["2"]
        assert ax.get_yscale() == "log"
    finally:
        plt.close(fig)
