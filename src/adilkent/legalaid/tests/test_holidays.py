"""No Legal Aid Vehicle on a public holiday of Türkiye: a stop on 1 January (made by hand, or
in a plan made without holidays) is not published, not listed and cannot be booked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from adilkent.core.tests.factories import small_city
from adilkent.legalaid import selectors, services
from adilkent.legalaid.models import Appointment
from adilkent.planner.models import PlanRun, RunStatus

from .conftest import make_stop, request

pytestmark = pytest.mark.django_db


def next_new_year() -> dt.date:
    return dt.date(timezone.localdate().year + 1, 1, 1)


def test_a_stop_on_new_year_is_refused_with_a_reason(client: Client) -> None:
    city = small_city()
    holiday = make_stop(city["bahariye"], next_new_year())
    working = make_stop(city["yamanlar"], next_new_year() + dt.timedelta(days=4))
    assert selectors.is_public_holiday(holiday.date)
    assert not selectors.is_public_holiday(working.date)

    with pytest.raises(services.BookingError) as refused:
        services.book(holiday.pk, request())
    assert refused.value.code == "holiday"
    assert not Appointment.objects.exists()
    assert selectors.free_slots(holiday) == []
    assert [row.stop for row in selectors.schedule()] == [working]
    assert city["bahariye"] not in selectors.schedule_mahalleler()

    page = client.get(f"/en/legal-aid/stops/{holiday.pk}/book/").content.decode()
    assert "does not go out on a public holiday" in page
    response = client.post(
        f"/en/legal-aid/stops/{holiday.pk}/book/",
        {
            "slot": "09:00",
            "name": "Testname Invented",
            "phone": "0555 000 00 02",
            "preferred_language": "tr",
            "topic": "family",
            "agree": "on",
        },
    )
    assert response.status_code == 200 and not Appointment.objects.exists()
    services.book(working.pk, request())  # a working day books as before
    assert Appointment.objects.count() == 1


def test_a_planned_stop_on_a_holiday_is_not_published(settings) -> None:  # type: ignore[no-untyped-def]
    city = small_city()
    day = next_new_year()
    run = PlanRun.objects.create(
        service="legal-aid",
        start_date=day,
        status=RunStatus.DONE,
        document={
            "routes": [
                {
                    "date": day.isoformat(),
                    "vehicle": "legal-aid",
                    "stops": [
                        {"site": f"mahalle-{city['bahariye'].pk}", "start": "09:00", "end": "15:00"}
                    ],
                },
                {
                    "date": (day + dt.timedelta(days=4)).isoformat(),
                    "vehicle": "legal-aid",
                    "stops": [
                        {"site": f"mahalle-{city['yamanlar'].pk}", "start": "09:00", "end": "15:00"}
                    ],
                },
            ]
        },
    )
    report = services.publish_stops(run)
    assert [stop.mahalle for stop in report.created] == [city["yamanlar"]]
    assert any("public holiday" in line for line in report.skipped)
    # with no holiday calendar (a setting), the same day is an ordinary day
    settings.PUBLIC_HOLIDAYS_COUNTRY = ""
    assert not selectors.is_public_holiday(day)


def test_a_stop_without_an_exact_place_says_who_announces_it(client: Client) -> None:
    stop = make_stop(small_city()["bahariye"], timezone.localdate() + dt.timedelta(days=9))
    if selectors.is_public_holiday(stop.date):
        stop.date += dt.timedelta(days=1)
        stop.save()
    page = client.get(f"/en/legal-aid/stops/{stop.pk}/book/").content.decode()
    assert "the muhtar" in page
    schedule = client.get("/en/legal-aid/").content.decode()
    assert "Exact place: announced by the muhtar" in schedule
