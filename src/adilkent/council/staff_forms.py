"""The forms of the council's staff pages. They read the input; the rules (a child's consent,
age limits, dates) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import GuardianConsent, Member, Recommendation, Sex


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class ConsentForm(forms.Form):
    child_name = forms.CharField(label=_("Child's name"), max_length=200)
    child_birth_date = forms.DateField(label=_("Child's date of birth"), widget=DateInput())
    guardian_name = forms.CharField(label=_("Name of the parent or guardian"), max_length=200)
    relation = forms.ChoiceField(
        label=_("Relation to the child"), choices=GuardianConsent.Relation.choices
    )
    guardian_contact = forms.CharField(
        label=_("Guardian's phone or e-mail"), max_length=200, required=False
    )
    given_on = forms.DateField(label=_("Consent given on"), widget=DateInput())
    how = forms.ChoiceField(label=_("How it was given"), choices=GuardianConsent.How.choices)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DateInput(),
        help_text=_("Required in bodies with age limits; a child needs a guardian's consent."),
    )
    adult = forms.BooleanField(
        label=_("18 or older (confirm this when no date of birth is given)"), required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNSTATED)
    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices, initial="member")
    term_from = forms.DateField(label=_("Term from"), widget=DateInput())
    term_to = forms.DateField(label=_("Term to (if known)"), required=False, widget=DateInput())
    listed = forms.BooleanField(
        label=_("Agreed to be listed by name on the public page (adults only)"), required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    guardian_contact = forms.CharField(
        label=_("Guardian's phone or e-mail (children)"), max_length=200, required=False
    )
    consent = forms.TypedChoiceField(
        label=_("Guardian's consent (children)"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, consents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].choices = [("", _("none (an adult)")), *consents]  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the agenda and minutes"), choices=_languages)
    agenda = forms.CharField(
        label=_("Agenda (one item per line)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=pgettext_lazy("meeting record", "Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    present = forms.TypedMultipleChoiceField(
        label=_("Members present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = members  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    language = forms.ChoiceField(label=_("Written in"), choices=_languages)
    meeting = forms.TypedChoiceField(
        label=_("Adopted at the meeting"), coerce=int, required=False, empty_value=None
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput())
    unit = forms.TypedChoiceField(
        label=_("Addressed to the unit"), coerce=int, required=False, empty_value=None
    )
    unit_name = forms.CharField(
        label=_("or the unit's name, if it is not in the list"), max_length=200, required=False
    )
    answer_due = forms.DateField(
        label=_("Answer due by"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for the usual deadline."),
    )

    def __init__(
        self,
        *args: Any,
        meetings: list[tuple[int, str]],
        units: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("not at a recorded meeting")), *meetings]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("The unit's answer"),
        choices=Recommendation.Answer.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Text of the answer"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())


class ProgressForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Membership ends on"), widget=DateInput())


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Consent withdrawn on"), widget=DateInput())


# --- selection by lot ---------------------------------------------------------------------------


class DrawForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=500)


class ApplicantForm(forms.Form):
    full_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200)
    district = forms.ChoiceField(label=_("District"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "—"), *((d, d) for d in districts)]  # type: ignore[attr-defined]


class ApplicantsFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns name, district, sex (female, male or unstated) and birth_date "
            "(YYYY-MM-DD); phone and email may follow. UTF-8."
        ),
    )


class QuotasForm(forms.Form):
    """A minimum and a maximum per stratum; the fields are made from the strata given."""

    def __init__(
        self, *args: Any, strata: list[tuple[str, str, str, int, int]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.strata = strata
        for feature, value, label, low, high in strata:
            for bound, initial in (("min", low), ("max", high)):
                self.fields[f"{feature}|{value}|{bound}"] = forms.IntegerField(
                    label=f"{label}: {_('minimum') if bound == 'min' else _('maximum')}",
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                    min_value=0,
                    max_value=500,
                    initial=initial,
                )

    def rows(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        """Per stratum: the stratum's name (district, sex, age band), its value's label and
        the two fields."""
        from .draws import feature_label

        return [
            (
                feature_label(feature),
                label,
                self[f"{feature}|{value}|min"],
                self[f"{feature}|{value}|max"],
            )
            for feature, value, label, _low, _high in self.strata
        ]


class RunForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "A whole number from 1 to 2147483647, published with the result. Type one drawn "
            "in public (e.g. with dice), or keep the one generated."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the draw is made once and cannot be undone"), required=True
    )
