"""Fields and branches, courses with their sessions, trainees' course data and certificates."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.cases.fields import EncryptedTextField
from adilkent.core.l10n import name_in_language
from adilkent.enrolment.models import Application, Centre, Term
from adilkent.places.models import District, Mahalle


class Field(models.Model):
    """A field of vocational training (e.g. textiles), with its branches."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text=_('{"tr": "...", "en": "..."}'))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["code"]

    def __str__(self) -> str:
        return name_in_language(self.names) or self.code


class Branch(models.Model):
    """A branch of a field (e.g. garment pattern making in textiles)."""

    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="branches")
    code = models.SlugField(_("code"), max_length=80, unique=True)
    names = models.JSONField(_("names"), default=dict)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["field__code", "code"]

    def __str__(self) -> str:
        return name_in_language(self.names) or self.code


class CentrePlace(models.Model):
    """Where a course centre is, as far as the sources say: its district, and its mahalle when
    the source names one. "Courses near me" measures from the resident's mahalle to the
    centre's mahalle, or to its district's centre when only the district is known."""

    centre = models.OneToOneField(Centre, on_delete=models.CASCADE, related_name="place")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    mahalle = models.ForeignKey(
        Mahalle, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("where a course centre is")
        verbose_name_plural = _("where course centres are")

    def __str__(self) -> str:
        return f"{self.centre} — {self.mahalle or self.district}"


class Course(models.Model):
    """A course or training: an enrolment term with one group (its class) at one centre.

    The term holds the dates, the application window and the days to answer an offer; the
    group holds the places. Completion is the course's own rule: a number of session days
    attended, a share of the hours, an exam mark, or several of them at once.
    """

    class Kind(models.TextChoices):
        COURSE = "course", _("vocational course")
        TRAINING = "training", _("training")

    term = models.OneToOneField(Term, on_delete=models.PROTECT, related_name="course")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="courses")
    language = models.CharField(_("language of teaching"), max_length=8, default="tr")
    women_only = models.BooleanField(_("for women only"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    prerequisites = models.CharField(_("prerequisites"), max_length=300, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    min_days = models.PositiveSmallIntegerField(_("session days to attend"), null=True, blank=True)
    min_hours_percent = models.PositiveSmallIntegerField(
        _("share of the hours to attend (%)"), null=True, blank=True
    )
    pass_mark = models.PositiveSmallIntegerField(_("exam mark to pass"), null=True, blank=True)
    asks_organisation = models.BooleanField(
        _("attendees say which organisation they represent"), default=False
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["term__starts_on"]

    def __str__(self) -> str:
        return self.term.name


class Session(models.Model):
    """A day of a course, with its hours."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    # a random code in the session's QR poster: a trainee who scans it and gives their follow
    # code marks themselves present (only on the day, only in the session's hours)
    check_in_code = models.CharField(max_length=24, unique=True, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["course", "day"]
        constraints = [
            models.UniqueConstraint(fields=["course", "day"], name="one_session_a_day"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.day}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.check_in_code:
            self.check_in_code = secrets.token_urlsafe(12)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def hours(self) -> float:
        start = dt.datetime.combine(self.day, self.starts_at)
        return (dt.datetime.combine(self.day, self.ends_at) - start).total_seconds() / 3600


class Trainee(models.Model):
    """What a course asks of its applicant beyond the enrolment application (which holds the
    name, contact, mahalle and declared groups): sex for the funnel, the organisation a
    training's attendee represents, the exam mark."""

    class Sex(models.TextChoices):
        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("other")
        UNSAID = "unsaid", _("prefers not to say")

    class OrganisationKind(models.TextChoices):
        NGO = "ngo", _("civil society organisation")
        UNIT = "unit", _("municipal unit")
        DISTRICT = "district", _("district municipality")
        OTHER = "other", _("other")

    GROUPS = ("women", "youth", "roma", "refugee_or_migrant", "disability", "low_income")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="trainee"
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNSAID)
    organisation = models.CharField(_("organisation represented"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=10, choices=OrganisationKind.choices, blank=True
    )
    exam_mark = models.PositiveSmallIntegerField(_("exam mark"), null=True, blank=True)
    # the groups the trainee said they belong to (women, youth, roma, refugee_or_migrant...),
    # for the funnel by group; those the programme's priority rules name also give points
    groups = models.JSONField(_("groups declared"), default=list, blank=True)
    # the age band on the course's first day, kept for the figures when the application's
    # personal data (with the birth date) is erased at the end of its retention
    age_band = models.CharField(_("age band"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return self.application.public_id


AGE_BANDS = ((15, 24), (25, 34), (35, 44), (45, 54), (55, 200))


def age_band(years: int) -> str:
    """ "15–24", "25–34", ... "55+" (empty under 15)."""
    for low, high in AGE_BANDS:
        if low <= years <= high:
            return f"{low}+" if high == 200 else f"{low}–{high}"
    return ""


def new_certificate_code() -> str:
    """A certificate's verification code: 16 letters and digits (80 bits), in four groups."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class Certificate(models.Model):
    """A certificate of completion. The code is printed on it with a QR code to the public
    verification page, which shows only the holder's name, the course and the date."""

    code = models.CharField(
        _("verification code"), max_length=19, unique=True, default=new_certificate_code
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    holder_name = EncryptedTextField(_("holder"))
    # the holder's keyed phone and e-mail hashes, copied from the application: the data
    # protection officer's erasure of the person finds their certificates by them
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
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.code
