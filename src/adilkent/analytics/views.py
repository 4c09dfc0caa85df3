"""The equal-access dashboard: choose a service, start an analysis (staff), read the results."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from adilkent.core.l10n import format_number, format_percentage
from adilkent.places.models import FacilityType

from . import selectors, services
from .charts import BANDS, dot_map_svg, lorenz_svg
from .forms import UPLOAD, ScenarioForm
from .models import AccessAnalysis, SitingScenario
from .presets import BY_KEY, PRESETS, Preset
from .report import comparison_rows, report_context, report_pdf
from .scenarios import start_scenario


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


# --- siting scenarios ----------------------------------------------------------------------


def _scenario_initial(preset: Preset | None) -> dict[str, Any]:
    if preset is None:
        return {}
    return {
        "preset": preset.key,
        "service": preset.facility_type or UPLOAD,
        "service_name": "" if preset.facility_type else str(preset.title),
        "method": preset.method,
        "k": preset.k,
        "coverage_target": round(preset.coverage_target * 100) if preset.coverage_target else None,
        "max_minutes": int(preset.max_minutes),
        "candidates": preset.candidates,
    }


def _presets_status(types: set[str]) -> list[dict[str, Any]]:
    return [
        {"preset": p, "has_data": (not p.facility_type) or p.facility_type in types}
        for p in PRESETS
        if (not p.facility_type) or p.facility_type in types
    ]


def siting(request: HttpRequest) -> HttpResponse:
    """The scenario form (staff), the presets from the directorate's documents, recent runs."""
    preset = BY_KEY.get(request.GET.get("preset", ""))
    if request.method == "POST":
        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect_to_login(request.get_full_path())
        form = ScenarioForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["service"] == UPLOAD
            facility_type = None if upload else form.types[data["service"]]
            method = data["method"]
            target = data.get("coverage_target")
            scenario = start_scenario(
                service_name=(
                    data["service_name"].strip()
                    if facility_type is None
                    else str(facility_type.name)
                ),
                facility_type=facility_type,
                existing_sites=form.uploaded.sites if upload else [],
                upload_problems=form.uploaded.problems if upload else [],
                method=method,
                k=data.get("k") if method != SitingScenario.Method.SET_COVER else None,
                coverage_target=(
                    target / 100 if target and method == SitingScenario.Method.SET_COVER else None
                ),
                max_minutes=float(data["max_minutes"]),
                candidates=data["candidates"],
                preset=data.get("preset") or "",
                user=request.user,
            )
            messages.success(request, _("The scenario has been started."))
            return redirect("analytics:scenario", pk=scenario.pk)
        preset = BY_KEY.get(request.POST.get("preset", ""))
    else:
        form = ScenarioForm(initial=_scenario_initial(preset))
    types = {t.code for t in selectors.service_types()}
    return render(
        request,
        "analytics/siting.html",
        {
            "form": form,
            "preset": preset,
            "presets": _presets_status(types),
            "scenarios": selectors.recent_scenarios(),
            "upload_problems": form.uploaded.problems if request.method == "POST" else [],
        },
    )


@require_safe
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(SitingScenario.objects.select_related("facility_type"), pk=pk)
    context: dict[str, Any] = {"scenario": scenario, "preset": BY_KEY.get(scenario.preset)}
    if scenario.status == AccessAnalysis.Status.DONE and scenario.results:
        results = scenario.results
        name = scenario.service_name
        markers = [
            {
                "lon": e["lon"],
                "lat": e["lat"],
                "kind": "existing",
                "label": _("Existing: %(name)s") % {"name": e["name"]},
            }
            for e in results.get("existing", [])
        ] + [
            {
                "lon": n["lon"],
                "lat": n["lat"],
                "kind": "proposed",
                "label": _("Proposed: %(name)s (%(district)s)")
                % {"name": n["name"], "district": n["district"]},
            }
            for n in results.get("new_sites", [])
        ]
        context.update(
            results=results,
            rows=comparison_rows(results),
            bands=[
                (None if limit == float("inf") else int(limit), colour) for limit, colour in BANDS
            ],
            map_svg=dot_map_svg(
                results.get("places") or [],
                _("Existing and proposed sites of %(service)s") % {"service": name},
                _(
                    "Dark squares are the existing sites, outlined stars the proposed ones; each "
                    "dot is a neighbourhood coloured by the minutes to its nearest site once the "
                    "proposed ones are open. The table below lists the proposed sites."
                ),
                _("{name} ({district}): {minutes} min"),
                markers,
            ),
        )
    return render(request, "analytics/scenario.html", context)


@require_safe
def scenario_status(request: HttpRequest, pk: int) -> JsonResponse:
    scenario = get_object_or_404(SitingScenario, pk=pk)
    return JsonResponse(
        {
            "status": scenario.status,
            "status_label": str(scenario.get_status_display()),
            "progress": scenario.progress,
            "message": _(scenario.message) if scenario.message else "",
        }
    )


# --- the equal access report -----------------------------------------------------------------


def _finished(pk: int) -> AccessAnalysis:
    analysis = get_object_or_404(AccessAnalysis.objects.select_related("facility_type"), pk=pk)
    if analysis.status != AccessAnalysis.Status.DONE or not analysis.results:
        raise Http404(_("The report needs a finished analysis."))
    return analysis


@require_safe
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _finished(pk)
    return render(request, "analytics/report.html", report_context(analysis))


@require_safe
def report_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _finished(pk)
    context = report_context(analysis, svg_text=not get_language_bidi())
    context.update(
        LANGUAGE_CODE=get_language(),
        TEXT_DIR="rtl" if get_language_bidi() else "ltr",
    )
    response = HttpResponse(report_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="equal-access-{analysis.facility_type.code}-{analysis.pk}-'
        f'{get_language()}.pdf"'
    )
    return response
