"""Referring a case, and the recipient's screen (only the data that was shared)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors
from ..audit import cases_view
from ..forms import ReferralForm, RespondForm
from ..services import referrals
from ..services.people import active_referral_consent
from .common import messages_of, require

SHARED_LABELS = {
    "name": gettext_lazy("Name"),
    "name_latin": gettext_lazy("Name in Latin letters"),
    "birth_year": gettext_lazy("Birth year"),
    "gender": gettext_lazy("Gender"),
    "nationality": gettext_lazy("Nationality"),
    "protection_status": gettext_lazy("Protection status"),
    "languages": gettext_lazy("Languages"),
    "interpreter_needed": gettext_lazy("Needs an interpreter"),
    "phone": gettext_lazy("Phone"),
    "district": gettext_lazy("District"),
    "disability": gettext_lazy("Disability"),
    "vulnerabilities": gettext_lazy("Vulnerabilities"),
}


@cases_view(object_type="case", id_kwarg="case_id")
def refer(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = get_object_or_404(selectors.visible_cases(request.user), pk=case_id)
    require("cases.refer_case", request, case)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referrals.refer(
                case,
                form.cleaned_data["to_unit"],
                form.cleaned_data["purpose"],
                form.cleaned_data["shared_fields"],
                request.user,
                override_reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, messages_of(error))
        else:
            request.audit_object = ("referral", str(referral.pk))  # type: ignore[attr-defined]
            messages.success(request, _("The referral is sent."))
            return redirect("cases:case", case_id=case.pk)
    consents = {
        c.organisation_id
        for c in case.person.consents.filter(purpose="referral", withdrawn_at__isnull=True)
    }
    return render(
        request, "cases/referral_form.html", {"form": form, "case": case, "consented": consents}
    )


@cases_view(object_type="referral", id_kwarg="referral_id")
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = get_object_or_404(selectors.visible_referrals(request.user), pk=referral_id)
    is_recipient = selectors.received_referrals(request.user).filter(pk=referral.pk).exists()
    context = {
        "referral": referral,
        "shared": [
            (SHARED_LABELS.get(key, key), value)
            for key, value in selectors.shared_view(referral).items()
        ],
        "is_recipient": is_recipient,
        "form": RespondForm(),
        "consent_still_active": referral.consent is not None
        and active_referral_consent(referral.case.person, referral.to_unit.organisation_id)
        is not None,
    }
    return render(request, "cases/referral_detail.html", context)


@require_POST
@cases_view(object_type="referral", id_kwarg="referral_id")
def respond(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = get_object_or_404(selectors.visible_referrals(request.user), pk=referral_id)
    require("cases.respond_referral", request, referral)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            referrals.respond(
                referral, form.cleaned_data["action"], request.user, form.cleaned_data["text"]
            )
            messages.success(request, _("The referral is now: %s") % referral.get_state_display())
        except ValidationError as error:
            messages.error(request, messages_of(error))
    return redirect("cases:referral", referral_id=referral.pk)
