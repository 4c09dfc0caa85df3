"""The employment staff's forms. They read the input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from adilkent.places.models import District

from .models import Employer, Referral
from .services import CV_TEXT_LIMIT, LANGUAGES_LIMIT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CvForm(forms.Form):
    languages = forms.CharField(
        label=_("Languages spoken"), max_length=LANGUAGES_LIMIT, required=False
    )
    skills = forms.CharField(
        label=_("Skills"), max_length=CV_TEXT_LIMIT, required=False, widget=forms.Textarea
    )
    education = forms.CharField(
        label=_("Education"), max_length=CV_TEXT_LIMIT, required=False, widget=forms.Textarea
    )
    experience = forms.CharField(
        label=_("Work experience"), max_length=CV_TEXT_LIMIT, required=False, widget=forms.Textarea
    )


class FromApplicationForm(CvForm):
    cv_consent = forms.BooleanField(
        label=_("The person agrees that their CV is shared with employers"), required=False
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The person agrees that their CV is shared with employers"), required=False
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (value, label)
            for value, label in Referral.Outcome.choices
            if value != Referral.Outcome.REFERRED
        ],
    )
    on = forms.DateField(label=_("Date of the outcome"), widget=DateInput())
    started_on = forms.DateField(
        label=_("Started work on (when hired)"), required=False, widget=DateInput()
    )


class FollowUpForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Follow-up"),
        coerce=int,
        choices=[(3, _("3 months after starting")), (6, _("6 months after starting"))],
    )
    employed = forms.TypedChoiceField(
        label=_("Still employed?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.CharField(label=_("Sector"), max_length=120, required=False)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        required=False,
        empty_label=_("— not given —"),
    )
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)


class VacancyForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.order_by("name"), empty_label=_("— choose —")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=999, initial=1)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DateInput())
