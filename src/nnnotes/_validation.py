r"""Shared input checks for the numerical core of `nnnotes`.

Every public function validates its arguments with these helpers so that bad
input fails early with a ``ValueError`` / ``TypeError`` whose message names the
argument, its shape and the offending value. They run on every call of the
training loop (each layer's ``forward`` and ``backward``, the loss, every
gradient the optimizer reads), so the path an accepted array takes is kept
short: an array that already is float64 skips the dtype conversion, finiteness
is one elementwise test counted in C, and an argument name that costs something
to build (a layer's ``repr``) is passed as a `LazyName`, formatted only
when a message is raised.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = [
    "FLOAT64",
    "LazyName",
    "all_finite",
    "as_float_array",
    "check_finite",
    "check_ndim",
    "check_same_shape",
    "check_labels",
    "check_rng",
    "check_scalar",
    "check_int",
    "check_mode",
    "MODES",
]

MODES: tuple[str, ...] = ("train", "eval")

#: The dtype of (nearly) every float64 array numpy makes. The fast paths of the checks
#: test ``arr.dtype is FLOAT64``; any other dtype, equal or not, takes the full checks.
FLOAT64 = np.dtype(np.float64)


class LazyName:
    r"""The argument name ``f"{owner!r}: {arg}"``, formatted only when a message needs it.

    A layer names its input ``"Dense(3 -> 4): X"``; building that string on
    every ``forward`` / ``backward`` cost more than the checks themselves (a
    `Sequential`'s ``repr`` lists all its children),
    while it is read only when an error is raised. The helpers here put their
    names in messages with ``f"{name} ..."`` only (which formats with
    ``__str__``), so an instance reads the same as the string it stands for.
    """

    __slots__ = ("owner", "arg")

    def __init__(self, owner: object, arg: str) -> None:
        self.owner = owner
        self.arg = arg

    def __str__(self) -> str:
        return f"{self.owner!r}: {self.arg}"


def all_finite(x: np.ndarray) -> bool:
    r"""Whether the float array `x` holds no NaN and no infinity.

    ``isfinite`` counted in C: one pass that never warns (a sum of huge finite
    values would overflow) and, for the small arrays of a training step, costs
    less than silencing the warnings of a sum (an ``errstate`` block per call).
    """
    return np.count_nonzero(np.isfinite(x)) == x.size


def check_finite(x: np.ndarray, name: str | LazyName) -> None:
    r"""Raise ``ValueError`` if the float array `x` holds NaN or infinity."""
    if all_finite(x):
        return
    bad = ~np.isfinite(x)
    count = int(np.count_nonzero(bad))
    first = x[bad].flat[0]
    raise ValueError(
        f"{name} must be finite, got {count} non-finite value(s) (e.g. {first}) "
        f"in an array of shape {x.shape}"
    )


def check_ndim(x: np.ndarray, name: str | LazyName, ndim: int | tuple[int, ...]) -> None:
    r"""Raise ``ValueError`` unless ``x.ndim`` is `ndim` (or one of them)."""
    if x.ndim == ndim and isinstance(ndim, int):  # the common case, tested first
        return
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if x.ndim not in allowed:
        want = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {want}, got {x.ndim}-D array of shape {x.shape}")


def as_float_array(
    x: Any,
    name: str | LazyName,
    ndim: int | tuple[int, ...] | None = None,
    finite: bool = True,
    min_ndim: int = 0,
) -> np.ndarray:
    r"""Return `x` as a float64 ``ndarray`` (no copy if it already is one).

    Parameters
    ----------
    x : array_like
        Real numeric input. Complex, string and object inputs raise ``TypeError``.
    name : str or LazyName
        Argument name used in error messages.
    ndim : int or tuple of int, optional
        Required number of dimensions.
    finite : bool
        Reject NaN and infinities.
    min_ndim : int
        Minimum number of dimensions (used for "over the last axis" functions).
    """
    arr = np.asarray(x)
    if arr.dtype is not FLOAT64:  # float64 already: nothing to check or convert
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
        if arr.dtype != np.float64:
            arr = arr.astype(np.float64)
    if ndim is not None:
        check_ndim(arr, name, ndim)
    if arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimension(s), got shape {arr.shape}"
        )
    if finite:
        check_finite(arr, name)
    return arr


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    r"""Raise ``ValueError`` unless `a` and `b` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_labels(labels: Any, n_samples: int, n_classes: int) -> np.ndarray:
    r"""Validate integer class labels of shape ``(n_samples,)`` in ``[0, n_classes)``.

    Returns the labels as an integer ``ndarray``. Float or boolean labels raise
    ``TypeError`` (no silent rounding).
    """
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"labels must have an integer dtype, got {arr.dtype}")
    if arr.shape != (n_samples,):
        raise ValueError(
            f"labels must have shape ({n_samples},) to match the logits, got {arr.shape}"
        )
    if n_samples:
        lo, hi = arr.min(), arr.max()
        if lo < 0 or hi >= n_classes:
            bad = lo if lo < 0 else hi
            raise ValueError(
                f"labels must lie in [0, {n_classes}) for {n_classes} classes, got label {bad}"
            )
    return arr


def check_rng(rng: Any) -> np.random.Generator:
    r"""Raise ``TypeError`` unless `rng` is a ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (e.g. np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng


def check_scalar(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    r"""Return `value` as a finite float inside the given interval, else raise.

    ``TypeError`` for non-real values (including bool), ``ValueError`` for NaN,
    infinities or values outside the interval; the message names the value.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    if low is not None and (v < low or (v == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {op} {low}, got {v}")
    if high is not None and (v > high or (v == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(f"{name} must be {op} {high}, got {v}")
    return v


def check_int(value: Any, name: str, *, low: int = 0) -> int:
    r"""Return `value` as an ``int`` that is at least `low`, else raise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if v < low:
        raise ValueError(f"{name} must be >= {low}, got {v}")
    return v


def check_mode(mode: Any, owner: str) -> str:
    r"""Return `mode` if it is ``"train"`` or ``"eval"``, else raise ``ValueError``."""
    if mode not in MODES:
        raise ValueError(f"{owner}: unknown mode {mode!r}; expected one of {MODES}")
    return mode
