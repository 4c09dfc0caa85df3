"""Public pages of the Red Flag: the map and list of flagged places, a place's page, the
open data, public photos and the step-free access comparison. No assessor is named."""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from adilkent.analytics.services import AnalysisInputError
from adilkent.core.protected_files import protected_file_response
from adilkent.places.models import FacilityType
from adilkent.programmes.exports import table_bytes

from . import selectors, stepfree
from .checklists import checklists, notice
from .forms import FilterForm, StepFreeForm
from .models import Photo, Subject


def place_url(subject: Subject) -> str:
    return reverse("redflag:place", args=[subject.public_id])


def _kind_names() -> dict[str, str]:
    return {k: str(v) for k, v in Subject.Kind.choices}


def index(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    district, kind = None, ""
    if form.is_valid():
        district, kind = form.cleaned_data["district"], form.cleaned_data["kind"]
    today = timezone.localdate()
    found = selectors.flagged(today, district=district, kind=kind)
    if request.GET.get("format") == "geojson":
        return JsonResponse(selectors.geojson(found, place_url, _kind_names()))
    query = request.GET.copy()
    query.pop("format", None)
    query["format"] = "geojson"
    return render(
        request,
        "redflag/index.html",
        {
            "form": form,
            "found": found,
            "points_url": reverse("redflag:index") + "?" + query.urlencode(),
            "any_example": any(f.flag.is_example for f in found),
            "checklists": checklists().values(),
        },
        status=400 if form.errors else 200,
    )


def place(request: HttpRequest, public_id: str) -> HttpResponse:
    subject = selectors.public_subject(public_id)
    if subject is None:
        raise Http404
    today = timezone.localdate()
    flags = list(
        subject.flags.select_related("assessment").prefetch_related("renewals__assessment")
    )
    current = next((f for f in flags if f.in_force(today)), None)
    shown = flags[0]
    last = max(
        [shown.assessment, *(r.assessment for r in shown.renewals.all())],
        key=lambda a: (a.visited_on, a.pk),
    )
    photos = Photo.objects.filter(assessment=last, public=True)
    return render(
        request,
        "redflag/place.html",
        {
            "subject": subject,
            "flag": shown,
            "current": current,
            "flags": flags,
            "assessment": last,
            "items": selectors.checked_items(last),
            "photos": photos,
            "checklist": checklists()[last.checklist],
            "notice": notice(),
        },
    )


def public_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = (
        Photo.objects.filter(pk=pk, public=True, assessment__subject__flags__isnull=False)
        .distinct()
        .first()
    )
    if photo is None:
        raise Http404
    return protected_file_response(
        photo.file, download_name=f"red-flag-{photo.pk}", content_type=photo.content_type
    )


def open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "json", "xlsx"}:
        raise Http404
    rows = selectors.open_data_rows(
        timezone.localdate(), lambda s: request.build_absolute_uri(place_url(s))
    )
    body, content_type = table_bytes("Red Flag", rows, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="red-flag.{fmt}"'
    return response


def step_free(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "type" not in data:
        default = (
            FacilityType.objects.filter(
                facilities__red_flag_subjects__flags__isnull=False
            ).order_by("code").first()
            or FacilityType.objects.filter(facilities__isnull=False).order_by("code").first()
        )  # fmt: skip
        if default is not None:
            data["type"] = default.code
    form = StepFreeForm(data)
    result, error, seconds = None, "", 0.0
    if form.is_valid():
        started = time.perf_counter()
        try:
            result = stepfree.step_free_access(form.cleaned_data["type"], timezone.localdate())
        except AnalysisInputError as exc:
            error = str(exc)
        seconds = time.perf_counter() - started
    return render(
        request,
        "redflag/step_free.html",
        {
            "form": form,
            "result": result,
            "rows": result.by_gap[:30] if result else [],
            "chart": stepfree.chart_rows(result) if result else [],
            "error": error,
            "seconds": seconds,
            "threshold": stepfree.THRESHOLD,
            "place_url": place_url,
        },
        status=400 if form.errors else 200,
    )
