"""Many people booking the same time at the same moment: never more bookings than seats.

On PostgreSQL each booking runs in its own thread with its own connection and commits for
real (``transaction=True``): the stop's row lock makes them wait for each other. On both
databases a booking whose view of the seats is out of date meets the unique constraint and
gets the clear "just booked by someone else" answer.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from adilkent.core.tests.factories import small_city
from adilkent.legalaid import services
from adilkent.legalaid.models import Appointment

from .conftest import future_day, make_stop, request

PEOPLE = 6


def _race(stop_id: int, slot: str) -> tuple[list[str], list[str]]:
    barrier = threading.Barrier(PEOPLE)
    booked: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()

    def person(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.book(stop_id, request(slot, name=f"Racer {number}"))
            with lock:
                booked.append(f"racer {number}")
        except services.BookingError as error:
            with lock:
                refused.append(str(error.code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return booked, refused


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seats", [1, 2])
def test_simultaneous_bookings_of_one_time_never_exceed_its_seats(seats: int) -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database lives in shared-cache memory, whose table locks refuse "
            "concurrent writers at once; a SQLite file serialises them (IMMEDIATE transactions), "
            "and the lost-race test below covers the constraint on both databases"
        )
    stop = make_stop(small_city()["bahariye"], future_day(5), seats_per_slot=seats)
    booked, refused = _race(stop.pk, "09:45")
    assert len(booked) == seats, (booked, refused, connection.vendor)
    assert len(refused) == PEOPLE - seats
    assert set(refused) == {"slot_full"}
    rows = Appointment.objects.filter(stop=stop, slot_time="09:45")
    assert sorted(rows.values_list("seat", flat=True)) == list(range(1, seats + 1))


@pytest.mark.django_db
def test_a_booking_that_lost_the_race_meets_the_constraint_and_a_clear_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stop = make_stop(small_city()["bahariye"], future_day(5))
    services.book(stop.pk, request("09:00", name="First Invented"))
    # the second booking's look at the taken seats happened before the first was saved
    monkeypatch.setattr(
        services.selectors, "active_bookings", lambda stop: Appointment.objects.none()
    )
    with pytest.raises(services.BookingError) as refused:
        services.book(stop.pk, request("09:00", name="Second Invented"))
    assert refused.value.code == "slot_full"
    assert Appointment.objects.filter(stop=stop).count() == 1
