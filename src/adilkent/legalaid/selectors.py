"""Reads of the Legal Aid Vehicle: the public schedule, who may see which stop, and figures.

Scopes (see docs/legal-aid.md):

========================== ===============================================================
role (cases area)          stops and their appointments
========================== ===============================================================
lawyer (partner staff of   only the stops they are assigned to
the bar association)
Refugee Desk caseworker,   every stop
supervisor, DPO
anyone else                none (the analyst gets the de-identified figures only)
========================== ===============================================================
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from adilkent.cases.figures import Cell, suppress
from adilkent.cases.models import Role
from adilkent.cases.selectors import profile_of, role_of

from . import conf
from .models import Appointment, AppointmentStatus, Outcome, Stop, StopStatus, Topic

DESK_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.DPO})
INTAKE_DESK_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


def is_lawyer(user: Any) -> bool:
    """A partner caseworker of the bar association named by ``LEGAL_AID_ORGANISATION``."""
    profile = profile_of(user)
    return (
        profile is not None
        and profile.role == Role.PARTNER
        and profile.unit.organisation.name == conf.organisation_name()
    )


def lawyers() -> QuerySet[Any]:
    """Every active user who can be assigned to a stop as its lawyer."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            cases_profile__role=Role.PARTNER,
            cases_profile__unit__organisation__name=conf.organisation_name(),
        )
        .order_by("username")
    )


def visible_stops(user: Any) -> QuerySet[Stop]:
    stops = Stop.objects.select_related("mahalle__district")
    if role_of(user) in DESK_ROLES:
        return stops.all()
    if is_lawyer(user):
        return stops.filter(lawyers=user)
    return stops.none()


def visible_appointments(user: Any) -> QuerySet[Appointment]:
    return Appointment.objects.select_related("stop__mahalle__district").filter(
        stop__in=visible_stops(user).values("pk")
    )


def can_record_intake(user: Any) -> bool:
    return role_of(user) in INTAKE_DESK_ROLES or is_lawyer(user)


# --- the public schedule ---------------------------------------------------------------------


def now_local() -> dt.datetime:
    return timezone.localtime()


def is_past(stop: Stop, slot: dt.time | None = None, now: dt.datetime | None = None) -> bool:
    """True once the stop's day is over (or, for a slot, once the slot has started)."""
    now = now or now_local()
    if stop.date != now.date():
        return stop.date < now.date()
    return (slot or stop.end_time) <= now.time()


def is_public_holiday(day: dt.date) -> bool:
    """Whether ``day`` is a public holiday of ``settings.PUBLIC_HOLIDAYS_COUNTRY`` (Türkiye by
    default): the vehicle does not go out and nothing can be booked."""
    from django.conf import settings

    from adilkent.routing.calendars import public_holidays

    country = getattr(settings, "PUBLIC_HOLIDAYS_COUNTRY", "")
    return day in public_holidays(country, day, day)


def active_bookings(stop: Stop) -> QuerySet[Appointment]:
    return stop.appointments.exclude(status=AppointmentStatus.CANCELLED)


def taken_seats(stop: Stop) -> Counter[dt.time]:
    return Counter(active_bookings(stop).values_list("slot_time", flat=True))


@dataclass(frozen=True)
class Slot:
    time: dt.time
    free: int


def free_slots(stop: Stop, now: dt.datetime | None = None) -> list[Slot]:
    """The slots a resident can still book: not started yet, with a free seat."""
    if stop.status != StopStatus.PLANNED or is_public_holiday(stop.date):
        return []
    taken = taken_seats(stop)
    slots = []
    for time in stop.slots:
        free = stop.seats_per_slot - taken[time]
        if free > 0 and not is_past(stop, time, now):
            slots.append(Slot(time, free))
    return slots


@dataclass(frozen=True)
class ScheduleRow:
    stop: Stop
    free: int  # appointments still free


def upcoming_stops(now: dt.datetime | None = None) -> QuerySet[Stop]:
    now = now or now_local()
    return (
        Stop.objects.select_related("mahalle__district")
        .filter(date__gte=now.date())
        .exclude(status=StopStatus.HELD)
        .annotate(
            booked=Count(
                "appointments", filter=~Q(appointments__status=AppointmentStatus.CANCELLED)
            )
        )
    )


