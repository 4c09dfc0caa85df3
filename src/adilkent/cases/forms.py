"""Forms of the cases area; each error says what is wrong in the user's language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adilkent.places.models import District

from .models import CaseNote, CaseType, Organisation, Unit
from .models.casework import Outcome
from .models.people import ConsentPurpose, Gender, HouseholdLink, ProtectionStatus, Vulnerability
from .models.referrals import SharedField
from .services.people import PersonData

PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given name (as the person writes it)"), max_length=100)
    family_name = forms.CharField(
        label=_("Family name (as the person writes it)"), max_length=100, required=False
    )
    given_name_latin = forms.CharField(
        label=_("Given name in Latin letters"), max_length=100, required=False
    )
    family_name_latin = forms.CharField(
        label=_("Family name in Latin letters"), max_length=100, required=False
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    birth_year = forms.IntegerField(
        label=_("Birth year (if the exact date is not known)"), required=False
    )
    age_is_approximate = forms.BooleanField(label=_("The age is approximate"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED
    )
    nationality = forms.CharField(
        label=_("Nationality (two-letter country code, e.g. SY)"), max_length=2, required=False
    )
    protection_status = forms.ChoiceField(
        label=_("Protection status"), choices=[("", "—"), *ProtectionStatus.choices], required=False
    )
    languages = forms.CharField(
        label=_("Languages spoken (codes, e.g. ar, tr)"), max_length=100, required=False
    )
    preferred_language = forms.CharField(
        label=_("Preferred language (code)"), max_length=8, required=False
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("name"), required=False
    )
    identity_number = forms.CharField(
        label=_("Identity number (kimlik or foreigner number)"), max_length=20, required=False
    )
    disability = forms.CharField(
        label=_("Disability (special-category data)"), max_length=300, required=False
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities (special-category data)"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_case_management = forms.BooleanField(
        label=_("The person agrees that the Refugee Desk keeps these data to manage their case"),
        required=False,
    )

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return value

    def clean_birth_year(self) -> int | None:
        value: int | None = self.cleaned_data.get("birth_year")
        if value is not None and not 1900 <= value <= timezone.localdate().year:
            raise forms.ValidationError(_("Give a birth year between 1900 and this year."))
        return value

    def clean_nationality(self) -> str:
        value = self.cleaned_data.get("nationality", "").strip().upper()
        if value and not re.fullmatch(r"[A-Z]{2}", value):
            raise forms.ValidationError(
                _("Use the two-letter country code (for example SY, AF, UA).")
            )
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if value and not PHONE.match(value):
            raise forms.ValidationError(
                _("A phone number has 7 to 20 digits, spaces, brackets or dashes.")
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob, year = data.get("date_of_birth"), data.get("birth_year")
        if dob and year and dob.year != year:
            self.add_error("birth_year", _("The birth year does not match the date of birth."))
        return data

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        dob = data["date_of_birth"]
        return PersonData(
            given_name=data["given_name"],
            family_name=data["family_name"],
            given_name_latin=data["given_name_latin"],
            family_name_latin=data["family_name_latin"],
            date_of_birth=dob.isoformat() if dob else "",
            birth_year=data["birth_year"],
            age_is_approximate=data["age_is_approximate"],
            gender=data["gender"],
            nationality=data["nationality"],
            protection_status=data["protection_status"],
            languages=data["languages"],
            preferred_language=data["preferred_language"],
            interpreter_needed=data["interpreter_needed"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            district_id=data["district"].pk if data["district"] else None,
            identity_number=data["identity_number"],
            disability=data["disability"],
            vulnerabilities=data["vulnerabilities"],
        )

    @staticmethod
    def initial_from(data: PersonData) -> dict[str, Any]:
        initial = {k: v for k, v in vars(data).items() if k not in {"district_id", "is_test_data"}}
        initial["district"] = data.district_id
        initial["date_of_birth"] = data.date_of_birth or None
        return initial


class FindPersonForm(forms.Form):
    query = forms.CharField(
        label=_("Name, phone or identity number"),
        max_length=100,
        help_text=_("In any script; the beginning of each name is enough."),
    )


class PersonEditForm(PersonForm):
    """Correcting a record: the same fields, without the registration's consent question."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["consent_case_management"]


class HouseholdMemberForm(PersonForm):
    """A relative living with the person, registered and linked in one step."""

    relationship = forms.ChoiceField(
        label=_("Relationship to the person"), choices=HouseholdLink.Relationship.choices
    )

    field_order = ["relationship"]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    organisation = forms.ModelChoiceField(
        label=_("Recipient (for referrals)"), queryset=Organisation.objects.all(), required=False
    )
    how = forms.CharField(
        label=_("How consent was given (e.g. signed form, orally with interpreter)"),
        max_length=200,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") == ConsentPurpose.REFERRAL and not data.get("organisation"):
            self.add_error("organisation", _("Consent to a referral names the organisation."))
        return data


class CaseForm(forms.Form):
    case_type = forms.ModelChoiceField(label=_("Type of case"), queryset=CaseType.objects.all())
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseNote.Kind.choices)
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File (at most 5 MB)"))


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=[(s, s) for s in ("start", "hold", "close", "reopen")])
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    outcome_note = forms.CharField(
        label=_("Outcome note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReferralForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Unit.objects.filter(accepts_referrals=True).select_related("organisation"),
    )
    purpose = forms.CharField(
        label=_("Purpose of the referral"), widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Data to share (only what the recipient needs)"),
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason for referring without consent (only if there is none)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RespondForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("accept", "decline", "complete")])
    text = forms.CharField(
        label=_("Reason or feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for erasure (e.g. the person's request of a given date)"), max_length=300
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
