"""The application form (a guardian, up to three children, the centres in order)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from adilkent.places.selectors import mahalle_choices

from .models import Application, Centre, Term
from .selectors import rules_for, term_groups

CHILD_SLOTS = 3

# Words for the priority groups the directorate's rules use, in the reader's language; a group
# staff add with another code shows the label they gave it.
GROUP_LABELS = {
    "low_income": _("Our household has a low income"),
    "refugee_or_migrant": _("We are a refugee or migrant family"),
    "disability_in_household": _("Someone in our household has a disability"),
    "single_parent": _("I bring up the child alone"),
}


def reason_labels(term: Term) -> dict[str, str]:
    """Words for the reasons of priority points in the reader's language."""
    rules = rules_for(term)
    labels = {
        c.code: str(GROUP_LABELS.get(c.code, c.label)) for c in (rules.criteria if rules else ())
    }
    for band in rules.need_bands if rules else ():
        labels[f"need_within_{band.within:g}"] = str(
            _("The neighbourhood is among the %(share)s%% most in need")
            % {"share": f"{band.within * 100:g}"}
        )
    return labels


class ApplicationForm(forms.Form):
    guardian_name = forms.CharField(label=_("Your name (parent or guardian)"), max_length=200)
    guardian_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    guardian_email = forms.EmailField(label=_("E-mail"), required=False)
    # not required here: the service checks it with the other rules, so that every problem
    # is shown at once
    mahalle = forms.TypedChoiceField(
        label=_("Neighbourhood where the child lives"), coerce=int, empty_value=None, required=False
    )
    monthly_income = forms.CharField(
        label=_("Your household's monthly income in liras (optional; it sets the fee band)"),
        max_length=20,
        required=False,
    )
    priority_groups = forms.MultipleChoiceField(
        label=_("Does any of this apply to you? (optional; it gives priority)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.term = term
        self.fields["mahalle"].choices = mahalle_choices(_("— choose —"))  # type: ignore[attr-defined]
        rules = rules_for(term)
        self.fields["priority_groups"].choices = [  # type: ignore[attr-defined]
            (c.code, GROUP_LABELS.get(c.code, c.label)) for c in (rules.criteria if rules else ())
        ]
        for number in range(1, CHILD_SLOTS + 1):
            self.fields[f"child_{number}_name"] = forms.CharField(
                label=_("Child's name"), max_length=200, required=False
            )
            self.fields[f"child_{number}_birth"] = forms.CharField(
                label=_("Date of birth"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        with_groups = {g.centre_id for g in term_groups(term)}
        centres = [
            (c.pk, c.name)
            for c in Centre.objects.filter(programme=term.programme, pk__in=with_groups)
        ]
        for number in range(1, term.max_choices + 1):
            self.fields[f"choice_{number}"] = forms.TypedChoiceField(
                label=_("Choice %(n)s") % {"n": number},
                choices=[("", _("— none —")), *centres],
                coerce=int,
                empty_value=None,
                required=False,
            )
        for number in range(1, 4):
            self.fields[f"document_{number}"] = forms.FileField(
                label=_("Document %(n)s (optional: a photo or PDF, at most 5 MB)") % {"n": number},
                required=False,
            )
        self.fields["channel"] = forms.ChoiceField(
            choices=Application.Channel.choices, required=False, widget=forms.RadioSelect
        )

    def children(self) -> list[tuple[int, Any, Any]]:
        return [
            (n, self[f"child_{n}_name"], self[f"child_{n}_birth"])
            for n in range(1, CHILD_SLOTS + 1)
        ]

    def choices(self) -> list[Any]:
        return [self[f"choice_{n}"] for n in range(1, self.term.max_choices + 1)]


def documents_of(form: ApplicationForm) -> list[Any]:
    return [
        form.cleaned_data[f"document_{n}"]
        for n in range(1, 4)
        if form.cleaned_data.get(f"document_{n}")
    ]
