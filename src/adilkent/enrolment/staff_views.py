"""Staff pages of enrolment: the terms a staff member may see, a term's groups with their
places, offers and lines (and, for the coordinator, a new allocation round), a group's
children, attendance and the families to call after absences.

Children's names are shown here: the cases area's checks apply (second factor, idle timeout,
one audit row per page read and per action, refusals too), with enrolment's own need-to-know
rule (``StaffAccess``) instead of a cases role. A term or group out of the user's scope is a
404: its existence is not told.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core.parsing import ParseError, parse_date, parse_int
from adilkent.core.protected_files import protected_file_response
from adilkent.programmes.exports import table_bytes

from . import fees, permissions, selectors, services
from .forms import reason_labels
from .models import Group, Placement, Term


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


@staff_view("enrolment terms")
def home(request: HttpRequest) -> HttpResponse:
    terms = permissions.terms_for(request.user).select_related("programme").order_by("-starts_on")
    return render(request, "enrolment/staff/home.html", {"terms": terms})


def _term(request: HttpRequest, pk: int) -> Term:
    term = permissions.terms_for(request.user).select_related("programme").filter(pk=pk).first()
    if term is None:
        raise Http404
    return term


@staff_view("enrolment term", "pk")
def term_detail(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term(request, pk)
    centres = permissions.centres_for(request.user)
    context: dict[str, Any] = {
        "month": timezone.localdate().strftime("%Y-%m"),
        "term": term,
        "figures": selectors.term_figures(term, centres),
        "coordinates": permissions.coordinates(request.user, term),
        "runs": term.runs.all()[:10],
    }
    if context["coordinates"]:
        context["ranking"] = selectors.ranking(term)
        context["demand"] = selectors.applicants_by_mahalle(term)
        context["reason_labels"] = reason_labels(term)
    return render(request, "enrolment/staff/term.html", context)


@require_POST
@staff_view("enrolment term", "pk")
def term_round(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term(request, pk)
    if not permissions.coordinates(request.user, term):
        raise Http404
    run, offers = services.allocation_round(term=term, reason="run by staff")
    messages.success(
        request,
        ngettext(
            "Allocation round done: %(offers)s offer made, %(waiting)s applications still waiting.",
            "Allocation round done: %(offers)s offers made, %(waiting)s applications still waiting.",
            len(offers),
        )
        % {"offers": len(offers), "waiting": run.waiting},
    )
    return redirect("enrolment:staff-term", pk=term.pk)


def _group(request: HttpRequest, pk: int) -> Group:
    group = (
        Group.objects.select_related("centre", "term__programme")
        .filter(pk=pk, centre__in=permissions.centres_for(request.user))
        .first()
    )
    if group is None:
        raise Http404
    return group


@staff_view("enrolment group", "pk")
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    try:
        day = parse_date(request.GET.get("day") or timezone.localdate().isoformat(), field="day")
    except ParseError:
        day = timezone.localdate()
    context = {
        "coordinates": permissions.coordinates(request.user, group.term),
        "group": group,
        "day": day,
        "roll": selectors.group_roll(group),
        "present_ids": {
            pk for pk, present in selectors.attendance_on(group, day).items() if present
        },
        "follow_up": selectors.absences_to_follow(group),
    }
    return render(request, "enrolment/staff/group.html", context)


@require_POST
@staff_view("enrolment attendance", "pk")
def group_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    try:
        day = parse_date(request.POST.get("day", ""), field=_("day"))
        present = {
            parse_int(v, field=_("present"), minimum=1) for v in request.POST.getlist("present")
        }
        count = services.attendance_mark(
            group_id=group.pk, day=day, present=present, marked_by=request.user
        )
    except (ParseError, services.EnrolmentInvalid) as error:
        text = (
            str(error)
            if isinstance(error, ParseError)
            else " ".join(m for ms in error.errors.values() for m in ms)
        )
        messages.error(request, text)
        return redirect("enrolment:staff-group", pk=group.pk)
    messages.success(
        request,
        ngettext("Attendance saved for %(n)s child.", "Attendance saved for %(n)s children.", count)
        % {"n": count},
    )
    return redirect(reverse("enrolment:staff-group", args=[group.pk]) + f"?day={day.isoformat()}")


@require_POST
@staff_view("enrolment placement", "pk")
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = (
        Placement.objects.select_related("group")
        .filter(pk=pk, group__centre__in=permissions.centres_for(request.user))
        .first()
    )
    if placement is None:
        raise Http404
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Write why the place ends."))
        return redirect("enrolment:staff-group", pk=placement.group_id)
    try:
        services.placement_cancel(placement=placement, reason=reason)
    except services.EnrolmentInvalid as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
    else:
        messages.success(request, _("The place ended; the next child in line has been offered it."))
    return redirect("enrolment:staff-group", pk=placement.group_id)


@staff_view("enrolment fees", "pk")
def term_fees(request: HttpRequest, pk: int) -> HttpResponse:
    """The month's fee schedule of the term (coordinator): CSV or XLSX."""
    term = _term(request, pk)
    if not permissions.coordinates(request.user, term):
        raise Http404
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    month = parse_date(f"{request.GET.get('month', '')}-01", field="month")
    rows = [
        {
            "centre": row.placement.group.centre.name,
            "group": row.placement.group.label,
            "application": row.placement.application.public_id,
            "child": row.placement.application.child_name,
            "guardian": row.placement.application.guardian_name,
            "phone": row.placement.application.guardian_phone,
            "fee_table": row.fee.table if row.fee else "",
            "band": row.fee.band if row.fee else "",
            "monthly_fee_tl": row.fee.amount if row.fee else "",
            "exemption": row.fee.exempt_reason if row.fee else "",
        }
        for row in fees.month_schedule(term, month, permissions.centres_for(request.user))
    ]
    request.audit_object = ("enrolment fees", f"{term.pk} {month:%Y-%m}")  # type: ignore[attr-defined]
    body, content_type = table_bytes(f"fees {month:%Y-%m}", rows, fmt)
    response = HttpResponse(body, content_type=content_type)
    name = f"fees-{term.programme.slug}-{month:%Y-%m}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_view("enrolment placement", "pk")
def placement_fee_exemption(request: HttpRequest, pk: int) -> HttpResponse:
    placement = (
        Placement.objects.select_related("group__term")
        .filter(pk=pk, group__centre__in=permissions.centres_for(request.user))
        .first()
    )
    if placement is None or not permissions.coordinates(request.user, placement.group.term):
        raise Http404
    reason = request.POST.get("reason", "")
    try:
        services.placement_exempt(placement=placement, reason=reason)
    except services.EnrolmentInvalid as error:
        messages.error(request, " ".join(m for ms in error.errors.values() for m in ms))
    else:
        messages.success(
            request,
            _("The place is exempt from the fee.")
            if reason.strip()
            else _("The fee applies again."),
        )
    return redirect("enrolment:staff-group", pk=placement.group_id)


@staff_view("enrolment document", "pk")
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A family's document, to the coordinator of the programme only."""
    from .models import ApplicationDocument

    found = ApplicationDocument.objects.select_related("application__term").filter(pk=pk).first()
    if found is None or not permissions.coordinates(request.user, found.application.term):
        raise Http404
    return protected_file_response(
        found.file, download_name=found.original_name, content_type=found.content_type
    )
