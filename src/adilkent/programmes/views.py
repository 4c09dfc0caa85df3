"""Public transparency pages of the programme registry, its reports and open data.

Views are thin: queries live in :mod:`.selectors`, report building in :mod:`.reports`,
exports in :mod:`.exports`.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from adilkent.calls.selectors import calls_open
from adilkent.core import l10n
from adilkent.courses.selectors import courses_open
from adilkent.enrolment.selectors import open_terms

from . import exports, selectors, services
from .charts import bar_chart
from .models import ReportJob
from .reports import REPORTS

DEFAULT_FRAMEWORK = "cittaslow-good-governance"


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    filters, errors = selectors.ProgrammeFilters.from_params(request.GET.dict())
    rows = list(selectors.programmes(filters))
    return render(
        request,
        "programmes/list.html",
        {
            "programmes": rows,
            "filters": filters,
            "errors": errors,
            "choices": selectors.filter_choices(),
            "counts": selectors.registry_counts(),
            "query_string": request.GET.urlencode(),
        },
    )


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_by_slug(slug)
    if programme is None:
        raise Http404("No such programme.")
    series = selectors.kpi_series(programme)
    charts = [
        (
            s,
            bar_chart(
                f"{s.name} ({s.unit})",
                [
                    (
                        v.period_text or (str(v.year) if v.year else v.original_text),
                        v.value,
                        v.is_target,
                    )
                    for v in s.values
                    if v.value is not None
                ],
            ),
        )
        for s in series
    ]
    measured = selectors.measured_block(programme, request.GET.get("period", "")[:7])
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "open_terms": [
                t for t in open_terms(timezone.localdate()) if t.programme_id == programme.pk
            ],
            "open_courses": courses_open(timezone.localdate())
            .filter(term__programme=programme)
            .count(),
            "has_courses": programme.terms.filter(course__isnull=False).exists(),
            "open_calls": calls_open(timezone.localdate()).filter(programme=programme),
            "charts": charts,
            "measured": measured,
            "measured_month": month_name(measured.month_first) if measured else "",
            "measured_periods": [(d.strftime("%Y-%m"), month_name(d)) for d in measured.periods]
            if measured
            else [],
        },
    )


def month_name(day: dt.date) -> str:
    """A month and its year in the active language ("Mart 2026", "March 2026")."""
    locale = l10n.current_locale()
    return l10n.localise_digits(format_skeleton("yMMMM", day, locale=locale), locale)


@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    rows, citywide = selectors.coverage_by_district()
    groups = selectors.coverage_by_target_group()
    chart = bar_chart(_("Programmes per target group"), [(g.name, n, False) for g, n in groups])
    return render(
        request,
        "programmes/coverage.html",
        {
            "rows": rows,
            "citywide": citywide,
            "groups": groups,
            "group_chart": chart,
            "unreached_districts": [r for r in rows if r.programmes == 0],
        },
    )


@require_safe
def coverage_district(request: HttpRequest, district: str) -> HttpResponse:
    from adilkent.places.models import District

    place = get_object_or_404(District, slug=district)
    filters = selectors.ProgrammeFilters(district=place.slug)
    return render(
        request,
        "programmes/coverage_district.html",
        {
            "district": place,
            "programmes": [p for p in selectors.programmes(filters) if not p.citywide],
            "unreached": list(selectors.unreached_mahalleler(place)),
        },
    )


@require_safe
def checklist(request: HttpRequest, key: str = DEFAULT_FRAMEWORK) -> HttpResponse:
    data = selectors.checklist(key)
    if data is None:
        raise Http404("No such checklist.")
    return render(
        request,
        "programmes/checklist.html",
        {"checklist": data, "frameworks": selectors.frameworks()},
    )


@require_safe
def action_plan(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/action_plan.html", {"plans": selectors.action_plans()})


# --- reports as background jobs -----------------------------------------------------------------


@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    report = request.POST.get("report", "")
    fmt = request.POST.get("fmt", "")
    argument = request.POST.get("argument", "")[:120]
    if report not in REPORTS or fmt not in ("pdf", "docx", "html"):
        return HttpResponse(_("Unknown report or format."), status=400)
    if fmt == "docx" and not REPORTS[report][1]:
        return HttpResponse(_("This report has no Word form."), status=400)
    job = services.request_report(report, fmt, argument, get_language() or "tr")
    return redirect("programmes:report-status", job.pk)


@require_safe
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ReportJob.objects.defer("content"), pk=pk)
    return render(request, "programmes/report_status.html", {"job": job})


@require_safe
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ReportJob, pk=pk, state=ReportJob.State.DONE)
    content_type, extension = exports.REPORT_TYPES[job.fmt]
    response = HttpResponse(bytes(job.content or b""), content_type=content_type)
    name = f"{job.report}{'-' + job.argument if job.argument else ''}-{job.language}.{extension}"
    disposition = "inline" if job.fmt in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


# --- open data ----------------------------------------------------------------------------------


@require_safe
def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    if dataset not in exports.DATASETS or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    body, content_type = exports.export(dataset, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    return response


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/open_data.html",
        {"datasets": exports.DATASETS, "formats": exports.FORMATS},
    )


@staff_member_required
@require_http_methods(["GET", "POST"])
def import_xlsx(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an XLSX file to import."))
        else:
            result = exports.import_programmes_xlsx(upload)
            if result.fatal:
                messages.error(request, result.fatal)
            else:
                messages.success(
                    request,
                    _("%(created)d created, %(updated)d updated, %(rejected)d rows rejected.")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "rejected": len(result.errors),
                    },
                )
    return render(request, "programmes/import.html", {"result": result})
