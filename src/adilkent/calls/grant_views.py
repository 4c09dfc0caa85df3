"""The grant staff pages of a call: the reviewer's declaration and scoring, the coordinator's
application page (screening, reviews, determination, agreement, instalments, reports,
closure) and ranking, and the finance pages (payment batches and their file, bank statements
and their reconciliation).

Every page goes through the cases area's checks (second factor, idle timeout, one audit row
per request, refusals too) with the call's own need-to-know rule instead of a cases role:
reviewers (:func:`.permissions.reviews`), coordinators (:func:`.permissions.coordinates`),
finance (:func:`.permissions.handles_payments`). Anyone else gets a 404. A reviewer on the
panel who may not read an application (not declared yet, or a conflict of interest with it)
is refused with a 403 whose reason the audit row keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core.l10n import name_in_language
from adilkent.core.protected_files import protected_file_response

from . import grant_selectors as selectors
from . import permissions, services
from .grant_forms import (
    AgreementForm,
    ConflictForm,
    DeclarationForm,
    DeterminationForm,
    ScoreForm,
    StatementForm,
)
from .models import Agreement, Application, Attachment, Call, GrantReport, Instalment

S = Application.Status


def grant_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _user(request: HttpRequest) -> Any:
    return request.user


def _language() -> str:
    return (get_language() or "tr")[:2]


def _call_title(call: Call) -> str:
    return name_in_language(call.title, _language()) or call.slug


def _messages_of(error: services.CallInvalid) -> str:
    return " ".join(m for ms in error.errors.values() for m in ms)


def _onto(form: forms.Form, error: services.CallInvalid) -> None:
    """The service's messages beside the form's fields (the rest above the form)."""
    for name, found in error.errors.items():
        for message in found:
            form.add_error(name if name in form.fields else None, message)


def _coordinator(request: HttpRequest, call: Call) -> None:
    if not permissions.coordinates(request.user, call):
        raise Http404


def _application_for_coordinator(request: HttpRequest, public_id: str) -> Application:
    application = selectors.grant_application(public_id)
    _coordinator(request, application.call)
    request.audit_object = ("grant application", application.public_id)  # type: ignore[attr-defined]
    return application


def _reviewer_access(request: HttpRequest, application: Application) -> None:
    """Someone neither on the panel nor coordinating: 404. On the panel but not allowed to
    read this application (no declaration yet, a conflict, or not on the panel while
    coordinating): a 403 whose reason the audit row records."""
    call = application.call
    if not permissions.reviews(request.user, call) and not permissions.coordinates(
        request.user, call
    ):
        raise Http404
    try:
        services.review_access(application, request.user)  # type: ignore[arg-type]
    except services.ConflictRefused as error:
        raise PermissionDenied(str(error)) from error
    if not (
        services.applications_for_reviewer(call, request.user)  # type: ignore[arg-type]
        .filter(pk=application.pk)
        .exists()
    ):
        raise Http404  # not (or no longer) up for review


# --- reviewers --------------------------------------------------------------------------------


def _declaration_page(
    request: HttpRequest, call: Call, form: DeclarationForm | None = None, status: int = 200
) -> HttpResponse:
    declared = services.has_declared(call, request.user)  # type: ignore[arg-type]
    context: dict[str, Any] = {"call": call, "call_title": _call_title(call), "declared": declared}
    if declared:
        context["to_review"] = selectors.reviewer_list(call, request.user)
        context["conflicts"] = selectors.conflicts_declared(call, request.user)
    else:
        context["form"] = form or DeclarationForm(applications=list(selectors.to_declare(call)))
    return render(request, "calls/grants/review_start.html", context, status=status)


@grant_view("grant call", "slug")
def review_start(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.grant_call(slug)
    if not permissions.reviews(request.user, call):
        raise Http404
    if request.method != "POST":
        return _declaration_page(request, call)
    if services.has_declared(call, request.user):  # type: ignore[arg-type]
        messages.info(request, _("You have already made your declaration for this call."))
        return redirect("calls:grants-review", slug=call.slug)
    form = DeclarationForm(request.POST, applications=list(selectors.to_declare(call)))
    if form.is_valid():
        try:
            services.panel_declare(
                call=call,
                reviewer=request.user,  # type: ignore[arg-type]
                conflicts=form.conflicts(),
            )
        except services.CallInvalid as error:
            _onto(form, error)
        except services.ConflictRefused as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(
                request, _("Your declaration is recorded. These are the applications to review.")
            )
            return redirect("calls:grants-review", slug=call.slug)
    return _declaration_page(request, call, form, status=400)


def _score_page(
    request: HttpRequest,
    application: Application,
    score_form: ScoreForm | None = None,
    conflict_form: ConflictForm | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    criteria = selectors.criteria(application.call, language)
    if score_form is None:
        user: Any = request.user
        mine = application.reviews.filter(reviewer=user).prefetch_related("scores").first()
        initial: dict[str, Any] = {}
        if mine is not None:
            keys = {s.criterion.pk: s.criterion.key for s in criteria}
            initial = {f"score_{keys[s.criterion_id]}": s.score for s in mine.scores.all()}
            initial["comment"] = mine.comment
        score_form = ScoreForm(criteria=criteria, initial=initial)
    context = {
        "application": application,
        "call_title": _call_title(application.call),
        "answers": selectors.answers(application, language),
        "budget_lines": application.budget_lines.all(),
        "attachments": application.attachments.all(),
        "score_form": score_form,
        "conflict_form": conflict_form or ConflictForm(),
        "scored": application.reviews.filter(reviewer=_user(request)).exists(),
    }
    return render(request, "calls/grants/score.html", context, status=status)


@grant_view("grant application", "public_id")
def score(request: HttpRequest, public_id: str) -> HttpResponse:
    application = selectors.grant_application(public_id)
    _reviewer_access(request, application)
    if request.method != "POST":
        return _score_page(request, application)
    criteria = selectors.criteria(application.call, _language())
    form = ScoreForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            services.review_submit(
                application=application,
                reviewer=request.user,  # type: ignore[arg-type]
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except services.CallInvalid as error:
            _onto(form, error)
        except services.ConflictRefused as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(
                request,
                _("Your scores for %(number)s are recorded.") % {"number": application.public_id},
            )
            return redirect("calls:grants-review", slug=application.call.slug)
    return _score_page(request, application, score_form=form, status=400)


@require_POST
@grant_view("grant conflict", "public_id")
def conflict(request: HttpRequest, public_id: str) -> HttpResponse:
    """A conflict of interest found after the declaration: the application is hidden from the
    reviewer from now on and their review of it, if any, is withdrawn."""
    application = selectors.grant_application(public_id)
    if not permissions.reviews(request.user, application.call):
        raise Http404
    form = ConflictForm(request.POST)
    if not form.is_valid():
        _reviewer_access(request, application)
        return _score_page(request, application, conflict_form=form, status=400)
    services.conflict_add(
        application=application,
        reviewer=request.user,  # type: ignore[arg-type]
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request,
        _("Your conflict of interest with %(number)s is recorded: it is no longer shown to you.")
        % {"number": application.public_id},
    )
    return redirect("calls:grants-review", slug=application.call.slug)


@grant_view("grant attachment", "pk")
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    found = Attachment.objects.select_related("application__call").filter(pk=pk).first()
    if found is None or found.application.call.kind != Call.Kind.GRANT:
        raise Http404
    if not permissions.coordinates(request.user, found.application.call):
        _reviewer_access(request, found.application)
    return protected_file_response(
        found.file, download_name=found.original_name, content_type=found.content_type
    )


# --- coordinators -----------------------------------------------------------------------------


def _screen_url(application: Application) -> str:
    try:
        return reverse("calls:staff-screen", args=[application.public_id])
    except NoReverseMatch:  # the screening page is another part of the app
        return ""


def _determination_form(application: Application, data: Any = None) -> DeterminationForm:
    return DeterminationForm(data, prefix="decide")


def _application_page(
    request: HttpRequest,
    application: Application,
    *,
    determination_form: DeterminationForm | None = None,
    agreement_form: AgreementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    criteria = selectors.criteria(application.call, language)
    agreement = Agreement.objects.filter(application=application).first()
    instalments = list(application.instalments.prefetch_related("reports"))
    context = {
        "application": application,
        "call": application.call,
        "call_title": _call_title(application.call),
        "answers": selectors.answers(application, language),
        "budget_lines": application.budget_lines.all(),
        "attachments": application.attachments.all(),
        "screen_url": _screen_url(application),
        "criteria": criteria,
        "reviews": selectors.reviews(application, criteria),
        "min_reviews": services.grants.MIN_REVIEWS,
        "budget": selectors.budget(application.call),
        "determination_form": determination_form or _determination_form(application)
        if application.status == S.ELIGIBLE
        else None,
        "agreement": agreement,
        "agreement_form": agreement_form or AgreementForm(prefix="agreement")
        if application.status == S.AWARDED and agreement is None
        else None,
        "instalments": instalments,
        "reports": application.grant_reports.select_related("instalment", "accepted_by"),
        "statuses": Instalment.Status,
    }
    return render(request, "calls/grants/application.html", context, status=status)


@grant_view("grant application", "public_id")
def application_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _application_for_coordinator(request, public_id)
    return _application_page(request, application)


@require_POST
@grant_view("grant determination", "public_id")
def determine(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _application_for_coordinator(request, public_id)
    form = _determination_form(application, request.POST)
    if form.is_valid():
        award = form.cleaned_data["decision"] == DeterminationForm.Decision.AWARD
        try:
            services.grant_determine(
                application=application,
                award=award,
                reasons=form.cleaned_data["reasons"],
                amount=form.cleaned_data["amount"] if award else "",
                by=request.user,  # type: ignore[arg-type]
            )
        except services.CallInvalid as error:
            _onto(form, error)
        else:
            messages.success(
                request,
                _("The grant is awarded.") if award else _("The application is not selected."),
            )
            return redirect("calls:grants-application", public_id=application.public_id)
    application.refresh_from_db()
    return _application_page(request, application, determination_form=form, status=400)


@require_POST
@grant_view("grant agreement", "public_id")
def agreement(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _application_for_coordinator(request, public_id)
    form = AgreementForm(request.POST, prefix="agreement")
    if form.is_valid():
        try:
            services.agreement_record(
                application=application,
                number=form.cleaned_data["number"],
                signed_on=form.cleaned_data["signed_on"],
                instalments=form.instalments(),
                by=request.user,  # type: ignore[arg-type]
            )
        except services.CallInvalid as error:
            _onto(form, error)
        else:
            messages.success(request, _("The agreement and its instalments are recorded."))
            return redirect("calls:grants-application", public_id=application.public_id)
    return _application_page(request, application, agreement_form=form, status=400)


def _back(application: Application) -> HttpResponse:
    return redirect("calls:grants-application", public_id=application.public_id)


@require_POST
@grant_view("grant instalment", "pk")
def release(request: HttpRequest, pk: int) -> HttpResponse:
    instalment = Instalment.objects.select_related("application__call").filter(pk=pk).first()
    if instalment is None:
        raise Http404
    _coordinator(request, instalment.application.call)
    try:
        services.instalment_release(instalment=instalment)
    except services.CallInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("Instalment %(n)s is released for payment.") % {"n": instalment.number},
        )
    return _back(instalment.application)


@require_POST
@grant_view("grant report", "pk")
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = GrantReport.objects.select_related("application__call").filter(pk=pk).first()
    if report is None:
        raise Http404
    _coordinator(request, report.application.call)
    try:
        services.grant_report_accept(report=report, by=request.user)  # type: ignore[arg-type]
    except services.CallInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The report is accepted."))
    return _back(report.application)


@grant_view("grant report file", "pk")
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = GrantReport.objects.select_related("application__call").filter(pk=pk).first()
    if report is None or not report.file:
        raise Http404
    _coordinator(request, report.application.call)
    return protected_file_response(
        report.file,
        download_name=report.original_name or "report",
        content_type=report.content_type or "application/octet-stream",
    )


@require_POST
@grant_view("grant closure", "public_id")
def close(request: HttpRequest, public_id: str) -> HttpResponse:
    application = _application_for_coordinator(request, public_id)
    try:
        services.grant_close(application=application)
    except services.CallInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The grant is closed."))
    return _back(application)


@grant_view("grant ranking", "slug")
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.grant_call(slug)
    _coordinator(request, call)
    context = {
        "call": call,
        "call_title": _call_title(call),
        "ranked": services.ranking(call),
        "budget": selectors.budget(call),
        "to_screen": call.applications.filter(status=S.SUBMITTED).order_by("created_at"),
    }
    return render(request, "calls/grants/ranking.html", context)


# --- payments ---------------------------------------------------------------------------------


def _payments_call(request: HttpRequest, call: Call) -> None:
    if not permissions.handles_payments(request.user, call):
        raise Http404


def _payments_page(
    request: HttpRequest, call: Call, form: StatementForm | None = None, status: int = 200
) -> HttpResponse:
    instalments = selectors.instalments_to_pay(call)
    context = {
        "call": call,
        "call_title": _call_title(call),
        "instalments": instalments,
        "released": sum(1 for i in instalments if i.status == Instalment.Status.RELEASED),
        "batches": selectors.batches(call),
        "statements": selectors.statements(call),
        "form": form or StatementForm(),
    }
    return render(request, "calls/grants/payments.html", context, status=status)


@grant_view("grant payments", "slug")
def payments(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.grant_call(slug)
    _payments_call(request, call)
    return _payments_page(request, call)


@require_POST
@grant_view("grant payment batch", "slug")
def batch_create(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.grant_call(slug)
    _payments_call(request, call)
    try:
        batch = services.payment_batch_create(call=call, by=request.user)  # type: ignore[arg-type]
    except services.CallInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        request.audit_object = ("grant payment batch", str(batch.pk))  # type: ignore[attr-defined]
        messages.success(
            request,
            _("Payment batch %(batch)s is ready: download its file for the bank.")
            % {"batch": str(batch)},
        )
    return redirect("calls:grants-payments", slug=call.slug)


@grant_view("grant payment batch", "pk")
def batch_file(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_of(pk)
    _payments_call(request, batch.call)
    response = HttpResponse(services.payment_batch_file(batch), content_type="text/csv")
    stamp = timezone.localtime(batch.created_at).strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{batch.call.slug}-{batch}-{stamp}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@grant_view("grant bank statement", "slug")
def statement_upload(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.grant_call(slug)
    _payments_call(request, call)
    form = StatementForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["statement"]
        try:
            result = services.statement_import(
                call=call,
                data=upload.read(),
                original_name=upload.name or "statement.csv",
                by=request.user,  # type: ignore[arg-type]
            )
        except services.CallInvalid as error:
            _onto(form, error)
        else:
            request.audit_object = ("grant bank statement", str(result.statement.pk))  # type: ignore[attr-defined]
            return redirect("calls:grants-statement", pk=result.statement.pk)
    return _payments_page(request, call, form, status=400)


@grant_view("grant bank statement", "pk")
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.statement_of(pk)
    _payments_call(request, found.call)
    context = {
        "call": found.call,
        "call_title": _call_title(found.call),
        "report": selectors.statement_report(found),
    }
    return render(request, "calls/grants/statement.html", context)
