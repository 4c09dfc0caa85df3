"""The change history (django-simple-history), cheaper where it is written most.

- **One manager class per model.** simple-history's ``HistoryDescriptor`` makes a new manager
  class (``Manager.from_queryset``, which walks the queryset class with ``inspect``) on every
  read of ``Model.history``, and simple-history reads it after every save. The class is the same
  every time, so :func:`cache_history_managers` puts each model's descriptor behind one that makes
  it once (about 0.5 ms a save on the Open311 POST, in one in-process look).
- **A first version written when it is first needed.** A record that is created often and
  changed later (an intake request: sent by a resident, handled by staff days later) need not
  write the first row of its history in the transaction that creates it: until its first change
  or deletion the stored row *is* that version. :func:`save_without_first_version` creates such a
  record; :func:`first_version_before_change` connects receivers that write the missing first
  row from the stored row, dated when it was created and by whom, just before the first change
  or deletion, so that the history reads as if it had been written at creation.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import pre_delete, pre_save
from simple_history.manager import HistoryDescriptor

SKIP = "skip_history_when_saving"  # simple-history's own switch, read in its post_save


class _OneClassHistoryDescriptor(HistoryDescriptor):
    """``HistoryDescriptor`` that makes the manager class once, not on every access."""

    def __init__(self, model: Any, manager: Any, queryset: Any) -> None:
        super().__init__(model, manager=manager, queryset=queryset)
        self.made = manager.from_queryset(queryset)

    def __get__(self, instance: Any, owner: Any) -> Any:
        return self.made(self.model, instance)


def cache_history_managers() -> int:
    """Give every model with a history the descriptor above; returns how many it changed."""
    changed = 0
    for model in apps.get_models():
        name = getattr(model._meta, "simple_history_manager_attribute", None)
        if not name:
            continue
        descriptor: Any = model.__dict__.get(name)
        if type(descriptor) is HistoryDescriptor:
            made = _OneClassHistoryDescriptor(
                descriptor.model, descriptor.manager_class, descriptor.queryset_class
            )
            setattr(model, name, made)
            changed += 1
    return changed


def save_without_first_version(instance: models.Model, **save_kwargs: Any) -> None:
    """Create ``instance`` without its history's first row (written before its first change,
    by the receivers of :func:`first_version_before_change`, which its model must have)."""
    setattr(instance, SKIP, True)
    try:
        instance.save(**save_kwargs)
    finally:
        delattr(instance, SKIP)


def first_version_before_change(
    model: type[models.Model], *, created_field: str, user_field: str
) -> None:
    """Before a stored ``model`` row is changed or deleted, write its history's first row if it
    has none: the row as stored, dated by ``created_field``, by the user in ``user_field``."""

    def write(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
        if kwargs.get("raw") or instance._state.adding or instance.pk is None:
            return
        if hasattr(instance, SKIP):
            return
        history = getattr(sender, sender._meta.simple_history_manager_attribute)
        history = history.db_manager(using)
        versions = history.filter(**{sender._meta.pk.attname: instance.pk})
        if versions.exists():  # every change after the first: one query, no lock
            return
        with transaction.atomic(using=using):
            # The lock makes a concurrent first change wait, and then find the row written.
            stored = (
                sender._default_manager.using(using)
                .select_for_update()
                .filter(pk=instance.pk)
                .first()
            )
            if stored is None or versions.exists():
                return
            history.bulk_history_create(
                [stored],
                default_date=getattr(stored, created_field),
                default_user=getattr(stored, user_field),
            )

    uid = f"first-history-version-{model._meta.label_lower}"
    pre_save.connect(write, sender=model, weak=False, dispatch_uid=uid + "-save")
    pre_delete.connect(write, sender=model, weak=False, dispatch_uid=uid + "-delete")
