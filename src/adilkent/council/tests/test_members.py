"""The rule for children: a person under 18 becomes a member only after a guardian's consent
is recorded for the body (or a body it is part of), and within the body's age limits; adults
need no consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from adilkent.council import services
from adilkent.council.models import Member

from .conftest import TODAY, Council, born

pytestmark = pytest.mark.django_db


def add(council: Council, **given: Any) -> Member:
    values: dict[str, Any] = {
        "body": council.assembly, "full_name": "Deniz Uydurma", "role": "member",
        "term_from": TODAY, "term_to": None, "birth_date": born(12), "sex": "female",
        "listed": False, "phone": "0555 111 22 33", "email": "", "guardian_contact": "",
        "consent": None, "by": council.coordinator, "today": TODAY,
    }  # fmt: skip
    values.update(given)
    return services.body_member_add(**values)


def consent(council: Council, **given: Any) -> Any:
    values: dict[str, Any] = {
        "body": council.assembly, "child_name": "Deniz Uydurma", "child_birth_date": born(12),
        "guardian_name": "Ayşe Uydurma", "relation": "mother",
        "guardian_contact": "0555 999 88 77", "given_on": TODAY, "how": "signed_form",
        "by": council.coordinator, "today": TODAY,
    }  # fmt: skip
    values.update(given)
    return services.guardian_consent_record(**values)


def test_a_child_is_refused_without_a_guardians_consent_and_admitted_after(
    council: Council,
) -> None:
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council)
    assert refused.value.errors == {
        "consent": [
            "A child under 18 can become a member only after a parent's or guardian's "
            "consent is recorded. Record the consent first, then add the child with it."
        ]
    }
    assert not Member.objects.exists()

    given = consent(council)
    member = add(council, consent=given)
    assert (member.is_child, member.consent, member.body) == (True, given, council.assembly)
    # the guardian's contact comes with the consent when none is typed
    assert member.guardian_contact == "0555 999 88 77"


def test_the_assemblys_consent_covers_its_committees_but_not_another_body(
    council: Council,
) -> None:
    given = consent(council)
    assert add(council, body=council.committee, consent=given).body == council.committee
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council, body=council.transport, consent=given)
    assert refused.value.errors["consent"] == [
        "This consent does not cover this body, or it was withdrawn."
    ]
    given.withdrawn_on = TODAY
    given.save()
    with pytest.raises(services.CouncilInvalid):
        add(council, consent=given)


def test_the_consent_must_be_for_a_child_of_the_same_date_of_birth(council: Council) -> None:
    given = consent(council, child_birth_date=born(14))
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council, consent=given)
    assert refused.value.errors["consent"] == [
        "The consent is for a child with another date of birth."
    ]


def test_a_child_needs_consent_in_a_body_without_age_limits_too(council: Council) -> None:
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council, body=council.transport, birth_date=born(16))
    assert list(refused.value.errors) == ["consent"]


def test_the_age_limits_and_the_date_of_birth_they_need(council: Council) -> None:
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council, birth_date=born(19))
    assert refused.value.errors["birth_date"] == ["Members of this body are at most 17 years old."]
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council, birth_date=None)
    assert refused.value.errors["birth_date"] == [
        "This body has age limits: give the member's date of birth."
    ]


def test_an_adult_joins_a_working_group_without_consent(council: Council) -> None:
    member = add(
        council, body=council.transport, birth_date=born(40), listed=True, role="chair",
        term_to=TODAY + dt.timedelta(days=730),
    )  # fmt: skip
    assert (member.is_child, member.consent, member.role) == (False, None, "chair")
    # and without a date of birth at all, where the body has no age limits, once confirmed
    # 18 or older: otherwise a child could join without anyone noticing
    with pytest.raises(services.CouncilInvalid) as refused:
        add(council, body=council.transport, birth_date=None)
    assert "confirm that they are 18 or older" in refused.value.errors["birth_date"][0]
    adult = add(council, body=council.transport, birth_date=None, adult_confirmed=True)
    assert adult.is_child is False


def test_a_consent_is_for_a_child_and_says_who_when_and_how(council: Council) -> None:
    with pytest.raises(services.CouncilInvalid) as refused:
        consent(
            council, child_birth_date=born(18), guardian_name=" ", relation="neighbour",
            how="", given_on=TODAY + dt.timedelta(days=1),
        )  # fmt: skip
    assert set(refused.value.errors) == {
        "child_birth_date", "guardian_name", "relation", "how", "given_on",
    }  # fmt: skip


def test_contact_details_are_encrypted_at_rest(council: Council) -> None:
    from django.db import connection

    member = add(council, consent=consent(council), email="deniz@example.org")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, email, guardian_contact, full_name FROM council_member WHERE id = %s",
            [member.pk],
        )
        stored = cursor.fetchone()
    assert "0555" not in stored[0] and "example.org" not in stored[1]
    assert "0555" not in stored[2] and "Deniz" not in stored[3]


def test_retention_destroys_former_members_contacts(council: Council) -> None:
    from adilkent.cases.models import DestructionLog
    from adilkent.council.receivers import contacts_forget

    given = consent(council, given_on=TODAY - dt.timedelta(days=801))
    former = add(council, consent=given, term_from=TODAY - dt.timedelta(days=800),
                 term_to=TODAY - dt.timedelta(days=400))  # fmt: skip
    current = add(council, body=council.transport, birth_date=born(30))
    now = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    assert contacts_forget(now=now, by="retention") == 2  # the member and the consent
    former.refresh_from_db()
    current.refresh_from_db()
    given.refresh_from_db()
    assert (former.phone, former.guardian_contact, given.guardian_contact) == ("", "", "")
    assert former.full_name == "Deniz Uydurma" and given.guardian_name == "Ayşe Uydurma"
    assert current.phone == "0555 111 22 33"
    assert (
        DestructionLog.objects.filter(
            record_type="council member contacts", action="destroyed"
        ).count()
        == 1
    )
