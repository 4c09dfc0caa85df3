"""Pages of mobile-service plans: when a service comes to a mahalle (public, with an iCalendar
subscription), the plan's days and figures, and starting a new plan (staff)."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from adilkent.places.models import Mahalle
from adilkent.routing.files import calendar_for
from adilkent.routing.model import Plan

from . import selectors, services
from .models import PlanRun, Service


def _service_or_404(service: str) -> Service:
    if service not in Service.values:
        raise Http404("No such service.")
    return Service(service)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    cards = [(service, selectors.latest_plan(service.value)) for service in Service]
    return render(
        request,
        "planner/index.html",
        {"cards": cards, "today": dt.date.today(), "runs": PlanRun.objects.all()[:10]},
    )


@require_safe
def service_plan(request: HttpRequest, service: str) -> HttpResponse:
    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    rows = selectors.places_in_plan(run) if run else []
    selected = None
    if run and request.GET.get("mahalle", "").isdigit():
        mahalle = Mahalle.objects.filter(pk=int(request.GET["mahalle"])).first()
        if mahalle is not None:
            selected = (mahalle, selectors.visits_at(run, mahalle))
    return render(
        request,
        "planner/service.html",
        {
            "service": chosen,
            "run": run,
            "rows": rows,
            "selected": selected,
            "days": selectors.routes_by_day(run) if run else [],
            "kpis": (run.document or {}).get("kpis") if run else None,
            "naive": ((run.document or {}).get("comparison") or {}).get("naive", {}).get("kpis")
            if run
            else None,
        },
    )


@require_safe
def stops_geojson(request: HttpRequest, service: str) -> JsonResponse:
    from adilkent.core import l10n

    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    if run is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})
    page = reverse("planner:service", args=[chosen.value])
    return JsonResponse(
        selectors.stops_geojson(
            run,
            week_label=lambda day: _("Week from %(day)s") % {"day": l10n.format_day(day)},
            dates_label=lambda days: ", ".join(l10n.format_day(d) for d in days),
            url_for=lambda pk: f"{page}?mahalle={pk}",
        )
    )


@require_safe
def mahalle_calendar(request: HttpRequest, service: str, mahalle: int) -> HttpResponse:
    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    place = get_object_or_404(Mahalle, pk=mahalle)
    if run is None:
        raise Http404("No plan yet.")
    title = f"{chosen.label} · {place.name}"
    body = _calendar(run, place, str(title))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{chosen.value}-{place.pk}.ics"'
    return response


def _calendar(run: PlanRun, place: Mahalle, title: str) -> bytes:
    from adilkent.routing.model import DayRoute, PlanSettings, Site, Stop

    wanted = services.site_id(place.pk)
    site = Site(wanted, place.name, float(place.centroid_lon or 0), float(place.centroid_lat or 0))
    routes = []
    for visit in selectors.visits_at(run, place):
        day = visit.date
        start = int(visit.start[:2]) * 60 + int(visit.start[3:])
        end = int(visit.end[:2]) * 60 + int(visit.end[3:])
        routes.append(
            DayRoute(
                (day - run.start_date).days,
                day,
                run.service,
                (Stop(wanted, start, start, end, 0),),
                start,
                end,
                0,
            )
        )
    plan = Plan(
        name=f"{run.service}-{run.pk}",
        settings=PlanSettings(run.start_date),
        travel_model=(run.document or {}).get("travel_model", ""),
        routes=routes,
        unserved=[],
        warnings=[],
        sites={wanted: site},
        vehicles={},
    )
    return calendar_for(plan, title=title)


@require_POST
@staff_member_required
def start_plan(request: HttpRequest) -> HttpResponse:
    service = request.POST.get("service", "")
    try:
        start = dt.date.fromisoformat(request.POST.get("start_date", ""))
    except ValueError:
        return render(
            request,
            "planner/index.html",
            {
                "cards": [(s, selectors.latest_plan(s.value)) for s in Service],
                "today": dt.date.today(),
                "runs": PlanRun.objects.all()[:10],
                "error": _("Give the first day of the plan as a date, for example 2026-01-05."),
            },
            status=400,
        )
    if service not in Service.values:
        raise Http404("No such service.")
    run = services.request_plan(service, start)
    return redirect("planner:run", pk=run.pk)


@require_safe
@staff_member_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(PlanRun, pk=pk)
    template = (
        "planner/_run_status.html" if request.headers.get("HX-Request") else "planner/run.html"
    )
    return render(request, template, {"run": run})
