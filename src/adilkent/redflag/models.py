"""The Red Flag registry: what can be flagged (a venue or a vehicle), assessors' visits with
an answer per checklist item and photos, the flag with its expiry, renewals and withdrawal,
and who may assess or grant (roles given with ``manage.py red_flag_staff``)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adilkent.core.protected_files import random_upload_path


def _public_id() -> str:
    return secrets.token_hex(5)


class RedFlagStaff(models.Model):
    """A staff member's role in the Red Flag programme."""

    class Role(models.TextChoices):
        ASSESSOR = "assessor", _("assessor")
        COORDINATOR = "coordinator", pgettext_lazy("red flag role", "coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flag_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="redflag_staff_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Subject(models.Model):
    """What can be flagged: a venue (a facility of ``places``, or a venue not there, with its
    own name, address and place) or a transport vehicle or line (a line of ``places``, with a
    vehicle's fleet number, or the whole line)."""

    class Kind(models.TextChoices):
        INDOOR = "indoor", _("indoor venue")
        OUTDOOR = "outdoor", _("outdoor space")
        VEHICLE = "vehicle", _("transport vehicle or line")

    public_id = models.CharField(max_length=12, unique=True, default=_public_id, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    facility = models.ForeignKey(
        "places.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="red_flag_subjects",
    )
    transit_line = models.ForeignKey(
        "places.TransitLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="red_flag_subjects",
    )
    fleet_number = models.CharField(_("fleet number"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=250, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mahalle = models.ForeignKey(
        "places.Mahalle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Invented for the demo: not a real flag.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.facility_id is not None and not self.name:
            return self.facility.name or str(self.facility.facility_type)  # type: ignore[union-attr]
        if self.transit_line_id is not None and not self.name:
            line = self.transit_line
            label = f"{line.code} {line.name}".strip()  # type: ignore[union-attr]
            return f"{label} · {self.fleet_number}" if self.fleet_number else label
        return self.name

    @property
    def point(self) -> tuple[float, float] | None:
        """(lon, lat) of a venue; a vehicle has none."""
        if self.facility_id is not None:
            return (self.facility.lon, self.facility.lat)  # type: ignore[union-attr]
        if self.lon is not None and self.lat is not None:
            return (self.lon, self.lat)
        return None

    @property
    def place_district(self) -> models.Model | None:
        if self.facility_id is not None and self.facility.district_id:  # type: ignore[union-attr]
            return self.facility.district  # type: ignore[union-attr]
        return self.district


class Assessment(models.Model):
    """An assessor's visit: the checklist used, an answer per item; it passes when every
    required item is met or does not apply."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="assessments")
    checklist = models.CharField(_("checklist"), max_length=20)
    visited_on = models.DateField(_("date of the visit"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    passed = models.BooleanField(_("passed"))
    note = models.TextField(_("note"), blank=True)
    is_example = models.BooleanField(_("example"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.visited_on}"


class Answer(models.Model):
    class Result(models.TextChoices):
        MEETS = "meets", _("meets")
        FAILS = "fails", _("does not meet")
        NOT_APPLICABLE = "na", _("not applicable")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=60)
    required = models.BooleanField()  # as the checklist said on the day
    result = models.CharField(_("answer"), max_length=10, choices=Result.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_key"], name="redflag_one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.result}"


def photo_path(instance: Photo, filename: str) -> str:
    return random_upload_path("redflag", filename, instance.content_type)


class Photo(models.Model):
    """A photo taken on a visit: checked by its content, stored without metadata under a
    random name, shown to staff through a permission-checked view; on the public page only
    when marked public."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    public = models.BooleanField(_("may be shown on the public page"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Flag(models.Model):
    """A Red Flag granted on a passed assessment, in force until it expires or is withdrawn;
    a renewal (a later passed assessment before expiry) moves its expiry."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="flags")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for the withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_example = models.BooleanField(_("example"), default=False)

    class Meta:
        ordering = ["-granted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.granted_on}–{self.expires_on}"

    def in_force(self, day: dt.date) -> bool:
        return self.withdrawn_on is None and self.granted_on <= day <= self.expires_on


class Renewal(models.Model):
    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="renewals")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    renewed_on = models.DateField(_("renewed on"))
    previous_expiry = models.DateField()
    new_expiry = models.DateField()
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["renewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.flag_id} → {self.new_expiry}"
