"""Siting scenarios on the database: the existing sites (facilities or an uploaded file), the
candidate mahalle, the background job and the stored before/after results.

The travel-cost model is the same straight line as the analyses (great-circle distance × 1.3
at walking speed, no street network), and every result carries its label.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from adilkent.access.analysis import plan_sites, underserved_candidates
from adilkent.places.models import FacilityType, Mahalle

from .models import AccessAnalysis, SitingScenario
from .services import (
    CATCHMENT_MINUTES,
    GROUPS,
    THRESHOLDS,
    _clean,
    build_places,
    default_model,
    facility_frame,
)

MAX_UPLOAD_ROWS = 5000
BBOX_MARGIN = 0.25  # degrees around the mahalle centres: sites farther out are refused
SITE_COLUMNS = ("id", "name", "lat", "lon")


@dataclass
class UploadedSites:
    """The usable rows of an uploaded file of existing sites, and why the others were not."""

    sites: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""  # the whole file is unusable


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def city_bbox() -> tuple[float, float, float, float] | None:
    located = Mahalle.objects.filter(centroid_lon__isnull=False, centroid_lat__isnull=False)
    lons = [float(v) for v in located.values_list("centroid_lon", flat=True) if v is not None]
    lats = [float(v) for v in located.values_list("centroid_lat", flat=True) if v is not None]
    if not lons or not lats:
        return None
    return (
        min(lons) - BBOX_MARGIN,
        min(lats) - BBOX_MARGIN,
        max(lons) + BBOX_MARGIN,
        max(lats) + BBOX_MARGIN,
    )


def read_sites_csv(
    data: bytes, bbox: tuple[float, float, float, float] | None = None
) -> UploadedSites:
    """Read a CSV of existing sites with the columns ``id, name, lat, lon`` (any order).

    Every row that cannot be used is reported with its line number and the reason (missing
    id, repeated id, a coordinate that is not a number or not a latitude/longitude, a place
    outside the city's area); the others are kept.
    """
    result = UploadedSites()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.error = _("The file is not UTF-8 text: save it as CSV (UTF-8) and try again.")
        return result
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in SITE_COLUMNS if c not in header]
    if missing:
        result.error = _(
            "The file needs the columns id, name, lat, lon in its first line; missing: %(missing)s."
        ) % {"missing": ", ".join(missing)}
        return result
    reader.fieldnames = header
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_UPLOAD_ROWS:
            result.error = _("The file has more than %(n)s rows.") % {"n": MAX_UPLOAD_ROWS}
            return result
        site_id = (row.get("id") or "").strip()
        name = (row.get("name") or "").strip()
        lat, lon = _number(row.get("lat") or ""), _number(row.get("lon") or "")
        reasons = []
        if not site_id:
            reasons.append(_("the id is empty"))
        elif site_id in seen:
            reasons.append(_("the id %(id)s is used by an earlier row") % {"id": site_id})
        if lat is None:
            reasons.append(_("lat %(value)r is not a number") % {"value": row.get("lat") or ""})
        elif not -90 <= lat <= 90:
            reasons.append(_("lat %(value)s is not a latitude (−90 to 90)") % {"value": lat})
        if lon is None:
            reasons.append(_("lon %(value)r is not a number") % {"value": row.get("lon") or ""})
        elif not -180 <= lon <= 180:
            reasons.append(_("lon %(value)s is not a longitude (−180 to 180)") % {"value": lon})
        if (
            not reasons
            and bbox is not None
            and lat is not None
            and lon is not None
            and not (bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3])
        ):
            reasons.append(
                _("%(lat)s, %(lon)s is outside the city's area (are lat and lon swapped?)")
                % {"lat": lat, "lon": lon}
            )
        if reasons:
            result.problems.append({"line": line, "id": site_id, "reasons": reasons})
            continue
        seen.add(site_id)
        result.sites.append({"id": site_id, "name": name or site_id, "lat": lat, "lon": lon})
    if not result.sites and not result.error:
        result.error = _("No row of the file could be used.")
    return result


def existing_frame(scenario: SitingScenario) -> pd.DataFrame:
    """The existing sites of the scenario as the engine's table (possibly empty)."""
    if scenario.facility_type_id is not None:
        assert scenario.facility_type is not None
        return facility_frame(scenario.facility_type)
    return pd.DataFrame(
        [
            {
                "facility_id": f"upload:{s['id']}",
                "name": s["name"],
                "lon": s["lon"],
                "lat": s["lat"],
            }
            for s in scenario.existing_sites
        ],
        columns=["facility_id", "name", "lon", "lat"],
    )


def _progress(scenario: SitingScenario, percent: int, message: str, **fields: Any) -> None:
    scenario.progress, scenario.message = percent, message
    for name, value in fields.items():
        setattr(scenario, name, value)
    scenario.save(update_fields=["progress", "message", *fields])


def _summary(plan: Any, places: pd.DataFrame, existing: pd.DataFrame) -> dict[str, Any]:
    new_sites = [
        {
            "id": int(row.site_id),
            "name": row.name,
            "district": row.district,
            "lon": row.lon,
            "lat": row.lat,
            "newly_covered": round(row.newly_covered),
            "newly_covered_village": round(row.newly_covered_village),
            "newly_covered_places": int(row.newly_covered_places),
        }
        for row in plan.new_sites.itertuples(index=False)
    ]
    return {
        "before": plan.before,
        "after": plan.after,
        "new_sites": sorted(new_sites, key=lambda s: -s["newly_covered"]),
        "existing": [
            {"name": str(r.name), "lon": r.lon, "lat": r.lat}
            for r in existing.itertuples(index=False)
        ],
        "places": [
            {
                "id": int(r.place_id),
                "name": r.name,
                "district": r.district,
                "lon": r.lon,
                "lat": r.lat,
                "population": int(r.total),
                "village": bool(r.village > 0),
                "minutes": r.minutes_after,
            }
            for r in places.itertuples(index=False)
        ],
        "parameters": plan.parameters,
        "newly_covered": round(float(np.sum(plan.new_sites["newly_covered"]))),
    }


def run_scenario(scenario: SitingScenario) -> SitingScenario:
    """Compute and store one scenario; any error marks it failed, with no results kept."""
    model = default_model()
    _progress(
        scenario,
        5,
        gettext_noop("Reading places and existing sites"),
        status=AccessAnalysis.Status.RUNNING,
        started_at=timezone.now(),
        model_label=model.label,
        error="",
    )
    try:
        places, year, left_out = build_places()
        existing = existing_frame(scenario)
        if scenario.candidates == SitingScenario.Candidates.UNDERSERVED:
            chosen = underserved_candidates(places, existing, model, scenario.max_minutes)
            if chosen.empty:
                raise ValueError(
                    f"every neighbourhood already has a site within {scenario.max_minutes:g} "
                    "minutes: choose every neighbourhood as a candidate, or a shorter time"
                )
        else:
            chosen = places
        candidates = chosen.rename(columns={"place_id": "site_id"})
        _progress(scenario, 25, gettext_noop("Choosing the new sites"))
        plan = plan_sites(
            places,
            existing,
            candidates,
            list(GROUPS),
            model,
            k=scenario.k or 0,
            method=scenario.method,
            max_minutes=scenario.max_minutes,
            coverage_target=scenario.coverage_target,
            thresholds=THRESHOLDS,
            catchment=CATCHMENT_MINUTES,
        )
        _progress(scenario, 85, gettext_noop("Summarising the results"))
        origins = places.assign(minutes_after=plan.minutes_after)
        results = _summary(plan, origins, existing)
        results.update(
            population_year=year,
            mahalle_measured=len(places),
            mahalle_left_out=left_out,
            population=int(places["total"].sum()),
        )
        results = _clean(results)
    except Exception as exc:
        scenario.fail(exc)
        return scenario
    scenario.finish(results)
    return scenario


@task()
def run_siting_scenario(scenario_id: int) -> str:
    """The background job: run one queued scenario."""
    scenario = SitingScenario.objects.select_related("facility_type").get(pk=scenario_id)
    return str(run_scenario(scenario).status)


def start_scenario(
    *,
    service_name: str,
    method: str,
    max_minutes: float,
    candidates: str,
    k: int | None = None,
    coverage_target: float | None = None,
    facility_type: FacilityType | None = None,
    existing_sites: list[dict[str, Any]] | None = None,
    upload_problems: list[dict[str, Any]] | None = None,
    preset: str = "",
    user: User | AnonymousUser | None = None,
) -> SitingScenario:
    """Queue a scenario and hand it to the task queue."""
    scenario = SitingScenario.objects.create(
        facility_type=facility_type,
        service_name=service_name,
        preset=preset,
        existing_sites=existing_sites or [],
        upload_problems=upload_problems or [],
        method=method,
        k=k,
        coverage_target=coverage_target,
        max_minutes=max_minutes,
        candidates=candidates,
        model_label=default_model().label,
        message=gettext_noop("Waiting for a worker"),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    run_siting_scenario.enqueue(scenario.pk)
    return scenario
