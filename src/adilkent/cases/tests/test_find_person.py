"""Finding a registered person again: in scope only, across scripts, never through the URL."""

from __future__ import annotations

from django.urls import reverse

from adilkent.cases.models import AuditEvent
from adilkent.cases.selectors import find_people
from adilkent.cases.services import people

from .conftest import Desk, invented


def _names(found: list) -> set[str]:  # type: ignore[type-arg]
    return {p.given_name for p in found}


def test_a_name_is_found_in_its_own_script_in_latin_letters_and_by_its_beginning(
    desk: Desk,
) -> None:
    cw1 = desk.users["cw1"]
    people.register_person(
        invented("محمد", "اختبار", given_name_latin="Muhammed", phone="+90 555 123 45 67"), cw1
    )
    people.register_person(invented("Олександр", "Тестенко"), cw1)
    assert _names(find_people(cw1, "محمد")) == {"محمد"}
    assert _names(find_people(cw1, "muhammed")) == {"محمد"}
    assert _names(find_people(cw1, "Mohammad")) == {"محمد"}  # by the spelling skeleton
    assert _names(find_people(cw1, "oleks")) == {"Олександр"}  # Cyrillic, by its beginning
    assert _names(find_people(cw1, "+90 (555) 123-45-67")) == {"محمد"}  # by the phone hash
    assert _names(find_people(cw1, "Testa Alpha")) == {"Testa"}  # the fixture's person a
    assert find_people(cw1, "Testa Bravo") == []  # every word must match
    assert find_people(cw1, "   ") == []


def test_people_out_of_scope_are_never_found(desk: Desk) -> None:
    # person b belongs to cw2's case: cw1 cannot find them, cw2 and the supervisor can
    assert find_people(desk.users["cw1"], "Testb") == []
    assert _names(find_people(desk.users["cw2"], "Testb")) == {"Testb"}
    assert _names(find_people(desk.users["supervisor"], "Testb")) == {"Testb"}
    assert find_people(desk.users["partner"], "Testb") == []
    assert find_people(desk.users["analyst"], "Testb") == []


def test_the_search_page_posts_so_the_name_stays_out_of_addresses_and_the_log(desk: Desk) -> None:
    client = desk.client("cw1")
    url = reverse("cases:find-person")
    page = client.post(url, {"query": "Testa"})
    assert page.status_code == 200
    assert [p.given_name for p in page.context["results"]] == ["Testa"]
    assert reverse("cases:person", args=[desk.people["a"].pk]) in page.content.decode()
    event = AuditEvent.objects.filter(view_name="cases:find-person").latest("at")
    assert event.object_type == "person search" and event.username == "cw1"
    assert "Testa" not in event.path and "Testa" not in event.reason
    # an empty query is a form error, not a list of everyone
    empty = client.post(url, {"query": ""})
    assert empty.context["results"] is None and "query" in empty.context["form"].errors
