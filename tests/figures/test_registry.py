"""nnnotes.figures (the package's __init__): the figure registry, Labels, load_registry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nnnotes import figures
from nnnotes.figures import Labels, figure, load_registry

REGISTRY = load_registry()


def test_labels_pick_the_language() -> None:
    assert Labels("en")("loss", "تابع هزینه") == "loss"
    assert Labels("fa")("loss", "تابع هزینه") == "تابع هزینه"
    with pytest.raises(ValueError, match="'de'"):
        Labels("de")


def test_figure_names_are_checked() -> None:
    for bad in ("", "Sparsity", "l1 sparsity", "l1_sparsity", "-l1"):
        with pytest.raises(ValueError, match="lowercase"):
            figure(bad)


def test_a_name_cannot_be_taken_by_two_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "REGISTRY", dict(figures.REGISTRY))

    def draw(t):  # defined here, so its module differs from the registered one
        raise AssertionError("never drawn")

    with pytest.raises(ValueError, match="registered twice"):
        figure("sigmoid-derivative")(draw)


def test_the_registry_holds_the_site_figures() -> None:
    assert "sigmoid-derivative" in REGISTRY
    for name, spec in REGISTRY.items():
        assert spec.name == name and spec.module.startswith("nnnotes.plotting.")
    assert list(REGISTRY) == sorted(REGISTRY)


def test_each_page_module_registers_the_figures_of_its_page() -> None:
    """A figure lives in the plotting module of the page that shows it."""
    assert {name: spec.module.removeprefix("nnnotes.plotting.") for name, spec in REGISTRY.items()} == {
        "activation-derivatives": "gradients.vanishing_gradients",
        "bias-boundary": "regularization.bias",
        "bn-batch-noise": "normalization.batch_norm",
        "bn-steps": "normalization.batch_norm",
        "init-gradient-variance": "normalization.xavier",
        "init-variance": "normalization.xavier",
        "l1-geometry": "regularization.l1_sparsity",
        "l1-path": "regularization.l1_sparsity",
        "l1-sparsity": "regularization.l1_sparsity",
        "noise-ridge": "regularization.input_noise",
        "regression-cost": "gradients.linear_regression",
        "sigmoid-derivative": "activations",
        "softmax-gradient-size": "gradients.softmax_cross_entropy",
        "vanishing-gradients": "gradients.vanishing_gradients",
        "zero-init": "gradients.zero_init",
    }


def test_the_registry_imports_no_matplotlib() -> None:
    """Plotting code imports the registry; the registry must not need the plotting stack."""
    code = "import sys, nnnotes.figures; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
