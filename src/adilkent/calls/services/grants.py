"""A grant's way from an eligible application to closure: the panel's conflict declarations
and scores, the determination with reasons, the agreement, instalments on milestones, the
grantee's reports and the closure.

A reviewer sees no application of a call before declaring, for that call, the applications
they have a conflict of interest with (and that there are no others); an application they
declared a conflict with is hidden from them, and scoring it is refused
(:class:`ConflictRefused`; the staff page records the refusal in the audit log)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    Agreement,
    Application,
    Call,
    CallStaff,
    Conflict,
    GrantReport,
    Instalment,
    PanelDeclaration,
    Review,
    Score,
)
from .calls import _amount, _set_status
from .common import CallInvalid, ConflictRefused, lira, require_status

S = Application.Status


def _grant(application: Application) -> None:
    if application.call.kind != Call.Kind.GRANT:
        raise CallInvalid({"": [_("This is not a grant application.")]})


def is_reviewer(call: Call, user: User) -> bool:
    return CallStaff.objects.filter(call=call, user=user, role=CallStaff.Role.REVIEWER).exists()


def has_declared(call: Call, user: User) -> bool:
    return PanelDeclaration.objects.filter(call=call, reviewer=user).exists()


def panel_declare(*, call: Call, reviewer: User, conflicts: Mapping[int, str]) -> PanelDeclaration:
    """A reviewer's declaration for a call: the applications (by id) they have a conflict
    with, each with its nature. Made once; a conflict found later is added with
    :func:`conflict_add`."""
    if not is_reviewer(call, reviewer):
        raise ConflictRefused("not on this call's review panel")
    ids = set(conflicts)
    known = set(call.applications.filter(pk__in=ids).values_list("pk", flat=True))
    if ids - known:
        raise CallInvalid({"conflicts": [_("One of the applications named is not in this call.")]})
    try:
        with transaction.atomic():
            declaration = PanelDeclaration.objects.create(call=call, reviewer=reviewer)
            Conflict.objects.bulk_create(
                Conflict(application_id=pk, reviewer=reviewer, reason=conflicts[pk].strip()[:300])
                for pk in sorted(ids)
            )
    except IntegrityError as error:
        raise CallInvalid(
            {"": [_("You have already made your declaration for this call.")]}
        ) from error
    return declaration


def conflict_add(*, application: Application, reviewer: User, reason: str) -> Conflict:
    """A conflict found after the declaration: the application is hidden from then on, and a
    review already given is withdrawn from the scores."""
    with transaction.atomic():
        conflict, _created = Conflict.objects.get_or_create(
            application=application, reviewer=reviewer, defaults={"reason": reason.strip()[:300]}
        )
        Review.objects.filter(application=application, reviewer=reviewer).delete()
    return conflict


def applications_for_reviewer(call: Call, reviewer: User) -> QuerySet[Application]:
    """What a reviewer may read: nothing before their declaration; then the call's eligible
    applications except those they declared a conflict with."""
    if not is_reviewer(call, reviewer) or not has_declared(call, reviewer):
        return Application.objects.none()
    return (
        call.applications.filter(status__in=[S.ELIGIBLE, S.AWARDED, S.REJECTED])
        .exclude(conflicts__reviewer=reviewer)
        .order_by("created_at")
    )


def review_access(application: Application, reviewer: User) -> None:
    """Refuse (:class:`ConflictRefused`) a reviewer who may not read or score ``application``."""
    call = application.call
    if not is_reviewer(call, reviewer):
        raise ConflictRefused("not on this call's review panel")
    if not has_declared(call, reviewer):
        raise ConflictRefused("conflicts of interest not yet declared for this call")
    if Conflict.objects.filter(application=application, reviewer=reviewer).exists():
        raise ConflictRefused("conflict of interest declared with this application")


def review_submit(
    *,
    application: Application,
    reviewer: User,
    scores: Mapping[str, int | str],
    comment: str,
) -> Review:
    """A reviewer's scores on every criterion (0 to its highest score) and comment; a second
    submission before the determination replaces the first."""
    _grant(application)
    review_access(application, reviewer)
    require_status(application, [S.ELIGIBLE], _("Scoring"))
    errors: dict[str, list[str]] = {}
    kept: dict[int, int] = {}
    criteria = list(application.call.criteria.all())
    for criterion in criteria:
        raw = scores.get(criterion.key, "")
        try:
            value = int(str(raw).strip())
        except ValueError:
            errors.setdefault(f"score_{criterion.key}", []).append(
                _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
            )
            continue
        if not 0 <= value <= criterion.max_score:
            errors.setdefault(f"score_{criterion.key}", []).append(
                _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
            )
            continue
        kept[criterion.pk] = value
    if errors:
        raise CallInvalid(errors)
    weights = sum(c.weight for c in criteria) or 1
    weighted = (
        sum(
            (Decimal(kept[c.pk]) / c.max_score * c.weight for c in criteria if c.max_score),
            Decimal(0),
        )
        / weights
        * 100
    )
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"comment": comment.strip()[:4000], "weighted_score": round(weighted, 3)},
        )
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion_id=pk, score=value) for pk, value in kept.items()
        )
    return review


@dataclass(frozen=True)
class Ranked:
    application: Application
    reviews: int
    mean_score: Decimal | None  # weighted, 0–100


def ranking(call: Call) -> list[Ranked]:
    """The eligible and decided applications by their reviewers' mean weighted score."""
    ranked = []
    for application in call.applications.filter(
        status__in=[S.ELIGIBLE, S.AWARDED, S.REJECTED, S.CLOSED]
    ).prefetch_related("reviews"):
        scores = [r.weighted_score for r in application.reviews.all()]
        mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1")) if scores else None
        ranked.append(Ranked(application, len(scores), mean))
    return sorted(ranked, key=lambda r: (r.mean_score is None, -(r.mean_score or 0)))


