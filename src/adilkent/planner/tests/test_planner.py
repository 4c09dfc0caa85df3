"""Planning a mobile service from the places database, and the pages residents read."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from adilkent.core.tests.factories import make_mahalle, small_city
from adilkent.planner.models import PlanRun, RunStatus
from adilkent.planner.services import request_plan

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 1, 5)


@pytest.fixture
def planned(django_capture_on_commit_callbacks) -> PlanRun:  # type: ignore[no-untyped-def]
    city = small_city()
    # a second village far out in the same district (about 30 km north of Konak)
    make_mahalle(
        city["karsiyaka"],
        "Uzakköy",
        is_village=True,
        geometry={
            "type": "Polygon",
            "coordinates": [
                [[27.10, 38.70], [27.12, 38.70], [27.12, 38.72], [27.10, 38.72], [27.10, 38.70]]
            ],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = request_plan("library", MONDAY, seconds_per_window=0.05, horizon_days=14)
    run.refresh_from_db()
    return run


def test_library_plan_runs_in_the_job_queue_and_visits_every_village(planned: PlanRun) -> None:
    assert planned.status == RunStatus.DONE, planned.error
    assert planned.progress_done == planned.progress_total > 0
    document = planned.document or {}
    assert "no street network" in document["travel_model"]
    visited = {key for key, days in document["calendar"].items() if days}
    assert len(visited) == 2  # both villages, and only villages
    for route in document["routes"]:
        assert len(route["stops"]) == 1  # one village a day
        assert dt.date.fromisoformat(route["date"]).weekday() < 5


def test_public_page_answers_when_it_comes_in_every_language(
    planned: PlanRun, client: Client
) -> None:
    from adilkent.places.models import Mahalle

    village = Mahalle.objects.get(name="Uzakköy")
    for language in ["tr", "en", "ar", "fa", "ru", "uk"]:
        response = client.get(f"/{language}/plans/library/?mahalle={village.pk}")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Uzakköy" in html
        assert f"/{language}/plans/library/{village.pk}.ics" in html
        direction = "rtl" if language in {"ar", "fa"} else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html


def test_calendar_subscription_lists_the_planned_visits(planned: PlanRun, client: Client) -> None:
    from adilkent.places.models import Mahalle

    village = Mahalle.objects.get(name="Uzakköy")
    response = client.get(f"/en/plans/library/{village.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    days = (planned.document or {})["calendar"][f"mahalle-{village.pk}"]
    assert sorted(str(e.decoded("dtstart").date()) for e in events) == sorted(days)
    assert all("Uzakköy" in str(e["summary"]) for e in events)


def test_starting_a_plan_is_for_staff_only(client: Client) -> None:
    small_city()
    response = client.post("/en/plans/start/", {"service": "library", "start_date": "2026-01-05"})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not PlanRun.objects.exists()
    staff = get_user_model().objects.create_user("planner", password="x", is_staff=True)
    client.force_login(staff)
    bad = client.post("/en/plans/start/", {"service": "library", "start_date": "5 Jan"})
    assert bad.status_code == 400 and "2026-01-05" in bad.content.decode()
    assert not PlanRun.objects.exists()


def test_no_plan_yet_says_so(client: Client) -> None:
    response = client.get("/tr/plans/legal-aid/")
    assert response.status_code == 200
    assert client.get("/tr/plans/unknown/").status_code == 404


def test_stops_map_data_has_one_point_per_planned_mahalle(planned: PlanRun, client: Client) -> None:
    data = client.get("/tr/plans/library/stops.geojson").json()
    calendar = (planned.document or {})["calendar"]
    assert len(data["features"]) == sum(1 for days in calendar.values() if days)
    for feature in data["features"]:
        assert feature["properties"]["url"].startswith("/tr/plans/library/?mahalle=")
