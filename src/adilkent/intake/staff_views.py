"""Staff pages: the triage inbox, one request with its actions, notes and history, and how
often the classifier's suggestions were kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import can_proceed

from adilkent.cases.audit import View, cases_view
from adilkent.core.protected_files import protected_file_response
from adilkent.guide.models import Service

from . import selectors, services
from .models import ACTIONS, ClassifierVersion, Notification, ReplyTemplate, Request, Status, Unit
from .validation import RequestInvalid


def inbox_view(object_type: str) -> Callable[[View], View]:
    """The inbox shows residents' names and contacts: the cases area's checks apply (second
    factor in this session, idle timeout, one audit row per list, read and action in the
    action's transaction, refusals too), with the inbox's own need-to-know rules instead of
    a cases role."""

    def decorator(view: View) -> View:
        audited = cases_view(object_type, id_kwarg="pk", require_role=False, back_after_verify=True)
        return staff_member_required(audited(view))

    return decorator


@inbox_view("intake inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    rows = selectors.inbox(
        status=status,
        overdue=request.GET.get("overdue") == "1",
        not_sure=request.GET.get("not_sure") == "1",
        user=request.user,
    )[:200]
    return render(
        request,
        "intake/staff/inbox.html",
        {"rows": rows, "status": status, "statuses": Status.choices},
    )


@staff_member_required
def classifier_figures(request: HttpRequest) -> HttpResponse:
    """How often staff kept the classifier's suggestion, per category and per language (counts
    only, small cells withheld), and the version in use with its thresholds."""
    from adilkent.cases import conf

    return render(
        request,
        "intake/staff/classifier.html",
        {
            "by_service": selectors.suggestion_acceptance("service"),
            "by_language": selectors.suggestion_acceptance("language"),
            "version": ClassifierVersion.objects.defer("pipeline").first(),
            "min_cell": conf.min_cell_size(),
        },
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


@inbox_view("intake attachment")
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """One resident's file, to staff who may handle the request (audited like the request)."""
    req = _get(pk, request.user)
    found = req.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    return protected_file_response(
        found.file, download_name=found.original_name, content_type=found.content_type
    )


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
        "messages_sent": list(
            req.notifications.only("created_at", "recipient", "channel", "state", "attempts")
        ),
    }
    context["failed_messages"] = sum(
        m.state == Notification.State.FAILED for m in context["messages_sent"]
    )
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
