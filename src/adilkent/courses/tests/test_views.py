"""The finder (page, filters, map points), a course's page, applying, the QR check-in page and
the staff course page (scope, roll-call, exam marks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.core.tests.factories import log_in_verified
from adilkent.courses.models import Course, Trainee
from adilkent.enrolment.models import Application, Attendance

from .conftest import TODAY, CourseSetting, Enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)


def test_finder_lists_the_open_course_with_its_map_point(
    client: Client, course_setting: CourseSetting, on_today: None
) -> None:
    page = client.get("/en/courses/")
    assert page.status_code == 200
    text = page.content.decode()
    assert course_setting.course.term.name in text and "women only" in text
    points = client.get("/en/courses/?format=geojson").json()
    (feature,) = points["features"]
    assert feature["geometry"]["coordinates"] == [27.10, 38.40]
    assert feature["properties"]["url"] == f"/en/courses/{course_setting.course.pk}/"
    near = client.get(f"/en/courses/?near={course_setting.far.pk}").content.decode()
    assert "Nearest to Uzakmahalle first" in near and "km" in near
    none = client.get(f"/en/courses/?district={course_setting.far.district_id}").content.decode()
    assert "No course open for applications matches" in none


def test_finder_bad_filter_is_a_400_not_a_500(client: Client, course_setting: Any) -> None:
    assert client.get("/en/courses/?near=²").status_code == 400
    assert client.get("/en/courses/?starts_from=2026-02-30").status_code == 400


def test_course_page_says_who_can_join_and_the_rule(
    client: Client, course_setting: CourseSetting, on_today: None
) -> None:
    text = client.get(f"/en/courses/{course_setting.course.pk}/").content.decode()
    assert "Women only." in text and "Aged 18 to 99" in text
    assert "attend at least 4 session days" in text
    assert "Apply for this course" in text


def test_applying_ends_on_the_enrolment_receipt(
    client: Client, course_setting: CourseSetting, on_today: None
) -> None:
    form = {
        "name": "Invented Person", "birth_date": "1990-05-05", "phone": "0555 765 43 21",
        "mahalle": course_setting.far.pk, "sex": "woman", "groups": ["women"],
    }  # fmt: skip
    answer = client.post(f"/en/courses/{course_setting.course.pk}/apply/", form)
    assert answer.status_code == 302 and answer["Location"].endswith("/enrolment/received/")
    receipt = client.get(answer["Location"]).content.decode()
    application = Application.objects.get()
    assert application.public_id in receipt
    assert Trainee.objects.get().groups == ["women"]


def test_a_bad_application_shows_each_problem_and_stores_nothing(
    client: Client, course_setting: CourseSetting, on_today: None
) -> None:
    answer = client.post(
        f"/en/courses/{course_setting.course.pk}/apply/",
        {"name": "", "birth_date": "2040-01-01", "sex": "man"},
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    for words in ("Please write your name", "in the future", "for women only", "mahalle"):
        assert words in text
    assert not Application.objects.exists()


def test_check_in_page(client: Client, course_setting: CourseSetting, enrolled: Enrolled) -> None:
    session = course_setting.sessions[0]
    assert client.get("/en/courses/check-in/nope/").status_code == 404
    page = client.post(
        f"/en/courses/check-in/{session.check_in_code}/", {"follow_code": enrolled.follow_code}
    )
    # today is not the session's day
    assert (
        page.status_code == 400 and "Check-in for this session is open on" in page.content.decode()
    )
    assert not Attendance.objects.exists()


@pytest.fixture
def coordinator_client(coordinator: Any) -> Client:
    client = Client()
    log_in_verified(client, coordinator)
    return client


def test_staff_course_page_is_out_of_reach_without_access(
    course_setting: CourseSetting, enrolled: Enrolled, django_user_model: Any
) -> None:
    client = Client()
    log_in_verified(client, django_user_model.objects.create_user("other", is_staff=True))
    pk = course_setting.course.pk
    assert client.get(f"/en/courses/staff/{pk}/").status_code == 404
    day = course_setting.sessions[0].day.isoformat()
    answer = client.post(
        f"/en/courses/staff/{pk}/roll-call/", {"day": day, "present": [enrolled.placement.pk]}
    )
    assert answer.status_code == 404
    assert not Attendance.objects.exists()


def test_roll_call_outside_a_session_day_is_refused(
    coordinator_client: Client, course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    pk = course_setting.course.pk
    page = coordinator_client.get(f"/en/courses/staff/{pk}/").content.decode()
    assert "Zeynep Testoğlu" in page
    # each session's check-in address, with its QR code to print
    for session in course_setting.sessions:
        assert f"/en/courses/check-in/{session.check_in_code}/" in page
    assert page.count('class="qr"') == len(course_setting.sessions)
    day_off = (course_setting.sessions[0].day - dt.timedelta(days=1)).isoformat()
    answer = coordinator_client.post(
        f"/en/courses/staff/{pk}/roll-call/",
        {"day": day_off, "present": [enrolled.placement.pk]},
        follow=True,
    )
    assert "has no session on" in answer.content.decode()
    assert not Attendance.objects.exists()


def test_exam_marks_all_or_nothing(
    coordinator_client: Client, course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    Course.objects.filter(pk=course_setting.course.pk).update(pass_mark=50)
    pk, application_id = course_setting.course.pk, enrolled.placement.application_id
    answer = coordinator_client.post(
        f"/en/courses/staff/{pk}/marks/",
        {f"mark_{application_id}": "70", "mark_999999": "80"},
        follow=True,
    )
    assert "This person is not in the course." in answer.content.decode()
    assert Trainee.objects.get(application_id=application_id).exam_mark is None
    coordinator_client.post(f"/en/courses/staff/{pk}/marks/", {f"mark_{application_id}": "70"})
    assert Trainee.objects.get(application_id=application_id).exam_mark == 70
