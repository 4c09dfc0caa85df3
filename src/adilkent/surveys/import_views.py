"""The staff page that imports an ODK Central or KoboToolbox CSV export of a survey's answers:
choose the form version, upload the file, see what was imported and every bad row with its
reason. For the staff who run the survey, through the cases area's checks like every staff
page (second factor, idle timeout, one audit row per request)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import odk_import, selectors
from .models import FormVersion, Survey
from .staff_views import _survey, staff_view

# The site's web server takes request bodies up to 20 MB (deploy/nginx); larger exports are
# imported with ``manage.py import_survey_responses``.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_SHOWN_ROWS = 2000


class _VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("Version %(version)s (upload %(number)s, %(title)s)")
            % {"version": obj.version, "number": obj.number, "title": obj.form_title or obj.form_id}
        )


class ImportForm(forms.Form):
    version = _VersionChoice(
        label=_("Form version the answers were given to"),
        queryset=FormVersion.objects.none(),
        empty_label=None,
    )
    file = forms.FileField(
        label=_("CSV export (.csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "The main table of the export, as UTF-8 text, at most 20 MB. Re-importing the same "
            "file imports nothing twice."
        ),
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, _VersionChoice)
        field.queryset = survey.versions.order_by("-number")
        latest = survey.latest_version()
        if latest is not None:
            self.initial.setdefault("version", latest.pk)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": 20})
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


@staff_view("survey import", id_kwarg="slug")
def import_answers(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None, survey=survey)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = odk_import.response_import(
                    survey=survey,
                    version=form.cleaned_data["version"],
                    handle_or_text=upload.read(MAX_IMPORT_BYTES + 1),
                    by=request.user,
                    filename=upload.name or "file",
                )
            except odk_import.ImportRefused as exc:
                form.add_error("file", exc.message)
            else:
                status = 200
    return render(
        request,
        "surveys/staff/import.html",
        {
            "survey": survey,
            "title": selectors.survey_title(survey),
            "form": form,
            "has_versions": survey.versions.exists(),
            "result": result,
            "bad_shown": result.bad[:MAX_SHOWN_ROWS] if result else [],
            "max_shown": MAX_SHOWN_ROWS,
        },
        status=status,
    )
