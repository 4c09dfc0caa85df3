"""Planning a mobile service from the places database, and the pages residents read."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from adilkent.core.tests.factories import add_population, make_mahalle, small_city
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
    planned: PlanRun, client: Client, on_plan_start: dt.date
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


@pytest.fixture
def milk_planned(django_capture_on_commit_callbacks, settings) -> PlanRun:  # type: ignore[no-untyped-def]
    city = small_city()
    for number, (lon, lat, residents) in enumerate(
        [(27.13, 38.49, 4000), (27.15, 38.50, 3000), (27.05, 38.44, 6000)]
    ):
        extra = make_mahalle(
            city["karsiyaka"],
            f"Süt {number}",
            geometry={
                "type": "Polygon",
                "coordinates": [
                    [
                        [lon, lat],
                        [lon + 0.01, lat],
                        [lon + 0.01, lat + 0.01],
                        [lon, lat + 0.01],
                        [lon, lat],
                    ]
                ],
            },
        )
        add_population(extra, 2025, residents)
    settings.MILK_CHILDREN_TOTAL = 400
    with django_capture_on_commit_callbacks(execute=True):
        run = request_plan("milk", MONDAY, seconds_per_window=0.05, horizon_days=14)
    run.refresh_from_db()
    return run


def test_milk_plan_assigns_every_mahalle_with_population_to_a_team(milk_planned: PlanRun) -> None:
    from adilkent.places.models import Mahalle

    assert milk_planned.status == RunStatus.DONE, milk_planned.error
    document = milk_planned.document or {}
    teams = document["teams"]
    # five mahalle with a centroid and a population: fewer than 58, so one team each
    with_population = Mahalle.objects.filter(
        population__isnull=False, centroid_lon__isnull=False
    ).distinct()
    assert document["rule"]["served"] == with_population.count() == len(teams)
    assigned = [place for team in teams for place in team["places"]]
    assert sorted(assigned) == sorted(f"mahalle-{m.pk}" for m in with_population)
    assert sum(team["children"] for team in teams) == pytest.approx(400, abs=len(teams))
    assert milk_planned.progress_done == milk_planned.progress_total == len(teams)
    for team in teams:
        own = [r for r in document["routes"] if r["vehicle"] == team["vehicle"]]
        assert team["days"] == len(own)
        assert team["reloads"] == sum(r["reloads"] for r in own)


def test_milk_pages_show_teams_routes_and_calendars(
    milk_planned: PlanRun, client: Client, staff_client: Client, on_plan_start: dt.date
) -> None:
    from adilkent.places.models import Mahalle

    document = milk_planned.document or {}
    first = document["teams"][0]
    for language in ["tr", "en", "ar", "fa", "ru", "uk"]:
        html = staff_client.get(f"/{language}/plans/milk/details/").content.decode()
        direction = "rtl" if language in {"ar", "fa"} else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert f"/{language}/plans/milk/teams/{first['team']}.ics" in html
        assert 'id="teams-caption"' in html and "data-route-map" in html
    # the team's iCalendar holds one event per stop of its routes
    response = client.get(f"/en/plans/milk/teams/{first['team']}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    stops = [s for r in document["routes"] if r["vehicle"] == first["vehicle"] for s in r["stops"]]
    assert len(events) == len(stops) > 0
    assert client.get("/en/plans/milk/teams/999.ics").status_code == 404
    # a resident's mahalle: the dates of every part of it, one line a day
    pk = int(next(iter(first["places"])).split("-")[1])
    mahalle = Mahalle.objects.get(pk=pk)
    html = client.get(f"/en/plans/milk/?mahalle={pk}").content.decode()
    assert mahalle.name in html and f"/en/plans/milk/{pk}.ics" in html
    assert "data-route-map" not in html and 'id="teams-caption"' not in html
    days = {
        d
        for key, dates in document["calendar"].items()
        if key.split("-")[1] == str(pk)
        for d in dates
    }
    ics = icalendar.Calendar.from_ical(client.get(f"/en/plans/milk/{pk}.ics").content)
    assert {str(e.decoded("dtstart").date()) for e in ics.walk("VEVENT")} == days
    assert html.count('class="next-date"') == len(days)


def test_route_lines_go_from_the_depot_through_the_stops_and_back(
    milk_planned: PlanRun, client: Client
) -> None:
    document = milk_planned.document or {}
    team = document["teams"][0]
    data = client.get(f"/en/plans/milk/routes.geojson?team={team['team']}&week=0").json()
    lines = [f for f in data["features"] if f["properties"]["kind"] == "route"]
    own = [
        r
        for r in document["routes"]
        if r["vehicle"] == team["vehicle"] and (dt.date.fromisoformat(r["date"]) - MONDAY).days < 7
    ]
    assert len(lines) == len(own) > 0
    depot = [team["depot"]["lon"], team["depot"]["lat"]]
    for line, route in zip(sorted(lines, key=lambda f: f["properties"]["date"]), own, strict=True):
        coordinates = line["geometry"]["coordinates"]
        assert coordinates[0] == pytest.approx(depot) and coordinates[-1] == pytest.approx(depot)
        # every stop once, plus the depot at both ends and at each reload
        assert len(coordinates) == len(route["stops"]) + 2 + route["reloads"]


@pytest.mark.parametrize(
    "language,expected",
    [
        (
            "tr",
            "kuş uçuşu × 1,3, 60 km/sa hızla (araçla; sokak ağı yok); mesafeler: kuş uçuşu × 1,3",
        ),
        (
            "ar",
            "خط مستقيم × 1.3 بسرعة 60 كم/ساعة (بالسيارة؛ دون شبكة شوارع)؛ "
            "المسافات: خط الدائرة العظمى × 1.3",
        ),
    ],
)
def test_the_travel_model_is_said_in_the_page_language(
    planned: PlanRun, staff_client: Client, language: str, expected: str
) -> None:
    stored = (planned.document or {})["travel_model"]
    assert stored == (
        "straight line × 1.3 at 60 km/h (drive; no street network); distances: great circle × 1.3"
    )
    html = staff_client.get(f"/{language}/plans/library/details/").content.decode()
    assert f'<span class="travel-model">{expected}</span>' in html
    assert stored not in html


def test_an_old_travel_model_text_is_shown_as_stored(
    planned: PlanRun, staff_client: Client
) -> None:
    old = "road distance at 50 km/h"
    planned.document = {**(planned.document or {}), "travel_model": old}
    planned.save(update_fields=["document"])
    html = staff_client.get("/tr/plans/library/details/").content.decode()
    assert f'<span lang="en" dir="ltr">{old}</span>' in html


@pytest.mark.parametrize(
    ("country", "expected"), [("TR", {"2027-01-04"}), ("", {"2027-01-01", "2027-01-04"})]
)
def test_no_service_goes_out_on_a_public_holiday(  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks, settings, country: str, expected: set[str]
) -> None:
    # From Friday 1 January 2027 (a public holiday in Türkiye, Law 2429) for four days: the
    # vehicle works on Friday and Monday, and the two mahalle with a centroid and more than
    # 1,000 residents need a stop each. With Türkiye's holidays only Monday is left.
    settings.PUBLIC_HOLIDAYS_COUNTRY = country
    small_city()
    with django_capture_on_commit_callbacks(execute=True):
        run = request_plan(
            "legal-aid", dt.date(2027, 1, 1), seconds_per_window=0.05, horizon_days=4
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    document = run.document or {}
    assert {route["date"] for route in document["routes"]} == expected
    said = any("2027-01-01" in line for line in document["assumptions"])
    assert said is (country == "TR")
