"""The reporter's pages (report, receipt shown once, proof of report, follow with the
receipt) and the recipients' inbox (unlock with the passphrase, read, reply, close, step out).

The receipt travels only in POST bodies, never in an address, so that no log or history holds
it. A recipient's unlocked private key is kept for the session split in two: encrypted in the
session store, and the key to that in an HttpOnly cookie; neither half alone opens anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from nacl.exceptions import CryptoError

from adilkent.cases import crypto
from adilkent.cases.audit import View, cases_view
from adilkent.core import throttle
from adilkent.core.parsing import ParseError, parse_int

from . import services
from .models import Recipient, Report, ReportKind, Unit

SUBMISSIONS_PER_HOUR = 5
FOLLOWS_PER_HOUR = 20
KEY_SESSION = "confidential-key"
KEY_COOKIE = "adilkent_report_key"


def _ids(values: list[str]) -> list[int]:
    found = []
    for value in values:
        try:
            found.append(parse_int(value, field="id", minimum=1))
        except ParseError:
            found.append(0)
    return found


def _form_context(
    request: HttpRequest, values: dict[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    kinds = list(ReportKind.objects.prefetch_related("recipients__user"))
    return {
        "kinds": kinds,
        "units": Unit.objects.all(),
        "recipients_by_kind": [
            (kind, [r for r in kind.recipients.all() if r.active and not r.escrow])
            for kind in kinds
        ],
        "values": values,
        "errors": errors,
        "staff_entry": _recipient_of(request) is not None,
    }


@never_cache
def report_new(request: HttpRequest) -> HttpResponse:
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {
            key: request.POST.get(key, "")
            for key in ("kind", "unit", "text", "when", "where", "people")
        }
        values["excluded"] = request.POST.getlist("excluded")
        staff = _recipient_of(request)
        if staff is None and not throttle.allow(
            "confidential-report", request, SUBMISSIONS_PER_HOUR
        ):
            errors["form"] = [
                _("Too many reports from this connection. Please wait an hour or call HİM (153).")
            ]
        else:
            kind_id, unit_id = _ids([values["kind"] or "0", values["unit"] or "0"])
            try:
                submitted = services.report_submit(
                    kind_id=kind_id or None,
                    unit_id=unit_id or None,
                    text=values["text"],
                    when=values["when"],
                    where=values["where"],
                    people=values["people"],
                    excluded_ids=[i for i in _ids(values["excluded"]) if i],
                    files=request.FILES.getlist("files"),
                    oral=staff is not None and request.POST.get("oral") == "on",
                    entered_by=request.user if isinstance(request.user, User) else None,
                )
            except services.ReportInvalid as error:
                errors = error.errors
            else:
                request.session["confidential-receipt"] = {
                    "receipt": submitted.receipt,
                    "number": submitted.report.number,
                }
                return redirect("confidential:received")
    return render(
        request,
        "confidential/new.html",
        _form_context(request, values, errors),
        status=400 if errors else 200,
    )


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    """The receipt, shown this once."""
    shown = request.session.pop("confidential-receipt", None)
    if not shown:
        return redirect("confidential:follow")
    return render(request, "confidential/received.html", shown)


@never_cache
@require_POST
def proof(request: HttpRequest) -> HttpResponse:
    """A PDF that proves a report was received: its number, kind and time; not its contents."""
    from adilkent.programmes.reports import html_to_pdf

    if not throttle.allow("confidential-follow", request, FOLLOWS_PER_HOUR):
        return render(request, "confidential/follow.html", {"error": _too_many()}, status=429)
    opened = services.report_open_by_receipt(request.POST.get("receipt", "")[:40])
    if opened is None:
        return render(request, "confidential/follow.html", {"error": _no_such()}, status=404)
    html = render(request, "confidential/proof.html", {"report": opened.report}).content.decode()
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{opened.report.number}.pdf"'
    return response


def _no_such() -> str:
    return _("No report has this receipt. Check the receipt and try again.")


def _too_many() -> str:
    return _("Too many attempts from this connection. Please wait an hour.")


@never_cache
def follow(request: HttpRequest) -> HttpResponse:
    """The reporter's page: the receipt opens the status and the replies, and lets them answer
    and add evidence."""
    context: dict[str, Any] = {}
    if request.method != "POST":
        return render(request, "confidential/follow.html", context)
    receipt = request.POST.get("receipt", "")[:40]
    if not throttle.allow("confidential-follow", request, FOLLOWS_PER_HOUR):
        return render(request, "confidential/follow.html", {"error": _too_many()}, status=429)
    opened = services.report_open_by_receipt(receipt)
    if opened is None:
        return render(request, "confidential/follow.html", {"error": _no_such()}, status=404)
    status = 200
    if request.POST.get("action") == "add":
        try:
            services.reporter_message_add(
                opened=opened,
                text=request.POST.get("text", ""),
                files=request.FILES.getlist("files"),
            )
            context["added"] = True
        except services.ReportInvalid as error:
            context["errors"] = error.errors
            status = 400
    context.update(
        {
            "receipt": receipt,
            "report": opened.report,
            "thread": opened.messages(for_reporter=True),
        }
    )
    return render(request, "confidential/follow.html", context, status=status)


# --- recipients -------------------------------------------------------------------------------


def _recipient_of(request: HttpRequest) -> Recipient | None:
    if not request.user.is_authenticated:
        return None
    # one row per user (``Recipient.user`` is one-to-one), whether an inbox or the escrow key
    return Recipient.objects.filter(user=request.user, active=True).first()


def _key_load(request: HttpRequest) -> bytes | None:
    sealed, key = request.session.get(KEY_SESSION), request.COOKIES.get(KEY_COOKIE)
    if not sealed or not key:
        return None
    try:
        return crypto.box_decrypt(bytes.fromhex(key), bytes.fromhex(sealed))
    except (CryptoError, ValueError):
        return None


def inbox_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _me(request: HttpRequest) -> Recipient:
    recipient = _recipient_of(request)
    if recipient is None:
        raise Http404
    return recipient


@inbox_view("confidential reports")
def inbox(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    reports = (
        services.reports_for(me)
        .select_related("kind", "unit")
        .order_by("-escalated_at", "answer_by")
    )
    return render(
        request,
        "confidential/inbox/list.html",
        {"me": me, "reports": reports, "unlocked": _key_load(request) is not None},
    )


@require_POST
@inbox_view("confidential key")
def unlock(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    try:
        private = services.recipient_unlock(
            recipient=me, passphrase=request.POST.get("passphrase", "")
        )
    except services.ReportInvalid as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
        return redirect("confidential:inbox")
    from nacl.utils import random

    half = random(32)
    request.session[KEY_SESSION] = crypto.box_encrypt(half, private).hex()
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = reverse("confidential:inbox")
    response = redirect(target)
    response.set_cookie(
        KEY_COOKIE, half.hex(), httponly=True, secure=not settings.DEBUG and request.is_secure(),
        samesite="Strict",
    )  # fmt: skip
    return response


def _opened(request: HttpRequest, number: str) -> tuple[Recipient, services.Opened]:
    me = _me(request)
    key = _key_load(request)
    opened = (
        services.report_open_by_recipient(recipient=me, number=number[:12], private_key=key)
        if key is not None
        else None
    )
    if opened is None:
        raise Http404  # the same for a report that does not exist, one out of reach, no key
    return me, opened


@inbox_view("confidential report", "number")
def inbox_report(request: HttpRequest, number: str) -> HttpResponse:
    if _key_load(request) is None:
        me = _me(request)
        return render(request, "confidential/inbox/unlock.html", {"me": me, "next": request.path})
    me, opened = _opened(request, number)
    return render(
        request,
        "confidential/inbox/report.html",
        {
            "me": me,
            "report": opened.report,
            "contents": opened.contents(),
            "thread": opened.messages(for_reporter=False),
            "attachments": opened.attachments(),
            "outcomes": Report.Outcome.choices,
        },
    )


@inbox_view("confidential attachment", "number")
def inbox_attachment(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    _recipient, opened = _opened(request, number)
    attachment = opened.report.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    name, content_type, data = opened.attachment(attachment)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@inbox_view("confidential reply", "number")
def inbox_reply(request: HttpRequest, number: str) -> HttpResponse:
    me, opened = _opened(request, number)
    try:
        services.recipient_reply(
            opened=opened, recipient=me, text=request.POST.get("text", ""),
            to_reporter=request.POST.get("to_reporter") == "on",
        )  # fmt: skip
        messages.success(request, _("Saved."))
    except services.ReportInvalid as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
    return redirect("confidential:report", number=opened.report.number)


@require_POST
@inbox_view("confidential close", "number")
def inbox_close(request: HttpRequest, number: str) -> HttpResponse:
    _recipient, opened = _opened(request, number)
    try:
        services.report_close(report=opened.report, outcome=request.POST.get("outcome", ""))
        messages.success(request, _("The report is closed."))
    except services.ReportInvalid as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
    return redirect("confidential:report", number=opened.report.number)


@require_POST
@inbox_view("confidential conflict", "number")
def inbox_conflict(request: HttpRequest, number: str) -> HttpResponse:
    me, opened = _opened(request, number)
    try:
        services.recipient_conflict_declare(report=opened.report, recipient=me)
    except services.ReportInvalid as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
        return redirect("confidential:report", number=opened.report.number)
    messages.success(
        request, _("You have stepped out of this report; your key to it is destroyed.")
    )
    return redirect("confidential:inbox")
