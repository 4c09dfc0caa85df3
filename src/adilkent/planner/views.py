"""Pages of mobile-service plans: when a service comes to a mahalle (public, with an iCalendar
subscription), the plan's days and figures, and starting a new plan (staff)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from adilkent.core.parsing import ParseError, parse_date, parse_optional_int
from adilkent.places.models import Mahalle
from adilkent.routing.files import calendar_for
from adilkent.routing.model import Plan

from . import answers, selectors, services
from .models import PlanRun, Service


def _service_or_404(service: str) -> Service:
    if service not in Service.values:
        raise Http404("No such service.")
    return Service(service)


def _cards() -> list[tuple[Service, PlanRun | None, int]]:
    """Each service, its latest plan and the number of days with routes in it (a day on which
    several teams work counts once)."""
    cards = []
    for service in Service:
        run = selectors.latest_plan(service.value)
        routes = (run.document or {}).get("routes", []) if run else []
        cards.append((service, run, len({route["date"] for route in routes})))
    return cards


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    cards = _cards()
    return render(
        request,
        "planner/index.html",
        {"cards": cards, "today": dt.date.today(), "runs": PlanRun.objects.all()[:10]},
    )


def _choice(request: HttpRequest, name: str, allowed: list[int], default: int) -> int:
    value = parse_optional_int(request.GET.get(name), field=name)
    return value if value is not None and value in allowed else default


def _route_choice(request: HttpRequest, run: PlanRun) -> tuple[dict | None, list[int], int]:
    """The team (of a plan made by teams) and the week the route map shows: from the query,
    else the first team and the first week with routes."""
    teams = (run.document or {}).get("teams", [])
    numbers = [int(t["team"]) for t in teams]
    number = _choice(request, "team", numbers, numbers[0] if numbers else 0)
    team = next((t for t in teams if int(t["team"]) == number), None)
    weeks = selectors.plan_weeks(run, team["vehicle"] if team else None)
    return team, weeks, _choice(request, "week", weeks, weeks[0] if weeks else 0)


def _stage_days(stage: dict | None) -> str:
    """The weekday of each mobile stage, in the page's language ("Stage 1: Friday, …")."""
    from babel.dates import get_day_names

    from adilkent.core import l10n

    if not stage:
        return ""
    names = get_day_names("wide", locale=l10n.current_locale())
    return ", ".join(
        _("Stage %(number)s: %(day)s")
        % {"number": l10n.format_number(number), "day": names[int(weekday)]}
        for number, weekday in enumerate(stage.get("weekdays", []), start=1)
    )


@require_safe
def service_plan(request: HttpRequest, service: str) -> HttpResponse:
    """The resident's page: find your mahalle or village, read its next dates first."""
    from django.utils import timezone

    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    context: dict = {"service": chosen, "run": run, "query": ""}
    if run is None:
        return render(request, "planner/service.html", context)
    today = timezone.localdate()
    served = answers.served_mahalle_ids(run)
    query = request.GET.get("q", "").strip()[:100]
    wanted = parse_optional_int(request.GET.get("mahalle"), field="mahalle", minimum=1)
    place: Mahalle | None = None
    matches: list[answers.PlaceChoice] = []
    if wanted is not None:
        place = Mahalle.objects.select_related("district").filter(pk=wanted).first()
    elif query:
        matches = answers.place_search(query, served)
        if len(matches) == 1:
            place = matches[0].mahalle
    is_served = place is not None and place.pk in served
    door_to_door = chosen.value in answers.DOOR_TO_DOOR
    places = answers.served_places(run)
    last_day = max((route["date"] for route in (run.document or {}).get("routes", [])), default="")
    context.update(
        {
            "query": query if place is None else place.name,
            "asked": bool(query) or wanted is not None,
            "place": place,
            "matches": matches if place is None else [],
            "served": is_served,
            "visits": answers.next_visits(run, place.pk, today=today)
            if is_served and place
            else [],
            "nearest": (
                answers.nearest_served(run, place, today=today)
                if place is not None and not is_served and not door_to_door
                else None
            ),
            "door_to_door": door_to_door,
            "places": places,
            "last_day": dt.date.fromisoformat(last_day) if last_day else None,
            "guide_code": answers.GUIDE_CODES.get(chosen.value, ""),
            "rule": (run.document or {}).get("rule"),
        }
    )
    return render(request, "planner/service.html", context)


