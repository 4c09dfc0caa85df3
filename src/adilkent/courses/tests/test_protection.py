"""A trainee's data: encrypted at rest; the data protection officer's erasure of the person
reaches the name on their certificate (and revokes it); the retention run does not."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from adilkent.cases.models import DestructionLog
from adilkent.cases.services.protection import anonymise_person
from adilkent.cases.tests.conftest import desk as desk_fixture  # noqa: F401
from adilkent.cases.tests.conftest import invented
from adilkent.courses.models import Certificate
from adilkent.courses.services import certificate_issue
from adilkent.enrolment.models import Attendance

from .conftest import CourseSetting, Enrolled

pytestmark = pytest.mark.django_db


def _certified(setting: CourseSetting, enrolled: Enrolled) -> Certificate:
    for session in setting.sessions[:4]:
        Attendance.objects.create(placement=enrolled.placement, day=session.day, present=True)
    return certificate_issue(application=enrolled.placement.application, issued_by=None)


def test_the_holder_name_is_encrypted_at_rest(
    course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    _certified(course_setting, enrolled)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM courses_certificate")
        raw = repr(cursor.fetchall())
    assert "Zeynep" not in raw and "Testoğlu" not in raw


def test_erasing_the_person_erases_the_name_on_the_certificate_and_revokes_it(
    course_setting: CourseSetting, enrolled: Enrolled, request: pytest.FixtureRequest
) -> None:
    from adilkent.cases.services import people

    desk = request.getfixturevalue("desk_fixture")
    certificate = _certified(course_setting, enrolled)
    assert Client().get(f"/en/courses/verify/{certificate.code}/").status_code == 200
    person, _ = people.register_person(
        invented("Testp", "Zeynep", phone="0555 123 45 67"), desk.users["cw1"]
    )
    anonymise_person(person, "the person asked, test", "dpo")
    erased = Certificate.objects.get(pk=certificate.pk)
    assert erased.holder_name == "" and erased.revoked_at is not None
    assert (erased.phone_hash, erased.email_hash) == ("", "")
    assert DestructionLog.objects.filter(record_type="certificate holder", record_id=erased.code)
    page = Client().get(f"/en/courses/verify/{certificate.code}/")
    assert page.status_code == 410 and "Zeynep" not in page.content.decode()
