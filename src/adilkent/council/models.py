"""The City Council and its bodies: a body (assembly, working group, committee, forum, the
Children's Municipality...) with its parent, purpose and programme; its members with their
roles and terms; the guardian's consent a child needs before joining; the body's meetings
(agenda, attendance, minutes in the language they were written in); the recommendations it
adopts to a municipal unit, the unit's answer by a deadline and what was done.

A member's contact details are encrypted (:class:`~adilkent.cases.fields.EncryptedTextField`);
a child's are shown to the body's coordinators only (:mod:`.permissions`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adilkent.cases.fields import EncryptedTextField
from adilkent.intake.models import Unit
from adilkent.programmes.models import Programme

ADULT_AGE = 18


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


class Body(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("city council")
        ASSEMBLY = "assembly", _("assembly")
        WORKING_GROUP = "working_group", _("working group")
        COMMITTEE = "committee", pgettext_lazy("a body of the council", "committee")
        FORUM = "forum", _("forum")
        CHILDRENS_MUNICIPALITY = "childrens_municipality", _("children's municipality")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("type of body"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    # per language code: {"tr": "...", "en": "..."}
    name = models.JSONField(_("name"), default=dict)
    purpose = models.JSONField(_("purpose"), default=dict, blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="bodies"
    )
    min_age = models.PositiveSmallIntegerField(_("youngest member's age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest member's age"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def has_age_limits(self) -> bool:
        return self.min_age is not None or self.max_age is not None

    def lineage(self) -> list[Body]:
        """This body and the bodies it is part of, nearest first."""
        found: list[Body] = []
        body: Body | None = self
        while body is not None and body not in found:
            found.append(body)
            body = body.parent
        return found


class BodyStaff(models.Model):
    """A member of staff's role in a body (given with ``manage.py council_staff``)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "user", "role"], name="council_staff_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.body}"


class Sex(models.TextChoices):
    FEMALE = "female", _("girl or woman")
    MALE = "male", _("boy or man")
    UNSTATED = "unstated", _("not stated")


