"""Public pages: the stop schedule, booking an appointment, its confirmation, cancelling.

No login: a resident books with a name and a phone number (stored encrypted) and gets a
receipt code, the only way to cancel. Each booking and cancellation is written to the audit
log of sensitive records (without the name or number).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from adilkent.cases import audit, crypto
from adilkent.cases.models import AuditEvent
from adilkent.core import throttle
from adilkent.core.parsing import parse_optional_int

from .. import conf, selectors, services
from ..forms import BookingForm, CancelForm
from ..models import Appointment, Stop, StopStatus

SESSION_KEY = "legalaid_booked"
# How long the confirmation page shows the receipt code after booking.
CODE_SHOWN_SECONDS = 15 * 60


@require_safe
def schedule(request: HttpRequest) -> HttpResponse:
    mahalleler = selectors.schedule_mahalleler()
    chosen = None
    wanted = parse_optional_int(request.GET.get("mahalle"), field="mahalle", minimum=1)
    if wanted is not None:
        chosen = next((m for m in mahalleler if m.pk == wanted), None)
    rows = selectors.schedule(chosen.pk if chosen else None)
    return render(
        request,
        "legalaid/schedule.html",
        {
            "mahalleler": mahalleler,
            "chosen": chosen,
            "asked": bool(wanted),
            "rows": rows,
            "organisation": conf.organisation_name(),
        },
    )


def _stop_problem(stop: Stop) -> str:
    if stop.status == StopStatus.CANCELLED:
        return _("This stop was cancelled. Choose another stop.")
    if selectors.is_public_holiday(stop.date):
        return _("The vehicle does not go out on a public holiday. Choose another stop.")
    if stop.status == StopStatus.HELD or selectors.is_past(stop):
        return _("This stop has already taken place. Choose a later stop.")
    if not selectors.free_slots(stop):
        return _("This stop is fully booked.")
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, stop_id: int) -> HttpResponse:
    stop = get_object_or_404(Stop.objects.select_related("mahalle__district"), pk=stop_id)
    language = (get_language() or "tr").split("-")[0]
    form = BookingForm(request.POST or None, stop=stop, initial={"preferred_language": language})
    problem = _stop_problem(stop)
    if request.method == "POST" and not problem and form.is_valid():
        data = form.cleaned_data
        if not throttle.allow("legalaid-book", request, conf.bookings_per_hour()):
            form.add_error(
                None,
                _(
                    "Too many bookings from this connection. Please try again in an hour, "
                    "or call the Citizens' Communication Centre (HİM) to book."
                ),
            )
            response = render(
                request, "legalaid/book.html", _book_context(request, stop, form, problem)
            )
            response.status_code = 429
            return response
        try:
            # The booking and its audit row commit together or not at all.
            with transaction.atomic():
                appointment, code = services.book(
                    stop.pk,
                    services.BookingRequest(
                        slot_time=data["slot"],
                        name=data["name"],
                        phone=data["phone"],
                        preferred_language=data["preferred_language"],
                        topic=data["topic"],
                        interpreter_needed=data["interpreter_needed"],
                    ),
                )
                audit.record(
                    request, AuditEvent.Action.CREATE, "legal aid appointment", str(appointment.pk)
                )
        except services.BookingError as error:
            field = "phone" if error.code == "phone" else "slot"
            if error.code in {"past", "cancelled", "stop_full", "no_stop", "holiday"}:
                problem = " ".join(error.messages)
            else:
                form.add_error(field, error.messages)
        else:
            # The session keeps the code only encrypted, and readable for a short while.
            request.session[SESSION_KEY] = {
                "appointment": str(appointment.pk),
                "code": crypto.encrypt(code),
            }
            return redirect("legalaid:booked")
    return render(request, "legalaid/book.html", _book_context(request, stop, form, problem))


def _book_context(request: HttpRequest, stop: Stop, form: BookingForm, problem: str | None) -> dict:
    return {
        "stop": stop,
        "form": form,
        "problem": problem,
        "free_slots": selectors.free_slots(stop) if not problem else [],
        "chosen_slot": request.POST.get("slot", ""),
        "organisation": conf.organisation_name(),
        "retention_days": conf.retention_days(),
    }


@require_safe
def booked(request: HttpRequest) -> HttpResponse:
    """The confirmation, shown only to the browser that booked (from its session)."""
    saved = request.session.get(SESSION_KEY)
    if not saved:
        return redirect("legalaid:schedule")
    appointment = (
        Appointment.objects.select_related("stop__mahalle__district")
        .filter(pk=saved["appointment"])
        .first()
    )
    if appointment is None:
        return redirect("legalaid:schedule")
    try:
        code = crypto.decrypt(saved["code"], ttl=CODE_SHOWN_SECONDS)
    except (crypto.InvalidToken, KeyError, TypeError):
        code = ""  # shown long enough: the confirmation stays, the code is not shown again
        saved.pop("code", None)
        request.session[SESSION_KEY] = saved
    response = render(
        request,
        "legalaid/booked.html",
        {"appointment": appointment, "stop": appointment.stop, "code": code},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    form = CancelForm(request.POST or None)
    cancelled = None
    if request.method == "POST" and not throttle.allow(
        "legalaid-cancel", request, conf.cancel_attempts_per_hour()
    ):
        form.is_valid()  # keep what was typed and show the limit as the form's error
        form.add_error(
            None,
            _(
                "Too many attempts from this connection. Please try again in an hour, "
                "or call the Citizens' Communication Centre (HİM)."
            ),
        )
        response = render(request, "legalaid/cancel.html", {"form": form, "cancelled": None})
        response.status_code = 429
        return response
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.cancel_by_receipt(form.cleaned_data["code"])
        except services.BookingError as error:
            form.add_error("code", error.messages)
        else:
            audit.record(
                request,
                AuditEvent.Action.UPDATE,
                "legal aid appointment",
                str(cancelled.pk),
                reason="cancelled by the resident with the receipt code",
            )
            request.session.pop(SESSION_KEY, None)
    return render(request, "legalaid/cancel.html", {"form": form, "cancelled": cancelled})
