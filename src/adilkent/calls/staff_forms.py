"""The forms of the staff pages of applicants and volunteers. They read the input; the rules
(what step comes when, who may take which role, how many hours) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adilkent.core.parsing import ParseError, parse_int

from .models import Interview


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AnyIdChoiceField(forms.TypedChoiceField):
    """A choice of ids where any whole number is accepted: the list shows only what is
    offered, and a choice posted from a page grown stale is checked by the service, which
    says why not."""

    def valid_value(self, value: Any) -> bool:
        try:
            parse_int(value, field="id", minimum=0)
        except ParseError:
            return False
        return True


class ScreenForm(forms.Form):
    """Field names kept as they are: the grant pages post here too."""

    eligible = forms.TypedChoiceField(
        label=_("Does the application meet the call's conditions?"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes, eligible")), ("no", _("No, not eligible"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (required when not eligible)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InterviewForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=pgettext_lazy("calls", "Place"), max_length=200)


class InterviewOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the interview"),
        choices=[
            (value, label)
            for value, label in Interview.Outcome.choices
            if value != Interview.Outcome.PENDING
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TrainingForm(forms.Form):
    training = AnyIdChoiceField(label=_("Training"), coerce=int, choices=[])
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())

    def __init__(self, *args: Any, trainings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training"].choices = [("", _("— choose —")), *trainings]  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    """Offers the roles the volunteer may take and the shifts with room in one of them."""

    shift = AnyIdChoiceField(label=_("Shift"), coerce=int, choices=[])
    role = AnyIdChoiceField(label=pgettext_lazy("calls", "Role"), coerce=int, choices=[])

    def __init__(
        self,
        *args: Any,
        shifts: list[tuple[int, str]],
        roles: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = [("", _("— choose —")), *shifts]  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", _("— choose —")), *roles]  # type: ignore[attr-defined]


class HoursForm(forms.Form):
    hours = forms.CharField(
        label=_("Hours served"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that the volunteer asked to withdraw"),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )
