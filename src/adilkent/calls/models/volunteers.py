"""The volunteer side of a call: interviews, trainings that gate roles (a volunteer may take a
role only once they completed the training it requires), shifts with the number needed per
role, assignments with the hours served, and the certificate of volunteering."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.cases.fields import EncryptedTextField
from adilkent.courses.models import new_certificate_code
from adilkent.places.models import District

from .calls import Application, Call


class Training(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="trainings")
    key = models.SlugField(max_length=40)
    name = models.JSONField(_("name"), default=dict)
    hours = models.PositiveSmallIntegerField(_("hours"), default=2)

    class Meta:
        verbose_name = _("volunteer training")
        verbose_name_plural = _("volunteer trainings")
        ordering = ["call", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="training_key")]

    def __str__(self) -> str:
        return self.key


class Role(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="roles")
    key = models.SlugField(max_length=40)
    name = models.JSONField(_("name"), default=dict)
    requires_training = models.ForeignKey(
        Training, on_delete=models.PROTECT, null=True, blank=True, related_name="gated_roles"
    )

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["call", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="role_key")]

    def __str__(self) -> str:
        return self.key


class Interview(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("to be held")
        PASSED = "passed", _("suitable")
        FAILED = "failed", _("not suitable")
        MISSED = "missed", _("did not come")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    scheduled_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"{self.application} · {self.scheduled_at:%Y-%m-%d %H:%M}"


class TrainingCompletion(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="trainings_completed"
    )
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(_("completed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "training"], name="one_completion_per_training"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.training}"


class Shift(models.Model):
    """A shift of an activity (a workshop, a stand, field work), with the people needed per
    role (:class:`ShiftNeed`)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="shifts")
    activity = models.CharField(_("activity"), max_length=200)
    place = models.CharField(_("where"), max_length=200, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.activity} · {self.starts_at:%Y-%m-%d %H:%M}"


class ShiftNeed(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="needs")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    needed = models.PositiveSmallIntegerField(_("people needed"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shift", "role"], name="one_need_per_role")]

    def __str__(self) -> str:
        return f"{self.shift} · {self.role} × {self.needed}"


class Assignment(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    hours = models.DecimalField(
        _("hours served"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    hours_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    hours_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["shift", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "application"], name="one_assignment_per_shift"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.shift} · {self.role}"


class VolunteerCertificate(models.Model):
    """A certificate of volunteering: the roles and hours served; verified by its code on the
    public page, which shows only the holder's name, the call, the hours and the date."""

    code = models.CharField(
        _("verification code"), max_length=19, unique=True, default=new_certificate_code
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    holder_name = EncryptedTextField(_("holder"))
    hours = models.DecimalField(_("hours served"), max_digits=7, decimal_places=2)
    phone_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="tr")
    issued_on = models.DateField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why it was revoked"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate of volunteering")
        verbose_name_plural = _("certificates of volunteering")

    def __str__(self) -> str:
        return self.code
