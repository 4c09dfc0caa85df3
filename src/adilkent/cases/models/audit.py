"""The audit trail of sensitive records and the log of what retention destroyed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Read")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")
        DENIED = "denied", _("Refused")
        MERGE = "merge", _("Merged")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=40, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    view_name = models.CharField(_("screen"), max_length=80)
    path = models.CharField(_("address"), max_length=300)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"


class DestructionLog(models.Model):
    """What the retention job (or an erasure) destroyed or anonymised; never personal data."""

    at = models.DateTimeField(auto_now_add=True)
    record_type = models.CharField(max_length=40)
    record_id = models.CharField(max_length=64)
    action = models.CharField(max_length=12)  # destroyed / anonymised
    rule = models.CharField(max_length=200)
    by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.record_type} {self.action}"
