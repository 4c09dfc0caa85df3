"""Public pages of enrolment: open terms and centres, the application, the guardian's status
page (positions and offers, answered there)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.core import throttle
from adilkent.core.parsing import ParseError, parse_int

from . import selectors
from .forms import CHILD_SLOTS, ApplicationForm, documents_of
from .models import Application, Term
from .services import (
    ChildInput,
    EnrolmentInvalid,
    application_submit,
    application_withdraw,
    offer_answer,
)

SUBMISSIONS_PER_HOUR = 10
ANSWERS_PER_HOUR = 30


def _record_id(text: str) -> int:
    """A record number from a form, read strictly (``٣`` is not 3); 0 (no record) otherwise,
    so the service answers with its own "no such offer/application" message."""
    try:
        return parse_int(text, field="id", minimum=1)
    except ParseError:
        return 0


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "enrolment/index.html", {"terms": selectors.open_terms(timezone.localdate())}
    )


def _field_for(key: str, form: ApplicationForm) -> str | None:
    mapping = {
        "centres": "choice_1",
        "children": "child_1_name",
        "documents": "document_1",
        "term": None,
    }
    if key.startswith("child_"):
        return f"{key}_birth" if f"{key}_birth" in form.fields else None
    name = mapping.get(key, key)
    return name if name in form.fields else None


def apply(request: HttpRequest, term_id: int) -> HttpResponse:
    term = Term.objects.select_related("programme").filter(pk=term_id).first()
    if term is None:
        raise Http404
    form = ApplicationForm(request.POST or None, request.FILES or None, term=term)
    staff = request.user.is_authenticated and request.user.is_staff
    if request.method == "POST" and form.is_valid():
        if not staff and not throttle.allow("enrolment-apply", request, SUBMISSIONS_PER_HOUR):
            form.add_error(
                None, _("Too many applications from this connection. Please call HİM (153).")
            )
        else:
            data = form.cleaned_data
            channel = (
                (data.get("channel") or Application.Channel.PHONE)
                if staff
                else Application.Channel.WEB
            )
            children = [
                ChildInput(data.get(f"child_{n}_name") or "", data.get(f"child_{n}_birth") or "")
                for n in range(1, CHILD_SLOTS + 1)
                if (data.get(f"child_{n}_name") or data.get(f"child_{n}_birth"))
            ]
            try:
                submitted = application_submit(
                    term=term,
                    guardian_name=data["guardian_name"],
                    guardian_phone=data["guardian_phone"],
                    guardian_email=data["guardian_email"] or "",
                    children=children,
                    centre_ids=[
                        data[f"choice_{n}"]
                        for n in range(1, term.max_choices + 1)
                        if data.get(f"choice_{n}")
                    ],
                    mahalle_id=data["mahalle"],
                    priority_groups=data["priority_groups"],
                    monthly_income=data.get("monthly_income") or "",
                    documents=documents_of(form),
                    language=get_language() or "tr",
                    channel=channel,
                    entered_by=request.user if staff and isinstance(request.user, User) else None,
                )
            except EnrolmentInvalid as error:
                for key, messages in error.errors.items():
                    for message in messages:
                        form.add_error(_field_for(key, form), message)
            else:
                request.session["enrolment_receipt"] = {
                    "code": submitted.follow_code,
                    "numbers": [a.public_id for a in submitted.applications],
                }
                return redirect("enrolment:receipt")
    return render(
        request,
        "enrolment/apply.html",
        {"term": term, "form": form, "staff": staff},
        status=400 if form.errors else 200,
    )


def receipt(request: HttpRequest) -> HttpResponse:
    shown = request.session.pop("enrolment_receipt", None)
    if not shown:
        return redirect("enrolment:status")
    return render(request, "enrolment/receipt.html", shown)


def status(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()[:20]
    context: dict[str, Any] = {"code": code}
    if code:
        if not throttle.allow("enrolment-status", request, 60):
            context["error"] = _("Too many attempts from this connection. Please wait an hour.")
        else:
            found = selectors.applications_by_code(code)
            if not found:
                context["error"] = _("No application has this code. Check the code and try again.")
            context["children"] = [selectors.status_of(a) for a in found]
    return render(
        request, "enrolment/status.html", context, status=404 if context.get("error") else 200
    )


@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("code", "").strip()[:20]
    target = reverse("enrolment:status") + "?code=" + code
    if not throttle.allow("enrolment-answer", request, ANSWERS_PER_HOUR):
        return render(
            request,
            "enrolment/status.html",
            {
                "code": code,
                "error": _("Too many attempts from this connection. Please wait an hour."),
            },
            status=429,
        )
    placement_id = _record_id(request.POST.get("placement", ""))
    accept = request.POST.get("answer") == "accept"
    try:
        offer_answer(follow_code=code, placement_id=placement_id, accept=accept)
    except EnrolmentInvalid as error:
        context: dict[str, Any] = {
            "code": code,
            "error": " ".join(m for ms in error.errors.values() for m in ms),
        }
        context["children"] = [selectors.status_of(a) for a in selectors.applications_by_code(code)]
        return render(request, "enrolment/status.html", context, status=400)
    return redirect(target)


def lottery(request: HttpRequest, term_id: int) -> HttpResponse:
    """The published draw: the seed and every application number with its points, in the
    order of the next round, so that anyone can re-run it (no names, no reasons)."""
    term = Term.objects.select_related("programme").filter(pk=term_id).first()
    if term is None:
        raise Http404
    rows = selectors.ranking(term) if term.lottery_seed else []
    return render(request, "enrolment/lottery.html", {"term": term, "rows": rows})


@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("code", "").strip()[:20]
    if not throttle.allow("enrolment-answer", request, ANSWERS_PER_HOUR):
        return render(
            request,
            "enrolment/status.html",
            {
                "code": code,
                "error": _("Too many attempts from this connection. Please wait an hour."),
            },
            status=429,
        )
    application_id = _record_id(request.POST.get("application", ""))
    try:
        application_withdraw(follow_code=code, application_id=application_id)
    except EnrolmentInvalid as error:
        context: dict[str, Any] = {
            "code": code,
            "error": " ".join(m for ms in error.errors.values() for m in ms),
            "children": [selectors.status_of(a) for a in selectors.applications_by_code(code)],
        }
        return render(request, "enrolment/status.html", context, status=400)
    return redirect(reverse("enrolment:status") + "?code=" + code)
