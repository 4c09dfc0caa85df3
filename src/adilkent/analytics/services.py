"""Running the access engine on the database: inputs from places, results into the model.

The travel-cost model is the straight line (great-circle distance × 1.3 at walking speed, no
street network): every stored result carries that label and the pages say so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from adilkent.access.analysis import TypeResult, analyse_type
from adilkent.access.data import check_facilities, check_places
from adilkent.access.equity import lorenz_curve
from adilkent.access.model import StraightLineModel
from adilkent.places.models import Facility, FacilityType, Mahalle, Population
from adilkent.places.selectors import latest_population_year

from .models import AccessAnalysis

THRESHOLDS = (15.0, 30.0, 45.0, 60.0)
CATCHMENT_MINUTES = 30.0
NEED_TOP = 20
LORENZ_POINTS = 101
GROUPS = ("total", "village")


class AnalysisInputError(ValueError):
    """The database has nothing the engine can measure (no places, people or facilities)."""


@dataclass
class Inputs:
    places: pd.DataFrame
    facilities: pd.DataFrame
    population_year: int
    left_out: int  # mahalle without a centroid or without population


def default_model() -> StraightLineModel:
    """Walking, straight line × 1.3 at 4.8 km/h: the only model available without a network."""
    return StraightLineModel(speed_kmh=4.8, circuity=1.3, mode="walk")


def build_places() -> tuple[pd.DataFrame, int, int]:
    """Mahalle centroids with the latest total population (and village residents), checked.

    Returns the places, the population year and how many mahalle were left out (no centroid
    or no population).
    """
    year = latest_population_year()
    if year is None:
        raise AnalysisInputError("no mahalle population has been imported")
    counts = dict(
        Population.objects.filter(mahalle__isnull=False, year=year, group="total")
        .values_list("mahalle_id")
        .annotate(n=Sum("count"))
        .values_list("mahalle_id", "n")
    )
    rows = []
    left_out = 0
    # only the columns needed: reading the boundary polygons too took 7 of 8 s on the demo data
    for pk, name, district, lon, lat, is_village in Mahalle.objects.order_by("pk").values_list(
        "pk", "name", "district__name", "centroid_lon", "centroid_lat", "is_village"
    ):
        people = counts.get(pk) or 0
        if lon is None or lat is None or people <= 0:
            left_out += 1
            continue
        rows.append(
            {
                "place_id": str(pk),
                "name": name,
                "district": district,
                "lon": lon,
                "lat": lat,
                "total": float(people),
                "village": float(people) if is_village else 0.0,
            }
        )
    if not rows:
        raise AnalysisInputError("no mahalle has both a location and a population")
    return check_places(pd.DataFrame(rows), list(GROUPS)), year, left_out


def facility_frame(facility_type: FacilityType) -> pd.DataFrame:
    """The type's facilities as the engine's table (capacity 1 each)."""
    facilities = [
        {
            "facility_id": str(f["pk"]),
            "name": f["name"],
            "lon": f["lon"],
            "lat": f["lat"],
            "type": facility_type.code,
            "capacity": 1.0,
        }
        for f in Facility.objects.filter(facility_type=facility_type).values(
            "pk", "name", "lon", "lat"
        )
    ]
    if not facilities:
        raise AnalysisInputError(f"there are no facilities of type {facility_type.code!r}")
    return check_facilities(pd.DataFrame(facilities))


def build_inputs(facility_type: FacilityType) -> Inputs:
    """Places (mahalle centroids with the latest total population) and the type's facilities."""
    places, year, left_out = build_places()
    return Inputs(places, facility_frame(facility_type), year, left_out)