MIN_REVIEWS = 2


def grant_determine(
    *,
    application: Application,
    award: bool,
    reasons: str,
    amount: str,
    by: User,
) -> Application:
    """The determination with its reasons: awarded (with the amount, at most what was asked
    and what is left of the call's budget) or not selected. It needs two reviews."""
    _grant(application)
    require_status(application, [S.ELIGIBLE], _("Deciding"))
    errors: dict[str, list[str]] = {}
    if not reasons.strip():
        errors["reasons"] = [_("Give the reasons for the decision.")]
    if application.reviews.count() < MIN_REVIEWS:
        errors.setdefault("", []).append(
            ngettext(
                "A decision needs at least %(n)s review.",
                "A decision needs at least %(n)s reviews.",
                MIN_REVIEWS,
            )
            % {"n": MIN_REVIEWS}
        )
    value: Decimal | None = None
    if award:
        value = _amount(amount)
        if value is None:
            errors["amount"] = [_("Enter the amount awarded in lira.")]
        elif application.amount_requested is not None and value > application.amount_requested:
            errors["amount"] = [_("The amount awarded cannot exceed the amount requested.")]
    if errors:
        raise CallInvalid(errors)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        if award and call.budget_total is not None:
            committed = sum(
                (a.amount_awarded or Decimal(0))
                for a in call.applications.filter(status__in=[S.AWARDED, S.CLOSED])
            )
            if committed + (value or 0) > call.budget_total:
                raise CallInvalid(
                    {
                        "amount": [
                            _("This would exceed the call's budget: %(left)s TL is left.")
                            % {"left": lira(call.budget_total - committed)}
                        ]
                    }
                )
        application.decision_reasons = reasons.strip()[:4000]
        application.decided_at = timezone.now()
        application.decided_by = by
        application.amount_awarded = value
        _set_status(
            application,
            S.AWARDED if award else S.REJECTED,
            ["decision_reasons", "decided_at", "decided_by", "amount_awarded"],
        )
    return application


@dataclass(frozen=True)
class InstalmentInput:
    milestone: str
    amount: str
    due_on: dt.date


