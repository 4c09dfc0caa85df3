"""What the planner gives the programme pages' measured indicators
(:mod:`adilkent.programmes.measured`): the visits, neighbourhoods and villages a mobile
service's finished plans put in a period. Plans of places, not records of people: the
indicators are not protected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from adilkent.places.models import Mahalle
from adilkent.programmes.indicators import (
    NEIGHBOURHOODS,
    VILLAGES,
    VISITS,
    Counts,
    Indicator,
    Window,
    total,
)

from .models import PlanRun, RunStatus, Service
from .selectors import mahalle_pk


def planned_visits(service: str, w: Window) -> list[tuple[dt.date, int]]:
    """(day, mahalle) of every stop the planner's finished runs put in the window.

    Where runs overlap, the newest run's plan counts for the days it covers.
    """
    visits: list[tuple[dt.date, int]] = []
    claimed: list[tuple[dt.date, dt.date]] = []
    for run in PlanRun.objects.filter(service=service, status=RunStatus.DONE).order_by(
        "-created_at", "-pk"
    ):
        routes = (run.document or {}).get("routes", [])
        days = [dt.date.fromisoformat(r["date"]) for r in routes]
        if not days:
            continue
        for route, day in zip(routes, days, strict=True):
            if not w.first <= day <= w.last:
                continue
            if any(a <= day <= b for a, b in claimed):
                continue
            for stop in route["stops"]:
                pk = mahalle_pk(stop["site"])
                if pk is not None:
                    visits.append((day, pk))
        claimed.append((min(run.start_date, min(days)), max(days)))
    return visits


def _planned(service: str, what: str) -> Callable[[Window], Counts]:
    def count(w: Window) -> Counts:
        visits = planned_visits(service, w)
        if what == "visits":
            return total(len(visits))
        places = {pk for _day, pk in visits}
        if what == "villages":
            return total(Mahalle.objects.filter(pk__in=places, is_village=True).count())
        return total(len(places))

    return count


def plan_indicators(*, service: str, programme: str) -> list[Indicator]:
    """A mobile service's planned visits, places and villages, named with the service."""
    label = Service(service).label

    def named(text: Promise) -> Promise:
        return format_lazy("{} ({})", text, label)

    return [
        Indicator(
            f"records-{service}-visits-planned",
            programme,
            named(gettext_lazy("Visits planned")),
            VISITS,
            gettext_lazy(
                "Stops on the routes of the planner's finished plans dated in the period (where "
                "plans overlap, the newest counts). A plan, not a record of visits made."
            ),
            _planned(service, "visits"),
            protected=False,
        ),
        Indicator(
            f"records-{service}-places-planned",
            programme,
            named(gettext_lazy("Neighbourhoods and villages planned to be visited")),
            NEIGHBOURHOODS,
            gettext_lazy("Different mahalleler (villages included) on those routes."),
            _planned(service, "places"),
            protected=False,
        ),
        Indicator(
            f"records-{service}-villages-planned",
            programme,
            named(gettext_lazy("Villages planned to be visited")),
            VILLAGES,
            gettext_lazy("Of those, the mahalleler that are villages."),
            _planned(service, "villages"),
            protected=False,
        ),
    ]
