"""The example calls of ``data/calls.yaml`` (a volunteer call and a micro-grant call) over an
invented district pair, opened around a fixed day; messages asserted in English. Shared by all
tests of calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from adilkent.calls.models import Call
from adilkent.calls.seed import load_example_calls
from adilkent.core.tests.factories import make_district, make_mahalle
from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Calls:
    volunteer: Call
    grant: Call
    mahalle: Mahalle
    other_mahalle: Mahalle  # in another district


@pytest.fixture
def calls(db: None) -> Calls:
    """Both example calls, open on :data:`TODAY` and on the real today (they open ten days
    before the day given and close thirty days after; loaded for the real today)."""
    for slug, name in (
        ("esit-izmir-volunteers", "Eşit İzmir"),
        ("wri-social-incubation", "Social Incubation"),
    ):
        Programme.objects.get_or_create(slug=slug, defaults={"name": name, "kind": "programme"})
    konak = make_district("Konak")
    bayrakli = make_district("Bayraklı")
    mahalle = make_mahalle(konak, "Alsancak")
    other = make_mahalle(bayrakli, "Mansuroğlu")
    from django.utils import timezone

    made = {c.kind: c for c in load_example_calls(today=timezone.localdate())}
    return Calls(made[Call.Kind.VOLUNTEER], made[Call.Kind.GRANT], mahalle, other)