@require_safe
@staff_member_required
def service_details(request: HttpRequest, service: str) -> HttpResponse:
    """The planner's view of a plan (staff): its rule, figures, teams, routes and every stop."""
    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    context: dict = {"service": chosen, "run": run}
    if run is None:
        return render(request, "planner/service_details.html", context)
    team, weeks, week = _route_choice(request, run)
    vehicle = team["vehicle"] if team else None
    document = run.document or {}
    context.update(
        {
            "rows": selectors.places_in_plan(run),
            "days": selectors.routes_by_day(run, vehicle),
            "team": team,
            "teams": selectors.teams(run),
            "rule": document.get("rule"),
            "empowerment": document.get("empowerment"),
            "stop_figures": selectors.stop_figures(run),
            "stage": document.get("stage"),
            "stage_days": _stage_days(document.get("stage")),
            "weeks": [(number, selectors.week_start(run, number)) for number in weeks],
            "week": week,
            "week_start": selectors.week_start(run, week),
            "week_routes": selectors.routes_of_week(run, week, vehicle) if weeks else [],
            "routes_query": urlencode({"week": week, **({"team": team["team"]} if team else {})}),
            "kpis": document.get("kpis"),
            "naive": (document.get("comparison") or {}).get("naive", {}).get("kpis"),
        }
    )
    return render(request, "planner/service_details.html", context)


@require_safe
def routes_geojson(request: HttpRequest, service: str) -> JsonResponse:
    """The routes of one week (and one team) as lines with their numbered stops."""
    from adilkent.core import l10n

    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    if run is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})
    team, _weeks, week = _route_choice(request, run)
    routes = selectors.routes_of_week(run, week, team["vehicle"] if team else None)

    def day_label(route: selectors.RouteView) -> str:
        return l10n.format_day(route.date)

    def step_label(route: selectors.RouteView, step: selectors.RouteStep) -> str:
        if step.kind == "depart":
            return _("Depot: %(name)s") % {"name": step.name}
        return _("%(order)s. %(name)s, %(day)s %(start)s–%(end)s") % {
            "order": step.order,
            "name": step.name,
            "day": l10n.format_day(route.date),
            "start": step.start,
            "end": step.end,
        }

    return JsonResponse(selectors.routes_geojson(routes, day_label, step_label))


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
            team_label=lambda number: _("Team %(number)s") % {"number": number},
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
    body = _calendar(
        run,
        str(title),
        keep_stop=lambda stop: selectors.mahalle_pk(stop["site"]) == place.pk,
        site_name=lambda stop: place.name,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{chosen.value}-{place.pk}.ics"'
    return response


@require_safe
def team_calendar(request: HttpRequest, service: str, team: int) -> HttpResponse:
    """Every stop of one team (of a plan made by teams) as an iCalendar file."""
    chosen = _service_or_404(service)
    run = selectors.latest_plan(chosen.value)
    found = next(
        (t for t in ((run.document or {}).get("teams", []) if run else []) if t["team"] == team),
        None,
    )
    if run is None or found is None:
        raise Http404("No such team in the latest plan.")
    title = f"{chosen.label} · {found['name']}"
    body = _calendar(
        run,
        title,
        keep_route=lambda route: route["vehicle"] == found["vehicle"],
        site_name=lambda stop: stop["name"],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{chosen.value}-team-{team}.ics"'
    return response


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _calendar(
    run: PlanRun,
    title: str,
    *,
    keep_route: Callable[[dict], bool] = lambda route: True,
    keep_stop: Callable[[dict], bool] = lambda stop: True,
    site_name: Callable[[dict], str],
) -> bytes:
    """An iCalendar file of the stored plan's stops that pass the filters, one event each."""
    from adilkent.routing.model import DayRoute, PlanSettings, Site, Stop

    sites: dict[str, Site] = {}
    routes = []
    for route in (run.document or {}).get("routes", []):
        if not keep_route(route):
            continue
        stops = []
        for stop in route["stops"]:
            if not keep_stop(stop):
                continue
            sites.setdefault(
                stop["site"],
                Site(stop["site"], site_name(stop), stop.get("lon", 0.0), stop.get("lat", 0.0)),
            )
            start, end = _minutes(stop["start"]), _minutes(stop["end"])
            stops.append(Stop(stop["site"], start, start, end, 0))
        if stops:
            day = dt.date.fromisoformat(route["date"])
            routes.append(
                DayRoute(
                    (day - run.start_date).days,
                    day,
                    route["vehicle"],
                    tuple(stops),
                    _minutes(route["depart"]),
                    _minutes(route["back"]),
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
        sites=sites,
        vehicles={},
    )
    return calendar_for(plan, title=title)


@require_POST
@staff_member_required
def start_plan(request: HttpRequest) -> HttpResponse:
    service = request.POST.get("service", "")
    try:
        start = parse_date(request.POST.get("start_date", ""), field="start_date")
    except ParseError:
        return render(
            request,
            "planner/index.html",
            {
                "cards": _cards(),
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
