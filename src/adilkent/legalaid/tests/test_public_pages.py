"""The resident's pages in six languages: schedule, booking, confirmation, cancelling."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from adilkent.legalaid.models import Appointment, StopStatus

from .conftest import Vehicle

LANGUAGES = ["tr", "en", "ar", "fa", "ru", "uk"]


def _form(**extra: str) -> dict[str, str]:
    data = {
        "slot": "10:30", "name": "Invented Resident", "phone": "0555 987 65 43",
        "preferred_language": "fa", "topic": "labour", "agree": "on",
    }  # fmt: skip
    data.update(extra)
    return data


def _url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_schedule_in_every_language_and_direction(vehicle: Vehicle, language: str) -> None:
    html = Client().get(_url("legalaid:schedule", language)).content.decode()
    direction = "rtl" if language in {"ar", "fa"} else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert "Bahariye" in html and "Yamanlar" in html
    assert _url("legalaid:book", language, vehicle.stops["bahariye"].pk) in html


def test_finding_a_mahalle_shows_only_its_stops(vehicle: Vehicle) -> None:
    pk = vehicle.city["yamanlar"].pk
    html = Client().get(_url("legalaid:schedule", "en"), {"mahalle": pk}).content.decode()
    assert "Stops in Yamanlar" in html
    assert _url("legalaid:book", "en", vehicle.stops["yamanlar"].pk) in html
    assert _url("legalaid:book", "en", vehicle.stops["bahariye"].pk) not in html
    unknown = Client().get(_url("legalaid:schedule", "en"), {"mahalle": 999999}).content.decode()
    assert "has no stop planned in this neighbourhood" in unknown


def test_booking_in_persian_shows_the_code_once_and_it_cancels(vehicle: Vehicle) -> None:
    client = Client()
    stop = vehicle.stops["bahariye"]
    form = client.get(_url("legalaid:book", "fa", stop.pk)).content.decode()
    assert 'value="09:00"' not in form  # booked in the fixture
    assert 'value="10:30"' in form
    assert "۱۰:۳۰" not in form  # times in Latin digits, as everywhere (decision 0016)
    response = client.post(_url("legalaid:book", "fa", stop.pk), _form())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'id="receipt-code"[^>]*>([A-Z0-9-]+)<', page)
    assert code is not None
    booked = Appointment.objects.get(stop=stop, slot_time=dt.time(10, 30))
    assert (booked.name, booked.preferred_language, booked.topic) == (
        "Invented Resident", "fa", "labour",
    )  # fmt: skip
    cancelled = client.post(_url("legalaid:cancel", "fa"), {"code": code.group(1)})
    assert 'id="cancelled"' in cancelled.content.decode()
    assert Appointment.objects.get(pk=booked.pk).status == "cancelled"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": ""}, "Write a phone number: the lawyers call it if the stop changes."),
        ({"phone": "no phone"}, "A phone number has 7 to 20 digits"),
        ({"slot": ""}, "Choose a time."),
        ({"agree": ""}, "Tick the box to agree"),
        ({"slot": "09:00"}, "This time was just booked by someone else."),
    ],
)
def test_clear_errors_and_nothing_booked(
    vehicle: Vehicle, change: dict[str, str], message: str
) -> None:
    before = Appointment.objects.count()
    data = {k: v for k, v in _form(**change).items() if v}
    page = Client().post(_url("legalaid:book", "en", vehicle.stops["bahariye"].pk), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert Appointment.objects.count() == before


def test_a_past_or_cancelled_stop_says_why(vehicle: Vehicle) -> None:
    stop = vehicle.stops["yamanlar"]
    stop.date = timezone.localdate() - dt.timedelta(days=2)
    stop.save()
    page = Client().post(_url("legalaid:book", "en", stop.pk), _form()).content.decode()
    assert "This stop has already taken place. Choose a later stop." in page
    stop.date = timezone.localdate() + dt.timedelta(days=2)
    stop.status = StopStatus.CANCELLED
    stop.save()
    page = Client().get(_url("legalaid:book", "en", stop.pk)).content.decode()
    assert "This stop was cancelled." in page
    assert Appointment.objects.filter(stop=stop).count() == 1  # the fixture's only


def test_the_confirmation_belongs_to_the_browser_that_booked(vehicle: Vehicle) -> None:
    response = Client().get(_url("legalaid:booked", "en"))
    assert response.status_code == 302  # no booking in this session: back to the schedule
    assert response["Location"] == _url("legalaid:schedule", "en")


def test_errors_are_in_the_readers_language(vehicle: Vehicle) -> None:
    url = _url("legalaid:book", "fa", vehicle.stops["bahariye"].pk)
    page = Client().post(url, {k: v for k, v in _form(phone="").items() if v}).content.decode()
    with translation.override("fa"):
        expected = translation.gettext(
            "Write a phone number: the lawyers call it if the stop changes."
        )
    assert expected != "Write a phone number: the lawyers call it if the stop changes."
    assert expected in page


def test_a_stop_whose_hours_are_over_today_leaves_the_schedule(vehicle: Vehicle) -> None:
    from adilkent.legalaid import selectors

    stop = vehicle.stops["yamanlar"]
    stop.date = timezone.localdate()
    stop.save()
    evening = timezone.localtime().replace(hour=20, minute=0)
    morning = timezone.localtime().replace(hour=8, minute=0)
    assert stop.pk not in [row.stop.pk for row in selectors.schedule(now=evening)]
    assert stop.pk in [row.stop.pk for row in selectors.schedule(now=morning)]
    assert vehicle.city["yamanlar"] not in selectors.schedule_mahalleler(now=evening)


def test_guessing_receipt_codes_is_limited_per_connection(vehicle: Vehicle, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    settings.LEGAL_AID_CANCEL_ATTEMPTS_PER_HOUR = 3
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(3):
        page = guesser.post(_url("legalaid:cancel", "en"), {"code": f"AAAA-BBBB-{attempt:04d}"})
        assert page.status_code == 200
    refused = guesser.post(_url("legalaid:cancel", "en"), {"code": "AAAA-BBBB-9999"})
    assert refused.status_code == 429
    assert "Too many attempts from this connection" in refused.content.decode()
    # another connection is not affected, and a real code still works there
    stop = vehicle.stops["bahariye"]
    resident = Client(REMOTE_ADDR="198.51.100.20")
    booked = resident.post(_url("legalaid:book", "en", stop.pk), _form())
    page = resident.get(booked["Location"]).content.decode()
    code = re.search(r'id="receipt-code"[^>]*>([A-Z0-9-]+)<', page)
    assert code is not None
    done = resident.post(_url("legalaid:cancel", "en"), {"code": code.group(1)})
    assert 'id="cancelled"' in done.content.decode()
    cache.clear()
