"""The public booking cannot be emptied by one client, never takes a seat without its audit
row, and keeps the receipt code out of the session in clear."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from adilkent.cases.models import AuditEvent
from adilkent.legalaid.models import Appointment
from adilkent.legalaid.views import public

from .conftest import Vehicle


def _book(client: Client, vehicle: Vehicle, slot: str, **extra: str):  # type: ignore[no-untyped-def]
    with translation.override("en"):
        url = reverse("legalaid:book", args=[vehicle.stops["bahariye"].pk])
    data = {
        "slot": slot, "name": f"Invented {slot}", "phone": "0555 987 65 43",
        "preferred_language": "tr", "topic": "labour", "agree": "on",
    }  # fmt: skip
    return client.post(url, data, **extra)


def _free_slots(vehicle: Vehicle) -> list[str]:
    from adilkent.legalaid import selectors

    return [s.time.strftime("%H:%M") for s in selectors.free_slots(vehicle.stops["bahariye"])]


def test_one_connection_cannot_take_every_slot(vehicle: Vehicle) -> None:
    stop = vehicle.stops["bahariye"]
    stop.end_time = dt.time(16, 0)  # nine slots of 45 minutes
    stop.save()
    free = _free_slots(vehicle)
    assert len(free) > 3
    answers = [_book(Client(), vehicle, slot).status_code for slot in free[:5]]
    assert answers[:3] == [302, 302, 302]
    assert answers[3:] == [429, 429]
    assert Appointment.objects.filter(stop=vehicle.stops["bahariye"]).count() == 1 + 3
    # another connection still can
    assert _book(Client(), vehicle, free[4], REMOTE_ADDR="198.51.100.20").status_code == 302


def test_the_receipt_code_is_not_in_the_session_in_clear(vehicle: Vehicle) -> None:
    client = Client()
    response = _book(client, vehicle, _free_slots(vehicle)[0])
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'id="receipt-code"[^>]*>([A-Z0-9-]+)<', page)
    assert code is not None
    session = client.session
    stored = str(dict(session.items()))
    assert code.group(1) not in stored
    assert code.group(1).replace("-", "") not in stored.replace("-", "")


def test_the_code_is_shown_only_for_a_short_while(
    vehicle: Vehicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    location = _book(client, vehicle, _free_slots(vehicle)[0])["Location"]
    assert 'id="receipt-code"' in client.get(location).content.decode()
    monkeypatch.setattr(public, "CODE_SHOWN_SECONDS", -1)
    later = client.get(location).content.decode()
    assert 'id="receipt-code"' not in later
    assert 'id="code-not-shown"' in later


def test_a_booking_whose_audit_row_fails_takes_no_seat(
    vehicle: Vehicle, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = Appointment.objects.count()
    real_create = AuditEvent.objects.create

    def failing_create(**fields):  # type: ignore[no-untyped-def]
        if fields.get("object_type") == "legal aid appointment":
            raise DatabaseError("the audit table refused the row")
        return real_create(**fields)

    monkeypatch.setattr(AuditEvent.objects, "create", failing_create)
    with pytest.raises(DatabaseError):
        _book(Client(), vehicle, _free_slots(vehicle)[0])
    assert Appointment.objects.count() == before


def test_a_forged_forwarded_for_neither_breaks_a_booking_nor_reaches_the_audit(
    vehicle: Vehicle,
) -> None:
    response = _book(Client(), vehicle, _free_slots(vehicle)[0], HTTP_X_FORWARDED_FOR="not-an-ip")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_type="legal aid appointment").latest("pk")
    assert event.ip_address == "127.0.0.1"
