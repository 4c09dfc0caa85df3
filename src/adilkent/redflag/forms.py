"""Forms of the Red Flag pages: the public filters and the staff forms (registration of a
place, an assessment built from its checklist, renewal and withdrawal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adilkent.places.models import District, FacilityType, Mahalle, TransitLine

from .checklists import Checklist
from .models import Answer, Subject


class ErrorSummaryMixin:
    """``summary``: (widget id, label, message) of every error, for the summary at the top."""

    def summary(self) -> list[tuple[str, str, str]]:
        form: Any = self
        found = []
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            widget_id = bound.auto_id
            if isinstance(bound.field.widget, forms.RadioSelect):
                widget_id = f"{widget_id}_0"
            for message in errors:
                found.append((widget_id, str(bound.label), message))
        return found


class FilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("All districts"),
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label=_("Kind of place"),
        choices=[("", _("All kinds")), *Subject.Kind.choices],
        required=False,
    )


class StepFreeForm(forms.Form):
    type: forms.ModelChoiceField[FacilityType] = forms.ModelChoiceField(
        label=_("Service type"),
        queryset=FacilityType.objects.filter(facilities__isnull=False).distinct().order_by("code"),
        to_field_name="code",
        empty_label=None,
    )


class FacilitySearchForm(forms.Form):
    q = forms.CharField(label=_("Facility name"), max_length=100, required=False)


class FacilitySubjectForm(forms.Form):
    facility = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Checklist"),
        choices=[c for c in Subject.Kind.choices if c[0] != Subject.Kind.VEHICLE],
    )


class VenueForm(ErrorSummaryMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Checklist"),
        choices=[c for c in Subject.Kind.choices if c[0] != Subject.Kind.VEHICLE],
    )
    name = forms.CharField(label=_("Name of the venue"), max_length=250, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("name"), required=False
    )
    mahalle = forms.ModelChoiceField(
        label=_("Neighbourhood (mahalle)"),
        queryset=Mahalle.objects.select_related("district").order_by("district__name", "name"),
        required=False,
    )
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)


class VehicleForm(ErrorSummaryMixin, forms.Form):
    transit_line = forms.ModelChoiceField(
        label=pgettext_lazy("transit line", "Line"),
        queryset=TransitLine.objects.order_by("mode", "code"),
        required=False,
    )
    fleet_number = forms.CharField(
        label=_("Fleet number of the vehicle (empty: the whole line)"),
        max_length=40,
        required=False,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AssessmentForm(ErrorSummaryMixin, forms.Form):
    """The date, one answer and note per checklist item, photos."""

    visited_on = forms.DateField(
        label=_("Date of the visit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        for item in checklist.items:
            label = item.name + (" " + str(_("(required)")) if item.required else "")
            self.fields[f"item-{item.key}"] = forms.ChoiceField(
                label=label, choices=Answer.Result.choices, widget=forms.RadioSelect,
                required=False,
            )  # fmt: skip
            self.fields[f"note-{item.key}"] = forms.CharField(
                label=_("Note on “%(item)s” (optional)") % {"item": item.name},
                max_length=500, required=False,
            )  # fmt: skip
        self.fields["note"] = forms.CharField(
            label=_("Note on the visit (optional)"), widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        )  # fmt: skip
        self.fields["photos"] = forms.FileField(
            label=_("Photos (optional; JPEG, PNG or WebP, up to 5 MB each)"),
            widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            required=False,
        )
        self.fields["photos_public"] = forms.BooleanField(
            label=_("The photos may be shown on the place's public page"), required=False
        )

    def item_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"item-{i.key}"], self[f"note-{i.key}"]) for i in self.checklist.items]

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            i.key: (data.get(f"item-{i.key}") or "", data.get(f"note-{i.key}") or "")
            for i in self.checklist.items
        }


class RenewForm(forms.Form):
    assessment = forms.IntegerField(label=_("Assessment"))


class WithdrawForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal (shown on the public page)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
