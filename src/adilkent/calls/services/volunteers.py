"""A volunteer's way from an eligible application to a certificate: interview, trainings,
approval, shifts (a role only after the training it requires, and no more people than a shift
needs), hours served, the certificate of volunteering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.core.l10n import name_in_language

from ..models import (
    Application,
    Assignment,
    Call,
    Interview,
    Role,
    Shift,
    ShiftNeed,
    Training,
    TrainingCompletion,
    VolunteerCertificate,
)
from .calls import _set_status
from .common import CallInvalid, require_status

S = Application.Status
MAX_SHIFT_HOURS = Decimal("16")


def _volunteer(application: Application) -> None:
    if application.call.kind != Call.Kind.VOLUNTEER:
        raise CallInvalid({"": [_("This is not a volunteer application.")]})


def interview_schedule(
    *,
    application: Application,
    scheduled_at: dt.datetime,
    place: str,
    interviewer: User,
) -> Interview:
    _volunteer(application)
    require_status(application, [S.ELIGIBLE], _("Scheduling an interview"))
    if not place.strip():
        raise CallInvalid({"place": [_("Say where the interview is held.")]})
    if application.interviews.filter(outcome=Interview.Outcome.PENDING).exists():
        raise CallInvalid({"": [_("An interview is already scheduled for this application.")]})
    return Interview.objects.create(
        application=application,
        scheduled_at=scheduled_at,
        place=place.strip()[:200],
        interviewer=interviewer,
    )


def interview_record(*, interview: Interview, outcome: str, notes: str, by: User) -> Interview:
    """The interview's outcome: suitable moves the application on; not suitable ends it;
    a missed interview can be scheduled again."""
    if interview.outcome != Interview.Outcome.PENDING:
        raise CallInvalid({"": [_("This interview's outcome is already recorded.")]})
    if outcome not in (
        Interview.Outcome.PASSED,
        Interview.Outcome.FAILED,
        Interview.Outcome.MISSED,
    ):
        raise CallInvalid({"outcome": [_("Choose the outcome.")]})
    application = interview.application
    require_status(application, [S.ELIGIBLE], _("Recording an interview"))
    with transaction.atomic():
        interview.outcome = outcome
        interview.notes = notes.strip()[:4000]
        interview.recorded_at = timezone.now()
        interview.save(update_fields=["outcome", "notes", "recorded_at"])
        if outcome == Interview.Outcome.PASSED:
            _set_status(application, S.INTERVIEWED)
        elif outcome == Interview.Outcome.FAILED:
            application.decision_reasons = _("Not suitable at the interview.")
            application.decided_at = timezone.now()
            application.decided_by = by
            _set_status(application, S.REJECTED, ["decision_reasons", "decided_at", "decided_by"])
    return interview


def training_complete(
    *,
    application: Application,
    training: Training,
    completed_on: dt.date,
    by: User,
) -> TrainingCompletion:
    _volunteer(application)
    if training.call_id != application.call_id:
        raise CallInvalid({"training": [_("This training belongs to another call.")]})
    require_status(application, [S.INTERVIEWED, S.APPROVED], _("Recording a training"))
    if completed_on > timezone.localdate():
        raise CallInvalid({"completed_on": [_("A training cannot be completed in the future.")]})
    try:
        with transaction.atomic():
            return TrainingCompletion.objects.create(
                application=application,
                training=training,
                completed_on=completed_on,
                recorded_by=by,
            )
    except IntegrityError as error:
        raise CallInvalid({"training": [_("This training is already recorded.")]}) from error


def volunteer_approve(*, application: Application, by: User) -> Application:
    _volunteer(application)
    require_status(application, [S.INTERVIEWED], _("Approving"))
    application.decided_at = timezone.now()
    application.decided_by = by
    _set_status(application, S.APPROVED, ["decided_at", "decided_by"])
    return application


def roles_open_to(application: Application) -> list[Role]:
    """The roles a volunteer may take: those without a training, and those whose training
    they completed."""
    done = set(application.trainings_completed.values_list("training_id", flat=True))
    return [
        r
        for r in application.call.roles.all()
        if r.requires_training_id is None or r.requires_training_id in done
    ]


def volunteer_assign(*, application: Application, shift: Shift, role: Role) -> Assignment:
    """An approved volunteer on a shift in a role: refused when the role needs a training
    they have not completed, when the shift needs nobody more in that role, or when they are
    already on it."""
    _volunteer(application)
    require_status(application, [S.APPROVED], _("Assigning to a shift"))
    if shift.call_id != application.call_id or role.call_id != application.call_id:
        raise CallInvalid({"shift": [_("This shift belongs to another call.")]})
    language = application.language
    if (
        role.requires_training_id is not None
        and not application.trainings_completed.filter(
            training_id=role.requires_training_id
        ).exists()
    ):
        raise CallInvalid(
            {
                "role": [
                    _("The role “%(role)s” needs the training “%(training)s” first.")
                    % {
                        "role": name_in_language(role.name, language),
                        "training": name_in_language(role.requires_training.name, language),  # type: ignore[union-attr]
                    }
                ]
            }
        )
    with transaction.atomic():
        need = ShiftNeed.objects.select_for_update().filter(shift=shift, role=role).first()
        if need is None:
            raise CallInvalid({"role": [_("This shift needs nobody in this role.")]})
        taken = Assignment.objects.filter(shift=shift, role=role).count()
        if taken >= need.needed:
            raise CallInvalid(
                {"role": [_("This shift already has everyone it needs in this role.")]}
            )
        try:
            with transaction.atomic():
                return Assignment.objects.create(shift=shift, role=role, application=application)
        except IntegrityError as error:
            raise CallInvalid({"shift": [_("This volunteer is already on this shift.")]}) from error


def hours_record(*, assignment: Assignment, hours: str, by: User) -> Assignment:
    """The hours served on a shift: from 0 to the shift's length (at most 16)."""
    try:
        value = Decimal(hours.strip().replace(",", "."))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation as error:
        raise CallInvalid({"hours": [_("Enter the hours as a number, e.g. 3.5.")]}) from error
    shift = assignment.shift
    length = Decimal((shift.ends_at - shift.starts_at).total_seconds()) / 3600
    if value < 0 or value > min(length, MAX_SHIFT_HOURS):
        raise CallInvalid(
            {
                "hours": [
                    _("Between 0 and %(max)s hours, the length of the shift.")
                    % {"max": f"{min(length, MAX_SHIFT_HOURS):g}"}
                ]
            }
        )
    if shift.starts_at > timezone.now():
        raise CallInvalid({"hours": [_("Hours are recorded once the shift has started.")]})
    assignment.hours = value.quantize(Decimal("0.01"))
    assignment.hours_recorded_by = by
    assignment.hours_recorded_at = timezone.now()
    assignment.save(update_fields=["hours", "hours_recorded_by", "hours_recorded_at"])
    return assignment


def hours_served(application: Application) -> Decimal:
    total = application.assignments.aggregate(total=Sum("hours"))["total"]
    return Decimal(total or 0)


def volunteer_certificate_issue(
    *, application: Application, by: User, today: dt.date | None = None
) -> VolunteerCertificate:
    """The certificate of volunteering, for an approved volunteer with hours recorded; issued
    once (issuing again gives the same certificate)."""
    _volunteer(application)
    existing = VolunteerCertificate.objects.filter(application=application).first()
    if existing is not None and existing.revoked_at is None:
        return existing
    require_status(application, [S.APPROVED, S.WITHDRAWN], _("Issuing a certificate"))
    hours = hours_served(application)
    if hours <= 0:
        raise CallInvalid({"": [_("No hours are recorded for this volunteer yet.")]})
    if existing is not None:
        raise CallInvalid({"": [_("This volunteer's certificate was revoked.")]})
    return VolunteerCertificate.objects.create(
        application=application,
        holder_name=application.contact_name,
        hours=hours,
        phone_hash=application.phone_hash,
        email_hash=application.email_hash,
        language=application.language,
        issued_on=today or timezone.localdate(),
        issued_by=by,
    )
