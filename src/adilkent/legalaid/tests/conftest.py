"""Fixtures for the Legal Aid Vehicle tests: stops in a small city and one account per role.

Every name and phone number here is invented for the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.cases.models import Organisation, Role, Unit
from adilkent.cases.tests.conftest import make_user, verified_client
from adilkent.core.tests.factories import small_city
from adilkent.legalaid.models import Stop
from adilkent.legalaid.services import BookingRequest, book


def future_day(days: int = 7) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_stop(mahalle: Any, day: dt.date, **extra: Any) -> Stop:
    values = {"start_time": dt.time(9, 0), "end_time": dt.time(12, 0), "slot_minutes": 45}
    values.update(extra)
    return Stop.objects.create(mahalle=mahalle, date=day, **values)


def request(slot: str = "09:00", **extra: Any) -> BookingRequest:
    hours, minutes = slot.split(":")
    values: dict[str, Any] = {
        "slot_time": dt.time(int(hours), int(minutes)),
        "name": "Testname Invented",
        "phone": "+90 555 000 00 01",
        "preferred_language": "fa",
        "topic": "residence",
    }
    values.update(extra)
    return BookingRequest(**values)


@dataclass
class Vehicle:
    city: dict[str, Any]
    stops: dict[str, Stop]
    users: dict[str, Any] = field(default_factory=dict)
    appointments: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)

    def client(self, name: str) -> Client:
        return verified_client(self.users[name])


@pytest.fixture
def vehicle(db: Any) -> Vehicle:
    """Two stops a week ahead: "bahariye" (lawyer1 assigned) and "yamanlar" (lawyer2), with
    one booking each; accounts for every role of the cases area plus the two lawyers."""
    city = small_city()
    municipality = Organisation.objects.get(is_municipality=True)
    desk = Unit.objects.get(organisation=municipality, name="Mülteci Masası")
    him = Unit.objects.get(organisation=municipality, name="Hemşehri İletişim Merkezi (HİM)")
    bar = Unit.objects.get(name="Adli Yardım")
    v = Vehicle(
        city=city,
        stops={
            "bahariye": make_stop(city["bahariye"], future_day(7)),
            "yamanlar": make_stop(city["yamanlar"], future_day(8)),
        },
    )
    v.users = {
        "lawyer1": make_user("lawyer1", Role.PARTNER, bar),
        "lawyer2": make_user("lawyer2", Role.PARTNER, bar),
        "unhcr": make_user("unhcr", Role.PARTNER, Unit.objects.get(name="UNHCR")),
        "caseworker": make_user("caseworker", Role.CASEWORKER, desk),
        "supervisor": make_user("supervisor", Role.SUPERVISOR, desk),
        "him": make_user("him", Role.HIM_OPERATOR, him),
        "officer": make_user("officer", Role.UNIT_OFFICER, him),
        "dpo": make_user("dpo", Role.DPO, desk),
        "analyst": make_user("analyst", Role.ANALYST, desk),
    }
    v.stops["bahariye"].lawyers.add(v.users["lawyer1"])
    v.stops["yamanlar"].lawyers.add(v.users["lawyer2"])
    for key, stop in v.stops.items():
        appointment, code = book(
            stop.pk, request(name=f"Invented {key.title()}", phone=f"+90 555 111 22 {len(key)}")
        )
        v.appointments[key] = appointment
        v.codes[key] = code
    return v


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Addresses and messages in English unless a test asks for another language."""
    from django.utils import translation

    with translation.override("en"):
        yield
