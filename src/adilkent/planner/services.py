"""Writes of the planner: request a plan, run it (in the job queue), store the result whole.

The plan is computed by the Django-free :mod:`adilkent.routing` engine on the places in the
database; a run that fails keeps its error and no half-written plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from adilkent.places.models import District, Mahalle, Population, PopulationGroup
from adilkent.routing.calendars import public_holidays
from adilkent.routing.empowerment import empowerment_stops
from adilkent.routing.files import plan_document
from adilkent.routing.kpi import plan_kpis
from adilkent.routing.mobile_services import (
    ServicePlan,
    employment_point,
    legal_aid,
    milk_service,
    mobile_library,
)
from adilkent.routing.places import Place, PlaceSet
from adilkent.routing.stages import mobile_stages

from .models import PlanRun, RunStatus, Service


def site_id(mahalle_pk: int) -> str:
    return f"mahalle-{mahalle_pk}"


def places_from_database() -> PlaceSet:
    """Every mahalle with a centroid, its latest total population, and the city centre (the
    centroid of the district named by ``settings.CITY_CENTRE_DISTRICT``)."""
    centre_name = settings.CITY_CENTRE_DISTRICT
    centre = District.objects.filter(name=centre_name, centroid_lon__isnull=False).first()
    if centre is None or centre.centroid_lon is None or centre.centroid_lat is None:
        raise ValueError(f"the centre district {centre_name!r} has no centroid in the database")
    population: dict[int, int] = {}
    for row in (
        Population.objects.filter(mahalle__isnull=False, group=PopulationGroup.TOTAL)
        .order_by("mahalle_id", "-year")
        .values("mahalle_id", "count")
    ):
        population.setdefault(row["mahalle_id"], row["count"])
    places = [
        Place(
            id=site_id(m.pk),
            name=m.name,
            district=m.district.name,
            lon=float(m.centroid_lon),
            lat=float(m.centroid_lat),
            is_village=m.is_village,
            population=population.get(m.pk),
        )
        for m in Mahalle.objects.select_related("district")
        .defer("geometry", "district__geometry")
        .filter(centroid_lon__isnull=False)
        if m.centroid_lat is not None and m.centroid_lon is not None
    ]
    return PlaceSet(
        places=places,
        centre_name=f"centroid of {centre.name} district",
        centre_lon=float(centre.centroid_lon),
        centre_lat=float(centre.centroid_lat),
        unmatched_population=0,
        source="the places database",
    )


# solver seconds per planning window when none is asked for: Süt Kuzusu plans 58 teams one
# after the other (5 windows each), so 0.3 s a window keeps a full plan to about 2 minutes
DEFAULT_SECONDS = {
    Service.LIBRARY: 1.0,
    Service.LEGAL_AID: 1.0,
    Service.MILK: 0.3,
    Service.EMPOWERMENT: 1.0,
    Service.STAGE: 1.0,
    Service.EMPLOYMENT_POINT: 1.0,
}


def request_plan(
    service: str,
    start_date: dt.date,
    seconds_per_window: float | None = None,
    horizon_days: int | None = None,
) -> PlanRun:
    """Store the request, then queue it once the request is committed."""
    from .tasks import run_plan

    if service not in Service.values:
        raise ValueError(f"unknown service {service!r}")
    run = PlanRun.objects.create(
        service=service,
        start_date=start_date,
        seconds_per_window=seconds_per_window or DEFAULT_SECONDS[Service(service)],
        horizon_days=horizon_days,
    )
    transaction.on_commit(lambda: run_plan.enqueue(run.pk))
    return run


# The engine's planner of each service; its defaults (e.g. the days planned) are the service's.
PLANNERS: dict[Service, Callable[..., ServicePlan]] = {
    Service.LIBRARY: mobile_library,
    Service.LEGAL_AID: legal_aid,
    Service.MILK: milk_service,  # progress counts teams here: each team is planned on its own
    Service.EMPOWERMENT: empowerment_stops,
    Service.STAGE: mobile_stages,
    Service.EMPLOYMENT_POINT: employment_point,
}


HOLIDAY_LOOKAHEAD_DAYS = 400  # longer than any plan's horizon


def _plan_service(
    run: PlanRun, places: PlaceSet, progress: Callable[[int, int], None]
) -> ServicePlan:
    options: dict[str, Any] = {"seconds_per_window": run.seconds_per_window, "progress": progress}
    if run.horizon_days:
        options["horizon_days"] = run.horizon_days
    if run.service == Service.MILK:
        # the children the programme serves in the city (the seed: 156,313 in İzmir)
        options["children_total"] = getattr(settings, "MILK_CHILDREN_TOTAL", 156_313)
    # no service goes out on a public holiday (the country is a setting: a city is data)
    closed = public_holidays(
        getattr(settings, "PUBLIC_HOLIDAYS_COUNTRY", ""),
        run.start_date,
        run.start_date + dt.timedelta(days=HOLIDAY_LOOKAHEAD_DAYS),
    )
    options["closed_dates"] = closed
    result = PLANNERS[Service(run.service)](places, run.start_date, **options)
    last = max((r.date for r in result.plan.routes), default=run.start_date)
    skipped = sorted(d for d in closed if d <= last)
    if skipped:
        result.assumptions.append(
            "no visits on public holidays: " + ", ".join(d.isoformat() for d in skipped)
        )
    return result


def execute_plan(run_id: int) -> PlanRun:
    run = PlanRun.objects.get(pk=run_id)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        PlanRun.objects.filter(pk=run_id).update(progress_done=done, progress_total=total)

    try:
        result = _plan_service(run, places_from_database(), progress)
        document = plan_document(
            result.plan,
            {
                "assumptions": result.assumptions,
                "comparison": {"naive": {"kpis": plan_kpis(result.naive).as_dict()}},
                **result.details,
            },
        )
    except Exception as exc:  # the run keeps the error; nothing half-written
        PlanRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )
        raise
    PlanRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, document=document, error="", finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
