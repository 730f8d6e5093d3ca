r"""Weight initializers for a dense layer $Y = XW + b$ with $W$ of shape (fan_in, fan_out).

Every initializer is a callable ``init(fan_in, fan_out, rng) -> W`` returning a
float64 array of shape ``(fan_in, fan_out)``; ``constant(value)`` and
``normal(std)`` are factories that return such a callable. The random ones draw
i.i.d. entries with exactly the documented variance (**no truncation**):

| initializer | distribution | variance |
|---|---|---|
| ``lecun_normal`` | $\mathcal N(0, 1/n_{\text{in}})$ | $1/n_{\text{in}}$ |
| ``xavier_normal`` | $\mathcal N(0, 2/(n_{\text{in}}+n_{\text{out}}))$ | $2/(n_{\text{in}}+n_{\text{out}})$ |
| ``xavier_uniform`` | $U(-a, a)$, $a=\sqrt{6/(n_{\text{in}}+n_{\text{out}})}$ | $2/(n_{\text{in}}+n_{\text{out}})$ |
| ``he_normal`` | $\mathcal N(0, 2/n_{\text{in}})$ | $2/n_{\text{in}}$ |
| ``he_uniform`` | $U(-a, a)$, $a=\sqrt{6/n_{\text{in}}}$ | $2/n_{\text{in}}$ |

[`get`][nnnotes.initializers.get] turns a name of [`INITIALIZERS`][nnnotes.initializers.INITIALIZERS] (or an initializer itself)
into an initializer, for callers that take either.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ._validation import check_int, check_rng, check_scalar

__all__ = [
    "Initializer",
    "zeros",
    "constant",
    "normal",
    "lecun_normal",
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "INITIALIZERS",
    "get",
]

Initializer = Callable[[int, int, np.random.Generator], np.ndarray]
"""The initializer protocol: ``init(fan_in, fan_out, rng) -> ndarray (fan_in, fan_out)``."""


def _fans(fan_in: int, fan_out: int) -> tuple[int, int]:
    return check_int(fan_in, "fan_in", low=1), check_int(fan_out, "fan_out", low=1)


def _normal(fan_in: int, fan_out: int, rng: np.random.Generator, std: float) -> np.ndarray:
    w = check_rng(rng).standard_normal((fan_in, fan_out))
    w *= std
    return w


def _uniform(fan_in: int, fan_out: int, rng: np.random.Generator, bound: float) -> np.ndarray:
    return check_rng(rng).uniform(-bound, bound, size=(fan_in, fan_out))


def zeros(fan_in: int, fan_out: int, rng: np.random.Generator | None = None) -> np.ndarray:
    r"""All-zero weights, $W = 0$ of shape (fan_in, fan_out).

    `rng` is accepted for the common signature and ignored.
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return np.zeros((fan_in, fan_out))


def constant(value: float) -> Initializer:
    r"""Factory: an initializer filling $W$ with the constant `value`.

    Returns
    -------
    callable
        ``init(fan_in, fan_out, rng=None) -> ndarray (fan_in, fan_out)``.
    """
    c = check_scalar(value, "value")

    def init(fan_in: int, fan_out: int, rng: np.random.Generator | None = None) -> np.ndarray:
        fan_in, fan_out = _fans(fan_in, fan_out)
        return np.full((fan_in, fan_out), c)

    init.__name__ = init.__qualname__ = f"constant({c!r})"
    return init


