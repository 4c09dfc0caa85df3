"""Cases: their configurable types, the workflow, tasks, notes and documents."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from ..fields import EncryptedTextField
from .people import Person
from .staff import Unit


class CaseType(models.Model):
    """A kind of case, configurable by the desk (names in English msgids, translated in UI)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_protection = models.BooleanField(
        _("protection case"),
        default=False,
        help_text=_("Notes of protection cases are hidden from HİM operators and unit officers."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep for (years after closing)"), default=10
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return self.name


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Need met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Need not met")
    WITHDRAWN = "withdrawn", _("Person withdrew")
    LOST_CONTACT = "lost_contact", _("Contact lost")


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, verbose_name=_("type"))
    state = FSMField(_("state"), default=CaseState.OPEN, choices=CaseState.choices, protected=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="assigned_cases",
        verbose_name=_("caseworker"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("outcome note"), blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.case_type} · {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.id)[:8].upper()

    @transition(
        field=state, source=[CaseState.OPEN, CaseState.ON_HOLD], target=CaseState.IN_PROGRESS
    )
    def start(self) -> None:
        """Work on the case (again)."""

    @transition(field=state, source=CaseState.IN_PROGRESS, target=CaseState.ON_HOLD)
    def hold(self) -> None:
        """Pause: waiting for the person or another office."""

    @transition(
        field=state,
        source=[CaseState.OPEN, CaseState.IN_PROGRESS, CaseState.ON_HOLD],
        target=CaseState.CLOSED,
        conditions=[lambda case: bool(getattr(case, "outcome", ""))],
    )
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=CaseState.CLOSED, target=CaseState.IN_PROGRESS)
    def reopen(self) -> None:
        self.closed_at = None
        self.outcome = ""


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("task"))
    due_date = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date"]

    def __str__(self) -> str:
        return f"task {self.pk} due {self.due_date}"

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General note")
        PROTECTION = "protection", _("Protection note (restricted)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    body = EncryptedTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"note {self.pk} ({self.kind})"


class CaseDocument(models.Model):
    """A file kept with a case: name and content encrypted (content as a Fernet token)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = EncryptedTextField(_("title"))
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()  # Fernet token of the file's bytes
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"document {self.pk}"
