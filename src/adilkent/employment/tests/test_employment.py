"""Job seekers from course trainees, consent to share the CV, referrals and their outcome,
follow-ups at 3 and 6 months, the CV as a PDF; the staff pages are for the employment unit
only (a 404 for anyone else) and every one of them is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.courses.models import Trainee
from adilkent.courses.services import course_apply
from adilkent.employment import mobile, services, staff_urls
from adilkent.employment.models import Employer, FollowUp, Profile, Referral, Vacancy
from adilkent.employment.services import EmploymentInvalid
from adilkent.enrolment.models import StaffAccess

from .conftest import CourseSetting, Enrolled, signed_in

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 1)  # after the course (15 to 19 June 2026)


def _messages(error: pytest.ExceptionInfo[EmploymentInvalid]) -> str:
    return " ".join(m for ms in error.value.errors.values() for m in ms)


@pytest.fixture
def profile(enrolled: Enrolled) -> Profile:
    """Zeynep, the course's trainee, registered without consent to share her CV."""
    Trainee.objects.filter(application=enrolled.placement.application).update(groups=["women"])
    made, created = services.profile_from_application(
        application=enrolled.placement.application, cv_consent=False, by=None
    )
    assert created
    return made


@pytest.fixture
def vacancy(db: None) -> Vacancy:
    employer = services.employer_create(name="Invented Tekstil A.Ş.", sector="textiles")
    return services.vacancy_create(
        employer=employer, title="Pattern maker", positions=2,
        opened_on=dt.date(2026, 6, 20), closes_on=dt.date(2026, 7, 31),
    )  # fmt: skip


@pytest.fixture
def hired(profile: Profile, vacancy: Vacancy) -> Referral:
    """Zeynep, referred on 1 July, hired and at work from 15 July 2026."""
    services.profile_consent(profile=profile, consent=True)
    referral = services.referral_create(profile=profile, vacancy=vacancy, by=None, today=TODAY)
    return services.referral_outcome(
        referral=referral, outcome="hired", on=dt.date(2026, 7, 10),
        started_on=dt.date(2026, 7, 15), today=dt.date(2026, 7, 20),
    )  # fmt: skip


# --- profiles ---------------------------------------------------------------------------------


def test_a_trainee_becomes_a_job_seeker_with_the_course_data(
    course_setting: CourseSetting, profile: Profile
) -> None:
    profile.refresh_from_db()
    assert profile.name == "Zeynep Testoğlu"
    assert profile.phone == "0555 123 45 67"
    assert profile.birth_year == 1990
    assert profile.sex == "woman"
    assert profile.mahalle_id == course_setting.far.pk
    assert profile.groups == ["women"]  # as declared on the course's form
    assert profile.source == Profile.Source.COURSE
    assert profile.cv_consent_at is None
    assert profile.phone_hash == mobile.phone_hash("0555 123 45 67")
    assert profile.person_key == mobile.person_key("Zeynep Testoğlu", 1990)


def test_the_same_trainee_registered_again_keeps_one_profile(
    enrolled: Enrolled, profile: Profile
) -> None:
    again, created = services.profile_from_application(
        application=enrolled.placement.application, cv_consent=True, skills="Overlock", by=None
    )
    assert not created and again.pk == profile.pk
    assert Profile.objects.count() == 1
    again.refresh_from_db()
    assert again.cv_consent_at is not None and again.skills == "Overlock"


def test_a_person_known_from_the_mobile_point_is_not_registered_twice(
    course_setting: CourseSetting, enrolled: Enrolled
) -> None:
    known = Profile.objects.create(
        name="Zeynep Testoğlu", phone="+90 555 123 45 67",
        phone_hash=mobile.phone_hash("+90 555 123 45 67"), source=Profile.Source.MOBILE,
    )  # fmt: skip
    found, created = services.profile_from_application(
        application=enrolled.placement.application, cv_consent=False, by=None
    )
    assert not created and found.pk == known.pk
    found.refresh_from_db()
    assert found.application_id == enrolled.placement.application_id
    assert found.source == Profile.Source.MOBILE
    assert Profile.objects.count() == 1


