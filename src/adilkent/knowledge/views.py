"""Staff pages of the knowledge booklet: the index, a page, and (for editors) a page's text in
one language beside the Turkish text.

Every page goes through the cases area's checks (second factor, idle timeout, one audit row
per request, refusals too). Any active member of staff reads; only editors edit (anyone else
gets a 403 on the edit page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from adilkent.cases.audit import View, cases_view

from . import permissions, selectors, services
from .forms import PageTextForm
from .models import Page, PageText
from .rendering import markdown_html
from .services import KnowledgeInvalid


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _gate(request: HttpRequest) -> None:
    if not permissions.reads(request.user):
        raise Http404


def _page(request: HttpRequest, slug: str) -> Page:
    _gate(request)
    page = selectors.page_find(slug=slug)
    if page is None:
        raise Http404
    return page


@staff_view("knowledge pages")
def index(request: HttpRequest) -> HttpResponse:
    _gate(request)
    groups = selectors.pages_overview(language=selectors.current_language())
    edits = permissions.edits(request.user)
    return render(
        request,
        "knowledge/index.html",
        {
            "groups": groups,
            "languages": [(c, selectors.language_name(c)) for c in selectors.language_codes()],
            "edits": edits,
            "missing": selectors.missing_translations(groups=groups) if edits else [],
        },
    )


@staff_view("knowledge page", id_kwarg="slug")
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = _page(request, slug)
    wanted = selectors.current_language()
    shown = selectors.page_text_shown(page=found, language=wanted)
    return render(
        request,
        "knowledge/page.html",
        {
            "page": found,
            "shown": shown,
            "body": markdown_html(shown.text.body) if shown.text else "",
            "wanted_name": selectors.language_name(wanted),
            "shown_name": selectors.language_name(shown.language),
            "sources": selectors.page_sources(page=found),
            "edits": permissions.edits(request.user),
            "languages": [(c, selectors.language_name(c)) for c in selectors.language_codes()],
        },
    )


def _reference(page: Page, language: str) -> tuple[PageText | None, str]:
    """The text shown beside the form: Turkish, or English when Turkish is being written."""
    code = "en" if language == "tr" else "tr"
    return selectors.page_text_of(page=page, language=code), code


@staff_view("knowledge page text", id_kwarg="slug")
def edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    found = _page(request, slug)
    if language not in selectors.language_codes():
        raise Http404
    if not permissions.edits(request.user):
        raise PermissionDenied("not a knowledge editor")
    text = selectors.page_text_of(page=found, language=language)
    direction = selectors.language_dir(language)
    initial: dict[str, Any] = {"revision": text.revision if text else None}
    if text:
        initial.update(title=text.title, body=text.body, reviewed=text.reviewed)
    form = PageTextForm(
        request.POST or None, initial=initial, language=language, direction=direction
    )
    conflict = False
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.page_text_save(
                    page=found,
                    language=language,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    reviewed=form.cleaned_data["reviewed"],
                    editor=request.user,
                    revision=form.cleaned_data["revision"],
                )
            except KnowledgeInvalid as error:
                for field, found_errors in error.errors.items():
                    for message in found_errors:
                        form.add_error(field if field in form.fields else None, message)
                if text and text.revision != form.cleaned_data.get("revision"):
                    # the next save replaces the other editor's version, which is shown
                    conflict = True
                    data = request.POST.copy()
                    data["revision"] = str(text.revision)
                    form.data = data
            else:
                messages.success(
                    request,
                    _("The %(language)s text of this page is saved.")
                    % {"language": selectors.language_name(language)},
                )
                return redirect("knowledge:index")
    reference, reference_code = _reference(found, language)
    return render(
        request,
        "knowledge/edit.html",
        {
            "page": found,
            "shown": selectors.page_text_shown(page=found, language=selectors.current_language()),
            "form": form,
            "text": text,
            "language": language,
            "language_name": selectors.language_name(language),
            "direction": direction,
            "reference": reference,
            "reference_body": markdown_html(reference.body, top=4) if reference else "",
            "reference_code": reference_code,
            "reference_name": selectors.language_name(reference_code),
            "reference_dir": selectors.language_dir(reference_code),
            "conflict": conflict,
            "conflict_body": markdown_html(text.body, top=4) if conflict and text else "",
        },
        status=status,
    )
