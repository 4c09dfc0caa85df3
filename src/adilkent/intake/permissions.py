"""Who may see and handle which request, as explicit rules (django-rules).

- The triage desk (staff holding ``intake.view_all_requests``, and superusers) sees every
  request: it receives them, routes them and watches the whole queue.
- A unit's officers (staff who are members of a :class:`~adilkent.intake.models.Unit`) see
  and handle only the requests routed to one of their units.
- Any other staff account sees none: access follows need to know, not the staff flag.

The same rule is used twice: :func:`adilkent.intake.selectors.visible_requests` filters
querysets with it, and ``user.has_perm("intake.handle_request", request)`` checks one request.
"""

from __future__ import annotations

from typing import Any

import rules

from . import selectors
from .models import Request


@rules.predicate
def is_active_staff(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


@rules.predicate
def sees_every_request(user: Any) -> bool:
    return selectors.sees_every_request(user)


@rules.predicate
def request_in_own_unit(user: Any, request: Request | None) -> bool:
    return request is not None and selectors.visible_requests(user).filter(pk=request.pk).exists()


rules.add_perm(
    "intake.handle_request", is_active_staff & (sees_every_request | request_in_own_unit)
)
