"""Staff screens: the stops, the day's appointments, intake at the vehicle, the figures.

Every screen goes through the cases area's :func:`~adilkent.cases.audit.cases_view` (login,
two-step verification, idle timeout, one audit event per request, refused ones included).
Records are looked up through the scopes in :mod:`adilkent.legalaid.selectors`, so a stop or
appointment out of scope answers 404 like a made-up id; an action the role may not take on a
record it sees answers 403.
"""

from __future__ import annotations

import datetime as dt
import uuid

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases import conf as cases_conf
from adilkent.cases.audit import cases_view
from adilkent.cases.services.people import PersonData
from adilkent.cases.views.common import messages_of, require

from .. import selectors, services
from ..forms import NEW_PERSON, IntakeForm
from ..models import AppointmentStatus

STOP = "legal aid stop"
APPOINTMENT = "legal aid appointment"


@cases_view(object_type="legal aid stop list")
def home(request: HttpRequest) -> HttpResponse:
    require("legalaid.view_schedule", request)
    since = timezone.localdate() - dt.timedelta(days=7)
    stops = selectors.visible_stops(request.user).filter(date__gte=since)[:200]
    return render(
        request,
        "legalaid/staff_home.html",
        {
            "stops": stops,
            "is_lawyer": selectors.is_lawyer(request.user),
            "can_see_statistics": rules.has_perm("legalaid.view_statistics", request.user),
        },
    )


@cases_view(object_type=STOP, id_kwarg="stop_id")
def stop_day(request: HttpRequest, stop_id: int) -> HttpResponse:
    stop = get_object_or_404(selectors.visible_stops(request.user), pk=stop_id)
    require("legalaid.view_stop", request, stop)
    appointments = stop.appointments.select_related("case").order_by("slot_time", "seat")
    return render(
        request,
        "legalaid/stop_day.html",
        {
            "stop": stop,
            "appointments": appointments,
            "lawyers": stop.lawyers.order_by("username"),
            "can_take_intake": selectors.can_record_intake(request.user),
            "waiting": AppointmentStatus.BOOKED,
        },
    )


@cases_view(object_type=APPOINTMENT, id_kwarg="appointment_id")
def intake(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = get_object_or_404(selectors.visible_appointments(request.user), pk=appointment_id)
    require("legalaid.record_intake", request, appointment)
    candidates = services.matching_people(appointment, request.user)
    given, _space, family = appointment.name.partition(" ")
    form = IntakeForm(
        request.POST or None,
        candidates=candidates,
        initial={"given_name": given, "family_name": family},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data.get("person") or NEW_PERSON
        intake_data = services.IntakeData(
            outcome=data["outcome"],
            note=data["note"],
            consent=data["consent"],
            existing_person_id=uuid.UUID(chosen) if chosen != NEW_PERSON else None,
            new_person=PersonData(
                given_name=data["given_name"],
                family_name=data["family_name"],
                given_name_latin=data["given_name_latin"],
                family_name_latin=data["family_name_latin"],
                birth_year=data["birth_year"],
                gender=data["gender"],
                nationality=data["nationality"],
                languages=appointment.preferred_language,
                preferred_language=appointment.preferred_language,
                interpreter_needed=appointment.interpreter_needed,
                phone=appointment.phone,
            )
            if chosen == NEW_PERSON
            else None,
        )
        try:
            case = services.record_intake(appointment, request.user, intake_data)
        except ValidationError as error:
            form.add_error(None, messages_of(error))
        else:
            if case is not None:
                messages.success(
                    request,
                    _("Recorded as attended; legal-aid case %(reference)s is opened.")
                    % {"reference": case.reference},
                )
            else:
                messages.success(request, _("Recorded as attended, without a case."))
            return redirect("legalaid:stop", stop_id=appointment.stop_id)
    return render(
        request,
        "legalaid/intake.html",
        {"appointment": appointment, "stop": appointment.stop, "form": form},
    )


@require_POST
@cases_view(object_type=APPOINTMENT, id_kwarg="appointment_id")
def no_show(request: HttpRequest, appointment_id: uuid.UUID) -> HttpResponse:
    appointment = get_object_or_404(selectors.visible_appointments(request.user), pk=appointment_id)
    require("legalaid.record_intake", request, appointment)
    try:
        services.mark_no_show(appointment, request.user)
        messages.success(request, _("Recorded: the person did not come."))
    except ValidationError as error:
        messages.error(request, messages_of(error))
    return redirect("legalaid:stop", stop_id=appointment.stop_id)


@cases_view(object_type="legal aid figures")
def statistics(request: HttpRequest) -> HttpResponse:
    require("legalaid.view_statistics", request)
    return render(
        request,
        "legalaid/statistics.html",
        {
            "rows": selectors.outcome_statistics(),
            "by_status": selectors.bookings_by_status(),
            "minimum": cases_conf.min_cell_size(),
        },
    )
