"""Children's data: encrypted at rest, erased with the person by the data protection officer
and by the daily retention run (destruction log), listed in the data-subject export."""

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
from adilkent.enrolment.models import Application, Placement
from adilkent.enrolment.services import (
    ChildInput,
    allocation_round,
    application_submit,
    offer_answer,
)

from .conftest import TODAY, Setting

pytestmark = pytest.mark.django_db
PHONE = "+90 555 123 45 67"


def _apply(s: Setting, name: str, phone: str = PHONE, groups: tuple[str, ...] = ()) -> Any:
    return application_submit(
        term=s.term, guardian_name="Invented Guardian", guardian_phone=phone,
        guardian_email="guardian@example.org", children=[ChildInput(name, "2022-09-01")],
        centre_ids=[s.north.pk], mahalle_id=s.mahalle.pk, priority_groups=list(groups), language="tr",
        today=TODAY, monthly_income="18000",
    )  # fmt: skip


def test_nothing_personal_is_in_the_database_in_clear(setting: Setting) -> None:
    _apply(setting, "Gizliçocuk")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM enrolment_application")
        raw = repr(cursor.fetchall())
    for secret in (
        "Gizliçocuk",
        "Invented Guardian",
        "555 123",
        "guardian@example.org",
        "2022-09-01",
        "18000",
    ):
        assert secret not in raw


def test_erasing_the_person_erases_their_applications_and_frees_the_place(
    setting: Setting, request: pytest.FixtureRequest
) -> None:
    desk = request.getfixturevalue("desk_fixture")
    from adilkent.cases.services import people

    mine = _apply(setting, "Ayşe", groups=("low_income",))
    other = _apply(setting, "Banu", phone="+90 555 999 99 99")
    _run, offers = allocation_round(term=setting.term, reason="test")
    (offer,) = offers
    offer_answer(follow_code=mine.follow_code, placement_id=offer.pk, accept=True)
    person, _ = people.register_person(invented("Testp", "Papa", phone=PHONE), desk.users["cw1"])

    exported = subject_export(person)["enrolment_applications"]
    assert [a["child"] for a in exported] == ["Ayşe"]
    assert exported[0]["placements"][0]["state"] == "accepted"

    anonymise_person(person, "the person asked, test", "dpo")
    erased = Application.objects.get(pk=mine.applications[0].pk)
    assert (erased.child_name, erased.guardian_phone, erased.child_birth_date) == ("", "", "")
    assert erased.status == "withdrawn" and erased.personal_data_erased_at is not None
    assert Placement.objects.get(pk=offer.pk).state == "cancelled"
    # the place went to the next child in line
    assert Placement.objects.get(state="offered").application == other.applications[0]
    assert Application.objects.get(pk=other.applications[0].pk).child_name == "Banu"
    assert DestructionLog.objects.filter(
        record_type="enrolment application", record_id=erased.public_id
    )


def test_retention_erases_applications_of_terms_long_ended(setting: Setting) -> None:
    submitted = _apply(setting, "Ayşe")
    setting.term.starts_on = timezone.localdate() - dt.timedelta(days=700)
    setting.term.ends_on = timezone.localdate() - dt.timedelta(days=400)
    setting.term.save()
    done = apply_retention()
    assert done["enrolment_applications"] == 1
    assert Application.objects.get(pk=submitted.applications[0].pk).child_name == ""
    assert apply_retention()["enrolment_applications"] == 0
