"""The figure registry and renderer (nnnotes.figures) and the site's figure files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nnnotes import figures
from nnnotes.figures import LANGUAGES, Labels, build, cache_key, figure, load_registry, render_svg, source_closure

SITE = Path(os.environ.get("NNNOTES_SITE_DIR", Path(__file__).resolve().parent.parent / "site"))
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


def test_the_cache_key_follows_the_code_the_figure_imports() -> None:
    spec = REGISTRY["sigmoid-derivative"]
    files = {path.name for path in source_closure(spec.module)}
    # The drawing module, the experiment it calls, the library it computes with, the style.
    assert {"activations.py", "figures.py", "_style.py"} <= files
    paths = {path.relative_to(Path(figures.__file__).parent).as_posix() for path in source_closure(spec.module)}
    assert {"plotting/activations.py", "experiments/activations.py", "activations.py"} <= paths
    assert cache_key(spec, "fa") != cache_key(spec, "en")
    assert cache_key(spec, "fa") == cache_key(spec, "fa")


def test_a_render_is_byte_identical_to_the_next(tmp_path: Path) -> None:
    spec = REGISTRY["sigmoid-derivative"]
    first, second = render_svg(spec, "fa"), render_svg(spec, "fa")
    assert first.startswith(b"<?xml") and b"<svg" in first
    assert first == second


def test_build_draws_once_then_reuses_the_cache(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(out, cache, names=["sigmoid-derivative"])
    assert {entry["drawn"] for entry in first.values()} == {True}
    second = build(out, cache, names=["sigmoid-derivative"])
    assert {entry["drawn"] for entry in second.values()} == {False}
    for lang in LANGUAGES:
        assert (out / lang / "sigmoid-derivative.svg").read_bytes() == (cache / f"{first[f'{lang}/sigmoid-derivative']['key']}.svg").read_bytes()
    with pytest.raises(ValueError, match="no-such-figure"):
        build(out, cache, names=["no-such-figure"])


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_site_figure_is_what_a_fresh_render_gives(name: str) -> None:
    """Determinism across processes: the SVG in the built site (drawn by the build,
    possibly in an earlier run and taken from its cache) equals a render made now."""
    built = SITE / "assets" / "figures" / "fa" / f"{name}.svg"
    if not built.is_file():
        pytest.fail(f"{built} is missing: run `make site` (make test does) first")
    assert render_svg(REGISTRY[name], "fa") == built.read_bytes(), f"{name}: the render is not deterministic"
