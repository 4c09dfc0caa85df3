"""The public page of the channel's figures: counts of the reports' clear facts only, small
cells withheld and small units folded together (:mod:`.figures`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import figures as selectors


@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "confidential/figures.html", {"figures": selectors.figures()})
