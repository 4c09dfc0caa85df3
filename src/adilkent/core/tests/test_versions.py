"""Data kept in each process (VersionedCache): built again exactly when its version changed."""

from __future__ import annotations

import pytest
from django.db import transaction

from adilkent.core.models import DataVersion
from adilkent.core.versions import VersionedCache, version_bump, version_token

pytestmark = pytest.mark.django_db


class _Boom(Exception):
    pass


def _counting(name: str, seconds: float = 60.0) -> VersionedCache[int]:
    built: list[int] = []

    def build() -> int:
        built.append(1)
        return len(built)

    return VersionedCache(name, build, seconds=seconds)


def test_built_again_only_when_the_version_changed() -> None:
    cache = _counting("test-things")
    assert cache.get() == 1
    assert cache.get() == 1 and cache.builds == 1
    first = version_token(name="test-things")
    version_bump(name="test-things")
    assert version_token(name="test-things") != first
    assert cache.get() == 2
    assert cache.get() == 2
    version_bump(name="something-else")
    assert cache.get() == 2


def test_a_rolled_back_change_is_not_kept() -> None:
    """A value built inside a transaction that is then rolled back is not used after it:
    the rollback restores the old token, which differs from the one it was built with."""
    cache = _counting("test-things")
    version_bump(name="test-things")
    assert cache.get() == 1
    before = version_token(name="test-things")
    with pytest.raises(_Boom), transaction.atomic():
        version_bump(name="test-things")
        assert cache.get() == 2  # sees its own transaction's change
        raise _Boom
    assert version_token(name="test-things") == before
    assert cache.get() == 3


def test_a_change_that_bypasses_the_signals_is_seen_after_the_time_limit() -> None:
    cache = _counting("test-things", seconds=0.0)
    assert cache.get() == 1
    assert cache.get() == 2  # older than 0 s: built again, with no change of version
    cache.seconds = 3600
    assert cache.get() == 2
    # Another process's change: only the row is seen from here.
    DataVersion.objects.update_or_create(name="test-things", defaults={"token": "other"})
    assert cache.get() == 3
    cache.forget()
    assert cache.get() == 4


def test_a_missing_row_is_never_taken_for_the_last_one() -> None:
    """Tables emptied or filled without the signals (a flush, a data migration) leave no row
    or none at all yet: the next reader writes a new token, so nothing built before is used."""
    cache = _counting("test-things")
    assert not DataVersion.objects.filter(name="test-things").exists()
    assert cache.get() == 1  # the first read wrote the row
    assert DataVersion.objects.filter(name="test-things").exists()
    assert cache.get() == 1
    DataVersion.objects.filter(name="test-things").delete()  # as a flush does
    assert cache.get() == 2
    assert cache.get() == 2
