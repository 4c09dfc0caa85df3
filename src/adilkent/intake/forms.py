"""The public request form (works without JavaScript; the map pin is an addition)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from adilkent.guide.models import AttributeType, Service, ServiceGroup
from adilkent.places.selectors import mahalle_choices

from .models import IdentityMode, Kind, ResidentGroup


def service_choices() -> list[tuple[str, Any]]:
    """ "Don't know" first, then the services that take requests under their group's name
    (option groups), the groups in the guide's order of services."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for service in Service.objects.filter(accepts_requests=True):
        groups.setdefault(service.group, []).append((service.code, service.name))
    labels = dict(ServiceGroup.choices)
    return [("", _("I don't know / other"))] + [
        (str(labels.get(group, group)), options) for group, options in groups.items()
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


IDENTITY_HELP = {
    IdentityMode.IDENTIFIED: _(
        "Staff handling your request see your name and contact details and can reply to you."
    ),
    IdentityMode.CONFIDENTIAL: _(
        "Your name is hidden from most staff; only the staff who must contact you can see it."
    ),
    IdentityMode.ANONYMOUS: _(
        "We do not record your name or contact details. Keep the tracking code: it is the only way to follow your request."
    ),
}


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to do?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        initial=Kind.INFORMATION,
    )
    service = forms.ChoiceField(label=_("Which service is it about?"), required=False)
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Write in any language. We keep your words exactly as you write them."),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    mahalle = forms.TypedChoiceField(
        label=_("Neighbourhood"), required=False, coerce=int, empty_value=None
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    identity_mode = forms.ChoiceField(
        label=_("Who will see your name?"),
        choices=IdentityMode.choices,
        widget=forms.RadioSelect,
        initial=IdentityMode.IDENTIFIED,
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    preferred_language = forms.ChoiceField(label=_("Language for our answer"))
    interpreter_language = forms.CharField(
        label=_("I need an interpreter for this language"),
        required=False,
        max_length=60,
        help_text=_("Leave empty if you do not need an interpreter."),
    )
    resident_groups = forms.MultipleChoiceField(
        label=_("About you (optional)"),
        choices=ResidentGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only used, without your name, to see which groups reach our services less."),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 3 files: JPEG, PNG, WebP or PDF, at most 5 MB each."),
    )

    def __init__(
        self, *args: Any, service: Service | None = None, language: str = "tr", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service_obj = service
        self.fields["service"].choices = service_choices()  # type: ignore[attr-defined]
        self.fields["mahalle"].choices = mahalle_choices(_("— not chosen —"))  # type: ignore[attr-defined]
        self.fields["preferred_language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]
        self.fields["preferred_language"].initial = language
        if service is not None:
            self.fields["service"].initial = service.code
            for attribute in service.attributes.all():
                self.fields[f"attr_{attribute.code}"] = _attribute_field(attribute, language)

    def attribute_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("attr_")]

    def attribute_answers(self) -> dict[str, Any]:
        return {
            name[5:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("attr_") and value not in (None, "", [])
        }


def _attribute_field(attribute: Any, language: str) -> forms.Field:
    label = attribute.description
    required = attribute.required
    if attribute.datatype == AttributeType.NUMBER:
        return forms.DecimalField(label=label, required=required)
    if attribute.datatype == AttributeType.DATETIME:
        return forms.DateField(
            label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
        )
    if attribute.datatype == AttributeType.SINGLE:
        return forms.ChoiceField(
            label=label, required=required, choices=[("", "—"), *attribute.choices(language)]
        )
    if attribute.datatype == AttributeType.MULTI:
        return forms.MultipleChoiceField(
            label=label,
            required=required,
            choices=attribute.choices(language),
            widget=forms.CheckboxSelectMultiple,
        )
    if attribute.datatype == AttributeType.TEXT:
        return forms.CharField(
            label=label, required=required, widget=forms.Textarea(attrs={"rows": 3})
        )
    return forms.CharField(label=label, required=required, max_length=300)
