"""Two-factor verification for the cases area (django-otp, TOTP)."""

from __future__ import annotations

import django_otp
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..audit import cases_view, record
from ..forms import TokenForm
from ..models import AuditEvent


@cases_view(object_type="session", require_otp=False)
def verify(request: HttpRequest) -> HttpResponse:
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and has_device:
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = ""
            return redirect(target or "cases:home")
        form.add_error("token", _("This code is not valid. Check the time on your phone."))
        record(request, AuditEvent.Action.DENIED, "session", reason="wrong two-factor code")
    return render(request, "cases/verify.html", {"form": form, "has_device": has_device})
