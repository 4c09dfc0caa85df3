"""Referrals of a case to a municipal unit or a partner, sharing only what was chosen."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from ..fields import EncryptedTextField
from .casework import Case
from .people import ConsentRecord
from .staff import Unit


class SharedField(models.TextChoices):
    """What a referral may share about the person: chosen one by one, minimum necessary."""

    NAME = "name", _("Name")
    BIRTH_YEAR = "birth_year", _("Birth year")
    GENDER = "gender", _("Gender")
    NATIONALITY = "nationality", _("Nationality")
    PROTECTION_STATUS = "protection_status", _("Protection status")
    LANGUAGES = "languages", _("Languages and interpreter need")
    PHONE = "phone", _("Phone")
    DISTRICT = "district", _("District")
    DISABILITY = "disability", _("Disability")
    VULNERABILITIES = "vulnerabilities", _("Vulnerabilities")


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("to")
    )
    purpose = EncryptedTextField(_("purpose"))
    shared_fields = models.JSONField(_("data shared"), default=list)
    consent = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    consent_override_reason = EncryptedTextField(
        _("reason for referring without consent"), blank=True
    )
    consent_overridden = models.BooleanField(_("referred without consent"), default=False)
    state = FSMField(default=ReferralState.SENT, choices=ReferralState.choices, protected=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    feedback = EncryptedTextField(_("feedback"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.reference} → {self.to_unit}"

    @property
    def reference(self) -> str:
        return str(self.id)[:8].upper()

    @transition(field=state, source=ReferralState.SENT, target=ReferralState.ACCEPTED)
    def accept(self) -> None:
        self.responded_at = timezone.now()

    @transition(
        field=state,
        source=ReferralState.SENT,
        target=ReferralState.DECLINED,
        conditions=[lambda r: bool(getattr(r, "decline_reason", ""))],
    )
    def decline(self) -> None:
        self.responded_at = timezone.now()

    @transition(field=state, source=ReferralState.ACCEPTED, target=ReferralState.COMPLETED)
    def complete(self) -> None:
        self.completed_at = timezone.now()

    @transition(
        field=state,
        source=[ReferralState.SENT, ReferralState.ACCEPTED],
        target=ReferralState.WITHDRAWN,
    )
    def withdraw(self) -> None:
        """The desk takes the referral back (for example when consent is withdrawn)."""
