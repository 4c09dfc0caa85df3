"""Need to know: which centres and terms a staff member may see (``StaffAccess``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import Centre, StaffAccess, Term


def centres_for(user: Any) -> QuerySet[Centre]:
    """The centres whose groups and children ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return Centre.objects.none()
    access = StaffAccess.objects.filter(user=user)
    programmes = access.filter(role=StaffAccess.Role.COORDINATOR).values("programme_id")
    centres = access.filter(role=StaffAccess.Role.CENTRE).values("centre_id")
    return Centre.objects.filter(Q(programme_id__in=programmes) | Q(pk__in=centres))


def terms_for(user: Any) -> QuerySet[Term]:
    return Term.objects.filter(groups__centre__in=centres_for(user)).distinct()


def coordinates(user: Any, term: Term) -> bool:
    """May run the term's allocation rounds and see every application of it."""
    return StaffAccess.objects.filter(
        user=user, role=StaffAccess.Role.COORDINATOR, programme_id=term.programme_id
    ).exists()
