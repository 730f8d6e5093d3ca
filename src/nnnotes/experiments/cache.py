"""Compute an experiment once per build: a result cache shared by the figures, the labs and the checks.

The site's build draws the figures in worker processes, executes the labs of
both languages in Jupyter kernels, and the checks then run the pages' snippets
and the experiment tests: all of them call the same experiment functions with
the same arguments. With the environment variable ``NNNOTES_RESULT_CACHE`` set
to a folder (the Makefile sets ``.cache/results`` for ``make site``,
``make serve``, ``make check`` and the main session of ``make test``), a
function decorated with :func:`cached` stores its result there, and any later
call with the same inputs, in any of those processes, loads it instead of
computing it again. Without the variable (a reader's machine, the checks under
a second BLAS kernel and under the lowest numpy) nothing is read or written:
every call computes.

The key of a call holds everything its result can depend on:

* the source of the function's module and of every ``nnnotes`` module it imports,
  transitively (:func:`nnnotes._sources.closure_digest`): an edit to one page's
  experiment recomputes that page's results and nothing else, an edit to the
  library recomputes what uses it;
* the function's name and its arguments, defaults filled in; a
  ``numpy.random.Generator`` argument counts by its exact state, and on a hit
  it is left in the state the computation would have left it in;
* the numpy version, the Python version, the machine and the BLAS settings
  (``OPENBLAS_CORETYPE`` and the thread counts), so a result computed under one
  BLAS configuration is never served to another.

A call whose arguments are of another kind (a callable, an object) is computed
and not stored. Results are pickled; a file is written to a temporary name and
renamed, so processes sharing the folder never read half a file.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pickle
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from nnnotes import _sources

__all__ = ["ENV", "cached", "cache_dir"]

#: The environment variable naming the cache folder; unset or empty means no cache.
ENV = "NNNOTES_RESULT_CACHE"
_BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
F = TypeVar("F", bound=Callable[..., Any])


class _NotKeyable(Exception):
    """An argument the key cannot describe exactly: the call is computed, not cached."""


def cache_dir() -> Path | None:
    """The cache folder named by ``NNNOTES_RESULT_CACHE``, or None when caching is off."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def _describe(value: Any, generators: list[np.random.Generator]) -> Any:
    """A plain, exactly comparable description of an argument, or raise _NotKeyable."""
    if value is None or isinstance(value, (bool, int, str)):
        return (type(value).__name__, value)
    if isinstance(value, float):
        return ("float", value.hex())
    if isinstance(value, np.generic):
        return ("np", value.dtype.str, value.tobytes().hex())
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise _NotKeyable
        data = np.ascontiguousarray(value)
        return ("array", data.dtype.str, data.shape, hashlib.sha256(data.tobytes()).hexdigest())
    if isinstance(value, range):
        return ("range", value.start, value.stop, value.step)
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_describe(item, generators) for item in value))
    if isinstance(value, dict):
        items = [(_describe(k, generators), _describe(v, generators)) for k, v in value.items()]
        return ("dict", tuple(items))
    if isinstance(value, np.random.Generator):
        generators.append(value)
        return ("generator", repr(value.bit_generator.state))
    raise _NotKeyable


def _environment() -> str:
    blas = ",".join(f"{name}={os.environ.get(name, '')}" for name in _BLAS_VARS)
    return f"{np.__version__}|{sys.version_info[:3]}|{platform.machine()}|{blas}"


@functools.lru_cache(maxsize=None)
def _source_digest(module: str, stamp: tuple[tuple[str, int, int], ...]) -> str:
    return _sources.closure_digest(module).hexdigest()


def _module_digest(module: str) -> str:
    # The closure is re-read when a file of it changed (mkdocs serve keeps one process);
    # its files' sizes and times say so without hashing them on every call.
    files = _sources.source_closure(module)
    stamp = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _source_digest(module, stamp)


def _key(func: Callable[..., Any], bound: inspect.BoundArguments,
         generators: list[np.random.Generator]) -> str:
    arguments = tuple((name, _describe(value, generators)) for name, value in bound.arguments.items())
    digest = hashlib.sha256()
    digest.update(_module_digest(func.__module__).encode())
    digest.update(f"|{func.__module__}.{func.__qualname__}|{_environment()}|".encode())
    digest.update(repr(arguments).encode())
    return digest.hexdigest()[:32]


def _store(path: Path, payload: Any) -> None:
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a result that does not pickle is simply not cached
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def cached(func: F) -> F:
    """Decorate an experiment function so that its results are shared through the cache folder.

    The decorated function behaves exactly as the plain one, caching on or off:
    same result, same exceptions (invalid arguments are never stored, since
    the function raised), and a ``Generator`` argument ends in the same state.
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        folder = cache_dir()
        if folder is None:
            return func(*args, **kwargs)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return func(*args, **kwargs)  # let the function report the bad call itself
        bound.apply_defaults()
        generators: list[np.random.Generator] = []
        try:
            key = _key(func, bound, generators)
        except _NotKeyable:
            return func(*args, **kwargs)
        path = folder / f"{func.__name__}-{key}.pickle"
        if path.is_file():
            try:
                result, states = pickle.loads(path.read_bytes())
            except Exception:
                pass  # an unreadable file is recomputed and replaced
            else:
                for generator, state in zip(generators, states):
                    generator.bit_generator.state = state
                return result
        result = func(*args, **kwargs)
        _store(path, (result, [generator.bit_generator.state for generator in generators]))
        return result

    wrapper.uncached = func  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
