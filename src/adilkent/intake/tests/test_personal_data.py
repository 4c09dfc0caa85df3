"""A resident's name, contacts and typed address are encrypted at rest, kept out of the change
history, and erased by the daily retention run and by the erasure of the same person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from adilkent.cases.models import DestructionLog
from adilkent.cases.services.protection import apply_retention
from adilkent.cases.tests.conftest import desk as desk_fixture  # noqa: F401
from adilkent.intake.models import Request
from adilkent.intake.services import RequestInput, apply_action, submit_request

pytestmark = pytest.mark.django_db

SECRETS = ("Invented Resident", "invented@example.org", "0555 111 22 33", "Gizli Sokak 7")


def _identified() -> Request:
    return submit_request(
        RequestInput(
            text="Invented request", kind="complaint", identity_mode="identified",
            name=SECRETS[0], email=SECRETS[1], phone=SECRETS[2], address=SECRETS[3],
        )
    )  # fmt: skip


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_request")
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM intake_historicalrequest")
        rows += cursor.fetchall()
    return repr(rows)


def test_the_database_holds_no_personal_data_in_clear() -> None:
    r = _identified()
    apply_action(r, "triage", None)
    raw = _raw_rows()
    for secret in SECRETS:
        assert secret not in raw
    stored = Request.objects.get(pk=r.pk)
    assert (stored.name, stored.email, stored.phone, stored.address) == SECRETS


def test_retention_erases_personal_data_of_long_finished_requests() -> None:
    old, recent, still_open = _identified(), _identified(), _identified()
    for r in (old, recent):
        apply_action(r, "reject", None)
    Request.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=400))
    Request.objects.filter(pk=still_open.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=400)
    )
    done = apply_retention()
    assert done["intake_requests"] == 1
    erased = Request.objects.get(pk=old.pk)
    assert (erased.name, erased.email, erased.phone, erased.address) == ("", "", "", "")
    assert erased.personal_data_erased_at is not None and erased.text == "Invented request"
    assert Request.objects.get(pk=recent.pk).name == SECRETS[0]
    assert Request.objects.get(pk=still_open.pk).name == SECRETS[0]
    assert DestructionLog.objects.filter(record_type="intake request", record_id=str(old.pk))


def test_erasing_a_person_erases_their_requests(request: pytest.FixtureRequest) -> None:
    desk = request.getfixturevalue("desk_fixture")
    from adilkent.cases.services import people
    from adilkent.cases.services.protection import anonymise_person
    from adilkent.cases.tests.conftest import invented

    person, _ = people.register_person(
        invented("Testp", "Papa", phone=SECRETS[2]), desk.users["cw1"]
    )
    mine, other = _identified(), submit_request(
        RequestInput(text="x", kind="complaint", identity_mode="identified", name="Someone",
                     phone="0555 999 88 77", address="Konak")
    )  # fmt: skip
    anonymise_person(person, "the person asked, test", "dpo")
    assert Request.objects.get(pk=mine.pk).phone == ""
    assert Request.objects.get(pk=other.pk).phone == "0555 999 88 77"