def agreement_record(
    *,
    application: Application,
    number: str,
    signed_on: dt.date,
    instalments: Sequence[InstalmentInput],
    by: User,
) -> Agreement:
    """The signed agreement with its instalments, which must add up to the amount awarded."""
    _grant(application)
    require_status(application, [S.AWARDED], _("Recording the agreement"))
    errors: dict[str, list[str]] = {}
    if not number.strip():
        errors["number"] = [_("Enter the agreement's number.")]
    lines = []
    for n, line in enumerate(instalments, start=1):
        value = _amount(line.amount)
        if not line.milestone.strip() or value is None:
            errors.setdefault("instalments", []).append(
                _("Instalment %(n)s needs a milestone and an amount.") % {"n": n}
            )
            continue
        lines.append((line.milestone.strip()[:200], value, line.due_on))
    if not lines and "instalments" not in errors:
        errors["instalments"] = [_("Plan at least one instalment.")]
    total = sum((v for _m, v, _d in lines), Decimal(0))
    if lines and total != application.amount_awarded:
        errors.setdefault("instalments", []).append(
            _("The instalments add up to %(sum)s TL, not the %(awarded)s TL awarded.")
            % {"sum": lira(total), "awarded": lira(application.amount_awarded)}
        )
    if errors:
        raise CallInvalid(errors)
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                application=application,
                number=number.strip()[:40],
                signed_on=signed_on,
                recorded_by=by,
            )
            for n, (milestone, value, due) in enumerate(lines, start=1):
                Instalment.objects.create(
                    application=application,
                    number=n,
                    milestone=milestone,
                    amount=value,
                    due_on=due,
                )
    except IntegrityError as error:
        raise CallInvalid({"number": [_("This agreement is already recorded.")]}) from error
    return agreement


def instalment_release(*, instalment: Instalment) -> Instalment:
    """An instalment released for payment: the first on the agreement; each later one once
    the report on the milestone before it has been accepted."""
    if instalment.status != Instalment.Status.PLANNED:
        raise CallInvalid({"": [_("This instalment is not waiting to be released.")]})
    require_status(instalment.application, [S.AWARDED], _("Releasing an instalment"))
    if instalment.number > 1:
        before = instalment.application.instalments.get(number=instalment.number - 1)
        if not before.reports.filter(accepted_at__isnull=False).exists():
            raise CallInvalid(
                {
                    "": [
                        _("The report on instalment %(n)s must be accepted first.")
                        % {"n": before.number}
                    ]
                }
            )
    instalment.status = Instalment.Status.RELEASED
    instalment.save(update_fields=["status"])
    return instalment


def grant_report_submit(
    *, application: Application, instalment: Instalment | None, summary: str
) -> GrantReport:
    """A grantee's report on a milestone (with the follow code, from the application page)."""
    _grant(application)
    require_status(application, [S.AWARDED], _("Reporting"))
    if not summary.strip():
        raise CallInvalid({"summary": [_("Describe what was done.")]})
    if instalment is not None and instalment.application_id != application.pk:
        raise CallInvalid({"instalment": [_("This instalment belongs to another grant.")]})
    return GrantReport.objects.create(
        application=application, instalment=instalment, summary=summary.strip()[:8000]
    )


def grant_report_accept(*, report: GrantReport, by: User) -> GrantReport:
    if report.accepted_at is not None:
        raise CallInvalid({"": [_("This report is already accepted.")]})
    report.accepted_at = timezone.now()
    report.accepted_by = by
    report.save(update_fields=["accepted_at", "accepted_by"])
    return report


def grant_close(*, application: Application) -> Application:
    """Closure: every instalment paid and a final report accepted."""
    _grant(application)
    require_status(application, [S.AWARDED], _("Closing"))
    unpaid = application.instalments.exclude(status=Instalment.Status.PAID).count()
    if unpaid or not application.instalments.exists():
        raise CallInvalid(
            {
                "": [
                    ngettext(
                        "%(n)s instalment is not paid yet.",
                        "%(n)s instalments are not paid yet.",
                        unpaid,
                    )
                    % {"n": unpaid}
                ]
            }
        )
    last = application.instalments.order_by("-number").first()
    if not application.grant_reports.filter(instalment=last, accepted_at__isnull=False).exists():
        raise CallInvalid({"": [_("The final report must be accepted first.")]})
    application.closed_at = timezone.now()
    _set_status(application, S.CLOSED, ["closed_at"])
    return application
