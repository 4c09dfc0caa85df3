"""Applying for a course through enrolment's engine, attendance on session days only, the QR
check-in's window and code, completion by each course's rule, and the finder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from adilkent.courses import selectors
from adilkent.courses.models import Course, Trainee
from adilkent.courses.services import (
    CourseInvalid,
    course_apply,
    course_attendance_mark,
    session_check_in,
)
from adilkent.enrolment.models import Application, Attendance, Placement
from adilkent.enrolment.services import allocation_round

from .conftest import TODAY, CourseSetting, Enrolled

pytestmark = pytest.mark.django_db


def _apply(setting: CourseSetting, **changes: object) -> object:
    values: dict[str, object] = {
        "course": setting.course, "name": "Invented Applicant", "birth_date": "1995-01-01",
        "phone": "0555 000 00 01", "email": "", "mahalle_id": setting.far.pk, "sex": "woman",
        "groups": ["women", "roma"], "language": "tr", "today": TODAY,
    }  # fmt: skip
    values.update(changes)
    return course_apply(**values)  # type: ignore[arg-type]


def test_an_application_is_an_enrolment_application_with_the_trainee_data(
    course_setting: CourseSetting,
) -> None:
    submitted = _apply(course_setting)
    (application,) = submitted.applications  # type: ignore[attr-defined]
    assert application.term == course_setting.course.term
    assert [c.centre for c in application.choices.all()] == [course_setting.centre]
    assert application.guardian_name == application.child_name == "Invented Applicant"
    trainee = Trainee.objects.get(application=application)
    assert (trainee.sex, trainee.groups) == ("woman", ["roma", "women"])
    # the engine gives the place: one round, one offer
    _run, offers = allocation_round(term=course_setting.course.term, reason="test")
    assert [o.application_id for o in offers] == [application.pk]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sex": "man"}, "sex", "for women only"),
        ({"birth_date": "2015-01-01"}, "birth_date", "takes people aged 18 to 99"),
        ({"birth_date": "2030-01-01"}, "birth_date", "in the future"),
        ({"birth_date": "1990-02-30"}, "birth_date", "date"),
        ({"name": " "}, "name", "write your name"),
        ({"phone": "", "email": ""}, "phone", "phone number or an e-mail"),
        ({"mahalle_id": None}, "mahalle", "mahalle"),
        ({"groups": ["martians"]}, "groups", "Unknown group: martians"),
    ],
)
def test_bad_applications_are_refused_with_their_reason_and_nothing_is_stored(
    course_setting: CourseSetting, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(CourseInvalid) as refused:
        _apply(course_setting, **changes)
    assert field in refused.value.errors, refused.value.errors
    assert words.lower() in " ".join(refused.value.errors[field]).lower()
    assert not Application.objects.exists()
    assert not Trainee.objects.exists()


def test_the_same_person_cannot_apply_twice(course_setting: CourseSetting) -> None:
    _apply(course_setting)
    with pytest.raises(CourseInvalid) as refused:
        _apply(course_setting, phone="0555 999 99 99")
    assert "already an application" in " ".join(refused.value.errors["name"])
    assert Application.objects.count() == 1


def test_a_training_asks_for_the_organisation(course_setting: CourseSetting) -> None:
    Course.objects.filter(pk=course_setting.course.pk).update(
        asks_organisation=True, women_only=False
    )
    course_setting.course.refresh_from_db()
    with pytest.raises(CourseInvalid) as refused:
        _apply(course_setting)
    assert "organisation" in refused.value.errors
    _apply(course_setting, organisation="Invented Association", organisation_kind="ngo")
    trainee = Trainee.objects.get()
    assert (trainee.organisation, trainee.organisation_kind) == ("Invented Association", "ngo")


def test_attendance_outside_a_session_is_refused_and_changes_nothing(
    course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    day_off = course_setting.sessions[-1].day + dt.timedelta(days=1)
    with pytest.raises(CourseInvalid) as refused:
        course_attendance_mark(
            course=course_setting.course, day=day_off, present={enrolled.placement.pk},
            marked_by=None,  # type: ignore[arg-type]
        )  # fmt: skip
    assert "no session on" in refused.value.errors["day"][0]
    assert not Attendance.objects.exists()


def test_roll_call_on_a_session_day_and_completion_by_the_rule(
    course_setting: CourseSetting, enrolled: Enrolled, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda: course_setting.sessions[-1].day)
    for session in course_setting.sessions[:3]:
        course_attendance_mark(
            course=course_setting.course, day=session.day, present={enrolled.placement.pk},
            marked_by=None,  # type: ignore[arg-type]
        )  # fmt: skip
    done = selectors.completion(course_setting.course)[enrolled.placement.application_id]
    assert (done.days, done.of_days, done.complete) == (3, 5, False)
    assert "attended 3 of the 4 session days needed" in done.missing
    course_attendance_mark(
        course=course_setting.course, day=course_setting.sessions[3].day,
        present={enrolled.placement.pk}, marked_by=None,  # type: ignore[arg-type]
    )  # fmt: skip
    done = selectors.completion(course_setting.course)[enrolled.placement.application_id]
    assert (done.days, done.percent, done.complete, done.missing) == (4, 80, True, [])


def test_hours_and_exam_mark_rules(course_setting: CourseSetting, enrolled: Enrolled) -> None:
    Course.objects.filter(pk=course_setting.course.pk).update(
        min_days=None, min_hours_percent=80, pass_mark=60
    )
    course = Course.objects.get(pk=course_setting.course.pk)
    for session in course_setting.sessions[:4]:
        Attendance.objects.create(placement=enrolled.placement, day=session.day, present=True)
    done = selectors.completion(course)[enrolled.placement.application_id]
    assert done.missing == ["no exam mark yet"]
    Trainee.objects.filter(application=enrolled.placement.application).update(exam_mark=59)
    done = selectors.completion(course)[enrolled.placement.application_id]
    assert done.missing == ["exam mark 59, 60 needed"]
    Trainee.objects.filter(application=enrolled.placement.application).update(exam_mark=60)
    assert selectors.completion(course)[enrolled.placement.application_id].complete


def _at(session: object, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(session.day, dt.time(hour, minute)))  # type: ignore[attr-defined]


def test_qr_check_in_marks_the_trainee_present_in_the_session_hours_only(
    course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    session = course_setting.sessions[0]
    for too_early_or_late in (_at(session, 8, 29), _at(session, 13, 1)):
        with pytest.raises(CourseInvalid) as refused:
            session_check_in(
                check_in_code=session.check_in_code, follow_code=enrolled.follow_code,
                now=too_early_or_late,
            )  # fmt: skip
        assert "open on" in refused.value.errors["session"][0]
    with pytest.raises(CourseInvalid) as refused:
        session_check_in(
            check_in_code=session.check_in_code, follow_code="AAAA-BBBB-CCCC", now=_at(session, 10)
        )
    assert "holds no place" in refused.value.errors["follow_code"][0]
    with pytest.raises(CourseInvalid):
        session_check_in(
            check_in_code="not-a-code", follow_code=enrolled.follow_code, now=_at(session, 10)
        )
    assert not Attendance.objects.exists()
    attendance = session_check_in(
        check_in_code=session.check_in_code, follow_code=enrolled.follow_code.lower(),
        now=_at(session, 8, 45),
    )  # fmt: skip
    assert (attendance.placement, attendance.day, attendance.present) == (
        enrolled.placement, session.day, True
    )  # fmt: skip


def test_a_follow_code_of_another_course_does_not_check_in(
    course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    Placement.objects.filter(pk=enrolled.placement.pk).update(state=Placement.State.CANCELLED)
    session = course_setting.sessions[0]
    with pytest.raises(CourseInvalid):
        session_check_in(
            check_in_code=session.check_in_code, follow_code=enrolled.follow_code,
            now=_at(session, 10),
        )  # fmt: skip


def test_finder_filters_and_orders_by_distance(course_setting: CourseSetting) -> None:
    found = selectors.find(TODAY, selectors.Filters())
    assert [f.course for f in found] == [course_setting.course]
    near = selectors.find(TODAY, selectors.Filters(near_mahalle=course_setting.mahalle))
    far = selectors.find(TODAY, selectors.Filters(near_mahalle=course_setting.far))
    assert near[0].km == pytest.approx(0.0)
    assert 30 < far[0].km < 40  # 0.2° north and 0.3° east of 38.4 N, 27.1 E: about 35 km
    assert not selectors.find(TODAY, selectors.Filters(district_id=course_setting.far.district_id))
    assert selectors.find(TODAY, selectors.Filters(women_only=True))
    assert not selectors.find(TODAY, selectors.Filters(language="ar"))
    assert not selectors.find(TODAY, selectors.Filters(starts_from=dt.date(2026, 7, 1)))
    # closed for applications: not listed
    assert not selectors.find(dt.date(2026, 6, 11), selectors.Filters())
