"""The mobile employment point's pages for staff: the registration form (it keeps working
without a connection, see ``static/employment/mobile.js``), the address the tablet sends its
waiting entries to, and the day's registrations.

Names and phone numbers are shown and entered here: the cases area's checks apply (second
factor, idle timeout, one audit row per page read and per entry received, refusals too), with
the employment unit's need-to-know rule. Staff outside the unit get a 404.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from adilkent.cases.audit import cases_view
from adilkent.core.parsing import ParseError, parse_datetime, parse_optional_int
from adilkent.places.models import Mahalle
from adilkent.planner.models import Service
from adilkent.planner.selectors import planned_stops

from . import mobile
from .models import MobileRegistration, Profile
from .permissions import works_in_employment

FIELDS = (
    "stop",
    "name",
    "phone",
    "birth_year",
    "sex",
    "mahalle",
    "skills",
    "languages",
    "cv_consent",
)
TEXT_FIELDS = ("stop", "name", "phone", "sex", "skills", "languages")
# How the form says yes to the consent question without a script.
YES = frozenset({"on", "1", "true", "yes"})


def _employment_staff(request: HttpRequest) -> None:
    if not works_in_employment(request.user):
        raise Http404


# --- reading an entry ---------------------------------------------------------------------


def _read_entry(
    data: Mapping[str, Any], *, from_device: bool
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The service's arguments read from a form or from the tablet's JSON, and the problems
    found while reading (by field). A value that cannot be read is left out of the first."""
    errors: dict[str, list[str]] = {}
    entry: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        value = data.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors.setdefault(field, []).append(_("Send this as text."))
            value = ""
        entry[field] = value
    try:
        entry["birth_year"] = parse_optional_int(data.get("birth_year"), field="birth_year")
    except ParseError:
        entry["birth_year"] = None
        errors.setdefault("birth_year", []).append(
            _("Write the year of birth with four digits, for example 1985.")
        )
    try:
        entry["mahalle_id"] = parse_optional_int(data.get("mahalle"), field="mahalle", minimum=1)
    except ParseError:
        entry["mahalle_id"] = None
        errors.setdefault("mahalle", []).append(
            _("This neighbourhood is not in the list: choose it again.")
        )
    consent = data.get("cv_consent")
    entry["cv_consent"] = consent is True or (isinstance(consent, str) and consent.lower() in YES)
    if from_device:
        try:
            entry["client_id"] = uuid.UUID(str(data.get("client_id") or ""))
        except ValueError:
            errors.setdefault("client_id", []).append(
                _("This entry has no identifier from the device: enter it again.")
            )
        try:
            entry["entered_at"] = parse_datetime(data.get("entered_at"), field="entered_at")
        except ParseError as error:
            errors.setdefault("entered_at", []).append(error.message)
    else:
        # Sent by the page without a script: the identifier was made when the form was
        # shown (a form sent twice arrives once) and the entry is made now.
        try:
            entry["client_id"] = uuid.UUID(str(data.get("client_id") or ""))
        except ValueError:
            entry["client_id"] = uuid.uuid4()
        entry["entered_at"] = timezone.now()
    return entry, errors


def _receive(
    entry: dict[str, Any], errors: dict[str, list[str]], request: HttpRequest
) -> tuple[MobileRegistration, bool] | dict[str, list[str]]:
    """``(registration, new)``, or the problems with the entry (every one of them)."""
    if errors:
        found = mobile.registration_errors(
            name=entry["name"],
            phone=entry["phone"],
            birth_year=entry["birth_year"],
            sex=entry["sex"],
            mahalle_id=entry["mahalle_id"],
            skills=entry["skills"],
            languages=entry["languages"],
            stop=entry["stop"],
            entered_at=entry.get("entered_at"),
        )
        return {**{k: v for k, v in found.items() if k not in errors}, **errors}
    try:
        registration, new = mobile.mobile_registration_receive(
            client_id=entry["client_id"],
            name=entry["name"],
            phone=entry["phone"],
            birth_year=entry["birth_year"],
            sex=entry["sex"],
            mahalle_id=entry["mahalle_id"],
            skills=entry["skills"],
            languages=entry["languages"],
            cv_consent=entry["cv_consent"],
            stop=entry["stop"],
            entered_at=entry["entered_at"],
            entered_by=request.user,
        )
    except mobile.MobileRegistrationInvalid as invalid:
        return invalid.errors
    request.audit_object = ("mobile employment registration", str(registration.pk))  # type: ignore[attr-defined]
    return registration, new


def _outcome_message(registration: MobileRegistration, new: bool) -> str:
    if not new:
        return _("This entry had already arrived: nothing was registered twice.")
    name = registration.profile.name
    if registration.duplicate:
        return _(
            "%(name)s was already registered: this visit is linked to their earlier registration."
        ) % {"name": name}
    return _("%(name)s is registered.") % {"name": name}


# --- the pages ----------------------------------------------------------------------------


def _mahalle_groups() -> list[tuple[str, list[tuple[int, str]]]]:
    grouped: dict[str, list[tuple[int, str]]] = {}
    for m in Mahalle.objects.select_related("district").order_by("district__name", "name"):
        grouped.setdefault(m.district.name, []).append((m.pk, m.name))
    return list(grouped.items())


