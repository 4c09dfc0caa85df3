"""Who works with the records: organisations (the municipality, partners), units, roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    is_municipality = models.BooleanField(_("part of the municipality"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A municipal unit or a partner organisation's team: what a referral is sent to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        unique_together = [("organisation", "name")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        if self.name == self.organisation.name:
            return self.name
        return f"{self.organisation.name} – {self.name}"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Refugee Desk caseworker")
    SUPERVISOR = "supervisor", _("Refugee Desk supervisor")
    HIM_OPERATOR = "him_operator", _("HİM operator")
    UNIT_OFFICER = "unit_officer", _("Municipal unit officer")
    PARTNER = "partner", _("Partner caseworker")
    DPO = "dpo", _("Data protection officer")
    ANALYST = "analyst", _("Analyst")


class StaffProfile(models.Model):
    """A staff member's role in the cases area and the unit whose records they work on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases_profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff")

    class Meta:
        verbose_name = _("cases staff profile")
        verbose_name_plural = _("cases staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.unit})"