def normal(std: float) -> Initializer:
    r"""Factory: an initializer drawing $W_{ij} \sim \mathcal N(0, \sigma^2)$ with $\sigma$ = `std`.

    Parameters
    ----------
    std : float
        Standard deviation $\sigma \ge 0$ (fixed, independent of the fans).

    Returns
    -------
    callable
        ``init(fan_in, fan_out, rng) -> ndarray (fan_in, fan_out)``.
    """
    s = check_scalar(std, "std", low=0.0)

    def init(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        fan_in, fan_out = _fans(fan_in, fan_out)
        return _normal(fan_in, fan_out, rng, s)

    init.__name__ = init.__qualname__ = f"normal(std={s!r})"
    return init


def lecun_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""LeCun normal: $W_{ij} \sim \mathcal N(0, 1/n_{\text{in}})$ (untruncated).

    Keeps $\mathrm{Var}(Y_j) = \mathrm{Var}(X_i)$ for linear / SELU units.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return _normal(fan_in, fan_out, rng, math.sqrt(1.0 / fan_in))


def xavier_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""Glorot / Xavier normal: $W_{ij} \sim \mathcal N\bigl(0, \tfrac{2}{n_{\text{in}} + n_{\text{out}}}\bigr)$.

    The compromise between preserving forward variance ($1/n_{\text{in}}$) and
    backward variance ($1/n_{\text{out}}$), for tanh / sigmoid units.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return _normal(fan_in, fan_out, rng, math.sqrt(2.0 / (fan_in + fan_out)))


def xavier_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""Glorot / Xavier uniform: $W_{ij} \sim U(-a, a)$, $a = \sqrt{6/(n_{\text{in}} + n_{\text{out}})}$.

    Variance $a^2/3 = 2/(n_{\text{in}} + n_{\text{out}})$, the same as [`xavier_normal`][nnnotes.initializers.xavier_normal].

    Returns
    -------
    ndarray, shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return _uniform(fan_in, fan_out, rng, math.sqrt(6.0 / (fan_in + fan_out)))


def he_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""He / Kaiming normal: $W_{ij} \sim \mathcal N(0, 2/n_{\text{in}})$ (untruncated).

    The factor 2 compensates ReLU zeroing half of its inputs. Unlike some
    libraries (which draw from a truncated normal and so get about 0.77 of the
    stated variance), the variance here is exactly $2/n_{\text{in}}$.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return _normal(fan_in, fan_out, rng, math.sqrt(2.0 / fan_in))


def he_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""He / Kaiming uniform: $W_{ij} \sim U(-a, a)$, $a = \sqrt{6/n_{\text{in}}}$, variance $2/n_{\text{in}}$.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return _uniform(fan_in, fan_out, rng, math.sqrt(6.0 / fan_in))


INITIALIZERS: dict[str, Initializer] = {
    "zeros": zeros,
    "lecun_normal": lecun_normal,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}
"""Name -> initializer, looked up by [`get`][nnnotes.initializers.get] (which [`mlp`][nnnotes.layers.mlp] and the labs' experiments use)."""


def get(init: str | Initializer) -> Initializer:
    r"""The initializer named `init` in [`INITIALIZERS`][nnnotes.initializers.INITIALIZERS], or `init` itself if it is callable.

    Parameters
    ----------
    init : str or callable
        A key of [`INITIALIZERS`][nnnotes.initializers.INITIALIZERS] (``"xavier_uniform"``, ``"he_normal"``, ...)
        or any ``init(fan_in, fan_out, rng) -> ndarray (fan_in, fan_out)``,
        returned as it is.

    Returns
    -------
    callable
        ``init(fan_in, fan_out, rng) -> ndarray (fan_in, fan_out)``.

    Raises
    ------
    ValueError
        For a name that is not in [`INITIALIZERS`][nnnotes.initializers.INITIALIZERS].
    TypeError
        For anything that is neither a string nor callable.

    Examples
    --------
    >>> get("he_normal") is he_normal
    True
    >>> get("glorot")
    Traceback (most recent call last):
    ...
    ValueError: unknown initializer 'glorot'; expected a callable or one of ['he_normal', 'he_uniform', 'lecun_normal', 'xavier_normal', 'xavier_uniform', 'zeros']
    """
    if isinstance(init, str):
        if init not in INITIALIZERS:
            raise ValueError(
                f"unknown initializer {init!r}; expected a callable or one of {sorted(INITIALIZERS)}"
            )
        return INITIALIZERS[init]
    if not callable(init):
        raise TypeError(f"init must be a name or an initializer callable, got {type(init).__name__}")
    return init
