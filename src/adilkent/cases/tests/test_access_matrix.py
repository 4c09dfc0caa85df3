"""Role × endpoint × object: every allowed access works, every other is refused.

The expectations are written out by hand from the access rules of the Refugee Desk
(docs/refugee-desk.md), not computed by the code under test: a caseworker sees the cases
assigned to them, a supervisor those of their unit, a HİM operator those they opened, unit
officers and partners only what was referred to them, the data protection officer everything,
the analyst no person at all. Records outside a user's scope answer 404 (nothing is revealed,
not even that the record exists); records in scope that a role may not act on answer 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from adilkent.cases.models import AuditEvent, Case, Referral
from adilkent.cases.services import casework

from .conftest import Desk

ROLES = [
    "cw1", "cw2", "supervisor", "other_supervisor", "him", "officer",
    "partner", "other_partner", "dpo", "analyst",
]  # fmt: skip


@dataclass(frozen=True)
class Expect:
    url: Callable[[Desk], str]
    ok: frozenset[str]  # 200
    forbidden: frozenset[str] = frozenset()  # 403: in scope, but not this action
    refusal: int = 404  # what everyone else gets


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


EVERYONE = _s(*ROLES)
DESK_STAFF = _s("cw1", "cw2", "supervisor", "other_supervisor", "him")

MATRIX: dict[str, Expect] = {
    "home": Expect(lambda d: reverse("cases:home"), EVERYONE),
    "register form": Expect(lambda d: reverse("cases:register"), DESK_STAFF, refusal=403),
    "find a person": Expect(
        lambda d: reverse("cases:find-person"), DESK_STAFF | _s("dpo"), refusal=403
    ),
    "person a": Expect(
        lambda d: reverse("cases:person", args=[d.people["a"].pk]), _s("cw1", "supervisor", "dpo")
    ),
    "person b": Expect(
        lambda d: reverse("cases:person", args=[d.people["b"].pk]), _s("cw2", "supervisor", "dpo")
    ),
    "person h": Expect(
        lambda d: reverse("cases:person", args=[d.people["h"].pk]), _s("him", "dpo")
    ),
    "case a": Expect(
        lambda d: reverse("cases:case", args=[d.cases["a"].pk]), _s("cw1", "supervisor", "dpo")
    ),
    "case b (protection)": Expect(
        lambda d: reverse("cases:case", args=[d.cases["b"].pk]), _s("cw2", "supervisor", "dpo")
    ),
    "case h": Expect(lambda d: reverse("cases:case", args=[d.cases["h"].pk]), _s("him", "dpo")),
    "correct the record of a": Expect(
        lambda d: reverse("cases:edit-person", args=[d.people["a"].pk]),
        _s("cw1", "supervisor"),
        forbidden=_s("dpo"),
    ),
    "add a household member to a": Expect(
        lambda d: reverse("cases:add-household-member", args=[d.people["a"].pk]),
        _s("cw1", "supervisor"),
        forbidden=_s("dpo"),
    ),
    "open case for a": Expect(
        lambda d: reverse("cases:open-case", args=[d.people["a"].pk]),
        _s("cw1", "supervisor"),
        forbidden=_s("dpo"),
    ),
    "refer case a": Expect(
        lambda d: reverse("cases:refer", args=[d.cases["a"].pk]),
        _s("cw1", "supervisor"),
        forbidden=_s("dpo"),
    ),
    "referral of a to UNHCR": Expect(
        lambda d: reverse("cases:referral", args=[d.referral.pk]),
        _s("cw1", "supervisor", "dpo", "partner"),
    ),
    "duplicates of a": Expect(
        lambda d: reverse("cases:duplicates", args=[d.people["a"].pk]),
        _s("cw1", "supervisor", "dpo"),
    ),
    "audit log": Expect(lambda d: reverse("cases:audit"), _s("dpo"), refusal=403),
    "audit export": Expect(lambda d: reverse("cases:audit-export"), _s("dpo"), refusal=403),
    "figures": Expect(
        lambda d: reverse("cases:figures"),
        _s("analyst", "supervisor", "other_supervisor", "dpo"),
        refusal=403,
    ),
    "inventory": Expect(
        lambda d: reverse("cases:inventory"),
        _s("dpo", "supervisor", "other_supervisor"),
        refusal=403,
    ),
    "export a (JSON)": Expect(
        lambda d: reverse("cases:export-json", args=[d.people["a"].pk]), _s("dpo"), refusal=403
    ),
    "erase a (form)": Expect(
        lambda d: reverse("cases:erase", args=[d.people["a"].pk]), _s("dpo"), refusal=403
    ),
}


def expected_status(expect: Expect, role: str) -> int:
    if role in expect.ok:
        return 200
    if role in expect.forbidden:
        return 403
    return expect.refusal


CELLS = [(endpoint, role) for endpoint in MATRIX for role in ROLES]


@pytest.mark.parametrize(("endpoint", "role"), CELLS, ids=[f"{e}-{r}" for e, r in CELLS])
def test_matrix(desk: Desk, endpoint: str, role: str) -> None:
    expect = MATRIX[endpoint]
    response = desk.client(role).get(expect.url(desk))
    assert response.status_code == expected_status(expect, role)


def test_anonymous_visitors_are_sent_to_the_login(desk: Desk) -> None:
    for name, expect in MATRIX.items():
        response = Client().get(expect.url(desk))
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name


def test_staff_without_two_factor_verification_are_sent_to_verify(desk: Desk) -> None:
    client = Client()
    client.force_login(desk.users["dpo"])
    for name, expect in MATRIX.items():
        response = client.get(expect.url(desk))
        assert response.status_code == 302, name
        assert response["Location"].endswith(reverse("cases:verify")), name


def test_a_superuser_without_a_cases_role_gets_nothing(desk: Desk) -> None:
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .conftest import verified_client

    admin = get_user_model().objects.create_superuser("root", password="x-not-real-1")
    TOTPDevice.objects.create(user=admin, name="t", confirmed=True)
    client = verified_client(admin)
    assert client.get(reverse("cases:home")).status_code == 403
    assert client.get(reverse("cases:case", args=[desk.cases["a"].pk])).status_code == 403


def test_guessing_a_case_id_reveals_nothing(desk: Desk) -> None:
    client = desk.client("cw2")
    someone_elses = client.get(reverse("cases:case", args=[desk.cases["a"].pk]))
    made_up = client.get(reverse("cases:case", args=[uuid.uuid4()]))
    assert someone_elses.status_code == made_up.status_code == 404
    assert someone_elses.content == made_up.content
    assert b"Invented summary A" not in someone_elses.content


def test_a_partner_cannot_see_a_case_not_referred_to_it(desk: Desk) -> None:
    partner = desk.client("partner")
    for key in ("a", "b", "h"):  # even the referred case itself: only the referral
        assert partner.get(reverse("cases:case", args=[desk.cases[key].pk])).status_code == 404
    assert (
        desk.client("other_partner")
        .get(reverse("cases:referral", args=[desk.referral.pk]))
        .status_code
        == 404
    )


def test_the_partner_sees_only_the_data_chosen_for_the_referral(desk: Desk) -> None:
    page = desk.client("partner").get(reverse("cases:referral", args=[desk.referral.pk]))
    text = page.content.decode()
    assert "Testa" in text  # the name was shared
    assert "Invented summary A" not in text  # the case summary was not


def test_a_him_operator_cannot_read_protection_notes(desk: Desk) -> None:
    casework.add_note(
        desk.cases["h"], "Invented restricted remark", desk.users["dpo"], "protection"
    )
    him_page = desk.client("him").get(reverse("cases:case", args=[desk.cases["h"].pk]))
    dpo_page = desk.client("dpo").get(reverse("cases:case", args=[desk.cases["h"].pk]))
    assert him_page.status_code == dpo_page.status_code == 200
    assert b"Invented general note" in him_page.content
    assert b"Invented restricted remark" not in him_page.content
    assert b"Invented restricted remark" in dpo_page.content
    # nor write one
    notes_before = desk.cases["h"].notes.count()
    response = desk.client("him").post(
        reverse("cases:add-note", args=[desk.cases["h"].pk]), {"kind": "protection", "body": "x"}
    )
    assert response.status_code == 403
    assert desk.cases["h"].notes.count() == notes_before


def test_an_analyst_cannot_reach_a_person(desk: Desk) -> None:
    client = desk.client("analyst")
    for person in desk.people.values():
        assert client.get(reverse("cases:person", args=[person.pk])).status_code == 404
    home = client.get(reverse("cases:home")).content.decode()
    for person in desk.people.values():
        assert person.given_name not in home
    figures = client.get(reverse("cases:figures")).content.decode()
    for person in desk.people.values():
        assert person.given_name not in figures


@pytest.mark.parametrize(
    ("role", "status", "state"),
    [
        ("partner", 302, "accepted"),
        ("other_partner", 404, "sent"),
        ("cw1", 403, "sent"),  # sees the referral, but is not its recipient
        ("officer", 404, "sent"),
        ("analyst", 404, "sent"),
    ],
)
def test_only_the_recipient_answers_a_referral(
    desk: Desk, role: str, status: int, state: str
) -> None:
    response = desk.client(role).post(
        reverse("cases:respond", args=[desk.referral.pk]), {"action": "accept"}
    )
    assert response.status_code == status
    assert Referral.objects.get(pk=desk.referral.pk).state == state


@pytest.mark.parametrize("role", ["cw2", "partner", "officer", "analyst", "other_supervisor"])
def test_changes_to_a_case_out_of_scope_are_refused(desk: Desk, role: str) -> None:
    case = desk.cases["a"]
    client = desk.client(role)
    before = AuditEvent.objects.filter(action="denied").count()
    assert client.post(reverse("cases:step", args=[case.pk]), {"step": "start"}).status_code == 404
    assert (
        client.post(
            reverse("cases:add-note", args=[case.pk]), {"kind": "general", "body": "y"}
        ).status_code
        == 404
    )
    assert Case.objects.get(pk=case.pk).state == "open"
    assert Case.objects.get(pk=case.pk).notes.count() == 0
    assert AuditEvent.objects.filter(action="denied").count() == before + 2