def test_only_a_trainee_holding_a_place_is_registered(course_setting: CourseSetting) -> None:
    submitted = course_apply(
        course=course_setting.course, name="Ayla Waiting", birth_date="1995-01-01",
        phone="0555 999 99 99", email="", mahalle_id=course_setting.mahalle.pk, sex="woman",
        groups=[], language="tr", today=dt.date(2026, 6, 1),
    )  # fmt: skip
    with pytest.raises(EmploymentInvalid) as error:
        services.profile_from_application(
            application=submitted.applications[0], cv_consent=True, by=None
        )
    assert "holds no place in the course" in _messages(error)
    assert not Profile.objects.exists()


def test_consent_is_given_and_taken_back(profile: Profile) -> None:
    services.profile_consent(profile=profile, consent=True)
    assert Profile.objects.get().cv_consent_at is not None
    services.profile_consent(profile=profile, consent=False)
    assert Profile.objects.get().cv_consent_at is None


# --- referrals --------------------------------------------------------------------------------


def test_no_referral_without_consent_to_share_the_cv(profile: Profile, vacancy: Vacancy) -> None:
    with pytest.raises(EmploymentInvalid) as error:
        services.referral_create(profile=profile, vacancy=vacancy, by=None, today=TODAY)
    assert "has not agreed to share their CV with employers" in _messages(error)
    assert not Referral.objects.exists()


def test_no_referral_to_a_closed_vacancy(profile: Profile, vacancy: Vacancy) -> None:
    services.profile_consent(profile=profile, consent=True)
    with pytest.raises(EmploymentInvalid) as error:
        services.referral_create(
            profile=profile, vacancy=vacancy, by=None, today=dt.date(2026, 8, 1)
        )
    assert "closed on" in _messages(error) and "Pattern maker" in _messages(error)
    assert not Referral.objects.exists()
    # the last day is still open
    services.referral_create(profile=profile, vacancy=vacancy, by=None, today=dt.date(2026, 7, 31))
    assert Referral.objects.count() == 1


def test_a_person_is_referred_to_a_vacancy_once(profile: Profile, vacancy: Vacancy) -> None:
    services.profile_consent(profile=profile, consent=True)
    services.referral_create(profile=profile, vacancy=vacancy, by=None, today=TODAY)
    with pytest.raises(EmploymentInvalid) as error:
        services.referral_create(profile=profile, vacancy=vacancy, by=None, today=TODAY)
    assert "already referred" in _messages(error)
    assert Referral.objects.count() == 1


def test_a_vacancy_cannot_close_before_it_opens(db: None) -> None:
    employer = services.employer_create(name="Invented")
    with pytest.raises(EmploymentInvalid) as error:
        services.vacancy_create(
            employer=employer, title="Cutter", positions=1,
            opened_on=dt.date(2026, 7, 1), closes_on=dt.date(2026, 6, 1),
        )  # fmt: skip
    assert "cannot close" in _messages(error)
    assert not Vacancy.objects.exists()


# --- outcomes ---------------------------------------------------------------------------------


def test_outcome_rules(profile: Profile, vacancy: Vacancy) -> None:
    services.profile_consent(profile=profile, consent=True)
    referral = services.referral_create(profile=profile, vacancy=vacancy, by=None, today=TODAY)
    today = dt.date(2026, 7, 20)

    def refused(outcome: str, on: dt.date, started_on: dt.date | None) -> str:
        with pytest.raises(EmploymentInvalid) as error:
            services.referral_outcome(
                referral=referral, outcome=outcome, on=on, started_on=started_on, today=today
            )
        stored = Referral.objects.get()
        assert (stored.outcome, stored.outcome_on, stored.started_on) == ("referred", None, None)
        return _messages(error)

    assert "Give the day the person started work" in refused("hired", dt.date(2026, 7, 10), None)
    assert "in the future" in refused("hired", dt.date(2026, 7, 21), dt.date(2026, 7, 15))
    assert "in the future" in refused("hired", dt.date(2026, 7, 10), dt.date(2026, 7, 25))
    assert "before the referral" in refused("interview", dt.date(2026, 6, 30), None)
    assert "only for someone hired" in refused("not_hired", today, dt.date(2026, 7, 15))
    assert "Choose the outcome" in refused("promoted", today, None)

    services.referral_outcome(
        referral=referral, outcome="interview", on=dt.date(2026, 7, 5), started_on=None,
        today=today,
    )  # fmt: skip
    services.referral_outcome(
        referral=referral, outcome="hired", on=dt.date(2026, 7, 10),
        started_on=dt.date(2026, 7, 15), today=today,
    )  # fmt: skip
    stored = Referral.objects.get()
    assert (stored.outcome, stored.started_on) == ("hired", dt.date(2026, 7, 15))


