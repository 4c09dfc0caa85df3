"""The equal-access dashboard: choose a service, start an analysis (staff), read the results."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from adilkent.core.l10n import format_number, format_percentage
from adilkent.places.models import FacilityType

from . import selectors, services
from .charts import BANDS, dot_map_svg, lorenz_svg
from .models import AccessAnalysis


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    types = selectors.service_types()
    chosen = request.GET.get("type") or (types[0].code if types else "")
    facility_type = next((t for t in types if t.code == chosen), None)
    latest = selectors.latest_finished(facility_type) if facility_type else None
    context: dict[str, Any] = {
        "types": types,
        "chosen": facility_type,
        "analyses": selectors.recent_analyses(),
        "latest": latest,
    }
    if latest is not None:
        context.update(_result_context(latest))
    return render(request, "analytics/dashboard.html", context)


@require_POST
@staff_member_required
def start(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("type", "")
    facility_type = FacilityType.objects.filter(code=code, facilities__isnull=False).first()
    if facility_type is None:
        return HttpResponseBadRequest(
            _("Choose a service type that has facilities: %(code)s is not one.") % {"code": code}
        )
    analysis = services.start_analysis(facility_type, request.user)
    messages.success(request, _("The analysis has been started."))
    return redirect("analytics:analysis", pk=analysis.pk)


def _result_context(analysis: AccessAnalysis) -> dict[str, Any]:
    results = analysis.results or {}
    name = str(analysis.facility_type.name)
    lorenz = results.get("lorenz_2sfca") or {"population": [0, 1], "share": [0, 1]}
    equity = results.get("equity") or {}
    share_half = _share_at(lorenz, 0.5)
    gini = equity.get("gini_2sfca")
    lorenz_description = _(
        "The curve shows what share of the access to %(service)s (2SFCA) the least served "
        "share of residents has. The least served half of residents has %(share)s of the "
        "access; with equal access it would have half. Gini coefficient: %(gini)s."
    ) % {
        "service": name,
        "share": format_percentage(share_half),
        "gini": format_number(gini, decimals=3) if gini is not None else "—",
    }
    places = results.get("places") or []
    return {
        "lorenz_svg": lorenz_svg(
            lorenz["population"],
            lorenz["share"],
            _("Lorenz curve of access to %(service)s") % {"service": name},
            lorenz_description,
            {"x": _("share of residents"), "y": _("share of access")},
        ),
        "lorenz_description": lorenz_description,
        "map_svg": dot_map_svg(
            places,
            _("Minutes to the nearest %(service)s, by neighbourhood") % {"service": name},
            _(
                "Each dot is a neighbourhood at its centre, coloured by the estimated minutes "
                "to the nearest facility; the tables below list the same figures."
            ),
            _("{name} ({district}): {minutes} min"),
        ),
        "bands": [
            (None if limit == float("inf") else int(limit), colour) for limit, colour in BANDS
        ],
        "results": results,
        "equity": equity,
        "districts": sorted(results.get("districts") or [], key=lambda d: -d["mean_minutes"]),
    }


def _share_at(lorenz: dict[str, list[float]], x: float) -> float:
    return float(np.interp(x, lorenz["population"], lorenz["share"]))


@require_safe
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_object_or_404(AccessAnalysis.objects.select_related("facility_type"), pk=pk)
    context: dict[str, Any] = {"analysis": analysis, "types": selectors.service_types()}
    if analysis.status == AccessAnalysis.Status.DONE and analysis.results:
        context.update(_result_context(analysis))
    return render(request, "analytics/analysis.html", context)


@require_safe
def analysis_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Progress for the page's polling script."""
    analysis = get_object_or_404(AccessAnalysis, pk=pk)
    return JsonResponse(
        {
            "status": analysis.status,
            "status_label": str(analysis.get_status_display()),
            "progress": analysis.progress,
            "message": _(analysis.message) if analysis.message else "",
        }
    )
