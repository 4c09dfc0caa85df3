"""Settings of the Legal Aid Vehicle, typed in one place (each with its default).

``LEGAL_AID_ORGANISATION``
    The partner organisation whose staff are the vehicle's lawyers (the bar association).
``LEGAL_AID_SLOT_MINUTES``, ``LEGAL_AID_SEATS_PER_SLOT``
    Length of an appointment, and how many people can be seen at the same time, for stops
    published from a plan (the command's arguments override them).
``LEGAL_AID_START_TIME``, ``LEGAL_AID_END_TIME``
    Hours of a published stop ("HH:MM"); empty: the hours the plan gives the stop.
``LEGAL_AID_RETENTION_DAYS``
    Days after a stop when the name and phone of appointments that did not lead to a case are
    erased.
``LEGAL_AID_BOOKINGS_PER_HOUR``
    How many bookings (valid forms sent) one connection may make in an hour; more answer 429
    with the way to book through HİM instead.
``LEGAL_AID_CANCEL_ATTEMPTS_PER_HOUR``
    How many cancellation attempts (receipt codes tried) one connection may make in an hour.
"""

from __future__ import annotations

from django.conf import settings


def organisation_name() -> str:
    return str(getattr(settings, "LEGAL_AID_ORGANISATION", "İzmir Barosu"))


def slot_minutes() -> int:
    return int(getattr(settings, "LEGAL_AID_SLOT_MINUTES", 45))


def seats_per_slot() -> int:
    return int(getattr(settings, "LEGAL_AID_SEATS_PER_SLOT", 1))


def start_time() -> str:
    return str(getattr(settings, "LEGAL_AID_START_TIME", ""))


def end_time() -> str:
    return str(getattr(settings, "LEGAL_AID_END_TIME", ""))


def retention_days() -> int:
    return int(getattr(settings, "LEGAL_AID_RETENTION_DAYS", 90))


def bookings_per_hour() -> int:
    """Bookings (complete, valid forms) one connection may send in an hour."""
    return int(getattr(settings, "LEGAL_AID_BOOKINGS_PER_HOUR", 3))


def cancel_attempts_per_hour() -> int:
    return int(getattr(settings, "LEGAL_AID_CANCEL_ATTEMPTS_PER_HOUR", 20))