# --- follow-ups -------------------------------------------------------------------------------


def test_a_follow_up_only_for_someone_hired(profile: Profile, vacancy: Vacancy) -> None:
    services.profile_consent(profile=profile, consent=True)
    referral = services.referral_create(profile=profile, vacancy=vacancy, by=None, today=TODAY)
    with pytest.raises(EmploymentInvalid) as error:
        services.follow_up_record(
            referral=referral, months=3, employed=True, checked_on=dt.date(2026, 11, 1),
            by=None, today=dt.date(2026, 11, 1),
        )  # fmt: skip
    assert "only for someone hired" in _messages(error)
    assert not FollowUp.objects.exists()


def test_the_six_month_follow_up_is_not_made_before_six_months(hired: Referral) -> None:
    # started 15 July 2026: the 6-month mark is 15 January 2027
    with pytest.raises(EmploymentInvalid) as error:
        services.follow_up_record(
            referral=hired, months=6, employed=True, checked_on=dt.date(2027, 1, 14),
            by=None, today=dt.date(2027, 1, 20),
        )  # fmt: skip
    assert "The 6-month follow-up is made from" in _messages(error)
    assert not FollowUp.objects.exists()
    services.follow_up_record(
        referral=hired, months=6, employed=True, checked_on=dt.date(2027, 1, 15),
        by=None, today=dt.date(2027, 1, 20),
    )  # fmt: skip
    assert FollowUp.objects.get().months == 6


def test_follow_up_marks_are_3_or_6_once_each_never_in_the_future(hired: Referral) -> None:
    today = dt.date(2026, 11, 1)

    def refused(months: int, checked_on: dt.date) -> str:
        with pytest.raises(EmploymentInvalid) as error:
            services.follow_up_record(
                referral=hired, months=months, employed=True, checked_on=checked_on, by=None,
                today=today,
            )  # fmt: skip
        return _messages(error)

    assert "3 or 6 months" in refused(4, today)
    assert "in the future" in refused(3, dt.date(2026, 11, 2))
    assert "too early" in refused(3, dt.date(2026, 10, 14))
    assert not FollowUp.objects.exists()
    services.follow_up_record(
        referral=hired, months=3, employed=False, checked_on=dt.date(2026, 10, 15), by=None,
        today=today,
    )  # fmt: skip
    assert "already recorded" in refused(3, today)
    assert FollowUp.objects.count() == 1
    # with a follow-up recorded, the hiring it follows stands
    with pytest.raises(EmploymentInvalid) as error:
        services.referral_outcome(
            referral=hired, outcome="not_hired", on=dt.date(2026, 7, 10), started_on=None,
            today=today,
        )  # fmt: skip
    assert "can no longer change" in _messages(error)


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert services.add_months(dt.date(2026, 7, 15), 6) == dt.date(2027, 1, 15)
    assert services.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


# --- the CV -----------------------------------------------------------------------------------


def test_the_cv_is_printed_only_with_consent(profile: Profile) -> None:
    with pytest.raises(EmploymentInvalid) as error:
        services.cv_pdf(profile)
    assert "has not agreed to share their CV with employers" in _messages(error)
    services.profile_cv_update(
        profile=profile, skills="Overlock, pattern drafting", languages="Türkçe, English",
        education="Lise", experience="",
    )  # fmt: skip
    services.profile_consent(profile=profile, consent=True)
    html = services.cv_html(profile, language="en")
    assert "Overlock, pattern drafting" in html and "Zeynep Testoğlu" in html
    assert "woman" not in html  # sex and groups are not an employer's business
    assert services.cv_pdf(profile).startswith(b"%PDF")


# --- staff pages ------------------------------------------------------------------------------


def _pages(profile: Profile) -> dict[str, str]:
    return {
        "home": "/en/employment/staff/",
        "profile": f"/en/employment/staff/profiles/{profile.pk}/",
        "new vacancy": "/en/employment/staff/vacancies/new/",
        "new employer": "/en/employment/staff/employers/new/",
    }


