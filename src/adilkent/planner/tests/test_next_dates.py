"""The resident's answer on a schedule page: the next dates of one place, de-duplicated, a
search that needs no Turkish letters, and what to do where the service does not come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from adilkent.core.tests.factories import make_district, make_mahalle, ring
from adilkent.places.models import Mahalle
from adilkent.planner import answers
from adilkent.planner.models import PlanRun, RunStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 5)


def _stop(site: str, start: str = "09:00", end: str = "11:00") -> dict:
    return {"site": site, "name": site, "start": start, "end": end}


def _route(day: str, *stops: dict, vehicle: str = "team-1") -> dict:
    return {
        "date": day,
        "vehicle": vehicle,
        "stops": list(stops),
        "depart": "08:00",
        "back": "17:00",
        "distance_km": 10.0,
    }


@pytest.fixture
def places() -> dict[str, Mahalle]:
    karsiyaka = make_district("Karşıyaka", ring(27.08, 38.45, 0.05))
    buca = make_district("Buca", ring(27.18, 38.38, 0.05))
    return {
        "big": make_mahalle(karsiyaka, "Karşıyaka", geometry=ring(27.09, 38.46, 0.01)),
        "small": make_mahalle(karsiyaka, "Bostanlı", geometry=ring(27.10, 38.46, 0.01)),
        "far": make_mahalle(buca, "Çamlıkule", geometry=ring(27.20, 38.37, 0.01)),
        "near": make_mahalle(karsiyaka, "Örnekköy", geometry=ring(27.11, 38.47, 0.01)),
        "twin": make_mahalle(buca, "Bostanlı", geometry=ring(27.19, 38.38, 0.01)),
    }


def _run(service: str, routes: list[dict]) -> PlanRun:
    return PlanRun.objects.create(
        service=service,
        start_date=dt.date(2026, 1, 1),
        status=RunStatus.DONE,
        document={"routes": routes, "travel_model": "straight line"},
    )


def test_a_big_mahalle_served_in_parts_is_one_visit_on_several_days(places) -> None:  # type: ignore[no-untyped-def]
    big = places["big"].pk
    run = _run(
        "milk",
        [
            _route("2026-01-02", _stop(f"mahalle-{big}-1")),  # before today: gone
            _route("2026-01-06", _stop(f"mahalle-{big}-2", "10:57", "13:33")),
            # two parts on one day, by two teams: one day, from the first start to the last end
            _route("2026-01-08", _stop(f"mahalle-{big}-3", "08:02", "10:38")),
            _route("2026-01-08", _stop(f"mahalle-{big}-4", "11:00", "12:00"), vehicle="team-2"),
            _route("2026-02-03", _stop(f"mahalle-{big}-1")),
            _route("2026-02-04", _stop(f"mahalle-{big}-2")),
            _route("2026-02-05", _stop(f"mahalle-{big}-3"), _stop(f"mahalle-{big}-4")),
        ],
    )
    visits = answers.next_visits(run, big, today=TODAY)
    # a month's round of four parts is one visit: not four visits in January
    assert len(visits) == 2
    january, february = visits
    assert [day.date for day in january.days] == [dt.date(2026, 1, 6), dt.date(2026, 1, 8)]
    assert (january.days[1].start, january.days[1].end) == ("08:02", "12:00")
    assert january.in_parts and january.first.date == dt.date(2026, 1, 6)
    assert [day.date for day in february.days] == [
        dt.date(2026, 2, 3),
        dt.date(2026, 2, 4),
        dt.date(2026, 2, 5),
    ]


def test_next_visits_of_a_village_are_the_next_three_from_today(places) -> None:  # type: ignore[no-untyped-def]
    small = places["small"].pk
    days = ["2026-01-02", "2026-01-05", "2026-02-19", "2026-04-06", "2026-05-21"]
    run = _run("library", [_route(day, _stop(f"mahalle-{small}")) for day in days])
    visits = answers.next_visits(run, small, today=TODAY)
    assert [v.first.date.isoformat() for v in visits] == days[1:4]
    assert not any(v.in_parts for v in visits)
    assert answers.next_visits(run, small, today=dt.date(2026, 6, 1)) == []


def test_search_needs_no_turkish_letters_and_reads_the_list_label(places) -> None:  # type: ignore[no-untyped-def]
    served = {places["big"].pk}
    found = answers.place_search("Karsiyaka", served)
    # the mahalle called Karşıyaka first; a district's name alone also gives its places
    assert [row.mahalle for row in found] == [places["big"]]
    assert found[0].served
    both = answers.place_search("bostanli", served)
    assert {row.mahalle.pk for row in both} == {places["small"].pk, places["twin"].pk}
    one = answers.place_search("Bostanlı (Buca)", served)
    assert [row.mahalle for row in one] == [places["twin"]]
    assert [row.mahalle for row in answers.place_search("camlik", served)] == [places["far"]]
    assert answers.place_search("Zzz", served) == []
    district = answers.place_search("Buca", served)
    assert {row.mahalle.pk for row in district} == {places["far"].pk, places["twin"].pk}


def test_the_nearest_served_place_with_a_visit_to_come(places) -> None:  # type: ignore[no-untyped-def]
    near, far = places["near"].pk, places["far"].pk
    run = _run(
        "library",
        [
            _route("2026-01-02", _stop(f"mahalle-{near}")),  # near, but only in the past
            _route("2026-01-07", _stop(f"mahalle-{far}")),
        ],
    )
    nearest = answers.nearest_served(run, places["small"], today=TODAY)
    assert nearest is not None and nearest.mahalle == places["far"]
    assert nearest.visits[0].first.date == dt.date(2026, 1, 7)
    assert 5 < nearest.km < 20
    assert answers.nearest_served(run, places["small"], today=dt.date(2026, 2, 1)) is None


def test_the_page_answers_first_and_says_what_to_do_where_it_does_not_come(  # type: ignore[no-untyped-def]
    places, client: Client
) -> None:
    today = dt.date.today()
    soon = (today + dt.timedelta(days=3)).isoformat()
    big, near = places["big"].pk, places["near"].pk
    _run("library", [_route(soon, _stop(f"mahalle-{big}", "10:00", "13:00"))])

    html = client.get("/en/plans/library/?q=karsiyaka").content.decode()
    # the answer comes before the search form, with the date, the weekday and the hours
    assert html.index('id="answer-title"') < html.index('id="place-search"')
    assert (today + dt.timedelta(days=3)).strftime("%A") in html
    assert "10:00" in html and "13:00" in html
    assert f"/en/plans/library/{big}.ics" in html
    assert 'list="place-list"' in html and '<option value="Karşıyaka (Karşıyaka)">' in html

    html = client.get(f"/en/plans/library/?mahalle={near}").content.decode()
    assert "does not come to" in html
    assert f'href="?mahalle={big}"' in html  # the nearest place it comes to, and its dates
    assert "/en/requests/?service=mobile-library" in html

    # Süt Kuzusu comes to the door: no "go to a neighbour" advice, the request form instead
    _run("milk", [_route(soon, _stop(f"mahalle-{big}-1"))])
    html = client.get(f"/ar/plans/milk/?mahalle={near}").content.decode()
    assert (
        "service=milk-programme" in html
        and f'href="?mahalle={big}"' not in html.split('id="who-title"')[0]
    )

    html = client.get("/en/plans/library/?q=nowhere").content.decode()
    assert "No neighbourhood or village called" in html
    html = client.get("/en/plans/library/?q=bostanli").content.decode()
    assert "Which place do you mean?" in html and "not in this plan" in html


def test_the_planner_details_are_for_staff(places, client: Client) -> None:  # type: ignore[no-untyped-def]
    big = places["big"].pk
    run = _run("library", [_route(dt.date.today().isoformat(), _stop(f"mahalle-{big}"))])
    run.seconds_per_window = 7.5
    run.save()
    public = client.get("/en/plans/library/").content.decode()
    assert "data-route-map" not in public and "/en/plans/library/details/" not in public
    assert client.get("/en/plans/library/details/").status_code == 302
    staff = get_user_model().objects.create_user("planner", password="x", is_staff=True)
    client.force_login(staff)
    assert "/en/plans/library/details/" in client.get("/en/plans/library/").content.decode()
    details = client.get("/en/plans/library/details/").content.decode()
    assert "data-route-map" in details and 'id="places-caption"' in details


@pytest.mark.parametrize("language", ["en", "tr"])
def test_place_links_keep_plain_ids_above_a_thousand(places, client: Client, language: str) -> None:  # type: ignore[no-untyped-def]
    # ids are written without a thousands separator ("4,321" in English, "4.321" in Turkish)
    Mahalle.objects.filter(pk=places["big"].pk).update(id=4321)
    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    _run("library", [_route(soon, _stop("mahalle-4321", "10:00", "13:00"))])
    html = client.get(f"/{language}/plans/library/?q=karsiyaka").content.decode()
    assert 'href="?mahalle=4321"' in html
    near = places["near"].pk
    html = client.get(f"/{language}/plans/library/?mahalle={near}").content.decode()
    assert 'href="?mahalle=4321"' in html and "4,321" not in html and "4.321" not in html
