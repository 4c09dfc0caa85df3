"""Shared by the Red Flag tests: English messages, an invented district with a mahalle and a
hospital, an assessor, a coordinator, and helpers to record assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from adilkent.core.tests.factories import (
    make_district,
    make_facility,
    make_facility_type,
    make_mahalle,
)
from adilkent.places.models import Facility
from adilkent.redflag import services
from adilkent.redflag.checklists import checklists
from adilkent.redflag.models import Assessment, RedFlagStaff, Subject

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Setting:
    hospital: Facility
    subject: Subject
    assessor: Any
    coordinator: Any
    outsider: Any


def staff(username: str, *roles: str) -> Any:
    user = get_user_model().objects.create_user(
        username, is_staff=True, first_name=username.capitalize(), last_name="Invented"
    )
    for role in roles:
        RedFlagStaff.objects.create(user=user, role=role)
    return user


@pytest.fixture
def setting(db: None) -> Setting:
    konak = make_district("Konak")
    alsancak = make_mahalle(konak, "Alsancak")
    hospital = make_facility(
        make_facility_type("hospital", "Hospital"), "Invented Hospital", 27.14, 38.43,
        district=konak, mahalle=alsancak,
    )  # fmt: skip
    subject = services.subject_register(kind=Subject.Kind.INDOOR, facility=hospital)
    return Setting(
        hospital,
        subject,
        staff("ayse", RedFlagStaff.Role.ASSESSOR),
        staff("mehmet", RedFlagStaff.Role.COORDINATOR),
        staff("zeynep"),
    )


def answers_for(kind: str, fail: str = "") -> dict[str, tuple[str, str]]:
    """Every item met, except ``fail`` (does not meet)."""
    return {
        item.key: ("fails" if item.key == fail else "meets", "")
        for item in checklists()[kind].items
    }


def assess(
    setting: Setting, visited_on: dt.date, fail: str = "", subject: Subject | None = None
) -> Assessment:
    subject = subject or setting.subject
    return services.assessment_record(
        subject=subject,
        assessor=setting.assessor,
        visited_on=visited_on,
        answers=answers_for(subject.kind, fail),
        today=max(TODAY, visited_on),
    )
