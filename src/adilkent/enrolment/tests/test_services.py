"""Applications are checked with clear reasons; rounds offer places by rank; answers and
cancellations move the line; nothing is changed by bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from adilkent.allocation.lottery import lottery_number
from adilkent.enrolment import selectors
from adilkent.enrolment.models import AllocationRun, Application, Placement
from adilkent.enrolment.services import (
    ChildInput,
    EnrolmentInvalid,
    Submitted,
    age_in_months,
    allocation_round,
    application_submit,
    offer_answer,
    offers_expire,
    placement_cancel,
)

from .conftest import TODAY, Setting

NOW = dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def in_english() -> Any:
    with translation.override("en"):
        yield


def _submit(
    s: Setting,
    *children: tuple[str, str],
    centres: list[Any] | None = None,
    groups: list[str] | None = None,
    **extra: Any,
) -> Submitted:
    fields: dict[str, Any] = {
        "term": s.term,
        "guardian_name": "Invented Guardian",
        "guardian_phone": "0555 000 00 00",
        "guardian_email": "",
        "children": [ChildInput(name, born) for name, born in children],
        "centre_ids": [c.pk for c in (centres if centres is not None else [s.north, s.south])],
        "mahalle_id": s.mahalle.pk,
        "priority_groups": groups or [],
        "language": "ar",
        "today": TODAY,
    }
    fields.update(extra)
    return application_submit(**fields)


def _apply(s: Setting, *children: tuple[str, str], **extra: Any) -> list[Application]:
    return _submit(s, *children, **extra).applications


def test_age_in_whole_months() -> None:
    assert age_in_months(dt.date(2023, 3, 15), dt.date(2026, 3, 15)) == 36
    assert age_in_months(dt.date(2023, 3, 15), dt.date(2026, 3, 14)) == 35
    assert age_in_months(dt.date(2022, 9, 1), dt.date(2026, 9, 1)) == 48


def test_a_guardian_applies_for_two_children_to_two_centres(setting: Setting) -> None:
    first, second = _apply(
        setting, ("Ayşe", "2022-09-01"), ("Deniz", "2021-09-01"), groups=["low_income"]
    )
    assert first.public_id != second.public_id and first.public_id.startswith("E-")
    assert [c.centre for c in first.choices.all()] == [setting.north, setting.south]
    stored = Application.objects.get(pk=first.pk)
    assert (stored.child_name, stored.child_birth_date, stored.preferred_language) == (
        "Ayşe",
        "2022-09-01",
        "ar",
    )


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"children": [ChildInput("Küçük", "2025-01-01")]}, "child_1", "will be 20 months old"),
        ({"children": [ChildInput("Tarih", "2022-02-30")]}, "child_1", "date of birth"),
        ({"children": [ChildInput("Gelecek", "2027-01-01")]}, "child_1", "in the future"),
        ({"children": []}, "children", "Add the child"),
        ({"centre_ids": [999_999]}, "centres", "does not take applications"),
        ({"centre_ids": []}, "centres", "at least one centre"),
        ({"mahalle_id": None}, "mahalle", "mahalle in İzmir"),
        ({"mahalle_id": 999_999}, "mahalle", "mahalle in İzmir"),
        (
            {"guardian_phone": "", "guardian_email": ""},
            "guardian_phone",
            "phone number or an e-mail",
        ),
        ({"priority_groups": ["vip"]}, "priority_groups", "Unknown group: vip"),
        ({"today": dt.date(2026, 8, 1)}, "term", "are taken from"),
    ],
)
def test_bad_applications_say_why_and_store_nothing(
    setting: Setting, change: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(EnrolmentInvalid) as raised:
        _apply(setting, ("Ayşe", "2022-09-01"), **change)
    assert words in " ".join(raised.value.errors[field])
    assert not Application.objects.exists()


def test_too_many_or_repeated_centres(setting: Setting) -> None:
    with pytest.raises(EnrolmentInvalid, match="at most 2 centres"):
        _apply(
            setting, ("Ayşe", "2022-09-01"), centres=[setting.north, setting.south, setting.north]
        )
    with pytest.raises(EnrolmentInvalid, match="chosen once"):
        _apply(setting, ("Ayşe", "2022-09-01"), centres=[setting.north, setting.north])


def test_a_second_application_for_the_same_child_is_refused(setting: Setting) -> None:
    _apply(setting, ("Ayşe", "2022-09-01"))
    with pytest.raises(EnrolmentInvalid, match="already an application for this child"):
        _apply(setting, ("AYŞE", "2022-09-01"), guardian_name="Someone else")
    assert Application.objects.count() == 1


def test_a_round_offers_by_points_then_lottery_and_records_why(setting: Setting) -> None:
    """Three children of 48 months want North first (1 place in their group), South second
    (1 place). The one with points gets North; of the two without, the lottery decides South."""
    poor = _apply(setting, ("Ali", "2022-09-01"), groups=["low_income"])[0]
    a = _apply(setting, ("Banu", "2022-09-01"))[0]
    b = _apply(setting, ("Cem", "2022-09-01"))[0]
    run, offers = allocation_round(term=setting.term, reason="first round", now=NOW)
    setting.term.refresh_from_db()
    seed = setting.term.lottery_seed
    assert seed and setting.term.seed_published_at == NOW and run.seed == seed
    by_app = {o.application_id: o for o in offers}
    assert by_app[poor.pk].group == setting.small and by_app[poor.pk].choice_order == 1
    lucky, unlucky = sorted([a, b], key=lambda x: lottery_number(seed, x.public_id))
    assert by_app[lucky.pk].group == setting.south_group and unlucky.pk not in by_app
    poor.refresh_from_db()
    assert (poor.priority_points, poor.priority_reasons, poor.rules_version) == (
        3,
        [["low_income", 3]],
        "2026-1",
    )
    assert (run.offers, run.waiting) == (2, 1)
    # first in line for both centres: those who hold an offer are not moved up, so `lucky`
    # (offered South, their second choice) no longer waits for North
    assert selectors.waiting_positions(unlucky) == [(1, 1), (2, 1)]
    assert by_app[lucky.pk].expires_at == NOW + dt.timedelta(days=7)


def test_declining_moves_the_next_in_line_up_and_ends_that_wait(setting: Setting) -> None:
    first = _submit(setting, ("Ali", "2022-09-01"), groups=["low_income"], centres=[setting.north])
    (second,) = _apply(setting, ("Banu", "2022-09-01"), centres=[setting.north])
    _run, (offer,) = allocation_round(term=setting.term, reason="first", now=NOW)
    assert offer.application == first.applications[0]
    offer_answer(
        follow_code=first.follow_code,
        placement_id=offer.pk,
        accept=False,
        now=NOW + dt.timedelta(days=1),
    )
    held = Placement.objects.get(application=second)
    assert held.state == Placement.State.OFFERED and held.group == setting.small
    # the child whose offer was declined is not offered that centre again
    assert not Placement.objects.filter(application=offer.application, state="offered").exists()
    assert AllocationRun.objects.filter(reason="offer declined").count() == 1


def test_accepting_then_cancelling_gives_the_place_to_the_next(setting: Setting) -> None:
    first = _submit(setting, ("Ali", "2022-09-01"), groups=["low_income"], centres=[setting.north])
    (second,) = _apply(setting, ("Banu", "2022-09-01"), centres=[setting.north])
    _run, (offer,) = allocation_round(term=setting.term, reason="first", now=NOW)
    accepted = offer_answer(
        follow_code=first.follow_code, placement_id=offer.pk, accept=True, now=NOW
    )
    assert accepted.state == Placement.State.ACCEPTED
    assert selectors.waiting_positions(second) == [(1, 1)]
    placement_cancel(placement=accepted, reason="the family moved", now=NOW + dt.timedelta(days=30))
    assert Placement.objects.get(application=second).state == Placement.State.OFFERED
    assert Placement.objects.get(application=offer.application).reason == "the family moved"


def test_offer_answers_that_cannot_be_taken_say_why_and_change_nothing(setting: Setting) -> None:
    first = _submit(setting, ("Ali", "2022-09-01"), groups=["low_income"], centres=[setting.north])
    other = _submit(setting, ("Banu", "2022-09-01"), centres=[setting.north])
    _run, (offer,) = allocation_round(term=setting.term, reason="first", now=NOW)
    assert offer.application == first.applications[0]
    for code in (other.follow_code, "MADE-UP0-CODE", ""):  # someone else's offer, a wrong code
        with pytest.raises(EnrolmentInvalid, match="no such offer for this code"):
            offer_answer(follow_code=code, placement_id=offer.pk, accept=True, now=NOW)
    assert Placement.objects.get(pk=offer.pk).state == Placement.State.OFFERED
    late = NOW + dt.timedelta(days=8)
    with pytest.raises(EnrolmentInvalid, match="expired on"):
        offer_answer(follow_code=first.follow_code, placement_id=offer.pk, accept=True, now=late)
    assert Placement.objects.get(pk=offer.pk).state == Placement.State.EXPIRED
    # the place went to the other child at once
    assert Placement.objects.get(state="offered").application == other.applications[0]
    with pytest.raises(EnrolmentInvalid, match="already answered or has ended"):
        offer_answer(follow_code=first.follow_code, placement_id=offer.pk, accept=True, now=late)


def test_one_follow_code_opens_the_children_applied_for_together(setting: Setting) -> None:
    together = _submit(setting, ("Ayşe", "2022-09-01"), ("Deniz", "2021-09-01"))
    _submit(setting, ("Banu", "2022-09-01"))
    found = selectors.applications_by_code(together.follow_code.lower())
    assert [a.child_name for a in found] == ["Ayşe", "Deniz"]
    assert selectors.applications_by_code("WRONG-CODE-0000") == []
    raw = Application.objects.values_list("follow_hash", flat=True)
    assert together.follow_code not in repr(list(raw))


def test_the_expiry_job_ends_late_offers_and_offers_the_places_again(setting: Setting) -> None:
    _apply(setting, ("Ali", "2022-09-01"), centres=[setting.north])
    _apply(setting, ("Banu", "2022-09-01"), centres=[setting.north])
    allocation_round(term=setting.term, reason="first", now=NOW)
    assert offers_expire(now=NOW + dt.timedelta(days=6)) == 0
    assert offers_expire(now=NOW + dt.timedelta(days=8)) == 1
    states = sorted(Placement.objects.values_list("state", flat=True))
    assert states == ["expired", "offered"]


def test_a_phone_application_entered_by_staff(setting: Setting, django_user_model: Any) -> None:
    staff = django_user_model.objects.create_user("desk")
    (application,) = _apply(setting, ("Ali", "2022-09-01"), channel="phone", entered_by=staff)
    assert (application.channel, application.entered_by) == ("phone", staff)
    assert timezone.is_aware(application.created_at)


def test_the_seed_centres_load_once_with_their_sources(db: None) -> None:
    from django.core.management import call_command

    from adilkent.enrolment.models import Centre
    from adilkent.enrolment.seed import centre_specs

    call_command("load_programmes", verbosity=0)
    specs = centre_specs()
    names = {s.name for s in specs}
    assert {"Uzundere ÇOGEM", "Limontepe ÇOGEM", "Kadifekale Masal Evi"} <= names
    assert "Menemen Çocuk ve Ebeveyn Etkinlik Merkezi" in names
    assert sum(s.programme == "cogem" for s in specs) == 9  # "there are 9 ÇOGEM centers"
    call_command("load_centres", verbosity=0)
    call_command("load_centres", verbosity=0)
    assert Centre.objects.count() == len(specs)
    centre = Centre.objects.get(name="Uzundere ÇOGEM")
    assert centre.facility is None and "seed 001" in centre.source and "7-14" in centre.source


def test_an_offer_is_sent_to_the_guardian_in_their_language(
    setting: Setting, settings: Any
) -> None:
    from django.core import mail

    from adilkent.intake.models import Notification
    from adilkent.intake.notify import send

    settings.PUBLIC_BASE_URL = "https://adilkent.example.org"
    (child,) = _apply(
        setting, ("Ali", "2022-09-01"), centres=[setting.north], guardian_email="veli@example.org"
    )
    allocation_round(term=setting.term, reason="first", now=NOW)
    queued = {n.channel: n for n in Notification.objects.all()}
    assert set(queued) == {"sms", "email"} and queued["email"].target == child
    assert queued["email"].request is None
    assert send(queued["email"].pk) == "sent" and send(queued["sms"].pk) == "sent"
    (message,) = mail.outbox
    assert message.to == ["veli@example.org"]
    assert "Ali" in message.body and "North centre" in message.body
    assert "https://adilkent.example.org/ar/enrolment/status/" in message.body  # Arabic link
    assert "HİM (153)" in message.body


def test_the_mahalle_s_need_rank_gives_the_points_the_rules_say(setting: Setting) -> None:
    """The rules name the Measure pillar's need index of a service type; a mahalle among the
    10 % most in need gets the band's points, with the reason."""
    from adilkent.analytics.models import AccessAnalysis
    from adilkent.core.tests.factories import make_facility_type
    from adilkent.enrolment.models import PriorityRules

    kind = make_facility_type("child-centre", "Child centres")
    AccessAnalysis.objects.create(
        facility_type=kind,
        status=AccessAnalysis.Status.DONE,
        finished_at=NOW,
        results={"need_ranks": {str(setting.mahalle.pk): 3}, "mahalle_measured": 100},
    )
    rules = PriorityRules.objects.get()
    rules.rules = {
        **rules.rules,
        "need_index": "child-centre",
        "need_bands": [{"within": 0.1, "points": 2}],
    }
    rules.save()
    (needy,) = _apply(setting, ("Ali", "2022-09-01"))
    allocation_round(term=setting.term, reason="first", now=NOW)
    needy.refresh_from_db()
    assert (needy.priority_points, needy.priority_reasons) == (2, [["need_within_0.1", 2]])
