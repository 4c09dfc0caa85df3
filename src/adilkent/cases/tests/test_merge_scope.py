"""A duplicate merge needs rights over both records: registering a look-alike of another
unit's person neither shows that record nor lets the look-alike be merged into it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from adilkent.cases.models import AuditEvent, DuplicateCandidate, Person
from adilkent.cases.services import people

from .conftest import Desk, invented


def _lookalike(desk: Desk, role: str) -> tuple[Person, DuplicateCandidate]:
    """``role`` registers someone with person a's name (a belongs to caseworker cw1)."""
    dummy, proposals = people.register_person(invented("Testa", "Alpha"), desk.users[role])
    against_a = [p for p in proposals if p.existing_id == desk.people["a"].pk]
    assert len(against_a) == 1, proposals
    return dummy, against_a[0]


@pytest.mark.parametrize("role", ["cw2", "him", "other_supervisor"])
def test_the_duplicates_page_does_not_show_a_record_out_of_scope(desk: Desk, role: str) -> None:
    dummy, _proposal = _lookalike(desk, role)
    page = desk.client(role).get(reverse("cases:duplicates", args=[dummy.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="proposal"' not in text
    assert str(desk.people["a"].pk) not in text
    # the same page of a proposal in scope does show the form (the check above can fail)
    own, _ = people.register_person(invented("Testb", "Bravo"), desk.users["cw2"])
    assert (
        'name="proposal"'
        in desk.client("cw2").get(reverse("cases:duplicates", args=[own.pk])).content.decode()
    )
    detail = desk.client(role).get(reverse("cases:person", args=[dummy.pk])).content.decode()
    assert reverse("cases:duplicates", args=[dummy.pk]) not in detail


@pytest.mark.parametrize("role", ["cw2", "him", "other_supervisor"])
def test_a_merge_into_a_record_out_of_scope_is_refused(desk: Desk, role: str) -> None:
    dummy, proposal = _lookalike(desk, role)
    victim = desk.people["a"]
    response = desk.client(role).post(
        reverse("cases:duplicates", args=[dummy.pk]),
        {"proposal": proposal.pk, "decision": "merge"},
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=dummy.pk).merged_into_id is None
    assert DuplicateCandidate.objects.get(pk=proposal.pk).status == "proposed"
    # the victim's record stays closed to the attacker
    page = desk.client(role).get(reverse("cases:person", args=[victim.pk]))
    assert page.status_code == 404
    assert AuditEvent.objects.filter(action="merge").count() == 0
    assert AuditEvent.objects.filter(action="denied", username=role).exists()


def test_registering_a_lookalike_does_not_lead_to_the_duplicates_page(desk: Desk) -> None:
    response = desk.client("cw2").post(
        reverse("cases:register"),
        {
            "given_name": "Testa",
            "family_name": "Alpha",
            "gender": "female",
            "consent_case_management": "on",
        },
    )
    assert response.status_code == 302
    assert "/duplicates/" not in response["Location"]


def test_the_service_refuses_a_merge_without_rights_over_both_records(desk: Desk) -> None:
    _dummy, proposal = _lookalike(desk, "cw2")
    with pytest.raises(people.MergeRefused):
        people.person_merge(candidate=proposal, by=desk.users["cw2"])
    assert DuplicateCandidate.objects.get(pk=proposal.pk).status == "proposed"


@pytest.mark.parametrize("role", ["cw1", "dpo"])
def test_a_merge_with_rights_over_both_records_is_audited_as_a_merge(desk: Desk, role: str) -> None:
    dummy, proposal = _lookalike(desk, "cw1")
    response = desk.client(role).post(
        reverse("cases:duplicates", args=[dummy.pk]),
        {"proposal": proposal.pk, "decision": "merge"},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=dummy.pk).merged_into_id == desk.people["a"].pk
    event = AuditEvent.objects.get(action="merge")
    assert event.username == role
    assert event.object_id == str(desk.people["a"].pk)
    assert str(dummy.pk) in event.reason
