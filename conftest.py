"""Settings for the whole suite.

Property and fuzz tests (hypothesis, schemathesis) run derandomized: the same examples on every
run, so a red CI is a real, repeatable failure. ``make fuzz`` runs them with fresh random
examples and many more of them (profile ``fuzz``)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, max_examples=500, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: rate-limit counters of one test (all from
    127.0.0.1) must not refuse another's requests."""
    from django.conf import settings as django_settings

    if not django_settings.configured:
        return
    from django.core.cache import caches

    for alias in django_settings.CACHES:
        caches[alias].clear()
    # The mahalle boxes and boundaries a process keeps for pins: a test's places are rolled
    # back at its end, and the next test's may reuse their ids.
    from adilkent.places.locate import SHAPES

    SHAPES.forget()


@pytest.fixture
def admin_client(admin_user):  # type: ignore[no-untyped-def]
    """pytest-django's superuser client, past two-factor verification: the admin asks for it."""
    from django.test import Client

    from adilkent.core.tests.factories import log_in_verified

    client = Client()
    log_in_verified(client, admin_user)
    return client
