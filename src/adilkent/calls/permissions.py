"""Need to know in calls: a call's coordinators see its applicants and run screening,
interviews, trainings, shifts and determinations; its reviewers see only what
:func:`adilkent.calls.services.applications_for_reviewer` allows; its finance staff see the
instalments, payment batches and statements. Roles are given per call with ``manage.py
call_staff`` (never in the web admin)."""

from __future__ import annotations

from typing import Any

from .models import Call, CallStaff


def has_call_role(user: Any, call: Call, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return CallStaff.objects.filter(call=call, user=user, role__in=roles).exists()


def coordinates(user: Any, call: Call) -> bool:
    return has_call_role(user, call, CallStaff.Role.COORDINATOR)


def reviews(user: Any, call: Call) -> bool:
    return has_call_role(user, call, CallStaff.Role.REVIEWER)


def handles_payments(user: Any, call: Call) -> bool:
    return has_call_role(user, call, CallStaff.Role.FINANCE, CallStaff.Role.COORDINATOR)


def calls_of(user: Any) -> list[Call]:
    """The calls a staff member has any role in."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Call.objects.filter(staff__user=user).distinct().order_by("-opens_on"))
