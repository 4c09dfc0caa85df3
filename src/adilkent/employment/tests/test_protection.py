"""A job seeker's data: encrypted at rest, erased with the person by the data protection
officer and by the retention run after two years without activity (destruction log), listed
in the data-subject export. Referrals and follow-ups stay, without a name, for the funnel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from adilkent.cases.models import DestructionLog
from adilkent.cases.services.protection import anonymise_person, apply_retention, subject_export
from adilkent.cases.tests.conftest import desk as desk_fixture  # noqa: F401
from adilkent.cases.tests.conftest import invented
from adilkent.employment.models import Employer, Profile, Referral, Vacancy

pytestmark = pytest.mark.django_db
PHONE = "0555 123 45 67"


def _profile(name: str, phone: str, email: str = "") -> Profile:
    return Profile.objects.create(
        name=name, phone=phone, email=email, skills="Dikiş", source=Profile.Source.DESK
    )


def test_nothing_personal_is_in_the_database_in_clear() -> None:
    _profile("Gizlikişi Testoğlu", PHONE, "gizli@example.org")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM employment_profile")
        raw = repr(cursor.fetchall())
    for secret in ("Gizlikişi", "555 123", "gizli@example.org", "Dikiş"):
        assert secret not in raw


def test_erasing_the_person_erases_their_profile_but_keeps_the_referral(
    request: pytest.FixtureRequest,
) -> None:
    from adilkent.cases.services import people

    desk = request.getfixturevalue("desk_fixture")
    mine = _profile("Testp Papa", PHONE)
    other = _profile("Başka Kişi", "0555 999 99 99")
    vacancy = Vacancy.objects.create(
        employer=Employer.objects.create(name="Invented Ltd"), title="Pattern maker",
        opened_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    Referral.objects.create(profile=mine, vacancy=vacancy, referred_on=dt.date(2026, 2, 1))
    person, _ = people.register_person(invented("Testp", "Papa", phone=PHONE), desk.users["cw1"])
    exported = subject_export(person)["employment_profiles"]
    assert [(p["name"], p["skills"]) for p in exported] == [("Testp Papa", "Dikiş")]
    assert exported[0]["referrals"][0]["vacancy"] == "Pattern maker — Invented Ltd"

    anonymise_person(person, "the person asked, test", "dpo")
    erased = Profile.objects.get(pk=mine.pk)
    assert (erased.name, erased.phone, erased.skills, erased.phone_hash) == ("", "", "", "")
    assert erased.personal_data_erased_at is not None and erased.cv_consent_at is None
    assert Referral.objects.filter(profile=erased).count() == 1
    assert Profile.objects.get(pk=other.pk).name == "Başka Kişi"
    assert DestructionLog.objects.filter(record_type="job seeker", record_id=f"P-{mine.pk}")


def test_retention_erases_profiles_without_activity_for_two_years(settings: Any) -> None:
    settings.EMPLOYMENT_PERSONAL_DATA_DAYS = 730
    stale = _profile("Eski Kayıt", "0555 000 00 01")
    active = _profile("Yeni Yönlendirme", "0555 000 00 02")
    long_ago = timezone.now() - dt.timedelta(days=800)
    Profile.objects.filter(pk__in=[stale.pk, active.pk]).update(created_at=long_ago)
    vacancy = Vacancy.objects.create(
        employer=Employer.objects.create(name="Invented Ltd"), title="Tailor",
        opened_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    Referral.objects.create(
        profile=active, vacancy=vacancy, referred_on=timezone.localdate() - dt.timedelta(days=30)
    )
    assert apply_retention()["employment_profiles"] == 1
    assert Profile.objects.get(pk=stale.pk).name == ""
    assert Profile.objects.get(pk=active.pk).name == "Yeni Yönlendirme"
    assert apply_retention()["employment_profiles"] == 0
