"""nnnotes.experiments.cache: a result computed once is loaded, exactly, by the next call with the same inputs."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from nnnotes import _sources
from nnnotes.experiments import cache
from nnnotes.experiments.cache import ENV, cached

CALLS: list[tuple] = []


@cached
def noisy_sum(rng: np.random.Generator, n: int = 3, scale: float = 1.0) -> np.ndarray:
    """A stand-in experiment: it draws from `rng` and records that it ran."""
    CALLS.append((n, scale))
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    return scale * rng.standard_normal(n)


@cached
def apply(func, x: float) -> float:
    CALLS.append(("apply", x))
    return func(x)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    CALLS.clear()
    monkeypatch.setenv(ENV, str(tmp_path / "results"))
    return tmp_path / "results"


def test_without_the_variable_every_call_computes(monkeypatch: pytest.MonkeyPatch) -> None:
    CALLS.clear()
    monkeypatch.delenv(ENV, raising=False)
    assert cache.cache_dir() is None
    first = noisy_sum(np.random.default_rng(0))
    second = noisy_sum(np.random.default_rng(0))
    assert len(CALLS) == 2
    np.testing.assert_array_equal(first, second)


def test_a_second_call_loads_the_same_result_and_leaves_the_generator_where_computing_would(folder: Path) -> None:
    rng = np.random.default_rng(7)
    first = noisy_sum(rng, 4)
    after_first = rng.standard_normal()
    assert len(CALLS) == 1 and len(list(folder.glob("noisy_sum-*.pickle"))) == 1

    rng = np.random.default_rng(7)
    second = noisy_sum(rng, n=4)  # the same call, keyword or not
    assert len(CALLS) == 1, "the second call computed again"
    np.testing.assert_array_equal(first, second)
    assert rng.standard_normal() == after_first


def test_the_key_follows_every_argument_and_the_generator_state(folder: Path) -> None:
    noisy_sum(np.random.default_rng(0))
    noisy_sum(np.random.default_rng(1))
    noisy_sum(np.random.default_rng(0), 5)
    noisy_sum(np.random.default_rng(0), scale=1.0 + 2**-52)  # one ulp away
    rng = np.random.default_rng(0)
    rng.standard_normal()
    noisy_sum(rng)  # the same seed, another state
    assert len(CALLS) == 5
    noisy_sum(np.random.default_rng(0), 3, 1.0)  # the first call again, defaults spelled out
    assert len(CALLS) == 5


def test_the_key_follows_the_source_and_the_blas_settings(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    noisy_sum(np.random.default_rng(0))
    # Another kernel than this process runs under (some machines set one for every process).
    other = "Sandybridge" if os.environ.get("OPENBLAS_CORETYPE", "").lower() == "haswell" else "Haswell"
    monkeypatch.setenv("OPENBLAS_CORETYPE", other)
    noisy_sum(np.random.default_rng(0))
    assert len(CALLS) == 2
    monkeypatch.setattr(cache, "_module_digest", lambda module: "an edited module")
    noisy_sum(np.random.default_rng(0))
    assert len(CALLS) == 3


def test_an_edit_to_an_imported_module_changes_the_digest(tmp_path: Path) -> None:
    copy = tmp_path / "nnnotes"
    shutil.copytree(_sources.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    module = "nnnotes.experiments.normalization.xavier"
    closure = {p.relative_to(copy).as_posix() for p in _sources.source_closure(module, package_dir=copy)}
    assert {"experiments/normalization/xavier.py", "initializers.py", "layers/dense.py"} <= closure
    assert not any(p.startswith("experiments/regularization/") for p in closure)
    before = _sources.closure_digest(module, package_dir=copy).hexdigest()
    with open(copy / "experiments" / "regularization" / "bias.py", "a", encoding="utf-8") as stream:
        stream.write("# another page\n")
    assert _sources.closure_digest(module, package_dir=copy).hexdigest() == before
    with open(copy / "initializers.py", "a", encoding="utf-8") as stream:
        stream.write("# the library it uses\n")
    assert _sources.closure_digest(module, package_dir=copy).hexdigest() != before


def test_a_call_that_raises_stores_nothing(folder: Path) -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="n must be >= 1, got 0"):
            noisy_sum(np.random.default_rng(0), 0)
    assert len(CALLS) == 2 and not list(folder.glob("*.pickle"))


def test_an_argument_without_an_exact_description_is_computed_every_time(folder: Path) -> None:
    assert apply(abs, -2.0) == apply(abs, -2.0) == 2.0
    assert len(CALLS) == 2 and not folder.exists()


def test_an_unreadable_file_is_recomputed_and_replaced(folder: Path) -> None:
    first = noisy_sum(np.random.default_rng(3))
    (path,) = folder.glob("noisy_sum-*.pickle")
    path.write_bytes(b"not a pickle")
    second = noisy_sum(np.random.default_rng(3))
    assert len(CALLS) == 2
    np.testing.assert_array_equal(first, second)
    result, _ = pickle.loads(path.read_bytes())
    np.testing.assert_array_equal(result, first)


def test_the_page_experiments_are_cached() -> None:
    """The expensive calls every consumer repeats go through the cache."""
    from nnnotes.experiments.normalization import batch_norm, xavier
    from nnnotes.experiments.regularization import l1_sparsity

    for func in (xavier.init_comparison, batch_norm.train_eval_gap_runs, l1_sparsity.l1_sparsity):
        assert hasattr(func, "uncached"), f"{func.__module__}.{func.__name__} is not cached"
