"""Staff accounts' second factor: one authenticator (TOTP) per person."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_reset(*, user: Any, key: str = "", name: str = "authenticator") -> TOTPDevice:
    """Replace the user's authenticators with one new, confirmed TOTP device (``key`` in hex,
    a new random one when empty); its ``config_url`` is what the authenticator app scans."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        return TOTPDevice.objects.create(
            user=user, name=name, confirmed=True, key=key or secrets.token_hex(20)
        )
