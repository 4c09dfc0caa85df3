"""An invented course with five session days and one trainee holding a place (no seed
data): for the courses and employment tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.courses.models import Branch, CentrePlace, Course, Field, Session
from adilkent.courses.services import course_apply
from adilkent.enrolment.models import Centre, Group, Placement, StaffAccess, Term
from adilkent.enrolment.services import allocation_round, offer_answer
from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

TODAY = dt.date(2026, 6, 1)
FIRST_DAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are asserted in English (the services speak the active language)."""
    with translation.override("en"):
        yield


@dataclass
class CourseSetting:
    programme: Programme
    course: Course
    group: Group
    centre: Centre
    sessions: list[Session]
    mahalle: Mahalle  # where the centre is
    far: Mahalle  # another district's mahalle, further away


@pytest.fixture
def course_setting(db: None) -> CourseSetting:
    programme = Programme.objects.create(slug="test-courses", name="Test courses", kind="programme")
    near_district = make_district("Testilçe")
    mahalle = make_mahalle(near_district, "Kursmahalle")
    Mahalle.objects.filter(pk=mahalle.pk).update(centroid_lat=38.40, centroid_lon=27.10)
    far = make_mahalle(make_district("Uzakilçe"), "Uzakmahalle")
    Mahalle.objects.filter(pk=far.pk).update(centroid_lat=38.60, centroid_lon=27.40)
    mahalle.refresh_from_db()
    far.refresh_from_db()
    centre = Centre.objects.create(programme=programme, name="Test Kurs Merkezi")
    CentrePlace.objects.create(centre=centre, district=near_district, mahalle=mahalle)
    term = Term.objects.create(
        programme=programme,
        name="Bilgisayarda giysi kalıbı (test)",
        starts_on=FIRST_DAY,
        ends_on=FIRST_DAY + dt.timedelta(days=4),
        applications_open_on=dt.date(2026, 5, 1),
        applications_close_on=dt.date(2026, 6, 10),
        max_choices=1,
        offer_days=7,
    )
    group = Group.objects.create(
        centre=centre, term=term, label="class", min_age_months=18 * 12, max_age_months=99 * 12,
        capacity=2,
    )  # fmt: skip
    field = Field.objects.create(code="textiles", names={"tr": "Tekstil", "en": "Textiles"})
    branch = Branch.objects.create(
        field=field, code="pattern", names={"tr": "Kalıp", "en": "Pattern making"}
    )
    course = Course.objects.create(
        term=term, branch=branch, women_only=True, min_days=4, trainer="Test Trainer"
    )
    sessions = [
        Session.objects.create(
            course=course,
            day=FIRST_DAY + dt.timedelta(days=i),
            starts_at=dt.time(9, 0),
            ends_at=dt.time(13, 0),
        )
        for i in range(5)
    ]
    return CourseSetting(programme, course, group, centre, sessions, mahalle, far)


@dataclass
class Enrolled:
    placement: Placement
    follow_code: str


@pytest.fixture
def enrolled(course_setting: CourseSetting) -> Enrolled:
    """Invented trainee Zeynep holds an accepted place in the course."""
    submitted = course_apply(
        course=course_setting.course, name="Zeynep Testoğlu", birth_date="1990-04-02",
        phone="0555 123 45 67", email="", mahalle_id=course_setting.far.pk, sex="woman",
        groups=[], language="tr", today=TODAY,
    )  # fmt: skip
    _run, (offer,) = allocation_round(term=course_setting.course.term, reason="test")
    placement = offer_answer(follow_code=submitted.follow_code, placement_id=offer.pk, accept=True)
    return Enrolled(placement, submitted.follow_code)


@pytest.fixture
def coordinator(course_setting: CourseSetting, django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("coordinator", password="x", is_staff=True)
    StaffAccess.objects.create(user=user, role="coordinator", programme=course_setting.programme)
    return user
