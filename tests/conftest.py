"""Shared fixtures and hypothesis strategies for the numerical-core tests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: Finite float64 arrays (1-D to 3-D) with entries in [-1e4, 1e4].
big_float_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=8),
    elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh, seeded generator per test (no global seeding)."""
    return np.random.default_rng(20240601)
