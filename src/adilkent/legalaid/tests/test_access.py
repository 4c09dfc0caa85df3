"""Who may see the vehicle's appointments: role × screen × stop, IDOR, the raw database, audit.

Expectations are written out by hand from the rules in docs/legal-aid.md: a lawyer sees only
the stops they are assigned to; Refugee Desk caseworkers and supervisors and the data
protection officer see every stop (the DPO reads but takes no intake); the analyst gets the
de-identified figures only; other roles and anonymous visitors see no appointment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from adilkent.cases.audit import AUDITED_MARK
from adilkent.cases.models import AuditEvent
from adilkent.legalaid.models import Appointment, AppointmentStatus

from .conftest import Vehicle

ROLES = [
    "lawyer1", "lawyer2", "unhcr", "caseworker", "supervisor", "him", "officer", "dpo", "analyst",
]  # fmt: skip


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


@dataclass(frozen=True)
class Expect:
    url: Callable[[Vehicle], str]
    ok: frozenset[str]
    forbidden: frozenset[str] = frozenset()
    refusal: int = 404


DESK = _s("caseworker", "supervisor", "dpo")
MATRIX: dict[str, Expect] = {
    "staff home": Expect(
        lambda v: reverse("legalaid:staff"), _s("lawyer1", "lawyer2") | DESK, refusal=403
    ),
    "stop bahariye": Expect(
        lambda v: reverse("legalaid:stop", args=[v.stops["bahariye"].pk]), _s("lawyer1") | DESK
    ),
    "stop yamanlar": Expect(
        lambda v: reverse("legalaid:stop", args=[v.stops["yamanlar"].pk]), _s("lawyer2") | DESK
    ),
    "intake bahariye": Expect(
        lambda v: reverse("legalaid:intake", args=[v.appointments["bahariye"].pk]),
        _s("lawyer1", "caseworker", "supervisor"),
        forbidden=_s("dpo"),
    ),
    "intake yamanlar": Expect(
        lambda v: reverse("legalaid:intake", args=[v.appointments["yamanlar"].pk]),
        _s("lawyer2", "caseworker", "supervisor"),
        forbidden=_s("dpo"),
    ),
    "figures": Expect(
        lambda v: reverse("legalaid:statistics"), _s("analyst", "supervisor", "dpo"), refusal=403
    ),
}
CELLS = [(endpoint, role) for endpoint in MATRIX for role in ROLES]


@pytest.mark.parametrize(("endpoint", "role"), CELLS, ids=[f"{e}-{r}" for e, r in CELLS])
def test_matrix(vehicle: Vehicle, endpoint: str, role: str) -> None:
    expect = MATRIX[endpoint]
    status = 200 if role in expect.ok else 403 if role in expect.forbidden else expect.refusal
    assert vehicle.client(role).get(expect.url(vehicle)).status_code == status


def test_anonymous_visitors_see_no_appointment(vehicle: Vehicle) -> None:
    for name, expect in MATRIX.items():
        response = Client().get(expect.url(vehicle))
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name
    for url in [
        reverse("legalaid:schedule"),
        reverse("legalaid:book", args=[vehicle.stops["bahariye"].pk]),
        reverse("legalaid:cancel"),
    ]:
        page = Client().get(url).content.decode()
        assert "Invented Bahariye" not in page and "555 111" not in page


def test_a_lawyer_sees_only_the_appointments_of_their_stops(vehicle: Vehicle) -> None:
    page = vehicle.client("lawyer1").get(
        reverse("legalaid:stop", args=[vehicle.stops["bahariye"].pk])
    )
    assert "Invented Bahariye" in page.content.decode()
    home = vehicle.client("lawyer1").get(reverse("legalaid:staff")).content.decode()
    assert "Bahariye" in home and "Yamanlar" not in home


def test_guessing_an_appointment_id_reveals_nothing(vehicle: Vehicle) -> None:
    client = vehicle.client("lawyer2")
    theirs = client.get(reverse("legalaid:intake", args=[vehicle.appointments["bahariye"].pk]))
    made_up = client.get(reverse("legalaid:intake", args=[uuid.uuid4()]))
    assert theirs.status_code == made_up.status_code == 404
    assert theirs.content == made_up.content
    assert b"Invented Bahariye" not in theirs.content
    # nor act on it
    response = client.post(reverse("legalaid:no-show", args=[vehicle.appointments["bahariye"].pk]))
    assert response.status_code == 404
    assert (
        Appointment.objects.get(pk=vehicle.appointments["bahariye"].pk).status
        == AppointmentStatus.BOOKED
    )


def test_the_raw_database_holds_no_name_phone_or_receipt_code_in_clear(vehicle: Vehicle) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM legalaid_appointment")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for key, appointment in vehicle.appointments.items():
        assert appointment.name in Appointment.objects.get(pk=appointment.pk).name  # reads back
        for secret in [
            appointment.name,
            "Invented",
            appointment.phone,
            "555 111",
            vehicle.codes[key],
        ]:
            assert secret not in raw
        assert vehicle.codes[key].replace("-", "") not in raw


def _patterns() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif namespace == "legalaid":
                found.append(p)

    walk(get_resolver().url_patterns, "")
    return found


PUBLIC = {"schedule", "book", "booked", "cancel"}


def test_every_staff_screen_is_audited() -> None:
    patterns = _patterns()
    assert {p.name for p in patterns} >= PUBLIC | {"staff", "stop", "intake", "statistics"}
    unaudited = [
        p.name
        for p in patterns
        if p.name not in PUBLIC and not getattr(p.callback, AUDITED_MARK, False)
    ]
    assert unaudited == []


def test_reading_a_stop_and_a_refused_read_are_logged(vehicle: Vehicle) -> None:
    stop = vehicle.stops["bahariye"]
    vehicle.client("lawyer1").get(reverse("legalaid:stop", args=[stop.pk]))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert (event.username, event.action, event.object_type, event.object_id) == (
        "lawyer1", "view", "legal aid stop", str(stop.pk),
    )  # fmt: skip
    vehicle.client("lawyer2").get(reverse("legalaid:stop", args=[stop.pk]))
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert (event.username, event.action) == ("lawyer2", "denied")


def test_a_public_booking_is_logged_without_the_name(vehicle: Vehicle) -> None:
    stop = vehicle.stops["yamanlar"]
    Client().post(
        reverse("legalaid:book", args=[stop.pk]),
        {"slot": "09:45", "name": "Invented Logger", "phone": "0555 123 45 67",
         "preferred_language": "tr", "topic": "housing", "agree": "on"},
    )  # fmt: skip
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "create"
    assert event.object_type == "legal aid appointment"
    booked = Appointment.objects.get(pk=event.object_id)
    assert booked.name == "Invented Logger"
    assert "Invented" not in f"{event.reason} {event.path} {event.username}"


def test_key_rotation_re_encrypts_the_appointments(vehicle: Vehicle, settings) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    import pytest as _pytest
    from cryptography.fernet import Fernet, InvalidToken
    from django.core.management import call_command
    from django.test import override_settings

    old = settings.CASES_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    with override_settings(CASES_ENCRYPTION_KEYS=[new, old]):
        call_command("cases_rotate_keys", stdout=StringIO())
    pk = vehicle.appointments["bahariye"].pk
    with override_settings(CASES_ENCRYPTION_KEYS=[new]):
        appointment = Appointment.objects.get(pk=pk)
        assert (appointment.name, appointment.phone) == (
            vehicle.appointments["bahariye"].name, vehicle.appointments["bahariye"].phone,
        )  # fmt: skip
    with override_settings(CASES_ENCRYPTION_KEYS=[old]), _pytest.raises(InvalidToken):
        Appointment.objects.get(pk=pk)
