"""Public pages of calls: the calls, a call, applying (ending on a receipt with the follow
code, shown once), following an application with its number and code (POSTed, never in the
address), the awarded grants with their open data, and the volunteer figures.

Writes go through :mod:`.services`; reads through :mod:`.selectors`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from adilkent.core import throttle
from adilkent.core.l10n import name_in_language
from adilkent.programmes.exports import FORMATS, table_bytes

from . import selectors, services
from .forms import BUDGET_ROWS, ApplicationForm, FollowForm, ReportForm
from .models import Application, Call

SUBMISSIONS_PER_HOUR = 10
FOLLOWS_PER_HOUR = 60
WITHDRAWABLE = (
    Application.Status.SUBMITTED,
    Application.Status.ELIGIBLE,
    Application.Status.INTERVIEWED,
    Application.Status.APPROVED,
    Application.Status.AWARDED,
)


def _language() -> str:
    return (get_language() or "tr")[:2]


def call_list(request: HttpRequest) -> HttpResponse:
    items = selectors.listed_calls(timezone.localdate(), _language())
    return render(request, "calls/public/list.html", {"items": items})


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.call_page(slug, timezone.localdate(), _language())
    if page is None:
        raise Http404
    return render(request, "calls/public/call.html", {"page": page, "call": page.item.call})


def _submit(call: Call, form: ApplicationForm) -> services.Submitted | None:
    """The application from a valid form, or ``None`` with every problem added to the form."""
    data = form.cleaned_data
    answers = {key: data.get(f"q_{key}") for key in form.question_keys}
    budget = [
        services.BudgetInput(
            data.get(f"budget_item_{n}") or "", data.get(f"budget_amount_{n}") or ""
        )
        for n in range(1, BUDGET_ROWS + 1)
    ]
    try:
        return services.application_submit(
            call=call,
            language=_language(),
            contact_name=data.get("contact_name") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            mahalle_id=data.get("mahalle"),
            age_band=data.get("age_band") or "",
            sex=data.get("sex") or "",
            answers=answers,
            consent=bool(data.get("consent")),
            adult=bool(data.get("adult")),
            applicant_kind=data.get("applicant_kind") or "",
            organisation=data.get("organisation") or "",
            tax_number=data.get("tax_number") or "",
            iban=data.get("iban") or "",
            project_title=data.get("project_title") or "",
            project_summary=data.get("project_summary") or "",
            amount_requested=data.get("amount_requested") or "",
            budget=budget if call.kind == Call.Kind.GRANT else (),
            attachments=data.get("attachments") or [],
        )
    except services.CallInvalid as error:
        for key, messages in error.errors.items():
            for message in messages:
                form.add_error(form.target(key), message)
        return None


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.call_for_form(slug)
    if call is None:
        raise Http404
    language = _language()
    posted = request.method == "POST"
    form = ApplicationForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        call=call,
        language=language,
    )
    if posted and form.is_valid():
        if not throttle.allow("calls-apply", request, SUBMISSIONS_PER_HOUR):
            form.add_error(
                None, _("Too many applications from this connection. Please call HİM (153).")
            )
        else:
            submitted = _submit(call, form)
            if submitted is not None:
                # rendered, not redirected: the follow code is shown this once
                response = render(
                    request,
                    "calls/public/receipt.html",
                    {
                        "call": call,
                        "title": name_in_language(call.title, language) or call.slug,
                        "public_id": submitted.application.public_id,
                        "code": submitted.follow_code,
                    },
                )
                response["Cache-Control"] = "private, no-store"
                return response
    return render(
        request,
        "calls/public/apply.html",
        {
            "call": call,
            "title": name_in_language(call.title, language) or call.slug,
            "is_open": services.call_is_open(call),
            "is_example": call.source.startswith(selectors.EXAMPLE_PREFIX),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- following an application ----------------------------------------------------------------


def _status_page(
    request: HttpRequest,
    application: Application,
    *,
    status: int = 200,
    notice: str = "",
    report_form: ReportForm | None = None,
    withdraw_errors: list[str] | None = None,
) -> HttpResponse:
    shown = selectors.application_shown(application, _language())
    if report_form is None and application.status == Application.Status.AWARDED:
        report_form = ReportForm(instalments=shown.instalments)
    response = render(
        request,
        "calls/public/status.html",
        {
            "shown": shown,
            "application": application,
            "call": application.call,
            "public_id": application.public_id,
            "code": request.POST.get("code", "").strip()[:20],
            "notice": notice,
            "report_form": report_form if application.status == "awarded" else None,
            "may_withdraw": application.status in WITHDRAWABLE,
            "withdraw_errors": withdraw_errors or [],
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def follow(request: HttpRequest) -> HttpResponse:
    """GET: the form for the number and the follow code. POST: the application they open,
    and the applicant's actions on it (``action``: withdraw, report)."""
    if request.method != "POST":
        return render(request, "calls/public/follow.html", {"form": FollowForm()})
    form = FollowForm(request.POST)
    context: dict[str, Any] = {"form": form}
    if not throttle.allow("calls-follow", request, FOLLOWS_PER_HOUR):
        context["error"] = _("Too many attempts from this connection. Please wait an hour.")
        return render(request, "calls/public/follow.html", context, status=429)
    if not form.is_valid():
        return render(request, "calls/public/follow.html", context, status=400)
    application = services.application_by_follow_code(
        public_id=form.cleaned_data["public_id"], follow_code=form.cleaned_data["code"]
    )
    if application is None:
        context["error"] = _(
            "No application has this number and follow code. Check both and try again."
        )
        return render(request, "calls/public/follow.html", context, status=404)
    action = request.POST.get("action", "")
    if action == "withdraw":
        return _withdraw(request, application)
    if action == "report":
        return _report(request, application)
    return _status_page(request, application)


def _messages(error: services.CallInvalid) -> list[str]:
    return [m for found in error.errors.values() for m in found]


def _withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        return _status_page(
            request,
            application,
            status=400,
            withdraw_errors=[_("Tick the box to confirm that you withdraw the application.")],
        )
    try:
        services.application_withdraw(application=application)
    except services.CallInvalid as error:
        return _status_page(request, application, status=400, withdraw_errors=_messages(error))
    return _status_page(request, application, notice=_("Your application is withdrawn."))


def _report(request: HttpRequest, application: Application) -> HttpResponse:
    instalments = list(application.instalments.order_by("number"))
    form = ReportForm(request.POST, instalments=instalments)
    if form.is_valid():
        chosen = form.cleaned_data.get("instalment")
        instalment = next((i for i in instalments if i.pk == chosen), None)
        try:
            services.grant_report_submit(
                application=application,
                instalment=instalment,
                summary=form.cleaned_data.get("summary") or "",
            )
        except services.CallInvalid as error:
            for key, messages in error.errors.items():
                for message in messages:
                    form.add_error(key if key in form.fields else None, message)
        else:
            return _status_page(
                request,
                application,
                notice=_("Your report is sent. The coordinator of the call reads it."),
            )
    return _status_page(request, application, status=400, report_form=form)


# --- transparency ----------------------------------------------------------------------------


def grants(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "calls/public/grants.html",
        {"rows": selectors.awarded_grants(_language()), "formats": list(FORMATS)},
    )


@require_GET
def grants_data(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    body, content_type = table_bytes("grants", selectors.grants_open_data(_language()), fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="adilkent-grants.{fmt}"'
    return response


def volunteer_figures(request: HttpRequest) -> HttpResponse:
    figures, minimum = selectors.volunteer_figures(_language())
    return render(request, "calls/public/figures.html", {"figures": figures, "minimum": minimum})
