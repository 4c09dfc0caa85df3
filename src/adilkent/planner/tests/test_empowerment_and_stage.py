"""Güçlenme Durakları and the mobile stages planned from the places database (in the job queue),
and their pages: the stated rule and assumptions, women per stop, iCalendar per mahalle."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client

from adilkent.core import l10n
from adilkent.core.tests.factories import add_population, make_mahalle, small_city
from adilkent.planner.models import PlanRun, RunStatus
from adilkent.planner.services import request_plan

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 1, 5)
LANGUAGES = ["tr", "en", "ar", "fa", "ru", "uk"]


def square(lon: float, lat: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]
        ],
    }


@pytest.fixture
def city() -> dict:
    places = small_city()
    # two more urban mahalle with residents, and an outer village about 30 km north of Konak
    for name, lon, lat, residents in [
        ("Kadın 1", 27.13, 38.49, 4000),
        ("Kadın 2", 27.05, 38.44, 900),
    ]:
        add_population(
            make_mahalle(places["karsiyaka"], name, geometry=square(lon, lat)), 2025, residents
        )
    far = make_mahalle(
        places["karsiyaka"], "Sahneköy", is_village=True, geometry=square(27.10, 38.68)
    )
    add_population(far, 2025, 800)
    return places


def run_of(service: str, capture, horizon: int) -> PlanRun:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        run = request_plan(service, MONDAY, seconds_per_window=0.05, horizon_days=horizon)
    run.refresh_from_db()
    return run


@pytest.fixture
def empowerment(city: dict, django_capture_on_commit_callbacks) -> PlanRun:  # type: ignore[no-untyped-def]
    return run_of("empowerment", django_capture_on_commit_callbacks, 28)


def test_empowerment_plan_serves_each_urban_mahalle_of_1000_residents_for_its_days(
    empowerment: PlanRun,
) -> None:
    from adilkent.places.models import Mahalle

    assert empowerment.status == RunStatus.DONE, empowerment.error
    assert empowerment.progress_done == empowerment.progress_total > 0
    document = empowerment.document or {}
    rule = document["empowerment"]
    # urban (not village) mahalle with a centroid and at least 1,000 residents: fewer than 8
    eligible = {
        f"mahalle-{m.pk}"
        for m in Mahalle.objects.filter(is_village=False, centroid_lon__isnull=False)
        if (p := m.population.filter(group="total").order_by("-year").first()) and p.count >= 1000
    }
    assert {row["place"] for row in document["stops"]} == eligible
    assert rule["chosen"] == len(eligible) and rule["stops"] == 8
    # the seed's 330 women are shared over its 8 stops, whatever the number chosen
    for row in document["stops"]:
        assert row["women_planned"] == pytest.approx(330 / 8)
        assert row["visits"] == row["days"] == rule["days_per_stop"]
    # the plan's figures count a mahalle once, however many days its stop takes
    assert document["kpis"]["places_visited"] == len(eligible)
    assert document["kpis"]["sites_visited"] == len(eligible) * rule["days_per_stop"]
    assert rule["women_reached"] == pytest.approx(
        sum(row["women_reached"] for row in document["stops"])
    )
    for route in document["routes"]:
        assert len(route["stops"]) == 1
        day = dt.date.fromisoformat(route["date"])
        assert day.weekday() < 5 and (day - MONDAY).days < 28


def test_empowerment_page_in_six_languages_with_women_per_stop(
    empowerment: PlanRun, staff_client: Client
) -> None:
    from adilkent.places.models import Mahalle

    document = empowerment.document or {}
    pks = [int(row["place"].split("-")[1]) for row in document["stops"]]
    names = [Mahalle.objects.get(pk=pk).name for pk in pks]
    for language in LANGUAGES:
        response = staff_client.get(f"/{language}/plans/empowerment/details/")
        assert response.status_code == 200
        html = response.content.decode()
        direction = "rtl" if language in {"ar", "fa"} else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert 'id="empowerment-title"' in html and 'id="stops-caption"' in html
        assert l10n.format_number(330, language) in html
        for pk, name in zip(pks, names, strict=True):
            assert name in html
            assert f"/{language}/plans/empowerment/{pk}.ics" in html
    rows = staff_client.get("/en/plans/empowerment/details/").content.decode()
    assert "Assumptions (not in the programme" in rows
    assert 'id="stage-title"' not in rows and 'id="rule-title"' not in rows
    # "Neighbourhoods visited" counts each mahalle once, not each day of its stop
    visited = len(pks)
    assert f'Neighbourhoods visited</th><td class="num">{visited}</td>' in rows


def test_empowerment_calendar_of_a_mahalle_holds_every_day_of_its_stop(
    empowerment: PlanRun, client: Client, on_plan_start: dt.date
) -> None:
    document = empowerment.document or {}
    place = document["stops"][0]["place"]
    pk = int(place.split("-")[1])
    days = sorted(
        d
        for key, dates in document["calendar"].items()
        if key.startswith(place + "-")
        for d in dates
    )
    assert len(days) == document["empowerment"]["days_per_stop"]
    response = client.get(f"/tr/plans/empowerment/{pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e.decoded("dtstart").date()) for e in events) == days
    # "when does it come to my mahalle": the same days on the public page
    html = client.get(f"/en/plans/empowerment/?mahalle={pk}").content.decode()
    for day in days:
        assert l10n.format_day(dt.date.fromisoformat(day), "en", "full") in html


def test_stage_plan_plays_one_evening_a_week_per_stage_in_outer_places(
    city: dict,
    django_capture_on_commit_callbacks,
    staff_client: Client,  # type: ignore[no-untyped-def]
) -> None:
    from adilkent.places.models import Mahalle

    run = run_of("stage", django_capture_on_commit_callbacks, 21)
    assert run.status == RunStatus.DONE, run.error
    document = run.document or {}
    stage = document["stage"]
    # the seed's pace: 100 a year, so round(100 × 21 / 365) performances in three weeks
    assert stage["performances"] == round(100 * 21 / 365)
    far = Mahalle.objects.get(name="Sahneköy")
    # only the village 30 km out is an outer place with 500 residents or more
    assert stage["candidates"] == stage["chosen"] == stage["villages"] == 1
    assert document["calendar"] == {f"mahalle-{far.pk}": [document["routes"][0]["date"]]}
    route = document["routes"][0]
    assert (
        dt.date.fromisoformat(route["date"]).weekday()
        == {"stage-1": 4, "stage-2": 5}[route["vehicle"]]
    )
    assert "15:00" <= route["stops"][0]["start"] <= "17:00"
    for language, friday in [("en", "Friday"), ("tr", "Cuma"), ("ru", "пятница")]:
        html = staff_client.get(f"/{language}/plans/stage/details/").content.decode()
        assert 'id="stage-title"' in html and friday in html
        assert f"/{language}/plans/stage/{far.pk}.ics" in html
