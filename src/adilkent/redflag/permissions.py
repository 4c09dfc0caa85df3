"""Who may do what in the Red Flag: assessors record visits (and see photos), coordinators
grant, renew and withdraw flags (and see everything assessors see). Roles are given with
``manage.py red_flag_staff USER assessor|coordinator`` (never in the web admin)."""

from __future__ import annotations

from typing import Any

from .models import RedFlagStaff


def _has(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return RedFlagStaff.objects.filter(user=user, role__in=roles).exists()


def assesses(user: Any) -> bool:
    return _has(user, RedFlagStaff.Role.ASSESSOR)


def coordinates(user: Any) -> bool:
    return _has(user, RedFlagStaff.Role.COORDINATOR)


def any_role(user: Any) -> bool:
    return _has(user, *RedFlagStaff.Role.values)
