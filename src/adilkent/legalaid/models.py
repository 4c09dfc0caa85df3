"""The Legal Aid Vehicle: its stops (a mahalle on a day) and the appointments residents book.

A stop offers slots of ``slot_minutes`` from its start to its end time, each with
``seats_per_slot`` places (as many lawyers as sit at the same time). An appointment holds one
seat of one slot; the database refuses a second active appointment on the same seat
(a unique constraint), so two people booking at the same moment cannot both get it.

The name and phone number a resident gives are encrypted at rest (the cases app's encrypted
fields); a keyed hash of the phone number lets the intake find the person's existing record
without storing the number in clear.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from adilkent.cases.fields import EncryptedTextField


class StopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Stop(models.Model):
    mahalle = models.ForeignKey(
        "places.Mahalle",
        on_delete=models.PROTECT,
        related_name="legal_aid_stops",
        verbose_name=_("neighbourhood"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.CharField(
        _("where the vehicle stands"),
        max_length=200,
        blank=True,
        help_text=_("A landmark residents know, as written on the stop's announcement."),
    )
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per appointment"), default=45)
    seats_per_slot = models.PositiveSmallIntegerField(_("appointments at the same time"), default=1)
    lawyers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="legal_aid_stops",
        verbose_name=_("lawyers"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StopStatus.choices, default=StopStatus.PLANNED
    )
    plan_run = models.ForeignKey(
        "planner.PlanRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the plan"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mahalle", "date"], name="legalaid_one_stop_a_day"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="legalaid_stop_ends_later"
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gt=0), name="legalaid_slot_length"),
            models.CheckConstraint(condition=Q(seats_per_slot__gt=0), name="legalaid_seats"),
        ]
        verbose_name = _("legal aid stop")
        verbose_name_plural = _("legal aid stops")

    def __str__(self) -> str:
        return f"{self.mahalle.name} {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    @property
    def slots(self) -> list[dt.time]:
        """The start times of the appointments, each ending by the stop's end time."""
        day = dt.date(2000, 1, 1)
        end = dt.datetime.combine(day, self.end_time)
        step = dt.timedelta(minutes=self.slot_minutes)
        at = dt.datetime.combine(day, self.start_time)
        times = []
        while at + step <= end:
            times.append(at.time())
            at += step
        return times

    @property
    def capacity(self) -> int:
        return len(self.slots) * self.seats_per_slot


class Topic(models.TextChoices):
    FAMILY = "family", _("Family (marriage, divorce, custody, alimony)")
    LABOUR = "labour", _("Work (wages, dismissal, work permit)")
    RESIDENCE = "residence", _("Residence, protection status or asylum")
    HOUSING = "housing", _("Housing (rent, eviction)")
    VIOLENCE = "violence", _("Violence or threats")
    OTHER = "other", _("Something else")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    """What the lawyer did at the vehicle (recorded at intake)."""

    ADVICE = "advice", _("Advice given; nothing more needed")
    FOLLOW_UP = "follow_up", _("Follow-up by the lawyer")
    BAR_LEGAL_AID = "bar_legal_aid", _("Sent to the bar's legal aid office")
    REFERRED = "referred", _("Referred to another service")
    NOT_LEGAL = "not_legal", _("Not a legal matter")


#: Languages a resident can ask to be served in, written in the language itself.
SPOKEN_LANGUAGES = [
    ("tr", "Türkçe"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("ku", "Kurdî"),
    ("ps", "پښتو"),
    ("other", _("Another language")),
]


class Appointment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stop = models.ForeignKey(Stop, on_delete=models.PROTECT, related_name="appointments")
    slot_time = models.TimeField(_("time"))
    seat = models.PositiveSmallIntegerField(default=1)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    preferred_language = models.CharField(
        _("language"), max_length=8, choices=SPOKEN_LANGUAGES, default="tr"
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_aid_appointments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stop__date", "slot_time", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["stop", "slot_time", "seat"],
                condition=~Q(status="cancelled"),
                name="legalaid_one_booking_a_seat",
            )
        ]
        verbose_name = _("legal aid appointment")
        verbose_name_plural = _("legal aid appointments")

    def __str__(self) -> str:
        return f"appointment {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.id)[:8].upper()
