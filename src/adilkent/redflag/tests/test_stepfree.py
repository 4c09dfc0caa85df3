"""Step-free access on a setting worked out by hand: three mahalle and three facilities on
one meridian (longitude 27.10), so every distance is the arc along it: 0.01° of latitude is
6,371,008.8 m × π/180 × 0.01 = 1,111.95 m; the walking model counts 1.3 × that at 4.8 km/h
(80 m a minute), 18.07 minutes per 0.01°.

    mahalle   lat     people     facility  lat    flag
    M1        38.40   100        F1        38.40  none
    M2        38.42   1,000      F2        38.43  withdrawn (does not count)
    M3        38.45   500        F3        38.46  in force

Nearest of all: M1→F1 0°, M2→F2 0.01°, M3→F3 0.01° (F2 is 0.02° away).
Nearest flagged (F3 only): M1 0.06°, M2 0.04°, M3 0.01°.
Gaps: M1 0.06°, M2 0.03°, M3 0°; × people: M2 (3,000) before M1 (600) before M3 (0).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.test import Client

from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_facility,
    make_facility_type,
    make_mahalle,
)
from adilkent.places.models import Mahalle
from adilkent.redflag import services
from adilkent.redflag.stepfree import step_free_access

from .conftest import TODAY, answers_for, staff

pytestmark = pytest.mark.django_db

PER_HUNDREDTH = 6_371_008.8 * math.pi / 180 * 0.01 * 1.3 / 80  # minutes per 0.01°


def _flag(facility, assessor, coordinator, withdraw: bool = False):  # type: ignore[no-untyped-def]
    subject = services.subject_register(kind="outdoor", facility=facility)
    assessment = services.assessment_record(
        subject=subject, assessor=assessor, visited_on=TODAY,
        answers=answers_for("outdoor"), today=TODAY,
    )  # fmt: skip
    flag = services.flag_grant(assessment=assessment, coordinator=coordinator, today=TODAY)
    if withdraw:
        services.flag_withdraw(flag=flag, coordinator=coordinator, reason="x", today=TODAY)
    return subject


@pytest.fixture
def city(db: None) -> dict[str, object]:
    district = make_district("Invented")
    mahalle = {}
    for name, lat, people in (("M1", 38.40, 100), ("M2", 38.42, 1000), ("M3", 38.45, 500)):
        m = make_mahalle(district, name)
        Mahalle.objects.filter(pk=m.pk).update(centroid_lon=27.10, centroid_lat=lat)
        add_population(m, 2024, people)
        mahalle[name] = m
    park = make_facility_type("park", "Park")
    f1 = make_facility(park, "F1", 27.10, 38.40, district=district)
    f2 = make_facility(park, "F2", 27.10, 38.43, district=district)
    f3 = make_facility(park, "F3", 27.10, 38.46, district=district)
    assessor, coordinator = staff("a", "assessor"), staff("c", "coordinator")
    _flag(f2, assessor, coordinator, withdraw=True)
    subject = _flag(f3, assessor, coordinator)
    return {"park": park, "f1": f1, "f2": f2, "f3": f3, "subject": subject, **mahalle}


def test_nearest_of_all_and_nearest_flagged_side_by_side(city: dict) -> None:  # type: ignore[type-arg]
    result = step_free_access(city["park"], TODAY)
    assert [f.facility for f in result.flagged] == [city["f3"]]
    by_name = {p.name: p for p in result.places}
    expected = {"M1": (0, 6, city["f1"]), "M2": (1, 4, city["f2"]), "M3": (1, 1, city["f3"])}
    for name, (to_all, to_flagged, nearest) in expected.items():
        place = by_name[name]
        assert place.minutes_all == pytest.approx(to_all * PER_HUNDREDTH, rel=1e-4)
        assert place.minutes_flagged == pytest.approx(to_flagged * PER_HUNDREDTH, rel=1e-4)
        assert place.nearest_all == nearest.pk
        assert place.nearest_flagged == city["f3"].pk
    assert [p.name for p in result.by_gap] == ["M2", "M1", "M3"]
    assert result.by_gap[0].person_minutes == pytest.approx(3 * PER_HUNDREDTH * 1000, rel=1e-4)
    # population-weighted means: (0×100 + 1×1000 + 1×500)/1600 and (6×100 + 4×1000 + 1×500)/1600
    assert result.mean_all == pytest.approx(1500 / 1600 * PER_HUNDREDTH, rel=1e-4)
    assert result.mean_flagged == pytest.approx(5100 / 1600 * PER_HUNDREDTH, rel=1e-4)
    # within 15 minutes: only M1 reaches any park (0 min); nobody reaches a flagged one
    assert (result.share_all, result.share_flagged) == (pytest.approx(100 / 1600), 0.0)


def test_with_no_flagged_facility_the_flagged_side_is_empty(city: dict) -> None:  # type: ignore[type-arg]
    result = step_free_access(city["park"], TODAY - dt.timedelta(days=1))  # before the grant
    assert result.flagged == []
    assert all(p.minutes_flagged is None for p in result.places)
    assert result.mean_flagged is None


def test_the_page_lists_the_flagged_facilities_and_the_gaps(city: dict) -> None:  # type: ignore[type-arg]
    page = Client().get("/en/red-flag/step-free/?type=park")
    assert page.status_code == 200
    html = page.content.decode()
    flagged = html.split('id="flagged-facilities"')[1].split("</ul>")[0]
    assert f"/en/red-flag/place/{city['subject'].public_id}/" in flagged
    assert ">F3</a>" in flagged and "F2" not in flagged
    table = html.split('id="gap-table"')[1]
    assert table.index("M2") < table.index("M1") < table.index("M3")
