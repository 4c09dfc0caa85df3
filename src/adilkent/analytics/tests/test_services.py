"""The analysis service on a small hand-built city, and the job's progress and failure."""

from __future__ import annotations

import math

import pytest

from adilkent.analytics import services
from adilkent.analytics.models import AccessAnalysis
from adilkent.core.tests.factories import (
    add_population,
    make_district,
    make_facility,
    make_facility_type,
    make_mahalle,
)
from adilkent.places.models import Mahalle

pytestmark = pytest.mark.django_db

R = 6_371_008.8  # mean Earth radius in metres (IUGG)


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))


def walk_minutes(metres: float) -> float:
    return metres * 1.3 / (4800 / 60)  # × 1.3 circuity at 4.8 km/h


def _place(mahalle: Mahalle, lon: float, lat: float) -> None:
    Mahalle.objects.filter(pk=mahalle.pk).update(centroid_lon=lon, centroid_lat=lat)


@pytest.fixture
def city() -> dict[str, object]:
    """Hospital at (27.0, 38.4); Near 0.01° north (≈1.1 km), Far 0.1° north (≈11 km)."""
    konak = make_district("Konak")
    bornova = make_district("Bornova")
    near = make_mahalle(konak, "Yakın")
    far = make_mahalle(bornova, "Uzak", is_village=True)
    nowhere = make_mahalle(bornova, "Konumsuz")  # no centroid: left out, counted
    _place(near, 27.0, 38.41)
    _place(far, 27.0, 38.5)
    Mahalle.objects.filter(pk=nowhere.pk).update(centroid_lon=None, centroid_lat=None)
    add_population(near, 2025, 3000)
    add_population(far, 2025, 1000)
    add_population(far, 2024, 999_999)  # an older year is ignored
    add_population(nowhere, 2025, 500)
    hospital = make_facility_type("hospital", "Hastane")
    make_facility(hospital, "Devlet Hastanesi", 27.0, 38.4)
    make_facility_type("park", "Park")  # a type without facilities
    return {"hospital": hospital, "near": near, "far": far}


def test_minutes_follow_the_haversine_formula(city: dict[str, object]) -> None:
    analysis = AccessAnalysis.objects.create(facility_type=city["hospital"])
    services.run_analysis(analysis)
    analysis.refresh_from_db()
    assert analysis.status == "done" and analysis.progress == 100
    assert "straight line" in analysis.model_label
    results = analysis.results
    by_name = {p["name"]: p for p in results["places"]}
    near_min = walk_minutes(haversine_m(27.0, 38.41, 27.0, 38.4))
    far_min = walk_minutes(haversine_m(27.0, 38.5, 27.0, 38.4))
    assert by_name["Yakın"]["minutes"] == pytest.approx(near_min, rel=1e-9)
    assert by_name["Uzak"]["minutes"] == pytest.approx(far_min, rel=1e-9)
    assert 17 < near_min < 19 and far_min > 60  # 1.11 km and 11.1 km
    assert results["mahalle_measured"] == 2 and results["mahalle_left_out"] == 1
    assert results["population"] == 4000 and results["population_year"] == 2025
    assert results["mean_minutes"] == pytest.approx((3000 * near_min + 1000 * far_min) / 4000)
    shares = {s["threshold"]: s for s in results["shares"]}
    assert shares[15.0]["total"] == 0 and shares[30.0]["total"] == pytest.approx(0.75)
    assert shares[60.0]["total"] == pytest.approx(0.75) and shares[60.0]["village"] == 0
    # Need = people × gap, gap = (minutes − 15) / 45 capped at 1: Uzak 1000 × 1, Yakın 3000 × small.
    need = results["need"]
    assert [n["name"] for n in need] == ["Uzak", "Yakın"]
    assert need[0]["need"] == pytest.approx(1000.0)
    assert need[1]["need"] == pytest.approx(3000 * (near_min - 15) / 45)
    districts = {d["district"]: d for d in results["districts"]}
    assert districts["Konak"]["share_30"] == 1 and districts["Bornova"]["share_30"] == 0
    # Two places, one facility: Yakın reaches it within 30 min, Uzak does not, so all the
    # 2SFCA access is Yakın's; the Lorenz curve is flat for the first quarter of people.
    lorenz = results["lorenz_2sfca"]
    assert lorenz["share"][25] == pytest.approx(0.0) and lorenz["share"][-1] == pytest.approx(1.0)


def test_the_task_runs_through_the_queue(city: dict[str, object]) -> None:
    analysis = services.start_analysis(city["hospital"])  # type: ignore[arg-type]
    analysis.refresh_from_db()  # the test settings run jobs at once
    assert analysis.status == "done" and analysis.finished_at is not None
    assert analysis.started_at is not None and analysis.started_at <= analysis.finished_at


def test_a_type_without_facilities_fails_visibly_and_keeps_nothing(
    city: dict[str, object],
) -> None:
    from adilkent.places.models import FacilityType

    park = FacilityType.objects.get(code="park")
    analysis = services.start_analysis(park)
    analysis.refresh_from_db()
    assert analysis.status == "failed"
    assert "no facilities of type 'park'" in analysis.error
    assert analysis.results is None and analysis.finished_at is not None


def test_no_population_fails_with_a_clear_error() -> None:
    hospital = make_facility_type("hospital", "Hastane")
    analysis = services.run_analysis(AccessAnalysis.objects.create(facility_type=hospital))
    assert analysis.status == "failed"
    assert "no mahalle population has been imported" in analysis.error
    assert analysis.results is None


def test_progress_is_saved_as_the_job_goes(city: dict[str, object]) -> None:
    from django.db.models.signals import post_save

    seen: list[tuple[str, int]] = []

    def record(sender: type, instance: AccessAnalysis, **kwargs: object) -> None:
        seen.append((instance.status, instance.progress))

    post_save.connect(record, sender=AccessAnalysis)
    try:
        services.start_analysis(city["hospital"])  # type: ignore[arg-type]
    finally:
        post_save.disconnect(record, sender=AccessAnalysis)
    assert seen[0] == ("queued", 0)
    assert seen[-1] == ("done", 100)
    running = [p for s, p in seen if s == "running"]
    assert len(running) >= 3 and running == sorted(running) and 0 < running[0] < 100
