"""Staff pages: the triage inbox and one request with its actions, notes and history."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from adilkent.cases import audit
from adilkent.cases import conf as cases_conf
from adilkent.cases.models import AuditEvent
from adilkent.guide.models import Service

from . import selectors, services
from .models import ACTIONS, ReplyTemplate, Request, Status, Unit
from .validation import RequestInvalid

View = Callable[..., HttpResponse]


def inbox_view(object_type: str) -> Callable[[View], View]:
    """The inbox shows residents' names and contacts: staff must have passed two-factor
    verification in this session (the cases area's, ``cases:verify``), and every read and
    change is audited, in the same transaction as the view's work; refusals are audited too."""

    def decorator(view: View) -> View:
        @staff_member_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            target = str(kwargs.get("pk", ""))
            if cases_conf.require_otp():
                is_verified = getattr(request.user, "is_verified", None)
                if not (callable(is_verified) and is_verified()):
                    audit.record(
                        request,
                        AuditEvent.Action.DENIED,
                        object_type,
                        target,
                        reason="two-factor authentication not done in this session",
                    )
                    verify = reverse("cases:verify")
                    return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")
            kind = AuditEvent.Action.VIEW if request.method in {"GET", "HEAD"} else "update"
            try:
                with transaction.atomic():
                    response = view(request, *args, **kwargs)
                    audit.record(
                        request, kind, object_type, target, status_code=response.status_code
                    )
            except Http404:
                audit.record(request, AuditEvent.Action.DENIED, object_type, target)
                raise
            return response

        return wrapper

    return decorator


@inbox_view("intake inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    rows = selectors.inbox(
        status=status, overdue=request.GET.get("overdue") == "1", user=request.user
    )[:200]
    return render(
        request,
        "intake/staff/inbox.html",
        {"rows": rows, "status": status, "statuses": Status.choices},
    )


def _get(pk: int, user: Any) -> Request:
    """The request, if this user may handle it; otherwise 404 (its existence is not told)."""
    found = (
        Request.objects.select_related("service", "suggested_service", "unit", "mahalle")
        .filter(pk=pk)
        .first()
    )
    if found is None or not user.has_perm("intake.handle_request", found):
        raise Http404
    return found


@inbox_view("intake request")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get(pk, request.user)
    show_identity = req.identity_mode != "confidential" or request.user.has_perm(
        "intake.view_confidential_identity"
    )
    actions = [(name, label) for name, label in ACTIONS.items() if can_proceed(getattr(req, name))]
    context = {
        "req": req,
        "show_identity": show_identity,
        "actions": actions,
        "events": req.events.select_related("by"),
        "duplicates": selectors.possible_duplicates(req),
        "units": Unit.objects.all(),
        "users": get_user_model().objects.filter(is_staff=True, is_active=True),
        "services": Service.objects.all(),
        "templates": ReplyTemplate.objects.all(),
        "history": req.history.all()[:50],
    }
    return render(request, "intake/staff/detail.html", context)


@require_POST
@inbox_view("intake request")
def act(request: HttpRequest, pk: int) -> HttpResponse:
    req = _get(pk, request.user)
    what = request.POST.get("do", "")
    try:
        if what == "note":
            services.add_note(req, request.user, request.POST.get("text", ""))
        elif what == "reply":
            template = ReplyTemplate.objects.filter(pk=request.POST.get("template") or 0).first()
            services.reply(req, request.user, text=request.POST.get("text", ""), template=template)
        elif what == "assign":
            unit = Unit.objects.filter(pk=request.POST.get("unit") or 0).first()
            user = (
                get_user_model()
                .objects.filter(pk=request.POST.get("user") or 0, is_staff=True)
                .first()
            )
            services.assign(req, request.user, unit=unit, user=user)
        elif what == "category":
            service = Service.objects.filter(code=request.POST.get("service", "")).first()
            if service is None:
                raise RequestInvalid({"service": [_("Choose a service.")]})
            services.confirm_category(req, request.user, service)
        elif what == "merge":
            target = selectors.request_by_code(request.POST.get("into", ""))
            if target is None or not request.user.has_perm("intake.handle_request", target):
                raise RequestInvalid({"merge": [_("No request has this tracking code.")]})
            services.merge(req, target, request.user)
        else:
            services.apply_action(req, what, request.user, request.POST.get("text", ""))
    except RequestInvalid as error:
        for problems in error.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, _("Saved."))
    return redirect("intake:staff-detail", pk=req.pk)
