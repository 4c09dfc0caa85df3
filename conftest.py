"""Settings for the whole suite.

Property and fuzz tests (hypothesis, schemathesis) run derandomized: the same examples on every
run, so a red CI is a real, repeatable failure. ``make fuzz`` runs them with fresh random
examples and many more of them (profile ``fuzz``)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, max_examples=500, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
