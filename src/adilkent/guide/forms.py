"""The staff form for one service's texts in one language. Each box carries the language and
direction of the text being written, so Arabic and Persian are typed right to left whatever
the screen's language, and points to the Turkish and English texts shown beside it."""

from __future__ import annotations

from typing import Any

from django import forms

from .selectors import TranslationText


class ServiceTranslationForm(forms.Form):
    def __init__(
        self, *args: Any, items: list[TranslationText], language: str, direction: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            attrs = {"lang": language, "dir": direction, "aria-describedby": f"{item.key}-sources"}
            widget: forms.Widget = (
                forms.Textarea(attrs={"rows": 5, **attrs})
                if item.long
                else forms.TextInput(attrs=attrs)
            )
            self.fields[item.key] = forms.CharField(
                label=item.label,
                required=False,
                max_length=item.max_length,
                initial=item.texts.get(language, ""),
                widget=widget,
            )

    def texts(self) -> tuple[dict[str, str], dict[int, dict[str, str]], dict[int, dict[int, str]]]:
        """The cleaned texts, split as ``services.service_translation_update`` takes them: the
        service's fields, the questions' texts, and the answer options' names."""
        fields: dict[str, str] = {}
        questions: dict[int, dict[str, str]] = {}
        options: dict[int, dict[int, str]] = {}
        for key, text in self.cleaned_data.items():
            kind, _sep, rest = key.partition("-")
            if kind == "field":
                fields[rest] = text
                continue
            pk, _sep, field = rest.partition("-")
            if field.startswith("option-"):
                options.setdefault(int(pk), {})[int(field.removeprefix("option-"))] = text
            else:
                questions.setdefault(int(pk), {})[field] = text
        return fields, questions, options
