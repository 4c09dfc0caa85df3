"""The course finder's filters and the application for a course."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from adilkent.places.models import District
from adilkent.places.selectors import mahalle_choices

from .models import Field, Trainee

# groups a trainee may declare: they count in the funnel (by group), and the priority rules of
# a course's programme may give them points
GROUP_LABELS = {
    "women": _("I am a woman"),
    "youth": _("I am between 15 and 29"),
    "roma": _("I am Roma"),
    "refugee_or_migrant": _("I am a refugee or migrant"),
    "disability": _("I have a disability"),
    "low_income": _("My household has a low income"),
}


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class FinderForm(forms.Form):
    near = forms.TypedChoiceField(
        label=_("Courses near my neighbourhood"), coerce=int, empty_value=None, required=False
    )
    district = forms.TypedChoiceField(
        label=_("District"), coerce=int, empty_value=None, required=False
    )
    field = forms.TypedChoiceField(label=_("Field"), coerce=int, empty_value=None, required=False)
    starts_from = forms.DateField(
        label=_("Starting on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(label=_("Language of teaching"), required=False)
    women_only = forms.BooleanField(label=_("Courses for women only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["near"].choices = mahalle_choices(_("— choose —"))  # type: ignore[attr-defined]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("— any —")),
            *District.objects.order_by("name").values_list("pk", "name"),
        ]
        self.fields["field"].choices = [  # type: ignore[attr-defined]
            ("", _("— any —")),
            *((f.pk, str(f)) for f in Field.objects.all()),
        ]
        self.fields["language"].choices = [("", _("— any —")), *language_choices()]  # type: ignore[attr-defined]


class CourseApplicationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    mahalle = forms.TypedChoiceField(
        label=_("Neighbourhood where you live"), coerce=int, empty_value=None, required=False
    )
    sex = forms.ChoiceField(label=_("You are"), choices=Trainee.Sex.choices, required=False)
    groups = forms.MultipleChoiceField(
        label=_("Does any of this apply to you? (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(GROUP_LABELS.items()),
    )
    organisation = forms.CharField(
        label=_("The organisation you represent"), max_length=200, required=False
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("— choose —")), *Trainee.OrganisationKind.choices],
    )

    def __init__(self, *args: Any, asks_organisation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mahalle"].choices = mahalle_choices(_("— choose —"))  # type: ignore[attr-defined]
        if not asks_organisation:
            del self.fields["organisation"]
            del self.fields["organisation_kind"]
