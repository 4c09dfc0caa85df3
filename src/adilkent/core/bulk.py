"""Idempotent bulk upserts for importers: create what is new, update what changed, count the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

from adilkent.text import fold

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int
    stale: int  # rows of this scope in the database that the source no longer has


def upsert(
    model: type[M],
    key: str | Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    scope: Mapping[str, Any] | None = None,
    batch_size: int = 1000,
) -> tuple[UpsertCounts, dict[Any, M]]:
    """Create or update ``model`` rows identified by ``key`` (field name or names).

    Rows name foreign keys by their ``<field>_id`` attribute, so comparing them costs no query.

    ``scope`` filters the existing rows considered (e.g. ``{"source": source}``); its plain
    field values (not lookups such as ``mahalle__isnull``) are also set on created rows. Fields are compared before writing, so a second run of the
    same import writes nothing and reports everything unchanged. Returns the counts and the
    objects by key.
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    scope = dict(scope or {})

    def key_of(values: Mapping[str, Any] | models.Model) -> Any:
        if isinstance(values, models.Model):
            parts = tuple(getattr(values, k) for k in keys)
        else:
            parts = tuple(values[k] for k in keys)
        return parts[0] if len(parts) == 1 else parts

    create_values = {k: v for k, v in scope.items() if "__" not in k}
    existing = {key_of(obj): obj for obj in model._default_manager.filter(**scope)}
    seen: set[Any] = set()
    to_create: list[M] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    result: dict[Any, M] = {}
    for values in rows:
        k = key_of(values)
        seen.add(k)
        obj = existing.get(k)
        if obj is None:
            obj = model(**create_values, **values)
            to_create.append(obj)
        else:
            dirty = [f for f, v in values.items() if getattr(obj, f) != v]
            for f in dirty:
                setattr(obj, f, values[f])
            if dirty:
                changed_fields.update(dirty)
                to_update.append(obj)
        result[k] = obj
    for obj in to_create:
        _call_save_hooks(obj)
    model._default_manager.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        for obj in to_update:
            _call_save_hooks(obj)
        update_fields = sorted(changed_fields | _derived_fields(model))
        model._default_manager.bulk_update(to_update, update_fields, batch_size=batch_size)
    stale = len(set(existing) - seen)
    counts = UpsertCounts(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(seen) - len(to_create) - len(to_update),
        stale=stale,
    )
    if to_create and any(obj.pk is None for obj in to_create):
        # Backends that do not return primary keys from bulk_create: read them back.
        refreshed = {key_of(o): o for o in model._default_manager.filter(**scope)}
        result = {k: refreshed[k] for k in result}
    return counts, result


def _derived_fields(model: type[models.Model]) -> set[str]:
    """Fields a model computes in ``save()`` (folded names) that bulk writes must carry."""
    return {f.name for f in model._meta.concrete_fields if f.name == "name_folded"}


def _call_save_hooks(obj: models.Model) -> None:
    """Compute derived fields that ``save()`` would (bulk writes bypass ``save()``)."""

    if hasattr(obj, "name_folded") and hasattr(obj, "name"):
        obj.name_folded = fold(obj.name or "")
