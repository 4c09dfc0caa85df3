"""Retention, data-subject export and erasure, the processing inventory, de-identified figures."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from adilkent.cases.figures import suppress
from adilkent.cases.inventory import processing_inventory
from adilkent.cases.models import Case, CaseNote, DestructionLog, Person
from adilkent.cases.services import casework
from adilkent.cases.services.protection import apply_retention

from .conftest import Desk


def _close(case: Case, years_ago: float) -> None:
    casework.transition(case, "close", outcome="resolved")
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=365.25 * years_ago)
    )


def test_retention_anonymises_only_people_whose_cases_closed_long_enough_ago(desk: Desk) -> None:
    _close(desk.cases["a"], 11)  # legal aid: kept 10 years after closing
    _close(desk.cases["h"], 4)  # municipal service: kept 5 years
    done = apply_retention()
    assert done["people"] == 1
    a = Person.objects.get(pk=desk.people["a"].pk)
    h = Person.objects.get(pk=desk.people["h"].pk)
    b = Person.objects.get(pk=desk.people["b"].pk)  # open case: untouched
    assert a.erased_at is not None and a.family_name == "" and a.phone == ""
    assert h.erased_at is None and h.given_name == "Testh"
    assert b.erased_at is None
    assert DestructionLog.objects.filter(record_type="person", record_id=str(a.pk)).exists()
    # de-identified facts stay for the figures
    assert Case.objects.filter(person=a).count() == 1


def test_retention_runs_as_a_background_job(desk: Desk) -> None:
    from adilkent.cases.tasks import retention_job

    _close(desk.cases["a"], 11)
    result = retention_job.enqueue()  # test settings: the immediate backend
    assert result.return_value == {
        "people": 1,
        "audit_events": 0,
        "legal_aid_appointments": 0,
        "intake_requests": 0,
        "enrolment_applications": 0,
        "employment_profiles": 0,
        "confidential_reports": 0,
        "call_applications": 0,
        "council_contacts": 0,
        "survey_drafts": 0,
        "survey_recontacts": 0,
    }


def test_people_registered_long_ago_without_a_case_are_anonymised(desk: Desk) -> None:
    from adilkent.cases.services import people

    from .conftest import invented

    lone, _ = people.register_person(invented("Lonely"), desk.users["cw1"])
    Person.objects.filter(pk=lone.pk).update(created_at=timezone.now() - dt.timedelta(days=800))
    apply_retention()
    assert Person.objects.get(pk=lone.pk).erased_at is not None


def test_subject_export_json_holds_the_persons_data(desk: Desk) -> None:
    person = desk.people["a"]
    response = desk.client("dpo").get(reverse("cases:export-json", args=[person.pk]))
    data = json.loads(response.content)
    assert data["person"]["given_name"] == "Testa"
    assert data["cases"][0]["summary"] == "Invented summary A"
    assert data["cases"][0]["referrals"][0]["data_shared"] == ["name", "languages"]
    assert data["consents"][0]["recipient"] == "UNHCR"


def test_subject_export_pdf(desk: Desk) -> None:
    person = desk.people["a"]
    Person.objects.filter(pk=person.pk).update(preferred_language="ar")
    response = desk.client("dpo").get(reverse("cases:export-pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_erasure_destroys_notes_and_identity(desk: Desk) -> None:
    person = desk.people["b"]
    response = desk.client("dpo").post(
        reverse("cases:erase", args=[person.pk]), {"reason": "the person asked, test"}
    )
    assert response.status_code == 302
    erased = Person.objects.get(pk=person.pk)
    assert erased.erased_at is not None and erased.family_name == ""
    assert not CaseNote.objects.filter(case__person=person).exists()
    assert DestructionLog.objects.filter(record_id=str(person.pk), action="anonymised").exists()
    # no one reaches the erased record any more, not even its caseworker
    assert desk.client("cw2").get(reverse("cases:person", args=[person.pk])).status_code == 404


def test_erasure_needs_a_reason(desk: Desk) -> None:
    person = desk.people["b"]
    desk.client("dpo").post(reverse("cases:erase", args=[person.pk]), {"reason": ""})
    assert Person.objects.get(pk=person.pk).erased_at is None


def test_inventory_lists_every_encrypted_and_special_category_field() -> None:
    processings = {p.record: p for p in processing_inventory()}
    people = next(p for p in processings.values() if any(i.field == "disability" for i in p.items))
    items = {i.field: i for i in people.items}
    assert items["disability"].encrypted and items["disability"].special_category
    assert items["identity_number"].encrypted
    assert not items["nationality"].encrypted  # kept in clear for the figures
    assert "identity_hash" not in items  # not editable: a derived key, not data collected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"a": 10, "b": 7, "c": 3}, {"a": 10, "b": None, "c": None}),  # one small: next hidden
        ({"a": 10, "b": 2, "c": 3}, {"a": 10, "b": None, "c": None}),
        ({"a": 10, "b": 9}, {"a": 10, "b": 9}),
        ({"a": 4}, {"a": None}),
        ({"a": 6, "z": 0}, {"a": 6}),  # empty cells are not listed
    ],
)
def test_small_cells_are_suppressed(
    counts: dict[str, int], expected: dict[str, int | None]
) -> None:
    assert {c.label: c.count for c in suppress(counts, minimum=5)} == expected


def test_figures_for_an_analyst_show_no_small_counts(desk: Desk) -> None:
    page = desk.client("analyst").get(reverse("cases:figures"))
    # three cases of three different types: each below 5, all hidden
    cells = [cell for _title, table in page.context["tables"] for cell in table]
    assert cells and all(c.count is None for c in cells)
