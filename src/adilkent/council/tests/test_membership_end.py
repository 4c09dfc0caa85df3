"""Ending a membership and a guardian's withdrawn consent: the child's memberships on that
consent end the day it is withdrawn; dates out of order are refused; the pages do both for the
body's coordinator only. Every person here is invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from adilkent.council import services
from adilkent.council.models import GuardianConsent, Member
from adilkent.council.services import CouncilInvalid

from .conftest import Council, born, signed_in

pytestmark = pytest.mark.django_db


def _child_with_consent(council: Council, today: dt.date) -> tuple[Member, GuardianConsent]:
    consent = services.guardian_consent_record(
        body=council.assembly, child_name="Deniz Uydurma", child_birth_date=born(12, today),
        guardian_name="Anne Uydurma", relation="mother", guardian_contact="0555 999 99 99",
        given_on=today - dt.timedelta(days=40), how="signed_form", by=None, today=today,
    )  # fmt: skip
    member = services.body_member_add(
        body=council.committee, full_name="Deniz Uydurma", role="member",
        term_from=today - dt.timedelta(days=30), term_to=None, birth_date=born(12, today),
        sex="female", listed=False, consent=consent, by=None, today=today,
    )  # fmt: skip
    return member, consent


def test_a_withdrawn_consent_ends_the_childs_membership_that_day(council: Council) -> None:
    today = timezone.localdate()
    member, consent = _child_with_consent(council, today)
    assert member.is_current(today)
    ended = services.guardian_consent_withdraw(
        consent=consent, withdrawn_on=today - dt.timedelta(days=1), by=None, today=today
    )
    member.refresh_from_db()
    assert ended == [member] and member.term_to == today - dt.timedelta(days=1)
    assert not member.is_current(today)
    # the consent can no longer admit the child
    with pytest.raises(CouncilInvalid, match="withdrawn"):
        services.body_member_add(
            body=council.assembly, full_name="Deniz Uydurma", role="member", term_from=today,
            term_to=None, birth_date=born(12, today), sex="female", listed=False,
            consent=consent, by=None, today=today,
        )  # fmt: skip
    with pytest.raises(CouncilInvalid, match="already withdrawn"):
        services.guardian_consent_withdraw(consent=consent, withdrawn_on=today, by=None)


def test_dates_out_of_order_are_refused(council: Council) -> None:
    today = timezone.localdate()
    member, consent = _child_with_consent(council, today)
    with pytest.raises(CouncilInvalid, match="before the consent"):
        services.guardian_consent_withdraw(
            consent=consent, withdrawn_on=consent.given_on - dt.timedelta(days=1), by=None
        )
    with pytest.raises(CouncilInvalid, match="future"):
        services.guardian_consent_withdraw(
            consent=consent, withdrawn_on=today + dt.timedelta(days=1), by=None, today=today
        )
    with pytest.raises(CouncilInvalid, match="before it began"):
        services.member_term_end(
            member=member, ended_on=member.term_from - dt.timedelta(days=1), by=None
        )
    services.member_term_end(member=member, ended_on=today, by=None)
    with pytest.raises(CouncilInvalid, match="already ended"):
        services.member_term_end(member=member, ended_on=today + dt.timedelta(days=5), by=None)


def test_the_pages_end_a_membership_and_record_a_withdrawal(
    council: Council, django_user_model: Any
) -> None:
    today = timezone.localdate()
    member, consent = _child_with_consent(council, today)
    adult = services.body_member_add(
        body=council.transport, full_name="Yetişkin Uydurma", role="member", term_from=today,
        term_to=None, birth_date=None, adult_confirmed=True, sex="male", listed=False, by=None,
    )  # fmt: skip
    stranger = signed_in(django_user_model.objects.create_user("stranger", is_staff=True))
    end_url = f"/en/council/staff/member/{adult.pk}/end/"
    assert stranger.post(end_url, {f"end{adult.pk}-ended_on": today}).status_code == 404
    adult.refresh_from_db()
    assert adult.term_to is None

    client = signed_in(council.coordinator)
    answer = client.post(end_url, {f"end{adult.pk}-ended_on": today.isoformat()}, follow=True)
    adult.refresh_from_db()
    assert adult.term_to == today and "membership ends on" in answer.content.decode()

    bad = client.post(
        f"/en/council/staff/consent/{consent.pk}/withdraw/",
        {f"withdraw{consent.pk}-withdrawn_on": (today + dt.timedelta(days=3)).isoformat()},
        follow=True,
    )
    assert "cannot be dated in the future" in bad.content.decode()
    client.post(
        f"/en/council/staff/consent/{consent.pk}/withdraw/",
        {f"withdraw{consent.pk}-withdrawn_on": today.isoformat()},
    )
    member.refresh_from_db()
    consent.refresh_from_db()
    assert consent.withdrawn_on == today and member.term_to == today
