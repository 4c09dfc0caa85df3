"""The siting scenario form: service, existing sites, objective, time limit, candidates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SitingScenario
from .presets import BY_KEY
from .scenarios import UploadedSites, city_bbox, read_sites_csv
from .selectors import service_types

UPLOAD = "upload"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ScenarioForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"))
    service_name = forms.CharField(
        label=_("Name of the service"),
        max_length=200,
        required=False,
        help_text=_("Only for a service whose sites are uploaded, e.g. “Yuvamız İzmir centre”."),
    )
    existing_file = forms.FileField(
        label=_("Existing sites (CSV file)"),
        required=False,
        help_text=_(
            "Columns id, name, lat, lon in the first line; one site per row, coordinates in "
            "degrees (WGS 84). Rows that cannot be used are listed and the rest are used."
        ),
    )
    no_existing = forms.BooleanField(
        label=_("Plan as if there were no existing site"),
        required=False,
        help_text=_("Only when the existing sites are not known: the result then ignores them."),
    )
    method = forms.ChoiceField(
        label=_("Objective"),
        choices=SitingScenario.Method.choices,
        widget=forms.RadioSelect,
        initial=SitingScenario.Method.MCLP,
    )
    k = forms.IntegerField(
        label=_("Number of new sites (k)"),
        min_value=1,
        max_value=500,
        required=False,
        initial=5,
        help_text=_("For maximal covering and p-median."),
    )
    coverage_target = forms.IntegerField(
        label=_("Coverage target (percentage of residents)"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("For set covering; empty means everyone the candidates can reach."),
    )
    max_minutes = forms.IntegerField(
        label=_("Time limit (minutes of walking)"), min_value=5, max_value=180, initial=30
    )
    candidates = forms.ChoiceField(
        label=_("Candidate sites (neighbourhood centres)"),
        choices=SitingScenario.Candidates.choices,
        widget=forms.RadioSelect,
        initial=SitingScenario.Candidates.UNDERSERVED,
    )
    preset = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.types = {t.code: t for t in service_types()}
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            *((code, str(t.name)) for code, t in self.types.items()),
            (UPLOAD, _("Another service: upload its existing sites")),
        ]
        self.uploaded = UploadedSites()

    def clean_preset(self) -> str:
        key = str(self.cleaned_data.get("preset") or "")
        return key if key in BY_KEY else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if method in {SitingScenario.Method.MCLP, SitingScenario.Method.P_MEDIAN} and not data.get(
            "k"
        ):
            self.add_error("k", _("Give the number of new sites for this objective."))
        if data.get("service") == UPLOAD:
            if not (data.get("service_name") or "").strip():
                self.add_error("service_name", _("Name the service whose sites you upload."))
            upload = data.get("existing_file")
            if upload is not None:
                if upload.size > MAX_UPLOAD_BYTES:
                    self.add_error("existing_file", _("The file is larger than 2 MB."))
                else:
                    self.uploaded = read_sites_csv(upload.read(), city_bbox())
                    if self.uploaded.error:
                        self.add_error("existing_file", self.uploaded.error)
            elif not data.get("no_existing"):
                self.add_error(
                    "existing_file",
                    _(
                        "Upload the existing sites, or tick “Plan as if there were no existing "
                        "site” if they are not known."
                    ),
                )
        return data
