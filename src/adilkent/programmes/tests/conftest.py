from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from adilkent.programmes.services import LoadReport, load_registry

SEEDS_DIR = Path(settings.DATA_DIR).parent / "seeds"


def seed_text(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def _module_registry(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadReport]:
    """The registry loaded once per module, inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_registry()
        transaction.set_rollback(True)


@pytest.fixture
def registry(_module_registry: LoadReport, db: None) -> LoadReport:
    """The registry loaded from its data file into the test database."""
    return _module_registry
