"""Enrolment feeds the programme pages' measured indicators: applications by channel, offers
by what became of them, places taken by priority."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from adilkent.enrolment.services import (
    ChildInput,
    allocation_round,
    application_submit,
    offer_answer,
)
from adilkent.programmes.measured import BY_KEY, Window, cell_label

from .conftest import TODAY, Setting

pytestmark = pytest.mark.django_db


def test_the_measured_indicators_count_the_records(setting: Setting) -> None:
    setting.programme.slug = "cogem"
    setting.programme.save()
    codes = []
    for name, groups, channel in (
        ("Ali", ["low_income"], "web"),
        ("Banu", [], "phone"),
        ("Cem", [], "web"),
    ):
        submitted = application_submit(
            term=setting.term, guardian_name="G", guardian_phone="1", guardian_email="",
            children=[ChildInput(name, "2022-09-01")], centre_ids=[setting.north.pk, setting.south.pk],
            mahalle_id=setting.mahalle.pk, priority_groups=groups, language="tr", channel=channel,
            today=TODAY,
        )  # fmt: skip
        codes.append(submitted)
    _run, offers = allocation_round(term=setting.term, reason="test")
    by_app = {o.application_id: o for o in offers}
    for submitted in codes:
        offer = by_app.get(submitted.applications[0].pk)
        if offer is not None:
            offer_answer(follow_code=submitted.follow_code, placement_id=offer.pk, accept=True)
    now = timezone.localdate()
    window = Window(dt.date(now.year, 1, 1), now + dt.timedelta(days=1))
    applications = BY_KEY["records-cogem-applications"].count(window)
    assert applications == {"enrolment-channel:web": 2, "enrolment-channel:phone": 1}
    offered = BY_KEY["records-cogem-offers"].count(window)
    assert offered == {"offer:accepted": 2}  # two places (North small, South), three children
    places = BY_KEY["records-cogem-places-priority"].count(window)
    assert places == {"priority:priority": 1, "priority:none": 1}
    with translation.override("en"):
        assert cell_label("offer:accepted") == "accepted"
        assert cell_label("priority:priority") == "With priority points"
