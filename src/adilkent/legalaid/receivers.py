"""The cases area's erasure and retention reach the appointments' contact details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from adilkent.cases.services.protection import log_destruction

from .models import Appointment
from .services import erase_contact_details, erase_old_contact_details


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    """When a person is erased, so are the name and phone of their appointments."""
    appointments = Appointment.objects.filter(case__person=person)
    for pk in appointments.filter(erased_at__isnull=True).values_list("pk", flat=True):
        log_destruction("legal aid appointment", str(pk), "anonymised", rule, by)
    erase_contact_details(appointments)


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    """The daily retention run also erases contact details of past appointments."""
    count = erase_old_contact_details(today=timezone.localdate(now))
    if count:
        log_destruction(
            "legal aid appointment",
            f"{count} rows",
            "anonymised",
            "contact details kept until the retention period after the stop",
            by,
        )
    done["legal_aid_appointments"] = count


def on_subject_exported(sender: Any, person: Any, export: dict[str, Any], **kwargs: Any) -> None:
    """A data-subject export lists the person's legal-aid appointments (those linked to their
    cases), with the contact details still held."""
    export["legal_aid_appointments"] = [
        {
            "date": a.stop.date.isoformat(),
            "time": a.slot_time.strftime("%H:%M"),
            "place": str(a.stop.mahalle),
            "name": a.name,
            "phone": a.phone,
            "preferred_language": a.preferred_language,
            "interpreter_needed": a.interpreter_needed,
            "topic": a.topic,
            "status": a.status,
            "outcome": a.outcome,
            "booked_at": a.created_at.isoformat(),
            "contact_details_erased_at": a.erased_at.isoformat() if a.erased_at else None,
        }
        for a in Appointment.objects.filter(case__person=person).select_related("stop__mahalle")
    ]
