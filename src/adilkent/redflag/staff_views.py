"""Staff pages of the Red Flag: register a place, record an assessor's visit (answers per
checklist item, photos), grant, renew and withdraw flags; photos through a checked view.

For members with a Red Flag role only (anyone else gets a 404); every page goes through the
cases area's checks (second factor, idle timeout, one audit row per request, refusals too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core.protected_files import protected_file_response
from adilkent.places.models import Facility

from . import permissions, selectors, services
from .checklists import checklists, notice
from .forms import (
    AssessmentForm,
    FacilitySearchForm,
    FacilitySubjectForm,
    RenewForm,
    VehicleForm,
    VenueForm,
    WithdrawForm,
)
from .models import Assessment, Flag, Photo, Subject
from .services import RedFlagInvalid


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _gate(request: HttpRequest) -> Any:
    if not permissions.any_role(request.user):
        raise Http404
    return request.user


def _subject(request: HttpRequest, public_id: str) -> Subject:
    _gate(request)
    subject = Subject.objects.filter(public_id=public_id).first()
    if subject is None:
        raise Http404
    return subject


def _put_errors(form: Any, errors: dict[str, list[str]], aliases: dict[str, str]) -> None:
    for name, found in errors.items():
        field = aliases.get(name, name)
        for message in found:
            form.add_error(field if field in form.fields else None, message)


def _home(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    search = FacilitySearchForm(request.GET or None)
    facilities: list[Facility] = []
    if search.is_valid() and search.cleaned_data["q"]:
        facilities = list(
            Facility.objects.filter(name__icontains=search.cleaned_data["q"])
            .select_related("facility_type", "district")
            .order_by("name")[:20]
        )
    subjects = (
        Subject.objects.select_related("facility__facility_type", "transit_line")
        .prefetch_related("flags")
        .order_by("-pk")[:200]
    )
    return render(
        request,
        "redflag/staff/home.html",
        {
            "search": search,
            "facilities": facilities,
            "facility_form": FacilitySubjectForm(),
            "venue_form": forms.get("venue_form") or VenueForm(),
            "vehicle_form": forms.get("vehicle_form") or VehicleForm(),
            "subjects": subjects,
            "today": timezone.localdate(),
            "due": selectors.flags_due_for_renewal(timezone.localdate()),
            "notice_days": selectors.renewal_notice_days(),
            "assesses": permissions.assesses(request.user),
            "coordinates": permissions.coordinates(request.user),
        },
        status=status,
    )


@staff_view("red flag registry")
def home(request: HttpRequest) -> HttpResponse:
    _gate(request)
    return _home(request)


def _created(request: HttpRequest, subject: Subject) -> HttpResponse:
    messages.success(request, _("%(name)s is registered.") % {"name": subject.display_name})
    return redirect("redflag:staff-place", subject.public_id)


@staff_view("red flag registry")
@require_POST
def register_facility(request: HttpRequest) -> HttpResponse:
    _gate(request)
    form = FacilitySubjectForm(request.POST)
    if not form.is_valid():
        raise Http404
    facility = Facility.objects.filter(pk=form.cleaned_data["facility"]).first()
    if facility is None:
        raise Http404
    subject = services.subject_register(kind=form.cleaned_data["kind"], facility=facility)
    return _created(request, subject)


@staff_view("red flag registry")
@require_POST
def register_venue(request: HttpRequest) -> HttpResponse:
    _gate(request)
    form = VenueForm(request.POST)
    if form.is_valid():
        try:
            subject = services.subject_register(**form.cleaned_data)
        except RedFlagInvalid as exc:
            _put_errors(form, exc.errors, {})
        else:
            return _created(request, subject)
    return _home(request, 400, venue_form=form)


@staff_view("red flag registry")
@require_POST
def register_vehicle(request: HttpRequest) -> HttpResponse:
    _gate(request)
    form = VehicleForm(request.POST)
    if form.is_valid():
        try:
            subject = services.subject_register(kind=Subject.Kind.VEHICLE, **form.cleaned_data)
        except RedFlagInvalid as exc:
            _put_errors(form, exc.errors, {})
        else:
            return _created(request, subject)
    return _home(request, 400, vehicle_form=form)


def _place_page(
    request: HttpRequest, subject: Subject, status: int = 200, **extra: Any
) -> HttpResponse:
    today = timezone.localdate()
    flags = list(subject.flags.prefetch_related("renewals"))
    current = next((f for f in flags if f.in_force(today)), None)
    granted_on = {f.assessment_id for f in flags} | {
        r.assessment_id for f in flags for r in f.renewals.all()
    }
    assessments = list(subject.assessments.all())
    return render(
        request,
        "redflag/staff/place.html",
        {
            "subject": subject,
            "assessments": assessments,
            "flags": flags,
            "current": current,
            "used": granted_on,
            "renewable": [a for a in assessments if a.passed and a.pk not in granted_on],
            "withdraw_form": extra.get("withdraw_form") or WithdrawForm(),
            "errors": extra.get("errors") or [],
            "assesses": permissions.assesses(request.user),
            "coordinates": permissions.coordinates(request.user),
        },
        status=status,
    )


@staff_view("red flag place", id_kwarg="public_id")
def place(request: HttpRequest, public_id: str) -> HttpResponse:
    return _place_page(request, _subject(request, public_id))


@staff_view("red flag place", id_kwarg="public_id")
def assess(request: HttpRequest, public_id: str) -> HttpResponse:
    subject = _subject(request, public_id)
    if not permissions.assesses(request.user):
        raise PermissionDenied("not an assessor")
    checklist = checklists()[subject.kind]
    form = AssessmentForm(request.POST or None, request.FILES or None, checklist=checklist)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assessment = services.assessment_record(
                    subject=subject,
                    assessor=request.user,
                    visited_on=form.cleaned_data["visited_on"],
                    answers=form.answers(),
                    note=form.cleaned_data["note"],
                    photos=request.FILES.getlist("photos"),
                    photos_public=form.cleaned_data["photos_public"],
                    today=timezone.localdate(),
                )
            except RedFlagInvalid as exc:
                _put_errors(form, exc.errors, {"assessor": "__all__"})
            else:
                if assessment.passed:
                    messages.success(request, _("The assessment is recorded: it passed."))
                else:
                    messages.warning(
                        request, _("The assessment is recorded: a required item is not met.")
                    )
                return redirect("redflag:staff-assessment", assessment.pk)
    return render(
        request,
        "redflag/staff/assess.html",
        {"subject": subject, "form": form, "checklist": checklist, "notice": notice()},
        status=status,
    )


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    _gate(request)
    assessment = Assessment.objects.select_related("subject", "assessor").filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


@staff_view("red flag assessment", id_kwarg="pk")
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    today = timezone.localdate()
    flagged = Flag.objects.filter(assessment=assessment).exists()
    in_force = any(f.in_force(today) for f in assessment.subject.flags.all())
    return render(
        request,
        "redflag/staff/assessment.html",
        {
            "assessment": assessment,
            "subject": assessment.subject,
            "items": selectors.checked_items(assessment),
            "photos": assessment.photos.all(),
            "checklist": checklists()[assessment.checklist],
            "can_grant": permissions.coordinates(request.user)
            and assessment.passed
            and not flagged
            and not in_force,
        },
    )


@staff_view("red flag assessment", id_kwarg="pk")
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    try:
        services.flag_grant(
            assessment=assessment, coordinator=request.user, today=timezone.localdate()
        )
    except RedFlagInvalid as exc:
        for found in exc.errors.values():
            for message in found:
                messages.error(request, message)
        return redirect("redflag:staff-assessment", assessment.pk)
    messages.success(request, _("The Red Flag is granted."))
    return redirect("redflag:staff-place", assessment.subject.public_id)


def _flag(request: HttpRequest, pk: int) -> Flag:
    _gate(request)
    flag = Flag.objects.select_related("subject", "assessment").filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


@staff_view("red flag", id_kwarg="pk")
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _flag(request, pk)
    form = RenewForm(request.POST)
    assessment = (
        Assessment.objects.filter(pk=form.cleaned_data["assessment"]).first()
        if form.is_valid()
        else None
    )
    if assessment is None:
        return _place_page(request, flag.subject, 400, errors=[_("Choose the new assessment.")])
    try:
        services.flag_renew(
            flag=flag, assessment=assessment, coordinator=request.user, today=timezone.localdate()
        )
    except RedFlagInvalid as exc:
        return _place_page(
            request, flag.subject, 400, errors=[m for v in exc.errors.values() for m in v]
        )
    messages.success(request, _("The Red Flag is renewed."))
    return redirect("redflag:staff-place", flag.subject.public_id)


@staff_view("red flag", id_kwarg="pk")
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _flag(request, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.flag_withdraw(
            flag=flag,
            coordinator=request.user,
            reason=form.cleaned_data.get("reason", ""),
            today=timezone.localdate(),
        )
    except RedFlagInvalid as exc:
        _put_errors(form, exc.errors, {"flag": "__all__", "coordinator": "__all__"})
        return _place_page(request, flag.subject, 400, withdraw_form=form)
    messages.success(request, _("The Red Flag is withdrawn."))
    return redirect("redflag:staff-place", flag.subject.public_id)


@staff_view("red flag photo", id_kwarg="pk")
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    _gate(request)
    found = Photo.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return protected_file_response(
        found.file, download_name=f"red-flag-{found.pk}", content_type=found.content_type
    )
