"""Telling residents about their request: email (Django's backend) and a pluggable SMS sender.

``settings.INTAKE_SMS_SENDER`` may name a class with ``send(phone, text)``; by default SMS
messages are only logged (no message leaves the server without a configured gateway).
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogSmsSender:
    """Writes the message to the log instead of sending it."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
        logger.info("SMS to %s: %s", phone[-4:].rjust(len(phone), "*"), text)


def sms_sender() -> SmsSender:
    path = getattr(settings, "INTAKE_SMS_SENDER", "adilkent.intake.notify.LogSmsSender")
    sender: SmsSender = import_string(path)()
    return sender


def notify_resident(request: object, message: str) -> None:
    """Send ``message`` (already in the resident's language) by email and SMS if we have them."""
    from .models import IdentityMode, Request

    assert isinstance(request, Request)
    if request.identity_mode == IdentityMode.ANONYMOUS:
        return
    with translation.override(request.preferred_language):
        subject = _("Your request %(code)s") % {"code": request.tracking_code}
    if request.email:
        send_mail(subject, message, None, [request.email], fail_silently=True)
    if request.phone:
        sms_sender().send(request.phone, f"{subject}: {message}"[:300])
