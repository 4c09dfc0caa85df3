"""Who may do what in the cases area changes only outside the web admin, and every change is
audited.

Roles (``StaffProfile``) and authenticators (django-otp devices) give access to the most
sensitive records, so a password-only session of the Django admin must not be able to grant
them: the admin shows roles read-only and has no page for devices. They are set with
``manage.py cases_staff`` on the server. Whatever path changes them (the command, a shell, a
migration), a signal writes an audit event in the same transaction, which the data protection
officer reads in the audit log.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AuditEvent, StaffProfile


def _who() -> str:
    """These changes are made on the server (a management command or a shell): the account
    of the operating system that made them."""
    try:
        return f"(server: {getpass.getuser()})"
    except (KeyError, OSError):
        return "(server)"


# Record type in the audit log, and what to say of a saved row (never a secret).
_DESCRIBE: dict[type[Any], tuple[str, Callable[[Any], str]]] = {
    StaffProfile: ("staff role", lambda p: f"{p.user} has the role {p.role} in unit {p.unit_id}"),
    TOTPDevice: ("authenticator", lambda d: f"authenticator of {d.user}, confirmed: {d.confirmed}"),
}


def _audit(instance: Any, action: str, reason: str) -> None:
    object_type, _describe = _DESCRIBE[type(instance)]
    AuditEvent.objects.create(
        user=None,
        username=_who(),
        action=action,
        object_type=object_type,
        object_id=str(instance.user_id)[:64],
        view_name="",
        path="",
        reason=reason[:300],
    )


def _saved(sender: Any, instance: Any, created: bool, **_: Any) -> None:
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    _audit(instance, action, _DESCRIBE[type(instance)][1](instance))


def _deleted(sender: Any, instance: Any, **_: Any) -> None:
    _audit(
        instance,
        AuditEvent.Action.ERASE,
        f"{_DESCRIBE[type(instance)][0]} of {instance.user} removed",
    )


def audit_access_model(model: type[Any], object_type: str, describe: Callable[[Any], str]) -> None:
    """Audit every change of another app's access rows (a model with a ``user``) the same way:
    enrolment's staff access, say."""
    _DESCRIBE[model] = (object_type, describe)
    post_save.connect(_saved, sender=model, dispatch_uid=f"staff-audit-save-{model.__name__}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"staff-audit-del-{model.__name__}")


for _model in list(_DESCRIBE):
    audit_access_model(_model, *_DESCRIBE[_model])


def keep_out_of_the_admin() -> None:
    """No page of the web admin can add or change an authenticator (called once the admin
    has discovered every app's pages)."""
    from django.contrib import admin

    for model in (TOTPDevice,):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
