"""Erasure, retention and export reach applications to calls (KVKK): personal data goes,
counts, hours and payments stay; every destruction is logged without personal data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from adilkent.calls import services
from adilkent.calls.models import Application, Assignment, VolunteerCertificate
from adilkent.calls.receivers import expired, on_person_erased, on_subject_exported
from adilkent.cases.crypto import keyed_hash
from adilkent.cases.models import DestructionLog

from .conftest import Calls

ANSWERS = {"roles": ["translation"], "hours_per_month": "8", "motivation": "Çeviri yaparım."}


def _volunteer(calls: Calls, phone: str = "+90 532 000 00 01") -> Application:
    return services.application_submit(
        call=calls.volunteer,
        language="uk",
        contact_name="Olena Testenko",
        phone=phone,
        email="olena@example.org",
        mahalle_id=calls.mahalle.pk,
        age_band="25-34",
        sex="female",
        answers=ANSWERS,
        consent=True,
        adult=True,
    ).application


def _served(application: Application, coordinator: object) -> Application:
    """Screened, interviewed, approved and on a translation shift, 3 hours served."""
    services.application_screen(application=application, eligible=True, note="", by=coordinator)
    interview = services.interview_schedule(
        application=application,
        scheduled_at=timezone.now(),
        place="Konak",
        interviewer=coordinator,
    )
    services.interview_record(
        interview=interview, outcome="passed", notes="Çok istekli.", by=coordinator
    )
    services.volunteer_approve(application=application, by=coordinator)
    shift = application.call.shifts.first()
    role = application.call.roles.get(key="translation")
    assignment = services.volunteer_assign(application=application, shift=shift, role=role)
    shift.starts_at = timezone.now() - dt.timedelta(hours=4)
    shift.ends_at = timezone.now() - dt.timedelta(hours=1)
    shift.save()
    services.hours_record(assignment=assignment, hours="3", by=coordinator)
    application.refresh_from_db()
    return application


@pytest.fixture
def coordinator(db: None) -> object:
    return get_user_model().objects.create_user("coordinator")


def test_erasure_removes_the_person_and_keeps_the_hours(calls: Calls, coordinator: object) -> None:
    application = _served(_volunteer(calls), coordinator)
    certificate = services.volunteer_certificate_issue(application=application, by=coordinator)
    other = _volunteer(calls, phone="+90 532 000 00 02")

    class Erased:
        _erased_phone_hash = keyed_hash("+90 532 000 00 01", "phone")
        _erased_email_hash = ""

    on_person_erased(None, person=Erased(), rule="data subject's request", by="dpo")

    application.refresh_from_db()
    assert application.contact_name == application.phone == application.email == ""
    assert application.answers == "" and application.personal_data_erased_at is not None
    assert application.interviews.get().notes == ""
    assert Assignment.objects.get(application=application).hours == Decimal("3.00")
    certificate = VolunteerCertificate.objects.get(pk=certificate.pk)
    assert certificate.holder_name == "" and certificate.revoked_at is not None
    other.refresh_from_db()
    assert other.contact_name == "Olena Testenko"  # another person's application is untouched
    log = DestructionLog.objects.get(record_id=application.public_id)
    assert "Olena" not in f"{log.record_type} {log.rule} {log.by}"


def test_retention_waits_its_time_for_each_kind_of_application(
    calls: Calls, coordinator: object, settings: object
) -> None:
    settings.CALLS_UNSUCCESSFUL_DAYS = 365  # type: ignore[attr-defined]
    settings.CALLS_VOLUNTEER_DAYS = 730  # type: ignore[attr-defined]
    withdrawn = _volunteer(calls, phone="+90 532 000 00 03")
    services.application_withdraw(application=withdrawn)
    served = _served(_volunteer(calls), coordinator)
    now = timezone.now()
    assert expired(now) == []
    assert expired(now + dt.timedelta(days=366)) == [withdrawn.pk]
    # the served volunteer's last shift ended an hour ago: 730 days from then
    assert sorted(expired(now + dt.timedelta(days=731))) == sorted([withdrawn.pk, served.pk])


def test_export_lists_the_applications_of_the_person(calls: Calls) -> None:
    application = _volunteer(calls)

    class Person:
        phone_hash = keyed_hash("+90 532 000 00 01", "phone")
        email = ""

    export: dict[str, object] = {}
    on_subject_exported(None, person=Person(), export=export)
    [row] = export["call_applications"]  # type: ignore[misc]
    assert row["application"] == application.public_id
    assert row["answers"]["motivation"] == "Çeviri yaparım."
