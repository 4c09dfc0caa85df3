"""Public pages of a survey's results: the survey as a whole, one mahalle, and the published
figures as open data (CSV, JSON, XLSX). An open or closed survey's results are public; a draft
survey's only to the staff who run it. Small cells are withheld by :mod:`.results`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from adilkent.programmes import exports

from . import permissions, results_page, selectors
from .analysis import OTHER
from .models import Survey


def _survey(request: HttpRequest, slug: str) -> Survey:
    found = selectors.survey_public(slug=slug)
    if found is None:
        staff_only = Survey.objects.filter(slug=slug).first()
        if staff_only is not None and permissions.runs(request.user, staff_only):
            found = staff_only
    if found is None or not found.versions.exists():
        raise Http404
    return found


def _context(survey: Survey, shown: results_page.Page) -> dict[str, object]:
    return {
        "survey": survey,
        "title": selectors.survey_title(survey),
        "purpose": selectors.survey_purpose(survey),
        "page": shown,
        "results": shown.results,
        "formats": list(exports.FORMATS),
        "thresholds": {
            "say_far": round(results_page.SAY_FAR_SHARE * 100),
            "quiet": round(results_page.QUIET_SHARE * 100),
            "near": int(results_page.NEAR_MINUTES),
            "far": int(results_page.FAR_MINUTES),
        },
    }


@require_safe
def survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    shown = results_page.page(survey=survey)
    if shown is None:
        raise Http404
    return render(request, "surveys/results.html", _context(survey, shown))


@require_safe
def mahalle_results(request: HttpRequest, slug: str, key: int) -> HttpResponse:
    survey = _survey(request, slug)
    shown = results_page.page(survey=survey, mahalle_key=str(key))
    if shown is None or str(key) not in dict(shown.results.mahalle_rows) or str(key) == OTHER:
        raise Http404
    context = _context(survey, shown)
    context["mahalle_name"] = shown.mahalle_names.get(str(key), "")
    return render(request, "surveys/results_mahalle.html", context)


@require_safe
def results_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    survey = _survey(request, slug)
    if fmt not in exports.FORMATS:
        raise Http404
    rows = results_page.open_data_rows(survey=survey)
    body, content_type = exports.table_bytes(f"{survey.slug}-results", rows, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-results.{fmt}"'
    return response
