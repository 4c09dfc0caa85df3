"""Need to know: the employment unit's staff are the coordinators of Meslek Fabrikası and of
the mobile employment point (enrolment's ``StaffAccess``, given by ``manage.py
enrolment_staff NAME --coordinator meslek-fabrikasi``)."""

from __future__ import annotations

from typing import Any

from adilkent.enrolment.models import StaffAccess

PROGRAMMES = ("meslek-fabrikasi", "mobile-employment-point")


def works_in_employment(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return StaffAccess.objects.filter(
        user=user, role=StaffAccess.Role.COORDINATOR, programme__slug__in=PROGRAMMES
    ).exists()
