"""Need to know in the council: a body's coordinators (``manage.py council_staff USER
BODY_SLUG``, never the web admin) run its members, consents, meetings and recommendations and
are the only people who see a child member's contact details. A coordinator of a body also
coordinates the bodies that are part of it (the Children's Assembly's committees)."""

from __future__ import annotations

from typing import Any

from .models import Body, BodyStaff


def coordinates(user: Any, body: Body) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return BodyStaff.objects.filter(
        body__in=body.lineage(), user=user, role=BodyStaff.Role.COORDINATOR
    ).exists()


def bodies_of(user: Any) -> list[Body]:
    """The bodies a member of staff coordinates, with the bodies that are part of them."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Body] = []
    todo = list(Body.objects.filter(staff__user=user, staff__role=BodyStaff.Role.COORDINATOR))
    while todo:
        body = todo.pop(0)
        if body not in found:
            found.append(body)
            todo.extend(body.children.all())
    return found
