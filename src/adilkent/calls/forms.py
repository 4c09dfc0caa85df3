"""The public forms of calls: the application (its fixed fields and one field per question of
the call, labelled in the reader's language), following an application, and a grantee's report.

The fields are lenient on purpose (nothing required, numbers and dates read as text): the
service checks everything at once, so that every problem is shown beside its field in one go,
and what was typed is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adilkent.core.l10n import name_in_language

# the grouped mahalle list (district → its mahalleler) the other public forms use
from adilkent.places.selectors import mahalle_choices

from .models import Application, Call, Instalment, Question

BUDGET_ROWS = 8
FIELD_OF_KEY = {"budget": "budget_item_1"}  # a service's error key → the field it is shown by


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the attachments); the service checks each by its content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def _optional(label: str, required: bool) -> str:
    return label if required else str(_("%(label)s (optional)") % {"label": label})


def question_field(question: Question, language: str) -> forms.Field:
    """The form field of one question, by its kind."""
    label = _optional(name_in_language(question.label, language) or question.key, question.required)
    help_text = name_in_language(question.help, language) if question.help else ""
    choices = [(c["value"], name_in_language(c["label"], language)) for c in question.choices]
    kind = question.kind
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 5, "maxlength": question.max_length}), **common
        )
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.NUMBER:
        return forms.CharField(
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}), **common
        )
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == Question.Kind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(
        widget=forms.TextInput(attrs={"maxlength": question.max_length}), **common
    )


def _text(label: Any, *, ltr: bool = False, **attrs: Any) -> forms.CharField:
    widget_attrs = {"dir": "ltr"} if ltr else {}
    widget_attrs.update(attrs)
    return forms.CharField(
        label=label, required=False, max_length=200, widget=forms.TextInput(attrs=widget_attrs)
    )


class ApplicationForm(forms.Form):
    """The application to ``call``: who applies, the call's questions, and for a grant the
    organisation, bank account, project and budget."""

    def __init__(self, *args: Any, call: Call, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.call = call
        self.question_keys: list[str] = []
        grant = call.kind == Call.Kind.GRANT
        f = self.fields
        if grant:
            f["applicant_kind"] = forms.ChoiceField(
                label=_("Who applies?"),
                choices=Application.ApplicantKind.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            f["organisation"] = _text(
                _("Name of the organisation or group (not needed for a person applying alone)"),
                autocomplete="organization",
            )
        f["contact_name"] = _text(
            _("Contact person's name") if grant else _("Your name"), autocomplete="name"
        )
        f["phone"] = _text(_("Phone"), ltr=True, type="tel", autocomplete="tel")
        f["email"] = _text(_("E-mail"), ltr=True, type="email", autocomplete="email")
        f["mahalle"] = forms.TypedChoiceField(
            label=_("Neighbourhood where you live") if not grant else _("Neighbourhood"),
            coerce=int,
            empty_value=None,
            required=False,
        )
        f["mahalle"].choices = mahalle_choices(_("— choose —"))  # type: ignore[attr-defined]
        f["age_band"] = forms.ChoiceField(
            label=_("Age") if not grant else _("Age (optional)"),
            # kept left to right ("25–34", not "34–25" in Arabic and Persian)
            choices=[
                ("", _("— choose —")),
                *((v, f"\u2066{v_}\u2069") for v, v_ in Application.AgeBand.choices),
            ],
            required=False,
        )
        f["sex"] = forms.ChoiceField(
            label=_("Sex (optional)"),
            choices=[("", _("— not said —")), *Application.Sex.choices],
            required=False,
        )
        for question in call.questions.all():
            name = f"q_{question.key}"
            f[name] = question_field(question, language)
            self.question_keys.append(question.key)
        if grant:
            f["tax_number"] = _text(
                _("Tax number (VKN, 10 digits) or T.C. identity number (11 digits)"),
                ltr=True,
                inputmode="numeric",
                autocomplete="off",
            )
            f["iban"] = _text(
                _("IBAN of the account the grant is paid into"),
                ltr=True,
                autocomplete="off",
                spellcheck="false",
                placeholder="TR00 0000 0000 0000 0000 0000 00",
            )
            f["project_title"] = _text(_("Project title"))
            f["project_summary"] = forms.CharField(
                label=_("Project summary: what you will do, with whom, where"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000}),
            )
            f["amount_requested"] = _text(_("Amount requested (TL)"), ltr=True, inputmode="decimal")
            for n in range(1, BUDGET_ROWS + 1):
                f[f"budget_item_{n}"] = forms.CharField(
                    label=_("Item %(n)s") % {"n": n}, required=False, max_length=200
                )
                f[f"budget_amount_{n}"] = forms.CharField(
                    label=_("Amount of item %(n)s (TL)") % {"n": n},
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
                )
            f["attachments"] = MultipleFileField(
                label=_(
                    "Attachments (optional): up to 5 PDF files or photos, e.g. a budget sheet "
                    "or your registration certificate"
                ),
                required=False,
                widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
            )
        else:
            f["adult"] = forms.BooleanField(
                label=_("I am %(n)s years old or older") % {"n": call.minimum_age},
                required=False,
            )
        f["consent"] = forms.BooleanField(
            label=_(
                "I agree that the municipality keeps and uses what I give here to process this "
                "application, as the personal data notice says."
            ),
            required=False,
        )

    # --- groups of fields, for the template ---------------------------------------------

    def _bound(self, names: Sequence[str]) -> list[forms.BoundField]:
        return [self[n] for n in names if n in self.fields]

    def applicant_fields(self) -> list[forms.BoundField]:
        return self._bound(
            ["applicant_kind", "organisation", "contact_name", "phone", "email", "mahalle",
             "age_band", "sex"]
        )  # fmt: skip

    def question_fields(self) -> list[forms.BoundField]:
        return self._bound([f"q_{k}" for k in self.question_keys])

    def project_fields(self) -> list[forms.BoundField]:
        return self._bound(
            ["project_title", "project_summary", "amount_requested", "tax_number", "iban"]
        )

    def budget_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        if "budget_item_1" not in self.fields:
            return []
        return [
            (n, self[f"budget_item_{n}"], self[f"budget_amount_{n}"])
            for n in range(1, BUDGET_ROWS + 1)
        ]

    def closing_fields(self) -> list[forms.BoundField]:
        return self._bound(["attachments", "adult", "consent"])

    def target(self, key: str) -> str | None:
        """The field a service's error key is shown by (``None``: at the top of the form)."""
        name = FIELD_OF_KEY.get(key, key)
        return name if name in self.fields else None

    def summary(self) -> list[tuple[str, str, str]]:
        """Every message of the form as (the id of the input it is about, its label or ""
        for a single checkbox, whose message says enough, message): the list at the top of
        the form links to the fields."""
        found: list[tuple[str, str, str]] = []
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            # a group of radio buttons or checkboxes: its first one
            widget_id = f"{bound.auto_id}_0" if bound.use_fieldset else bound.auto_id
            if name == "budget_item_1":
                label = str(pgettext_lazy("calls", "Budget"))
            elif isinstance(bound.field, forms.BooleanField):
                label = ""
            else:
                label = str(bound.label)
            found.extend((widget_id, label, str(e)) for e in errors)
        return found


class FollowForm(forms.Form):
    public_id = forms.CharField(
        label=_("Application number"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Follow code"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReportForm(forms.Form):
    """A grantee's report on a milestone."""

    instalment = forms.TypedChoiceField(
        label=_("The milestone the report is about"), coerce=int, empty_value=None, required=False
    )
    summary = forms.CharField(
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 8000}),
    )

    def __init__(self, *args: Any, instalments: Sequence[Instalment], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["instalment"].choices = [  # type: ignore[attr-defined]
            ("", _("— the project as a whole —")),
            *((i.pk, f"{i.number}. {i.milestone}") for i in instalments),
        ]