def schedule(mahalle_id: int | None = None, now: dt.datetime | None = None) -> list[ScheduleRow]:
    """Stops from today on (a chosen mahalle's only, if given), with their free appointments."""
    stops = upcoming_stops(now)
    if mahalle_id is not None:
        stops = stops.filter(mahalle_id=mahalle_id)
    rows = []
    for stop in stops:
        if is_past(stop, now=now) or is_public_holiday(stop.date):
            continue  # today's stop whose hours are over, or a stop on a public holiday
        if stop.status == StopStatus.CANCELLED:
            rows.append(ScheduleRow(stop, 0))
        else:
            rows.append(ScheduleRow(stop, sum(s.free for s in free_slots(stop, now))))
    return rows


def schedule_mahalleler(now: dt.datetime | None = None) -> list[Any]:
    """The mahalleler the vehicle still comes to, by district and name (for "find yours")."""
    seen: dict[int, Any] = {}
    for stop in upcoming_stops(now).exclude(status=StopStatus.CANCELLED):
        if not is_past(stop, now=now) and not is_public_holiday(stop.date):
            seen.setdefault(stop.mahalle_id, stop.mahalle)
    return sorted(seen.values(), key=lambda m: (m.district.name_folded, m.name_folded))


# --- figures for the Measure pillar ----------------------------------------------------------


@dataclass(frozen=True)
class MahalleOutcomes:
    """De-identified counts of the appointments attended in one mahalle."""

    mahalle_id: int
    mahalle: str
    district: str
    attended: Cell
    by_topic: list[Cell]
    by_outcome: list[Cell]


def outcome_statistics(minimum: int | None = None) -> list[MahalleOutcomes]:
    """Per mahalle: attended appointments by topic and by outcome, small cells hidden.

    Counts only, never a person. Each mahalle's counts go through the cases figures'
    suppression (a count under the minimum cell size is hidden, and so is the next smallest
    when only one would be hidden). A mahalle whose total is itself hidden shows no breakdown.
    """
    rows = (
        Appointment.objects.filter(status=AppointmentStatus.ATTENDED)
        .values("stop__mahalle_id", "stop__mahalle__name", "stop__mahalle__district__name", "topic")
        .annotate(n=Count("pk"))
    )
    outcome_rows = (
        Appointment.objects.filter(status=AppointmentStatus.ATTENDED)
        .values("stop__mahalle_id", "outcome")
        .annotate(n=Count("pk"))
    )
    names: dict[int, tuple[str, str]] = {}
    topics: dict[int, Counter[str]] = defaultdict(Counter)
    outcomes: dict[int, Counter[str]] = defaultdict(Counter)
    for r in rows:
        key = r["stop__mahalle_id"]
        names[key] = (r["stop__mahalle__name"], r["stop__mahalle__district__name"])
        topics[key][str(Topic(r["topic"]).label)] += r["n"]
    for o in outcome_rows:
        label = str(Outcome(o["outcome"]).label) if o["outcome"] else "—"
        outcomes[o["stop__mahalle_id"]][label] += o["n"]
    totals = suppress({str(k): sum(topics[k].values()) for k in names}, minimum)
    result = []
    for total in totals:
        key = int(total.label)
        shown = total.count is not None
        result.append(
            MahalleOutcomes(
                mahalle_id=key,
                mahalle=names[key][0],
                district=names[key][1],
                attended=total,
                by_topic=suppress(dict(topics[key]), minimum) if shown else [],
                by_outcome=suppress(dict(outcomes[key]), minimum) if shown else [],
            )
        )
    return sorted(result, key=lambda r: (r.district, r.mahalle))


def bookings_by_status(minimum: int | None = None) -> list[Cell]:
    """All appointments by status (booked, attended, did not come, cancelled), suppressed."""
    rows = Appointment.objects.values("status").annotate(n=Count("pk"))
    return suppress(
        {str(AppointmentStatus(r["status"]).label): r["n"] for r in rows},
        minimum,
    )