def _clean(value: Any) -> Any:
    """JSON-safe: NumPy scalars to Python, NaN and infinity to None."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _lorenz(values: np.ndarray, weights: np.ndarray) -> dict[str, list[float]]:
    population, share = lorenz_curve(values, weights)
    grid = np.linspace(0.0, 1.0, LORENZ_POINTS)
    return {"population": grid.tolist(), "share": np.interp(grid, population, share).tolist()}


def summarise(result: TypeResult, inputs: Inputs) -> dict[str, Any]:
    """The stored results: what the pages show, in plain JSON."""
    places = result.places
    minutes = places["nearest_minutes"].to_numpy(dtype=np.float64)
    people = places["total"].to_numpy(dtype=np.float64)
    village = places["village"].to_numpy(dtype=np.float64)
    measures = [
        {
            "id": int(row.place_id),
            "name": row.name,
            "district": row.district,
            "lon": row.lon,
            "lat": row.lat,
            "population": int(row.total),
            "village": bool(row.village > 0),
            "minutes": row.nearest_minutes,
            "facilities_30": int(getattr(row, "facilities_within_30", 0) or 0),
            "access_2sfca": row.access_2sfca,
        }
        for row in places.itertuples(index=False)
    ]
    shares = [
        {
            "threshold": float(t),
            "total": _share(minutes, people, t),
            "village": _share(minutes, village, t),
        }
        for t in THRESHOLDS
    ]
    districts = []
    for name, group in places.groupby("district", sort=True):
        m = group["nearest_minutes"].to_numpy(dtype=np.float64)
        w = group["total"].to_numpy(dtype=np.float64)
        districts.append(
            {
                "district": name,
                "population": int(w.sum()),
                "mean_minutes": float(np.average(m, weights=w)),
                "share_30": _share(m, w, 30.0),
                "mahalle": len(group),
            }
        )
    need = [
        {
            "rank": int(row.rank),
            "id": int(row.place_id),
            "name": row.name,
            "district": row.district,
            "population": int(row.total),
            "minutes": row.minutes,
            "need": row.need,
        }
        for row in result.need.head(NEED_TOP).itertuples(index=False)
    ]
    return _clean(
        {
            "places": measures,
            "shares": shares,
            "districts": districts,
            "need": need,
            # every place with a need above zero and its rank (1 = greatest need), for the
            # Act pillar's priority rules (enrolment); places without need are left out
            "need_ranks": {
                str(int(row.place_id)): int(row.rank)
                for row in result.need.itertuples(index=False)
                if row.need > 0
            },
            "equity": result.equity,
            "lorenz_2sfca": _lorenz(places["access_2sfca"].to_numpy(dtype=np.float64), people),
            "mean_minutes": float(np.average(minutes, weights=people)),
            "population": int(people.sum()),
            "population_year": inputs.population_year,
            "mahalle_measured": len(places),
            "mahalle_left_out": inputs.left_out,
            "facilities": len(inputs.facilities),
            "parameters": result.parameters,
        }
    )


def _share(minutes: np.ndarray, weights: np.ndarray, threshold: float) -> float | None:
    total = float(weights.sum())
    return float(weights[minutes <= threshold].sum() / total) if total > 0 else None


def _progress(analysis: AccessAnalysis, percent: int, message: str, **fields: Any) -> None:
    analysis.progress, analysis.message = percent, message
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.save(update_fields=["progress", "message", *fields])


def run_analysis(analysis: AccessAnalysis) -> AccessAnalysis:
    """Compute and store one analysis; any error marks it failed, with no results kept."""
    model = default_model()
    _progress(
        analysis,
        5,
        gettext_noop("Reading places and facilities"),
        status=AccessAnalysis.Status.RUNNING,
        started_at=timezone.now(),
        model_label=model.label,
        error="",
    )
    try:
        inputs = build_inputs(analysis.facility_type)
        _progress(analysis, 30, gettext_noop("Measuring travel times"))
        options = {
            "thresholds": THRESHOLDS,
            "catchment": CATCHMENT_MINUTES,
            "need_target": 15.0,
            "need_limit": 60.0,
        }
        result = analyse_type(
            analysis.facility_type.code,
            inputs.places,
            inputs.facilities,
            list(GROUPS),
            model,
            **options,  # type: ignore[arg-type]
        )
        _progress(analysis, 80, gettext_noop("Summarising the results"))
        results = summarise(result, inputs)
    except Exception as exc:
        analysis.fail(exc)
        return analysis
    analysis.parameters = {"model": model.label, **_clean(options), "groups": list(GROUPS)}
    analysis.finish(results)
    return analysis


@task()
def run_access_analysis(analysis_id: int) -> str:
    """The background job: run one queued analysis."""
    analysis = AccessAnalysis.objects.select_related("facility_type").get(pk=analysis_id)
    return str(run_analysis(analysis).status)


def start_analysis(
    facility_type: FacilityType, user: User | AnonymousUser | None = None
) -> AccessAnalysis:
    """Queue an analysis of ``facility_type`` and hand it to the task queue."""
    analysis = AccessAnalysis.objects.create(
        facility_type=facility_type,
        model_label=default_model().label,
        message=gettext_noop("Waiting for a worker"),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    run_access_analysis.enqueue(analysis.pk)
    return analysis


def facility_types_with_facilities() -> Sequence[FacilityType]:
    return list(FacilityType.objects.filter(facilities__isnull=False).distinct().order_by("code"))
