"""Forms of the Legal Aid Vehicle; every error says what is wrong, in the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adilkent.cases.models.people import Gender

from .models import SPOKEN_LANGUAGES, Outcome, Stop, Topic


class BookingForm(forms.Form):
    slot = forms.ChoiceField(label=_("Time"), error_messages={"required": _("Choose a time.")})
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Write your name.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}
        ),
        help_text=_("The lawyers call this number only if the stop changes."),
        error_messages={
            "required": _("Write a phone number: the lawyers call it if the stop changes.")
        },
    )
    preferred_language = forms.ChoiceField(
        label=_("Language you want to speak"), choices=SPOKEN_LANGUAGES
    )
    interpreter_needed = forms.BooleanField(label=_("I need an interpreter"), required=False)
    topic = forms.ChoiceField(
        label=_("What is your question about?"),
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your question is about.")},
    )
    agree = forms.BooleanField(
        label=_("I have read who will see my name and phone number, and I agree."),
        error_messages={
            "required": _("Tick the box to agree, or the appointment cannot be booked.")
        },
    )

    def __init__(self, *args: Any, stop: Stop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [  # type: ignore[attr-defined]
            (t.strftime("%H:%M"), t.strftime("%H:%M")) for t in stop.slots
        ]

    def clean_slot(self) -> dt.time:
        value = self.cleaned_data["slot"]
        hours, minutes = value.split(":")
        return dt.time(int(hours), int(minutes))

    def clean_name(self) -> str:
        value = self.cleaned_data.get("name", "").strip()
        if not value:
            raise forms.ValidationError(_("Write your name."))
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if not re.fullmatch(r"\+?[0-9 ()-]{7,20}", value):
            raise forms.ValidationError(
                _("A phone number has 7 to 20 digits, spaces, brackets or dashes.")
            )
        return value


class CancelForm(forms.Form):
    code = forms.CharField(
        label=_("Your appointment code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "dir": "ltr"}
        ),
        help_text=_("As on your confirmation, for example KX4M-7TPA."),
        error_messages={"required": _("Write the code of your appointment.")},
    )


NEW_PERSON = "new"


class IntakeForm(forms.Form):
    """What is recorded when the person has come to the vehicle."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), *Outcome.choices],
        error_messages={"required": _("Choose the outcome.")},
    )
    note = forms.CharField(
        label=_("Note for the case (encrypted)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    consent = forms.BooleanField(
        label=_("The person agrees that the Refugee Desk keeps their data to follow up their case"),
        required=False,
        help_text=_("Without consent, only the outcome is recorded: no person and no case."),
    )
    person = forms.ChoiceField(label=_("Person"), required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    given_name_latin = forms.CharField(
        label=_("Given name in Latin letters"), max_length=100, required=False
    )
    family_name_latin = forms.CharField(
        label=_("Family name in Latin letters"), max_length=100, required=False
    )
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial=Gender.UNDISCLOSED
    )
    nationality = forms.CharField(
        label=_("Nationality (two-letter country code, e.g. SY)"), max_length=2, required=False
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (NEW_PERSON, _("Register a new person")),
            *[(str(p.pk), f"{p} · {p.birth_year or '—'}") for p in candidates],
        ]
        self.fields["person"].initial = str(candidates[0].pk) if candidates else NEW_PERSON

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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("consent")
            and data.get("person", NEW_PERSON) in {NEW_PERSON, ""}
            and not data.get("given_name", "").strip()
        ):
            self.add_error("given_name", _("Write the person's given name."))
        return data
