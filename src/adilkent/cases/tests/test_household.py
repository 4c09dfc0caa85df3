"""Correcting a person's record and registering the household, through the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from adilkent.cases.crypto import keyed_hash
from adilkent.cases.models import AuditEvent, DuplicateCandidate, HouseholdLink, Person
from adilkent.cases.services import people

from .conftest import Desk, invented


def _form(person: Person, **changes: str) -> dict[str, str]:
    """The edit form as the browser would post it: the current values plus the changes."""
    data = people.person_data(person)
    form = {
        "given_name": data.given_name,
        "family_name": data.family_name,
        "given_name_latin": data.given_name_latin,
        "family_name_latin": data.family_name_latin,
        "birth_year": str(data.birth_year or ""),
        "gender": data.gender,
        "nationality": data.nationality,
        "languages": data.languages,
        "phone": data.phone,
    }
    form.update(changes)
    return form


def test_a_caseworker_corrects_the_phone_and_the_hash_follows(desk: Desk) -> None:
    person = desk.people["a"]
    url = reverse("cases:edit-person", args=[person.pk])
    page = desk.client("cw1").get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["given_name"] == "Testa"

    response = desk.client("cw1").post(url, _form(person, phone="+90 555 000 11 22"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+90 555 000 11 22"
    assert person.phone_hash == keyed_hash("+90 555 000 11 22", "phone")
    event = AuditEvent.objects.filter(view_name="cases:edit-person", action="update").get()
    assert (event.object_type, event.object_id, event.username) == ("person", str(person.pk), "cw1")


def test_an_unchanged_form_changes_nothing(desk: Desk) -> None:
    person = desk.people["a"]
    changed, candidates = people.update_person(
        person, people.person_data(person), desk.users["cw1"]
    )
    assert (changed, candidates) == ([], [])


def test_a_correction_that_matches_another_record_is_proposed_not_merged(desk: Desk) -> None:
    other, _ = people.register_person(
        invented("Testc", "Charlie", identity_number="99999999990"), desk.users["cw1"]
    )
    person = desk.people["a"]
    data = people.person_data(person)
    data.identity_number = "99999999990"
    changed, candidates = people.update_person(person, data, desk.users["cw1"])
    assert changed == ["identity_number"]
    assert [c.existing_id for c in candidates] == [other.pk]
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    # asking again proposes nothing new
    assert people.update_person(person, data, desk.users["cw1"]) == ([], [])
    assert DuplicateCandidate.objects.filter(person=person).count() == 1


def test_form_errors_on_edit_keep_the_record(desk: Desk) -> None:
    person = desk.people["a"]
    response = desk.client("cw1").post(
        reverse("cases:edit-person", args=[person.pk]), _form(person, given_name="", phone="x")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"given_name", "phone"}
    person.refresh_from_db()
    assert person.given_name == "Testa"


def test_a_household_member_is_registered_and_linked_both_ways(desk: Desk) -> None:
    person = desk.people["a"]
    url = reverse("cases:add-household-member", args=[person.pk])
    form = desk.client("cw1").get(url).context["form"]
    assert form.initial["family_name"] == "Alpha"  # proposed from the person's record
    response = desk.client("cw1").post(
        url,
        {
            "relationship": "child",
            "given_name": "Testkid",
            "family_name": "Alpha",
            "birth_year": "2019",
            "gender": "female",
        },
    )
    assert response.status_code == 302
    child = Person.objects.get(household__relative=person)
    assert child.given_name == "Testkid"
    assert HouseholdLink.objects.get(person=person, relative=child).relationship == "child"
    assert HouseholdLink.objects.get(person=child, relative=person).relationship == "parent"

    page = desk.client("cw1").get(reverse("cases:person", args=[person.pk])).content.decode()
    assert "Testkid" in page


def test_a_household_member_out_of_scope_is_listed_without_a_name(desk: Desk) -> None:
    person = desk.people["a"]
    # registered by cw2 (so not in cw1's scope), linked to cw1's person
    people.add_household_member(person, invented("Testsib", "Alpha"), "sibling", desk.users["cw2"])
    with translation.override("en"):
        url = reverse("cases:person", args=[person.pk])
    page = desk.client("cw1").get(url).content.decode()
    assert "Testsib" not in page
    assert "Sibling: a person registered by another unit" in page


def test_an_unknown_relationship_is_refused(desk: Desk) -> None:
    response = desk.client("cw1").post(
        reverse("cases:add-household-member", args=[desk.people["a"].pk]),
        {"relationship": "cousin", "given_name": "Testx", "gender": "male"},
    )
    assert response.status_code == 200
    assert "relationship" in response.context["form"].errors
    assert Person.objects.count() == 3
