"""The reads of the grant staff pages: what a reviewer may see before and after their
declaration, an application as its coordinator reads it (answers, budget, reviews with their
scores), the call's budget committed and left, and the payments side (instalments, batches,
statements with their lines)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from adilkent.core.l10n import name_in_language

from . import services
from .models import (
    Application,
    Call,
    Conflict,
    Criterion,
    Instalment,
    PaymentBatch,
    Review,
    StatementImport,
    StatementLine,
)

S = Application.Status


def grant_call(slug: str) -> Call:
    """The grant call of that short name, or a 404 (volunteer calls have no grant pages)."""
    call = Call.objects.filter(slug=slug, kind=Call.Kind.GRANT).first()
    if call is None:
        raise Http404
    return call


def grant_application(public_id: str) -> Application:
    application = (
        Application.objects.select_related("call", "mahalle")
        .filter(public_id=public_id, call__kind=Call.Kind.GRANT)
        .first()
    )
    if application is None:
        raise Http404
    return application


def applicant_label(application: Application) -> str:
    """What a reviewer is told of who applies before declaring: the organisation, else empty
    (the template then says "individual")."""
    return application.public_name


def to_declare(call: Call) -> QuerySet[Application]:
    """The applications a reviewer declares their conflicts against: all but withdrawn ones.
    Only the number, the organisation and the project's title are shown from them."""
    return (
        call.applications.exclude(status=S.WITHDRAWN)
        .only("pk", "public_id", "applicant_kind", "organisation", "project_title", "created_at")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class ToReview:
    application: Application
    scored: bool


def reviewer_list(call: Call, reviewer: Any) -> list[ToReview]:
    """After the declaration: what the reviewer may read, and whether they scored it."""
    scored = set(
        Review.objects.filter(application__call=call, reviewer=reviewer).values_list(
            "application_id", flat=True
        )
    )
    return [
        ToReview(application, application.pk in scored)
        for application in services.applications_for_reviewer(call, reviewer)
    ]


def conflicts_declared(call: Call, reviewer: Any) -> list[Conflict]:
    return list(
        Conflict.objects.filter(application__call=call, reviewer=reviewer)
        .select_related("application")
        .order_by("application__created_at")
    )


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


def answers(application: Application, language: str) -> list[Answer]:
    """The answers in the order of the call's questions, with their labels (choices by their
    label) in ``language``."""
    try:
        kept: dict[str, Any] = json.loads(application.answers or "{}")
    except ValueError:
        kept = {}
    shown: list[Answer] = []
    for question in application.call.questions.all():
        if question.key not in kept:
            continue
        value = kept[question.key]
        labels = {
            c["value"]: name_in_language(c.get("label", {}), language) for c in question.choices
        }
        if isinstance(value, list):
            text = ", ".join(labels.get(str(v), str(v)) for v in value)
        else:
            text = labels.get(str(value), str(value))
        shown.append(Answer(name_in_language(question.label, language) or question.key, text))
    return shown


@dataclass(frozen=True)
class CriterionShown:
    criterion: Criterion
    name: str


def criteria(call: Call, language: str) -> list[CriterionShown]:
    return [
        CriterionShown(c, name_in_language(c.name, language) or c.key) for c in call.criteria.all()
    ]


@dataclass
class ReviewShown:
    review: Review
    scores: list[int | None] = field(default_factory=list)  # in the order of the criteria


@dataclass(frozen=True)
class Reviews:
    rows: list[ReviewShown]
    mean: Decimal | None
    conflicts: int


def reviews(application: Application, shown: Sequence[CriterionShown]) -> Reviews:
    rows = []
    for review in application.reviews.select_related("reviewer").prefetch_related("scores"):
        by_criterion = {s.criterion_id: s.score for s in review.scores.all()}
        rows.append(ReviewShown(review, [by_criterion.get(c.criterion.pk) for c in shown]))
    scores = [Decimal(r.review.weighted_score) for r in rows]
    mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1")) if scores else None
    return Reviews(rows, mean, application.conflicts.count())


@dataclass(frozen=True)
class Budget:
    total: Decimal | None
    committed: Decimal
    left: Decimal | None


def budget(call: Call) -> Budget:
    """The call's budget, what awards commit of it, and what is left."""
    committed = sum(
        (
            a.amount_awarded or Decimal(0)
            for a in call.applications.filter(status__in=[S.AWARDED, S.CLOSED]).only(
                "amount_awarded"
            )
        ),
        Decimal(0),
    )
    left = call.budget_total - committed if call.budget_total is not None else None
    return Budget(call.budget_total, committed, left)


def instalments_to_pay(call: Call) -> list[Instalment]:
    """The call's instalments released for payment, in a batch or paid."""
    return list(
        Instalment.objects.filter(
            application__call=call,
            status__in=[
                Instalment.Status.RELEASED,
                Instalment.Status.IN_BATCH,
                Instalment.Status.PAID,
            ],
        )
        .select_related("application", "batch")
        .order_by("status", "application__created_at", "number")
    )


def batches(call: Call) -> QuerySet[PaymentBatch]:
    return call.payment_batches.select_related("created_by").order_by("-created_at", "-pk")


def statements(call: Call) -> QuerySet[StatementImport]:
    return call.statements.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def batch_of(pk: int) -> PaymentBatch:
    batch = PaymentBatch.objects.select_related("call").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def statement_of(pk: int) -> StatementImport:
    statement = StatementImport.objects.select_related("call").filter(pk=pk).first()
    if statement is None:
        raise Http404
    return statement


@dataclass(frozen=True)
class StatementReport:
    statement: StatementImport
    matched: list[StatementLine]
    reported: list[StatementLine]

    @property
    def total(self) -> int:
        return len(self.matched) + len(self.reported)


def statement_report(statement: StatementImport) -> StatementReport:
    """Every line of the statement: those matched (and paid) and those reported with their
    problem; none left out."""
    lines = list(statement.lines.select_related("instalment__application").order_by("row"))
    matched = [line for line in lines if line.result == StatementLine.Result.MATCHED]
    reported = [line for line in lines if line.result != StatementLine.Result.MATCHED]
    return StatementReport(statement, matched, reported)
