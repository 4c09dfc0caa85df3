"""The forms of the surveys' staff pages. They read the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from adilkent.places.models import Mahalle
from adilkent.programmes.models import Programme

from .models import Survey


class SurveyForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name (used in the address)"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. voice-2026."),
    )
    target_mahalleler = forms.ModelMultipleChoiceField(
        label=_("Target mahalleler"),
        queryset=Mahalle.objects.select_related("district").order_by("district__name", "name"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    programme: forms.ModelChoiceField[Programme] = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name_folded"),
        required=False,
        help_text=_("Its answers then count in the programme's measured indicators."),
    )
    target_groups = forms.CharField(
        label=_("Target groups"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One group per line, e.g. refugees, women, people with disabilities."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=250,
                required=code == settings.LANGUAGE_CODE,
            )
        for code, name in settings.LANGUAGES:
            self.fields[f"purpose_{code}"] = forms.CharField(
                label=_("Purpose (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        order = ["slug", *[f"title_{c}" for c, _n in settings.LANGUAGES]]
        order += [f"purpose_{c}" for c, _n in settings.LANGUAGES]
        self.order_fields([*order, "programme", "target_mahalleler", "target_groups"])

    def texts(self, prefix: str) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"{prefix}_{code}") or ""
            for code, _name in settings.LANGUAGES
        }

    def groups(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["target_groups"].splitlines()]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Checked with pyxform, the reference reader of XLSForm used by ODK."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Survey.Status.choices)
