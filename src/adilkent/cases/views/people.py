"""Registering a person, their record, consents and proposed duplicates."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import audit, selectors
from ..audit import cases_view
from ..forms import (
    ConsentForm,
    FindPersonForm,
    HouseholdMemberForm,
    PersonEditForm,
    PersonForm,
)
from ..models import AuditEvent
from ..models.people import ConsentPurpose
from ..services import people as people_services
from .common import require


@cases_view(object_type="person", action="create")
def register(request: HttpRequest) -> HttpResponse:
    require("cases.register_person", request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person, candidates = people_services.register_person(form.person_data(), by=request.user)
        if data["consent_case_management"]:
            people_services.record_consent(
                person, ConsentPurpose.CASE_MANAGEMENT, request.user, how="registration form"
            )
        request.audit_object = ("person", str(person.pk))  # type: ignore[attr-defined]
        messages.success(request, _("The person is registered."))
        if candidates and selectors.duplicate_proposals(request.user, person).exists():
            return redirect("cases:duplicates", person_id=person.pk)
        return redirect("cases:person", person_id=person.pk)
    return render(request, "cases/person_form.html", {"form": form})


@cases_view(object_type="person search")
def find_person(request: HttpRequest) -> HttpResponse:
    """Search by POST, so that names and numbers never appear in addresses or logs."""
    require("cases.find_person", request)
    form = FindPersonForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.find_people(request.user, form.cleaned_data["query"])
    return render(request, "cases/find_person.html", {"form": form, "results": results})


@cases_view(object_type="person", id_kwarg="person_id")
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(selectors.visible_people(request.user), pk=person_id)
    context = {
        "person": person,
        "cases": selectors.visible_cases(request.user).filter(person=person),
        "consents": person.consents.select_related("organisation"),
        "household": person.household.select_related("relative").order_by("relationship"),
        "visible_ids": set(
            selectors.visible_people(request.user)
            .filter(pk__in=person.household.values("relative_id"))
            .values_list("pk", flat=True)
        ),
        "consent_form": ConsentForm(),
        "can_open_case": selectors.role_of(request.user)
        in {"caseworker", "supervisor", "him_operator"},
        "is_dpo": selectors.role_of(request.user) == "dpo",
        "open_duplicates": selectors.duplicate_proposals(request.user, person).count(),
    }
    return render(request, "cases/person_detail.html", context)


@cases_view(object_type="person", id_kwarg="person_id")
def edit_person(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(
        selectors.visible_people(request.user).filter(erased_at__isnull=True), pk=person_id
    )
    require("cases.register_person", request)
    current = people_services.person_data(person)
    form = PersonEditForm(request.POST or None, initial=PersonForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        data.is_test_data = person.is_test_data
        changed, candidates = people_services.update_person(person, data, by=request.user)
        if not changed:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("The record is updated."))
        if candidates and selectors.duplicate_proposals(request.user, person).exists():
            return redirect("cases:duplicates", person_id=person.pk)
        return redirect("cases:person", person_id=person.pk)
    context = {"form": form, "person": person, "title": _("Correct the record")}
    return render(request, "cases/person_form.html", context)


@cases_view(object_type="person", id_kwarg="person_id")
def add_household_member(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(
        selectors.visible_people(request.user).filter(erased_at__isnull=True), pk=person_id
    )
    require("cases.register_person", request)
    initial = {
        "family_name": person.family_name,
        "family_name_latin": person.family_name_latin,
        "nationality": person.nationality,
        "protection_status": person.protection_status,
        "languages": person.languages,
        "preferred_language": person.preferred_language,
        "district": person.district_id,
    }
    form = HouseholdMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        data.is_test_data = person.is_test_data
        relative, candidates = people_services.add_household_member(
            person, data, form.cleaned_data["relationship"], by=request.user
        )
        if form.cleaned_data["consent_case_management"]:
            people_services.record_consent(
                relative, ConsentPurpose.CASE_MANAGEMENT, request.user, how="household form"
            )
        messages.success(request, _("The household member is registered and linked."))
        if candidates and selectors.duplicate_proposals(request.user, relative).exists():
            return redirect("cases:duplicates", person_id=relative.pk)
        return redirect("cases:person", person_id=person.pk)
    context = {"form": form, "person": person, "title": _("Add a household member")}
    return render(request, "cases/person_form.html", context)


@require_POST
@cases_view(object_type="person", id_kwarg="person_id")
def consent(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(selectors.visible_people(request.user), pk=person_id)
    require("cases.register_person", request)
    form = ConsentForm(request.POST)
    if form.is_valid():
        org = form.cleaned_data["organisation"]
        people_services.record_consent(
            person,
            form.cleaned_data["purpose"],
            request.user,
            organisation_id=org.pk if org else None,
            how=form.cleaned_data["how"],
        )
        messages.success(request, _("The consent is recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("cases:person", person_id=person.pk)


@require_POST
@cases_view(object_type="person", id_kwarg="person_id")
def withdraw_consent(request: HttpRequest, person_id: uuid.UUID, consent_id: int) -> HttpResponse:
    person = get_object_or_404(selectors.visible_people(request.user), pk=person_id)
    require("cases.register_person", request)
    record = get_object_or_404(person.consents, pk=consent_id, withdrawn_at__isnull=True)
    people_services.withdraw_consent(record, request.user)
    messages.success(
        request, _("The consent is withdrawn; referrals that relied on it are withdrawn too.")
    )
    return redirect("cases:person", person_id=person.pk)


def _proposal_id(raw: str | None) -> int:
    from django.http import Http404

    from adilkent.core.parsing import ParseError, parse_int

    try:
        return parse_int(raw, field="proposal", minimum=1)
    except ParseError:
        raise Http404("no such proposal") from None


@cases_view(object_type="person", id_kwarg="person_id")
def duplicates(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(selectors.visible_people(request.user), pk=person_id)
    require("cases.review_duplicates", request)
    proposals = selectors.duplicate_proposals(request.user, person)
    if request.method == "POST":
        proposal = get_object_or_404(proposals, pk=_proposal_id(request.POST.get("proposal")))
        if request.POST.get("decision") == "merge":
            require("cases.merge_people", request, proposal)
            with transaction.atomic():
                kept = people_services.person_merge(candidate=proposal, by=request.user)
                audit.record(
                    request,
                    AuditEvent.Action.MERGE,
                    "person",
                    str(kept.pk),
                    reason=f"merged person {proposal.person_id} into {kept.pk}",
                )
            messages.success(request, _("The records are merged."))
            if selectors.visible_people(request.user).filter(pk=kept.pk).exists():
                return redirect("cases:person", person_id=kept.pk)
            return redirect("cases:home")
        people_services.dismiss(proposal, request.user)
        messages.success(request, _("Marked as a different person."))
        return redirect("cases:duplicates", person_id=person.pk)
    return render(request, "cases/duplicates.html", {"person": person, "proposals": proposals})
