"""Staff pages of calls for applicants and volunteers: the member's calls, a call's
applications, trainings, roles and shifts, a volunteer's application with the form of each
next step (screening, interview, trainings, approval, shifts, hours, certificate, withdrawal),
a shift's roll.

Names, contacts and answers are shown: the cases area's checks apply (second factor, idle
timeout, one audit row per page read and per action, refusals too), with calls' need-to-know
rule (:func:`.permissions.coordinates`: the call's coordinators only). Anyone else gets a 404:
the pages' existence is not told. Each action posts to its own URL and comes back to the
page with a message; what the service refuses is shown beside the form, with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core.l10n import name_in_language

from . import permissions, services
from . import staff_selectors as selectors
from .models import Application, Assignment, Call, Role, Shift, Training
from .services import CallInvalid
from .staff_forms import (
    AssignForm,
    HoursForm,
    InterviewForm,
    InterviewOutcomeForm,
    ScreenForm,
    TrainingForm,
    WithdrawForm,
)

OBJECT = "call application"
S = Application.Status


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _language() -> str:
    return (translation.get_language() or "tr")[:2]


def _member(request: HttpRequest) -> Any:
    """The member acting (``cases_view`` lets only a signed-in member through)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied("not signed in")
    return user


def _call(request: HttpRequest, slug: str) -> Call:
    call = Call.objects.filter(slug=slug).first()
    if call is None or not permissions.coordinates(request.user, call):
        raise Http404
    return call


def _application(request: HttpRequest, public_id: str) -> Application:
    application = (
        Application.objects.select_related("call", "mahalle__district", "screened_by")
        .filter(public_id=public_id)
        .first()
    )
    if application is None or not permissions.coordinates(request.user, application.call):
        raise Http404
    request.audit_object = (OBJECT, application.public_id)  # type: ignore[attr-defined]
    return application


def _volunteer_application(request: HttpRequest, public_id: str) -> Application:
    application = _application(request, public_id)
    if application.call.kind != Call.Kind.VOLUNTEER:
        raise Http404
    return application


def _shift(request: HttpRequest, pk: int) -> Shift:
    shift = Shift.objects.select_related("call", "district").filter(pk=pk).first()
    if shift is None or not permissions.coordinates(request.user, shift.call):
        raise Http404
    return shift


def _onto(form: forms.Form, error: CallInvalid) -> None:
    """The service's messages beside the form's fields (the rest above the form)."""
    for field, found in error.errors.items():
        for message in found:
            form.add_error(field if field in form.fields else None, message)


def _messages_of(form: forms.Form) -> str:
    parts: list[str] = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)


def _summary(form: forms.Form, anchor: str) -> list[tuple[str, str]]:
    """(link, message) for the summary of errors at the top of the page."""
    found: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        if name in form.fields:
            href, label = "#" + form[name].auto_id, str(form.fields[name].label or "")
        else:
            href, label = anchor, ""
        found.extend((href, f"{label}: {e}" if label else str(e)) for e in errors)
    return found


def _back(application: Application) -> HttpResponse:
    if application.call.kind == Call.Kind.GRANT:
        return redirect("calls:grants-application", public_id=application.public_id)
    return redirect("calls:staff-application", public_id=application.public_id)


# --- the member's calls and a call -------------------------------------------------------------


@staff_view("calls")
def home(request: HttpRequest) -> HttpResponse:
    summaries = selectors.calls_for(request.user, _language())
    if not summaries:
        raise Http404
    return render(request, "calls/staff/home.html", {"summaries": summaries})


@staff_view("call", "slug")
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    language = _language()
    status = request.GET.get("status", "")
    if status not in S.values:
        status = ""
    counts = selectors.status_counts(call)
    volunteer = call.kind == Call.Kind.VOLUNTEER
    context: dict[str, Any] = {
        "call": call,
        "title": name_in_language(call.title, language) or call.slug,
        "volunteer": volunteer,
        "status": status,
        "statuses": [(v, label, counts.get(v, 0)) for v, label in S.choices],
        "total": sum(counts.values()),
        "applications": selectors.applications(call, status)[:500],
    }
    if volunteer:
        context.update(
            trainings=selectors.training_rows(call, language),
            roles=selectors.role_rows(call, language),
            shifts=selectors.shift_rows(call, language),
        )
    return render(request, "calls/staff/call.html", context)


# --- a volunteer's application --------------------------------------------------------------------


