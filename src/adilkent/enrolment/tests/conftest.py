"""An invented programme with two centres and a term, for the enrolment tests (no seed data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.enrolment.models import Centre, Group, PriorityRules, Term
from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

TODAY = dt.date(2026, 6, 1)
RULES = {
    "criteria": {
        "low_income": {"points": 3, "label": "Low household income"},
        "refugee_or_migrant": {"points": 2, "label": "Refugee or migrant family"},
        "single_parent": {"points": 1, "label": "Single parent"},
    }
}


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are asserted in English (the services speak the active language)."""
    with translation.override("en"):
        yield


@dataclass
class Setting:
    programme: Programme
    term: Term
    north: Centre
    south: Centre
    small: Group  # north, 36–53 months, 1 place
    big: Group  # north, 54–66 months, 2 places
    south_group: Group  # south, 36–66 months, 1 place
    mahalle: Mahalle


@pytest.fixture
def setting(db: None) -> Setting:
    programme = Programme.objects.create(slug="test-centres", name="Test centres", kind="centres")
    term = Term.objects.create(
        programme=programme,
        name="2026–2027",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 6, 30),
        applications_open_on=dt.date(2026, 5, 1),
        applications_close_on=dt.date(2026, 7, 31),
        max_choices=2,
        offer_days=7,
    )
    north = Centre.objects.create(programme=programme, name="North centre")
    south = Centre.objects.create(programme=programme, name="South centre")
    small = Group.objects.create(
        centre=north, term=term, label="small", min_age_months=36, max_age_months=53, capacity=1
    )
    big = Group.objects.create(
        centre=north, term=term, label="big", min_age_months=54, max_age_months=66, capacity=2
    )
    south_group = Group.objects.create(
        centre=south, term=term, label="all", min_age_months=36, max_age_months=66, capacity=1
    )
    PriorityRules.objects.create(
        programme=programme, version="2026-1", effective_from=dt.date(2026, 1, 1), rules=RULES
    )
    mahalle = make_mahalle(make_district("Testilçe"), "Testmahalle")
    return Setting(programme, term, north, south, small, big, south_group, mahalle)
