"""Staff pages of the surveys: list and create surveys, upload a form version (pyxform's
problems shown row by row when it is refused), see a version's questions as a tree, download
its ODK XForm and the .xlsx as uploaded, open and close a survey.

For members with a survey role only (anyone else gets a 404); every page goes through the
cases area's checks (second factor, idle timeout, one audit row per request, refusals too).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view

from . import permissions, selectors, services
from .forms import StatusForm, SurveyForm, UploadForm
from .models import FormVersion, Survey
from .services import FormRejected, SurveyInvalid

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _gate(request: HttpRequest) -> None:
    if not permissions.any_role(request.user):
        raise Http404


def _survey(request: HttpRequest, slug: str) -> Survey:
    _gate(request)
    survey = Survey.objects.filter(slug=slug).first()
    if survey is None or not permissions.runs(request.user, survey):
        raise Http404
    return survey


def _version(request: HttpRequest, slug: str, number: int) -> FormVersion:
    survey = _survey(request, slug)
    version = selectors.survey_version(survey=survey, number=number)
    if version is None:
        raise Http404
    return version


@staff_view("surveys")
def home(request: HttpRequest) -> HttpResponse:
    _gate(request)
    surveys = [
        (s, selectors.survey_title(s), s.latest_version())
        for s in selectors.surveys_for_staff(user=request.user)
    ]
    return render(
        request,
        "surveys/staff/home.html",
        {"surveys": surveys, "can_create": permissions.runs_all(request.user)},
    )


@staff_view("survey")
def create(request: HttpRequest) -> HttpResponse:
    _gate(request)
    if not permissions.runs_all(request.user):
        raise Http404
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                survey = services.survey_create(
                    slug=form.cleaned_data["slug"],
                    title=form.texts("title"),
                    purpose=form.texts("purpose"),
                    target_mahalleler=form.cleaned_data["target_mahalleler"],
                    target_groups=form.groups(),
                    programme=form.cleaned_data.get("programme"),
                    by=request.user,
                )
            except SurveyInvalid as exc:
                for name, found in exc.errors.items():
                    for message in found:
                        form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("The survey is created as a draft."))
                return redirect("surveys:staff-survey", survey.slug)
    return render(request, "surveys/staff/create.html", {"form": form}, status=status)


def _survey_page(
    request: HttpRequest,
    survey: Survey,
    *,
    version: FormVersion | None = None,
    upload_form: UploadForm | None = None,
    rejected: FormRejected | None = None,
    status_form: StatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    version = version or survey.latest_version()
    form = version.form() if version else None
    return render(
        request,
        "surveys/staff/survey.html",
        {
            "survey": survey,
            "title": selectors.survey_title(survey),
            "purpose": selectors.survey_purpose(survey),
            "versions": list(survey.versions.order_by("-number")),
            "version": version,
            "form": form,
            "items": selectors.form_items(form=form) if form else [],
            "upload_form": upload_form or UploadForm(),
            "rejected": rejected,
            "status_form": status_form or StatusForm(initial={"status": survey.status}),
            "mahalleler": survey.target_mahalleler.select_related("district"),
        },
        status=status,
    )


@staff_view("survey", id_kwarg="slug")
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _survey_page(request, _survey(request, slug))


@staff_view("survey form version", id_kwarg="slug")
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(request, slug, number)
    return _survey_page(request, version.survey, version=version)


@staff_view("survey", id_kwarg="slug")
@require_POST
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _survey_page(request, survey, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        version = services.form_version_import(
            survey=survey,
            xlsx_bytes=upload.read(services.MAX_FORM_BYTES + 1),
            filename=upload.name or "",
            by=request.user,
        )
    except FormRejected as exc:
        return _survey_page(request, survey, upload_form=form, rejected=exc, status=400)
    messages.success(
        request, _("Form version %(version)s is saved.") % {"version": version.version}
    )
    for warning in version.warnings:
        messages.warning(request, warning)
    return redirect("surveys:staff-version", survey.slug, version.number)


@staff_view("survey", id_kwarg="slug")
@require_POST
def set_status(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.survey_status_set(survey=survey, status=form.cleaned_data["status"])
        except SurveyInvalid as exc:
            for found in exc.errors.values():
                for message in found:
                    form.add_error("status", message)
        else:
            messages.success(
                request,
                _("The survey is now %(status)s.") % {"status": survey.get_status_display()},
            )
            return redirect("surveys:staff-survey", survey.slug)
    return _survey_page(request, survey, status_form=form, status=400)


def _download_name(version: FormVersion, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{version.survey.slug}-{version.version}")
    return f"{stem.strip('-')}.{extension}"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view("survey form version", id_kwarg="slug")
def download_xform(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(request, slug, number)
    return _attachment(
        version.xform_xml.encode("utf-8"),
        "application/xml; charset=utf-8",
        _download_name(version, "xml"),
    )


@staff_view("survey form version", id_kwarg="slug")
def download_xlsx(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(request, slug, number)
    return _attachment(bytes(version.xlsx), XLSX_TYPE, _download_name(version, "xlsx"))
