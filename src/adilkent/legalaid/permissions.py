"""Object permissions of the Legal Aid Vehicle's staff screens (django-rules).

The scopes themselves live in :mod:`adilkent.legalaid.selectors`; a stop or appointment out
of a user's scope is looked up through them and answers 404, like a made-up id.
"""

from __future__ import annotations

from typing import Any

import rules

from adilkent.cases.permissions import is_analyst, is_dpo, is_supervisor

from . import selectors
from .models import Appointment, Stop


@rules.predicate
def stop_in_scope(user: Any, stop: Stop | None) -> bool:
    return stop is not None and selectors.visible_stops(user).filter(pk=stop.pk).exists()


@rules.predicate
def appointment_in_scope(user: Any, appointment: Appointment | None) -> bool:
    return (
        appointment is not None
        and selectors.visible_appointments(user).filter(pk=appointment.pk).exists()
    )


@rules.predicate
def can_take_intake(user: Any) -> bool:
    return selectors.can_record_intake(user)


@rules.predicate
def works_at_the_vehicle(user: Any) -> bool:
    return selectors.is_lawyer(user) or selectors.role_of(user) in selectors.DESK_ROLES


rules.add_perm("legalaid.view_schedule", works_at_the_vehicle)
rules.add_perm("legalaid.view_stop", stop_in_scope)
rules.add_perm("legalaid.view_appointment", appointment_in_scope)
rules.add_perm("legalaid.record_intake", appointment_in_scope & can_take_intake)
rules.add_perm("legalaid.view_statistics", is_analyst | is_supervisor | is_dpo)
