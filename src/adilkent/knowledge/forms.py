"""The editor's form for one page text. The fields carry the language and direction of the
text being written, so Arabic and Persian are typed right to left whatever the screen's
language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .services import MAX_BODY, MAX_TITLE


class PageTextForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("knowledge page", "Title"), max_length=MAX_TITLE)
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "Markdown: a line starting with ## is a heading, - starts a list item, **bold**, "
            "[words](https://address) is a link. HTML is shown as typed, not run."
        ),
    )
    reviewed = forms.BooleanField(
        label=_("Reviewed: the directorate has checked this text and it is correct"),
        required=False,
    )
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, language: str, direction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "body"):
            self.fields[name].widget.attrs.update({"lang": language, "dir": direction})
