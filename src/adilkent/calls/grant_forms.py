"""The forms of the grant staff pages. They only read what was typed; every rule (conflicts,
two reviews, the budget, instalments adding up to the award, payments) is the services'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .grant_selectors import CriterionShown
from .models import Application
from .services import InstalmentInput

AGREEMENT_ROWS = 4


class DeclarationForm(forms.Form):
    """A reviewer's declaration: per application a box for a conflict and its nature; and the
    confirmation that there is no other conflict."""

    confirm = forms.BooleanField(
        label=_("I have no other conflict of interest with these applicants"),
        error_messages={"required": _("Confirm that you have no other conflict of interest.")},
    )

    def __init__(self, *args: Any, applications: Sequence[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for application in self.applications:
            self.fields[f"conflict_{application.pk}"] = forms.BooleanField(
                required=False,
                label=_("Conflict of interest with %(number)s") % {"number": application.public_id},
            )
            self.fields[f"reason_{application.pk}"] = forms.CharField(
                required=False,
                max_length=300,
                label=_("Nature of the conflict with %(number)s")
                % {"number": application.public_id},
            )

    def rows(self) -> list[tuple[Application, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"conflict_{a.pk}"], self[f"reason_{a.pk}"]) for a in self.applications]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for application in self.applications:
            if (
                data.get(f"conflict_{application.pk}")
                and not data.get(f"reason_{application.pk}", "").strip()
            ):
                self.add_error(
                    f"reason_{application.pk}",
                    _("Say what the conflict of interest with %(number)s is.")
                    % {"number": application.public_id},
                )
        return data

    def conflicts(self) -> dict[int, str]:
        return {
            a.pk: self.cleaned_data.get(f"reason_{a.pk}", "")
            for a in self.applications
            if self.cleaned_data.get(f"conflict_{a.pk}")
        }


class ScoreForm(forms.Form):
    """A score per criterion (0 to its highest score) and a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, criteria: Sequence[CriterionShown], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for shown in self.criteria:
            c = shown.criterion
            fields[f"score_{c.key}"] = forms.IntegerField(
                label=_("%(name)s (weight %(weight)s; 0 to %(max)s)")
                % {"name": shown.name, "weight": c.weight, "max": c.max_score},
                min_value=0,
                max_value=c.max_score,
                error_messages={
                    "required": _("Give a score from 0 to %(max)s.") % {"max": c.max_score},
                    "invalid": _("Give a score from 0 to %(max)s.") % {"max": c.max_score},
                    "min_value": _("Give a score from 0 to %(max)s.") % {"max": c.max_score},
                    "max_value": _("Give a score from 0 to %(max)s.") % {"max": c.max_score},
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        # the scores first, then the comment
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment

    def scores(self) -> dict[str, int]:
        return {
            s.criterion.key: self.cleaned_data[f"score_{s.criterion.key}"] for s in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Nature of the conflict"), max_length=300)


class DeterminationForm(forms.Form):
    class Decision:
        AWARD = "award"
        REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("award", _("Award a grant")),
            ("reject", pgettext_lazy("grant decision", "Not selected")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision.")},
    )
    amount = forms.CharField(
        label=_("Amount awarded (TL)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Only for an award: at most the amount requested."),
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reasons for the decision.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "award" and not data.get("amount", "").strip():
            self.add_error("amount", _("Enter the amount awarded in lira."))
        return data


class AgreementForm(forms.Form):
    number = forms.CharField(
        label=_("Agreement number"),
        max_length=40,
        error_messages={"required": _("Enter the agreement's number.")},
    )
    signed_on = forms.DateField(
        label=pgettext_lazy("agreement", "Signed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date the agreement was signed."),
            "invalid": _("Enter a date as YYYY-MM-DD."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, AGREEMENT_ROWS + 1):
            self.fields[f"milestone_{n}"] = forms.CharField(
                label=_("Milestone"), required=False, max_length=200
            )
            self.fields[f"amount_{n}"] = forms.CharField(
                label=_("Amount (TL)"),
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Due on"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
            )

    def rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"milestone_{n}"], self[f"amount_{n}"], self[f"due_{n}"]])
            for n in range(1, AGREEMENT_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, AGREEMENT_ROWS + 1):
            used = data.get(f"milestone_{n}", "").strip() or data.get(f"amount_{n}", "").strip()
            if used and not data.get(f"due_{n}") and f"due_{n}" not in self.errors:
                self.add_error(
                    f"due_{n}", _("Instalment %(n)s needs the date it is due.") % {"n": n}
                )
        return data

    def instalments(self) -> list[InstalmentInput]:
        data = self.cleaned_data
        return [
            InstalmentInput(data[f"milestone_{n}"], data[f"amount_{n}"], data[f"due_{n}"])
            for n in range(1, AGREEMENT_ROWS + 1)
            if data.get(f"milestone_{n}", "").strip() or data.get(f"amount_{n}", "").strip()
        ]


class StatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (CSV)"),
        help_text=_(
            "As the bank exports it: columns for the date, the amount, the IBAN and the "
            "description (e.g. Tarih;Tutar;IBAN;Açıklama)."
        ),
        error_messages={
            "required": _("Choose the statement file."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
