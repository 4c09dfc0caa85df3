"""The grant side of a call: budget lines, reviewers' conflict declarations and scores, the
agreement, instalments on milestones, payment batches, bank statements matched back to the
instalments, and the grantee's reports."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adilkent.core.protected_files import random_upload_path

from .calls import Application, Call, Criterion


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    order = models.PositiveSmallIntegerField(default=0)
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount (TL)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["application", "order", "pk"]

    def __str__(self) -> str:
        return self.item


class PanelDeclaration(models.Model):
    """A reviewer's declaration for a call, made before any application is shown to them:
    the applications they have a conflict of interest with (:class:`Conflict`), and that
    there are no others."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="declarations")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="one_declaration_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.call}"


class Conflict(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("nature of the conflict"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_conflict_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(max_digits=6, decimal_places=3)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Agreement(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement"
    )
    number = models.CharField(_("agreement number"), max_length=40, unique=True)
    signed_on = models.DateField(_("signed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.number


def new_payment_reference() -> str:
    """The reference a payment carries in the bank's description, by which the statement
    line is matched back to its instalment."""
    return "ADK" + secrets.token_hex(5).upper()


class PaymentBatch(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="payment_batches")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"B-{self.pk}"


class Instalment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RELEASED = "released", _("released for payment")
        IN_BATCH = "in_batch", _("sent to the bank")
        PAID = "paid", _("paid")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("instalment"))
    milestone = models.CharField(_("milestone"), max_length=200)
    amount = models.DecimalField(_("amount (TL)"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("due"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    reference = models.CharField(
        _("payment reference"), max_length=20, unique=True, default=new_payment_reference
    )
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="instalments"
    )
    paid_on = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="instalment_number")
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.number}"


class StatementImport(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="statements")
    original_name = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class StatementLine(models.Model):
    class Result(models.TextChoices):
        MATCHED = "matched", _("matched and paid")
        AMOUNT = "amount", _("amount differs")
        IBAN = "iban", _("IBAN differs")
        UNKNOWN = "unknown", _("no instalment with this reference")
        ALREADY_PAID = "already_paid", _("instalment already paid")
        NOT_SENT = "not_sent", _("instalment not sent to the bank")
        UNREADABLE = "unreadable", _("line cannot be read")

    statement = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField()
    booked_on = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    iban = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=300, blank=True)
    result = models.CharField(max_length=14, choices=Result.choices)
    problem = models.CharField(max_length=300, blank=True)
    instalment = models.ForeignKey(
        Instalment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["statement", "row"]

    def __str__(self) -> str:
        return f"{self.statement} · {self.row}"


def report_path(instance: GrantReport, filename: str) -> str:
    return random_upload_path("calls", filename, instance.content_type)


class GrantReport(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="grant_reports"
    )
    instalment = models.ForeignKey(
        Instalment, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    summary = models.TextField(_("what was done"))
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.application} · {self.submitted_at:%Y-%m-%d}"
