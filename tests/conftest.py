"""Test-suite settings shared by every test module."""

import os

from hypothesis import settings

# Property tests run on busy 2-core CI machines: a per-example deadline would turn load
# into failures, so there is none. On CI the examples are derandomized (the same inputs
# every run), so a failure reproduces; locally they vary, to keep exploring.
settings.register_profile("minelib", deadline=None, print_blob=True)
settings.register_profile("minelib-ci", parent=settings.get_profile("minelib"), derandomize=True)
settings.load_profile("minelib-ci" if os.environ.get("CI") else "minelib")
