"""Data that every request reads, kept in each process and read again only when it changed.

A :class:`VersionedCache` holds what ``build`` made from some tables, with the token of
their :class:`~adilkent.core.models.DataVersion` row at that time. Every ``get`` reads that
token (one query of one short row) and builds again when it differs, or when the value is
older than ``seconds`` (for writes that bypass the model signals, such as ``QuerySet.update``
or a data migration).

The writers call :func:`version_bump` in the same transaction as their change, usually from
``post_save``/``post_delete`` receivers (:func:`version_bump_on_change`): once the change has
committed, every process sees the new token, and until then none does. Tokens are random, so
a rolled-back change, which restores the old token, never matches a value built from it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from .models import DataVersion

T = TypeVar("T")


def version_bump(*, name: str) -> None:
    """Draw a new token for ``name`` (in the caller's transaction, if any)."""
    token = secrets.token_hex(16)
    if not DataVersion.objects.filter(name=name).update(token=token):
        DataVersion.objects.update_or_create(name=name, defaults={"token": token})


def version_token(*, name: str) -> str:
    """The current token of ``name``, in one plain query.

    Where there is no row yet (a new database, tables filled by a data migration, or emptied
    by a flush: none of them sends the signals), one is written with a new token first, so a
    value built before such a change is never taken for current."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} WHERE name = %s", [name])  # noqa: S608
            row = cursor.fetchone()
        if row:
            return str(row[0])
        version_bump(name=name)
    raise RuntimeError(f"the version row {name!r} could not be written")  # pragma: no cover


def version_bump_on_change(*, name: str, models: Iterable[type[Model]]) -> None:
    """Bump ``name`` whenever an instance of one of ``models`` is saved or deleted."""

    def bump(sender: Any, **kwargs: Any) -> None:
        version_bump(name=name)

    for model in models:
        uid = f"version-{name}-{model._meta.label}"
        post_save.connect(bump, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(bump, sender=model, weak=False, dispatch_uid=uid + "-delete")


@dataclass(frozen=True)
class _Built(Generic[T]):
    token: str
    value: T
    at: float


class VersionedCache(Generic[T]):
    """``build()``'s value, built again when the ``name`` version changes or after
    ``seconds``. Values are shared by the process's threads: treat them as read-only."""

    def __init__(self, name: str, build: Callable[[], T], *, seconds: float = 60.0) -> None:
        self.name = name
        self.build = build
        self.seconds = seconds
        self.builds = 0  # how many times it was built (for tests and profiling)
        self._built: _Built[T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        token = version_token(name=self.name)
        built = self._built
        if built is None or built.token != token or time.monotonic() - built.at > self.seconds:
            with self._lock:
                built = self._built
                if (
                    built is None
                    or built.token != token
                    or time.monotonic() - built.at > self.seconds
                ):
                    # The token was read before the tables: the value is at least that new.
                    built = _Built(token, self.build(), time.monotonic())
                    self._built = built
                    self.builds += 1
        return built.value

    def forget(self) -> None:
        """Build again on the next ``get``."""
        self._built = None
