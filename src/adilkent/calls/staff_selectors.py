"""What the staff pages of applicants and volunteers read: a member's calls with counts per
status, a call's applications, trainings, roles and shifts with the people needed and
assigned, an application's answers (with the questions in the reader's language) and history,
the shifts with room for a volunteer, a shift's roll. Reads only; the writes are the
services'."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from adilkent.core.l10n import format_number, name_in_language

from . import permissions
from .models import (
    Application,
    Assignment,
    Call,
    Interview,
    Role,
    Shift,
    ShiftNeed,
    TrainingCompletion,
)
from .services import hours_served, roles_open_to

S = Application.Status


def member_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


# --- a member's calls -------------------------------------------------------------------------


@dataclass
class CallSummary:
    call: Call
    title: str
    roles: list[str]  # the member's roles in the call, as shown
    counts: list[tuple[str, int]]  # (status label, count), only statuses with applications
    total: int
    coordinates: bool


def calls_for(user: Any, language: str) -> list[CallSummary]:
    """The calls the member has any role in, with their applications counted per status."""
    found = []
    for call in permissions.calls_of(user):
        by_status = dict(call.applications.values_list("status").annotate(n=Count("pk")).order_by())
        roles = [
            str(dict(call.staff.model.Role.choices)[r])
            for r in call.staff.filter(user=user).values_list("role", flat=True)
        ]
        found.append(
            CallSummary(
                call=call,
                title=name_in_language(call.title, language) or call.slug,
                roles=roles,
                counts=[(str(label), by_status[v]) for v, label in S.choices if by_status.get(v)],
                total=sum(by_status.values()),
                coordinates=permissions.coordinates(user, call),
            )
        )
    return found


# --- a call ------------------------------------------------------------------------------------


def applications(call: Call, status: str = "") -> QuerySet[Application]:
    found = call.applications.select_related("mahalle__district").order_by("-created_at", "-pk")
    if status:
        found = found.filter(status=status)
    return found


def status_counts(call: Call) -> dict[str, int]:
    return dict(call.applications.values_list("status").annotate(n=Count("pk")).order_by())


@dataclass
class NeedRow:
    role: str
    needed: int
    assigned: int

    @property
    def open(self) -> int:
        return max(self.needed - self.assigned, 0)


@dataclass
class ShiftRow:
    shift: Shift
    needs: list[NeedRow]

    @property
    def needed(self) -> int:
        return sum(n.needed for n in self.needs)

    @property
    def assigned(self) -> int:
        return sum(n.assigned for n in self.needs)


def _assigned_per_need(shifts: list[Shift]) -> dict[tuple[int, int], int]:
    rows = (
        Assignment.objects.filter(shift__in=shifts)
        .values_list("shift_id", "role_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(shift_id, role_id): n for shift_id, role_id, n in rows}


def shift_rows(call: Call, language: str) -> list[ShiftRow]:
    shifts = list(
        call.shifts.select_related("district").prefetch_related(
            Prefetch("needs", queryset=ShiftNeed.objects.select_related("role").order_by("pk"))
        )
    )
    taken = _assigned_per_need(shifts)
    return [
        ShiftRow(
            shift=shift,
            needs=[
                NeedRow(
                    role=name_in_language(need.role.name, language) or need.role.key,
                    needed=need.needed,
                    assigned=taken.get((shift.pk, need.role_id), 0),
                )
                for need in shift.needs.all()
            ],
        )
        for shift in shifts
    ]


@dataclass
class RoleRow:
    role: Role
    name: str
    training: str  # the training it requires, or ""


def role_rows(call: Call, language: str) -> list[RoleRow]:
    return [
        RoleRow(
            role=role,
            name=name_in_language(role.name, language) or role.key,
            training=name_in_language(role.requires_training.name, language)
            if role.requires_training
            else "",
        )
        for role in call.roles.select_related("requires_training")
    ]


def training_rows(call: Call, language: str) -> list[tuple[Any, str, int]]:
    """(training, name, volunteers who completed it)."""
    return [
        (training, name_in_language(training.name, language) or training.key, training.done)
        for training in call.trainings.annotate(done=Count("completions"))
    ]


# --- an application ----------------------------------------------------------------------------


@dataclass
class Answer:
    question: str
    value: str


def _shown(value: Any, choices: dict[str, str]) -> str:
    if isinstance(value, list):
        return ", ".join(choices.get(str(v), str(v)) for v in value)
    if value in ("yes", "no") and not choices:
        return _("Yes") if value == "yes" else _("No")
    return choices.get(str(value), str(value))


def answers(application: Application, language: str) -> list[Answer]:
    """The answers kept (decrypted JSON) beside their questions in ``language``; answers to
    questions since removed are shown under their key."""
    try:
        kept = json.loads(application.answers or "{}")
    except ValueError:
        kept = {}
    if not isinstance(kept, dict):
        kept = {}
    shown: list[Answer] = []
    for question in application.call.questions.all():
        if question.key not in kept:
            continue
        choices = {
            str(c.get("value")): name_in_language(c.get("label") or {}, language)
            or str(c.get("value"))
            for c in question.choices
        }
        shown.append(
            Answer(
                name_in_language(question.label, language) or question.key,
                _shown(kept.pop(question.key), choices),
            )
        )
    shown.extend(Answer(key, _shown(value, {})) for key, value in kept.items())
    return shown


@dataclass
class Event:
    at: dt.datetime  # a day alone (a training, a certificate) is kept as its midnight
    what: str
    by: str = ""
    step: int = 0  # the order of the steps, for events of the same day

    def key(self) -> tuple[dt.date, int, dt.datetime]:
        return (timezone.localtime(self.at).date(), self.step, self.at)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def _hours_text(hours: Decimal | None, language: str) -> str:
    if hours is None:
        return ""
    whole = hours == hours.to_integral_value()
    return format_number(hours, language, decimals=0 if whole else 2)


def history(application: Application, language: str) -> list[Event]:
    """What happened to the application, oldest first, from the dates it keeps."""
    events = [Event(application.created_at, _("Application received"), step=0)]
    if application.status in (S.ELIGIBLE, S.INELIGIBLE):
        # the screening's date is kept only while the status is the screening's (its result,
        # note and who screened are kept for good, shown beside the history)
        events.append(
            Event(
                application.status_changed_at,
                _("Screened: eligible")
                if application.status == S.ELIGIBLE
                else _("Screened: not eligible"),
                member_name(application.screened_by),
                step=1,
            )
        )
    for interview in application.interviews.select_related("interviewer"):
        events.append(
            Event(
                interview.scheduled_at,
                _("Interview at %(place)s") % {"place": interview.place},
                member_name(interview.interviewer),
                step=2,
            )
        )
        if interview.recorded_at:
            events.append(
                Event(
                    interview.recorded_at,
                    _("Interview outcome: %(outcome)s")
                    % {"outcome": interview.get_outcome_display()},
                    step=3,
                )
            )
    for done in TrainingCompletion.objects.filter(application=application).select_related(
        "training", "recorded_by"
    ):
        events.append(
            Event(
                _at(done.completed_on),
                _("Training completed: %(training)s")
                % {"training": name_in_language(done.training.name, language)},
                member_name(done.recorded_by),
                step=4,
            )
        )
    if application.decided_at:
        events.append(
            Event(
                application.decided_at,
                _("Approved as a volunteer")
                if application.status in (S.APPROVED, S.WITHDRAWN)
                and not application.decision_reasons
                else _("Decision: %(reasons)s") % {"reasons": application.decision_reasons},
                member_name(application.decided_by),
                step=5,
            )
        )
    for assignment in application.assignments.select_related("shift", "role"):
        events.append(
            Event(
                assignment.assigned_at,
                _("Assigned to “%(shift)s” as %(role)s")
                % {
                    "shift": assignment.shift.activity,
                    "role": name_in_language(assignment.role.name, language),
                },
                step=6,
            )
        )
        if assignment.hours_recorded_at:
            events.append(
                Event(
                    assignment.hours_recorded_at,
                    _("Hours recorded for “%(shift)s”: %(hours)s")
                    % {
                        "shift": assignment.shift.activity,
                        "hours": _hours_text(assignment.hours, language),
                    },
                    member_name(assignment.hours_recorded_by),
                    step=7,
                )
            )
    certificate = getattr(application, "certificate", None)
    if certificate is not None:
        events.append(
            Event(
                _at(certificate.issued_on),
                _("Certificate of volunteering issued"),
                member_name(certificate.issued_by),
                step=8,
            )
        )
    if application.withdrawn_at:
        events.append(Event(application.withdrawn_at, _("Withdrawn"), step=9))
    return sorted(events, key=Event.key)


def pending_interview(application: Application) -> Interview | None:
    return (
        application.interviews.filter(outcome=Interview.Outcome.PENDING)
        .select_related("interviewer")
        .first()
    )


def assignments_of(application: Application) -> list[Assignment]:
    return list(
        application.assignments.select_related("shift__district", "role").order_by(
            "shift__starts_at", "pk"
        )
    )


def trainings_done(application: Application, language: str) -> list[tuple[str, dt.date]]:
    return [
        (name_in_language(done.training.name, language), done.completed_on)
        for done in TrainingCompletion.objects.filter(application=application)
        .select_related("training")
        .order_by("completed_on", "pk")
    ]


def total_hours(application: Application) -> Decimal:
    return hours_served(application)


@dataclass
class Offer:
    """What the assignment form offers a volunteer: the roles they may take, and the future
    shifts with room in one of those roles (with what is open per role)."""

    roles: list[tuple[int, str]]
    shifts: list[tuple[int, str]]


def offer_for(application: Application, language: str) -> Offer:
    open_roles = {r.pk: r for r in roles_open_to(application)}
    already = set(application.assignments.values_list("shift_id", flat=True))
    shifts = [
        s
        for s in application.call.shifts.filter(ends_at__gt=timezone.now()).prefetch_related(
            Prefetch("needs", queryset=ShiftNeed.objects.order_by("pk"))
        )
        if s.pk not in already
    ]
    taken = _assigned_per_need(shifts)
    offered: list[tuple[int, str]] = []
    for shift in shifts:
        rooms = []
        for need in shift.needs.all():
            role = open_roles.get(need.role_id)
            room = need.needed - taken.get((shift.pk, need.role_id), 0)
            if role is not None and room > 0:
                rooms.append(
                    _("%(role)s: %(open)s of %(needed)s open")
                    % {
                        "role": name_in_language(role.name, language) or role.key,
                        "open": room,
                        "needed": need.needed,
                    }
                )
        if rooms:
            when = timezone.localtime(shift.starts_at)
            offered.append(
                (shift.pk, f"{shift.activity} · {when:%Y-%m-%d %H:%M} · " + "; ".join(rooms))
            )
    return Offer(
        roles=[(r.pk, name_in_language(r.name, language) or r.key) for r in open_roles.values()],
        shifts=offered,
    )


# --- a shift -----------------------------------------------------------------------------------


@dataclass
class RollRow:
    role: str
    needed: int
    assignments: list[Assignment]


def shift_roll(shift: Shift, language: str) -> list[RollRow]:
    """Who is on the shift per role (the roles it needs first, then any other)."""
    assignments = list(
        shift.assignments.select_related("application", "role").order_by("role_id", "pk")
    )
    rows: list[RollRow] = []
    seen: set[int] = set()
    for need in shift.needs.select_related("role").order_by("pk"):
        seen.add(need.role_id)
        rows.append(
            RollRow(
                role=name_in_language(need.role.name, language) or need.role.key,
                needed=need.needed,
                assignments=[a for a in assignments if a.role_id == need.role_id],
            )
        )
    for assignment in assignments:
        if assignment.role_id not in seen:
            seen.add(assignment.role_id)
            rows.append(
                RollRow(
                    role=name_in_language(assignment.role.name, language),
                    needed=0,
                    assignments=[a for a in assignments if a.role_id == assignment.role_id],
                )
            )
    return rows
