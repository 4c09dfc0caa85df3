"""Staff pages of employment: job seekers with their referrals, consent, outcomes and
follow-ups; employers and vacancies; a trainee registered as a job seeker; the CV as a PDF.
And the public page of the funnel from course to work (aggregates only).

Names and contacts are shown on the staff pages: the cases area's checks apply (second
factor, idle timeout, one audit row per page read and per action, refusals too), with
employment's need-to-know rule (:func:`.permissions.works_in_employment`) instead of a cases
role. Anyone else gets a 404: the pages' existence is not told.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adilkent.cases.audit import View, cases_view
from adilkent.core.parsing import ParseError, parse_int
from adilkent.enrolment.models import Application
from adilkent.programmes.models import Programme

from . import selectors, services
from .forms import (
    ConsentForm,
    CvForm,
    EmployerForm,
    FollowUpForm,
    FromApplicationForm,
    OutcomeForm,
    VacancyForm,
)
from .models import Employer, Profile, Referral, Vacancy
from .permissions import works_in_employment


def staff_view(object_type: str, id_kwarg: str = "") -> Callable[[View], View]:
    return cases_view(object_type, id_kwarg=id_kwarg, require_role=False, back_after_verify=True)


def _may(request: HttpRequest) -> None:
    if not works_in_employment(request.user):
        raise Http404


def _messages_of(error: services.EmploymentInvalid) -> str:
    return " ".join(m for ms in error.errors.values() for m in ms)


def _onto(form: forms.Form, error: services.EmploymentInvalid) -> None:
    """The service's messages beside the form's fields (the rest above the form)."""
    for field, found in error.errors.items():
        for message in found:
            form.add_error(field if field in form.fields else None, message)


def _form_errors(form: forms.Form) -> str:
    parts: list[str] = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)


def _profile(request: HttpRequest, pk: int) -> Profile:
    _may(request)
    profile = Profile.objects.select_related("mahalle__district").filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def _referral(request: HttpRequest, pk: int) -> Referral:
    _may(request)
    referral = Referral.objects.select_related("profile", "vacancy").filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


# --- pages ------------------------------------------------------------------------------------


@staff_view("employment job seekers")
def home(request: HttpRequest) -> HttpResponse:
    _may(request)
    today = timezone.localdate()
    trainees = selectors.trainees_to_register()
    context = {
        "profiles": selectors.profiles().annotate(referral_count=Count("referrals"))[:200],
        "employers": Employer.objects.select_related("district").annotate(
            vacancy_count=Count("vacancies")
        ),
        "vacancies": Vacancy.objects.select_related("employer").annotate(
            referral_count=Count("referrals")
        )[:200],
        "today": today,
        "trainees": [
            (placement, FromApplicationForm(prefix=f"a{placement.application_id}"))
            for placement in trainees
        ],
    }
    return render(request, "employment/staff/home.html", context)


def _outcome_form(referral: Referral, data: Any = None) -> OutcomeForm:
    initial = {}
    if referral.outcome != Referral.Outcome.REFERRED:
        initial = {
            "outcome": referral.outcome,
            "on": referral.outcome_on,
            "started_on": referral.started_on,
        }
    return OutcomeForm(data, prefix=f"r{referral.pk}", initial=initial)


def _follow_up_form(referral: Referral, data: Any = None) -> FollowUpForm:
    form = FollowUpForm(data, prefix=f"f{referral.pk}")
    done = {f.months for f in referral.follow_ups.all()}
    field = form.fields["months"]
    field.choices = [c for c in field.choices if c[0] not in done]  # type: ignore[attr-defined]
    return form


@staff_view("employment job seeker", "pk")
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    today = timezone.localdate()
    referrals = list(
        profile.referrals.select_related("vacancy__employer").prefetch_related("follow_ups")
    )
    context = {
        "profile": profile,
        "cv_form": CvForm(
            initial={
                "languages": profile.languages,
                "skills": profile.skills,
                "education": profile.education,
                "experience": profile.experience,
            }
        ),
        "vacancies": selectors.open_vacancies(today).exclude(referrals__profile=profile),
        "referrals": [
            (
                referral,
                _outcome_form(referral),
                _follow_up_form(referral)
                if referral.outcome == Referral.Outcome.HIRED
                and len(referral.follow_ups.all()) < len(services.FOLLOW_UP_MONTHS)
                else None,
            )
            for referral in referrals
        ],
        "groups": [selectors.group_label(code) for code in profile.groups or []],
        "languages": settings.LANGUAGES,
    }
    return render(request, "employment/staff/profile.html", context)


@require_POST
@staff_view("employment consent", "pk")
def profile_consent(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    form = ConsentForm(request.POST)
    consent = form.is_valid() and bool(form.cleaned_data["consent"])
    try:
        services.profile_consent(profile=profile, consent=consent)
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("Consent recorded: the CV may be shared with employers.")
            if consent
            else _("Consent withdrawn: the CV is not shared and the person is not referred."),
        )
    return redirect("employment:staff-profile", pk=profile.pk)


@require_POST
@staff_view("employment CV", "pk")
def profile_cv(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    form = CvForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("employment:staff-profile", pk=profile.pk)
    try:
        services.profile_cv_update(profile=profile, **form.cleaned_data)
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The CV is saved."))
    return redirect("employment:staff-profile", pk=profile.pk)


@require_POST
@staff_view("employment referral", "pk")
def profile_refer(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    try:
        vacancy_id = parse_int(request.POST.get("vacancy", ""), field=_("vacancy"), minimum=1)
    except ParseError:
        vacancy_id = 0
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None:
        messages.error(request, _("Choose a vacancy to refer the person to."))
        return redirect("employment:staff-profile", pk=profile.pk)
    try:
        services.referral_create(profile=profile, vacancy=vacancy, by=request.user)
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("Referred to “%(vacancy)s”.") % {"vacancy": vacancy})
    return redirect("employment:staff-profile", pk=profile.pk)


@require_POST
@staff_view("employment referral", "pk")
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    form = _outcome_form(referral, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("employment:staff-profile", pk=referral.profile_id)
    try:
        services.referral_outcome(
            referral=referral,
            outcome=form.cleaned_data["outcome"],
            on=form.cleaned_data["on"],
            started_on=form.cleaned_data["started_on"],
        )
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The outcome is recorded."))
    return redirect("employment:staff-profile", pk=referral.profile_id)


@require_POST
@staff_view("employment follow-up", "pk")
def referral_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    form = _follow_up_form(referral, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("employment:staff-profile", pk=referral.profile_id)
    try:
        services.follow_up_record(
            referral=referral,
            months=form.cleaned_data["months"],
            employed=form.cleaned_data["employed"],
            checked_on=form.cleaned_data["checked_on"],
            by=request.user,
        )
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The follow-up is recorded."))
    return redirect("employment:staff-profile", pk=referral.profile_id)


@require_POST
@staff_view("employment trainee registration", "application_pk")
def profile_from_application(request: HttpRequest, application_pk: int) -> HttpResponse:
    _may(request)
    application = Application.objects.filter(pk=application_pk).first()
    if application is None:
        raise Http404
    form = FromApplicationForm(request.POST, prefix=f"a{application.pk}")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("employment:staff-home")
    try:
        profile, created = services.profile_from_application(
            application=application, by=request.user, **form.cleaned_data
        )
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
        return redirect("employment:staff-home")
    request.audit_object = ("employment job seeker", str(profile.pk))  # type: ignore[attr-defined]
    messages.success(
        request,
        _("Registered as a job seeker.")
        if created
        else _("This person was already registered: here is their profile."),
    )
    return redirect("employment:staff-profile", pk=profile.pk)


@staff_view("employment employer")
def employer_new(request: HttpRequest) -> HttpResponse:
    _may(request)
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        district = form.cleaned_data["district"]
        try:
            employer = services.employer_create(
                name=form.cleaned_data["name"],
                sector=form.cleaned_data["sector"],
                district_id=district.pk if district is not None else None,
                contact=form.cleaned_data["contact"],
            )
        except services.EmploymentInvalid as error:
            _onto(form, error)
        else:
            request.audit_object = ("employment employer", str(employer.pk))  # type: ignore[attr-defined]
            messages.success(request, _("Employer “%(name)s” added.") % {"name": employer.name})
            return redirect("employment:staff-home")
    return render(request, "employment/staff/form.html", {"form": form, "title": _("New employer")})


@staff_view("employment vacancy")
def vacancy_new(request: HttpRequest) -> HttpResponse:
    _may(request)
    form = VacancyForm(
        request.POST or None, initial={"opened_on": timezone.localdate().isoformat()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(**form.cleaned_data)
        except services.EmploymentInvalid as error:
            _onto(form, error)
        else:
            request.audit_object = ("employment vacancy", str(vacancy.pk))  # type: ignore[attr-defined]
            messages.success(request, _("Vacancy “%(title)s” added.") % {"title": vacancy.title})
            return redirect("employment:staff-home")
    return render(
        request,
        "employment/staff/form.html",
        {
            "form": form,
            "title": _("New vacancy"),
            "no_employer": not Employer.objects.exists(),
        },
    )


@staff_view("employment CV", "pk")
def profile_cv_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The CV to give an employer, only with the person's consent."""
    profile = _profile(request, pk)
    language = request.GET.get("language", "tr")
    if language not in dict(settings.LANGUAGES):
        language = "tr"
    try:
        body = services.cv_pdf(profile, language=language)
    except services.EmploymentInvalid as error:
        messages.error(request, _messages_of(error))
        return redirect("employment:staff-profile", pk=profile.pk)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cv-{profile}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the public funnel ------------------------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9-]{1,120}$")


def funnel(request: HttpRequest) -> HttpResponse:
    """From course to work: aggregates only, small cells withheld."""
    slug = request.GET.get("programme", selectors.DEFAULT_PROGRAMME)
    if slug != selectors.DEFAULT_PROGRAMME and not (
        _SLUG.match(slug)
        and Programme.objects.filter(slug=slug, terms__course__isnull=False).exists()
    ):
        raise Http404
    by = request.GET.get("by", "year")
    if by not in selectors.BREAKDOWNS:
        by = "year"
    data = selectors.funnel(programme_slug=slug, by=by)
    return render(
        request,
        "employment/funnel.html",
        {
            "funnel": data,
            "breakdowns": list(selectors.breakdown_names().items()),
            "default_programme": slug == selectors.DEFAULT_PROGRAMME,
        },
    )
