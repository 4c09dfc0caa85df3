"""Example data for the demo: a few real facilities of ``places`` (chosen by type) and one bus
line, given INVENTED assessments and flags, every one marked ``is_example`` and labelled
"example" on the pages and in the open data — never presented as real Red Flags."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from adilkent.places.models import Facility, TransitLine

from . import services
from .checklists import checklists
from .models import Answer, RedFlagStaff, Subject

EXAMPLE_USER = "red-flag-example-assessor"
# (facility type, checklist, how many to flag, how many to fail)
PICKS = (("hospital", "indoor", 3, 1), ("park", "outdoor", 2, 0))


def _example_user() -> object:
    user, made = get_user_model().objects.get_or_create(
        username=EXAMPLE_USER,
        defaults={"first_name": "Example", "last_name": "Assessor", "is_active": False},
    )
    if made:
        user.set_unusable_password()
        user.save()
    for role in RedFlagStaff.Role.values:
        RedFlagStaff.objects.get_or_create(user=user, role=role)
    return user


def _answers(kind: str, passed: bool) -> dict[str, tuple[str, str]]:
    answers: dict[str, tuple[str, str]] = {}
    for n, item in enumerate(checklists()[kind].items):
        if item.required:
            result = Answer.Result.MEETS if passed or n else Answer.Result.FAILS
        else:
            result = Answer.Result.FAILS if n % 3 == 0 else Answer.Result.MEETS
        answers[item.key] = (result, "")
    return answers


@transaction.atomic
def load_example(*, today: dt.date) -> list[Subject]:
    """Create the example subjects, assessments and flags (once: nothing if already there)."""
    if Subject.objects.filter(is_example=True).exists():
        return []
    user = _example_user()
    made: list[Subject] = []
    for n_type, (code, kind, flagged, failed) in enumerate(PICKS):
        facilities = (
            Facility.objects.filter(facility_type__code=code, district__isnull=False)
            .exclude(name="")
            .order_by("pk")[: flagged + failed]
        )
        for n, facility in enumerate(facilities):
            subject = services.subject_register(kind=kind, facility=facility, is_example=True)
            passed = n < flagged
            assessment = services.assessment_record(
                subject=subject,
                assessor=user,
                visited_on=today - dt.timedelta(days=40 + 7 * n + n_type),
                answers=_answers(kind, passed),
                note="Example assessment, invented for the demo.",
                today=today,
                is_example=True,
            )
            if passed:
                services.flag_grant(
                    assessment=assessment,
                    coordinator=user,
                    today=today - dt.timedelta(days=30 + 7 * n + n_type),
                )
            made.append(subject)
    line = TransitLine.objects.filter(mode="bus").order_by("pk").first()
    if line is not None:
        subject = services.subject_register(
            kind=Subject.Kind.VEHICLE, transit_line=line, fleet_number="EXAMPLE-1",
            is_example=True,
        )  # fmt: skip
        assessment = services.assessment_record(
            subject=subject,
            assessor=user,
            visited_on=today - dt.timedelta(days=20),
            answers=_answers(Subject.Kind.VEHICLE, True),
            note="Example assessment, invented for the demo.",
            today=today,
            is_example=True,
        )
        services.flag_grant(
            assessment=assessment, coordinator=user, today=today - dt.timedelta(days=10)
        )
        made.append(subject)
    return made
