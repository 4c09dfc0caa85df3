"""What the Legal Aid Vehicle gives the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): stops held, appointments by what became of them, and
attended appointments by topic and by outcome. The vehicle's planned visits come from the
planner (:mod:`adilkent.planner.measured`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adilkent.programmes.indicators import (
    APPOINTMENTS,
    STOPS,
    Counts,
    Indicator,
    Window,
    tally,
    total,
)

from .models import Appointment, AppointmentStatus, Stop, StopStatus, Topic
from .models import Outcome as LegalOutcome

#: The breakdown cells these indicators give, named by :func:`cell_label`.
CELL_FAMILIES = ("status", "topic", "outcome")


def _appointments(w: Window) -> Iterable[Appointment]:
    return Appointment.objects.filter(stop__date__gte=w.first, stop__date__lte=w.last)


def stops_held(w: Window) -> Counts:
    stops = Stop.objects.filter(date__gte=w.first, date__lte=w.last).exclude(
        status=StopStatus.CANCELLED
    )
    today = timezone.localdate()
    return total(stops.filter(Q(status=StopStatus.HELD) | Q(date__lt=today)).count())


def appointments_by_status(w: Window) -> Counts:
    return tally(_appointments(w).values_list("status", flat=True), "status")  # type: ignore[attr-defined]


def attended_by_topic(w: Window) -> Counts:
    attended = _appointments(w).filter(status=AppointmentStatus.ATTENDED)  # type: ignore[attr-defined]
    return tally(attended.values_list("topic", flat=True), "topic")


def attended_by_outcome(w: Window) -> Counts:
    attended = _appointments(w).filter(status=AppointmentStatus.ATTENDED)  # type: ignore[attr-defined]
    return tally((o or "none" for o in attended.values_list("outcome", flat=True)), "outcome")


def appointment_indicators(*, programme: str) -> list[Indicator]:
    """The vehicle's stops and the appointments booked for them."""
    return [
        Indicator(
            "records-legal-aid-stops-held",
            programme,
            gettext_lazy("Stops held"),
            STOPS,
            gettext_lazy(
                "Stops of the vehicle dated in the period, past and not cancelled (or marked held)."
            ),
            stops_held,
            protected=False,
        ),
        Indicator(
            "records-legal-aid-appointments",
            programme,
            gettext_lazy("Appointments, by what became of them"),
            APPOINTMENTS,
            gettext_lazy(
                "Appointments booked for the stops of the period: still booked, attended, did "
                "not come, cancelled."
            ),
            appointments_by_status,
            partition=True,
        ),
        Indicator(
            "records-legal-aid-attended-by-topic",
            programme,
            gettext_lazy("Appointments attended, by topic"),
            APPOINTMENTS,
            gettext_lazy("Attended appointments of the period by the topic chosen when booking."),
            attended_by_topic,
            partition=True,
        ),
        Indicator(
            "records-legal-aid-attended-by-outcome",
            programme,
            gettext_lazy("Appointments attended, by outcome"),
            APPOINTMENTS,
            gettext_lazy("Attended appointments of the period by the outcome the lawyer recorded."),
            attended_by_outcome,
            partition=True,
        ),
    ]


def cell_label(family: str, code: str) -> str:
    """The name of a cell (``topic:family`` → "Family (...)", in the active language)."""
    if family == "status":
        return str(dict(AppointmentStatus.choices).get(code, code))
    if family == "topic":
        return str(dict(Topic.choices).get(code, code))
    if family == "outcome":
        if code == "none":
            return _("No outcome recorded")
        return str(dict(LegalOutcome.choices).get(code, code))
    return code
