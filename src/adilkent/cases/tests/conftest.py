"""Fixtures for the cases tests: a desk with one staff member per role and invented people.

Every person here is invented for the tests (clearly fictional names, "TEST" in the family
name, is_test_data=True); none resembles a real record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from adilkent.cases.models import Case, CaseType, Organisation, Person, Role, StaffProfile, Unit
from adilkent.cases.services import casework, people, referrals

User = get_user_model()


def make_user(username: str, role: str, unit: Unit) -> Any:
    user = User.objects.create_user(username=username, password="not-a-real-password-1")
    StaffProfile.objects.create(user=user, role=role, unit=unit)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def verified_client(user: Any) -> Client:
    """A client logged in and past two-factor verification.

    The session is marked verified exactly as ``django_otp.login`` marks it; the real code
    entry flow is tested on its own in test_auth.py.
    """
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def invented(given: str, family: str = "TEST", **extra: Any) -> people.PersonData:
    return people.PersonData(given_name=given, family_name=family, is_test_data=True, **extra)


@dataclass
class Desk:
    desk: Unit
    him: Unit
    partner_unit: Unit  # UNHCR
    other_partner_unit: Unit  # SGDD-ASAM
    users: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    referral: Any = None

    def client(self, name: str) -> Client:
        return verified_client(self.users[name])


@pytest.fixture
def desk(db: Any) -> Desk:
    """Seeded organisations (migration 0002) and one account per role.

    cw1 owns case "a" (referred to UNHCR with consent), cw2 owns case "b" (a protection case
    with a protection note), the HİM operator opened case "h".
    """
    municipality = Organisation.objects.get(is_municipality=True)
    d = Desk(
        desk=Unit.objects.get(organisation=municipality, name="Mülteci Masası"),
        him=Unit.objects.get(organisation=municipality, name="Hemşehri İletişim Merkezi (HİM)"),
        partner_unit=Unit.objects.get(name="UNHCR"),
        other_partner_unit=Unit.objects.get(name="SGDD-ASAM"),
    )
    other_unit = Unit.objects.create(organisation=municipality, name="Test Unit Elsewhere")
    d.users = {
        "cw1": make_user("cw1", Role.CASEWORKER, d.desk),
        "cw2": make_user("cw2", Role.CASEWORKER, d.desk),
        "supervisor": make_user("supervisor", Role.SUPERVISOR, d.desk),
        "other_supervisor": make_user("other_supervisor", Role.SUPERVISOR, other_unit),
        "him": make_user("him", Role.HIM_OPERATOR, d.him),
        "officer": make_user("officer", Role.UNIT_OFFICER, d.him),
        "partner": make_user("partner", Role.PARTNER, d.partner_unit),
        "other_partner": make_user("other_partner", Role.PARTNER, d.other_partner_unit),
        "dpo": make_user("dpo", Role.DPO, d.desk),
        "analyst": make_user("analyst", Role.ANALYST, d.desk),
    }
    legal = CaseType.objects.get(code="legal-aid")
    gbv = CaseType.objects.get(code="gbv")
    service = CaseType.objects.get(code="municipal-service")

    pa, _ = people.register_person(invented("Testa", "Alpha"), d.users["cw1"])
    pb, _ = people.register_person(invented("Testb", "Bravo"), d.users["cw2"])
    ph, _ = people.register_person(invented("Testh", "Hotel"), d.users["him"])
    d.people = {"a": pa, "b": pb, "h": ph}
    d.cases["a"] = casework.open_case(pa, legal, d.users["cw1"], "Invented summary A")
    d.cases["b"] = casework.open_case(pb, gbv, d.users["cw2"], "Invented summary B")
    d.cases["h"] = casework.open_case(ph, service, d.users["him"], "Invented summary H")
    casework.add_note(d.cases["b"], "Invented protection note", d.users["cw2"], "protection")
    casework.add_note(d.cases["h"], "Invented general note", d.users["him"], "general")
    people.record_consent(
        pa, "referral", d.users["cw1"], organisation_id=d.partner_unit.organisation_id
    )
    d.referral = referrals.refer(
        d.cases["a"], d.partner_unit, "Invented purpose", ["name", "languages"], d.users["cw1"]
    )
    return d