class GuardianConsent(models.Model):
    """A parent's or legal guardian's consent for a child to be a member of a body (and of
    the bodies that are part of it), recorded before the child is added."""

    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GUARDIAN = "guardian", _("legal guardian")
        OTHER = "other", _("other person with parental responsibility")

    class How(models.TextChoices):
        SIGNED_FORM = "signed_form", _("signed consent form")
        IN_PERSON = "in_person", _("in person, before the coordinator")
        E_SIGNATURE = "e_signature", _("electronic signature")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="consents")
    child_name = EncryptedTextField(_("child's name"))
    child_birth_date = models.DateField(_("child's date of birth"))
    guardian_name = EncryptedTextField(_("guardian's name"))
    relation = models.CharField(_("relation to the child"), max_length=12, choices=Relation.choices)
    guardian_contact = EncryptedTextField(_("guardian's phone or e-mail"), blank=True)
    given_on = models.DateField(_("consent given on"))
    how = models.CharField(_("how it was given"), max_length=12, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"consent {self.pk} for {self.body}"


class Member(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY = "deputy", _("deputy chair")
        SPOKESPERSON = "spokesperson", _("spokesperson")
        SECRETARY = "secretary", _("secretary")
        COORDINATOR = "coordinator", pgettext_lazy("member's role", "coordinator")
        MEMBER = "member", pgettext_lazy("member's role", "member")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")
    full_name = EncryptedTextField(_("name"))
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNSTATED)
    role = models.CharField(_("role"), max_length=14, choices=Role.choices, default=Role.MEMBER)
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"), null=True, blank=True)
    listed = models.BooleanField(_("agreed to be listed by name"), default=False)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    guardian_contact = EncryptedTextField(_("guardian's phone or e-mail"), blank=True)
    consent = models.ForeignKey(
        GuardianConsent, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    is_child = models.BooleanField(_("under 18 when added"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["body", "role", "pk"]

    def __str__(self) -> str:
        return f"member {self.pk} of {self.body}"

    def is_current(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_from <= day and (self.term_to is None or day <= self.term_to)

    def age(self, day: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, day or timezone.localdate())


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    # the agenda and the minutes are kept as written, in this language
    language = models.CharField(_("language of the agenda and minutes"), max_length=8)
    minutes = models.TextField(_("minutes"), blank=True)
    present = models.ManyToManyField(
        Member, blank=True, related_name="meetings_attended", verbose_name=_("members present")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"meeting {self.pk} of {self.body}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A recommendation a body adopted, addressed to a municipal unit, which answers it by
    ``answer_due``; the answer and the progress notes are recorded by the body's coordinator
    on the unit's behalf. All of it is public."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("answer to a recommendation", "accepted")
        PARTLY = "partly", pgettext_lazy("answer to a recommendation", "partly accepted")
        NOT_ACCEPTED = "not_accepted", pgettext_lazy("answer to a recommendation", "not accepted")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    unit_name = models.CharField(_("unit (if not in the list)"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    answer_due = models.DateField(_("answer due by"))
    answer = models.CharField(_("answer"), max_length=14, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("the unit's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    escalated_at = models.DateTimeField(_("marked overdue and escalated at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-adopted_on", "-pk"]

    def __str__(self) -> str:
        return f"recommendation {self.pk}"

    @property
    def addressee(self) -> str:
        return self.unit.name if self.unit is not None else self.unit_name

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    def is_overdue(self, day: dt.date | None = None) -> bool:
        """Not answered and past the day the answer was due."""
        return not self.answered and (day or timezone.localdate()) > self.answer_due

    @property
    def answered_in_time(self) -> bool:
        return self.answered_on is not None and self.answered_on <= self.answer_due

    def status(self, day: dt.date | None = None) -> str:
        """``answered``, ``overdue`` or ``awaiting`` (the public status)."""
        if self.answered:
            return "answered"
        return "overdue" if self.is_overdue(day) else "awaiting"


class ProgressNote(models.Model):
    """What was done on a recommendation (recorded on the unit's behalf)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="progress"
    )
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["noted_on", "pk"]

    def __str__(self) -> str:
        return f"progress {self.pk}"


# --- selection by lot ---------------------------------------------------------------------------


class AgeBand(models.TextChoices):
    """The age bands a draw is stratified by (age on the day the application is recorded)."""

    B10_13 = "10-13", "10–13"
    B14_17 = "14-17", "14–17"
    B18_29 = "18-29", "18–29"
    B30_44 = "30-44", "30–44"
    B45_64 = "45-64", "45–64"
    B65 = "65+", "65+"


def age_band_of(age: int) -> str:
    for value, _label in AgeBand.choices:
        low, _dash, high = value.rstrip("+").partition("-")
        if age >= int(low) and (not high or age <= int(high)):
            return value
    return ""


class Draw(models.Model):
    """A draw by lot of ``seats`` members of a body from its applicants, meeting quotas per
    district, sex and age band (:mod:`adilkent.council.lottery`). Once drawn, the seed, the
    algorithm and the library's version are kept with the result and published with the pool
    (references and strata only), so anyone can re-run it."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("draw", "open for applicants")
        DRAWN = "drawn", pgettext_lazy("draw", "drawn")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="draws")
    title = models.CharField(_("title"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    # [{"feature": "district", "value": "Buca", "min": 1, "max": 2}, ...]
    quotas = models.JSONField(_("quotas"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=16, blank=True)
    library_version = models.CharField(_("library version"), max_length=20, blank=True)
    report = models.TextField(_("the library's report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("draw by lot")
        verbose_name_plural = _("draws by lot")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"draw {self.pk} of {self.body}"


class Applicant(models.Model):
    """A person who applied to be drawn. Only the reference and the strata are public; the
    name and contacts are encrypted and seen by the body's coordinators."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="applicants")
    reference = models.CharField(_("reference"), max_length=12)
    full_name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    district = models.CharField(_("district"), max_length=100)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    selected = models.BooleanField(_("selected"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["draw", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "reference"], name="council_applicant_ref")
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.draw_id})"
