"""Centres, terms, groups with their places, applications, choices and placements."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from adilkent.cases.fields import EncryptedTextField
from adilkent.core.protected_files import random_upload_path
from adilkent.places.models import Facility, Mahalle
from adilkent.programmes.models import Programme


def new_public_id() -> str:
    """The number an applicant quotes and sees in the published lottery list."""
    return "E-" + secrets.token_hex(5).upper()


class Centre(models.Model):
    """A centre of a programme where children get places (a ÇOGEM centre, a Talehouse...).

    ``facility`` is where it is, when that is known; the seeds name most centres without an
    address, and the pages say so instead of showing a guessed one.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="centres")
    name = models.CharField(_("name"), max_length=200)
    facility = models.ForeignKey(
        Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["programme__slug", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="centre_once_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A programme's period of places (a school year, say), with its application window."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(_("name"), max_length=80)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    applications_open_on = models.DateField(_("applications open"))
    applications_close_on = models.DateField(_("applications close"))
    max_choices = models.PositiveSmallIntegerField(_("centres an applicant may choose"), default=3)
    offer_days = models.PositiveSmallIntegerField(_("days to answer an offer"), default=7)
    lottery_seed = models.CharField(_("lottery seed"), max_length=64, blank=True)
    seed_published_at = models.DateTimeField(_("seed published"), null=True, blank=True)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="term_once_per_programme"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name} {self.name}"


class Group(models.Model):
    """A centre's group in a term: an age band in months, its days and hours, its places."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="groups")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="groups")
    label = models.CharField(_("label"), max_length=120)
    min_age_months = models.PositiveSmallIntegerField(_("from age (months)"))
    max_age_months = models.PositiveSmallIntegerField(_("to age (months)"))
    days = models.CharField(_("days"), max_length=80, blank=True)
    hours = models.CharField(_("hours"), max_length=80, blank=True)
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["centre__name", "min_age_months", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age_months__gte=models.F("min_age_months")),
                name="group_age_band_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre.name}: {self.label}"

    def takes(self, age_months: int) -> bool:
        return self.min_age_months <= age_months <= self.max_age_months


class PriorityRules(models.Model):
    """One version of a programme's priority rules (read by :mod:`adilkent.allocation.priority`,
    which checks them); the version in force on a term's start date scores its applications."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(_("version"), max_length=40)
    effective_from = models.DateField(_("in force from"))
    rules = models.JSONField(_("rules"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("priority rules")
        verbose_name_plural = _("priority rules")
        constraints = [
            models.UniqueConstraint(fields=["programme", "version"], name="rules_version_once"),
            models.UniqueConstraint(
                fields=["programme", "effective_from"], name="rules_one_version_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug} {self.version}"


class Application(models.Model):
    """One child's application to one term, with the centres chosen in order."""

    class Channel(models.TextChoices):
        WEB = "web", _("web")
        DESK = "desk", _("at a desk")
        PHONE = "phone", _("by phone")

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        WITHDRAWN = "withdrawn", _("withdrawn")

    public_id = models.CharField(
        _("application number"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    guardian_name = EncryptedTextField(_("parent or guardian"))
    guardian_phone = EncryptedTextField(_("phone"), blank=True)
    guardian_email = EncryptedTextField(_("e-mail"), blank=True)
    child_name = EncryptedTextField(_("child's name"))
    child_birth_date = EncryptedTextField(_("child's date of birth"))  # ISO date, encrypted
    # keyed hash of the child's name and birth date: one application per child and term
    child_key = models.CharField(max_length=64, editable=False)
    # keyed hash of the follow code given to the guardian (shared by the children applied for
    # together): the code opens the status page, where offers are answered
    follow_hash = models.CharField(max_length=64, editable=False, db_index=True)
    # keyed hashes of the guardian's phone and e-mail: the erasure or export of a person in
    # the cases area finds their applications by them
    phone_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    mahalle = models.ForeignKey(Mahalle, on_delete=models.PROTECT, related_name="+")
    priority_groups = models.JSONField(_("priority groups declared"), default=list, blank=True)
    # the household's monthly income as declared (TL, encrypted; empty: not declared), for the
    # fee band
    monthly_income = EncryptedTextField(_("monthly household income"), blank=True)
    preferred_language = models.CharField(_("language"), max_length=8, default="tr")
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # written by each allocation round: the points, their reasons and the rules' version
    priority_points = models.PositiveIntegerField(_("priority points"), default=0)
    priority_reasons = models.JSONField(_("why"), default=list, blank=True)
    rules_version = models.CharField(_("rules version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["term", "child_key"], name="one_application_per_child")
        ]

    def __str__(self) -> str:
        return self.public_id


class Choice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"))
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application", "order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "order"], name="choice_order_once"),
            models.UniqueConstraint(fields=["application", "centre"], name="choice_centre_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.centre_id}"


class Placement(models.Model):
    """An offer of a place in a group, and what became of it."""

    class State(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    HOLDING = (State.OFFERED, State.ACCEPTED)

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="placements"
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="placements")
    choice_order = models.PositiveSmallIntegerField(_("choice"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.OFFERED
    )
    offered_at = models.DateTimeField(_("offered"))
    expires_at = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    fee_exempt_reason = models.CharField(_("fee exemption"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["offered", "accepted"]),
                name="one_place_held_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.public_id} → {self.group} ({self.state})"


class AllocationRun(models.Model):
    """One round of the allocation of a term: its seed, rules and what it offered."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="runs")
    seed = models.CharField(_("lottery seed"), max_length=64)
    rules_version = models.CharField(_("rules version"), max_length=40)
    ran_at = models.DateTimeField(_("ran"))
    reason = models.CharField(_("why it ran"), max_length=120)
    offers = models.PositiveIntegerField(_("offers made"))
    waiting = models.PositiveIntegerField(_("applications still waiting"))

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.term_id} {self.ran_at:%Y-%m-%d %H:%M} ({self.reason})"


class StaffAccess(models.Model):
    """Who may see a programme's or a centre's applications and children (need to know).

    A coordinator sees every centre of the programme and runs its allocation rounds; centre
    staff see their centre's groups, children and attendance. Set with
    ``manage.py enrolment_staff`` (never in the web admin); every change is audited.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("programme coordinator")
        CENTRE = "centre", _("centre staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_access"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_access"
    )

    class Meta:
        verbose_name = _("enrolment staff access")
        verbose_name_plural = _("enrolment staff access")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="coordinator", programme__isnull=False, centre__isnull=True)
                    | Q(role="centre", centre__isnull=False, programme__isnull=True)
                ),
                name="access_names_its_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "programme", "centre"], name="access_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.role} {self.programme or self.centre}"


class Attendance(models.Model):
    """Whether an enrolled child came on a day, as marked by centre staff."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="attendance_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.day}: {'present' if self.present else 'absent'}"


class FeeTable(models.Model):
    """A programme's monthly fees from a date on (the fee of a month is the table in force on
    its first day). ``effective_from`` empty: the fees before the next table, whose start the
    sources do not give."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=120)
    source = models.CharField(_("source"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("fee table")
        verbose_name_plural = _("fee tables")
        ordering = ["programme", models.F("effective_from").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "effective_from"], name="fee_table_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.label}"


class FeeBand(models.Model):
    """One band of a fee table: families whose monthly income is up to ``income_up_to`` (TL;
    empty: any income) pay ``monthly_fee``; the lowest band that fits applies."""

    table = models.ForeignKey(FeeTable, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("label"), max_length=120)
    income_up_to = models.DecimalField(
        _("monthly income up to (TL)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    monthly_fee = models.DecimalField(_("monthly fee (TL)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")
        ordering = ["table", models.F("income_up_to").asc(nulls_last=True)]

    def __str__(self) -> str:
        return f"{self.label}: {self.monthly_fee}"


def document_path(instance: ApplicationDocument, filename: str) -> str:
    """A random storage name: neither the family's file name nor the child shows in it."""
    return random_upload_path("enrolment", filename, instance.content_type)


class ApplicationDocument(models.Model):
    """A document a family attached (proof of income, a disability report...): checked by its
    content, stored under a random name, sent only to the programme's coordinator."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