@pytest.mark.parametrize("page", ["home", "profile", "new vacancy", "new employer"])
def test_staff_pages_are_for_the_employment_unit_only(
    course_setting: CourseSetting, profile: Profile, employment_staff: Any,
    django_user_model: Any, page: str,
) -> None:  # fmt: skip
    url = _pages(profile)[page]
    answer = signed_in(employment_staff).get(url)
    assert answer.status_code == 200
    if page == "profile":
        assert "Zeynep Testoğlu" in answer.content.decode()
    # the course's coordinator, a staff member with no access, a centre's staff: not told
    course_coordinator = django_user_model.objects.create_user("course", is_staff=True)
    StaffAccess.objects.create(
        user=course_coordinator, role="coordinator", programme=course_setting.programme
    )
    nobody = django_user_model.objects.create_user("nobody", is_staff=True)
    for user in (course_coordinator, nobody):
        assert signed_in(user).get(url).status_code == 404
        assert AuditEvent.objects.filter(username=user.username, action="denied").exists()
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_posts_of_others_change_nothing(
    enrolled: Enrolled, profile: Profile, vacancy: Vacancy, django_user_model: Any
) -> None:
    nobody = signed_in(django_user_model.objects.create_user("nobody", is_staff=True))
    application = enrolled.placement.application
    Profile.objects.all().delete()
    answer = nobody.post(
        f"/en/employment/staff/profiles/from-application/{application.pk}/",
        {f"a{application.pk}-cv_consent": "on"},
    )
    assert answer.status_code == 404 and not Profile.objects.exists()
    answer = nobody.post("/en/employment/staff/employers/new/", {"name": "Sneaky Ltd"})
    assert answer.status_code == 404 and Employer.objects.count() == 1


def test_every_staff_page_is_audited() -> None:
    unaudited = [
        p.name
        for p in staff_urls.urlpatterns
        if isinstance(p, URLPattern)
        and p.name != "funnel"
        and not getattr(p.callback, AUDITED_MARK, False)
    ]
    assert unaudited == []


def test_a_trainee_registered_consented_referred_and_hired_through_the_pages(
    enrolled: Enrolled, employment_staff: Any
) -> None:
    client = signed_in(employment_staff)
    today = timezone.localdate()
    application = enrolled.placement.application
    home = client.get("/en/employment/staff/").content.decode()
    assert "Course trainees not yet registered" in home and "Zeynep Testoğlu" in home

    answer = client.post(
        f"/en/employment/staff/profiles/from-application/{application.pk}/",
        {f"a{application.pk}-skills": "Overlock", f"a{application.pk}-languages": "Türkçe"},
    )
    profile = Profile.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/profiles/{profile.pk}/")
    assert profile.cv_consent_at is None and profile.skills == "Overlock"

    answer = client.post(
        "/en/employment/staff/employers/new/",
        {"name": "Invented Konfeksiyon", "sector": "textiles"},
    )
    assert answer.status_code == 302
    employer = Employer.objects.get()
    answer = client.post(
        "/en/employment/staff/vacancies/new/",
        {"employer": employer.pk, "title": "Sewing operator", "positions": "3",
         "opened_on": (today - dt.timedelta(days=5)).isoformat(), "closes_on": ""},
    )  # fmt: skip
    assert answer.status_code == 302
    vacancy = Vacancy.objects.get()

    page = f"/en/employment/staff/profiles/{profile.pk}/"
    answer = client.post(f"{page}refer/", {"vacancy": vacancy.pk}, follow=True)
    assert "has not agreed to share their CV with employers" in answer.content.decode()
    assert not Referral.objects.exists()
    assert client.get(f"{page}cv.pdf").status_code == 302  # no printout without consent

    client.post(f"{page}consent/", {"consent": "on"})
    answer = client.post(f"{page}refer/", {"vacancy": vacancy.pk}, follow=True)
    assert "Referred to" in answer.content.decode()
    referral = Referral.objects.get()

    started = today
    answer = client.post(
        f"/en/employment/staff/referrals/{referral.pk}/outcome/",
        {f"r{referral.pk}-outcome": "hired", f"r{referral.pk}-on": started.isoformat(),
         f"r{referral.pk}-started_on": started.isoformat()},
        follow=True,
    )  # fmt: skip
    assert "The outcome is recorded." in answer.content.decode()
    answer = client.post(
        f"/en/employment/staff/referrals/{referral.pk}/follow-up/",
        {f"f{referral.pk}-months": "6", f"f{referral.pk}-employed": "yes",
         f"f{referral.pk}-checked_on": today.isoformat()},
        follow=True,
    )  # fmt: skip
    assert "The 6-month follow-up is made from" in answer.content.decode()
    assert not FollowUp.objects.exists()

    pdf = client.get(f"{page}cv.pdf?language=tr")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        username="employment", object_type="employment CV", action="view"
    ).exists()
