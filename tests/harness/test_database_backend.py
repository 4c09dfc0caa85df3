"""The suite really runs on the database the harness chose (no silent fall-back to SQLite)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.browser.support import database_url_from_env

pytestmark = pytest.mark.django_db


def test_the_suite_runs_on_the_database_named_by_database_url() -> None:
    url = database_url_from_env(os.environ)
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"

    assert connection.vendor == expected
    with connection.cursor() as cursor:
        if expected == "postgresql":
            cursor.execute("SELECT current_setting('server_version_num')::int")
            assert cursor.fetchone()[0] >= 140000
            cursor.execute("SELECT current_database()")
            assert cursor.fetchone()[0].startswith("test_")
        else:
            cursor.execute("SELECT sqlite_version()")
            major, minor = (int(p) for p in cursor.fetchone()[0].split(".")[:2])
            assert (major, minor) >= (3, 31)  # Django 5.2's minimum
