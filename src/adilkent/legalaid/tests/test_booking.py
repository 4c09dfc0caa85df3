"""Booking an appointment at a stop: slots, receipt codes, clear refusals, cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from adilkent.cases.crypto import keyed_hash
from adilkent.core.tests.factories import small_city
from adilkent.legalaid import services
from adilkent.legalaid.models import Appointment, AppointmentStatus, StopStatus

from .conftest import future_day, make_stop, request

pytestmark = pytest.mark.django_db


@pytest.fixture
def stop():  # type: ignore[no-untyped-def]
    return make_stop(small_city()["bahariye"], future_day(3))


def test_slots_fill_the_hours_without_running_over(stop) -> None:  # type: ignore[no-untyped-def]
    # 09:00-12:00 in 45-minute appointments: 09:00, 09:45, 10:30, 11:15 (11:15 + 45 = 12:00)
    assert [t.strftime("%H:%M") for t in stop.slots] == ["09:00", "09:45", "10:30", "11:15"]
    stop.seats_per_slot = 2
    assert stop.capacity == 8


def test_a_booking_gives_a_code_that_is_stored_only_as_a_keyed_hash(stop) -> None:  # type: ignore[no-untyped-def]
    appointment, code = services.book(stop.pk, request())
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(services.RECEIPT_ALPHABET)
    stored = Appointment.objects.get(pk=appointment.pk)
    assert stored.receipt_hash == keyed_hash(code, "legal-aid-receipt") != code
    assert stored.name == "Testname Invented" and stored.phone == "+90 555 000 00 01"
    assert stored.phone_hash == keyed_hash("+905550000001", "phone")
    assert services.find_by_receipt(code.lower().replace("-", " ")) == stored


def test_a_taken_slot_is_refused_with_a_clear_reason(stop) -> None:  # type: ignore[no-untyped-def]
    services.book(stop.pk, request("09:45"))
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request("09:45", name="Other Invented"))
    assert refused.value.code == "slot_full"
    assert "booked by someone else" in refused.value.messages[0]


def test_a_full_stop_says_so(stop) -> None:  # type: ignore[no-untyped-def]
    for slot in ["09:00", "09:45", "10:30", "11:15"]:
        services.book(stop.pk, request(slot))
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request("11:15"))
    assert refused.value.code == "stop_full"


def test_seats_per_slot_allow_as_many_people_at_the_same_time(stop) -> None:  # type: ignore[no-untyped-def]
    stop.seats_per_slot = 2
    stop.save()
    first, _ = services.book(stop.pk, request("09:00"))
    second, _ = services.book(stop.pk, request("09:00"))
    assert {first.seat, second.seat} == {1, 2}
    with pytest.raises(services.BookingError):
        services.book(stop.pk, request("09:00"))


def test_past_stops_and_passed_times_are_refused(stop) -> None:  # type: ignore[no-untyped-def]
    stop.date = timezone.localdate() - dt.timedelta(days=1)
    stop.save()
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request())
    assert refused.value.code == "past"
    # today, at 10:00: the 09:00 and 09:45 slots have started, 10:30 is still open
    stop.date = timezone.localdate()
    stop.save()
    ten = timezone.localtime().replace(hour=10, minute=0)
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request("09:45"), now=ten)
    assert refused.value.code == "past"
    appointment, _ = services.book(stop.pk, request("10:30"), now=ten)
    assert appointment.slot_time == dt.time(10, 30)


def test_missing_or_malformed_phone_and_unknown_times_are_refused(stop) -> None:  # type: ignore[no-untyped-def]
    for phone, code in [("", "phone"), ("   ", "phone"), ("call me", "phone")]:
        with pytest.raises(services.BookingError) as refused:
            services.book(stop.pk, request(phone=phone))
        assert refused.value.code == code
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request("09:10"))
    assert refused.value.code == "slot"
    assert not Appointment.objects.exists()


def test_a_cancelled_stop_takes_no_bookings(stop) -> None:  # type: ignore[no-untyped-def]
    stop.status = StopStatus.CANCELLED
    stop.save()
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request())
    assert refused.value.code == "cancelled"


def test_cancelling_by_code_frees_the_seat(stop) -> None:  # type: ignore[no-untyped-def]
    appointment, code = services.book(stop.pk, request("10:30"))
    with pytest.raises(services.BookingError) as refused:
        services.cancel_by_receipt("XXXX-XXXX")
    assert refused.value.code == "unknown_code"
    cancelled = services.cancel_by_receipt(code)
    assert cancelled.pk == appointment.pk
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED
    with pytest.raises(services.BookingError) as refused:
        services.cancel_by_receipt(code)
    assert refused.value.code == "already"
    again, _ = services.book(stop.pk, request("10:30"))
    assert again.seat == 1


def test_the_database_itself_refuses_two_active_bookings_of_one_seat(stop) -> None:  # type: ignore[no-untyped-def]
    first, _ = services.book(stop.pk, request("09:00"))
    fields = {
        "stop": stop, "slot_time": dt.time(9, 0), "seat": 1, "name": "x", "phone": "1234567",
        "topic": "other",
    }  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(receipt_hash="a" * 64, **fields)
    Appointment.objects.filter(pk=first.pk).update(status=AppointmentStatus.CANCELLED)
    Appointment.objects.create(receipt_hash="b" * 64, **fields)  # a cancelled one does not count


def test_erasing_contact_details_after_the_retention_period(stop) -> None:  # type: ignore[no-untyped-def]
    appointment, _ = services.book(stop.pk, request())
    assert services.erase_old_contact_details(today=stop.date + dt.timedelta(days=30), days=30) == 0
    assert services.erase_old_contact_details(today=stop.date + dt.timedelta(days=31), days=30) == 1
    erased = Appointment.objects.get(pk=appointment.pk)
    assert (erased.name, erased.phone, erased.phone_hash) == ("", "", "")
    assert erased.erased_at is not None