def _device_texts(request: HttpRequest) -> dict[str, Any]:
    """What the page's script says, in the reader's language ("{name}" is filled in there)."""
    person = {"name": "{name}"}
    return {
        **mobile.field_messages(),
        "labels": {
            "name": _("Name and surname"),
            "phone": _("Phone"),
            "birth_year": _("Year of birth"),
            "sex": _("Sex"),
            "mahalle": _("Neighbourhood"),
            "skills": _("Skills and work wanted"),
            "languages": _("Languages spoken"),
            "stop": _("Stop"),
            "entered_at": _("Time of entry"),
            "client_id": _("Entry"),
            "__all__": _("Entry"),
        },
        "correct_fields": _("Please correct the marked fields."),
        "online": _("Connected: entries are sent as soon as they are saved."),
        "offline": _(
            "No connection: entries are kept on this device and sent when the connection returns."
        ),
        "saved": _("Saved on this device: %(name)s.") % person,
        "sent_new": _("%(name)s is registered.") % person,
        "sent_duplicate": _(
            "%(name)s was already registered: this visit is linked to their earlier registration."
        )
        % person,
        "sent_again": _("%(name)s: this entry had already arrived.") % person,
        "rejected": _("%(name)s could not be registered: correct the entry below.") % person,
        "not_reached": _(
            "The server could not be reached: the entries stay on this device and are sent "
            "again when the connection allows."
        ),
        "session_ended": _(
            "Sending stopped: your session has ended. The entries stay on this device: open "
            "this page again and log in, and they are sent then."
        ),
        "open_again": _("Open this page again"),
        "entered": _("entered at"),
        "correct": _("Correct"),
        "discard": _("Discard"),
        "corrected": _("The entry is back in the form: correct it and save it again."),
        "discarded": _("The entry of %(name)s was discarded.") % person,
    }


def _form_context(
    request: HttpRequest,
    values: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    client_id: uuid.UUID,
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": {field: list(errors.get(field, [])) for field in (*FIELDS, "entered_at")},
        "other_errors": [m for f, ms in errors.items() if f not in FIELDS for m in ms],
        "has_errors": bool(errors),
        "client_id": client_id,
        "sex_choices": Profile.Sex.choices,
        "mahalle_groups": _mahalle_groups(),
        "device_texts": _device_texts(request),
        "store_key": f"adilkent:mobile-employment:{request.user.pk}",
        "oldest_year": mobile.OLDEST_BIRTH_YEAR,
        "youngest_year": mobile.youngest_birth_year(),
    }


def staff_view(object_type: str) -> Any:
    return cases_view(object_type, require_role=False, back_after_verify=True)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view("mobile employment registration")
def register(request: HttpRequest) -> HttpResponse:
    """The registration form. Sent without a script it registers at once and says what came
    of it; with the script, entries wait on the device and go to :func:`send`."""
    _employment_staff(request)
    if request.method == "POST":
        entry, errors = _read_entry(request.POST, from_device=False)
        outcome = _receive(entry, errors, request)
        if isinstance(outcome, tuple):
            registration, new = outcome
            messages.success(request, _outcome_message(registration, new))
            query = urlencode({"stop": entry["stop"].strip()}) if entry["stop"].strip() else ""
            return redirect(reverse("employment:mobile") + (f"?{query}" if query else ""))
        values = {field: request.POST.get(field, "") for field in FIELDS}
        return render(
            request,
            "employment/mobile.html",
            _form_context(request, values, outcome, entry["client_id"]),
        )
    # the stop of today in the route planner's latest plan of the point, unless one is given
    planned = planned_stops(Service.EMPLOYMENT_POINT, timezone.localdate())
    stop = request.GET.get("stop", "")[: mobile.STOP_MAX] or (planned[0] if planned else "")
    values = {"stop": stop, "sex": ""}
    context = _form_context(request, values, {}, uuid.uuid4())
    context["planned_stops"] = planned
    return render(request, "employment/mobile.html", context)


@require_POST
@staff_view("mobile employment registration")
def send(request: HttpRequest) -> JsonResponse:
    """One waiting entry from the tablet, as JSON: 201 when it is new, 200 when it had
    already arrived (then nothing changes), 400 with the problems by field."""
    _employment_staff(request)
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return JsonResponse(
            {"errors": {"__all__": [_("The entry could not be read: enter it again.")]}},
            status=400,
        )
    entry, errors = _read_entry(data, from_device=True)
    outcome = _receive(entry, errors, request)
    if not isinstance(outcome, tuple):
        return JsonResponse({"errors": outcome}, status=400)
    registration, new = outcome
    return JsonResponse(
        {
            "client_id": str(registration.client_id),
            "duplicate": registration.duplicate,
            "received": True,
        },
        status=201 if new else 200,
    )


@staff_view("mobile employment registrations")
def received(request: HttpRequest) -> HttpResponse:
    """Today's registrations: how many, which people were already registered."""
    _employment_staff(request)
    today = timezone.localdate()
    registrations = mobile.received_on(today)
    duplicates = sum(1 for r in registrations if r.duplicate)
    stops: dict[str, int] = {}
    for r in registrations:
        stops[r.stop] = stops.get(r.stop, 0) + 1
    return render(
        request,
        "employment/mobile_received.html",
        {
            "today": today,
            "registrations": registrations,
            "total": len(registrations),
            "duplicates": duplicates,
            "new": len(registrations) - duplicates,
            "stops": sorted(stops.items()),
        },
    )
