"""Registration with duplicate detection across scripts; merges only when a person confirms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from adilkent.cases.duplicates import Identity, find_duplicates, name_similarity
from adilkent.cases.models import Case, DuplicateCandidate, Person
from adilkent.cases.services import people
from adilkent.cases.transliterate import latin, skeleton

from .conftest import Desk, invented


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("محمد", "Muhammed"),  # Arabic script vs Turkish spelling
        ("محمد", "Mohammad"),
        ("حسين", "Hüseyin"),
        ("فاطمه", "Fatma"),  # Persian final he
        ("Олександр", "Oleksandr"),  # Ukrainian Cyrillic
        ("Наталья", "Natalya"),
    ],
)
def test_a_name_matches_its_spellings_in_other_scripts(written: str, typed: str) -> None:
    assert skeleton(written) == skeleton(typed)
    assert name_similarity((written,), (typed,)) >= 0.85


@pytest.mark.parametrize(("a", "b"), [("محمد", "Fatma"), ("Олександр", "Hüseyin")])
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert name_similarity((a,), (b,)) < 0.6


def test_transliteration_table_by_hand() -> None:
    assert latin("Олександр") == "oleksandr"
    assert latin("علي") == "li"  # ain has no Latin letter; the vowels are not written


def test_the_same_identity_number_is_proposed_whatever_the_name() -> None:
    new = Identity("n", ("Xyz Test",), identity_hash="h1")
    old = Identity("o", ("Completely Other",), identity_hash="h1")
    matches = find_duplicates(new, [old])
    assert [(m.key, m.reasons) for m in matches] == [("o", ("identity_number",))]


def test_registering_a_likely_duplicate_proposes_but_never_merges(desk: Desk) -> None:
    first, none = people.register_person(
        invented("محمد", "TEST", birth_year=1990), desk.users["cw1"]
    )
    assert none == []
    second, proposals = people.register_person(
        invented("Muhammed", "Test", birth_year=1991), desk.users["cw2"]
    )
    assert [p.existing_id for p in proposals] == [first.pk]
    assert "name" in proposals[0].reasons and "birth_year" in proposals[0].reasons
    # two records until somebody confirms
    assert Person.objects.get(pk=second.pk).merged_into is None
    assert Person.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_a_different_person_is_not_proposed(desk: Desk) -> None:
    people.register_person(invented("Олександр", "TEST", birth_year=1980), desk.users["cw1"])
    _, proposals = people.register_person(
        invented("Fatma", "Other", birth_year=1980), desk.users["cw1"]
    )
    assert proposals == []


def test_the_same_phone_with_other_punctuation_is_recognised(desk: Desk) -> None:
    a, _ = people.register_person(
        invented("Testone", phone="+90 (555) 000-0001"), desk.users["cw1"]
    )
    _, proposals = people.register_person(
        invented("Testone", phone="905550000001"), desk.users["cw1"]
    )
    assert proposals[0].existing_id == a.pk
    assert "phone" in proposals[0].reasons


def test_confirming_a_merge_moves_the_cases(desk: Desk) -> None:
    existing = desk.people["a"]
    dup, proposals = people.register_person(invented("Testa", "Alpha"), desk.users["cw1"])
    assert proposals and proposals[0].existing_id == existing.pk
    client = desk.client("cw1")
    page = client.get(reverse("cases:duplicates", args=[dup.pk]))
    assert page.status_code == 200
    client.post(
        reverse("cases:duplicates", args=[dup.pk]),
        {"proposal": proposals[0].pk, "decision": "merge"},
    )
    assert Person.objects.get(pk=dup.pk).merged_into_id == existing.pk
    assert DuplicateCandidate.objects.get(pk=proposals[0].pk).status == "merged"
    assert Case.objects.filter(person=existing).count() == 1


def test_registration_form_errors_are_specific(desk: Desk) -> None:
    response = desk.client("cw1").post(
        reverse("cases:register"),
        {
            "given_name": "",
            "nationality": "Syria",
            "birth_year": "1800",
            "phone": "abc",
            "gender": "female",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"given_name", "nationality", "birth_year", "phone"}
    assert Person.objects.count() == 3  # the fixture's three, nothing half-saved


def test_registration_through_the_form_with_an_arabic_name(desk: Desk) -> None:
    response = desk.client("cw1").post(
        reverse("cases:register"),
        {
            "given_name": "زينب",
            "family_name": "اختبار",
            "given_name_latin": "Zeynep",
            "family_name_latin": "Test",
            "birth_year": "1985",
            "gender": "female",
            "nationality": "sy",
            "languages": "ar",
            "interpreter_needed": "on",
            "consent_case_management": "on",
        },
    )
    person = Person.objects.order_by("-created_at").first()
    assert person is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:person", args=[person.pk])
    assert (person.given_name, person.nationality, person.interpreter_needed) == (
        "زينب",
        "SY",
        True,
    )
    assert person.consents.get().purpose == "case_management"
