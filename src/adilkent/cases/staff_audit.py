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

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AuditEvent, StaffProfile


def _audit(action: str, object_type: str, object_id: str, reason: str) -> None:
    AuditEvent.objects.create(
        user=None,
        username="(outside the web)",
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        view_name="",
        path="",
        reason=reason[:300],
    )


@receiver(post_save, sender=StaffProfile)
def _role_saved(sender: Any, instance: StaffProfile, created: bool, **_: Any) -> None:
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        "staff role",
        str(instance.user_id),
        f"{instance.user} has the role {instance.role} in unit {instance.unit_id}",
    )


@receiver(post_delete, sender=StaffProfile)
def _role_deleted(sender: Any, instance: StaffProfile, **_: Any) -> None:
    _audit(
        AuditEvent.Action.ERASE,
        "staff role",
        str(instance.user_id),
        f"{instance.user}: role removed",
    )


@receiver(post_save, sender=TOTPDevice)
def _device_saved(sender: Any, instance: TOTPDevice, created: bool, **_: Any) -> None:
    verb = "added" if created else "changed"
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        "authenticator",
        str(instance.user_id),
        f"authenticator {verb} for {instance.user} (confirmed: {instance.confirmed})",
    )


@receiver(post_delete, sender=TOTPDevice)
def _device_deleted(sender: Any, instance: TOTPDevice, **_: Any) -> None:
    _audit(AuditEvent.Action.ERASE, "authenticator", str(instance.user_id), "authenticator removed")


def keep_out_of_the_admin() -> None:
    """No page of the web admin can add or change an authenticator (called once the admin
    has discovered every app's pages)."""
    from django.contrib import admin

    for model in (TOTPDevice,):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