def _forms(application: Application, language: str) -> dict[str, Any]:
    """The unbound forms of the steps open at the application's status."""
    status = application.status
    found: dict[str, Any] = {}
    if status == S.SUBMITTED:
        found["screen"] = ScreenForm()
    if status == S.ELIGIBLE:
        if selectors.pending_interview(application) is None:
            found["interview"] = InterviewForm(prefix="interview")
        else:
            found["outcome"] = InterviewOutcomeForm(prefix="outcome")
    if status in (S.INTERVIEWED, S.APPROVED):
        found["training"] = _training_form(application, language)
    if status == S.INTERVIEWED:
        found["approve"] = forms.Form(prefix="approve")
    if status == S.APPROVED:
        found["assign"] = _assign_form(application, language)
    if status in (S.SUBMITTED, S.ELIGIBLE, S.INTERVIEWED, S.APPROVED):
        found["withdraw"] = WithdrawForm(prefix="withdraw")
    if status in (S.APPROVED, S.WITHDRAWN) and not hasattr(application, "certificate"):
        found["certificate"] = forms.Form(prefix="certificate")
    return found


def _training_form(application: Application, language: str, data: Any = None) -> TrainingForm:
    done = set(application.trainings_completed.values_list("training_id", flat=True))
    return TrainingForm(
        data,
        prefix="training",
        trainings=[
            (t.pk, name_in_language(t.name, language) or t.key)
            for t in application.call.trainings.all()
            if t.pk not in done
        ],
        initial={"completed_on": timezone.localdate()},
    )


def _assign_form(application: Application, language: str, data: Any = None) -> AssignForm:
    offer = selectors.offer_for(application, language)
    return AssignForm(data, prefix="assign", shifts=offer.shifts, roles=offer.roles)


def _hours_form(assignment: Assignment, data: Any = None) -> HoursForm:
    initial = {"hours": f"{assignment.hours.normalize():f}"} if assignment.hours is not None else {}
    return HoursForm(data, prefix=f"a{assignment.pk}", initial=initial)


def _application_page(
    request: HttpRequest,
    application: Application,
    bound: dict[str, Any] | None = None,
    hours_bound: HoursForm | None = None,
    hours_for: int | None = None,
) -> HttpResponse:
    language = _language()
    steps = _forms(application, language)
    steps.update(bound or {})
    assignments = [
        (
            a,
            name_in_language(a.role.name, language) or a.role.key,
            hours_bound if hours_bound is not None and a.pk == hours_for else _hours_form(a),
        )
        for a in selectors.assignments_of(application)
    ]
    summary = [
        item
        for key, form in steps.items()
        if form.is_bound
        for item in _summary(form, f"#step-{key}")
    ]
    if hours_bound is not None:
        summary += _summary(hours_bound, f"#assignment-{hours_for}")
    certificate = getattr(application, "certificate", None)
    context = {
        "application": application,
        "call": application.call,
        "title": name_in_language(application.call.title, language) or application.call.slug,
        "answers": selectors.answers(application, language),
        "history": selectors.history(application, language),
        "screened_by": selectors.member_name(application.screened_by),
        "interviews": list(application.interviews.select_related("interviewer")),
        "pending": selectors.pending_interview(application),
        "trainings_done": selectors.trainings_done(application, language),
        "roles_open": [name for _pk, name in selectors.offer_for(application, language).roles],
        "assignments": assignments,
        "hours": selectors.total_hours(application),
        "certificate": certificate,
        "steps": steps,
        "summary": summary,
    }
    return render(request, "calls/staff/application.html", context)


@staff_view(OBJECT, "public_id")
def application_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _application_page(request, _volunteer_application(request, public_id))


