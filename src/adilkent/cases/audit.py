"""Every screen of the cases area goes through :func:`cases_view`.

It requires a logged-in staff member with a cases role who has passed two-factor
authentication in this session, logs the member out after idle minutes, and writes one
:class:`~adilkent.cases.models.AuditEvent` per request (who, when, what, from where, why),
including refused ones (not logged in, no two-factor verification, out of scope). The view's
work and its audit row run in one transaction: if the audit row cannot be written, nothing the
view did is kept. "From where" is :func:`adilkent.core.clientip.client_ip`, the one
trusted-proxy rule, validated (never a forged header). A test walks every URL pattern of the app and fails when a view is
not wrapped by it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from adilkent.core.clientip import client_ip

from . import conf
from .models import AuditEvent
from .selectors import profile_of

View = Callable[..., HttpResponse]
AUDITED_MARK = "cases_audited"
IDLE_KEY = "cases_last_seen"


def record(
    request: HttpRequest,
    action: str,
    object_type: str = "",
    object_id: str = "",
    reason: str = "",
    status_code: int | None = None,
) -> AuditEvent:
    user = request.user if request.user.is_authenticated else None
    ip = client_ip(request)
    match = getattr(request, "resolver_match", None)
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        view_name=(match.view_name if match else "")[:80],
        path=request.get_full_path()[:300],
        ip_address=ip or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        reason=reason[:300],
        status_code=status_code,
    )


def cases_view(
    object_type: str = "",
    id_kwarg: str = "",
    action: str = "",
    require_otp: bool = True,
    require_role: bool | None = None,
    back_after_verify: bool = False,
) -> Callable[[View], View]:
    """Wrap a view of the cases area: access checks, idle timeout, audit record.

    ``object_type``/``id_kwarg`` name the record the URL addresses; a view may also set
    ``request.audit_object = (type, id)`` for records it finds itself. ``action`` defaults
    to "view" for GET and "update" for POST. The reason recorded is the ``reason`` field of
    a POST, if any. ``require_role`` (default: as ``require_otp``) asks for a role of the
    cases area; other apps' sensitive screens (the requests inbox) pass ``False`` and keep
    their own rules. ``back_after_verify`` sends the user back to the page asked for once
    the second factor is entered.
    """
    role_needed = require_otp if require_role is None else require_role

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                record(request, AuditEvent.Action.DENIED, object_type, reason="not logged in")
                return redirect_to_login(request.get_full_path())
            now = time.time()
            last = request.session.get(IDLE_KEY)
            if last is not None and now - float(last) > conf.idle_timeout_seconds():
                record(request, AuditEvent.Action.DENIED, reason="idle timeout")
                logout(request)
                return redirect_to_login(request.get_full_path())
            request.session[IDLE_KEY] = now
            if require_otp and conf.require_otp():
                is_verified = getattr(request.user, "is_verified", None)
                if not (callable(is_verified) and is_verified()):
                    record(
                        request,
                        AuditEvent.Action.DENIED,
                        object_type,
                        reason="two-factor authentication not done in this session",
                    )
                    if back_after_verify:
                        query = urlencode({"next": request.get_full_path()})
                        return redirect(f"{reverse('cases:verify')}?{query}")
                    return redirect("cases:verify")
            kind = action or ("view" if request.method in {"GET", "HEAD"} else "update")
            target_id = str(kwargs.get(id_kwarg, "")) if id_kwarg else ""
            reason = request.POST.get("reason", "") if request.method == "POST" else ""
            try:
                # The action and its audit row commit together or not at all.
                with transaction.atomic():
                    if role_needed and profile_of(request.user) is None:
                        raise PermissionDenied("no role in the cases area")
                    response = view(request, *args, **kwargs)
                    found = getattr(request, "audit_object", None)
                    object_type_, found_id = found if found else (object_type, target_id)
                    record(request, kind, object_type_, found_id, reason, response.status_code)
            except (Http404, PermissionDenied) as error:
                # a refusal's own reason ("conflict of interest declared") when it gives one
                why = reason or (str(error) if isinstance(error, PermissionDenied) else "")
                record(request, AuditEvent.Action.DENIED, object_type, target_id, why)
                raise
            return response

        setattr(wrapper, AUDITED_MARK, True)
        return wrapper

    return decorator
