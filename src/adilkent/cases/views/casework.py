"""Cases: opening, the case page, workflow steps, notes, tasks and documents."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..audit import cases_view
from ..forms import CaseForm, DocumentForm, NoteForm, StepForm, TaskForm
from ..models import Case, CaseNote
from ..services import casework
from .common import messages_of, require


@cases_view(object_type="person", id_kwarg="person_id", action="create")
def open_case(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(selectors.visible_people(request.user), pk=person_id)
    require("cases.open_case", request)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = casework.open_case(
            person, form.cleaned_data["case_type"], request.user, form.cleaned_data["summary"]
        )
        request.audit_object = ("case", str(case.pk))  # type: ignore[attr-defined]
        messages.success(request, _("The case is opened."))
        return redirect("cases:case", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "person": person})


@cases_view(object_type="case", id_kwarg="case_id")
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = get_object_or_404(selectors.visible_cases(request.user), pk=case_id)
    note_form = NoteForm()
    if not selectors.can_read_protection_notes(request.user):
        note_form.fields["kind"].choices = [  # type: ignore[attr-defined]
            (CaseNote.Kind.GENERAL.value, CaseNote.Kind.GENERAL.label)
        ]
    context = {
        "case": case,
        "person": case.person,
        "notes": selectors.visible_notes(request.user, case),
        "tasks": case.tasks.all(),
        "documents": case.documents.all(),
        "referrals": case.referrals.select_related("to_unit__organisation"),
        "steps": casework.available_transitions(case),
        "step_form": StepForm(),
        "note_form": note_form,
        "task_form": TaskForm(),
        "document_form": DocumentForm(),
        "can_refer": selectors.role_of(request.user) in {"caseworker", "supervisor"},
    }
    return render(request, "cases/case_detail.html", context)


def _case_for_change(request: HttpRequest, case_id: uuid.UUID) -> Case:
    case = get_object_or_404(selectors.visible_cases(request.user), pk=case_id)
    require("cases.change_case", request, case)
    return case


@require_POST
@cases_view(object_type="case", id_kwarg="case_id")
def step(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for_change(request, case_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown step."))
    else:
        try:
            casework.transition(
                case,
                form.cleaned_data["step"],
                form.cleaned_data["outcome"],
                form.cleaned_data["outcome_note"],
            )
            messages.success(request, _("The case is now: %s") % case.get_state_display())
        except ValidationError as error:
            messages.error(request, messages_of(error))
    return redirect("cases:case", case_id=case.pk)


@require_POST
@cases_view(object_type="case", id_kwarg="case_id")
def add_note(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for_change(request, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        if kind == CaseNote.Kind.PROTECTION:
            require("cases.view_protection_notes", request, case)
        casework.add_note(case, form.cleaned_data["body"], request.user, kind)
        messages.success(request, _("The note is saved."))
    else:
        messages.error(request, _("The note is empty."))
    return redirect("cases:case", case_id=case.pk)


@require_POST
@cases_view(object_type="case", id_kwarg="case_id")
def add_task(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for_change(request, case_id)
    form = TaskForm(request.POST)
    if form.is_valid():
        casework.add_task(
            case, form.cleaned_data["title"], form.cleaned_data["due_date"], request.user
        )
        messages.success(request, _("The task is added."))
    else:
        messages.error(request, _("A task needs a title and a due date."))
    return redirect("cases:case", case_id=case.pk)


@require_POST
@cases_view(object_type="case", id_kwarg="case_id")
def add_document(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for_change(request, case_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            casework.add_document(
                case,
                form.cleaned_data["title"],
                upload.name,
                upload.content_type or "",
                upload.read(casework.MAX_DOCUMENT_BYTES + 1),
                request.user,
            )
            messages.success(request, _("The document is saved (encrypted)."))
        except ValidationError as error:
            messages.error(request, messages_of(error))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("cases:case", case_id=case.pk)


@cases_view(object_type="document", id_kwarg="document_id")
def document(request: HttpRequest, case_id: uuid.UUID, document_id: uuid.UUID) -> HttpResponse:
    case = get_object_or_404(selectors.visible_cases(request.user), pk=case_id)
    doc = get_object_or_404(case.documents, pk=document_id)
    response = HttpResponse(casework.document_bytes(doc), content_type=doc.content_type)
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "no-store"
    return response