def _act(
    request: HttpRequest,
    application: Application,
    key: str,
    form: forms.Form,
    do: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Run ``do`` with the form's data: its message and back to the page, or the page again
    with the form, what was typed and the messages beside it."""
    if form.is_valid():
        try:
            done = do(form.cleaned_data)
        except CallInvalid as error:
            _onto(form, error)
        else:
            messages.success(request, done)
            return _back(application)
    if application.call.kind == Call.Kind.GRANT:
        # the grant's page is the grant pages': the messages go with the way back there
        messages.error(request, _messages_of(form))
        return _back(application)
    return _application_page(request, application, {key: form})


@require_POST
@staff_view(OBJECT, "public_id")
def screen(request: HttpRequest, public_id: str) -> HttpResponse:
    """Screening of a volunteer, the eligibility check of a grant application."""
    application = _application(request, public_id)

    def do(data: dict[str, Any]) -> str:
        services.application_screen(
            application=application,
            eligible=data["eligible"],
            note=data["note"],
            by=_member(request),
        )
        return _("Screened: eligible.") if data["eligible"] else _("Screened: not eligible.")

    return _act(request, application, "screen", ScreenForm(request.POST), do)


@require_POST
@staff_view(OBJECT, "public_id")
def interview(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)

    def do(data: dict[str, Any]) -> str:
        services.interview_schedule(
            application=application,
            scheduled_at=data["scheduled_at"],
            place=data["place"],
            interviewer=_member(request),
        )
        return _("The interview is scheduled.")

    return _act(
        request, application, "interview", InterviewForm(request.POST, prefix="interview"), do
    )


@require_POST
@staff_view(OBJECT, "public_id")
def interview_outcome(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)

    def do(data: dict[str, Any]) -> str:
        pending = selectors.pending_interview(application)
        if pending is None:
            raise CallInvalid({"": [_("No interview is waiting for its outcome.")]})
        services.interview_record(
            interview=pending, outcome=data["outcome"], notes=data["notes"], by=_member(request)
        )
        return _("The interview's outcome is recorded.")

    return _act(
        request, application, "outcome", InterviewOutcomeForm(request.POST, prefix="outcome"), do
    )


@require_POST
@staff_view(OBJECT, "public_id")
def training(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)
    language = _language()

    def do(data: dict[str, Any]) -> str:
        found = Training.objects.filter(call=application.call, pk=data["training"]).first()
        if found is None:
            raise CallInvalid({"training": [_("Choose a training of this call.")]})
        services.training_complete(
            application=application,
            training=found,
            completed_on=data["completed_on"],
            by=_member(request),
        )
        return _("Training “%(training)s” recorded as completed.") % {
            "training": name_in_language(found.name, language)
        }

    form = _training_form(application, language, request.POST)
    return _act(request, application, "training", form, do)


@require_POST
@staff_view(OBJECT, "public_id")
def approve(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)

    def do(_data: dict[str, Any]) -> str:
        services.volunteer_approve(application=application, by=_member(request))
        return _("Approved as a volunteer.")

    return _act(request, application, "approve", forms.Form(request.POST, prefix="approve"), do)


@require_POST
@staff_view(OBJECT, "public_id")
def assign(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)
    language = _language()

    def do(data: dict[str, Any]) -> str:
        shift = Shift.objects.filter(call=application.call, pk=data["shift"]).first()
        role = Role.objects.filter(call=application.call, pk=data["role"]).first()
        if shift is None:
            raise CallInvalid({"shift": [_("Choose a shift of this call.")]})
        if role is None:
            raise CallInvalid({"role": [_("Choose a role of this call.")]})
        services.volunteer_assign(application=application, shift=shift, role=role)
        return _("Assigned to “%(shift)s” as %(role)s.") % {
            "shift": shift.activity,
            "role": name_in_language(role.name, language),
        }

    return _act(
        request, application, "assign", _assign_form(application, language, request.POST), do
    )


@require_POST
@staff_view(OBJECT, "public_id")
def certificate(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)

    def do(_data: dict[str, Any]) -> str:
        issued = services.volunteer_certificate_issue(application=application, by=_member(request))
        return _("Certificate %(code)s issued.") % {"code": issued.code}

    return _act(
        request, application, "certificate", forms.Form(request.POST, prefix="certificate"), do
    )


@require_POST
@staff_view(OBJECT, "public_id")
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _volunteer_application(request, public_id)

    def do(_data: dict[str, Any]) -> str:
        services.application_withdraw(application=application)
        return _("The application is withdrawn; shifts not yet served are released.")

    return _act(request, application, "withdraw", WithdrawForm(request.POST, prefix="withdraw"), do)


@require_POST
@staff_view("volunteer assignment", "pk")
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    """Hours served on a shift, from the volunteer's page or from the shift's roll
    (``back=shift``)."""
    assignment = (
        Assignment.objects.select_related("shift__call", "application__call", "role")
        .filter(pk=pk)
        .first()
    )
    if assignment is None or not permissions.coordinates(request.user, assignment.shift.call):
        raise Http404
    application = assignment.application
    request.audit_object = (OBJECT, application.public_id)  # type: ignore[attr-defined]
    from_shift = request.POST.get("back") == "shift"
    form = _hours_form(assignment, request.POST)
    if form.is_valid():
        try:
            services.hours_record(
                assignment=assignment, hours=form.cleaned_data["hours"], by=_member(request)
            )
        except CallInvalid as error:
            _onto(form, error)
        else:
            messages.success(request, _("The hours are recorded."))
            if from_shift:
                return redirect("calls:staff-shift", pk=assignment.shift_id)
            return _back(application)
    if from_shift:
        return _shift_page(request, assignment.shift, form, assignment.pk)
    return _application_page(request, application, hours_bound=form, hours_for=assignment.pk)


# --- a shift -----------------------------------------------------------------------------------


def _shift_page(
    request: HttpRequest, shift: Shift, bound: HoursForm | None = None, bound_for: int | None = None
) -> HttpResponse:
    language = _language()
    roll = [
        (
            row,
            [
                (a, bound if bound is not None and a.pk == bound_for else _hours_form(a))
                for a in row.assignments
            ],
        )
        for row in selectors.shift_roll(shift, language)
    ]
    context = {
        "shift": shift,
        "call": shift.call,
        "title": name_in_language(shift.call.title, language) or shift.call.slug,
        "roll": roll,
        "started": shift.starts_at <= timezone.now(),
        "summary": _summary(bound, f"#assignment-{bound_for}") if bound is not None else [],
    }
    return render(request, "calls/staff/shift.html", context)


@staff_view("volunteer shift", "pk")
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _shift_page(request, _shift(request, pk))
