"""Referrals need consent (or a flagged override) and share only what was chosen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from adilkent.cases.models import Referral
from adilkent.cases.selectors import shared_view
from adilkent.cases.services import people, referrals

from .conftest import Desk


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Service messages are checked in English (the pages are checked in Turkish)."""
    with translation.override("en"):
        yield


def test_a_referral_without_consent_is_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="consented"):
        referrals.refer(desk.cases["b"], desk.partner_unit, "p", ["name"], desk.users["cw2"])


def test_an_override_needs_a_reason_and_is_flagged(desk: Desk) -> None:
    referral = referrals.refer(
        desk.cases["b"], desk.partner_unit, "p", [], desk.users["cw2"],
        override_reason="imminent risk, test",
    )  # fmt: skip
    assert referral.consent_overridden and referral.consent is None
    assert referral.consent_override_reason == "imminent risk, test"


def test_consent_to_one_organisation_does_not_cover_another(desk: Desk) -> None:
    with pytest.raises(ValidationError):
        referrals.refer(desk.cases["a"], desk.other_partner_unit, "p", ["name"], desk.users["cw1"])


def test_withdrawing_consent_withdraws_open_referrals(desk: Desk) -> None:
    consent = desk.referral.consent
    people.withdraw_consent(consent, desk.users["cw1"])
    assert Referral.objects.get(pk=desk.referral.pk).state == "withdrawn"


def test_only_chosen_fields_are_shared(desk: Desk) -> None:
    referral = Referral.objects.get(pk=desk.referral.pk)
    assert set(shared_view(referral)) == {"name", "name_latin", "languages", "interpreter_needed"}


def test_unknown_fields_are_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="Unknown"):
        referrals.refer(desk.cases["a"], desk.partner_unit, "p", ["passport"], desk.users["cw1"])


def test_the_partner_accepts_then_completes_with_feedback(desk: Desk) -> None:
    client = desk.client("partner")
    url = reverse("cases:respond", args=[desk.referral.pk])
    client.post(url, {"action": "complete", "text": "early"})  # not accepted yet
    assert Referral.objects.get(pk=desk.referral.pk).state == "sent"
    client.post(url, {"action": "accept"})
    client.post(url, {"action": "complete", "text": ""})  # feedback is required
    assert Referral.objects.get(pk=desk.referral.pk).state == "accepted"
    client.post(url, {"action": "complete", "text": "Invented feedback"})
    done = Referral.objects.get(pk=desk.referral.pk)
    assert done.state == "completed" and done.feedback == "Invented feedback"


def test_declining_needs_a_reason(desk: Desk) -> None:
    with pytest.raises(ValidationError):
        referrals.respond(
            Referral.objects.get(pk=desk.referral.pk), "decline", desk.users["partner"]
        )
    r = referrals.respond(
        Referral.objects.get(pk=desk.referral.pk), "decline", desk.users["partner"], "no capacity"
    )
    assert r.state == "declined" and r.decline_reason == "no capacity"


def test_refer_through_the_form_shows_the_consent_error(desk: Desk) -> None:
    response = desk.client("cw2").post(
        reverse("cases:refer", args=[desk.cases["b"].pk]),
        {"to_unit": desk.partner_unit.pk, "purpose": "p", "shared_fields": ["name"]},
    )
    assert response.status_code == 200
    assert "consented to sharing with UNHCR" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert not Referral.objects.filter(case=desk.cases["b"]).exists()
