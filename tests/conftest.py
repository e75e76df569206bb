"""Test-suite settings shared by every test module."""

import os

import numpy as np
import pytest
from hypothesis import settings

# Property tests run on busy 2-core CI machines: a per-example deadline would turn load
# into failures, so there is none. On CI the examples are derandomized (the same inputs
# every run), so a failure reproduces; locally they vary, to keep exploring.
settings.register_profile("minelib", deadline=None, print_blob=True)
settings.register_profile("minelib-ci", parent=settings.get_profile("minelib"), derandomize=True)
settings.load_profile("minelib-ci" if os.environ.get("CI") else "minelib")


@pytest.fixture
def spike_sweep():
    """A sweep model with one interior point far above the rest, and its axes: the sweep's
    corner/sample range estimate misses the spike (asserted here), so a quantile outside
    the estimated range takes a second pass (tests/test_sweep.py, test_sweep_stats.py).
    At a = 37, b = 11 the sample drew it, and no second pass ran."""
    from minelib.sweep.stats import _sample_range

    def spike(a, b):
        return np.where((a == 36.0) & (b == 11.0), 1e9, a + b)

    axes = {"a": np.arange(100.0), "b": np.arange(50.0)}
    assert _sample_range(spike, list(axes), list(axes.values()), {}, None)[1] < 1e9  # the premise
    return spike, axes
