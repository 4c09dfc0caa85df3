"""The data protection officer's screens, the analyst's figures and the inventory."""

from __future__ import annotations

import csv
import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from adilkent.text import spreadsheet_row

from .. import conf, figures
from ..audit import cases_view
from ..forms import EraseForm
from ..inventory import processing_inventory
from ..models import AuditEvent, DestructionLog, Person
from ..services.protection import anonymise_person, subject_export
from .common import require

AUDIT_COLUMNS = [
    "at", "username", "action", "object_type", "object_id", "view_name", "path",
    "ip_address", "reason", "status_code",
]  # fmt: skip


def _filtered_events(request: HttpRequest) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if request.GET.get("object_id"):
        events = events.filter(object_id=request.GET["object_id"])
    if request.GET.get("user"):
        events = events.filter(username=request.GET["user"])
    return events


@cases_view(object_type="audit log")
def audit_log(request: HttpRequest) -> HttpResponse:
    require("cases.view_audit", request)
    events = _filtered_events(request)[:500]
    destroyed = DestructionLog.objects.all()[:100]
    return render(request, "cases/audit_log.html", {"events": events, "destroyed": destroyed})


@cases_view(object_type="audit log", action="export")
def audit_export(request: HttpRequest) -> HttpResponse:
    require("cases.view_audit", request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv.writer(response)
    writer.writerow(AUDIT_COLUMNS)
    for row in _filtered_events(request).values_list(*AUDIT_COLUMNS).iterator():
        writer.writerow(spreadsheet_row(row))
    return response


@cases_view(object_type="person", id_kwarg="person_id", action="export")
def export_json(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    require("cases.export_person", request)
    person = get_object_or_404(Person, pk=person_id, erased_at__isnull=True)
    response = JsonResponse(
        subject_export(person), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@cases_view(object_type="person", id_kwarg="person_id", action="export")
def export_pdf(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    from weasyprint import HTML

    require("cases.export_person", request)
    person = get_object_or_404(Person, pk=person_id, erased_at__isnull=True)
    codes = {code for code, _name in settings.LANGUAGES}
    language = person.preferred_language if person.preferred_language in codes else "tr"
    with translation.override(language):
        html = render_to_string(
            "cases/subject_export.html",
            {
                "data": subject_export(person),
                "raw": json.dumps(subject_export(person), ensure_ascii=False, indent=2),
                "LANGUAGE_CODE": language,
                "TEXT_DIR": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.pdf"'
    return response


@cases_view(object_type="person", id_kwarg="person_id", action="erase")
def erase(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    require("cases.erase_person", request)
    person = get_object_or_404(Person, pk=person_id, erased_at__isnull=True)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        anonymise_person(
            person, f"erasure: {form.cleaned_data['reason']}", request.user.get_username()
        )
        messages.success(request, _("The person's data are erased; the erasure is logged."))
        return redirect("cases:home")
    return render(request, "cases/erase.html", {"form": form, "person": person})


@cases_view(object_type="figures")
def figures_view(request: HttpRequest) -> HttpResponse:
    require("cases.view_figures", request)
    context = {
        "minimum": conf.min_cell_size(),
        "tables": [
            (_("Cases opened per month"), figures.cases_by_month()),
            (_("Cases by type"), figures.cases_by("type")),
            (_("Cases by nationality"), figures.cases_by("nationality")),
            (_("Cases by gender"), figures.cases_by("gender")),
            (_("Cases by district"), figures.cases_by("district")),
            (_("Cases by vulnerable group"), figures.cases_by_group()),
            (_("Outcomes of closed cases by type"), figures.outcomes_by_type()),
            (_("Referrals per month"), figures.referrals_by_month()),
            (_("Referrals by partner"), figures.referrals_by_partner()),
            (_("Referrals by partner and state"), figures.referrals_by_partner_and_state()),
        ],
    }
    return render(request, "cases/figures.html", context)


@cases_view(object_type="inventory")
def inventory(request: HttpRequest) -> HttpResponse:
    require("cases.view_inventory", request)
    return render(request, "cases/inventory.html", {"processings": processing_inventory()})
