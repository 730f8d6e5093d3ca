"""nnnotes.figures.render: the source closure, the cache keys, the SVG renderer and build; the site's figure files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nnnotes.figures import LANGUAGES, load_registry
from nnnotes.figures import render
from nnnotes.figures.render import PACKAGE_DIR, build, cache_key, render_svg, source_closure

from _figure_checks import RENDERED  # noqa: E402  (the renders tests/test_figures.py made)

SITE = Path(os.environ.get("NNNOTES_SITE_DIR", Path(__file__).resolve().parents[2] / "site"))
REGISTRY = load_registry()


def _relative(paths: list[Path]) -> set[str]:
    return {path.relative_to(render.PACKAGE_DIR).as_posix() for path in paths}


def test_the_cache_key_follows_the_code_the_figure_imports() -> None:
    spec = REGISTRY["sigmoid-derivative"]
    paths = _relative(source_closure(spec.module))
    # The drawing module, the experiment it calls, the library it computes with, the style,
    # the registry and the renderer.
    assert {"plotting/activations.py", "experiments/activations.py", "activations.py",
            "plotting/style.py", "figures/__init__.py", "figures/render.py"} <= paths
    assert cache_key(spec, "fa") != cache_key(spec, "en")
    assert cache_key(spec, "fa") == cache_key(spec, "fa")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_figure_depends_on_no_other_page(name: str) -> None:
    """The closure holds the figure's own page modules and the shared ones, no other page's."""
    module = REGISTRY[name].module  # nnnotes.plotting.<chapter>.<page> or a shared module
    own = module.removeprefix("nnnotes.plotting.").replace(".", "/") + ".py"
    pages = {path for path in _relative(source_closure(module))
             if path.startswith(("experiments/", "plotting/"))}
    shared = {
        "plotting/style.py",
        "experiments/activations.py",
        "experiments/cache.py",
        "experiments/regularization/linear_model.py",
    }
    package = f"experiments/{own.removesuffix('.py')}/"  # a page whose code is a package
    assert {p for p in pages - shared if not p.startswith(package)} <= {f"plotting/{own}", f"experiments/{own}"}, pages
    assert f"plotting/{own}" in pages


def test_editing_one_page_redraws_only_that_pages_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A comment added to the zero-init experiment changes the key of the zero-init figure only."""
    copy = tmp_path / "nnnotes"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(render, "PACKAGE_DIR", copy)
    before = {name: cache_key(spec, "en") for name, spec in REGISTRY.items()}
    assert before == {name: cache_key(spec, "en") for name, spec in REGISTRY.items()}
    with open(copy / "experiments" / "gradients" / "zero_init.py", "a", encoding="utf-8") as stream:
        stream.write("# an edited comment\n")
    after = {name: cache_key(spec, "en") for name, spec in REGISTRY.items()}
    assert {name for name in REGISTRY if before[name] != after[name]} == {"zero-init"}
    with open(copy / "plotting" / "style.py", "a", encoding="utf-8") as stream:
        stream.write("# the style changes every figure\n")
    restyled = {name: cache_key(spec, "en") for name, spec in REGISTRY.items()}
    assert all(restyled[name] != after[name] for name in REGISTRY)


def test_a_render_is_byte_identical_to_the_next() -> None:
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


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_site_figure_is_what_a_fresh_render_gives(name: str, lang: str) -> None:
    """Determinism across processes: the SVG in the built site (drawn by the build, by a
    worker process, possibly in an earlier run and taken from its cache) equals a render
    made in this one. The render is the one tests/test_figures.py made (and checked) in
    this session, if it ran: each figure is drawn once per session."""
    built = SITE / "assets" / "figures" / lang / f"{name}.svg"
    if not built.is_file():
        pytest.fail(f"{built} is missing: run `make site` (make test does) first")
    fresh = RENDERED.get((name, lang)) or render_svg(REGISTRY[name], lang)
    assert fresh == built.read_bytes(), f"{name} ({lang}): the render is not deterministic"
