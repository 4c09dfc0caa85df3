"""Who runs which survey: a member of staff given a survey with ``manage.py survey_staff USER
SLUG`` runs that survey (uploads its forms, opens and closes it); one given ``--all`` runs
every survey and may create new ones. Never given in the web admin."""

from __future__ import annotations

from typing import Any

from .models import Survey, SurveyStaff


def _roles(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return SurveyStaff.objects.none()
    return SurveyStaff.objects.filter(user=user)


def any_role(user: Any) -> bool:
    return bool(_roles(user).exists())


def runs_all(user: Any) -> bool:
    """Runs every survey and may create new ones."""
    return bool(_roles(user).filter(survey__isnull=True).exists())


def runs(user: Any, survey: Survey) -> bool:
    return bool(
        _roles(user).filter(survey__isnull=True).exists()
        or _roles(user).filter(survey=survey).exists()
    )
