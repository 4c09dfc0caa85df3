"""The start screen: what this staff member works on, by role."""

from __future__ import annotations

import rules
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors
from ..audit import cases_view
from ..models import Role


@cases_view(object_type="case list")
def home(request: HttpRequest) -> HttpResponse:
    role = selectors.role_of(request.user)
    cases = selectors.visible_cases(request.user)[:200]
    received = selectors.received_referrals(request.user)[:200]
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "cases": cases,
        "received": received,
        "can_register": role in {Role.CASEWORKER, Role.SUPERVISOR, Role.HIM_OPERATOR},
        "is_dpo": role == Role.DPO,
        "can_find": rules.has_perm("cases.find_person", request.user),
        "can_see_figures": role in {Role.ANALYST, Role.SUPERVISOR, Role.DPO},
        # The Legal Aid Vehicle's day lists are reached from here (its rule, by name).
        "works_at_the_vehicle": rules.has_perm("legalaid.view_schedule", request.user),
    }
    return render(request, "cases/home.html", context)
