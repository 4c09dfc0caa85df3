"""The data-subject export holds everything kept about a person (notes, tasks, documents,
household links, legal-aid appointments, records merged into theirs), and erasure reaches the
records merged into theirs too."""

from __future__ import annotations

import datetime as dt
import json

from django.urls import reverse

from adilkent.cases.models import Person
from adilkent.cases.services import casework, people
from adilkent.cases.services.protection import anonymise_person, subject_export

from .conftest import Desk, invented


def _merge_lookalike(desk: Desk) -> Person:
    dummy, proposals = people.register_person(invented("Testa", "Alpha"), desk.users["cw1"])
    proposal = next(p for p in proposals if p.existing_id == desk.people["a"].pk)
    # the look-alike's own case, moved into a's record by the merge
    people.person_merge(candidate=proposal, by=desk.users["cw1"])
    return Person.objects.get(pk=dummy.pk)


def test_the_export_holds_notes_tasks_documents_household_and_appointments(desk: Desk) -> None:
    from adilkent.core.tests.factories import small_city
    from adilkent.legalaid import services as legalaid
    from adilkent.legalaid.tests.conftest import future_day, make_stop, request

    case = desk.cases["a"]
    casework.add_note(case, "Invented note for the export", desk.users["cw1"], "general")
    casework.add_task(case, "Invented task", dt.date(2027, 1, 5), desk.users["cw1"])
    casework.add_document(
        case, "Invented letter", "letter.pdf", "application/pdf", b"%PDF-1.4 x", desk.users["cw1"]
    )
    relative, _ = people.add_household_member(
        desk.people["a"], invented("Testc", "Alpha"), "child", desk.users["cw1"]
    )
    stop = make_stop(small_city()["bahariye"], future_day(5))
    appointment, _code = legalaid.book(stop.pk, request("09:00", name="Invented Booker"))
    appointment.case = case
    appointment.save(update_fields=["case"])

    data = json.loads(
        desk.client("dpo").get(reverse("cases:export-json", args=[desk.people["a"].pk])).content
    )
    exported = data["cases"][0]
    assert [n["text"] for n in exported["notes"]] == ["Invented note for the export"]
    assert [t["task"] for t in exported["tasks"]] == ["Invented task"]
    assert [d["title"] for d in exported["documents"]] == ["Invented letter"]
    assert data["household"] == [{"relationship": "child", "relative": str(relative.pk)}]
    assert [a["name"] for a in data["legal_aid_appointments"]] == ["Invented Booker"]


def test_the_export_and_the_erasure_reach_records_merged_into_the_person(desk: Desk) -> None:
    dummy = _merge_lookalike(desk)
    export = subject_export(desk.people["a"])
    assert [m["person"]["id"] for m in export["merged_records"]] == [str(dummy.pk)]
    anonymise_person(desk.people["a"], "the person asked, test", "dpo")
    erased = Person.objects.get(pk=dummy.pk)
    assert erased.erased_at is not None
    assert erased.family_name == "" and erased.given_name == "—"
