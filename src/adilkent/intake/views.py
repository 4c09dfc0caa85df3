"""Public pages of the intake: the request form, the receipt, the status page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from adilkent.guide.selectors import service_by_code

from . import selectors
from .forms import IDENTITY_HELP, RequestForm
from .models import ChannelUsed
from .services import RequestInput, submit_request
from .validation import RequestInvalid


def _field_for(error_key: str) -> str | None:
    mapping = {"service_code": "service", "location": "address", "contact": "email"}
    if error_key.startswith("attribute["):
        return "attr_" + error_key[len("attribute[") : -1]
    return mapping.get(error_key, error_key)


def new_request(request: HttpRequest) -> HttpResponse:
    language = get_language() or "tr"
    code = request.POST.get("service") or request.GET.get("service", "")
    service = service_by_code(code) if code else None
    form = RequestForm(
        request.POST or None, request.FILES or None, service=service, language=language
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staff = request.user.is_authenticated and request.user.is_staff
        channel = request.POST.get("channel", ChannelUsed.WEB) if staff else ChannelUsed.WEB
        payload = RequestInput(
            text=data["text"],
            kind=data["kind"],
            service_code=data["service"] or "",
            channel=channel,
            preferred_language=data["preferred_language"],
            interpreter_language=data["interpreter_language"],
            identity_mode=data["identity_mode"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            lat=data["lat"],
            lon=data["lon"],
            address=data["address"],
            mahalle_id=data["mahalle"],
            resident_groups=data["resident_groups"],
            attributes=form.attribute_answers(),
            attachments=data["attachments"],
        )
        try:
            created = submit_request(payload, entered_by=request.user)
        except RequestInvalid as error:
            for key, messages in error.errors.items():
                name = _field_for(key)
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            request.session["intake_receipt"] = created.tracking_code
            return redirect(reverse("intake:receipt", args=[created.tracking_code]))
    context: dict[str, Any] = {
        "form": form,
        "service": service,
        "identity_help": {str(k): v for k, v in IDENTITY_HELP.items()},
        "staff_channels": [
            (ChannelUsed.PHONE, ChannelUsed.PHONE.label),
            (ChannelUsed.VISIT, ChannelUsed.VISIT.label),
            (ChannelUsed.WEB, ChannelUsed.WEB.label),
        ],
    }
    return render(request, "intake/new.html", context, status=400 if form.errors else 200)


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.request_by_code(code)
    if found is None:
        return render(request, "intake/track.html", {"code": code, "not_found": True}, status=404)
    return render(request, "intake/receipt.html", {"req": found})


def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()[:20]
    if not code:
        return render(request, "intake/track.html", {"code": ""})
    found = selectors.request_by_code(code)
    if found is None:
        return render(
            request,
            "intake/track.html",
            {
                "code": code,
                "not_found": True,
                "error": _("No request has this tracking code. Check the code and try again."),
            },
            status=404,
        )
    return render(
        request,
        "intake/status.html",
        {"req": found, "events": selectors.public_events(found)},
    )
